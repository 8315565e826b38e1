package gitops

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/textdiff"
	"reef/gitops/treediff"
)

// linePair is one file's change between a parent and a commit, as git's
// line log queues it: Old is absent for a file the commit created.
type linePair struct {
	status   byte
	old, new treediff.Side
}

// lineTrees reads trees for the line walk and keeps recent ones: a
// commit's tree is read again as its child's parent tree, and most
// commits leave the directories on the way to a tracked file alone.
type lineTrees struct {
	r *Repo
	m map[oid.ID][]byte
}

func (t *lineTrees) tree(id oid.ID) ([]byte, error) {
	if data, ok := t.m[id]; ok {
		return data, nil
	}
	typ, data, err := t.r.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Tree {
		return nil, fmt.Errorf("object %s is a %s, not a tree: run `git fsck`", id, typ)
	}
	if t.m == nil || len(t.m) >= 4096 {
		t.m = make(map[oid.ID][]byte)
	}
	t.m[id] = data
	return data, nil
}

// treeSide is a tree entry; mode 0 when absent.
type treeSide struct {
	mode uint32
	id   oid.ID
}

func (t *lineTrees) child(e treeSide, name string) (treeSide, error) {
	if e.mode != object.ModeTree || e.id.IsZero() {
		return treeSide{}, nil
	}
	data, err := t.tree(e.id)
	if err != nil {
		return treeSide{}, err
	}
	mode, id, found, err := object.FindEntry(data, name)
	if err != nil {
		return treeSide{}, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", e.id, err)
	}
	if !found {
		return treeSide{}, nil
	}
	return treeSide{mode, id}, nil
}

// compare finds path in two trees (zero: the empty tree) in step. same
// reports that they hold the same thing there, found as soon as the
// directories on the way are the same object.
func (t *lineTrees) compare(a, b oid.ID, path string) (ea, eb treeSide, same bool, err error) {
	ea, eb = treeSide{object.ModeTree, a}, treeSide{object.ModeTree, b}
	for rest := path; ; {
		if ea == eb {
			return ea, eb, true, nil
		}
		name, tail, more := strings.Cut(rest, "/")
		if ea, err = t.child(ea, name); err != nil {
			return
		}
		if eb, err = t.child(eb, name); err != nil {
			return
		}
		if !more {
			return ea, eb, ea == eb, nil
		}
		rest = tail
	}
}

// entry finds path in a tree.
func (t *lineTrees) entry(tree oid.ID, path string) (treeSide, error) {
	e := treeSide{object.ModeTree, tree}
	for _, name := range strings.Split(path, "/") {
		var err error
		if e, err = t.child(e, name); err != nil || e.mode == 0 {
			return e, err
		}
	}
	return e, nil
}

// queueDiffs lists the changes from parentTree (zero: the empty tree) to
// tree at the tracked paths: git's queue_diffs. When a tracked file is
// new, it looks for where it came from among the files the commit
// deleted (and, with diff.renames=copies, the tracked files it modified),
// as git log -L does with its default rename detection.
func (r *Repo) queueDiffs(ctx context.Context, trees *lineTrees, parentTree, tree oid.ID, set lineSet) ([]linePair, error) {
	var pairs []linePair
	created := false
	for _, p := range set {
		oldE, newE, same, err := trees.compare(parentTree, tree, p.path)
		if err != nil || same {
			if err != nil {
				return nil, err
			}
			continue
		}
		oldMode, oldID, newMode, newID := oldE.mode, oldE.id, newE.mode, newE.id
		if oldMode == object.ModeTree {
			// A directory became this file: git lists the directory's files
			// as deleted, so this one is new.
			oldMode, oldID = 0, oid.Zero
		}
		if newMode == 0 || newMode == object.ModeTree || (oldMode == newMode && oldID == newID) {
			continue
		}
		pair := linePair{status: treediff.Modified,
			old: treediff.Side{Path: p.path, Mode: oldMode, ID: oldID},
			new: treediff.Side{Path: p.path, Mode: newMode, ID: newID}}
		if oldMode == 0 {
			pair.status, pair.old = treediff.Added, treediff.Side{Path: p.path}
			created = true
		} else if oldMode&0o170000 != newMode&0o170000 {
			pair.status = treediff.TypeChanged
		}
		pairs = append(pairs, pair)
	}
	mode := r.configRenames()
	if !created || mode == RenamesOff {
		return pairs, nil
	}
	return r.renamedPairs(ctx, parentTree, tree, set, mode == RenamesCopies)
}

