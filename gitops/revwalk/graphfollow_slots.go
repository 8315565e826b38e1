package revwalk

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"reef/gitops/commitgraph"
	"reef/gitops/oid"
)

// How gfollow's slots are filled (ordering, from the commit-graph or the
// commit objects) and resolved (workers claiming blocks, the walk's own
// goroutine resolving what it needs first).

// ref finds a commit: in the graph by id, else among the extras, reading
// it from the object database the first time.
func (f *gfollow) ref(id oid.ID) (gref, error) {
	if pos, ok := f.g.Lookup(id); ok {
		return gref(pos), nil
	}
	if i, ok := f.byID[id]; ok {
		return ^gref(i), nil
	}
	h, err := f.src.header(id, nil)
	if err != nil {
		return 0, err
	}
	i := int32(len(f.extras))
	f.byID[id] = i
	f.extras = append(f.extras, extra{id: id, tree: h.tree, time: h.time, raw: h.raw, parents: h.parents})
	return ^gref(i), nil
}

func (f *gfollow) push(r gref) {
	var t int64
	if r.inGraph() {
		if f.pinfo[r]&(pQueued|pOrdMask) != 0 {
			return
		}
		f.pinfo[r] |= pQueued
		c, err := f.g.Commit(commitgraph.Pos(r), f.pbuf)
		if err != nil {
			f.err = err
			return
		}
		t = c.Time
	} else {
		x := &f.extras[^r]
		if x.queued {
			return
		}
		x.queued = true
		t = x.time
	}
	f.seq++
	f.queue.push(item{key: t, time: t, seq: f.seq, node: int32(r)})
}

// markNeed says r's entry will be asked for. When r is ordered already
// (a child dated before its parent), the hint comes too late for its slot
// and the entry is resolved when asked for.
func (f *gfollow) markNeed(r gref) {
	if r.inGraph() {
		f.pinfo[r] |= pNeed
	} else {
		f.extras[^r].need = true
	}
}

// orderSome pops up to n commits into slots, in the order nextFollow's
// window would have them.
func (f *gfollow) orderSome(n int) {
	end := f.published.Load()
	for k := 0; k < n && f.queue.len() > 0 && f.err == nil; k++ {
		r := gref(f.queue.pop().node)
		if bl := f.blocks.Load(); bl == nil || end/slotBlock == int64(len(*bl)) {
			var grown []*[slotBlock]slot
			if bl != nil {
				grown = append(grown, *bl...)
			}
			grown = append(grown, new([slotBlock]slot))
			f.blocks.Store(&grown)
		}
		s := f.slot(end)
		s.ref = r
		parents := f.gbuf[:0]
		if r.inGraph() {
			c, err := f.g.Commit(commitgraph.Pos(r), f.pbuf)
			if err != nil {
				f.err = err
				break
			}
			f.pbuf = c.Parents[:0]
			s.tree, s.np = c.Tree, int32(len(c.Parents))
			for _, p := range c.Parents {
				parents = append(parents, gref(p))
			}
			s.need = f.pinfo[r]&pNeed != 0
			f.pinfo[r] = f.pinfo[r]&^pOrdMask | uint32(end+1)
		} else {
			x := &f.extras[^r]
			s.tree, s.np, s.need = x.tree, int32(len(x.parents)), x.need
			x.ord = int32(end + 1)
			for _, id := range x.parents {
				p, err := f.ref(id)
				if err != nil {
					f.err = err
					break
				}
				parents = append(parents, p)
			}
			if f.err != nil {
				break
			}
		}
		if len(parents) > 0 {
			s.first = parents[0]
		}
		for _, p := range parents {
			f.push(p)
		}
		f.gbuf = parents[:0]
		switch {
		case s.np == 0:
			s.need = true
		case s.np == 1 && !f.bloomSame(s):
			s.need = true
			f.markNeed(s.first)
		}
		end++
	}
	f.published.Store(end)
}

// resolveSlot resolves slot s at the current path with r.
func (f *gfollow) resolveSlot(s *slot, r *resolver) {
	pg := f.path.Load()
	e, err := r.resolve(s.tree, pg.path)
	if err != nil {
		s.state.Store(slotFailed)
		return
	}
	s.e, s.gen = e, pg.gen
	s.state.Store(jobDone)
}

