package odb

import (
	"bytes"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/oid"
)

// TestIndexFindAgreesWithBinarySearch checks the guessing search against
// a plain binary search over a real pack index: every listed id is found
// where it is, and ids not listed (random, and neighbours of listed ones
// differing in their last byte) get the same insertion point.
func TestIndexFindAgreesWithBinarySearch(t *testing.T) {
	// Enough objects (by one fast-import) that fanout buckets hold far
	// more than the few entries binary search finishes with.
	r := gittest.New(t)
	var script strings.Builder
	for i := 0; i < 12000; i++ {
		body := fmt.Sprintf("blob %d\n", i)
		fmt.Fprintf(&script, "blob\ndata %d\n%s\n", len(body), body)
	}
	r.GitIn([]byte(script.String()), "fast-import", "--quiet")
	idxs, _ := filepath.Glob(r.Path(".git/objects/pack/*.idx"))
	if len(idxs) != 1 {
		t.Fatalf("want one pack index, have %v", idxs)
	}
	p, err := openPack(strings.TrimSuffix(idxs[0], ".idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	ix := p.idx
	want := func(id *oid.ID) (int, bool) {
		i := sort.Search(ix.count, func(i int) bool { return bytes.Compare(ix.idAt(i), id[:]) >= 0 })
		return i, i < ix.count && bytes.Equal(ix.idAt(i), id[:])
	}
	check := func(id oid.ID) {
		gi, gok := ix.find(&id)
		wi, wok := want(&id)
		if gi != wi || gok != wok {
			t.Fatalf("find(%s) = %d, %v; binary search says %d, %v", id, gi, gok, wi, wok)
		}
	}
	if ix.count < 12000 {
		t.Fatalf("only %d objects: too few to exercise the search", ix.count)
	}
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < ix.count; i++ {
		id := oid.FromBytes(ix.idAt(i))
		check(id)
		id[19] ^= byte(1 + rnd.Intn(255))
		check(id)
	}
	for i := 0; i < 20000; i++ {
		var id oid.ID
		rnd.Read(id[:])
		if i%4 == 0 {
			id[0] = ix.idAt(rnd.Intn(ix.count))[0] // a populated fanout bucket
		}
		check(id)
	}
}
