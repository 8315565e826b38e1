package gitops

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"reef/gitops/index"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// ErrUnmerged is returned by WriteTree for an index with conflicts.
var ErrUnmerged = errors.New("unmerged paths: resolve and stage them first")

// WriteTree writes the tree objects for the stage-0 entries of ix and
// returns the root tree, as `git write-tree` does: intent-to-add entries
// are left out (and directories holding nothing else), gitlinks kept,
// sparse-directory entries used as the trees they name. Valid cache-tree
// nodes whose trees exist are reused without looking below them, so only
// the directories on the paths of changed entries are hashed; trees
// already in the database are not written again.
//
// A caller that changes entries of an Index must invalidate the cache-tree
// nodes of every directory above them (or drop ix.Tree): a valid node is
// trusted as long as it covers as many entries as its directory holds.
func (r *Repo) WriteTree(ix *index.Index) (Hash, error) {
	if ix.Split {
		return oid.Zero, fmt.Errorf("%w: the index is split (core.splitIndex): use `git write-tree`", ErrUnsupported)
	}
	for i := range ix.Entries {
		if ix.Entries[i].Stage != 0 {
			return oid.Zero, fmt.Errorf("%w (%s)", ErrUnmerged, ix.Entries[i].Path)
		}
	}
	w := treeWriter{r: r, ix: ix, partial: r.fetcher != nil || r.db.Promisor()}
	id, _, err := w.dir("", 0, len(ix.Entries))
	return id, err
}

type treeWriter struct {
	r       *Repo
	ix      *index.Index
	partial bool   // partial clone: skip-worktree blobs may be absent on purpose
	buf     []byte // tree content, reused per directory
}

// dir writes the tree of entries [lo, hi), all under base ("" or a
// directory path without trailing slash). empty reports a tree with no
// entries, which a parent leaves out (a directory of intent-to-add files).
func (w *treeWriter) dir(base string, lo, hi int) (id oid.ID, empty bool, err error) {
	if id, ok := w.cached(base, lo, hi); ok {
		return id, false, nil
	}
	prefix := len(base)
	if base != "" {
		prefix++
	}
	type entry struct {
		mode uint32
		name string
		id   oid.ID
	}
	var ents []entry
	for i := lo; i < hi; {
		e := &w.ix.Entries[i]
		rel := e.Path[prefix:]
		slash := strings.IndexByte(rel, '/')
		switch {
		case slash < 0:
			i++
			if e.IntentToAdd {
				continue
			}
			if err := w.check(e); err != nil {
				return oid.Zero, false, err
			}
			ents = append(ents, entry{e.Mode, rel, e.ID})
		case e.Mode == index.ModeDir && slash == len(rel)-1:
			// A sparse directory entry: its tree is in the index already.
			i++
			if err := w.check(e); err != nil {
				return oid.Zero, false, err
			}
			ents = append(ents, entry{object.ModeTree, rel[:slash], e.ID})
		default:
			sub := e.Path[:prefix+slash]
			end := w.subEnd(sub, i, hi)
			id, empty, err := w.dir(sub, i, end)
			if err != nil {
				return oid.Zero, false, err
			}
			i = end
			if !empty {
				ents = append(ents, entry{object.ModeTree, rel[:slash], id})
			}
		}
	}
	if len(ents) == 0 && base != "" {
		return oid.Zero, true, nil
	}
	// Index order is git's tree order (a directory sorts as its name plus
	// "/", which is where its entries' paths put it); check rather than
	// trust. A name both a file and a directory would make a tree fsck
	// rejects; git's index refuses that shape, but a caller's may not.
	if dup := duplicateName(len(ents), func(k int) (string, bool) { return ents[k].name, ents[k].mode == object.ModeTree }); dup != "" {
		return oid.Zero, false, fmt.Errorf("the index holds %s both as a file and as a directory: run `git status` and remove one", joinPath(base, dup))
	}
	sorted := sort.SliceIsSorted(ents, func(a, b int) bool {
		return treeLess(ents[a].name, ents[a].mode, ents[b].name, ents[b].mode)
	})
	if !sorted {
		sort.SliceStable(ents, func(a, b int) bool {
			return treeLess(ents[a].name, ents[a].mode, ents[b].name, ents[b].mode)
		})
	}
	w.buf = w.buf[:0]
	for _, e := range ents {
		w.buf = strconv.AppendUint(w.buf, uint64(e.mode), 8)
		w.buf = append(w.buf, ' ')
		w.buf = append(w.buf, e.name...)
		w.buf = append(w.buf, 0)
		w.buf = append(w.buf, e.id[:]...)
	}
	id, err = w.r.db.Write(odb.Tree, w.buf)
	if err != nil {
		return oid.Zero, false, fmt.Errorf("write the tree of %s: %w", displayDir(base), err)
	}
	return id, false, nil
}

