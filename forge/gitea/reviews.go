package gitea

import (
	"context"
	"sort"
	"strconv"
	"strings"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
)

// reviews reads every review of a pull request, oldest first.
func (f *Forge) reviews(c *call, number int) ([]*sdk.PullReview, error) {
	return collect(0, 0, nil, func(n int) ([]*sdk.PullReview, *sdk.Response, error) {
		rs, resp, err := c.c.ListPullReviews(f.owner, f.repo, int64(number), sdk.ListPullReviewsOptions{
			ListOptions: sdk.ListOptions{Page: n, PageSize: pageSize},
		})
		if err != nil {
			return nil, resp, c.fail(resp, err)
		}
		return rs, resp, nil
	})
}

// reviewers is each reviewer's latest verdict, as Gitea decides who
// still owes a review: the latest approval, change request or review
// request counts, and a comment-only review only while there is none of
// those. Dismissed reviews, unsubmitted drafts and team requests count
// for nothing. (Gitea's requested_reviewers lists everyone with a latest
// review, approvers included, so it cannot say who is pending.)
func reviewers(reviews []*sdk.PullReview) []forge.Reviewer {
	var order []string
	seen := map[string]*forge.Reviewer{}
	sorted := append([]*sdk.PullReview(nil), reviews...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, rv := range sorted {
		if rv == nil || rv.Dismissed || rv.Reviewer == nil || rv.ReviewerTeam != nil {
			continue
		}
		var v forge.Verdict
		switch rv.State {
		case sdk.ReviewStateApproved:
			v = forge.Approve
		case sdk.ReviewStateRequestChanges:
			v = forge.RequestChanges
		case sdk.ReviewStateRequestReview:
			v = forge.Pending
		case sdk.ReviewStateComment:
			v = forge.CommentOnly
		default:
			continue
		}
		key := strings.ToLower(rv.Reviewer.UserName)
		r, ok := seen[key]
		if !ok {
			r = &forge.Reviewer{User: user(rv.Reviewer)}
			seen[key] = r
			order = append(order, key)
		}
		if v != forge.CommentOnly || r.Verdict == "" {
			r.Verdict = v
		}
	}
	out := make([]forge.Reviewer, 0, len(order))
	for _, k := range order {
		out = append(out, *seen[k])
	}
	return out
}

// awaits says whether login owes the pull request a review.
func awaits(reviews []*sdk.PullReview, login string) bool {
	for _, r := range reviewers(reviews) {
		if strings.EqualFold(r.User.Login, login) {
			return r.Verdict == forge.Pending
		}
	}
	return false
}

// Threads reads every review comment and groups them into Gitea's
// conversations: one per path and line (and side).
func (f *Forge) Threads(ctx context.Context, number int) ([]forge.ReviewThread, error) {
	c, err := f.call(ctx, "read review threads")
	if err != nil {
		return nil, err
	}
	return f.threads(c, number)
}

func (f *Forge) threads(c *call, number int) ([]forge.ReviewThread, error) {
	reviews, err := f.reviews(c, number)
	if err != nil {
		return nil, err
	}
	var all []*sdk.PullReviewComment
	for _, rv := range reviews {
		// Drafts (only their author sees them) are not posted yet;
		// review requests and body-only reviews hold no comments.
		if rv == nil || rv.State == sdk.ReviewStatePending || rv.CodeCommentsCount == 0 {
			continue
		}
		cs, resp, err := c.c.ListPullReviewComments(f.owner, f.repo, int64(number), rv.ID)
		if err != nil {
			return nil, c.fail(resp, err)
		}
		all = append(all, cs...)
	}
	return groupThreads(all), nil
}

type lineKey struct {
	path string
	side forge.Side
	line int
}

func groupThreads(comments []*sdk.PullReviewComment) []forge.ReviewThread {
	sort.SliceStable(comments, func(i, j int) bool { return comments[i].ID < comments[j].ID })
	index := map[lineKey]int{}
	var threads []forge.ReviewThread
	for _, rc := range comments {
		if rc == nil {
			continue
		}
		cm := comment(rc)
		k := lineKey{cm.Anchor.Path, cm.Anchor.Side, cm.Anchor.Line}
		i, ok := index[k]
		if !ok {
			i = len(threads)
			index[k] = i
			threads = append(threads, forge.ReviewThread{
				ID:       cm.ID,
				Anchor:   cm.Anchor,
				Resolved: rc.Resolver != nil, // Gitea marks the first comment
			})
		}
		threads[i].Comments = append(threads[i].Comments, cm)
	}
	return threads
}

func comment(rc *sdk.PullReviewComment) forge.Comment {
	a := forge.Anchor{Path: rc.Path, CommitSHA: rc.CommitID}
	// Gitea fills one of the two: position is the head's line number,
	// original_position the base's.
	if rc.LineNum > 0 {
		a.Side, a.Line = forge.New, int(rc.LineNum)
	} else {
		a.Side, a.Line = forge.Old, int(rc.OldLineNum)
	}
	return forge.Comment{
		ID:      strconv.FormatInt(rc.ID, 10),
		Author:  user(rc.Reviewer),
		Body:    rc.Body,
		Created: rc.Created,
		Anchor:  a,
	}
}

// reviewComment is the API's form of an inline comment: a file line
// number on one side. Context lines are commented by their new number
// (or their old one with Side Old).
func reviewComment(op string, nc forge.NewComment) (sdk.CreatePullReviewComment, error) {
	a := nc.Anchor
	switch {
	case a.Path == "":
		return sdk.CreatePullReviewComment{}, invalid(op, "an inline comment needs a file path")
	case a.Line <= 0:
		return sdk.CreatePullReviewComment{}, invalid(op, "an inline comment needs a line number (1 or more)")
	case a.StartLine != 0 && (a.StartLine != a.Line || (a.StartSide != "" && a.StartSide != a.Side)):
		return sdk.CreatePullReviewComment{}, unsupported(op, "Gitea comments on single lines, not ranges: comment on the range's last line")
	case strings.TrimSpace(nc.Body) == "":
		return sdk.CreatePullReviewComment{}, invalid(op, "the comment is empty")
	}
	rc := sdk.CreatePullReviewComment{Path: a.Path, Body: nc.Body}
	switch a.Side {
	case forge.New, "":
		rc.NewLineNum = int64(a.Line)
	case forge.Old:
		rc.OldLineNum = int64(a.Line)
	default:
		return sdk.CreatePullReviewComment{}, invalid(op, "unknown side "+string(a.Side)+" (old or new)")
	}
	return rc, nil
}

// Comment posts one inline comment at once: Gitea's API creates review
// comments only inside a review, so this is a comment-only review
// holding that one comment. A comment on a line that already has a
// conversation joins it (Gitea groups by path and line).
func (f *Forge) Comment(ctx context.Context, number int, nc forge.NewComment) (forge.Comment, error) {
	const op = "comment on pull request"
	rc, err := reviewComment(op, nc)
	if err != nil {
		return forge.Comment{}, err
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return forge.Comment{}, err
	}
	return f.postComment(c, number, nc.Anchor.CommitSHA, rc)
}

func (f *Forge) postComment(c *call, number int, sha string, rc sdk.CreatePullReviewComment) (forge.Comment, error) {
	rv, resp, err := c.c.CreatePullReview(f.owner, f.repo, int64(number), sdk.CreatePullReviewOptions{
		State:    sdk.ReviewStateComment,
		CommitID: sha,
		Comments: []sdk.CreatePullReviewComment{rc},
	})
	if err != nil {
		return forge.Comment{}, c.fail(resp, err)
	}
	cs, resp, err := c.c.ListPullReviewComments(f.owner, f.repo, int64(number), rv.ID)
	if err != nil {
		return forge.Comment{}, c.fail(resp, err)
	}
	// The review may also hold comments of a draft the user had started
	// in the browser: the new one is the last.
	var last *sdk.PullReviewComment
	for _, cm := range cs {
		if cm != nil && (last == nil || cm.ID > last.ID) {
			last = cm
		}
	}
	if last == nil {
		return forge.Comment{}, &forge.Error{Op: c.op, Message: "the server created the review but lists no comment in it"}
	}
	return comment(last), nil
}

// Reply adds a comment to a conversation: a comment-only review with
// one comment on the conversation's path and line, which Gitea shows in
// that conversation (Gitea 1.26 and Forgejo have no replies endpoint).
func (f *Forge) Reply(ctx context.Context, number int, threadID, body string) (forge.Comment, error) {
	const op = "reply to review thread"
	if strings.TrimSpace(body) == "" {
		return forge.Comment{}, invalid(op, "the reply is empty")
	}
	if _, err := strconv.ParseInt(threadID, 10, 64); err != nil {
		return forge.Comment{}, invalid(op, "thread id "+strconv.Quote(threadID)+" is not a Gitea comment id")
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return forge.Comment{}, err
	}
	threads, err := f.threads(c, number)
	if err != nil {
		return forge.Comment{}, err
	}
	for _, t := range threads {
		if t.ID != threadID {
			continue
		}
		rc, err := reviewComment(op, forge.NewComment{Anchor: forge.Anchor{Path: t.Anchor.Path, Side: t.Anchor.Side, Line: t.Anchor.Line}, Body: body})
		if err != nil {
			return forge.Comment{}, err
		}
		return f.postComment(c, number, "", rc)
	}
	return forge.Comment{}, &forge.Error{Op: op, Message: "no review thread " + threadID + " on pull request " + strconv.Itoa(number),
		Hint: "the thread was deleted, or the id is not its first comment's", Err: forge.ErrNotFound}
}

// Resolve marks a conversation resolved or not, through its first
// comment (Gitea 1.26 and later).
func (f *Forge) Resolve(ctx context.Context, number int, threadID string, resolved bool) error {
	op := "resolve review thread"
	if !resolved {
		op = "unresolve review thread"
	}
	id, err := strconv.ParseInt(threadID, 10, 64)
	if err != nil {
		return invalid(op, "thread id "+strconv.Quote(threadID)+" is not a Gitea comment id")
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return err
	}
	var resp *sdk.Response
	if resolved {
		resp, err = c.c.ResolvePullReviewComment(f.owner, f.repo, id)
	} else {
		resp, err = c.c.UnresolvePullReviewComment(f.owner, f.repo, id)
	}
	if err != nil {
		e := c.fail(resp, err)
		if fe, ok := e.(*forge.Error); ok && fe.Status == 404 {
			fe.Hint = "the thread is gone, or this server (Forgejo, Gitea before 1.26) cannot resolve threads through its API"
		}
		return e
	}
	return nil
}

// SubmitReview posts a verdict with its inline comments as one review.
func (f *Forge) SubmitReview(ctx context.Context, number int, r forge.NewReview) (forge.Review, error) {
	const op = "submit review"
	var state sdk.ReviewStateType
	switch r.Verdict {
	case forge.Approve:
		state = sdk.ReviewStateApproved
	case forge.RequestChanges:
		state = sdk.ReviewStateRequestChanges
		if strings.TrimSpace(r.Body) == "" {
			return forge.Review{}, invalid(op, "Gitea needs a message to request changes: add a body")
		}
	case forge.CommentOnly:
		state = sdk.ReviewStateComment
		if strings.TrimSpace(r.Body) == "" && len(r.Comments) == 0 {
			return forge.Review{}, invalid(op, "a comment review needs a body or inline comments")
		}
	default:
		return forge.Review{}, invalid(op, "unknown verdict "+strconv.Quote(string(r.Verdict))+" (approve, request_changes or comment)")
	}
	comments := make([]sdk.CreatePullReviewComment, 0, len(r.Comments))
	for _, nc := range r.Comments {
		rc, err := reviewComment(op, nc)
		if err != nil {
			return forge.Review{}, err
		}
		comments = append(comments, rc)
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return forge.Review{}, err
	}
	rv, resp, err := c.c.CreatePullReview(f.owner, f.repo, int64(number), sdk.CreatePullReviewOptions{
		State:    state,
		Body:     r.Body,
		CommitID: r.CommitSHA,
		Comments: comments,
	})
	if err != nil {
		return forge.Review{}, c.fail(resp, err)
	}
	return forge.Review{ID: strconv.FormatInt(rv.ID, 10), Author: user(rv.Reviewer), Verdict: verdict(rv.State), Body: rv.Body}, nil
}

func verdict(s sdk.ReviewStateType) forge.Verdict {
	switch s {
	case sdk.ReviewStateApproved:
		return forge.Approve
	case sdk.ReviewStateRequestChanges:
		return forge.RequestChanges
	case sdk.ReviewStateComment:
		return forge.CommentOnly
	}
	return forge.Pending
}
