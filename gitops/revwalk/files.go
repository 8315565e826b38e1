package revwalk

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

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
	// Soon makes Next return the entries it has found once this long has
	// passed since it was called, when it has found one: a list shows
	// rows as the walk finds them, not a page at a time (0: never). When
	// it has found none by quietAfter times Soon, Next returns an empty
	// page (and no error), so that its caller can say how far the walk
	// has got (Progress).
	Soon time.Duration
}

// quietAfter is how many times Soon a Next call goes on finding nothing
// before it returns an empty page.
const quietAfter = 4

// returnSoon reports whether a Next call that began at start, having
// found found entries, should return now (FileOptions.Soon).
func returnSoon(soon time.Duration, start time.Time, found int) bool {
	if soon <= 0 {
		return false
	}
	if found == 0 {
		soon *= quietAfter
	}
	return time.Since(start) >= soon
}

// Progress is how far a walk has got: how many commits it has looked at
// and the commit date (Unix seconds) of the last one. The walk goes
// newest first, so that date is how far back it has searched.
type Progress struct {
	Walked  int
	Reached int64
}

// Progress reports how far the walk has got; like Next, it is for one
// goroutine at a time.
func (w *FileWalker) Progress() Progress {
	if w.gf != nil {
		return w.gf.progress()
	}
	return w.prog
}

// walked counts node n as looked at.
func (w *FileWalker) walked(n int32) {
	w.prog.Walked++
	w.prog.Reached = w.nodes[n].time
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
	byID  map[oid.ID]int32 // commits not in the commit-graph
	byPos []int32          // commit-graph position -> node+1
	queue heap
	seq   uint32
	path  string // current followed name
	keys  []commitgraph.BloomKey
	bloom bool
	pbuf  []oid.ID
	ppbuf []commitgraph.Pos
	ids   []oid.ID // where nodes' parents are carved from (see load)
	err   error
	prog  Progress

	// Follow walks only: the commits ordered ahead (follow.go), how far
	// helpOne has looked into them, and the tree resolvers.
	win     []int32
	helped  int
	own     *resolver
	workers []*resolver
	rs      *resolvers
	pre     *prefetcher  // follow walks without a commit-graph
	jobs    []resolveJob // the rest of the block newJob hands out

	gf *gfollow // follow walks over a commit-graph (graphfollow.go)
}

type fnode struct {
	id      oid.ID
	tree    oid.ID
	time    int64
	parents []oid.ID
	ppos    [2]commitgraph.Pos // the first parents' graph positions, when inGraph
	nppos   uint8              // how many of ppos are set
	raw     []byte
	pos     commitgraph.Pos
	inGraph bool
	unint   bool
	loaded  bool
	queued  bool
	job     *resolveJob // follow walks: this commit's tree at the path
}

