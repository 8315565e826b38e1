package odb

import "testing"

// The cache is keyed by offset alone: two packs' objects at the same
// offset must never be mistaken for each other, and the size kept must
// stay right when one replaces the other.
func TestBaseCacheSameOffsetTwoPacks(t *testing.T) {
	c := newBaseCache(1 << 20)
	p1, p2 := &pack{path: "one"}, &pack{path: "two"}
	c.put(p1, 100, Tree, []byte("first pack"))
	if _, _, ok := c.get(p2, 100); ok {
		t.Fatal("the second pack's object at 100 was answered with the first pack's")
	}
	c.put(p2, 100, Blob, []byte("second"))
	if _, _, ok := c.get(p1, 100); ok {
		t.Fatal("the first pack's object is still found after the second took its slot")
	}
	typ, body, ok := c.get(p2, 100)
	if !ok || typ != Blob || string(body) != "second" {
		t.Fatalf("got %v %q %v, want the second pack's blob", typ, body, ok)
	}
	sh := c.shard(100)
	if sh.size != len("second") || len(sh.items) != 1 {
		t.Fatalf("shard holds %d bytes in %d items, want %d in 1", sh.size, len(sh.items), len("second"))
	}
}
