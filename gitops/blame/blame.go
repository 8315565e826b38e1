// Package blame attributes every line of a file to the commit that last
// changed it, the way `git blame` does without -M or -C: all lines start on
// the final commit; commits are taken newest first from a queue holding
// only commits some line is still suspected in; each one passes the lines
// it did not change to its parents (the whole file to the first parent
// with an identical blob, otherwise through a line diff to each parent in
// turn, following whole-file renames); what no parent takes is the
// commit's own. The walk ends when no line is left unattributed, so a
// file whose lines are all recent never reads old history.
//
// Speed comes from touching little: a parent is settled by comparing tree
// ids along the path (or by the commit-graph's changed-path filter) before
// any blob is read; blobs are read once per version and dropped when no
// line waits on them; without a commit-graph a second goroutine inflates
// commit objects ahead along first parents.
//
// It reproduces git's behaviour, studied in git's documentation, output
// and source, in code of its own (reef is MIT, git is GPL).
package blame

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
	"reef/gitops/textdiff"
)

// ErrNoPath is returned when the path is not a file in the starting commit.
var ErrNoPath = errors.New("no such path")

// Range is a span of final lines [Start, End), 0-based.
type Range struct{ Start, End int }

// Options configures Run.
type Options struct {
	// Path is the file, slash-separated from the top of the tree.
	Path string
	// Ranges limits the blame to these final lines (git's -L), sorted and
	// disjoint; empty means the whole file.
	Ranges []Range
	// ShowRoot stops treating root commits as boundaries (--root).
	ShowRoot bool
	// Whitespace selects the diff's whitespace mode (-w and friends).
	Whitespace textdiff.WSMode
	// Work, when set, blames this uncommitted version of the file (the
	// work tree) on top of its parents, as git blame does without a
	// revision; start is then ignored.
	Work *Work
}

// Work is an uncommitted version of the file: git's fake work-tree commit.
type Work struct {
	Parents []oid.ID // HEAD, then MERGE_HEAD's commits
	Data    []byte
	Mode    uint32
	Time    int64 // the fake commit's date (now)
	// InIndex reports whether a path is in the index: the index is the
	// fake commit's tree when looking for the file's rename source.
	InIndex func(path string) bool
}

// Origin is a file in a commit that some lines are blamed on.
type Origin struct {
	Commit oid.ID // zero for the work tree
	Path   string
	Blob   oid.ID
	// Previous is where blame went next for the lines this origin did not
	// keep: its first parent (in parent order) holding a different version
	// of the file, as git's porcelain "previous" line shows. Nil for roots
	// and boundaries.
	Previous *Origin
	// Boundary marks a commit blame could not look past: a root commit
	// (unless ShowRoot) or the edge of a shallow clone.
	Boundary bool
}

// Group is a run of final lines blamed on one origin whose lines there are
// consecutive too: git's porcelain groups.
type Group struct {
	Origin *Origin
	Final  int // first final line, 0-based
	Orig   int // its line in the origin's file, 0-based
	Count  int
}

// Result is a finished blame.
type Result struct {
	Data   []byte  // the final file
	Lines  int     // its number of lines
	Groups []Group // in final line order, covering the requested lines
	// Commits is how many commits passed blame on (a measure of work).
	Commits int
}

// Run blames opt.Path as of commit start.
func Run(ctx context.Context, src *revwalk.Source, start oid.ID, opt Options) (*Result, error) {
	b := &board{ctx: ctx, src: src, opt: opt, commits: map[oid.ID]*commit{}, trees: newTreeCache(256),
		bloomKeys: map[string]commitgraph.BloomKey{}}
	if src.Graph == nil {
		first := start
		if opt.Work != nil && len(opt.Work.Parents) > 0 {
			first = opt.Work.Parents[0]
		}
		b.prefetch = startPrefetch(first, func(id oid.ID) header { return readHeader(src, id) })
		defer b.prefetch.stop()
	}
	o, err := b.finalOrigin(start)
	if err != nil {
		return nil, err
	}
	data, err := b.data(o)
	if err != nil {
		return nil, err
	}
	res := &Result{Data: data, Lines: len(o.lines)}
	ranges := opt.Ranges
	if len(ranges) == 0 && len(o.lines) > 0 {
		ranges = []Range{{0, len(o.lines)}}
	}
	for _, r := range ranges {
		if r.Start < 0 || r.End > len(o.lines) || r.Start >= r.End {
			return nil, fmt.Errorf("blame: line range %d-%d outside the file's %d lines", r.Start+1, r.End, len(o.lines))
		}
		o.suspects = append(o.suspects, run{final: r.Start, orig: r.Start, n: r.End - r.Start})
	}
	if len(o.suspects) > 0 {
		b.push(o.c)
	}
	if err := b.assign(); err != nil {
		return nil, err
	}
	res.Groups = b.groups()
	res.Commits = b.passes
	return res, nil
}

