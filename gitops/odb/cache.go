package odb

import "sync"

// baseCache keeps recently rebuilt delta bases, the way git's delta base
// cache does: a blob's neighbouring versions share most of their chain.
// It is split into shards by key, each its own LRU with its share of the
// limit: readers on several goroutines (a walk's tree resolvers) take a
// lock on every link of every chain, and one lock had them queueing.
type baseCache struct {
	shards [cacheShards]cacheShard
}

const cacheShards = 16

type cacheShard struct {
	mu    sync.Mutex
	limit int
	size  int
	// items is keyed by offset alone, the pack checked on a hit: an
	// int64 key takes the map's fast path, where a pointer and offset
	// pair is hashed as memory, and offsets rarely collide across packs
	// (when they do, the newer object takes the slot).
	items map[int64]*cacheItem
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
	c := &baseCache{}
	for i := range c.shards {
		sh := &c.shards[i]
		sh.limit, sh.items = max(limit/cacheShards, 1), make(map[int64]*cacheItem)
		sh.head.prev, sh.head.next = &sh.head, &sh.head
	}
	return c
}

func (c *baseCache) shard(off int64) *cacheShard {
	return &c.shards[uint64(off)*0x9e3779b97f4a7c15>>60]
}

func (c *baseCache) get(p *pack, off int64) (Type, []byte, bool) {
	return c.shard(off).get(p, off)
}

// put stores body; callers must not modify it afterwards (readers share it,
// which is why Read hands out copies of cached data only through the chain).
// A body larger than half a shard is not kept: it would flush the shard.
func (c *baseCache) put(p *pack, off int64, typ Type, body []byte) {
	if len(body) > c.shards[0].limit/2 {
		return
	}
	c.shard(off).put(p, off, typ, body)
}

func (c *cacheShard) get(p *pack, off int64) (Type, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := c.items[off]
	if it == nil || it.key.p != p {
		return 0, nil, false
	}
	c.unlink(it)
	c.pushFront(it)
	return it.typ, it.body, true
}

func (c *cacheShard) put(p *pack, off int64, typ Type, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if it := c.items[off]; it != nil {
		if it.key.p == p {
			c.unlink(it)
			c.pushFront(it)
			return
		}
		c.unlink(it)
		c.size -= len(it.body)
	}
	it := &cacheItem{key: cacheKey{p, off}, typ: typ, body: body}
	c.items[off] = it
	c.pushFront(it)
	c.size += len(body)
	for c.size > c.limit && c.head.prev != &c.head {
		old := c.head.prev
		c.unlink(old)
		delete(c.items, old.key.off)
		c.size -= len(old.body)
	}
}

func (c *cacheShard) unlink(it *cacheItem) {
	it.prev.next = it.next
	it.next.prev = it.prev
}

func (c *cacheShard) pushFront(it *cacheItem) {
	it.next = c.head.next
	it.prev = &c.head
	c.head.next.prev = it
	c.head.next = it
}