// renamedPairs runs git's rename detection on the whole tree diff cut to
// what line log keeps: deletions, and changes to the tracked paths.
func (r *Repo) renamedPairs(ctx context.Context, parentTree, tree oid.ID, set lineSet, copies bool) ([]linePair, error) {
	changes, err := treediff.Trees(ctx, r.db, parentTree, tree, nil)
	if err != nil {
		return nil, err
	}
	kept := changes[:0]
	for _, c := range changes {
		if !c.New.Exists() || set.find(c.New.Path) >= 0 {
			kept = append(kept, c)
		}
	}
	limit, err := r.cfg.Int("diff.renamelimit", 0)
	if err != nil {
		return nil, err
	}
	size := func(s treediff.Side) (int64, error) {
		_, n, err := r.db.Header(s.ID)
		return n, err
	}
	found, err := treediff.DetectRenamesContext(ctx, kept, r.sideData, treediff.RenameOptions{Copies: copies, Limit: int(limit), Size: size})
	if err != nil {
		return nil, err
	}
	var pairs []linePair
	for _, c := range found {
		if !c.New.Exists() || set.find(c.New.Path) < 0 {
			continue
		}
		p := linePair{status: c.Status, old: c.Old, new: c.New}
		if !c.Old.Exists() {
			p.old = treediff.Side{Path: c.New.Path}
		}
		pairs = append(pairs, p)
	}
	return pairs, nil
}

// sideData is a side's content as git's diff reads it: a blob, or a
// submodule's "Subproject commit" line.
func (r *Repo) sideData(s treediff.Side) ([]byte, error) {
	if !s.Exists() {
		return nil, nil
	}
	if s.Mode == treediff.ModeGitlink {
		return []byte("Subproject commit " + s.ID.String() + "\n"), nil
	}
	return r.Blob(s.ID)
}

// lineEdits diffs two files the way git log -L does: zero context, git's
// common-tail trimming, and no indent heuristic (line-log calls xdiff
// with no options at all, unlike git diff and git blame).
//
// textdiff always applies the heuristic, so the lines are first replaced
// by tokens that keep which lines are equal but give every line the same
// indentation and no blank ones: the heuristic then scores every place a
// change can slide to the same and keeps the lowest, which is where
// xdiff leaves a change without it. Tokens also keep the trimming, done
// here on the real bytes, from being redone on different ones, and a
// context of one line keeps textdiff from trimming again.
func lineEdits(old, new []byte) []textdiff.Edit {
	cut := tailTrimmed(old, new)
	return tokenEdits(old[:len(old)-cut], new[:len(new)-cut])
}

// tailTrimmed is how many bytes git's trim_common_tail drops from the end
// of both files before a zero-context diff: whole common 1 KiB blocks,
// less what follows the first newline in them.
func tailTrimmed(a, b []byte) int {
	const blk = 1024
	trimmed := 0
	for trimmed+blk <= min(len(a), len(b)) &&
		bytes.Equal(a[len(a)-trimmed-blk:len(a)-trimmed], b[len(b)-trimmed-blk:len(b)-trimmed]) {
		trimmed += blk
	}
	recovered := 0
	tail := a[len(a)-trimmed:]
	for recovered < trimmed {
		recovered++
		if tail[recovered-1] == '\n' {
			break
		}
	}
	return trimmed - recovered
}

