package bitbucket

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"reef/forge"
)

// Pull request lists: 50 is the largest page Bitbucket serves for them,
// and a list with no limit stops at defaultListLimit.
const (
	prPageLen        = 50
	defaultListLimit = 500
)

// ListPullRequests lists the repository's pull requests. "Mine" and
// "review requested" are BBQL filters on the authenticated account's
// UUID (one /user call first); Search matches title or description.
func (f *Forge) ListPullRequests(ctx context.Context, q forge.ListQuery) ([]forge.PullRequest, error) {
	const op = "list pull requests"
	v := url.Values{}
	for _, s := range bbStates(q.State) {
		v.Add("state", s)
	}
	v.Set("pagelen", fmt.Sprint(prPageLen))
	var filters []string
	if q.Mine || q.ReviewRequested {
		me, err := f.me(ctx, op)
		if err != nil {
			return nil, err
		}
		if me.UUID == "" {
			return nil, &forge.Error{Op: op, Message: "Bitbucket did not say who the token belongs to (no account UUID)"}
		}
		if q.Mine {
			filters = append(filters, fmt.Sprintf("author.uuid = %s", bbqlString(me.UUID)))
		}
		if q.ReviewRequested {
			filters = append(filters, fmt.Sprintf("reviewers.uuid = %s", bbqlString(me.UUID)))
		}
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		filters = append(filters, fmt.Sprintf("(title ~ %s OR description ~ %s)", bbqlString(s), bbqlString(s)))
	}
	if len(filters) > 0 {
		v.Set("q", strings.Join(filters, " AND "))
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultListLimit
	}
	items, err := paginate[pullRequest](ctx, f, op, f.repoURL("pullrequests")+"?"+v.Encode(), limit)
	if err != nil {
		return nil, err
	}
	out := make([]forge.PullRequest, len(items))
	for i := range items {
		out[i] = items[i].value()
	}
	return out, nil
}

// bbStates maps reef's state to Bitbucket's: closed-unmerged is both
// DECLINED and SUPERSEDED.
func bbStates(s forge.State) []string {
	switch s {
	case forge.Merged:
		return []string{"MERGED"}
	case forge.Closed:
		return []string{"DECLINED", "SUPERSEDED"}
	}
	return []string{"OPEN"}
}

// bbqlString quotes s as a BBQL string literal: backslash and double
// quote are escaped, so user text cannot end the literal and add terms.
func bbqlString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// PullRequest reads one pull request with its reviewers and their
// verdicts (the list endpoint leaves those out).
func (f *Forge) PullRequest(ctx context.Context, number int) (forge.PullRequest, error) {
	var p pullRequest
	if err := f.getJSON(ctx, fmt.Sprintf("get pull request #%d", number), f.prURL(number), &p); err != nil {
		return forge.PullRequest{}, err
	}
	return p.value(), nil
}

// CreatePullRequest opens a pull request from Head into Base (Base ""
// is the repository's main branch), as a draft if asked.
func (f *Forge) CreatePullRequest(ctx context.Context, np forge.NewPullRequest) (forge.PullRequest, error) {
	const op = "create pull request"
	if np.Title == "" || np.Head == "" {
		return forge.PullRequest{}, &forge.Error{Op: op, Message: "a title and a head branch are required", Err: forge.ErrInvalid}
	}
	type branch struct {
		Name string `json:"name"`
	}
	type end struct {
		Branch branch `json:"branch"`
	}
	body := struct {
		Title       string `json:"title"`
		Description string `json:"description,omitempty"`
		Source      end    `json:"source"`
		Destination *end   `json:"destination,omitempty"`
		Draft       bool   `json:"draft,omitempty"`
	}{Title: np.Title, Description: np.Body, Source: end{branch{np.Head}}, Draft: np.Draft}
	if np.Base != "" {
		body.Destination = &end{branch{np.Base}}
	}
	var p pullRequest
	if err := f.sendJSON(ctx, op, http.MethodPost, f.repoURL("pullrequests"), body, &p); err != nil {
		return forge.PullRequest{}, err
	}
	return p.value(), nil
}

// mergeStrategies are Bitbucket's names for reef's merge methods;
// "rebase" is rebase_fast_forward, the linear history GitHub's rebase
// merge gives.
var mergeStrategies = map[forge.MergeMethod]string{
	forge.MergeCommit: "merge_commit",
	forge.Squash:      "squash",
	forge.Rebase:      "rebase_fast_forward",
}

// Merge merges the pull request. Bitbucket has no "only if the head is
// still X" parameter, so a SHA is checked against the pull request just
// before merging; a push between the two calls is not caught.
func (f *Forge) Merge(ctx context.Context, number int, m forge.MergeOptions) error {
	op := fmt.Sprintf("merge pull request #%d", number)
	method := m.Method
	if method == "" {
		method = forge.MergeCommit
	}
	strategy, ok := mergeStrategies[method]
	if !ok {
		return &forge.Error{Op: op, Message: fmt.Sprintf("merge method %q", method), Err: forge.ErrUnsupported}
	}
	if m.SHA != "" {
		p, err := f.PullRequest(ctx, number)
		if err != nil {
			return err
		}
		if !sameCommit(p.HeadSHA, m.SHA) {
			return &forge.Error{Op: op, Message: fmt.Sprintf("the head is now %s, not %s", p.HeadSHA, m.SHA),
				Hint: "fetch and review the new commits, then merge again", Err: forge.ErrInvalid}
		}
	}
	body := struct {
		Type          string `json:"type"`
		MergeStrategy string `json:"merge_strategy"`
		Message       string `json:"message,omitempty"`
	}{Type: "pullrequest_merge_parameters", MergeStrategy: strategy, Message: mergeMessage(m)}
	// 200 is merged; 202 is a merge Bitbucket finishes in the background.
	return f.sendJSON(ctx, op, http.MethodPost, f.prURL(number, "merge"), body, nil)
}

func mergeMessage(m forge.MergeOptions) string {
	switch {
	case m.Title != "" && m.Message != "":
		return m.Title + "\n\n" + m.Message
	case m.Title != "":
		return m.Title
	}
	return m.Message
}

// sameCommit compares hashes where Bitbucket may give an abbreviated one
// (pull requests carry 12-character hashes).
func sameCommit(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 7 && strings.HasPrefix(b, a)
}
