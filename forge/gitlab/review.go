package gitlab

import (
	"context"
	"strconv"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// requestChangesAction is the quick action that records the "requested
// changes" reviewer state; GitLab has no REST endpoint for it.
const requestChangesAction = "/request_changes"

// SubmitReview submits a review as GitLab's UI does: every inline
// comment (and the body) becomes a draft note, the drafts are published
// together (POST .../draft_notes/bulk_publish, one notification), then
// the verdict: POST .../approve for Approve; for RequestChanges a note
// with the /request_changes quick action, on GitLab 17.3 and later
// only, checked afterwards in the reviewers' states because GitLab
// ignores the action silently for a user who is not a reviewer.
//
// Positions are all checked before anything is posted; drafts already
// created are deleted again if a later one fails. bulk_publish also
// publishes drafts the user left pending in GitLab's UI.
func (f *Forge) SubmitReview(ctx context.Context, number int, r forge.NewReview) (forge.Review, error) {
	const op = "submit the review"
	switch r.Verdict {
	case forge.Approve, forge.CommentOnly:
	case forge.RequestChanges:
		v, err := f.DetectVersion(ctx)
		if err != nil {
			return forge.Review{}, err
		}
		if !versionAtLeast(v, requestChangesSince) {
			return forge.Review{}, &forge.Error{Op: op, Message: "GitLab " + v + " cannot record a request for changes (17.3 and later can)",
				Hint: "comment without a verdict instead", Err: forge.ErrUnsupported}
		}
	default:
		return forge.Review{}, &forge.Error{Op: op, Message: "unknown verdict " + string(r.Verdict), Err: forge.ErrInvalid}
	}
	if r.Verdict == forge.CommentOnly && len(r.Comments) == 0 && strings.TrimSpace(r.Body) == "" {
		return forge.Review{}, &forge.Error{Op: op, Message: "a comment review needs a body or inline comments", Err: forge.ErrInvalid}
	}

	drafts, head, err := f.draftOptions(ctx, op, number, r)
	if err != nil {
		return forge.Review{}, err
	}
	if r.CommitSHA != "" && head != "" && r.CommitSHA != head {
		return forge.Review{}, &forge.Error{Op: op, Message: "the merge request's head is now " + short(head) + ", not " + short(r.CommitSHA),
			Hint: "review the new commits first", Err: forge.ErrInvalid}
	}
	if err := f.postDrafts(ctx, op, number, drafts); err != nil {
		return forge.Review{}, err
	}
	if len(drafts) > 0 {
		resp, err := f.c.DraftNotes.PublishAllDraftNotes(f.project, int64(number), gl.WithContext(ctx))
		if err != nil {
			return forge.Review{}, f.fail(ctx, "publish the review's comments", resp, err)
		}
	}

	review := forge.Review{Verdict: r.Verdict, Body: r.Body}
	switch r.Verdict {
	case forge.Approve:
		opt := &gl.ApproveMergeRequestOptions{}
		if r.CommitSHA != "" {
			opt.SHA = &r.CommitSHA
		}
		if _, resp, err := f.c.MergeRequestApprovals.ApproveMergeRequest(f.project, int64(number), opt, gl.WithContext(ctx)); err != nil {
			return forge.Review{}, f.fail(ctx, "approve", resp, err)
		}
	case forge.RequestChanges:
		id, err := f.requestChanges(ctx, number, r.Body)
		if err != nil {
			return forge.Review{}, err
		}
		review.ID = id
	}
	f.mu.Lock()
	if f.me != nil {
		review.Author = *f.me
	}
	f.mu.Unlock()
	return review, nil
}

// draftOptions builds the drafts: the body as an overview note (except
// for RequestChanges, whose body goes with the quick action), then one
// positioned draft per inline comment. head is the merge request's
// head when comments needed it.
func (f *Forge) draftOptions(ctx context.Context, op string, number int, r forge.NewReview) ([]*gl.CreateDraftNoteOptions, string, error) {
	var drafts []*gl.CreateDraftNoteOptions
	if body := r.Body; strings.TrimSpace(body) != "" && r.Verdict != forge.RequestChanges {
		drafts = append(drafts, &gl.CreateDraftNoteOptions{Note: &body})
	}
	if len(r.Comments) == 0 {
		return drafts, "", nil
	}
	for _, c := range r.Comments {
		if err := checkAnchor(op, c.Anchor); err != nil {
			return nil, "", err
		}
	}
	mr, ds, err := f.diffContext(ctx, op, number)
	if err != nil {
		return nil, "", err
	}
	for i, c := range r.Comments {
		if strings.TrimSpace(c.Body) == "" {
			return nil, "", &forge.Error{Op: op, Message: "comment " + strconv.Itoa(i+1) + " is empty", Err: forge.ErrInvalid}
		}
		pos, err := position(op, mr, ds, c.Anchor)
		if err != nil {
			return nil, "", err
		}
		body := c.Body
		drafts = append(drafts, &gl.CreateDraftNoteOptions{Note: &body, Position: pos})
	}
	return drafts, mr.DiffRefs.HeadSha, nil
}

// postDrafts creates the drafts, deleting the ones already made when one
// fails, so that a failed review leaves nothing pending behind.
func (f *Forge) postDrafts(ctx context.Context, op string, number int, drafts []*gl.CreateDraftNoteOptions) error {
	var made []int64
	for _, d := range drafts {
		note, resp, err := f.c.DraftNotes.CreateDraftNote(f.project, int64(number), d, gl.WithContext(ctx))
		if err == nil && (note == nil || note.ID == 0) {
			err = malformed(op, resp, "no draft note")
		}
		if err != nil {
			f.dropDrafts(ctx, number, made)
			if _, ok := err.(*forge.Error); ok {
				return err
			}
			return f.fail(ctx, "add a comment to the review", resp, err)
		}
		made = append(made, note.ID)
	}
	return nil
}

// dropDrafts deletes drafts best-effort, even when ctx is already done.
func (f *Forge) dropDrafts(ctx context.Context, number int, ids []int64) {
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, id := range ids {
		f.c.DraftNotes.DeleteDraftNote(f.project, int64(number), id, gl.WithContext(ctx))
	}
}

// requestChanges posts the body with the /request_changes quick action
// and checks that GitLab recorded the state.
func (f *Forge) requestChanges(ctx context.Context, number int, body string) (string, error) {
	const op = "request changes"
	text := requestChangesAction
	if b := strings.TrimSpace(body); b != "" {
		text = b + "\n\n" + requestChangesAction
	}
	note, resp, err := f.c.Notes.CreateMergeRequestNote(f.project, int64(number), &gl.CreateMergeRequestNoteOptions{Body: &text}, gl.WithContext(ctx))
	if err != nil {
		return "", f.fail(ctx, op, resp, err)
	}
	me, meID, err := f.whoami(ctx)
	if err != nil {
		return "", err
	}
	states, resp, err := f.c.MergeRequests.GetMergeRequestReviewers(f.project, int64(number), gl.WithContext(ctx))
	if err != nil {
		return "", f.fail(ctx, "check the reviewer state", resp, err)
	}
	for _, s := range states {
		if s != nil && s.User != nil && (s.User.ID == meID || s.User.Username == me.Login) && s.State == "requested_changes" {
			id := ""
			if note != nil && note.ID != 0 { // a note of only the action is not kept
				id = strconv.FormatInt(note.ID, 10)
			}
			return id, nil
		}
	}
	return "", &forge.Error{Op: op, Message: "GitLab did not record the request for changes",
		Hint: "only a reviewer of the merge request can request changes: add yourself as a reviewer", Err: forge.ErrInvalid}
}

// Unapprove withdraws the user's approval (POST .../unapprove). It is
// GitLab's own operation, outside forge.Forge.
func (f *Forge) Unapprove(ctx context.Context, number int) error {
	resp, err := f.c.MergeRequestApprovals.UnapproveMergeRequest(f.project, int64(number), gl.WithContext(ctx))
	if err != nil {
		return f.fail(ctx, "withdraw the approval", resp, err)
	}
	return nil
}
