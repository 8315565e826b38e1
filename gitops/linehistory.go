package gitops

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
	"reef/gitops/textdiff"
	"reef/gitops/treediff"
)

// LineHistoryOptions selects a line range's history: git log -L
// From,To:Path starting at Rev ("" means HEAD). From and To are 1-based
// and inclusive; From 0 means the first line and To 0 the last.
type LineHistoryOptions struct {
	Rev      string
	Path     string
	From, To int
}

// LineLogEntry is one commit that changed the tracked lines.
type LineLogEntry struct {
	Commit *Commit
	// Path is the file's path in this commit: renames are followed, as
	// git log -L follows them.
	Path string
	// From and To bound the tracked lines in this commit's version of the
	// file (1-based, inclusive). Ranges lists them exactly: edits inside
	// the range can split it, and git then prints one hunk per part.
	From, To int
	Ranges   []LineRange
	// Diff is this commit's change to the file cut to the tracked lines
	// (the hunks touching them, with the tracked lines as context), as
	// git log -L prints it. A merge shown because every parent differs
	// has no hunks: git prints none either.
	Diff FileDiff
}

// LineHistory is a paged line-range history. It is not safe for
// concurrent use.
type LineHistory struct {
	r     *Repo
	src   *revwalk.Source
	start oid.ID
	bloom bool
	// pending holds the lines each waiting commit tracks, handed down by
	// its children; a commit is processed once all children that can hand
	// it lines have been.
	pending map[oid.ID]lineSet
	// While no merge has sent lines down more than one parent, the
	// commits to process form one chain and cur is the next; after, the
	// walk follows order, git's topological order of the whole history.
	cur     oid.ID
	order   []oid.ID
	pos     int
	steps   int
	headers map[oid.ID]lineHeader
	trees   lineTrees
	keys    map[string]commitgraph.BloomKey
	done    bool
	err     error
}

// LineHistory starts the history of lines From..To of a file, exactly as
// `git log -L From,To:Path Rev` lists it: commits in git's topological
// order, renames followed, merges shown only when every parent differs
// in those lines. Unlike git it stops as soon as no line is left to
// trace, instead of walking to the root.
func (r *Repo) LineHistory(ctx context.Context, o LineHistoryOptions) (*LineHistory, error) {
	p := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(o.Path, "\\", "/")), "/")
	if p == "" {
		return nil, fmt.Errorf("line history needs a file path")
	}
	if o.From < 0 || o.To < 0 {
		return nil, fmt.Errorf("line numbers start at 1: got %d,%d", o.From, o.To)
	}
	rev := o.Rev
	if rev == "" {
		rev = "HEAD"
	}
	start, err := r.ResolveCommit(rev)
	if err != nil {
		return nil, err
	}
	c, err := r.Commit(start)
	if err != nil {
		return nil, err
	}
	data, err := r.blobAt(c.Tree, p)
	if err != nil {
		return nil, fmt.Errorf("%w %s in %s", ErrNoSuchPath, p, rev)
	}
	src, err := r.source()
	if err != nil {
		return nil, err
	}
	h := &LineHistory{r: r, src: src, start: start, cur: start, pending: map[oid.ID]lineSet{}, trees: lineTrees{r: r},
		keys: map[string]commitgraph.BloomKey{}}
	h.bloom = src.Graph != nil && src.Graph.HasBloom()
	lines := len(textdiff.SplitLines(data))
	first, last := o.From, o.To
	if first > 0 && last > 0 && last < first {
		first, last = last, first
	}
	if (lines == 0 && (first > 0 || last > 0)) || lines < first {
		return nil, fmt.Errorf("file %s has only %d lines", p, lines)
	}
	first = max(first, 1)
	if last < 1 || last > lines {
		last = lines
	}
	if set := (lineSet{{path: p, spans: unionSpans(nil, []span{{first - 1, last}})}}).trim(); len(set) > 0 {
		h.pending[start] = set
	} else {
		h.done = true // an empty file has no lines to trace
	}
	return h, ctx.Err()
}