// duplicateName returns a name two entries of one tree share, or "". Index
// paths are unique, so only a directory can clash (with a file, or with a
// sparse-directory entry of the same name); without directories there is
// nothing to look up.
func duplicateName(n int, at func(int) (name string, isDir bool)) string {
	dirs := 0
	for k := 0; k < n; k++ {
		if _, isDir := at(k); isDir {
			dirs++
		}
	}
	if dirs == 0 {
		return ""
	}
	seen := make(map[string]bool, n)
	for k := 0; k < n; k++ {
		name, _ := at(k)
		if seen[name] {
			return name
		}
		seen[name] = true
	}
	return ""
}

// cached returns the cache tree's id for base when git would reuse it: the
// node is valid, covers exactly the entries [lo, hi) and its tree exists.
func (w *treeWriter) cached(base string, lo, hi int) (oid.ID, bool) {
	if w.ix.Tree == nil {
		return oid.Zero, false
	}
	n, ok := w.ix.Tree.Lookup(base)
	if !ok || !n.Valid() || n.EntryCount != hi-lo || n.ID.IsZero() {
		return oid.Zero, false
	}
	if !w.has(n.ID) {
		return oid.Zero, false
	}
	return n.ID, true
}

// subEnd is the end of the entries under directory sub starting at i: the
// cache tree's count when it agrees with the paths (the common case skips
// a whole directory in O(1)), else a binary search.
func (w *treeWriter) subEnd(sub string, i, hi int) int {
	under := func(k int) bool {
		p := w.ix.Entries[k].Path
		return len(p) > len(sub) && p[len(sub)] == '/' && strings.HasPrefix(p, sub)
	}
	if w.ix.Tree != nil {
		if n, ok := w.ix.Tree.Lookup(sub); ok && n.EntryCount > 0 {
			end := i + n.EntryCount
			if end <= hi && under(end-1) && (end == hi || !under(end)) {
				return end
			}
		}
	}
	return i + sort.Search(hi-i, func(k int) bool { return !under(i + k) })
}

// check refuses entries git write-tree refuses: a null id, or an object
// missing from the database (gitlinks excepted; skip-worktree blobs of a
// partial clone may be missing on purpose).
func (w *treeWriter) check(e *index.Entry) error {
	if e.ID.IsZero() {
		return fmt.Errorf("invalid object %06o %s for '%s': stage the file again", e.Mode, e.ID, e.Path)
	}
	if e.Mode == index.ModeGitlink || (w.partial && e.SkipWorktree) {
		return nil
	}
	if !w.has(e.ID) {
		return fmt.Errorf("invalid object %06o %s for '%s': it is missing from the repository; stage the file again", e.Mode, e.ID, e.Path)
	}
	return nil
}

// has is odb.Has with a second look through Header, which notices packs
// written since the database was opened (a gc that packed loose objects).
func (w *treeWriter) has(id oid.ID) bool {
	if w.r.db.Has(id) {
		return true
	}
	_, _, err := w.r.db.Header(id)
	return err == nil
}

// treeLess is git's base_name_compare: names compared bytewise, a
// directory as if it ended in "/".
func treeLess(a string, am uint32, b string, bm uint32) bool {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c < 0
	}
	ca, cb := nextByte(a, n, am), nextByte(b, n, bm)
	return ca < cb
}

func nextByte(s string, n int, mode uint32) int {
	if n < len(s) {
		return int(s[n])
	}
	if mode == object.ModeTree {
		return '/'
	}
	return 0
}

func displayDir(base string) string {
	if base == "" {
		return "the top directory"
	}
	return base + "/"
}
