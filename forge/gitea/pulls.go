package gitea

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
)

const (
	// defaultLimit is how many pull requests a list returns when the
	// query does not say.
	defaultLimit = 100
	// maxScanPages bounds a filtered list ("mine", "review requested",
	// search text): Gitea's pull list filters none of these, so they are
	// applied to the pages read, newest updated first.
	maxScanPages = 20
)

// ListPullRequests lists the repository's pull requests, most recently
// updated first.
func (f *Forge) ListPullRequests(ctx context.Context, q forge.ListQuery) ([]forge.PullRequest, error) {
	const op = "list pull requests"
	state := sdk.StateOpen
	switch q.State {
	case "", forge.Open:
	case forge.Closed, forge.Merged:
		state = sdk.StateClosed
	default:
		return nil, invalid(op, "unknown state "+string(q.State)+" (open, closed or merged)")
	}
	var login string
	if q.Mine || q.ReviewRequested {
		var err error
		if login, err = f.login(ctx); err != nil {
			return nil, err
		}
	}
	search := strings.ToLower(strings.TrimSpace(q.Search))
	keep := func(p *sdk.PullRequest) bool {
		switch {
		case q.State == forge.Merged && !p.HasMerged,
			q.State == forge.Closed && p.HasMerged,
			q.Mine && (p.Poster == nil || !strings.EqualFold(p.Poster.UserName, login)),
			q.ReviewRequested && !requested(p, login),
			search != "" && !strings.Contains(strings.ToLower(p.Title+"\n"+p.Body), search):
			return false
		}
		return true
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	pages := maxScanPages
	if !q.Mine && !q.ReviewRequested && search == "" && q.State != forge.Closed && q.State != forge.Merged {
		pages = 0 // unfiltered: the limit alone ends the walk
	}
	scanLimit := limit
	if q.ReviewRequested {
		scanLimit = 0 // candidates; their reviews decide
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return nil, err
	}
	prs, err := collect(scanLimit, pages, keep, func(n int) ([]*sdk.PullRequest, *sdk.Response, error) {
		ps, resp, err := c.c.ListRepoPullRequests(f.owner, f.repo, sdk.ListPullRequestsOptions{
			ListOptions: sdk.ListOptions{Page: n, PageSize: pageSize},
			State:       state,
			Sort:        "recentupdate",
		})
		if err != nil {
			return nil, resp, c.fail(resp, err)
		}
		return ps, resp, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]forge.PullRequest, 0, len(prs))
	for _, p := range prs {
		if len(out) == limit {
			break
		}
		if q.ReviewRequested {
			reviews, err := f.reviews(c, int(p.Index))
			if err != nil {
				return nil, err
			}
			if !awaits(reviews, login) {
				continue
			}
		}
		out = append(out, pullRequest(p))
	}
	return out, nil
}

// requested is the cheap test for "review requested": Gitea lists every
// reviewer with a latest review there, so it keeps the candidates whose
// reviews then decide. A pull request's author is never asked.
func requested(p *sdk.PullRequest, login string) bool {
	if p.Poster != nil && strings.EqualFold(p.Poster.UserName, login) {
		return false
	}
	for _, u := range p.RequestedReviewers {
		if u != nil && strings.EqualFold(u.UserName, login) {
			return true
		}
	}
	return false
}

// PullRequest reads one pull request with its reviewers' verdicts (a
// list leaves Reviewers empty: it would cost a request per pull request).
func (f *Forge) PullRequest(ctx context.Context, number int) (forge.PullRequest, error) {
	c, err := f.call(ctx, "read pull request")
	if err != nil {
		return forge.PullRequest{}, err
	}
	p, resp, err := c.c.GetPullRequest(f.owner, f.repo, int64(number))
	if err != nil {
		return forge.PullRequest{}, c.fail(resp, err)
	}
	reviews, err := f.reviews(c, number)
	if err != nil {
		return forge.PullRequest{}, err
	}
	pr := pullRequest(p)
	pr.Reviewers = reviewers(reviews)
	return pr, nil
}

func pullRequest(p *sdk.PullRequest) forge.PullRequest {
	pr := forge.PullRequest{
		Number: int(p.Index),
		Title:  p.Title,
		Body:   p.Body,
		Author: user(p.Poster),
		State:  forge.Open,
		Draft:  p.Draft,
		URL:    p.HTMLURL,
	}
	switch {
	case p.HasMerged:
		pr.State = forge.Merged
	case p.State == sdk.StateClosed:
		pr.State = forge.Closed
	default:
		// Gitea computes mergeability after each push; until then it says
		// false, which a UI should read as "not known yet" at worst.
		m := p.Mergeable
		pr.Mergeable = &m
	}
	if p.Base != nil {
		pr.Base, pr.BaseSHA = p.Base.Ref, p.Base.Sha
	}
	if p.Head != nil {
		pr.Head, pr.HeadSHA = p.Head.Ref, p.Head.Sha
	}
	for _, l := range p.Labels {
		if l != nil {
			pr.Labels = append(pr.Labels, l.Name)
		}
	}
	if p.Created != nil {
		pr.Created = *p.Created
	}
	if p.Updated != nil {
		pr.Updated = *p.Updated
	}
	return pr
}

// Files lists the changed files.
func (f *Forge) Files(ctx context.Context, number int) ([]forge.ChangedFile, error) {
	c, err := f.call(ctx, "list changed files")
	if err != nil {
		return nil, err
	}
	files, err := collect(0, 0, nil, func(n int) ([]*sdk.ChangedFile, *sdk.Response, error) {
		fs, resp, err := c.c.ListPullRequestFiles(f.owner, f.repo, int64(number), sdk.ListPullRequestFilesOptions{
			ListOptions: sdk.ListOptions{Page: n, PageSize: pageSize},
		})
		if err != nil {
			return nil, resp, c.fail(resp, err)
		}
		return fs, resp, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]forge.ChangedFile, 0, len(files))
	for _, cf := range files {
		out = append(out, forge.ChangedFile{
			Path:      cf.Filename,
			OldPath:   cf.PreviousFilename,
			Status:    fileStatus(cf.Status),
			Additions: cf.Additions,
			Deletions: cf.Deletions,
		})
	}
	return out, nil
}

// fileStatus maps Gitea's words onto forge's (added, removed, modified,
// renamed); others (copied) pass through.
func fileStatus(s string) string {
	switch s {
	case "deleted":
		return "removed"
	case "changed":
		return "modified"
	}
	return s
}

// Diff is the pull request's unified diff as Gitea renders it.
func (f *Forge) Diff(ctx context.Context, number int) (string, error) {
	c, err := f.call(ctx, "read the diff")
	if err != nil {
		return "", err
	}
	b, resp, err := c.c.GetPullRequestDiff(f.owner, f.repo, int64(number), sdk.PullRequestDiffOptions{})
	if err != nil {
		return "", c.fail(resp, err)
	}
	return string(b), nil
}

// CreatePullRequest opens a pull request; a draft is one whose title
// starts with "WIP:", Gitea's default draft prefix.
func (f *Forge) CreatePullRequest(ctx context.Context, p forge.NewPullRequest) (forge.PullRequest, error) {
	const op = "create pull request"
	if strings.TrimSpace(p.Title) == "" || p.Base == "" || p.Head == "" {
		return forge.PullRequest{}, invalid(op, "a title, a base and a head branch are required")
	}
	title := p.Title
	if p.Draft && !isWIP(title) {
		title = "WIP: " + title
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return forge.PullRequest{}, err
	}
	pr, resp, err := c.c.CreatePullRequest(f.owner, f.repo, sdk.CreatePullRequestOption{
		Head: p.Head, Base: p.Base, Title: title, Body: p.Body,
	})
	if err != nil {
		return forge.PullRequest{}, c.fail(resp, err)
	}
	return pullRequest(pr), nil
}

func isWIP(title string) bool {
	t := strings.ToUpper(title)
	return strings.HasPrefix(t, "WIP:") || strings.HasPrefix(t, "[WIP]")
}

// Merge merges the pull request; with m.SHA set, only if the head is
// still that commit.
func (f *Forge) Merge(ctx context.Context, number int, m forge.MergeOptions) error {
	const op = "merge pull request"
	var style sdk.MergeStyle
	switch m.Method {
	case "", forge.MergeCommit:
		style = sdk.MergeStyleMerge
	case forge.Squash:
		style = sdk.MergeStyleSquash
	case forge.Rebase:
		style = sdk.MergeStyleRebase
	default:
		return unsupported(op, "merge method "+string(m.Method)+" (Gitea merges with merge, squash or rebase)")
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return err
	}
	waited := time.Duration(0)
	for wait := mergeRetryFirst; ; wait = min(2*wait, mergeRetryMax) {
		ok, resp, err := c.c.MergePullRequest(f.owner, f.repo, int64(number), sdk.MergePullRequestOption{
			Style:        style,
			Title:        m.Title,
			Message:      m.Message,
			HeadCommitId: m.SHA,
		})
		if err != nil {
			return c.fail(resp, err)
		}
		if ok {
			return nil
		}
		e := c.failStatus(resp)
		// Gitea answers 405 "Please try again later" while it rechecks the
		// pull request for conflicts (after a push, or a refused merge):
		// nothing was merged, so asking again is safe.
		var fe *forge.Error
		if !errors.As(e, &fe) || fe.Status != http.StatusMethodNotAllowed ||
			!strings.Contains(strings.ToLower(fe.Message), "try again later") || waited >= mergeRetryFor {
			return e
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return &forge.Error{Op: op, Err: ctx.Err()}
		case <-timer.C:
		}
		waited += wait
	}
}

// Merge retries wait 250 ms, doubling up to 2 s apart, for 10 s in all
// (Gitea's recheck took about 3 s on an idle server).
const (
	mergeRetryFirst = 250 * time.Millisecond
	mergeRetryMax   = 2 * time.Second
	mergeRetryFor   = 10 * time.Second
)
