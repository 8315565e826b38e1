package gitlab

import (
	"context"
	"strconv"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// Threads lists the merge request's diff discussions: each with its
// anchor (outdated when its position's head is no longer the merge
// request's), whether it is resolved, and its notes. Discussions not on
// a diff line (overview comments, system notes) are not review threads
// and are left out.
func (f *Forge) Threads(ctx context.Context, number int) ([]forge.ReviewThread, error) {
	const op = "list review threads"
	mr, err := f.mergeRequest(ctx, op, number)
	if err != nil {
		return nil, err
	}
	ds, resp, err := collect(0, func(page, size int64) ([]*gl.Discussion, *gl.Response, error) {
		opt := &gl.ListMergeRequestDiscussionsOptions{ListOptions: gl.ListOptions{Page: page, PerPage: size}}
		return f.c.Discussions.ListMergeRequestDiscussions(f.project, int64(number), opt, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, f.fail(ctx, op, resp, err)
	}
	var threads []forge.ReviewThread
	for _, d := range ds {
		if d == nil || len(d.Notes) == 0 || d.Notes[0] == nil || d.Notes[0].System || d.Notes[0].Position == nil {
			continue
		}
		anchor := anchorOf(d.Notes[0].Position, mr.DiffRefs.HeadSha)
		th := forge.ReviewThread{ID: d.ID, Anchor: anchor, Resolved: resolved(d.Notes)}
		for _, n := range d.Notes {
			if n == nil || n.System {
				continue
			}
			th.Comments = append(th.Comments, comment(n, anchor))
		}
		threads = append(threads, th)
	}
	return threads, nil
}

// resolved is GitLab's rule: a discussion is resolved when every note
// that can be resolved is.
func resolved(notes []*gl.Note) bool {
	some := false
	for _, n := range notes {
		if n == nil || !n.Resolvable {
			continue
		}
		if !n.Resolved {
			return false
		}
		some = true
	}
	return some
}

func comment(n *gl.Note, anchor forge.Anchor) forge.Comment {
	return forge.Comment{
		ID:      strconv.FormatInt(n.ID, 10),
		Author:  forge.User{Login: n.Author.Username, Name: n.Author.Name},
		Body:    n.Body,
		Created: timeOf(n.CreatedAt),
		Anchor:  anchor,
	}
}

// anchorOf reads a note's position: outdated when its head is not the
// merge request's head. A context line has both numbers and is reported
// on the new side. A line_range whose ends are the same line is a
// single-line comment (GitLab's UI sends one with every comment).
func anchorOf(p *gl.NotePosition, head string) forge.Anchor {
	a := forge.Anchor{CommitSHA: p.HeadSHA, Outdated: head != "" && p.HeadSHA != "" && p.HeadSHA != head}
	a.Side, a.Line = pick(p.OldLine, p.NewLine, "", forge.New)
	a.Path = p.NewPath
	if a.Path == "" || (a.Side == forge.Old && p.OldPath != "") {
		a.Path = p.OldPath
	}
	if r := p.LineRange; r != nil && r.StartRange != nil && r.EndRange != nil && r.StartRange.LineCode != r.EndRange.LineCode {
		old, nw := r.StartRange.OldLine, r.StartRange.NewLine
		if cOld, cNew, ok := parseLineCode(r.StartRange.LineCode); ok && old == 0 && nw == 0 {
			old, nw = cOld, cNew
		}
		a.StartSide, a.StartLine = pick(old, nw, r.StartRange.Type, a.Side)
	}
	return a
}

// pick chooses the side and number of a line from its two numbers and,
// for range ends, its type ("new" added, "old" removed, none context).
func pick(old, nw int64, typ string, prefer forge.Side) (forge.Side, int) {
	switch {
	case typ == "new" || (typ == "" && old == 0 && nw > 0):
		return forge.New, int(nw)
	case typ == "old" || (typ == "" && nw == 0 && old > 0):
		return forge.Old, int(old)
	case prefer == forge.Old && old > 0:
		return forge.Old, int(old)
	}
	return forge.New, int(nw)
}

// parseLineCode reads "<sha1>_<old>_<new>".
func parseLineCode(code string) (old, nw int64, ok bool) {
	parts := strings.Split(code, "_")
	if len(parts) != 3 {
		return 0, 0, false
	}
	o, err1 := strconv.ParseInt(parts[1], 10, 64)
	n, err2 := strconv.ParseInt(parts[2], 10, 64)
	return o, n, err1 == nil && err2 == nil
}

// Comment starts a diff discussion on a line or a range (POST
// .../discussions with a position built from the merge request's
// diff_refs and its diff).
func (f *Forge) Comment(ctx context.Context, number int, c forge.NewComment) (forge.Comment, error) {
	const op = "comment"
	if strings.TrimSpace(c.Body) == "" {
		return forge.Comment{}, &forge.Error{Op: op, Message: "the comment is empty", Err: forge.ErrInvalid}
	}
	if err := checkAnchor(op, c.Anchor); err != nil {
		return forge.Comment{}, err
	}
	mr, ds, err := f.diffContext(ctx, op, number)
	if err != nil {
		return forge.Comment{}, err
	}
	pos, err := position(op, mr, ds, c.Anchor)
	if err != nil {
		return forge.Comment{}, err
	}
	opt := &gl.CreateMergeRequestDiscussionOptions{Body: &c.Body, Position: pos}
	d, resp, err := f.c.Discussions.CreateMergeRequestDiscussion(f.project, int64(number), opt, gl.WithContext(ctx))
	if err != nil {
		return forge.Comment{}, f.fail(ctx, op, resp, err)
	}
	if d == nil || len(d.Notes) == 0 || d.Notes[0] == nil || d.Notes[0].ID == 0 {
		return forge.Comment{}, malformed(op, resp, "no note")
	}
	// The anchor is the one asked for: GitLab stores the position as
	// sent, and the caller's side for a context line is kept.
	return comment(d.Notes[0], requestedAnchor(c.Anchor, mr.DiffRefs.HeadSha)), nil
}

// requestedAnchor is the anchor as asked, on the current head.
func requestedAnchor(a forge.Anchor, head string) forge.Anchor {
	out := forge.Anchor{Path: a.Path, Side: a.Side, Line: a.Line, CommitSHA: head}
	if out.Side == "" {
		out.Side = forge.New
	}
	if a.StartLine > 0 {
		out.StartSide, out.StartLine = startSide(a), a.StartLine
	}
	return out
}

func startSide(a forge.Anchor) forge.Side {
	switch {
	case a.StartSide != "":
		return a.StartSide
	case a.Side != "":
		return a.Side
	}
	return forge.New
}

// diffContext is what positions are built from: the merge request (its
// diff_refs) and its diffs (which kind of line each line is).
func (f *Forge) diffContext(ctx context.Context, op string, number int) (*gl.MergeRequest, []*gl.MergeRequestDiff, error) {
	mr, err := f.mergeRequest(ctx, op, number)
	if err != nil {
		return nil, nil, err
	}
	if mr.DiffRefs.HeadSha == "" || mr.DiffRefs.BaseSha == "" || mr.DiffRefs.StartSha == "" {
		return nil, nil, &forge.Error{Op: op, Message: "the merge request has no diff yet",
			Hint: "wait for GitLab to compute the diff, then try again", Err: forge.ErrInvalid}
	}
	ds, err := f.diffs(ctx, op, number)
	if err != nil {
		return nil, nil, err
	}
	return mr, ds, nil
}

// position builds a text position for the anchor: new_line for an added
// line, old_line for a removed one, both for a context line, and for a
// range a line_range whose ends carry their line codes and, for changed
// lines, their type. The ends carry no line numbers: GitLab's API takes
// them as strings and then rejects them against its integer schema.
func position(op string, mr *gl.MergeRequest, ds []*gl.MergeRequestDiff, a forge.Anchor) (*gl.PositionOptions, error) {
	invalid := func(msg string) error { return &forge.Error{Op: op, Message: msg, Err: forge.ErrInvalid} }
	if err := checkAnchor(op, a); err != nil {
		return nil, err
	}
	if a.CommitSHA != "" && a.CommitSHA != mr.DiffRefs.HeadSha {
		return nil, invalid("the merge request's head is now " + short(mr.DiffRefs.HeadSha) + ", not " + short(a.CommitSHA) + ": review the new diff")
	}
	side := a.Side
	if side == "" {
		side = forge.New
	}
	d := findFile(ds, a.Path)
	if d == nil {
		return nil, invalid(a.Path + " is not changed in this merge request")
	}
	hunks, err := parseHunks(d.Diff)
	if err != nil {
		return nil, invalid(a.Path + ": " + err.Error())
	}
	end, ok := locate(d, hunks, side, a.Line)
	if !ok {
		return nil, invalid(lineName(a.Path, side, a.Line) + " is not in the merge request's diff")
	}
	refs := mr.DiffRefs
	pos := &gl.PositionOptions{
		BaseSHA: ptr(refs.BaseSha), StartSHA: ptr(refs.StartSha), HeadSHA: ptr(refs.HeadSha),
		PositionType: ptr("text"), NewPath: ptr(d.NewPath), OldPath: ptr(d.OldPath),
	}
	setLines(pos, end)
	if a.StartLine == 0 {
		return pos, nil
	}
	sside := startSide(a)
	start, ok := locate(d, hunks, sside, a.StartLine)
	if !ok {
		return nil, invalid(lineName(a.Path, sside, a.StartLine) + " is not in the merge request's diff")
	}
	if start.old > end.old || start.new > end.new || start == end {
		return nil, invalid("a range must start before it ends")
	}
	pos.LineRange = &gl.LineRangeOptions{Start: rangeEnd(d, start), End: rangeEnd(d, end)}
	return pos, nil
}

// checkAnchor refuses what no diff can hold, before any request.
func checkAnchor(op string, a forge.Anchor) error {
	invalid := func(msg string) error { return &forge.Error{Op: op, Message: msg, Err: forge.ErrInvalid} }
	switch {
	case a.Path == "" || a.Line < 1:
		return invalid("a comment needs a path and a line")
	case a.Side != "" && a.Side != forge.New && a.Side != forge.Old:
		return invalid("unknown side " + string(a.Side))
	case a.StartSide != "" && a.StartSide != forge.New && a.StartSide != forge.Old:
		return invalid("unknown side " + string(a.StartSide))
	case a.StartLine < 0:
		return invalid("a range cannot start before line 1")
	}
	return nil
}

func setLines(pos *gl.PositionOptions, l located) {
	switch l.kind {
	case '+':
		pos.NewLine = ptr(int64(l.new))
	case '-':
		pos.OldLine = ptr(int64(l.old))
	default:
		pos.OldLine, pos.NewLine = ptr(int64(l.old)), ptr(int64(l.new))
	}
}

func rangeEnd(d *gl.MergeRequestDiff, l located) *gl.LinePositionOptions {
	e := &gl.LinePositionOptions{LineCode: ptr(lineCode(d, l))}
	switch l.kind {
	case '+':
		e.Type = ptr("new")
	case '-':
		e.Type = ptr("old")
	}
	return e
}

func lineName(path string, side forge.Side, line int) string {
	return path + ":" + strconv.Itoa(line) + " (" + string(side) + " side)"
}

// Reply adds a note to a discussion.
func (f *Forge) Reply(ctx context.Context, number int, threadID, body string) (forge.Comment, error) {
	const op = "reply"
	if strings.TrimSpace(body) == "" {
		return forge.Comment{}, &forge.Error{Op: op, Message: "the reply is empty", Err: forge.ErrInvalid}
	}
	opt := &gl.AddMergeRequestDiscussionNoteOptions{Body: &body}
	n, resp, err := f.c.Discussions.AddMergeRequestDiscussionNote(f.project, int64(number), threadID, opt, gl.WithContext(ctx))
	if err != nil {
		return forge.Comment{}, f.fail(ctx, op, resp, err)
	}
	if n == nil || n.ID == 0 {
		return forge.Comment{}, malformed(op, resp, "no note")
	}
	var anchor forge.Anchor
	if n.Position != nil {
		anchor = anchorOf(n.Position, "")
	}
	return comment(n, anchor), nil
}

// Resolve resolves or unresolves a discussion.
func (f *Forge) Resolve(ctx context.Context, number int, threadID string, done bool) error {
	op := "resolve the thread"
	if !done {
		op = "unresolve the thread"
	}
	opt := &gl.ResolveMergeRequestDiscussionOptions{Resolved: &done}
	_, resp, err := f.c.Discussions.ResolveMergeRequestDiscussion(f.project, int64(number), threadID, opt, gl.WithContext(ctx))
	if err != nil {
		return f.fail(ctx, op, resp, err)
	}
	return nil
}
