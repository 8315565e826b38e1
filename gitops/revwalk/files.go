package revwalk

import (
	"context"
	"errors"
	"io"
	"strings"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
)

// FileOptions selects a path-limited history (git log -- PATH, or with
// Follow, git log --follow -- PATH).
type FileOptions struct {
	Include []oid.ID
	Exclude []oid.ID
	// Paths are literal paths (files or directories) relative to the top.
	Paths []string
	// Follow follows one file across renames, as git log --follow does.
	Follow bool
	// FindRename looks for the file that path was renamed from between
	// two trees (git's rename detection); nil disables rename following.
	FindRename func(ctx context.Context, parentTree, tree oid.ID, path string) (from string, ok bool, err error)
	// Visited makes Next return every commit the walk visits, with Shown
	// telling which ones git would print, and Parents the parents the walk
	// went on with after simplification: what a graph needs to rewrite
	// parents to the nearest shown ancestor.
	Visited bool
}

// FileEntry is a commit of a path-limited history.
type FileEntry struct {
	Entry
	// Path is the followed file's name in this commit; OldPath its name
	// before, when this commit renamed it.
	Path, OldPath string
	Shown         bool
}

// FileWalker walks the commits that changed some paths, newest first by
// commit date (git log's default order, which is what git log --follow
// and git log -- PATH use). It reproduces git's rules: with Follow, every
// commit is visited, merges are never shown, and the followed name
// changes for the rest of the walk where a rename is found; without it,
// history is simplified (a merge that matches one parent at the paths
// follows only that parent) and commits that match their parents are
// hidden.
type FileWalker struct {
	src   *Source
	o     FileOptions
	trees *treeCache
	nodes []fnode
	byID  map[oid.ID]int32
	queue heap
	seq   uint32
	path  string // current followed name
	keys  []commitgraph.BloomKey
	bloom bool
	pbuf  []oid.ID
	err   error
}

type fnode struct {
	id      oid.ID
	tree    oid.ID
	time    int64
	parents []oid.ID
	raw     []byte
	pos     commitgraph.Pos
	inGraph bool
	unint   bool
	loaded  bool
	queued  bool
}

// NewFileWalk prepares a path-limited walk.
func NewFileWalk(src *Source, o FileOptions) *FileWalker {
	w := &FileWalker{src: src, o: o, trees: newTreeCache(src.DB), byID: map[oid.ID]int32{}}
	for i, p := range o.Paths {
		o.Paths[i] = strings.Trim(p, "/")
	}
	if o.Follow && len(o.Paths) == 1 {
		w.path = o.Paths[0]
	}
	w.setKeys()
	for _, id := range o.Exclude {
		n := w.node(id)
		w.nodes[n].unint = true
		w.push(n)
	}
	for _, id := range o.Include {
		w.push(w.node(id))
	}
	return w
}

func (w *FileWalker) setKeys() {
	w.keys = w.keys[:0]
	w.bloom = w.src.Graph != nil && w.src.Graph.HasBloom()
	paths := w.o.Paths
	if w.o.Follow {
		paths = []string{w.path}
	}
	for _, p := range paths {
		if p == "" {
			w.bloom = false
		}
		w.keys = append(w.keys, commitgraph.NewBloomKey(p))
	}
}

func (w *FileWalker) node(id oid.ID) int32 {
	if n, ok := w.byID[id]; ok {
		return n
	}
	n := int32(len(w.nodes))
	w.nodes = append(w.nodes, fnode{id: id})
	w.byID[id] = n
	return n
}

func (w *FileWalker) load(n int32) error {
	if w.nodes[n].loaded {
		return nil
	}
	h, err := w.src.header(w.nodes[n].id, w.pbuf)
	if err != nil {
		return err
	}
	nd := &w.nodes[n]
	nd.parents = append([]oid.ID(nil), h.parents...)
	nd.tree, nd.time, nd.raw, nd.loaded = h.tree, h.time, h.raw, true
	if h.inGraph {
		nd.pos, nd.inGraph = w.src.Graph.Lookup(nd.id)
	}
	return nil
}

func (w *FileWalker) push(n int32) {
	if w.err != nil {
		return
	}
	if err := w.load(n); err != nil {
		w.err = err
		return
	}
	nd := &w.nodes[n]
	if nd.queued {
		return
	}
	nd.queued = true
	w.seq++
	w.queue.push(item{key: nd.time, time: nd.time, seq: w.seq, node: n})
}