// run is a stretch of final lines [final, final+n) that an origin is
// suspected of, at lines [orig, orig+n) of its own file.
type run struct{ final, orig, n int }

// commit is what blame knows of a commit.
type commit struct {
	id       oid.ID
	tree     oid.ID
	parents  []oid.ID
	time     int64
	loaded   bool
	work     bool // the fake work-tree commit
	queued   bool
	boundary bool
	origins  []*origin // one per path blame met in this commit
}

// origin is a file in a commit, with the lines still suspected there.
type origin struct {
	c    *commit
	path string
	blob oid.ID
	mode uint32
	// chain holds the tree ids from the commit's root down to the file's
	// directory; a parent whose tree has the same id at some level has the
	// same file, so most parents are settled without reading a tree.
	chain []oid.ID

	suspects []run
	sorted   bool // suspects are ordered by orig line
	previous *origin
	guilty   bool // kept some lines

	data  []byte
	lines [][]byte

	out *Origin // the exported value, made once
}

// board is the state of one blame.
type board struct {
	ctx     context.Context
	src     *revwalk.Source
	opt     Options
	commits map[oid.ID]*commit
	queue   queue
	trees   *treeCache
	// bloomKeys caches the changed-path filter keys of the paths met.
	bloomKeys map[string]commitgraph.BloomKey
	blamed    []entry
	prefetch  *prefetcher // nil with a commit-graph
	passes    int
}

// entry is a run an origin took responsibility for.
type entry struct {
	run
	o *origin
}

// commit returns the node for id, creating it unloaded.
func (b *board) commit(id oid.ID) *commit {
	c := b.commits[id]
	if c == nil {
		c = &commit{id: id}
		b.commits[id] = c
	}
	return c
}

// originFor returns c's origin for path, or nil.
func (c *commit) originFor(path string) *origin {
	for _, o := range c.origins {
		if o.path == path {
			return o
		}
	}
	return nil
}

// origin returns c's origin for path, creating it with the given blob.
func (b *board) origin(c *commit, path string, blob oid.ID, mode uint32, chain []oid.ID) *origin {
	if o := c.originFor(path); o != nil {
		return o
	}
	o := &origin{c: c, path: path, blob: blob, mode: mode, chain: chain, sorted: true}
	c.origins = append(c.origins, o)
	return o
}

// push queues c unless it is queued already.
func (b *board) push(c *commit) {
	if !c.queued {
		c.queued = true
		b.queue.push(c)
	}
}

// assign is the main loop: take the newest commit with suspects and let
// each of its suspected origins pass blame to its parents.
func (b *board) assign() error {
	for n := 0; b.queue.len() > 0; n++ {
		if n%256 == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		c := b.queue.pop()
		c.queued = false
		for i := 0; i < len(c.origins); i++ {
			o := c.origins[i]
			if len(o.suspects) == 0 {
				continue
			}
			if err := b.passBlame(o); err != nil {
				return err
			}
			if len(c.parents) == 0 && !b.opt.ShowRoot {
				c.boundary = true
			}
			if len(o.suspects) > 0 {
				o.guilty = true
				for _, r := range o.suspects {
					b.blamed = append(b.blamed, entry{r, o})
				}
				o.suspects = nil
			}
			o.drop()
		}
	}
	return nil
}

