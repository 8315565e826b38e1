package odb

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"sync"
)

// inflateSmall decompresses a raw deflate stream into out, which it must
// fill exactly. It follows zlib's puff.c (canonical Huffman codes decoded
// from their counts), with one small table for codes of up to 8 bits.
// flate readers build two-level tables and allocate for every dynamic
// block, which costs more than decoding a commit or a tree delta of a few
// hundred bytes; a walk reads tens of thousands of those. Larger objects
// go to the flate reader (see smallObject).
func inflateSmall(in, out []byte) error {
	s := puffState{in: in, out: out}
	for {
		last, err := s.bits(1)
		if err != nil {
			return err
		}
		typ, err := s.bits(2)
		if err != nil {
			return err
		}
		switch typ {
		case 0:
			err = s.stored()
		case 1:
			f := fixedCodes()
			err = s.codes(&f.lit, &f.dist)
		case 2:
			err = s.dynamic()
		default:
			err = errInflate
		}
		if err != nil {
			return err
		}
		if last == 1 {
			break
		}
	}
	if s.n != len(out) {
		return errShort
	}
	return nil
}

// Fast table sizes (see huffman.fast).
const (
	maxFastBits     = 9
	fixedFastBits   = 9
	dynamicFastBits = 8
	// The code length code has codes of up to 7 bits; distances come
	// rarely in a small object, and a short table is quicker to fill.
	clFastBits   = 7
	distFastBits = 6
)

// smallObject is the largest object inflateSmall is used for.
const smallObject = 16 << 10

var errInflate = errors.New("invalid deflate data")

type puffState struct {
	in     []byte
	pos    int
	bitbuf uint64
	bitcnt uint
	out    []byte
	n      int
}

type huffman struct {
	count  [16]int16  // codes of each length
	symbol [288]int16 // symbols ordered by code
	// fast maps the next fastBits input bits to symbol<<4 | code length,
	// for codes of up to fastBits bits; 0 for longer codes, which decode
	// goes on with from firstSlow and indexSlow. The fixed codes take 9
	// bits: their literals 144-255 (half the bytes of an object id a tree
	// delta inserts) are 9 bits long, and their table is built once. A
	// block's own codes take 8: a commit builds three tables to decode a
	// few hundred bytes, and filling them is a good part of its cost.
	fast                 [1 << maxFastBits]uint16
	fastBits             uint
	firstSlow, indexSlow int
}

// refill tops the bit buffer up to 56 bits or more while input lasts.
// With eight bytes ahead it loads them at once (the bits above bitcnt it
// sets are the input's next bits, which a later refill sets again to the
// same values); near the end it goes a byte at a time.
func (s *puffState) refill() {
	if s.pos+8 <= len(s.in) {
		s.bitbuf |= binary.LittleEndian.Uint64(s.in[s.pos:]) << s.bitcnt
		s.pos += int(63-s.bitcnt) >> 3
		s.bitcnt |= 56
		return
	}
	for s.bitcnt <= 56 && s.pos < len(s.in) {
		s.bitbuf |= uint64(s.in[s.pos]) << s.bitcnt
		s.pos++
		s.bitcnt += 8
	}
}

func (s *puffState) bits(need uint) (int, error) {
	if s.bitcnt < need {
		s.refill()
	}
	for s.bitcnt < need {
		if s.pos >= len(s.in) {
			return 0, errShort
		}
		s.bitbuf |= uint64(s.in[s.pos]) << s.bitcnt
		s.pos++
		s.bitcnt += 8
	}
	v := int(s.bitbuf & (1<<need - 1))
	s.bitbuf >>= need
	s.bitcnt -= need
	return v, nil
}

func (s *puffState) stored() error {
	// To a byte boundary: whole bytes decode read ahead go back.
	s.pos -= int(s.bitcnt >> 3)
	s.bitbuf, s.bitcnt = 0, 0
	if s.pos+4 > len(s.in) {
		return errShort
	}
	n := int(s.in[s.pos]) | int(s.in[s.pos+1])<<8
	if ^n&0xffff != int(s.in[s.pos+2])|int(s.in[s.pos+3])<<8 {
		return errInflate
	}
	s.pos += 4
	if s.pos+n > len(s.in) {
		return errShort
	}
	if s.n+n > len(s.out) {
		return errLong
	}
	copy(s.out[s.n:], s.in[s.pos:s.pos+n])
	s.pos += n
	s.n += n
	return nil
}