// NewFileWalk prepares a path-limited walk.
func NewFileWalk(src *Source, o FileOptions) *FileWalker {
	for i, p := range o.Paths {
		o.Paths[i] = strings.Trim(p, "/")
	}
	w := &FileWalker{src: src, o: o}
	if o.Follow && len(o.Paths) == 1 {
		w.path = o.Paths[0]
	}
	if w.gf = newGraphFollow(src, o, w.path); w.gf != nil {
		return w
	}
	w.trees, w.own = newTreeCache(src.DB), newResolver(src.DB)
	// A path's history usually walks all of it: room for it up front
	// saves growing the nodes step by step, and commits in the graph are
	// found by position rather than hashed.
	w.byID = map[oid.ID]int32{}
	if src.Graph != nil {
		w.nodes = make([]fnode, 0, min(src.Graph.Len(), 1<<20))
		w.byPos = make([]int32, src.Graph.Len())
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
	if w.byPos != nil {
		if pos, ok := w.src.Graph.Lookup(id); ok {
			return w.nodeAt(id, pos)
		}
	}
	if n, ok := w.byID[id]; ok {
		return n
	}
	n := int32(len(w.nodes))
	w.grow()
	w.nodes = append(w.nodes, fnode{id: id})
	w.byID[id] = n
	return n
}

// grow doubles the nodes' room when it is full. append grows a large
// slice by a quarter at a time: a walk of 20,000 commits without a
// commit-graph copied its nodes over and over, 7.6 of the 23 MB it
// allocated.
func (w *FileWalker) grow() {
	if len(w.nodes) < cap(w.nodes) {
		return
	}
	nodes := make([]fnode, len(w.nodes), max(2*cap(w.nodes), 4096))
	copy(nodes, w.nodes)
	w.nodes = nodes
}

func (w *FileWalker) nodeAt(id oid.ID, pos commitgraph.Pos) int32 {
	if n := w.byPos[pos]; n != 0 {
		return n - 1
	}
	n := int32(len(w.nodes))
	w.nodes = append(w.nodes, fnode{id: id, pos: pos, inGraph: true})
	w.byPos[pos] = n + 1
	return n
}

// parent is the node of loaded node n's ith parent.
func (w *FileWalker) parent(n int32, i int) int32 {
	nd := &w.nodes[n]
	if i < int(nd.nppos) {
		return w.nodeAt(nd.parents[i], nd.ppos[i])
	}
	return w.node(nd.parents[i])
}

func (w *FileWalker) load(n int32) error {
	if w.nodes[n].loaded {
		return nil
	}
	id, pos, inGraph := w.nodes[n].id, w.nodes[n].pos, w.nodes[n].inGraph
	var h header
	var err error
	ok := false
	switch {
	case inGraph:
		h, err = w.src.graphHeader(pos, w.pbuf, w.ppbuf) // found by position: no lookup
		ok = true
	case w.pre != nil && w.pre.running():
		h, ok = w.prefetched(id)
	}
	if !ok {
		h, err = w.src.header(id, w.pbuf)
	}
	if err != nil {
		return err
	}
	if h.inGraph {
		// Buffers the graph reader filled, kept for the next commit.
		w.pbuf, w.ppbuf = h.parents[:0], h.ppos[:0]
	}
	nd := &w.nodes[n]
	nd.parents = w.carve(h.parents)
	if h.inGraph && len(h.ppos) == len(h.parents) && w.byPos != nil {
		nd.nppos = uint8(copy(nd.ppos[:], h.ppos))
	}
	nd.tree, nd.time, nd.raw, nd.loaded = h.tree, h.time, h.raw, true
	nd.pos, nd.inGraph = h.pos, h.inGraph
	return nil
}

// carve copies a commit's parents into a shared block: a walk loads
// every commit of the history, and one small allocation per commit was a
// good part of its garbage. Entries hand these slices out; they are
// never written after load.
func (w *FileWalker) carve(ids []oid.ID) []oid.ID { return carve(&w.ids, ids) }

// carve copies ids to the end of *block, starting a new block of 1,024
// when they do not fit, and returns the copy.
func carve(block *[]oid.ID, ids []oid.ID) []oid.ID {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > cap(*block)-len(*block) {
		*block = make([]oid.ID, 0, max(1024, len(ids)))
	}
	at := len(*block)
	*block = append(*block, ids...)
	return (*block)[at:len(*block):len(*block)]
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

// Next returns up to n more commits; io.EOF at the end. With Soon it may
// return fewer, or none (with no error) when it has found none for a while.
func (w *FileWalker) Next(ctx context.Context, n int) ([]FileEntry, error) {
	if w.gf != nil {
		return w.gf.next(ctx, n)
	}
	if w.o.Follow {
		return w.nextFollow(ctx, n)
	}
	var out []FileEntry
	start := time.Now()
	for steps := 0; len(out) < n; steps++ {
		if w.err != nil {
			return out, w.err
		}
		if steps%256 == 255 {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			if returnSoon(w.o.Soon, start, len(out)) {
				return out, nil
			}
		}
		if w.queue.len() == 0 {
			break
		}
		c := w.queue.pop().node
		e, show, err := w.visit(c)
		if err != nil {
			w.err = err
			return out, err
		}
		w.walked(c)
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
func (w *FileWalker) visit(c int32) (FileEntry, bool, error) {
	nd := &w.nodes[c]
	if nd.unint {
		for i := range nd.parents {
			pn := w.parent(c, i)
			w.nodes[pn].unint = true
			w.push(pn)
		}
		w.nodes[c].raw = nil
		return FileEntry{Entry: Entry{ID: w.nodes[c].id}}, false, nil
	}
	var e FileEntry
	show, only, err := w.simplify(c)
	if err != nil {
		return e, false, err
	}
	keep := w.nodes[c].parents
	if only >= 0 {
		keep = []oid.ID{keep[only]}
		w.push(w.parent(c, only))
	} else {
		for i := range keep {
			w.push(w.parent(c, i))
		}
	}
	nd = &w.nodes[c]
	e.Entry = Entry{ID: nd.id, Parents: keep, Time: nd.time, Raw: nd.raw}
	nd.raw = nil
	return e, show, nil
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
// the only parent the walk continues with (-1 for all of them).
func (w *FileWalker) simplify(c int32) (bool, int, error) {
	nd := w.nodes[c]
	if len(nd.parents) == 0 {
		for _, path := range w.o.Paths {
			found, err := w.exists(nd.tree, path)
			if err != nil || found {
				return found, -1, err
			}
		}
		return false, -1, nil
	}
	for i := range nd.parents {
		pn := w.parent(c, i)
		if err := w.load(pn); err != nil {
			return false, -1, err
		}
		same, err := w.sameAt(c, pn, i)
		if err != nil {
			return false, -1, err
		}
		if same {
			// TREESAME to this parent: follow only it, hide the commit.
			return false, i, nil
		}
	}
	return true, -1, nil
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
