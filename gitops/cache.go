package gitops

import "sync"

// commitCache keeps parsed commits: panes redraw the same rows over and
// over, and a commit never changes.
type commitCache struct {
	mu    sync.Mutex
	limit int
	m     map[Hash]*Commit
}

func newCommitCache(limit int) *commitCache {
	return &commitCache{limit: limit, m: make(map[Hash]*Commit)}
}

func (c *commitCache) get(id Hash) *Commit {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[id]
}

func (c *commitCache) put(id Hash, v *Commit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.limit {
		// Dropping everything is crude but bounded, and a redraw refills
		// only what is on screen.
		clear(c.m)
	}
	c.m[id] = v
}