// decode reads one symbol: from the fast table when 8 bits are at hand,
// then a bit at a time (deflate stores Huffman codes most significant
// bit first).
func (s *puffState) decode(h *huffman) (int, error) {
	if s.bitcnt < 16 {
		s.refill()
	}
	code, first, index, l := 0, 0, 0, 1
	if fb := h.fastBits; s.bitcnt >= fb {
		b := s.bitbuf & (1<<fb - 1)
		if e := h.fast[b]; e != 0 {
			n := uint(e & 15)
			s.bitbuf >>= n
			s.bitcnt -= n
			return int(e >> 4), nil
		}
		code = int(bits.Reverse16(uint16(b))>>(16-fb)) << 1
		first, index, l = h.firstSlow, h.indexSlow, int(fb)+1
		s.bitbuf >>= fb
		s.bitcnt -= fb
	}
	for ; l < 16; l++ {
		if s.bitcnt == 0 {
			if s.pos >= len(s.in) {
				return 0, errShort
			}
			s.bitbuf = uint64(s.in[s.pos])
			s.pos++
			s.bitcnt = 8
		}
		code |= int(s.bitbuf & 1)
		s.bitbuf >>= 1
		s.bitcnt--
		count := int(h.count[l])
		if code-count < first {
			return int(h.symbol[index+code-first]), nil
		}
		index += count
		first = (first + count) << 1
		code <<= 1
	}
	return 0, errInflate // ran out of codes
}

// construct builds the decoding counts of a code from its lengths, with
// a fast table of fastBits bits. It returns how many codes are missing
// from a complete set (0 when complete), or -1 when the lengths are
// over-subscribed.
func (h *huffman) construct(lengths []int16, fastBits uint) int {
	h.fastBits = fastBits
	// Four counts, summed after: runs of equal lengths are the rule, and
	// incrementing one counter each time waits on its own last store.
	var c [4][16]int16
	i := 0
	for ; i+4 <= len(lengths); i += 4 {
		c[0][lengths[i]&15]++
		c[1][lengths[i+1]&15]++
		c[2][lengths[i+2]&15]++
		c[3][lengths[i+3]&15]++
	}
	for ; i < len(lengths); i++ {
		c[0][lengths[i]&15]++
	}
	// Where each length's symbols start, and how many codes are left
	// over, summed in registers: through memory, each step waited on the
	// store before it.
	var offs [16]int16
	left, o := 1, int16(0)
	for l := range h.count {
		n := c[0][l] + c[1][l] + c[2][l] + c[3][l]
		h.count[l] = n
		if l > 0 {
			offs[l] = o
			o += n
			left = left<<1 - int(n)
			if left < 0 {
				return -1
			}
		}
	}
	if int(h.count[0]) == len(lengths) {
		clear(h.fast[:1<<fastBits])
		h.firstSlow, h.indexSlow = 0, 0
		return 0 // no codes: complete, but decode fails
	}
	for sym, l := range lengths {
		if l != 0 {
			h.symbol[offs[l]] = int16(sym)
			offs[l]++
		}
	}
	// The fast table, built as zlib's and libdeflate's are: the codes of
	// each length go into a table of 2^length entries, bit-reversed as
	// they arrive, and the table is doubled (copied onto itself) before
	// the next length. Each entry is written about once; filling each
	// short code's slots with a stride took twice as long.
	h.fast[0], h.fast[1] = 0, 0
	code, first, index := 0, 0, 0
	for l := 1; l <= int(fastBits); l++ {
		if l > 1 {
			copy(h.fast[1<<(l-1):1<<l], h.fast[:1<<(l-1)])
		}
		count := int(h.count[l])
		for k := 0; k < count; k++ {
			rev := bits.Reverse16(uint16(code+k)) >> (16 - l)
			h.fast[rev] = uint16(h.symbol[index+k])<<4 | uint16(l)
		}
		index += count
		first = (first + count) << 1
		code = first
	}
	h.firstSlow, h.indexSlow = first, index
	return left
}