// Next returns up to n more commits; io.EOF at the end.
func (w *FileWalker) Next(ctx context.Context, n int) ([]FileEntry, error) {
	var out []FileEntry
	for steps := 0; len(out) < n; steps++ {
		if w.err != nil {
			return out, w.err
		}
		if steps%256 == 255 {
			if err := ctx.Err(); err != nil {
				return out, err
			}
		}
		if w.queue.len() == 0 {
			break
		}
		c := w.queue.pop().node
		e, show, err := w.visit(ctx, c)
		if err != nil {
			w.err = err
			return out, err
		}
		if show || w.o.Visited {
			e.Shown = show
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// visit decides whether commit c is shown and queues the parents the walk
// goes on with.
func (w *FileWalker) visit(ctx context.Context, c int32) (FileEntry, bool, error) {
	nd := &w.nodes[c]
	parents := nd.parents
	if nd.unint {
		for _, p := range parents {
			pn := w.node(p)
			w.nodes[pn].unint = true
			w.push(pn)
		}
		w.nodes[c].raw = nil
		return FileEntry{Entry: Entry{ID: nd.id}}, false, nil
	}
	var e FileEntry
	var show bool
	var err error
	keep := w.nodes[c].parents
	if w.o.Follow {
		e, show, err = w.follow(ctx, c)
	} else {
		show, keep, err = w.simplify(c)
	}
	if err != nil {
		return e, false, err
	}
	for _, p := range keep {
		w.push(w.node(p))
	}
	nd = &w.nodes[c]
	e.Entry = Entry{ID: nd.id, Parents: keep, Time: nd.time, Raw: nd.raw}
	nd.raw = nil
	return e, show, nil
}

// follow applies git log --follow's rule to one commit.
func (w *FileWalker) follow(ctx context.Context, c int32) (FileEntry, bool, error) {
	nd := w.nodes[c]
	e := FileEntry{Path: w.path}
	switch len(nd.parents) {
	case 0:
		found, err := w.exists(nd.tree, w.path)
		return e, found, err
	case 1:
	default:
		return e, false, nil // merges show no diff without -m, so git log --follow never shows them
	}
	p := w.node(nd.parents[0])
	if err := w.load(p); err != nil {
		return e, false, err
	}
	if w.bloom && nd.inGraph && !w.src.Graph.MaybeChanged(nd.pos, w.keys[0]) {
		return e, false, nil
	}
	pt := w.nodes[p].tree
	old, cur, err := w.trees.compare(pt, nd.tree, w.path)
	if err != nil || old == cur {
		return e, false, err
	}
	if old.mode == 0 && cur.mode != 0 && w.o.FindRename != nil {
		from, ok, err := w.o.FindRename(ctx, pt, nd.tree, w.path)
		if err != nil {
			return e, false, err
		}
		if ok {
			e.OldPath = from
			w.path = from
			w.setKeys()
		}
	}
	return e, true, nil
}

func (w *FileWalker) exists(tree oid.ID, path string) (bool, error) {
	if path == "" {
		return true, nil
	}
	e, err := w.trees.lookup(tree, path)
	return e.mode != 0, err
}

// simplify applies git's default history simplification to one commit:
// it reports whether the commit differs from its parents at the paths and
// which parents the walk continues with.
func (w *FileWalker) simplify(c int32) (bool, []oid.ID, error) {
	nd := w.nodes[c]
	if len(nd.parents) == 0 {
		for _, path := range w.o.Paths {
			found, err := w.exists(nd.tree, path)
			if err != nil || found {
				return found, nil, err
			}
		}
		return false, nil, nil
	}
	for i, p := range nd.parents {
		pn := w.node(p)
		if err := w.load(pn); err != nil {
			return false, nil, err
		}
		same, err := w.sameAt(c, pn, i)
		if err != nil {
			return false, nil, err
		}
		if same {
			// TREESAME to this parent: follow only it, hide the commit.
			return false, []oid.ID{p}, nil
		}
	}
	return true, nd.parents, nil
}

// sameAt compares commit c with its nth parent at every path; the first
// parent may be answered by the commit-graph's Bloom filter, as git does.
func (w *FileWalker) sameAt(c, parent int32, nth int) (bool, error) {
	nd := &w.nodes[c]
	if nth == 0 && w.bloom && nd.inGraph {
		maybe := false
		for _, k := range w.keys {
			if w.src.Graph.MaybeChanged(nd.pos, k) {
				maybe = true
				break
			}
		}
		if !maybe {
			return true, nil
		}
	}
	for _, path := range w.o.Paths {
		a, b, err := w.trees.compare(w.nodes[parent].tree, nd.tree, path)
		if err != nil {
			return false, err
		}
		if a != b {
			return false, nil
		}
	}
	return true, nil
}

// All walks to the end.
func (w *FileWalker) All(ctx context.Context) ([]FileEntry, error) {
	var out []FileEntry
	for {
		page, err := w.Next(ctx, 1024)
		out = append(out, page...)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}
