package bitbucket

import (
	"strconv"
	"time"

	"reef/forge"
)

// The JSON shapes below carry only the fields reef reads; Bitbucket's
// documents hold far more.

type link struct {
	Href string `json:"href"`
}

type account struct {
	UUID        string `json:"uuid"`
	AccountID   string `json:"account_id"`
	Nickname    string `json:"nickname"`
	Username    string `json:"username"` // gone from most answers since 2019
	DisplayName string `json:"display_name"`
}

// user is the account as reef shows it. Bitbucket Cloud no longer sends
// usernames; the nickname is the handle people see and type.
func (a *account) user() forge.User {
	if a == nil {
		return forge.User{}
	}
	login := a.Nickname
	if login == "" {
		login = a.Username
	}
	if login == "" {
		login = a.DisplayName
	}
	return forge.User{Login: login, Name: a.DisplayName}
}

// key identifies an account across the places it appears.
func (a *account) key() string {
	switch {
	case a == nil:
		return ""
	case a.UUID != "":
		return a.UUID
	case a.AccountID != "":
		return a.AccountID
	}
	return a.user().Login
}

type endpoint struct {
	Branch struct {
		Name string `json:"name"`
	} `json:"branch"`
	Commit *struct {
		Hash string `json:"hash"`
	} `json:"commit"`
}

func (e endpoint) hash() string {
	if e.Commit == nil {
		return ""
	}
	return e.Commit.Hash
}

type participant struct {
	User     *account `json:"user"`
	Role     string   `json:"role"` // PARTICIPANT, REVIEWER
	Approved bool     `json:"approved"`
	State    *string  `json:"state"` // approved, changes_requested, null
}

type pullRequest struct {
	ID           int           `json:"id"`
	Title        string        `json:"title"`
	Description  string        `json:"description"`
	State        string        `json:"state"` // OPEN, MERGED, DECLINED, SUPERSEDED
	Draft        bool          `json:"draft"`
	Author       *account      `json:"author"`
	Source       endpoint      `json:"source"`
	Destination  endpoint      `json:"destination"`
	Reviewers    []account     `json:"reviewers"`
	Participants []participant `json:"participants"`
	CreatedOn    time.Time     `json:"created_on"`
	UpdatedOn    time.Time     `json:"updated_on"`
	Links        struct {
		HTML link `json:"html"`
	} `json:"links"`
}

func (p *pullRequest) value() forge.PullRequest {
	return forge.PullRequest{
		Number:    p.ID,
		Title:     p.Title,
		Body:      p.Description,
		Author:    p.Author.user(),
		State:     state(p.State),
		Draft:     p.Draft,
		Base:      p.Destination.Branch.Name,
		Head:      p.Source.Branch.Name,
		BaseSHA:   p.Destination.hash(),
		HeadSHA:   p.Source.hash(),
		Reviewers: p.reviewers(),
		URL:       p.Links.HTML.Href,
		Created:   p.CreatedOn,
		Updated:   p.UpdatedOn,
	}
}

func state(s string) forge.State {
	switch s {
	case "MERGED":
		return forge.Merged
	case "DECLINED", "SUPERSEDED":
		return forge.Closed
	}
	return forge.Open
}

// reviewers are the requested reviewers (pending until they decide) and
// every participant who approved or requested changes.
func (p *pullRequest) reviewers() []forge.Reviewer {
	verdicts := map[string]forge.Verdict{}
	for _, pt := range p.Participants {
		if v := participantVerdict(pt); v != "" {
			verdicts[pt.User.key()] = v
		}
	}
	var out []forge.Reviewer
	seen := map[string]bool{}
	add := func(a *account, v forge.Verdict) {
		k := a.key()
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, forge.Reviewer{User: a.user(), Verdict: v})
	}
	for i := range p.Reviewers {
		v := verdicts[p.Reviewers[i].key()]
		if v == "" {
			v = forge.Pending
		}
		add(&p.Reviewers[i], v)
	}
	for _, pt := range p.Participants {
		if v := verdicts[pt.User.key()]; v != "" {
			add(pt.User, v)
		}
	}
	return out
}

