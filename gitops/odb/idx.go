package odb

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"reef/gitops/oid"
)

// packIndex is a mapped .idx file (version 1 or 2), searched in place.
type packIndex struct {
	data    []byte
	version int
	count   int
	fanout  []byte // 256 big-endian uint32
	ids     []byte // v2: count*20; v1: entries of 24 bytes
	offsets []byte // v2: count*4
	large   []byte // v2: 8-byte offsets
}

var idxMagic = []byte{0xff, 't', 'O', 'c'}

func parseIndex(path string, data []byte) (*packIndex, error) {
	bad := func(what string) error { return fmt.Errorf("pack index %s is corrupt (%s)", path, what) }
	ix := &packIndex{data: data}
	if len(data) >= 8 && bytes.Equal(data[:4], idxMagic) {
		ix.version = int(binary.BigEndian.Uint32(data[4:8]))
		if ix.version != 2 {
			return nil, bad(fmt.Sprintf("unsupported version %d", ix.version))
		}
		if len(data) < 8+256*4+40 {
			return nil, bad("truncated")
		}
		ix.fanout = data[8 : 8+1024]
		ix.count = int(binary.BigEndian.Uint32(ix.fanout[255*4:]))
		p := 8 + 1024
		need := p + ix.count*(20+4+4) + 40
		if len(data) < need {
			return nil, bad("truncated")
		}
		ix.ids = data[p : p+ix.count*20]
		p += ix.count * 20
		p += ix.count * 4 // crc32
		ix.offsets = data[p : p+ix.count*4]
		p += ix.count * 4
		ix.large = data[p : len(data)-40]
		if len(ix.large)%8 != 0 {
			return nil, bad("bad large offset table")
		}
	} else {
		ix.version = 1
		if len(data) < 256*4+40 {
			return nil, bad("truncated")
		}
		ix.fanout = data[:1024]
		ix.count = int(binary.BigEndian.Uint32(ix.fanout[255*4:]))
		if len(data) != 1024+ix.count*24+40 {
			return nil, bad("size does not match object count")
		}
		ix.ids = data[1024 : 1024+ix.count*24]
	}
	// The fanout must be monotonic, or binary search gives wrong answers.
	prev := uint32(0)
	for i := 0; i < 256; i++ {
		v := binary.BigEndian.Uint32(ix.fanout[i*4:])
		if v < prev {
			return nil, bad("fanout table not sorted")
		}
		prev = v
	}
	return ix, nil
}

func (ix *packIndex) idAt(i int) []byte {
	if ix.version == 1 {
		return ix.ids[i*24+4 : i*24+24]
	}
	return ix.ids[i*20 : i*20+20]
}

func (ix *packIndex) bounds(first byte) (lo, hi int) {
	if first > 0 {
		lo = int(binary.BigEndian.Uint32(ix.fanout[int(first-1)*4:]))
	}
	hi = int(binary.BigEndian.Uint32(ix.fanout[int(first)*4:]))
	return lo, hi
}

// find returns the position of id, or (insertion point, false). Ids are
// uniformly spread, so it first guesses where id lies from its leading
// bytes (an interpolation search, as git's sha1_pos did): a few probes
// into the mapped index instead of a dozen, each of which is a cache miss
// on a large one. Binary search finishes narrow ranges, and takes over
// if guessing does not narrow the range fast (it cannot go wrong, only
// slow).
func (ix *packIndex) find(id *oid.ID) (int, bool) {
	lo, hi := ix.bounds(id[0])
	key := binary.BigEndian.Uint64(id[:8])
	lk := uint64(id[0]) << 56 // every id in [lo, hi) starts in [lk, hk]
	hk := lk | (1<<56 - 1)
	for guesses := 0; hi-lo > 16 && guesses < 4; guesses++ {
		mid := lo
		if key > lk && hk > lk {
			mid = lo + int(float64(key-lk)/float64(hk-lk)*float64(hi-lo))
			mid = min(max(mid, lo), hi-1)
		}
		at := ix.idAt(mid)
		c := bytes.Compare(at, id[:])
		switch {
		case c == 0:
			return mid, true
		case c < 0:
			lo, lk = mid+1, binary.BigEndian.Uint64(at)
		default:
			hi, hk = mid, binary.BigEndian.Uint64(at)
		}
	}
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c := bytes.Compare(ix.idAt(mid), id[:])
		switch {
		case c == 0:
			return mid, true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return lo, false
}

func (ix *packIndex) offsetAt(i int) (int64, error) {
	if ix.version == 1 {
		return int64(binary.BigEndian.Uint32(ix.ids[i*24:])), nil
	}
	off := binary.BigEndian.Uint32(ix.offsets[i*4:])
	if off&0x80000000 == 0 {
		return int64(off), nil
	}
	j := int(off & 0x7fffffff)
	if (j+1)*8 > len(ix.large) {
		return 0, fmt.Errorf("pack index large offset %d out of range", j)
	}
	return int64(binary.BigEndian.Uint64(ix.large[j*8:])), nil
}

// packChecksum is the checksum of the pack this index describes.
func (ix *packIndex) packChecksum() []byte {
	n := len(ix.data)
	return ix.data[n-40 : n-20]
}
