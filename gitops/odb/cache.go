package odb

import "sync"

// baseCache keeps recently rebuilt delta bases, the way git's delta base
// cache does: a blob's neighbouring versions share most of their chain.
type baseCache struct {
	mu    sync.Mutex
	limit int
	size  int
	items map[cacheKey]*cacheItem
	head  cacheItem // sentinel of a circular list, most recent first
}

type cacheKey struct {
	p   *pack
	off int64
}

type cacheItem struct {
	key        cacheKey
	typ        Type
	body       []byte
	prev, next *cacheItem
}

func newBaseCache(limit int) *baseCache {
	c := &baseCache{limit: limit, items: make(map[cacheKey]*cacheItem)}
	c.head.prev, c.head.next = &c.head, &c.head
	return c
}

func (c *baseCache) get(p *pack, off int64) (Type, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.items[cacheKey{p, off}]
	if it == nil {
		return 0, nil, false
	}
	c.unlink(it)
	c.pushFront(it)
	return it.typ, it.body, true
}

// put stores body; callers must not modify it afterwards (readers share it,
// which is why Read hands out copies of cached data only through the chain).
func (c *baseCache) put(p *pack, off int64, typ Type, body []byte) {
	if len(body) > c.limit/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := cacheKey{p, off}
	if it := c.items[k]; it != nil {
		c.unlink(it)
		c.pushFront(it)
		return
	}
	it := &cacheItem{key: k, typ: typ, body: body}
	c.items[k] = it
	c.pushFront(it)
	c.size += len(body)
	for c.size > c.limit && c.head.prev != &c.head {
		old := c.head.prev
		c.unlink(old)
		delete(c.items, old.key)
		c.size -= len(old.body)
	}
}

func (c *baseCache) unlink(it *cacheItem) {
	it.prev.next = it.next
	it.next.prev = it.prev
}

func (c *baseCache) pushFront(it *cacheItem) {
	it.next = c.head.next
	it.prev = &c.head
	c.head.next.prev = it
	c.head.next = it
}
