package revwalk

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
)

// A follow walk over a commit-graph has the order of its commits almost
// for free: parents, times and root trees are in the graph. What costs is
// reading one root tree per commit. gfollow orders the commits into
// flat, pointer-free slots that goroutines claim in blocks and resolve at
// the followed path, while the walk's own goroutine decides in order at
// the front. It is git log --follow exactly as nextFollow does it, with
// less bookkeeping per commit: no node per commit, no job handed over a
// channel, nothing for the garbage collector to scan.

// gref names a commit of the walk: a graph position (>= 0), or ^i for
// the ith commit outside the graph (newer than it, read from objects).
type gref int32

func (r gref) inGraph() bool { return r >= 0 }

// slot is one commit in walk order and its entry at the followed path.
type slot struct {
	state atomic.Int32 // jobWaiting, jobClaimed, jobDone, slotFailed
	gen   int32        // path generation e was resolved at
	ref   gref
	first gref // first parent, when np > 0
	np    int32
	need  bool // its entry will be asked for (a hint: asking for more is fine)
	tree  oid.ID
	e     entry
}

const slotFailed = jobDone + 1

const slotBlock = 1024

// extra is a commit outside the commit-graph.
type extra struct {
	id      oid.ID
	tree    oid.ID
	time    int64
	parents []oid.ID
	raw     []byte
	ord     int32 // order index + 1; 0 before it is ordered
	queued  bool
	need    bool
}

// graph position flags, in gfollow.pinfo.
const (
	pOrdMask = 1<<30 - 1 // order index + 1
	pQueued  = 1 << 30
	pNeed    = 1 << 31
)

type pathGen struct {
	gen  int32
	path string
}

type gfollow struct {
	src    *Source
	g      *commitgraph.Graph
	rename func(ctx context.Context, parentTree, tree oid.ID, path string) (string, bool, error)
	soon   time.Duration // FileOptions.Soon

	pinfo  []uint32 // per graph position
	extras []extra
	byID   map[oid.ID]int32
	queue  heap
	seq    uint32
	pbuf   []commitgraph.Pos
	gbuf   []gref
	err    error // ordering failed: reported once the commits before are decided

	// blocks hold the slots in walk order. A block never moves once
	// made; workers load the list as the walk may be growing it.
	blocks    atomic.Pointer[[]*[slotBlock]slot]
	published atomic.Int64 // slots ordered and visible to workers
	claimNext atomic.Int64 // where workers look for work
	cur       int64        // next slot to decide

	path  atomic.Pointer[pathGen]
	bloom bool
	key   commitgraph.BloomKey

	own     *resolver
	workers []*resolver
}

// orderAhead bounds how far ordering runs ahead of deciding.
const orderAhead = 2048

// newGraphFollow returns the graph walk for o, or nil when the walk is
// not one it does: it has no excluded commits, visits nothing beyond what
// it shows, and its repository is not shallow.
func newGraphFollow(src *Source, o FileOptions, path string) *gfollow {
	if src.Graph == nil || !o.Follow || len(o.Paths) != 1 || len(o.Exclude) > 0 || o.Visited || len(src.Shallow) > 0 {
		return nil
	}
	f := &gfollow{src: src, g: src.Graph, rename: o.FindRename, soon: o.Soon, byID: map[oid.ID]int32{}, own: newResolver(src.DB)}
	f.pinfo = make([]uint32, f.g.Len())
	f.setPath(path, 0)
	for _, id := range o.Include {
		r, err := f.ref(id)
		if err != nil {
			f.err = err
			break
		}
		f.push(r)
	}
	return f
}

func (f *gfollow) setPath(path string, gen int32) {
	f.path.Store(&pathGen{gen: gen, path: path})
	f.key = commitgraph.NewBloomKey(path)
	f.bloom = f.g.HasBloom() && path != ""
}

func (f *gfollow) slot(i int64) *slot { return &(*f.blocks.Load())[i/slotBlock][i%slotBlock] }

// release drops block k once the decisions are past it (with a block to
// spare). Workers claim from where the decisions are, and a commit's
// parents come after it in walk order, except for a child dated before
// its parent: entryOf reads such a parent itself when its slot is gone. A follow walk over a million commits would otherwise hold 72 MB of
// slots to its end. Workers still holding the list they loaded keep the
// block alive until they are done with it.
func (f *gfollow) release(k int64) {
	bl := f.blocks.Load()
	if k < 0 || bl == nil || k >= int64(len(*bl)) || (*bl)[k] == nil {
		return
	}
	next := append([]*[slotBlock]slot(nil), *bl...)
	next[k] = nil
	f.blocks.Store(&next)
}

