package treediff

import (
	"context"
	"strings"

	"reef/gitops/index"
	"reef/gitops/object"
	"reef/gitops/oid"
)

// TreeIndex compares a tree (HEAD's, usually; zero for an unborn branch)
// with the index, like `git diff --cached`: files staged for the next
// commit. Directories whose cache-tree entry is valid and equal to the
// tree's id are skipped without reading the tree. Intent-to-add entries
// are not staged content and are left out, as git does; a conflicted path
// is one Unmerged change (its Old side from the tree, when present).
func TreeIndex(ctx context.Context, r Reader, tree oid.ID, ix *index.Index, ps Pathspec) ([]Change, error) {
	return treeEntries(ctx, r, tree, ix.Entries, ix.Tree, ps)
}

// TreeEntries compares a tree with a list of index-like entries (sorted by
// path then stage, as in an index file), for callers that overlay the
// index with something else, such as the work tree.
func TreeEntries(ctx context.Context, r Reader, tree oid.ID, entries []index.Entry, ps Pathspec) ([]Change, error) {
	return treeEntries(ctx, r, tree, entries, nil, ps)
}

func treeEntries(ctx context.Context, r Reader, tree oid.ID, entries []index.Entry, ct *index.CacheTree, ps Pathspec) ([]Change, error) {
	// Sequential: the index side is one list walked in order.
	w := indexWalker{treeWalker: treeWalker{ctx: ctx, r: r, ps: ps.Clean()}, entries: entries, ct: ct}
	if err := w.dir("", tree, 0, len(entries), len(w.ps) == 0); err != nil {
		return nil, err
	}
	return w.out, nil
}

type indexWalker struct {
	treeWalker
	entries []index.Entry
	ct      *index.CacheTree
	out     []Change
}

// dirEnd is the end of the run of entries below dir+"/" starting at lo.
func (w *indexWalker) dirEnd(dir string, lo, hi int) int {
	// Paths below dir sort in [dir/, dir0): '0' follows '/'.
	end := dir + "0"
	l, h := lo, hi
	for l < h {
		m := int(uint(l+h) >> 1)
		if w.entries[m].Path < end {
			l = m + 1
		} else {
			h = m
		}
	}
	return l
}

// dir compares the tree found at prefix ("" or "dir/") with the entries
// [lo, hi), which are exactly the index entries below prefix.
func (w *indexWalker) dir(prefix string, tree oid.ID, lo, hi int, all bool) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if w.ct != nil {
		if n, ok := w.ct.Lookup(strings.TrimSuffix(prefix, "/")); ok && n.Valid() && n.ID == tree && !tree.IsZero() {
			return nil
		}
	}
	// A sparse-index directory entry stands for a whole tree.
	if hi-lo == 1 && w.entries[lo].Mode == index.ModeDir && w.entries[lo].Path == prefix {
		if w.entries[lo].ID == tree {
			return nil
		}
		return w.diff(prefix, tree, w.entries[lo].ID, all, &w.out)
	}
	data, err := readTree(w.r, tree, prefix)
	if err != nil {
		return err
	}
	te := entry{it: object.NewTreeIter(data)}
	te.next()
	i := lo
	for te.ok || i < hi {
		// The next index item: a file entry, or a directory (a run).
		var name string
		idxDir := false
		if i < hi {
			rel := w.entries[i].Path[len(prefix):]
			if slash := strings.IndexByte(rel, '/'); slash >= 0 {
				name, idxDir = rel[:slash], true
			} else {
				name = rel
			}
		}
		c := 0
		switch {
		case !te.ok:
			c = 1
		case i >= hi:
			c = -1
		default:
			c = treeCmp(te.it.NameBytes(), te.dir, []byte(name), idxDir)
		}
		switch {
		case c < 0: // only in the tree
			if err := gather(w.change(prefix, te.it.NameBytes(), all, te, entry{}, []*part{{}}), &w.out); err != nil {
				return err
			}
			te.next()
			continue
		case idxDir:
			path := prefix + name
			end := w.dirEnd(path, i, hi)
			subAll := all
			some := true
			if !all {
				subAll, some = w.ps.Dir(path)
			}
			if some {
				var sub oid.ID
				if c == 0 {
					sub = te.it.ID()
				}
				if err := w.dir(path+"/", sub, i, end, subAll); err != nil {
					return err
				}
			}
			i = end
		default: // a file in the index, maybe in the tree
			var old *entry
			if c == 0 {
				old = &te
			}
			i = w.file(prefix+name, old, i, hi, all)
		}
		if c == 0 {
			te.next()
		}
	}
	if err := te.it.Err(); err != nil {
		return errCorruptTree(tree, prefix, err)
	}
	return nil
}

// file compares the index entries for path starting at i (one, or up to
// three conflict stages) with the tree entry old (nil when absent), and
// returns the position after them.
func (w *indexWalker) file(path string, old *entry, i, hi int, all bool) int {
	e := w.entries[i]
	j := i + 1
	for j < hi && w.entries[j].Path == path {
		j++
	}
	if !all && !w.ps.Match(path) {
		return j
	}
	var c Change
	if old != nil {
		c.Old = Side{Path: path, Mode: old.mode, ID: old.it.ID()}
	}
	switch {
	case e.Stage != 0:
		c.Status, c.New = Unmerged, Side{Path: path}
	case e.IntentToAdd:
		if old == nil {
			return j
		}
		c.Status = Deleted
	default:
		c.New = Side{Path: path, Mode: e.Mode, ID: e.ID}
		switch {
		case old == nil:
			c.Status = Added
		case old.mode == e.Mode && old.it.ID() == e.ID:
			return j
		default:
			c.Status = pairStatus(old.mode, e.Mode)
		}
	}
	w.out = append(w.out, c)
	return j
}