// participantVerdict reads "state"; answers older than the
// request-changes feature have only "approved".
func participantVerdict(pt participant) forge.Verdict {
	if pt.User == nil {
		return ""
	}
	if pt.State != nil {
		switch *pt.State {
		case "approved":
			return forge.Approve
		case "changes_requested":
			return forge.RequestChanges
		}
		return ""
	}
	if pt.Approved {
		return forge.Approve
	}
	return ""
}

type inline struct {
	Path      string `json:"path"`
	To        *int   `json:"to,omitempty"`
	From      *int   `json:"from,omitempty"`
	StartTo   *int   `json:"start_to,omitempty"`
	StartFrom *int   `json:"start_from,omitempty"`
}

type comment struct {
	ID      int64 `json:"id"`
	Content struct {
		Raw string `json:"raw"`
	} `json:"content"`
	User      *account  `json:"user"`
	CreatedOn time.Time `json:"created_on"`
	Deleted   bool      `json:"deleted"`
	Pending   bool      `json:"pending"`
	Inline    *inline   `json:"inline"`
	Parent    *struct {
		ID int64 `json:"id"`
	} `json:"parent"`
	Resolution *struct {
		Type string `json:"type"`
	} `json:"resolution"`
}

func (c *comment) value() forge.Comment {
	return forge.Comment{
		ID:      strconv.FormatInt(c.ID, 10),
		Author:  c.User.user(),
		Body:    c.Content.Raw,
		Created: c.CreatedOn,
		Anchor:  c.Inline.anchor(),
	}
}

// anchor reads an inline position: "to" is a line of the new file,
// "from" of the old one; start_to / start_from open a range. A context
// line may carry both; reef anchors it on the new side, as it would post
// it.
func (in *inline) anchor() forge.Anchor {
	if in == nil || in.Path == "" {
		return forge.Anchor{}
	}
	a := forge.Anchor{Path: in.Path}
	switch {
	case in.To != nil:
		a.Side, a.Line = forge.New, *in.To
	case in.From != nil:
		a.Side, a.Line = forge.Old, *in.From
	}
	switch {
	case in.StartTo != nil:
		a.StartSide, a.StartLine = forge.New, *in.StartTo
	case in.StartFrom != nil:
		a.StartSide, a.StartLine = forge.Old, *in.StartFrom
	}
	if a.StartLine == a.Line && a.StartSide == a.Side {
		a.StartSide, a.StartLine = "", 0
	}
	return a
}

type commitStatus struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	State       string `json:"state"` // SUCCESSFUL, FAILED, INPROGRESS, STOPPED
	URL         string `json:"url"`
	Description string `json:"description"`
}

func (s *commitStatus) value() forge.Check {
	name := s.Name
	if name == "" {
		name = s.Key
	}
	return forge.Check{Name: name, State: checkState(s.State), URL: s.URL, Summary: s.Description}
}

// checkState maps a build status. STOPPED is a build someone halted: it
// neither passed nor can be waited on, so it reads as an error.
func checkState(s string) forge.CheckState {
	switch s {
	case "SUCCESSFUL":
		return forge.CheckSuccess
	case "FAILED":
		return forge.CheckFailure
	case "INPROGRESS":
		return forge.CheckPending
	case "STOPPED":
		return forge.CheckError
	}
	return forge.CheckPending
}

type diffstat struct {
	Status       string `json:"status"` // added, removed, modified, renamed
	LinesAdded   int    `json:"lines_added"`
	LinesRemoved int    `json:"lines_removed"`
	Old          *struct {
		Path string `json:"path"`
	} `json:"old"`
	New *struct {
		Path string `json:"path"`
	} `json:"new"`
}

func (d *diffstat) value() forge.ChangedFile {
	f := forge.ChangedFile{Status: d.Status, Additions: d.LinesAdded, Deletions: d.LinesRemoved}
	if d.New != nil {
		f.Path = d.New.Path
	}
	if d.Old != nil {
		if f.Path == "" {
			f.Path = d.Old.Path
		} else if d.Old.Path != f.Path {
			f.OldPath = d.Old.Path
		}
	}
	return f
}
