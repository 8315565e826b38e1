package revwalk

import (
	"context"

	"reef/gitops/oid"
)

// MergeBases returns common ancestors of a and b found by painting down
// from both (git's paint_down_to_common). It may include a redundant base
// (an ancestor of another base): excluding it from a symmetric range
// A...B hides nothing more, which is what callers use it for.
func MergeBases(ctx context.Context, src *Source, a, b oid.ID) ([]oid.ID, error) {
	if a == b {
		return []oid.ID{a}, nil
	}
	w := New(src, Options{})
	const (
		p1     = 1
		p2     = 2
		stale  = 4
		result = 8
	)
	flags := map[int32]uint8{}
	na, nb := w.intern(a, 0, false), w.intern(b, 0, false)
	for _, n := range []int32{na, nb} {
		if err := w.load(n); err != nil {
			return nil, err
		}
	}
	var q heap
	seq := uint32(0)
	push := func(n int32) {
		seq++
		nd := &w.nodes[n]
		q.push(item{key: nd.key, time: nd.time, seq: seq, node: n})
	}
	flags[na] |= p1
	flags[nb] |= p2
	push(na)
	push(nb)
	var bases []int32
	live := func() bool {
		for _, it := range q.items {
			if flags[it.node]&stale == 0 {
				return true
			}
		}
		return false
	}
	for steps := 0; q.len() > 0 && live(); steps++ {
		if steps%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := q.pop().node
		f := flags[c] & (p1 | p2 | stale)
		if f == p1|p2 {
			if flags[c]&result == 0 {
				flags[c] |= result
				bases = append(bases, c)
			}
			f |= stale
		}
		for _, p := range w.nodes[c].parents {
			if flags[p]&f == f {
				continue
			}
			if err := w.load(p); err != nil {
				return nil, err
			}
			flags[p] |= f
			push(p)
		}
	}
	out := make([]oid.ID, len(bases))
	for i, n := range bases {
		out[i] = w.nodes[n].id
	}
	return out, nil
}
