package github

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// defaultLimit is how many pull requests a list returns when the query
// does not say: one full page.
const defaultLimit = 100

// maxDiff bounds a diff read into memory.
const maxDiff = 256 << 20

// ListPullRequests lists pull requests, most recently updated first.
// Open pull requests without filters come from the pulls list; every
// other query (closed, merged, review requested from me, mine, text)
// goes through the issue search API, which can filter on the server:
// its results have no branches or SHAs (read those with PullRequest).
func (f *Forge) ListPullRequests(ctx context.Context, q forge.ListQuery) ([]forge.PullRequest, error) {
	const op = "list pull requests"
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	state := q.State
	if state == "" {
		state = forge.Open
	}
	if state != forge.Open && state != forge.Closed && state != forge.Merged {
		return nil, &forge.Error{Op: op, Message: fmt.Sprintf("unknown state %q", q.State), Err: forge.ErrInvalid}
	}
	if state == forge.Open && !q.ReviewRequested && !q.Mine && strings.TrimSpace(q.Search) == "" {
		path := query(f.repoPath("pulls"), "state", "open", "sort", "updated", "direction", "desc",
			"per_page", strconv.Itoa(perPage(limit)))
		prs, err := collect(ctx, f, op, path, limit, func(p *[]*gh.PullRequest) []*gh.PullRequest { return *p })
		if err != nil {
			return nil, err
		}
		out := make([]forge.PullRequest, 0, len(prs))
		for _, p := range prs {
			out = append(out, pullRequest(p))
		}
		return out, nil
	}
	path := query("search/issues", "q", f.searchQuery(state, q), "sort", "updated", "order", "desc",
		"per_page", strconv.Itoa(perPage(limit)))
	issues, err := collect(ctx, f, op, path, limit, func(r *gh.IssuesSearchResult) []*gh.Issue { return r.Issues })
	if err != nil {
		return nil, err
	}
	out := make([]forge.PullRequest, 0, len(issues))
	for _, is := range issues {
		out = append(out, issuePullRequest(is))
	}
	return out, nil
}

// searchQuery is the issue search's q for a list query. Closed means
// closed without merging, as on the other forges.
func (f *Forge) searchQuery(state forge.State, q forge.ListQuery) string {
	terms := []string{"repo:" + f.owner + "/" + f.repo, "is:pr"}
	switch state {
	case forge.Open:
		terms = append(terms, "is:open")
	case forge.Closed:
		terms = append(terms, "is:closed", "is:unmerged")
	case forge.Merged:
		terms = append(terms, "is:merged")
	}
	if q.ReviewRequested {
		terms = append(terms, "review-requested:@me")
	}
	if q.Mine {
		terms = append(terms, "author:@me")
	}
	if s := strings.Join(strings.Fields(q.Search), " "); s != "" {
		terms = append(terms, s)
	}
	return strings.Join(terms, " ")
}

// PullRequest reads one pull request and its reviewers' latest verdicts
// (the reviews list, all pages).
func (f *Forge) PullRequest(ctx context.Context, number int) (forge.PullRequest, error) {
	op := fmt.Sprintf("read pull request #%d", number)
	var p gh.PullRequest
	if _, err := f.do(ctx, op, http.MethodGet, f.repoPath("pulls/%d", number), nil, &p); err != nil {
		return forge.PullRequest{}, err
	}
	reviews, err := collect(ctx, f, op, query(f.repoPath("pulls/%d/reviews", number), "per_page", "100"), 0,
		func(p *[]*gh.PullRequestReview) []*gh.PullRequestReview { return *p })
	if err != nil {
		return forge.PullRequest{}, err
	}
	pr := pullRequest(&p)
	pr.Reviewers = reviewers(p.RequestedReviewers, p.RequestedTeams, reviews)
	return pr, nil
}

// Files lists the changed files, all pages (GitHub stops at 3000).
func (f *Forge) Files(ctx context.Context, number int) ([]forge.ChangedFile, error) {
	op := fmt.Sprintf("list the files of pull request #%d", number)
	files, err := collect(ctx, f, op, query(f.repoPath("pulls/%d/files", number), "per_page", "100"), 0,
		func(p *[]*gh.CommitFile) []*gh.CommitFile { return *p })
	if err != nil {
		return nil, err
	}
	out := make([]forge.ChangedFile, 0, len(files))
	for _, c := range files {
		out = append(out, changedFile(c))
	}
	return out, nil
}

// Diff is the pull request's unified diff as GitHub renders it.
func (f *Forge) Diff(ctx context.Context, number int) (string, error) {
	op := fmt.Sprintf("read the diff of pull request #%d", number)
	req, err := f.request(ctx, op, http.MethodGet, f.repoPath("pulls/%d", number), nil, "application/vnd.github.diff")
	if err != nil {
		return "", err
	}
	resp, err := f.client.BareDo(req)
	if err != nil {
		return "", f.fail(ctx, op, resp, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDiff+1))
	if err != nil {
		return "", f.fail(ctx, op, resp, err)
	}
	if len(b) > maxDiff {
		return "", &forge.Error{Op: op, Message: "the diff is larger than 256 MiB",
			Hint: "read the changed files one by one", Err: forge.ErrUnsupported}
	}
	return string(b), nil
}

// CreatePullRequest opens a pull request from Head into Base.
func (f *Forge) CreatePullRequest(ctx context.Context, np forge.NewPullRequest) (forge.PullRequest, error) {
	const op = "create a pull request"
	if np.Head == "" || np.Base == "" || strings.TrimSpace(np.Title) == "" {
		return forge.PullRequest{}, &forge.Error{Op: op, Message: "a pull request needs a title, a head and a base branch",
			Err: forge.ErrInvalid}
	}
	body := gh.CreatePullRequest{Title: &np.Title, Head: np.Head, Base: np.Base, Draft: &np.Draft}
	if np.Body != "" {
		body.Body = &np.Body
	}
	var p gh.PullRequest
	if _, err := f.do(ctx, op, http.MethodPost, f.repoPath("pulls"), body, &p); err != nil {
		return forge.PullRequest{}, err
	}
	return pullRequest(&p), nil
}

// mergeRequest is the merge endpoint's body (go-github's Merge cannot
// leave commit_message out while setting the title).
type mergeRequest struct {
	CommitTitle   string `json:"commit_title,omitempty"`
	CommitMessage string `json:"commit_message,omitempty"`
	MergeMethod   string `json:"merge_method"`
	SHA           string `json:"sha,omitempty"`
}

// Merge merges the pull request; with m.SHA set, only while the head is
// still that commit.
func (f *Forge) Merge(ctx context.Context, number int, m forge.MergeOptions) error {
	op := fmt.Sprintf("merge pull request #%d", number)
	method := m.Method
	if method == "" {
		method = forge.MergeCommit
	}
	if method != forge.MergeCommit && method != forge.Squash && method != forge.Rebase {
		return &forge.Error{Op: op, Message: fmt.Sprintf("unknown merge method %q", m.Method),
			Hint: "use merge, squash or rebase", Err: forge.ErrUnsupported}
	}
	body := mergeRequest{CommitTitle: m.Title, CommitMessage: m.Message, MergeMethod: string(method), SHA: m.SHA}
	var res gh.PullRequestMergeResult
	if _, err := f.do(ctx, op, http.MethodPut, f.repoPath("pulls/%d/merge", number), body, &res); err != nil {
		return err
	}
	if !res.GetMerged() {
		return &forge.Error{Op: op, Message: oneLine(res.GetMessage()), Err: forge.ErrInvalid}
	}
	return nil
}