// drop releases an origin's file once no line waits on it.
func (o *origin) drop() {
	if len(o.suspects) == 0 {
		o.data, o.lines = nil, nil
	}
}

// passBlame offers o's suspected lines to the parents of its commit.
func (b *board) passBlame(o *origin) error {
	c := o.c
	if len(c.parents) == 0 {
		return nil
	}
	b.passes++
	scapegoats := make([]*origin, len(c.parents))
	present := make([]bool, len(c.parents)) // the path is a file there: no rename to look for
	for pass := 0; pass < 2; pass++ {
		for i, pid := range c.parents {
			if scapegoats[i] != nil || (pass == 1 && present[i]) {
				continue
			}
			p := b.commit(pid)
			if err := b.load(p); err != nil {
				return err
			}
			var po *origin
			var err error
			if pass == 0 {
				po, present[i], err = b.findOrigin(p, o, i == 0)
			} else {
				po, err = b.findRename(p, o)
			}
			if err != nil {
				return err
			}
			if po == nil {
				continue
			}
			if po.blob == o.blob {
				// Identical file: everything goes to this parent, and the
				// later parents are not even looked at (TREESAME).
				b.passWhole(o, po)
				return nil
			}
			dup := false
			for j := 0; j < i; j++ {
				if scapegoats[j] != nil && scapegoats[j].blob == po.blob {
					dup = true
					break
				}
			}
			if !dup {
				scapegoats[i] = po
			}
		}
	}
	for _, po := range scapegoats {
		if po == nil {
			continue
		}
		if o.previous == nil {
			o.previous = po
		}
		if err := b.passToParent(o, po); err != nil {
			return err
		}
		if len(o.suspects) == 0 {
			break
		}
	}
	for _, po := range scapegoats {
		if po != nil {
			po.drop()
		}
	}
	return nil
}

// passWhole hands all of o's suspects to po, whose file is identical.
func (b *board) passWhole(o, po *origin) {
	if po.data == nil && o.data != nil {
		po.data, po.lines = o.data, o.lines
	}
	runs := o.suspects
	o.suspects = nil
	b.queueBlames(po, runs, o.sorted)
}

// passToParent diffs po's file against o's and hands po the suspected
// lines the diff leaves unchanged.
func (b *board) passToParent(o, po *origin) error {
	if _, err := b.data(po); err != nil {
		return err
	}
	if _, err := b.data(o); err != nil {
		return err
	}
	if !o.sorted {
		slices.SortStableFunc(o.suspects, func(x, y run) int { return cmp.Compare(x.orig, y.orig) })
		o.sorted = true
	}
	edits := textdiff.Edits(po.lines, o.lines, b.opt.Whitespace)
	passed, kept := splitRuns(o.suspects, edits)
	o.suspects = kept
	b.queueBlames(po, passed, true)
	return nil
}

// queueBlames adds runs to po's suspects and queues its commit.
func (b *board) queueBlames(po *origin, runs []run, sorted bool) {
	if len(runs) == 0 {
		return
	}
	po.sorted = len(po.suspects) == 0 && sorted
	po.suspects = append(po.suspects, runs...)
	b.push(po.c)
}

// groups sorts the blamed runs by final line and joins neighbours that
// continue each other in the same origin, as git's porcelain groups do.
func (b *board) groups() []Group {
	slices.SortFunc(b.blamed, func(x, y entry) int { return cmp.Compare(x.final, y.final) })
	var out []Group
	for _, e := range b.blamed {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.Origin == e.o.export() && last.Orig+last.Count == e.orig && last.Final+last.Count == e.final {
				last.Count += e.n
				continue
			}
		}
		out = append(out, Group{Origin: e.o.export(), Final: e.final, Orig: e.orig, Count: e.n})
	}
	return out
}

// export makes the public value of an origin and of those it points to.
func (o *origin) export() *Origin {
	if o.out == nil {
		o.out = &Origin{Commit: o.c.id, Path: o.path, Blob: o.blob, Boundary: o.c.boundary}
		if o.previous != nil {
			o.out.Previous = o.previous.export()
		}
	}
	return o.out
}
