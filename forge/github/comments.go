package github

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// Threads lists the review comments grouped into threads: a thread is
// its first comment and the replies naming it in in_reply_to_id (GitHub
// points every reply at the first comment). The resolved state comes
// from GraphQL, which REST does not expose. A thread's ID is its first
// comment's id, which Reply and Resolve take.
func (f *Forge) Threads(ctx context.Context, number int) ([]forge.ReviewThread, error) {
	op := fmt.Sprintf("read the review threads of pull request #%d", number)
	comments, err := collect(ctx, f, op, query(f.repoPath("pulls/%d/comments", number), "per_page", "100"), 0,
		func(p *[]*gh.PullRequestComment) []*gh.PullRequestComment { return *p })
	if err != nil {
		return nil, err
	}
	states, err := f.threadStates(ctx, op, number)
	if err != nil {
		return nil, err
	}
	byRoot := map[int64][]*gh.PullRequestComment{}
	var roots []int64
	for _, c := range comments {
		root := c.GetID()
		if c.InReplyTo != nil {
			root = *c.InReplyTo
		}
		if byRoot[root] == nil {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], c)
	}
	sort.Slice(roots, func(i, j int) bool { return roots[i] < roots[j] })
	out := make([]forge.ReviewThread, 0, len(roots))
	for _, root := range roots {
		cs := byRoot[root]
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].GetID() < cs[j].GetID() })
		// The first comment anchors the thread; a reply whose first
		// comment was deleted anchors it where the reply is.
		t := forge.ReviewThread{ID: strconv.FormatInt(root, 10), Anchor: anchor(cs[0])}
		if st, ok := states[root]; ok {
			t.Resolved = st.resolved
			t.Anchor.Outdated = t.Anchor.Outdated || st.outdated
		}
		for _, c := range cs {
			t.Comments = append(t.Comments, comment(c))
		}
		out = append(out, t)
	}
	return out, nil
}

// anchor reads where a comment sits. A comment whose line no longer
// exists in the latest diff has line (and position) null: it is
// outdated, and its original_* fields place it on original_commit_id.
// Only line is trusted for this: position is deprecated and may stop
// being sent, and Threads also asks GraphQL's isOutdated.
func anchor(c *gh.PullRequestComment) forge.Anchor {
	a := forge.Anchor{Path: c.GetPath(), Side: side(c.GetSide())}
	if c.GetSubjectType() == "file" {
		a.CommitSHA = c.GetCommitID()
		return a // a comment on the whole file has no line
	}
	if c.Line != nil {
		a.Line, a.StartLine, a.CommitSHA = c.GetLine(), c.GetStartLine(), c.GetCommitID()
	} else {
		a.Line, a.StartLine, a.CommitSHA = c.GetOriginalLine(), c.GetOriginalStartLine(), c.GetOriginalCommitID()
		a.Outdated = true
	}
	if a.StartLine != 0 {
		a.StartSide = side(c.GetStartSide())
		if c.StartSide == nil {
			a.StartSide = a.Side
		}
	}
	return a
}

// side maps GitHub's LEFT (the base) and RIGHT (the head; comments
// from before sides existed are all on the head).
func side(s string) forge.Side {
	if s == "LEFT" {
		return forge.Old
	}
	return forge.New
}

func apiSide(s forge.Side) string {
	if s == forge.Old {
		return "LEFT"
	}
	return "RIGHT"
}

func comment(c *gh.PullRequestComment) forge.Comment {
	return forge.Comment{
		ID:      strconv.FormatInt(c.GetID(), 10),
		Author:  user(c.User),
		Body:    c.GetBody(),
		Created: c.GetCreatedAt().Time,
		Anchor:  anchor(c),
	}
}

// lineAnchor is the placement part of a review comment request: file
// line numbers on a side (GitHub's line/side API, not the deprecated
// diff position).
type lineAnchor struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Side      string `json:"side"`
	StartLine int    `json:"start_line,omitempty"`
	StartSide string `json:"start_side,omitempty"`
}

// placement checks and converts an anchor. A range whose start is its
// end is one line: GitHub rejects start_line == line.
func placement(a forge.Anchor) (lineAnchor, error) {
	if a.Path == "" || a.Line <= 0 {
		return lineAnchor{}, fmt.Errorf("an inline comment needs a path and a line (got %q line %d)", a.Path, a.Line)
	}
	la := lineAnchor{Path: a.Path, Line: a.Line, Side: apiSide(a.Side)}
	if a.StartLine > 0 && !(a.StartLine == a.Line && (a.StartSide == "" || a.StartSide == a.Side)) {
		startSide := a.StartSide
		if startSide == "" {
			startSide = a.Side
		}
		if startSide == a.Side && a.StartLine > a.Line {
			return lineAnchor{}, fmt.Errorf("a range must start before it ends (lines %d-%d)", a.StartLine, a.Line)
		}
		la.StartLine, la.StartSide = a.StartLine, apiSide(startSide)
	}
	return la, nil
}

type commentRequest struct {
	Body     string `json:"body"`
	CommitID string `json:"commit_id"`
	lineAnchor
}

// Comment posts an inline comment as a new thread, at once. Without a
// commit in the anchor it is placed on the pull request's head.
func (f *Forge) Comment(ctx context.Context, number int, nc forge.NewComment) (forge.Comment, error) {
	op := fmt.Sprintf("comment on pull request #%d", number)
	la, err := placement(nc.Anchor)
	if err != nil {
		return forge.Comment{}, &forge.Error{Op: op, Message: err.Error(), Err: forge.ErrInvalid}
	}
	commit := nc.Anchor.CommitSHA
	if commit == "" {
		var p gh.PullRequest
		if _, err := f.do(ctx, op, http.MethodGet, f.repoPath("pulls/%d", number), nil, &p); err != nil {
			return forge.Comment{}, err
		}
		commit = p.GetHead().GetSHA()
	}
	body := commentRequest{Body: nc.Body, CommitID: commit, lineAnchor: la}
	var c gh.PullRequestComment
	if _, err := f.do(ctx, op, http.MethodPost, f.repoPath("pulls/%d/comments", number), body, &c); err != nil {
		return forge.Comment{}, err
	}
	return comment(&c), nil
}

// Reply answers a thread (threadID: its first comment's id).
func (f *Forge) Reply(ctx context.Context, number int, threadID string, body string) (forge.Comment, error) {
	op := fmt.Sprintf("reply on pull request #%d", number)
	id, err := strconv.ParseInt(threadID, 10, 64)
	if err != nil || id <= 0 {
		return forge.Comment{}, &forge.Error{Op: op, Message: fmt.Sprintf("thread %q is not a GitHub comment id", threadID), Err: forge.ErrInvalid}
	}
	var c gh.PullRequestComment
	req := struct {
		Body string `json:"body"`
	}{body}
	if _, err := f.do(ctx, op, http.MethodPost, f.repoPath("pulls/%d/comments/%d/replies", number, id), req, &c); err != nil {
		return forge.Comment{}, err
	}
	return comment(&c), nil
}
