package iac

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sort"
	"sync"
)

// Cache keeps analyzer results between reviews, so the UI going back to a
// commit it showed gets its summary at once. An entry is keyed by the
// analyzer and the contents of the files it read on both sides (so, for
// a blob pair, by the blob pair), and remembers the directories the
// analyzer listed through Input.Dir: it is used only while those are
// unchanged. Safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	limit int
	order *list.List // front: most recently used
	m     map[string]*list.Element
}

// NewCache makes a cache holding the results of up to limit analyzer
// runs (one run reads one directory's changed files).
func NewCache(limit int) *Cache {
	return &Cache{limit: max(limit, 1), order: list.New(), m: map[string]*list.Element{}}
}

type cacheEntry struct {
	key  string
	deps []dirDep
	r    Result
}

// dirDep is a directory an analyzer read, and its fingerprint then.
type dirDep struct {
	side Side
	dir  string
	fp   string
}

// lookup returns a stored result whose directories still have the same
// fingerprints.
func (c *Cache) lookup(ctx context.Context, key string, fingerprint func(context.Context, Side, string) (string, bool)) (Result, bool) {
	c.mu.Lock()
	el, ok := c.m[key]
	var e *cacheEntry
	if ok {
		c.order.MoveToFront(el)
		e = el.Value.(*cacheEntry)
	}
	c.mu.Unlock()
	if !ok {
		return Result{}, false
	}
	// Fingerprints are taken outside the lock: they may read a tree.
	for _, d := range e.deps {
		if fp, ok := fingerprint(ctx, d.side, d.dir); !ok || fp != d.fp {
			return Result{}, false
		}
	}
	return e.r, true
}

func (c *Cache) store(key string, deps []dirDep, r Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		el.Value = &cacheEntry{key: key, deps: deps, r: r}
		c.order.MoveToFront(el)
		return
	}
	c.m[key] = c.order.PushFront(&cacheEntry{key: key, deps: deps, r: r})
	for c.order.Len() > c.limit {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.m, old.Value.(*cacheEntry).key)
	}
}

// LookupResult returns a whole review stored under key by StoreResult.
// The caller names the review by everything that decides it (gitops uses
// the two tree ids, the plan and the analyzers: a revision range always
// reviews the same), so a repeat reads no file at all.
func (c *Cache) LookupResult(key string) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m["review "+key]
	if !ok {
		return Result{}, false
	}
	c.order.MoveToFront(el)
	return copyResult(el.Value.(*cacheEntry).r), true
}

// StoreResult keeps a whole review under key (see LookupResult).
func (c *Cache) StoreResult(key string, r Result) {
	c.store("review "+key, nil, copyResult(r))
}

// copyResult copies a result's lists, so the cache and its callers never
// share one a caller may reorder or append to.
func copyResult(r Result) Result {
	return Result{
		Changes:  append([]Change(nil), r.Changes...),
		Findings: append([]Finding(nil), r.Findings...),
		Notes:    append([]Note(nil), r.Notes...),
	}
}

// Len is the number of results held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// cacheKey identifies an analyzer run by what it reads: the analyzer, the
// plan, the environment patterns (rules grade by environment through
// EnvironmentOf), and each file's paths and contents on both sides
// (absent and empty differ).
func cacheKey(u unit, plan []byte, envs []EnvPattern) string {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	side := func(b []byte) {
		if b == nil {
			h.Write([]byte{0})
			return
		}
		sum := sha256.Sum256(b)
		h.Write([]byte{1})
		h.Write(sum[:])
	}
	field([]byte(u.a.Name()))
	side(plan)
	for _, e := range envs {
		field([]byte(e.Pattern))
		field([]byte(e.Name))
	}
	h.Write([]byte{0xff})
	for _, f := range u.files {
		field([]byte(f.Path))
		field([]byte(f.OldPath))
		side(f.Before)
		side(f.After)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// contentDigest fingerprints a directory listing by its names and
// contents.
func contentDigest(m map[string][]byte) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := sha256.Sum256(m[n])
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// dirRecorder collects the directories one analyzer run reads.
type dirRecorder struct {
	mu     sync.Mutex
	deps   []dirDep
	failed bool // a read failed: the result is not cached
}

func (r *dirRecorder) add(d dirDep) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.deps {
		if x.side == d.side && x.dir == d.dir {
			return
		}
	}
	r.deps = append(r.deps, d)
}

func (r *dirRecorder) fail() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = true
}

// snapshot returns what was read, and whether every read succeeded.
func (r *dirRecorder) snapshot() ([]dirDep, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]dirDep(nil), r.deps...), !r.failed
}
