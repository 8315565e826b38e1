package blame

import (
	"sync"

	"reef/gitops/oid"
)

// prefetchAhead bounds how many commits the prefetcher reads beyond what
// blame has used: enough to keep a second core busy, little waste when
// blame settles early or turns onto another branch.
const prefetchAhead = 64

// prefetchKeep bounds the headers kept from chains blame left.
const prefetchKeep = 4096

type prefetched struct {
	header
	gen int
}

// header is what blame needs of a commit object.
type header struct {
	tree    oid.ID
	parents []oid.ID
	time    int64
	err     error
}

// prefetcher reads commit objects ahead of blame along a first-parent
// chain, on its own goroutine. Without a commit-graph, inflating commit
// objects is about half of a long blame, and blame mostly walks first
// parents; the main loop is left with the diffs and the trees. When blame
// needs a commit the prefetcher did not read (blame followed a merge's
// other parent), the prefetcher goes there; what it read on the old chain
// stays, as blame often comes back to it.
type prefetcher struct {
	mu       sync.Mutex
	cond     sync.Cond
	got      map[oid.ID]prefetched
	gen      int // bumped on every jump
	lead     int // entries of the current generation not taken yet
	inFlight oid.ID
	busy     bool   // inFlight is being read
	redirect oid.ID // where to continue, when jump is set
	jump     bool
	stopped  bool
	done     chan struct{}
}

// startPrefetch starts reading from start along first parents with read,
// which must be safe to call from another goroutine.
func startPrefetch(start oid.ID, read func(oid.ID) header) *prefetcher {
	p := &prefetcher{got: map[oid.ID]prefetched{}, done: make(chan struct{})}
	p.cond.L = &p.mu
	go p.run(start, read)
	return p
}

func (p *prefetcher) run(id oid.ID, read func(oid.ID) header) {
	defer close(p.done)
	idle := false // the chain ended: wait to be sent elsewhere
	for {
		p.mu.Lock()
		for !p.stopped && !p.jump && (idle || p.lead >= prefetchAhead) {
			p.cond.Wait()
		}
		if p.stopped {
			p.mu.Unlock()
			return
		}
		if p.jump {
			id, p.jump, idle = p.redirect, false, false
			p.gen++
			p.lead = 0
			if len(p.got) >= prefetchKeep {
				clear(p.got)
			}
		}
		p.inFlight, p.busy = id, true
		p.mu.Unlock()

		h := read(id)

		p.mu.Lock()
		p.busy = false
		if !p.jump {
			p.got[id] = prefetched{h, p.gen}
			p.lead++
		}
		p.cond.Broadcast()
		p.mu.Unlock()
		if h.err != nil || len(h.parents) == 0 {
			idle = true
			continue
		}
		id = h.parents[0]
	}
}

// take returns the header of id: at once when the prefetcher has read it,
// else after sending the prefetcher there (blame went down another
// parent) and waiting. Only the prefetcher reads commits, so none is read
// twice.
func (p *prefetcher) take(id oid.ID) header {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if h, ok := p.got[id]; ok {
			delete(p.got, id)
			if h.gen == p.gen {
				p.lead--
				p.cond.Broadcast()
			}
			return h.header
		}
		if !(p.busy && p.inFlight == id && !p.jump) && !(p.jump && p.redirect == id) {
			p.redirect, p.jump = id, true
			p.cond.Broadcast()
		}
		p.cond.Wait()
	}
}

// stop ends the goroutine and waits for it.
func (p *prefetcher) stop() {
	p.mu.Lock()
	p.stopped = true
	p.cond.Broadcast()
	p.mu.Unlock()
	<-p.done
}