// bloomSame reports whether the commit-graph's filter says slot s's
// commit did not change the followed path.
func (f *gfollow) bloomSame(s *slot) bool {
	return f.bloom && s.ref.inGraph() && !f.g.MaybeChanged(commitgraph.Pos(s.ref), f.key)
}

// next is FileWalker.Next for a graph walk.
func (f *gfollow) next(ctx context.Context, n int) ([]FileEntry, error) {
	stop := func() {}
	started := false
	defer func() { stop() }()
	var out []FileEntry
	start := time.Now()
	for steps := 0; len(out) < n; steps++ {
		if steps%256 == 255 {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			if returnSoon(f.soon, start, len(out)) {
				return out, nil
			}
		}
		// Order ahead of both the decisions and the workers.
		if p := f.published.Load(); p-max(f.cur, f.claimNext.Load()) < orderAhead/2 && f.err == nil && f.queue.len() > 0 {
			f.orderSome(orderAhead)
			if !started && f.published.Load()-f.cur > 64 {
				stop, started = f.startWorkers(), true
			}
		}
		if f.cur == f.published.Load() {
			if f.err != nil {
				return out, f.err
			}
			break
		}
		e, show, err := f.decide(ctx, f.cur)
		if err != nil {
			f.err = err
			f.cur = f.published.Load()
			return out, err
		}
		f.cur++
		if c := f.claimNext.Load(); c < f.cur {
			// Workers behind the decisions would only find done slots.
			f.claimNext.CompareAndSwap(c, f.cur)
		}
		if f.cur%slotBlock == 0 {
			f.release(f.cur/slotBlock - 2)
		}
		if show {
			e.Shown = true
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// progress is FileWalker.Progress for a graph walk: the slots decided,
// and the date of the last.
func (f *gfollow) progress() Progress {
	p := Progress{Walked: int(f.cur)}
	if f.cur == 0 || !f.held(f.cur-1) {
		return p
	}
	r := f.slot(f.cur - 1).ref
	if !r.inGraph() {
		p.Reached = f.extras[^r].time
	} else if c, err := f.g.Commit(commitgraph.Pos(r), nil); err == nil {
		p.Reached = c.Time
	}
	return p
}

// decide applies git log --follow's rule to the commit in slot i.
func (f *gfollow) decide(ctx context.Context, i int64) (FileEntry, bool, error) {
	s := f.slot(i)
	path := f.path.Load()
	e := FileEntry{Path: path.path}
	show := false
	switch s.np {
	case 0:
		cur, err := f.at(i)
		if err != nil {
			return e, false, err
		}
		show = cur.mode != 0
	case 1:
		if f.bloomSame(s) {
			break
		}
		old, ptree, err := f.entryOf(s.first)
		if err != nil {
			return e, false, err
		}
		cur, err := f.at(i)
		if err != nil {
			return e, false, err
		}
		if old == cur {
			break
		}
		show = true
		from, ok, err := renamedFrom(ctx, f.rename, old, cur, ptree, s.tree, path.path)
		if err != nil {
			return e, false, err
		}
		if ok {
			e.OldPath = from
			f.setPath(from, path.gen+1)
		}
	}
	if !show {
		return e, false, nil
	}
	entry, err := f.entry(s.ref)
	e.Entry = entry
	return e, true, err
}

// entry is what Next returns of a shown commit.
func (f *gfollow) entry(r gref) (Entry, error) {
	if !r.inGraph() {
		x := &f.extras[^r]
		e := Entry{ID: x.id, Time: x.time, Raw: x.raw, Parents: x.parents}
		x.raw = nil
		return e, nil
	}
	c, err := f.g.Commit(commitgraph.Pos(r), nil)
	if err != nil {
		return Entry{}, fmt.Errorf("commit-graph: %w", err)
	}
	e := Entry{ID: f.g.ID(commitgraph.Pos(r)), Time: c.Time}
	for _, p := range c.Parents {
		e.Parents = append(e.Parents, f.g.ID(p))
	}
	return e, nil
}