// Next returns up to n more entries; io.EOF (with no entries) at the end,
// as FileHistory.Next does. Pages come as soon as they are full: the walk
// stops between them.
func (h *LineHistory) Next(ctx context.Context, n int) ([]LineLogEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []LineLogEntry
	for len(out) < n {
		if h.err != nil {
			return out, h.err
		}
		id, ok, err := h.next(ctx)
		if err != nil {
			h.err = err
			return out, err
		}
		if !ok {
			break
		}
		e, err := h.process(ctx, id)
		if err != nil {
			h.err = err
			return out, err
		}
		if e != nil {
			out = append(out, *e)
		}
	}
	if len(out) == 0 && h.done {
		return nil, io.EOF
	}
	return out, nil
}

// next picks the commit to process; false when no lines are left.
func (h *LineHistory) next(ctx context.Context) (oid.ID, bool, error) {
	if h.done {
		return oid.Zero, false, nil
	}
	if h.steps++; h.steps%64 == 0 {
		if err := ctx.Err(); err != nil {
			return oid.Zero, false, err
		}
	}
	if len(h.pending) == 0 {
		h.done = true
		return oid.Zero, false, nil
	}
	if h.order == nil {
		return h.cur, true, nil
	}
	for h.pos < len(h.order) {
		id := h.order[h.pos]
		h.pos++
		if _, ok := h.pending[id]; ok {
			return id, true, nil
		}
	}
	// Lines left on commits the walk never reached cannot happen in a
	// consistent repository; stop rather than loop.
	h.done = true
	return oid.Zero, false, nil
}

// hand gives lines to a parent, merging with what other children gave.
func (h *LineHistory) hand(id oid.ID, set lineSet) {
	if set = set.trim(); len(set) == 0 {
		return
	}
	if old, ok := h.pending[id]; ok {
		set = mergeLines(old, set)
	} else {
		set = mergeLines(nil, set)
	}
	h.pending[id] = set
}

// process applies git's line-log step to one commit: it hands the lines
// to the parents and returns the entry when git would show the commit.
func (h *LineHistory) process(ctx context.Context, id oid.ID) (*LineLogEntry, error) {
	set := h.pending[id]
	delete(h.pending, id)
	hd, err := h.header(id)
	if err != nil {
		return nil, err
	}
	parents := hd.parents
	if len(parents) > 0 && h.unchanged(hd, set) {
		h.hand(parents[0], set)
		return nil, h.follow(ctx, id)
	}
	if len(parents) <= 1 {
		var ptree oid.ID
		if len(parents) == 1 {
			ph, err := h.header(parents[0])
			if err != nil {
				return nil, err
			}
			ptree = ph.tree
		}
		res, err := h.r.lineStep(ctx, &h.trees, ptree, hd.tree, set)
		if err != nil {
			return nil, err
		}
		if len(parents) == 1 {
			h.hand(parents[0], res.parent)
		}
		if err := h.follow(ctx, id); err != nil {
			return nil, err
		}
		if res.changed == 0 {
			return nil, nil
		}
		return h.entry(id, set, res)
	}
	// A merge: the first parent with the same lines takes them all and
	// the merge is not shown; when every parent differs, each gets its
	// own version of the lines and the merge is shown.
	cands := make([]lineSet, len(parents))
	for i, p := range parents {
		ph, err := h.header(p)
		if err != nil {
			return nil, err
		}
		res, err := h.r.lineStep(ctx, &h.trees, ph.tree, hd.tree, set)
		if err != nil {
			return nil, err
		}
		if res.changed == 0 {
			h.hand(p, res.parent)
			return nil, h.follow(ctx, id)
		}
		cands[i] = res.parent
	}
	for i, p := range parents {
		h.hand(p, cands[i])
	}
	if err := h.follow(ctx, id); err != nil {
		return nil, err
	}
	return h.entry(id, set, lineResult{})
}

// follow moves the walk on after id handed its lines to its parents.
// While one commit at a time holds lines, that one is next: lines held by
// one chain of commits come out in chain order whatever git's walk does
// around them. Once lines sit on two commits, only git's own order of the
// whole history tells which comes first.
func (h *LineHistory) follow(ctx context.Context, id oid.ID) error {
	if h.order != nil || len(h.pending) == 0 {
		return nil
	}
	if len(h.pending) == 1 {
		for p := range h.pending {
			h.cur = p
		}
		return nil
	}
	order, err := h.topoOrder(ctx)
	if err != nil {
		return err
	}
	for i, c := range order {
		if c == id {
			h.order, h.pos = order, i+1
			return nil
		}
	}
	return fmt.Errorf("commit %s is not in the history of %s", id, h.start)
}

