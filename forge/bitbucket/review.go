package bitbucket

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"reef/forge"
)

// SubmitReview is Bitbucket's nearest thing to a review, in this order:
// every inline comment, then the body as a general comment, then the
// verdict (POST /approve or /request-changes; a comment-only review
// sets none).
//
// Bitbucket accepts comments with "pending": true, but its REST API has
// no call that publishes them: PUT .../comments/{id} refuses the pending
// key ("extra keys not allowed") and the UI's "finish review" is not in
// the API. Pending comments would stay visible to their author alone, so
// the review's comments are published one by one. Every anchor is
// checked before anything is sent, and the verdict comes last, so a
// failure half-way leaves no verdict behind the comments already posted.
func (f *Forge) SubmitReview(ctx context.Context, number int, r forge.NewReview) (forge.Review, error) {
	op := fmt.Sprintf("review pull request #%d", number)
	var verdictPath string
	switch r.Verdict {
	case forge.Approve:
		verdictPath = "approve"
	case forge.RequestChanges:
		verdictPath = "request-changes"
	case forge.CommentOnly:
		if r.Body == "" && len(r.Comments) == 0 {
			return forge.Review{}, &forge.Error{Op: op, Message: "a comment-only review needs a body or comments", Err: forge.ErrInvalid}
		}
	default:
		return forge.Review{}, &forge.Error{Op: op, Message: fmt.Sprintf("verdict %q", r.Verdict), Err: forge.ErrUnsupported}
	}

	bodies := make([]newCommentBody, len(r.Comments))
	for i, c := range r.Comments {
		in, err := inlineFor(c.Anchor)
		if err != nil {
			return forge.Review{}, &forge.Error{Op: op, Message: fmt.Sprintf("comment %d: %v", i+1, err), Err: forge.ErrInvalid}
		}
		bodies[i].Content.Raw = c.Body
		bodies[i].Inline = in
	}
	for i := range bodies {
		if _, err := f.postComment(ctx, op, number, bodies[i], r.Comments[i].Anchor); err != nil {
			return forge.Review{}, err
		}
	}

	review := forge.Review{Verdict: r.Verdict, Body: r.Body}
	if r.Body != "" {
		var body newCommentBody
		body.Content.Raw = r.Body
		c, err := f.postComment(ctx, op, number, body, forge.Anchor{})
		if err != nil {
			return forge.Review{}, err
		}
		review.ID, review.Author = c.ID, c.Author
	}
	if verdictPath == "" {
		return review, nil
	}
	// The answer is the reviewer as a participant: {"user": ..., "approved": true, "state": ...}.
	var p participant
	if err := f.sendJSON(ctx, op, http.MethodPost, f.prURL(number, verdictPath), nil, &p); err != nil {
		return forge.Review{}, err
	}
	if p.User != nil {
		review.Author = p.User.user()
	}
	if review.ID == "" {
		// Bitbucket gives a verdict no id of its own; the pull request
		// and verdict name it well enough for display.
		review.ID = strconv.Itoa(number) + "/" + verdictPath
	}
	return review, nil
}
