package gitlab

import (
	"context"
	"net/http"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// defaultLimit is how many merge requests a listing returns unless asked.
const defaultLimit = 100

// ListPullRequests lists the project's merge requests (GET
// /projects/:id/merge_requests): state opened/closed/merged, "mine" as
// scope=created_by_me, "review requested" as reviewer_username=<me>,
// search in title and description; newest update first.
func (f *Forge) ListPullRequests(ctx context.Context, q forge.ListQuery) ([]forge.PullRequest, error) {
	const op = "list merge requests"
	opt := &gl.ListProjectMergeRequestsOptions{OrderBy: ptr("updated_at"), Sort: ptr("desc")}
	switch q.State {
	case "", forge.Open:
		opt.State = ptr("opened")
	case forge.Closed:
		opt.State = ptr("closed")
	case forge.Merged:
		opt.State = ptr("merged")
	default:
		return nil, &forge.Error{Op: op, Message: "unknown state " + string(q.State), Err: forge.ErrInvalid}
	}
	if q.Mine {
		opt.Scope = ptr("created_by_me")
	}
	if q.ReviewRequested {
		me, err := f.Me(ctx)
		if err != nil {
			return nil, err
		}
		opt.ReviewerUsername = ptr(me.Login)
	}
	if q.Search != "" {
		opt.Search = ptr(q.Search)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	mrs, resp, err := collect(limit, func(page, size int64) ([]*gl.BasicMergeRequest, *gl.Response, error) {
		o := *opt
		o.ListOptions = gl.ListOptions{Page: page, PerPage: size}
		return f.c.MergeRequests.ListProjectMergeRequests(f.project, &o, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, f.fail(ctx, op, resp, err)
	}
	prs := make([]forge.PullRequest, 0, len(mrs))
	for _, mr := range mrs {
		if mr == nil || mr.IID == 0 {
			return nil, malformed(op, resp, "a merge request without a number")
		}
		pr := fromBasic(mr)
		for _, r := range mr.Reviewers {
			pr.Reviewers = append(pr.Reviewers, forge.Reviewer{User: toUser(r), Verdict: forge.Pending})
		}
		prs = append(prs, pr)
	}
	return prs, nil
}

// malformed is an answer that decoded but cannot be what GitLab sends.
func malformed(op string, resp *gl.Response, what string) error {
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	return &forge.Error{Op: op, Status: status, Message: "the answer holds " + what,
		Hint: "check that the API URL is a GitLab server's /api/v4"}
}

// fromBasic maps what every merge request answer carries.
func fromBasic(mr *gl.BasicMergeRequest) forge.PullRequest {
	pr := forge.PullRequest{
		Number:  int(mr.IID),
		Title:   mr.Title,
		Body:    mr.Description,
		Author:  toUser(mr.Author),
		State:   state(mr.State),
		Draft:   mr.Draft,
		Base:    mr.TargetBranch,
		Head:    mr.SourceBranch,
		HeadSHA: mr.SHA,
		URL:     mr.WebURL,
		Created: timeOf(mr.CreatedAt),
		Updated: timeOf(mr.UpdatedAt),
		Labels:  append([]string(nil), mr.Labels...),
	}
	pr.Mergeable = mergeable(mr)
	return pr
}

func state(s string) forge.State {
	switch s {
	case "merged":
		return forge.Merged
	case "closed":
		return forge.Closed
	}
	return forge.Open // opened, and locked (a moment during a merge)
}

// mergeable says whether the branches merge cleanly, as GitHub's
// mergeable does: approvals and pipelines are other matters. nil while
// GitLab is still checking.
func mergeable(mr *gl.BasicMergeRequest) *bool {
	switch mr.DetailedMergeStatus {
	case "", "unchecked", "checking", "preparing", "approvals_syncing":
		return nil
	case "conflict", "broken_status", "need_rebase":
		return ptr(false)
	}
	return ptr(!mr.HasConflicts)
}

// PullRequest reads one merge request with its approvals and reviewers'
// states: GET the merge request, its /approvals (approved_by) and its
// /reviewers (each reviewer's state; servers without the endpoint show
// reviewers as pending).
func (f *Forge) PullRequest(ctx context.Context, number int) (forge.PullRequest, error) {
	const op = "read the merge request"
	mr, err := f.mergeRequest(ctx, op, number)
	if err != nil {
		return forge.PullRequest{}, err
	}
	pr := fromFull(mr)

	appr, resp, err := f.c.MergeRequestApprovals.GetConfiguration(f.project, int64(number), gl.WithContext(ctx))
	if err != nil {
		return forge.PullRequest{}, f.fail(ctx, "read the merge request's approvals", resp, err)
	}
	states, resp, err := f.c.MergeRequests.GetMergeRequestReviewers(f.project, int64(number), gl.WithContext(ctx))
	if err != nil {
		if resp == nil || resp.StatusCode != http.StatusNotFound || ctx.Err() != nil {
			return forge.PullRequest{}, f.fail(ctx, "read the merge request's reviewers", resp, err)
		}
		states = nil // before the endpoint existed
	}
	pr.Reviewers = reviewers(mr.Reviewers, states, appr)
	return pr, nil
}

func (f *Forge) mergeRequest(ctx context.Context, op string, number int) (*gl.MergeRequest, error) {
	mr, resp, err := f.c.MergeRequests.GetMergeRequest(f.project, int64(number), nil, gl.WithContext(ctx))
	if err != nil {
		return nil, f.fail(ctx, op, resp, err)
	}
	if mr.IID == 0 {
		return nil, malformed(op, resp, "no merge request")
	}
	return mr, nil
}

func fromFull(mr *gl.MergeRequest) forge.PullRequest {
	pr := fromBasic(&mr.BasicMergeRequest)
	pr.Draft = mr.Draft || mr.WorkInProgress
	pr.BaseSHA = mr.DiffRefs.BaseSha
	if mr.DiffRefs.HeadSha != "" {
		pr.HeadSHA = mr.DiffRefs.HeadSha
	}
	return pr
}

// reviewers joins the requested reviewers, their recorded states and
// the approvals (an approver need not be a requested reviewer).
func reviewers(requested []*gl.BasicUser, states []*gl.MergeRequestReviewer, appr *gl.MergeRequestApprovals) []forge.Reviewer {
	var out []forge.Reviewer
	index := map[string]int{}
	add := func(u forge.User, v forge.Verdict) {
		if u.Login == "" {
			return
		}
		if i, ok := index[u.Login]; ok {
			if v != forge.Pending {
				out[i].Verdict = v
			}
			return
		}
		index[u.Login] = len(out)
		out = append(out, forge.Reviewer{User: u, Verdict: v})
	}
	for _, u := range requested {
		add(toUser(u), forge.Pending)
	}
	for _, s := range states {
		if s == nil {
			continue
		}
		add(toUser(s.User), reviewerVerdict(s.State))
	}
	if appr != nil {
		for _, a := range appr.ApprovedBy {
			if a != nil {
				add(toUser(a.User), forge.Approve)
			}
		}
	}
	return out
}

// reviewerVerdict maps GitLab's reviewer states.
func reviewerVerdict(s string) forge.Verdict {
	switch s {
	case "approved":
		return forge.Approve
	case "requested_changes":
		return forge.RequestChanges
	case "reviewed":
		return forge.CommentOnly
	}
	return forge.Pending // unreviewed, review_started, unapproved
}

// draftPrefix marks a draft merge request; GitLab reads the draft state
// from the title.
const draftPrefix = "Draft: "

// CreatePullRequest opens a merge request from Head into Base (the
// project's default branch when Base is empty).
func (f *Forge) CreatePullRequest(ctx context.Context, p forge.NewPullRequest) (forge.PullRequest, error) {
	const op = "create the merge request"
	if p.Head == "" || strings.TrimSpace(p.Title) == "" {
		return forge.PullRequest{}, &forge.Error{Op: op, Message: "a source branch and a title are required", Err: forge.ErrInvalid}
	}
	base := p.Base
	if base == "" {
		proj, resp, err := f.c.Projects.GetProject(f.project, nil, gl.WithContext(ctx))
		if err != nil {
			return forge.PullRequest{}, f.fail(ctx, "read the project's default branch", resp, err)
		}
		if base = proj.DefaultBranch; base == "" {
			return forge.PullRequest{}, &forge.Error{Op: op, Message: "the project has no default branch", Hint: "name the target branch", Err: forge.ErrInvalid}
		}
	}
	title := p.Title
	if p.Draft && !isDraftTitle(title) {
		title = draftPrefix + title
	}
	opt := &gl.CreateMergeRequestOptions{Title: &title, SourceBranch: &p.Head, TargetBranch: &base}
	if p.Body != "" {
		opt.Description = &p.Body
	}
	mr, resp, err := f.c.MergeRequests.CreateMergeRequest(f.project, opt, gl.WithContext(ctx))
	if err != nil {
		return forge.PullRequest{}, f.fail(ctx, op, resp, err)
	}
	if mr.IID == 0 {
		return forge.PullRequest{}, malformed(op, resp, "no merge request")
	}
	pr := fromFull(mr)
	if p.Draft && pr.Title == title {
		pr.Title = strings.TrimPrefix(title, draftPrefix) // the caller's title; Draft says the rest
		pr.Draft = true
	}
	return pr, nil
}

// isDraftTitle is GitLab's draft title test (case-insensitive "Draft:",
// "[Draft]" or "(Draft)" at the start).
func isDraftTitle(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	return strings.HasPrefix(l, "draft:") || strings.HasPrefix(l, "[draft]") || strings.HasPrefix(l, "(draft)")
}

// Merge merges the merge request (PUT .../merge): a merge commit, or a
// squash. Rebase is PUT .../rebase, a wait for GitLab to finish it, then
// the merge of the rebased head (by the project's merge method).
func (f *Forge) Merge(ctx context.Context, number int, m forge.MergeOptions) error {
	const op = "merge"
	message := strings.TrimSpace(strings.TrimSpace(m.Title) + "\n\n" + strings.TrimSpace(m.Message))
	opt := &gl.AcceptMergeRequestOptions{}
	switch m.Method {
	case "", forge.MergeCommit:
		opt.Squash = ptr(false)
		if message != "" {
			opt.MergeCommitMessage = &message
		}
	case forge.Squash:
		opt.Squash = ptr(true)
		if message != "" {
			opt.SquashCommitMessage = &message
		}
	case forge.Rebase:
		sha, err := f.rebase(ctx, number, m.SHA)
		if err != nil {
			return err
		}
		m.SHA = sha
		opt.Squash = ptr(false)
	default:
		return &forge.Error{Op: op, Message: "unknown merge method " + string(m.Method), Err: forge.ErrUnsupported}
	}
	if m.SHA != "" {
		opt.SHA = &m.SHA
	}
	mr, resp, err := f.c.MergeRequests.AcceptMergeRequest(f.project, int64(number), opt, gl.WithContext(ctx))
	if err != nil {
		return f.fail(ctx, op, resp, err)
	}
	if mr.State != "merged" {
		msg := "GitLab did not merge it (state " + mr.State + ")"
		if mr.MergeError != "" {
			msg += ": " + oneLine(mr.MergeError)
		}
		return &forge.Error{Op: op, Status: resp.StatusCode, Message: msg, Hint: "see the merge request's merge checks", Err: forge.ErrInvalid}
	}
	return nil
}

// rebase rebases the source branch onto the target and returns the new
// head, once GitLab has finished (the rebase runs in the background).
func (f *Forge) rebase(ctx context.Context, number int, expect string) (string, error) {
	const op = "rebase"
	mr, err := f.mergeRequest(ctx, op, number)
	if err != nil {
		return "", err
	}
	if expect != "" && mr.SHA != expect {
		return "", &forge.Error{Op: op, Message: "the head moved to " + short(mr.SHA) + " since " + short(expect),
			Hint: "review the new commits, then merge again", Err: forge.ErrInvalid}
	}
	resp, err := f.c.MergeRequests.RebaseMergeRequest(f.project, int64(number), nil, gl.WithContext(ctx))
	if err != nil {
		return "", f.fail(ctx, op, resp, err)
	}
	opt := &gl.GetMergeRequestsOptions{IncludeRebaseInProgress: ptr(true)}
	for {
		select {
		case <-ctx.Done():
			return "", &forge.Error{Op: op, Message: "stopped waiting for the rebase", Err: ctx.Err()}
		case <-time.After(f.pollEvery):
		}
		mr, resp, err := f.c.MergeRequests.GetMergeRequest(f.project, int64(number), opt, gl.WithContext(ctx))
		if err != nil {
			return "", f.fail(ctx, op, resp, err)
		}
		if mr.RebaseInProgress {
			continue
		}
		if mr.MergeError != "" {
			return "", &forge.Error{Op: op, Status: resp.StatusCode, Message: oneLine(mr.MergeError),
				Hint: "rebase locally and push, then merge", Err: forge.ErrInvalid}
		}
		return mr.SHA, nil
	}
}

func short(sha string) string {
	if len(sha) > 8 {
		return sha[:8]
	}
	return sha
}
