package github

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// draftComment is one inline comment of a review being created.
type draftComment struct {
	Body string `json:"body"`
	lineAnchor
}

// reviewRequest creates a review; without an event it stays PENDING,
// visible only to its author until submitted.
type reviewRequest struct {
	CommitID string         `json:"commit_id,omitempty"`
	Body     string         `json:"body,omitempty"`
	Event    string         `json:"event,omitempty"`
	Comments []draftComment `json:"comments,omitempty"`
}

type submitRequest struct {
	Body  string `json:"body,omitempty"`
	Event string `json:"event"`
}

// SubmitReview submits a verdict. With inline comments it follows
// GitHub's documented flow: create a PENDING review holding the
// comments (no event), then submit it with the event and body; if the
// submission is refused the pending review is deleted so nothing is
// left half-done (the caller still has the comments). Without comments
// the review is created with its event at once.
func (f *Forge) SubmitReview(ctx context.Context, number int, r forge.NewReview) (forge.Review, error) {
	op := fmt.Sprintf("review pull request #%d", number)
	event, ok := reviewEvent(r.Verdict)
	if !ok {
		return forge.Review{}, &forge.Error{Op: op, Message: fmt.Sprintf("unknown verdict %q", r.Verdict),
			Hint: "approve, request changes or comment", Err: forge.ErrInvalid}
	}
	commit := r.CommitSHA
	drafts := make([]draftComment, 0, len(r.Comments))
	for _, c := range r.Comments {
		la, err := placement(c.Anchor)
		if err != nil {
			return forge.Review{}, &forge.Error{Op: op, Message: err.Error(), Err: forge.ErrInvalid}
		}
		if commit == "" {
			// The lines were read on this commit's diff.
			commit = c.Anchor.CommitSHA
		}
		drafts = append(drafts, draftComment{Body: c.Body, lineAnchor: la})
	}
	reviews := f.repoPath("pulls/%d/reviews", number)
	var rv gh.PullRequestReview
	if len(drafts) == 0 {
		req := reviewRequest{CommitID: commit, Body: r.Body, Event: event}
		if _, err := f.do(ctx, op, http.MethodPost, reviews, req, &rv); err != nil {
			return forge.Review{}, err
		}
		return review(&rv), nil
	}
	var pending gh.PullRequestReview
	if _, err := f.do(ctx, op, http.MethodPost, reviews, reviewRequest{CommitID: commit, Comments: drafts}, &pending); err != nil {
		return forge.Review{}, err
	}
	events := fmt.Sprintf("%s/%d/events", reviews, pending.GetID())
	if _, err := f.do(ctx, op, http.MethodPost, events, submitRequest{Body: r.Body, Event: event}, &rv); err != nil {
		if ctx.Err() == nil {
			// Best effort: a failure here leaves the pending review
			// for the user to discard on GitHub, which the hint of a
			// later "one pending review" refusal says.
			_, _ = f.do(ctx, op, http.MethodDelete, fmt.Sprintf("%s/%d", reviews, pending.GetID()), nil, nil)
		}
		return forge.Review{}, err
	}
	return review(&rv), nil
}

func reviewEvent(v forge.Verdict) (string, bool) {
	switch v {
	case forge.Approve:
		return "APPROVE", true
	case forge.RequestChanges:
		return "REQUEST_CHANGES", true
	case forge.CommentOnly:
		return "COMMENT", true
	}
	return "", false
}

func review(r *gh.PullRequestReview) forge.Review {
	v, ok := verdict(r.GetState())
	if !ok {
		v = forge.Pending
	}
	return forge.Review{ID: strconv.FormatInt(r.GetID(), 10), Author: user(r.User), Verdict: v, Body: r.GetBody()}
}
