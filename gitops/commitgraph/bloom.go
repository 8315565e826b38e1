package commitgraph

import (
	"encoding/binary"
	"math/bits"
)

// HasBloom reports whether every layer carries changed-path Bloom filters
// (written by `git commit-graph write --changed-paths`).
func (g *Graph) HasBloom() bool {
	for _, l := range g.layers {
		if l.bdat == nil {
			return false
		}
	}
	return len(g.layers) > 0
}

// BloomKey is a path prepared for filter queries.
type BloomKey struct {
	h0, h1 uint32 // version 1 hashes
	v0, v1 uint32 // version 2 hashes (differ only for bytes >= 0x80)
}

// NewBloomKey hashes path (slash-separated, no leading slash).
func NewBloomKey(path string) BloomKey {
	const seed0, seed1 = 0x293ae76f, 0x7e646e2c
	return BloomKey{
		h0: murmur3(seed0, path, true), h1: murmur3(seed1, path, true),
		v0: murmur3(seed0, path, false), v1: murmur3(seed1, path, false),
	}
}

// MaybeChanged reports whether the commit at p may have changed path
// against its first parent. False is certain; true may be a false
// positive, and is also the answer when the commit has no usable filter.
func (g *Graph) MaybeChanged(p Pos, key BloomKey) bool {
	l, i := g.layerOf(p)
	if l.bdat == nil {
		return true
	}
	start := uint32(0)
	if i > 0 {
		start = binary.BigEndian.Uint32(l.bidx[(i-1)*4:])
	}
	end := binary.BigEndian.Uint32(l.bidx[i*4:])
	data := l.bdat[12:]
	if end < start || int(end) > len(data) {
		return true
	}
	filter := data[start:end]
	mod := uint64(len(filter)) * 8
	if mod == 0 {
		return true
	}
	h0, h1 := key.h0, key.h1
	if l.bloomV == 2 {
		h0, h1 = key.v0, key.v1
	}
	for k := uint32(0); k < l.bloomK; k++ {
		h := uint64(h0+k*h1) % mod
		if filter[h/8]&(1<<(h%8)) == 0 {
			return false
		}
	}
	return true
}

// murmur3 is the 32-bit MurmurHash3 git uses for changed-path filters.
// Version 1 filters (git before 2.40 wrote only those) were built with
// bytes read as signed chars, sign-extended; signed reproduces that.
func murmur3(seed uint32, s string, signed bool) uint32 {
	const c1, c2 = 0xcc9e2d51, 0x1b873593
	h := seed
	n := len(s)
	i := 0
	byteAt := func(j int) uint32 {
		if signed {
			return uint32(int32(int8(s[j])))
		}
		return uint32(s[j])
	}
	for ; i+4 <= n; i += 4 {
		k := byteAt(i) | byteAt(i+1)<<8 | byteAt(i+2)<<16 | byteAt(i+3)<<24
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
		h = bits.RotateLeft32(h, 13)
		h = h*5 + 0xe6546b64
	}
	var k uint32
	switch n & 3 {
	case 3:
		k ^= byteAt(i+2) << 16
		fallthrough
	case 2:
		k ^= byteAt(i+1) << 8
		fallthrough
	case 1:
		k ^= byteAt(i)
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
	}
	h ^= uint32(n)
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}
