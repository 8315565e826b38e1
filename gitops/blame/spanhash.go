package blame

import "bytes"

// hashBase is the prime git reduces chunk hashes by (between 2^16 and 2^17).
const hashBase = 107927

// countLastChunk follows git 2.44 and later, which count the bytes after
// the last newline; older versions ignored up to 63 of them, which only
// matters for renamed files without a final newline near the threshold.
const countLastChunk = true

// spanHash cuts data into chunks that end at a newline or after 64 bytes
// and counts the bytes of each chunk under its hash, as git's rename
// detection does. In text (no NUL in the first 8000 bytes) the "\r" of a
// "\r\n" is skipped, so line endings do not count as changes.
func spanHash(data []byte) map[uint32]uint32 {
	text := bytes.IndexByte(data[:min(len(data), 8000)], 0) < 0
	out := make(map[uint32]uint32, len(data)/32+1)
	var acc1, acc2 uint32
	n := uint32(0)
	for i := 0; i < len(data); i++ {
		c := uint32(data[i])
		if text && c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			continue
		}
		old1 := acc1
		acc1 = (acc1 << 7) ^ (acc2 >> 25)
		acc2 = (acc2 << 7) ^ (old1 >> 25)
		acc1 += c
		n++
		if n < 64 && c != '\n' {
			continue
		}
		out[(acc1+acc2*0x61)%hashBase] += n
		n, acc1, acc2 = 0, 0, 0
	}
	if countLastChunk && n > 0 {
		out[(acc1+acc2*0x61)%hashBase] += n
	}
	return out
}