// unchanged: the commit-graph's changed-path filter says the commit left
// every tracked file as its first parent had it (git checks the same).
func (h *LineHistory) unchanged(hd lineHeader, set lineSet) bool {
	if !h.bloom || !hd.inGraph {
		return false
	}
	for _, p := range set {
		key, ok := h.keys[p.path]
		if !ok {
			key = commitgraph.NewBloomKey(p.path)
			h.keys[p.path] = key
		}
		if h.src.Graph.MaybeChanged(hd.pos, key) {
			return false
		}
	}
	return true
}

// lineResult is a commit's line-log step against one parent.
type lineResult struct {
	parent  lineSet // the lines in the parent
	changed int     // files whose tracked lines the commit touched
	pairs   []linePair
	touched []spanDiff // per pair: the touching hunks
}

// lineStep maps set across the change from parentTree to tree (git's
// process_all_files).
func (r *Repo) lineStep(ctx context.Context, trees *lineTrees, parentTree, tree oid.ID, set lineSet) (lineResult, error) {
	res := lineResult{parent: set.clone()}
	pairs, err := r.queueDiffs(ctx, trees, parentTree, tree, set)
	if err != nil {
		return res, err
	}
	for _, p := range pairs {
		i := res.parent.find(p.new.Path)
		if i < 0 || len(res.parent[i].spans) == 0 {
			continue
		}
		newData, err := r.sideData(p.new)
		if err != nil {
			return res, err
		}
		oldData, err := r.sideData(p.old)
		if err != nil {
			return res, err
		}
		spans, touched := mapAcrossDiff(res.parent[i].spans, collectDiff(oldData, newData))
		res.parent[i] = pathSpans{path: p.old.Path, spans: spans}
		if len(touched.parent) > 0 {
			res.changed++
			res.pairs = append(res.pairs, p)
			res.touched = append(res.touched, touched)
		}
	}
	return res, nil
}

// entry makes the shown entry of a commit that tracked set.
func (h *LineHistory) entry(id oid.ID, set lineSet, res lineResult) (*LineLogEntry, error) {
	c, err := h.r.Commit(id)
	if err != nil {
		return nil, err
	}
	e := &LineLogEntry{Commit: c, Path: set[0].path}
	var spans []span
	if len(res.pairs) > 0 {
		p := res.pairs[0]
		e.Path = p.new.Path
		spans = set[set.find(e.Path)].spans
		if e.Diff, err = h.r.lineDiff(p, spans, res.touched[0]); err != nil {
			return nil, err
		}
	} else {
		spans = set[0].spans
		e.Diff.FileChange = FileChange{Status: treediff.Modified, OldPath: e.Path, NewPath: e.Path}
	}
	for _, s := range spans {
		e.Ranges = append(e.Ranges, LineRange{Start: s.start + 1, End: s.end})
	}
	e.From, e.To = spans[0].start+1, spans[len(spans)-1].end
	return e, nil
}

// lineDiff is the FileDiff of one pair cut to the tracked spans.
func (r *Repo) lineDiff(p linePair, spans []span, touched spanDiff) (FileDiff, error) {
	fd := FileDiff{FileChange: FileChange{
		Status: p.status, OldPath: p.old.Path, NewPath: p.new.Path,
		OldMode: p.old.Mode, NewMode: p.new.Mode, OldID: p.old.ID, NewID: p.new.ID,
	}}
	oldData, err := r.sideData(p.old)
	if err != nil {
		return fd, err
	}
	newData, err := r.sideData(p.new)
	if err != nil {
		return fd, err
	}
	fd.OldSize, fd.NewSize = int64(len(oldData)), int64(len(newData))
	fd.Hunks = rangeHunks(spans, touched, textdiff.SplitLines(oldData), textdiff.SplitLines(newData))
	fd.Added, fd.Deleted = textdiff.Stat(fd.Hunks)
	return fd, nil
}
