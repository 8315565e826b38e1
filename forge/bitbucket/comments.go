package bitbucket

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"reef/forge"
)

// commentPageLen is the largest comments page Bitbucket serves.
const commentPageLen = 100

// Threads reads the pull request's inline comments as threads: a thread
// is a top-level inline comment (its ID is the thread's) and every reply
// under it, oldest first. General comments are the conversation, not
// review threads, and are left out; so are deleted comments and other
// people's pending ones. Bitbucket does not say whether an anchor is
// outdated.
func (f *Forge) Threads(ctx context.Context, number int) ([]forge.ReviewThread, error) {
	op := fmt.Sprintf("read review threads of pull request #%d", number)
	first := f.prURL(number, "comments") + fmt.Sprintf("?pagelen=%d", commentPageLen)
	all, err := paginate[comment](ctx, f, op, first, 0)
	if err != nil {
		return nil, err
	}
	return buildThreads(all), nil
}

// buildThreads groups comments under their top-level ancestor. Replies
// may come before their parent (sorting is by creation, and pages may
// interleave), so roots are found by walking parent links, not order.
func buildThreads(all []comment) []forge.ReviewThread {
	byID := make(map[int64]*comment, len(all))
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	root := func(c *comment) *comment {
		for hops := 0; c.Parent != nil && hops < len(all); hops++ {
			p, ok := byID[c.Parent.ID]
			if !ok {
				break
			}
			c = p
		}
		return c
	}
	threads := map[int64]*forge.ReviewThread{}
	var order []int64
	for i := range all {
		c := &all[i]
		r := root(c)
		if r.Inline == nil || r.Inline.Path == "" || r.Parent != nil {
			continue // a general comment, or a reply whose root is gone
		}
		t, ok := threads[r.ID]
		if !ok {
			t = &forge.ReviewThread{ID: strconv.FormatInt(r.ID, 10), Anchor: r.Inline.anchor(), Resolved: r.Resolution != nil}
			threads[r.ID] = t
			order = append(order, r.ID)
		}
		if c.Deleted || c.Pending {
			continue
		}
		t.Comments = append(t.Comments, c.value())
	}
	out := make([]forge.ReviewThread, 0, len(order))
	for _, id := range order {
		t := threads[id]
		if len(t.Comments) == 0 {
			continue // everything in it was deleted
		}
		sort.SliceStable(t.Comments, func(i, j int) bool { return t.Comments[i].Created.Before(t.Comments[j].Created) })
		out = append(out, *t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Comments[0].Created.Before(out[j].Comments[0].Created) })
	return out
}

// newCommentBody is what POST .../comments takes.
type newCommentBody struct {
	Content struct {
		Raw string `json:"raw"`
	} `json:"content"`
	Inline *inline `json:"inline,omitempty"`
	Parent *parent `json:"parent,omitempty"`
}

type parent struct {
	ID int64 `json:"id"`
}

// inlineFor builds the inline position of an anchor: "to" is a line of
// the new file (an added or context line), "from" of the old one (a
// removed line); a range starts at start_to or start_from on its start
// side.
func inlineFor(a forge.Anchor) (*inline, error) {
	if a.Path == "" || a.Line <= 0 {
		return nil, errors.New("an inline comment needs a path and a line")
	}
	in := &inline{Path: a.Path}
	line := a.Line
	switch a.Side {
	case forge.New, "":
		in.To = &line
	case forge.Old:
		in.From = &line
	default:
		return nil, fmt.Errorf("unknown side %q", a.Side)
	}
	side := a.StartSide
	if side == "" {
		side = a.Side
	}
	if a.StartLine > 0 && (a.StartLine != a.Line || side != a.Side) {
		start := a.StartLine
		if side == forge.Old {
			in.StartFrom = &start
		} else {
			in.StartTo = &start
		}
	}
	return in, nil
}

// Comment posts an inline comment as its own thread, published at once.
func (f *Forge) Comment(ctx context.Context, number int, nc forge.NewComment) (forge.Comment, error) {
	op := fmt.Sprintf("comment on pull request #%d", number)
	in, err := inlineFor(nc.Anchor)
	if err != nil {
		return forge.Comment{}, &forge.Error{Op: op, Message: err.Error(), Err: forge.ErrInvalid}
	}
	var body newCommentBody
	body.Content.Raw = nc.Body
	body.Inline = in
	return f.postComment(ctx, op, number, body, nc.Anchor)
}

// Reply answers a thread: a comment whose parent is the thread's root.
func (f *Forge) Reply(ctx context.Context, number int, threadID string, text string) (forge.Comment, error) {
	op := fmt.Sprintf("reply on pull request #%d", number)
	id, err := strconv.ParseInt(threadID, 10, 64)
	if err != nil || id <= 0 {
		return forge.Comment{}, &forge.Error{Op: op, Message: fmt.Sprintf("thread id %q is not a Bitbucket comment id", threadID), Err: forge.ErrInvalid}
	}
	var body newCommentBody
	body.Content.Raw = text
	body.Parent = &parent{ID: id}
	return f.postComment(ctx, op, number, body, forge.Anchor{})
}

// postComment sends a new comment. The answer's own anchor wins; when it
// has none (Bitbucket leaves inline out of some answers) the anchor
// asked for is the one the comment got.
func (f *Forge) postComment(ctx context.Context, op string, number int, body newCommentBody, asked forge.Anchor) (forge.Comment, error) {
	var c comment
	if err := f.sendJSON(ctx, op, http.MethodPost, f.prURL(number, "comments"), body, &c); err != nil {
		return forge.Comment{}, err
	}
	if c.ID == 0 {
		return forge.Comment{}, &forge.Error{Op: op, Message: "Bitbucket answered without a comment id"}
	}
	v := c.value()
	if v.Anchor.Path == "" && asked.Path != "" {
		v.Anchor = forge.Anchor{Path: asked.Path, Side: asked.Side, Line: asked.Line, StartSide: asked.StartSide, StartLine: asked.StartLine}
		if v.Anchor.Side == "" {
			v.Anchor.Side = forge.New
		}
	}
	return v, nil
}

// Resolve resolves a thread (POST .../comments/{id}/resolve) or reopens
// it (DELETE). Only a top-level comment can be resolved. Asking for the
// state the thread is already in answers 409, which is success here.
func (f *Forge) Resolve(ctx context.Context, number int, threadID string, resolved bool) error {
	op := fmt.Sprintf("resolve thread %s of pull request #%d", threadID, number)
	method := http.MethodPost
	if !resolved {
		op = fmt.Sprintf("reopen thread %s of pull request #%d", threadID, number)
		method = http.MethodDelete
	}
	if _, err := strconv.ParseInt(threadID, 10, 64); err != nil {
		return &forge.Error{Op: op, Message: fmt.Sprintf("thread id %q is not a Bitbucket comment id", threadID), Err: forge.ErrInvalid}
	}
	err := f.sendJSON(ctx, op, method, f.prURL(number, "comments", threadID, "resolve"), nil, nil)
	var fe *forge.Error
	if errors.As(err, &fe) && fe.Status == http.StatusConflict {
		return nil
	}
	return err
}
