package odb

import (
	"sync"
	"sync/atomic"
)

// inflight lists the delta bases readers are rebuilding right now, each
// with a channel closed when that reader is done (and has cached them).
type inflight struct {
	n  atomic.Int32 // readers with bases announced: none is the common case
	mu sync.Mutex
	m  map[cacheKey]chan struct{}
}

// waitFor returns the channel to wait on when another reader is
// rebuilding the object at off; nil when none is.
func (f *inflight) waitFor(p *pack, off int64) <-chan struct{} {
	if f.n.Load() == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.m[cacheKey{p, off}]
}

type announced struct {
	p    *pack
	offs []int64
	done chan struct{}
}

// start announces bases the caller is about to rebuild and cache. Only
// the caller's own entries are removed by finish: a base another reader
// announced first stays theirs.
func (f *inflight) start(p *pack, offs []int64) *announced {
	a := &announced{p: p, done: make(chan struct{})}
	f.mu.Lock()
	if f.m == nil {
		f.m = make(map[cacheKey]chan struct{})
	}
	for _, off := range offs {
		k := cacheKey{p, off}
		if _, taken := f.m[k]; !taken {
			f.m[k] = a.done
			a.offs = append(a.offs, off)
		}
	}
	f.mu.Unlock()
	f.n.Add(1)
	return a
}

func (f *inflight) finish(a *announced) {
	f.mu.Lock()
	for _, off := range a.offs {
		delete(f.m, cacheKey{a.p, off})
	}
	f.mu.Unlock()
	f.n.Add(-1)
	close(a.done)
}
