package revwalk

import (
	"sync"

	"reef/gitops/oid"
)

// Without a commit-graph, ordering a follow walk means inflating every
// commit, one after another, on the walk's own goroutine. A prefetcher
// reads the commits it will ask for next on another goroutine: it walks
// the same history in the same date order from the parents of the
// commits queued, a bounded distance ahead, and the walk takes headers
// from it instead of reading them.
type prefetcher struct {
	src    *Source
	mu     sync.Mutex
	ready  map[oid.ID]header
	failed map[oid.ID]bool
	room   chan struct{} // one token per header read and not yet taken
	read   chan struct{} // a token when a header is ready, for a walk waiting on one
	quit   chan struct{}
	done   chan struct{}
}

// prefetchAhead bounds how many commits the prefetcher reads ahead.
const prefetchAhead = 2048

// startPrefetch starts a prefetcher from the parents of the queued
// commits; nil when the walk has a commit-graph (headers are cheap then)
// or no processor to spare.
func (w *FileWalker) startPrefetch() *prefetcher {
	if w.src.Graph != nil || w.rs == nil || w.queue.len() == 0 {
		return nil
	}
	if w.pre == nil {
		w.pre = &prefetcher{src: w.src, ready: map[oid.ID]header{}, failed: map[oid.ID]bool{},
			room: make(chan struct{}, prefetchAhead), read: make(chan struct{}, 1)}
	}
	pf := w.pre
	pf.quit, pf.done = make(chan struct{}), make(chan struct{})
	// The queued commits are loaded, and so are those an earlier call
	// read ahead: the walk goes on from their parents.
	seen := map[oid.ID]bool{}
	var from [][]oid.ID
	for id, h := range pf.ready {
		seen[id] = true
		from = append(from, h.parents)
	}
	for _, it := range w.queue.items {
		seen[w.nodes[it.node].id] = true
		from = append(from, w.nodes[it.node].parents)
	}
	var seeds []oid.ID
	for _, parents := range from {
		for _, p := range parents {
			if n, ok := w.byID[p]; !ok || !w.nodes[n].loaded {
				seeds = append(seeds, p)
			}
		}
	}
	go pf.run(seeds, seen)
	return pf
}

// run reads commits in date order from seeds.
func (pf *prefetcher) run(seeds []oid.ID, seen map[oid.ID]bool) {
	defer close(pf.done)
	var q heap
	var parents [][]oid.ID // of the commits read, by heap item
	var buf, block []oid.ID
	var data []byte
	add := func(id oid.ID) bool {
		if seen[id] {
			return true
		}
		seen[id] = true
		select {
		case <-pf.quit:
			return false
		default:
		}
		select {
		case pf.room <- struct{}{}:
		case <-pf.quit:
			return false
		}
		h, err := pf.src.headerInto(id, buf, &data)
		if err != nil {
			// The walk reads it itself and reports the error.
			pf.mu.Lock()
			pf.failed[id] = true
			pf.mu.Unlock()
			<-pf.room
			pf.wake()
			return true
		}
		// The parents outlive buf: carved from a shared block, as the
		// walk's own are, not allocated one slice per commit.
		buf, h.parents = h.parents[:0], carve(&block, h.parents)
		pf.mu.Lock()
		pf.ready[id] = h
		pf.mu.Unlock()
		pf.wake()
		parents = append(parents, h.parents)
		q.push(item{key: h.time, time: h.time, seq: uint32(len(parents)), node: int32(len(parents) - 1)})
		return true
	}
	for _, id := range seeds {
		if !add(id) {
			return
		}
	}
	for q.len() > 0 {
		for _, p := range parents[q.pop().node] {
			if !add(p) {
				return
			}
		}
	}
}

// wake tells a walk waiting in prefetched that a header is in.
func (pf *prefetcher) wake() {
	select {
	case pf.read <- struct{}{}:
	default:
	}
}

// take hands over a commit's header when it was read ahead; read says
// the walk must read it itself: reading it failed (the walk reports the
// error), the prefetcher stopped, or it is held up with its room full.
func (pf *prefetcher) take(id oid.ID) (h header, ok, read bool) {
	pf.mu.Lock()
	h, ok = pf.ready[id]
	if ok {
		delete(pf.ready, id)
	}
	failed := pf.failed[id]
	pf.mu.Unlock()
	if ok {
		<-pf.room
		return h, true, false
	}
	if failed || len(pf.room) == cap(pf.room) {
		return h, false, true
	}
	select {
	case <-pf.done:
		return h, false, true
	default:
		return h, false, false
	}
}

// prefetched waits for the prefetcher to read commit id, helping with the
// tree jobs meanwhile: reading a chain of commits cannot be split, so the
// walk's goroutine is better used on trees than on reading it too. With
// no job left it sleeps until the next header is read: spinning would
// take turns on the processor from the prefetcher, the walk's slowest
// part.
func (w *FileWalker) prefetched(id oid.ID) (header, bool) {
	for {
		h, ok, read := w.pre.take(id)
		if ok || read {
			return h, ok
		}
		if !w.helpOne() {
			select {
			case <-w.pre.read:
			case <-w.pre.done:
			}
		}
	}
}

// stopPrefetch stops the prefetcher and drops the headers of commits
// the walk loaded itself meanwhile: they would never be taken, and would
// hold their room for good.
func (w *FileWalker) stopPrefetch(pf *prefetcher) {
	if pf == nil {
		return
	}
	close(pf.quit)
	<-pf.done
	clear(pf.failed)
	for id := range pf.ready {
		if n, ok := w.byID[id]; ok && w.nodes[n].loaded {
			delete(pf.ready, id)
			<-pf.room
		}
	}
}

// running reports whether the prefetcher is reading (within a Next call).
func (pf *prefetcher) running() bool {
	if pf.done == nil {
		return false
	}
	select {
	case <-pf.done:
		return false
	default:
		return true
	}
}
