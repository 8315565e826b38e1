package revwalk

import (
	"context"
	"errors"
	"io"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
)

// Window is how far (in seconds of commit time) a walk without generation
// numbers looks ahead before it trusts that a commit has no unseen
// children. Clock skew larger than this along one path can put a parent
// before a child; Skewed counts such cases.
const Window = 86400

// Entry is one commit of a walk, in output order.
type Entry struct {
	ID      oid.ID
	Parents []oid.ID
	Time    int64
	// Raw is the commit object when the walk had to read it anyway (no
	// commit-graph), so callers showing it need not read it twice.
	Raw []byte
}

const (
	fLoaded = 1 << iota
	fUninteresting
	fCounted // its parents' indegrees have been counted
	fEmitted
	fTopo // in the output queue
	fIndeg
)

type node struct {
	id      oid.ID
	time    int64
	key     int64 // generation, or commit time (capped by children) without a graph
	parents []int32
	raw     []byte
	flags   uint8
	indeg   int32 // 1 + unshown children; 0 before counting
}

// Walker is a paged history walk. It is not safe for concurrent use; the
// Source it reads from is.
type Walker struct {
	src     *Source
	nodes   []node
	byID    map[oid.ID]int32
	byPos   map[commitgraph.Pos]int32 // graph position → node index + 1
	genMode bool
	indegQ  heap // key desc: commits whose parents still need counting
	topoQ   heap // time desc: commits whose children have all been shown
	seq     uint32
	pbuf    []oid.ID
	arena   []int32
	started bool
	tips    []int32
	err     error
	skewed  int
	emitted int
}

// Options selects what to walk.
type Options struct {
	Include []oid.ID // start points (commits; the caller peels tags)
	Exclude []oid.ID // ^rev: hide everything reachable from these
}

// New prepares a walk; nothing is read until the first Next.
func New(src *Source, o Options) *Walker {
	w := &Walker{src: src, byID: make(map[oid.ID]int32)}
	w.genMode = src.Graph != nil && src.Graph.HasGenerations()
	if src.Graph != nil {
		// A map, not a table of the graph's size: a first page touches a
		// thousand commits spread over every page of such a table.
		w.byPos = make(map[commitgraph.Pos]int32)
	}
	for _, id := range o.Exclude {
		w.tips = append(w.tips, -1-w.intern(id, 0, false))
	}
	for _, id := range o.Include {
		w.tips = append(w.tips, w.intern(id, 0, false))
	}
	return w
}

// Skewed reports how many commits were found after one of their parents
// had already been shown (clock skew beyond Window, walks without a graph).
func (w *Walker) Skewed() int { return w.skewed }

// UsesGenerations reports whether the walk is ordered by the commit-graph.
func (w *Walker) UsesGenerations() bool { return w.genMode }

func (w *Walker) intern(id oid.ID, pos commitgraph.Pos, hasPos bool) int32 {
	if w.src.Graph != nil && !hasPos {
		if p, ok := w.src.Graph.Lookup(id); ok {
			pos, hasPos = p, true
		}
	}
	if hasPos {
		if n := w.byPos[pos]; n != 0 {
			return n - 1
		}
	} else if n, ok := w.byID[id]; ok {
		return n
	}
	idx := int32(len(w.nodes))
	w.nodes = append(w.nodes, node{id: id})
	if hasPos {
		w.byPos[pos] = idx + 1
	} else {
		w.byID[id] = idx
	}
	return idx
}

// load reads a node's header (parents, time, generation) once.
func (w *Walker) load(n int32) error {
	if w.nodes[n].flags&fLoaded != 0 {
		return nil
	}
	h, err := w.src.header(w.nodes[n].id, w.pbuf)
	if err != nil {
		return err
	}
	w.pbuf = h.parents[:0]
	start := len(w.arena)
	for i, p := range h.parents {
		var pi int32
		if h.inGraph && i < len(h.ppos) {
			pi = w.intern(p, h.ppos[i], true)
		} else {
			pi = w.intern(p, 0, false)
		}
		w.arena = append(w.arena, pi)
	}
	nd := &w.nodes[n]
	nd.parents = w.arena[start:len(w.arena):len(w.arena)]
	nd.time = h.time
	nd.raw = h.raw
	nd.flags |= fLoaded
	switch {
	case !w.genMode:
		// Keys start at the commit time; a child's key caps it later.
		if nd.key == 0 || h.time < nd.key {
			nd.key = h.time
		}
	case h.gen == 0:
		nd.key = 1 << 62 // not in the graph: newer than everything in it
	default:
		nd.key = h.gen
	}
	return nil
}

func (w *Walker) pushIndeg(n int32) {
	nd := &w.nodes[n]
	if nd.flags&fIndeg != 0 {
		return
	}
	nd.flags |= fIndeg
	w.seq++
	w.indegQ.push(item{key: nd.key, time: nd.time, seq: w.seq, node: n})
}

