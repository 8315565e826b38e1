package cli

import (
	"encoding/json"
	"io"
	"time"

	"reef/forge"
)

// The JSON shapes of `reef pr --format json`: snake_case names that stay
// put when forge's Go types change.

type prUserJSON struct {
	Login string `json:"login"`
	Name  string `json:"name,omitempty"`
}

type prReviewerJSON struct {
	Login   string `json:"login"`
	Verdict string `json:"verdict"`
}

type prJSON struct {
	Number    int              `json:"number"`
	Title     string           `json:"title"`
	Body      string           `json:"body,omitempty"`
	Author    string           `json:"author"`
	State     string           `json:"state"`
	Draft     bool             `json:"draft"`
	Base      string           `json:"base"`
	Head      string           `json:"head"`
	BaseSHA   string           `json:"base_sha,omitempty"`
	HeadSHA   string           `json:"head_sha,omitempty"`
	Mergeable *bool            `json:"mergeable"`
	Labels    []string         `json:"labels"`
	Reviewers []prReviewerJSON `json:"reviewers"`
	URL       string           `json:"url,omitempty"`
	Created   *time.Time       `json:"created_at,omitempty"`
	Updated   *time.Time       `json:"updated_at,omitempty"`
	Diff      *string          `json:"diff,omitempty"`
}

func toPRJSON(p forge.PullRequest) prJSON {
	j := prJSON{Number: p.Number, Title: p.Title, Body: p.Body, Author: p.Author.Login, State: string(p.State),
		Draft: p.Draft, Base: p.Base, Head: p.Head, BaseSHA: p.BaseSHA, HeadSHA: p.HeadSHA, Mergeable: p.Mergeable,
		Labels: p.Labels, URL: p.URL, Reviewers: []prReviewerJSON{}}
	if j.Labels == nil {
		j.Labels = []string{}
	}
	for _, r := range p.Reviewers {
		j.Reviewers = append(j.Reviewers, prReviewerJSON{Login: r.User.Login, Verdict: string(r.Verdict)})
	}
	if !p.Created.IsZero() {
		j.Created = &p.Created
	}
	if !p.Updated.IsZero() {
		j.Updated = &p.Updated
	}
	return j
}

type prAnchorJSON struct {
	Path      string `json:"path"`
	Side      string `json:"side"`
	Line      int    `json:"line"`
	StartLine int    `json:"start_line,omitempty"`
	CommitSHA string `json:"commit_sha,omitempty"`
}

type prCommentJSON struct {
	ID      string       `json:"id"`
	Author  string       `json:"author,omitempty"`
	Body    string       `json:"body"`
	Anchor  prAnchorJSON `json:"anchor"`
	Created *time.Time   `json:"created_at,omitempty"`
}

func toCommentJSON(c forge.Comment) prCommentJSON {
	j := prCommentJSON{ID: c.ID, Author: c.Author.Login, Body: c.Body, Anchor: prAnchorJSON{Path: c.Anchor.Path,
		Side: string(c.Anchor.Side), Line: c.Anchor.Line, StartLine: c.Anchor.StartLine, CommitSHA: c.Anchor.CommitSHA}}
	if !c.Created.IsZero() {
		j.Created = &c.Created
	}
	return j
}

type prReviewJSON struct {
	ID      string `json:"id"`
	Author  string `json:"author,omitempty"`
	Verdict string `json:"verdict"`
	Body    string `json:"body,omitempty"`
}

type prCheckJSON struct {
	Name    string `json:"name"`
	State   string `json:"state"`
	URL     string `json:"url,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// writeJSON prints v as one indented JSON document. Encoding escapes
// control characters, so untrusted text is safe in it.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