func tokenEdits(old, new []byte) []textdiff.Edit {
	ids := map[string]int{}
	tokens := func(data []byte) []byte {
		var out []byte
		for _, l := range textdiff.SplitLines(data) {
			id, ok := ids[string(l)]
			if !ok {
				id = len(ids)
				ids[string(l)] = id
			}
			out = append(out, 'L')
			out = strconv.AppendInt(out, int64(id), 36)
			out = append(out, '\n')
		}
		return out
	}
	a, b := tokens(old), tokens(new)
	var edits []textdiff.Edit
	for _, h := range textdiff.Diff(a, b, textdiff.Options{Context: 1}) {
		o, n := h.OldStart-1, h.NewStart-1
		if h.OldLines == 0 {
			o = h.OldStart
		}
		if h.NewLines == 0 {
			n = h.NewStart
		}
		open := false
		for _, l := range h.Lines {
			if l.Kind == textdiff.Equal {
				if open {
					edits[len(edits)-1].OldEnd, edits[len(edits)-1].NewEnd = o, n
					open = false
				}
				o, n = o+1, n+1
				continue
			}
			if !open {
				edits = append(edits, textdiff.Edit{OldStart: o, NewStart: n})
				open = true
			}
			if l.Kind == textdiff.Delete {
				o++
			} else {
				n++
			}
		}
		if open {
			edits[len(edits)-1].OldEnd, edits[len(edits)-1].NewEnd = o, n
		}
	}
	return edits
}

// collectDiff is git's collect_diff: the hunks as parent and commit runs.
func collectDiff(old, new []byte) spanDiff {
	var d spanDiff
	for _, e := range lineEdits(old, new) {
		d.parent = append(d.parent, span{e.OldStart, e.OldEnd})
		d.target = append(d.target, span{e.NewStart, e.NewEnd})
	}
	return d
}

// rangeHunks builds the hunks git log -L prints for a commit: one per
// tracked span that a touching hunk reaches, the span's lines as context
// around the hunks' removed and added lines (git's dump_diff_hacky_one,
// header arithmetic included).
func rangeHunks(spans []span, d spanDiff, oldLines, newLines [][]byte) []Hunk {
	var out []Hunk
	P, T := d.parent, d.target
	j := 0
	for _, rg := range spans {
		tStart, tEnd := rg.start, rg.end
		for j < len(T) && T[j].end < tStart {
			j++
		}
		if j == len(T) || T[j].start > tEnd {
			continue
		}
		last := j
		for last < len(T) && T[last].start < tEnd {
			last++
		}
		if last > j {
			last--
		}
		pStart, pEnd := P[j].start, P[last].end
		if tStart < T[j].start {
			pStart -= T[j].start - tStart
		}
		if tEnd > T[last].end {
			pEnd += tEnd - T[last].end
		}
		if pStart == 0 && pEnd == 0 {
			pStart, pEnd = -1, -1
		}
		h := Hunk{OldStart: pStart + 1, OldLines: pEnd - pStart, NewStart: tStart + 1, NewLines: tEnd - tStart}
		offset := pStart - tStart
		context := func(t int) {
			h.Lines = append(h.Lines, hunkLine(textdiff.Equal, t+offset+1, t+1, newLines[t]))
		}
		t := tStart
		for j < len(T) && T[j].start < tEnd {
			for ; t < T[j].start; t++ {
				context(t)
			}
			for k := P[j].start; k < P[j].end; k++ {
				h.Lines = append(h.Lines, hunkLine(textdiff.Delete, k+1, 0, oldLines[k]))
			}
			for ; t < T[j].end && t < tEnd; t++ {
				h.Lines = append(h.Lines, hunkLine(textdiff.Insert, 0, t+1, newLines[t]))
			}
			offset = P[j].end - T[j].end
			j++
		}
		for ; t < tEnd; t++ {
			context(t)
		}
		out = append(out, h)
	}
	return out
}

func hunkLine(k textdiff.Kind, old, new int, raw []byte) Line {
	l := Line{Kind: k, Old: old, New: new}
	if n := len(raw); n > 0 && raw[n-1] == '\n' {
		raw = raw[:n-1]
	} else {
		l.NoEOL = true
	}
	l.Text = string(raw)
	return l
}
