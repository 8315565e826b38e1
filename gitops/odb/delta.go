package odb

import (
	"errors"
	"sync"
)

var errDelta = errors.New("bad delta")

func deltaVarint(b []byte) (uint64, int) {
	var v uint64
	var shift uint
	for i, c := range b {
		if shift > 63 {
			return 0, 0
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// applyDelta rebuilds an object from its base and a git delta. It is
// reef's own rather than go-git's PatchDelta because a walk applies one
// small delta per tree it reads, and building the output in a buffer that
// grows cost more than the copying; it checks the same things: the base's
// size, every copy against both buffers, the target's size, and that the
// whole delta is used.
func applyDelta(base, delta []byte) ([]byte, error) {
	return applyDeltaInto(nil, base, delta)
}

// applyDeltaInto is applyDelta building the object in dst's memory when
// it is large enough.
func applyDeltaInto(dst, base, delta []byte) ([]byte, error) {
	if len(base) == 0 {
		// git never deltifies against an empty base.
		return nil, errDelta
	}
	srcSize, n := deltaVarint(delta)
	if n == 0 || srcSize != uint64(len(base)) {
		return nil, errDelta
	}
	delta = delta[n:]
	size, n := deltaVarint(delta)
	delta = delta[n:]
	// One op byte copies at most 64 KiB: a larger size is a lie, and
	// must not be allocated.
	if n == 0 || size > uint64(len(delta))<<16 {
		return nil, errDelta
	}
	out := dst[:0]
	if uint64(cap(out)) < size {
		out = make([]byte, 0, size)
	}
	for uint64(len(out)) < size {
		if len(delta) == 0 {
			return nil, errDelta
		}
		op := delta[0]
		delta = delta[1:]
		switch {
		case op&0x80 != 0:
			var off, sz uint64
			for i := uint(0); i < 7; i++ {
				if op&(1<<i) == 0 {
					continue
				}
				if len(delta) == 0 {
					return nil, errDelta
				}
				if i < 4 {
					off |= uint64(delta[0]) << (8 * i)
				} else {
					sz |= uint64(delta[0]) << (8 * (i - 4))
				}
				delta = delta[1:]
			}
			if sz == 0 {
				sz = 0x10000
			}
			if off+sz > uint64(len(base)) || sz > size-uint64(len(out)) {
				return nil, errDelta
			}
			out = append(out, base[off:off+sz]...)
		case op != 0:
			sz := int(op)
			if sz > len(delta) || uint64(sz) > size-uint64(len(out)) {
				return nil, errDelta
			}
			out = append(out, delta[:sz]...)
			delta = delta[sz:]
		default:
			return nil, errDelta // op 0 is reserved
		}
	}
	if len(delta) != 0 {
		return nil, errDelta
	}
	return out, nil
}

// deltaBufs holds scratch buffers for inflated deltas: applyDelta copies
// what it needs out of a delta, so the delta itself is garbage the moment
// the object is rebuilt, and a walk rebuilds one per tree it reads.
var deltaBufs = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledDelta bounds what a pooled buffer keeps: a rare huge delta
// should not stay pinned in the pool.
const maxPooledDelta = 64 << 10

// patch inflates the delta of size bytes at the start of src and applies
// it to base, building the object in dst's memory when it is large
// enough.
func (db *DB) patch(dst, base, src []byte, size int64) ([]byte, error) {
	bp := deltaBufs.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxPooledDelta {
			deltaBufs.Put(bp)
		}
	}()
	if int64(cap(*bp)) < size {
		*bp = make([]byte, size)
	}
	delta := (*bp)[:size]
	if err := db.z.inflateInto(src, delta, true); err != nil {
		return nil, err
	}
	return applyDeltaInto(dst, base, delta)
}