func (w *Walker) pushTopo(n int32) {
	nd := &w.nodes[n]
	if nd.flags&fTopo != 0 {
		return
	}
	nd.flags |= fTopo
	w.seq++
	// The output queue orders by commit time only (git's date order);
	// ties go to the commit queued first.
	w.topoQ.push(item{time: nd.time, seq: w.seq, node: n})
}

// countTo runs the indegree walk until every commit whose key is at least
// cutoff has had its parents counted: then no unseen child remains for a
// commit at cutoff.
func (w *Walker) countTo(cutoff int64) error {
	for w.indegQ.len() > 0 {
		if w.indegQ.peek().key < cutoff {
			return nil
		}
		top := w.indegQ.pop().node
		c := &w.nodes[top]
		c.flags |= fCounted
		unint := c.flags&fUninteresting != 0
		if unint {
			c.raw = nil // never shown
		}
		ckey := c.key
		for _, p := range c.parents {
			if err := w.load(p); err != nil {
				return err
			}
			pn := &w.nodes[p]
			if unint {
				pn.flags |= fUninteresting
			}
			if !w.genMode && pn.key >= ckey {
				pn.key = ckey - 1 // clock skew: a parent never sorts above its child
			}
			if pn.flags&fEmitted != 0 {
				w.skewed++
			}
			if pn.indeg != 0 {
				pn.indeg++
			} else {
				pn.indeg = 2
			}
			w.pushIndeg(p)
		}
	}
	return nil
}

func (w *Walker) cutoff(n int32) int64 {
	k := w.nodes[n].key
	if w.genMode {
		return k
	}
	return k - Window
}

// start queues the tips. Their indegrees are not counted here: a tip is
// checked when it reaches the front of the output queue, so an old tag
// among --all's tips does not make the first page wait for a walk down to
// it (git counts down to the oldest tip first).
func (w *Walker) start() error {
	w.started = true
	for _, t := range w.tips {
		n, unint := t, false
		if t < 0 {
			n, unint = -1-t, true
		}
		if err := w.load(n); err != nil {
			return err
		}
		nd := &w.nodes[n]
		if unint {
			nd.flags |= fUninteresting
		}
		if nd.indeg == 0 {
			nd.indeg = 1
		}
		w.pushIndeg(n)
		if !unint {
			w.pushTopo(n)
		}
	}
	return nil
}

// Next returns up to n more commits; io.EOF when the walk is over.
func (w *Walker) Next(ctx context.Context, n int) ([]Entry, error) {
	if w.err != nil {
		return nil, w.err
	}
	if !w.started {
		if err := w.start(); err != nil {
			w.err = err
			return nil, err
		}
	}
	out := make([]Entry, 0, n)
	for len(out) < n {
		if len(out)%256 == 255 {
			if err := ctx.Err(); err != nil {
				return out, err
			}
		}
		if w.topoQ.len() == 0 {
			break
		}
		c := w.topoQ.pop().node
		// Every child of c is counted once the indegree walk has passed
		// c's cutoff; only then does indegree 1 mean "all shown".
		if err := w.countTo(w.cutoff(c)); err != nil {
			w.err = err
			return out, err
		}
		cn := &w.nodes[c]
		cn.flags &^= fTopo
		if cn.flags&fUninteresting != 0 {
			cn.indeg = 0
			cn.raw = nil
			continue
		}
		if cn.indeg != 1 {
			// Queued early: a child turned up. Its last child's expand
			// queues it again.
			continue
		}
		cn.indeg = 0
		cn.flags |= fEmitted
		e := Entry{ID: cn.id, Time: cn.time, Raw: cn.raw, Parents: make([]oid.ID, len(cn.parents))}
		cn.raw = nil
		for i, p := range cn.parents {
			e.Parents[i] = w.nodes[p].id
		}
		out = append(out, e)
		w.emitted++
		if err := w.expand(c); err != nil {
			w.err = err
			return out, err
		}
	}
	if len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

// expand counts a shown commit's parents down; one with no child left
// to show joins the output queue, where its count is checked again
// before it is shown (children may still turn up below this point).
func (w *Walker) expand(c int32) error {
	for _, p := range w.nodes[c].parents {
		pn := &w.nodes[p]
		if pn.flags&fUninteresting != 0 || pn.indeg == 0 {
			continue
		}
		pn.indeg--
		if pn.indeg == 1 {
			w.pushTopo(p)
		}
	}
	return nil
}

// All walks to the end.
func (w *Walker) All(ctx context.Context) ([]Entry, error) {
	var out []Entry
	for {
		page, err := w.Next(ctx, 4096)
		out = append(out, page...)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}