// work claims a block of slots that need resolving and resolves them;
// false when there was nothing to claim.
func (f *gfollow) work(r *resolver) bool {
	const block = 16
	for {
		// In this order: what is published, then the blocks (they hold
		// every published slot), then the claim. A block released after
		// the blocks are loaded lives on in this copy of the list; one
		// released before lies behind the decisions, and so behind
		// claimNext (which only grows) and any claim made from it.
		p := f.published.Load()
		blocks := *f.blocks.Load()
		c := f.claimNext.Load()
		if c >= p {
			return false
		}
		end := min(c+block, p)
		if !f.claimNext.CompareAndSwap(c, end) {
			continue
		}
		for i := c; i < end; i++ {
			b := blocks[i/slotBlock]
			if b == nil {
				continue
			}
			s := &b[i%slotBlock]
			if s.need && s.state.CompareAndSwap(jobWaiting, jobClaimed) {
				f.resolveSlot(s, r)
			}
		}
		return true
	}
}

// at returns the entry of the commit in slot i at the current path,
// resolving it here when nobody has, or it was resolved at a name the walk
// has left since; it helps with the slots ahead while a worker finishes it.
func (f *gfollow) at(i int64) (entry, error) {
	s := f.slot(i)
	for {
		switch s.state.Load() {
		case jobWaiting:
			if s.state.CompareAndSwap(jobWaiting, jobClaimed) {
				f.resolveSlot(s, f.own)
			}
			continue
		case jobClaimed:
			if !f.work(f.own) {
				runtime.Gosched()
			}
			continue
		case slotFailed:
			// Resolve again here for the error itself.
			return f.own.resolve(s.tree, f.path.Load().path)
		}
		if pg := f.path.Load(); s.gen != pg.gen {
			e, err := f.own.resolve(s.tree, pg.path)
			if err == nil {
				s.e, s.gen = e, pg.gen
			}
			return e, err
		}
		return s.e, nil
	}
}

// entryOf returns commit r's entry at the current path: from its slot
// when it is ordered, else read here.
func (f *gfollow) entryOf(r gref) (entry, oid.ID, error) {
	var ord int64
	if r.inGraph() {
		ord = int64(f.pinfo[r] & pOrdMask)
	} else {
		ord = int64(f.extras[^r].ord)
	}
	if ord > 0 && f.held(ord-1) {
		e, err := f.at(ord - 1)
		return e, f.slot(ord - 1).tree, err
	}
	// Not ordered yet, or ordered so long before that its slot is
	// released (a child dated before its parent): read it here.
	var tree oid.ID
	if r.inGraph() {
		c, err := f.g.Commit(commitgraph.Pos(r), nil)
		if err != nil {
			return entry{}, tree, err
		}
		tree = c.Tree
	} else {
		tree = f.extras[^r].tree
	}
	e, err := f.own.resolve(tree, f.path.Load().path)
	return e, tree, err
}

// held reports whether slot i's block is still held (see release).
func (f *gfollow) held(i int64) bool {
	bl := *f.blocks.Load()
	return i/slotBlock < int64(len(bl)) && bl[i/slotBlock] != nil
}

// startWorkers runs up to GOMAXPROCS-1 resolvers for one Next call.
func (f *gfollow) startWorkers() (stop func()) {
	k := min(runtime.GOMAXPROCS(0)-1, maxWorkers)
	if k <= 0 {
		return func() {}
	}
	for len(f.workers) < k {
		f.workers = append(f.workers, newResolver(f.src.DB))
	}
	var quit atomic.Bool
	var wg sync.WaitGroup
	for i := 0; i < k; i++ {
		r := f.workers[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for idle := 0; !quit.Load(); {
				if f.work(r) {
					idle = 0
					continue
				}
				// Ordering runs in bursts ahead of deciding: more work
				// is usually microseconds away. The walk may be busy
				// elsewhere for longer (finding a rename): then sleep.
				if idle++; idle < 256 {
					runtime.Gosched()
				} else {
					time.Sleep(50 * time.Microsecond)
				}
			}
		}()
	}
	return func() {
		quit.Store(true)
		wg.Wait()
	}
}