var (
	lenBase  = [29]int16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase = [30]int32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtr = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

func (s *puffState) codes(lit, dist *huffman) error {
	litMask := uint64(1)<<lit.fastBits - 1
	for {
		// Literals, inline: most symbols of a small object are.
		if s.bitcnt < 16 {
			s.refill()
		}
		if e := lit.fast[s.bitbuf&litMask]; e != 0 && e>>4 < 256 && s.bitcnt >= lit.fastBits {
			if s.n >= len(s.out) {
				return errLong
			}
			n := uint(e & 15)
			s.bitbuf >>= n
			s.bitcnt -= n
			s.out[s.n] = byte(e >> 4)
			s.n++
			continue
		}
		sym, err := s.decode(lit)
		if err != nil {
			return err
		}
		switch {
		case sym < 256:
			if s.n >= len(s.out) {
				return errLong
			}
			s.out[s.n] = byte(sym)
			s.n++
		case sym == 256:
			return nil
		default:
			sym -= 257
			if sym >= 29 {
				return errInflate
			}
			e, err := s.bits(uint(lenExtra[sym]))
			if err != nil {
				return err
			}
			n := int(lenBase[sym]) + e
			d, err := s.decode(dist)
			if err != nil {
				return err
			}
			if d >= 30 {
				return errInflate
			}
			e, err = s.bits(uint(distExtr[d]))
			if err != nil {
				return err
			}
			back := int(distBase[d]) + e
			if back > s.n {
				return errInflate // before the start of the output
			}
			if s.n+n > len(s.out) {
				return errLong
			}
			if back >= n {
				copy(s.out[s.n:s.n+n], s.out[s.n-back:])
				s.n += n
				continue
			}
			for i := 0; i < n; i++ { // overlaps: byte by byte
				s.out[s.n] = s.out[s.n-back]
				s.n++
			}
		}
	}
}

type fixed struct{ lit, dist huffman }

var fixedCodes = sync.OnceValue(func() *fixed {
	f := &fixed{}
	var l [288]int16
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	f.lit.construct(l[:], fixedFastBits)
	var d [30]int16
	for i := range d {
		d[i] = 5
	}
	f.dist.construct(d[:], fixedFastBits)
	return f
})

var clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

func (s *puffState) dynamic() error {
	nlen, err := s.bits(5)
	if err != nil {
		return err
	}
	ndist, err := s.bits(5)
	if err != nil {
		return err
	}
	ncode, err := s.bits(4)
	if err != nil {
		return err
	}
	nlen, ndist, ncode = nlen+257, ndist+1, ncode+4
	if nlen > 286 || ndist > 30 {
		return errInflate
	}
	var lengths [320]int16
	for i := 0; i < ncode; i++ {
		v, err := s.bits(3)
		if err != nil {
			return err
		}
		lengths[clOrder[i]] = int16(v)
	}
	var lit, dist huffman
	if lit.construct(lengths[:19], clFastBits) != 0 {
		return errInflate // the code length code must be complete
	}
	for i := range lengths[:19] {
		lengths[i] = 0
	}
	for i := 0; i < nlen+ndist; {
		sym, err := s.decode(&lit)
		if err != nil {
			return err
		}
		if sym < 16 {
			lengths[i] = int16(sym)
			i++
			continue
		}
		var l int16
		var rep int
		switch sym {
		case 16:
			if i == 0 {
				return errInflate // nothing to repeat
			}
			l = lengths[i-1]
			rep, err = s.bits(2)
			rep += 3
		case 17:
			rep, err = s.bits(3)
			rep += 3
		default:
			rep, err = s.bits(7)
			rep += 11
		}
		if err != nil {
			return err
		}
		if i+rep > nlen+ndist {
			return errInflate
		}
		if l != 0 { // the lengths are zero until set
			fill := lengths[i : i+rep]
			for k := range fill {
				fill[k] = l
			}
		}
		i += rep
	}
	if lengths[256] == 0 {
		return errInflate // no end-of-block code
	}
	// Incomplete codes are allowed only when they hold a single code, as
	// zlib allows.
	if left := lit.construct(lengths[:nlen], dynamicFastBits); left < 0 || (left > 0 && nlen-int(lit.count[0]) != 1) {
		return errInflate
	}
	if left := dist.construct(lengths[nlen:nlen+ndist], distFastBits); left < 0 || (left > 0 && ndist-int(dist.count[0]) != 1) {
		return errInflate
	}
	return s.codes(&lit, &dist)
}
