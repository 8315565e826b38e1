package treediff

import (
	"bytes"
	"slices"
)

// Similarity is measured as git measures it (diffcore-delta): content is
// cut into chunks that end at a newline or after 64 bytes, each chunk is
// reduced to a hash, and the score is the number of bytes of the new file
// whose chunk also occurs in the old one, over the larger size. It is cheap
// and order-blind, which is what rename detection over thousands of pairs
// needs; it is not a line diff.

// maxScore is git's unit for similarity scores (MAX_SCORE): 100% is
// 60000, which makes thresholds like 50% exact in integer arithmetic.
const maxScore = 60000

// hashBase is the prime the chunk hashes are reduced modulo. Equal chunks
// must hash alike in reef and git for the same pairs to be found, so the
// constant and the mixing below follow git's behaviour exactly.
const hashBase = 107927

// chunk is one distinct chunk hash and how many bytes had it.
type chunk struct{ hash, bytes uint32 }

// fingerprint is a file's chunk hashes, sorted by hash.
type fingerprint []chunk

// newFingerprint hashes content. In text, the CR of a CRLF pair is
// skipped, so a file that only changed its line endings stays similar.
//
// A final chunk without a newline is not counted, as git 2.39 (the version
// reef is tested against) does not count it; later git versions do.
func newFingerprint(data []byte, text bool) fingerprint {
	hashes := make([]chunk, 0, bytes.Count(data, []byte{'\n'})+len(data)/64+1)
	var acc1, acc2 uint32
	n := uint32(0)
	for i := 0; i < len(data); i++ {
		c := uint32(data[i])
		if text && c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			continue
		}
		old1 := acc1
		acc1 = acc1<<7 ^ acc2>>25
		acc2 = acc2<<7 ^ old1>>25
		acc1 += c
		n++
		if n < 64 && c != '\n' {
			continue
		}
		hashes = append(hashes, chunk{hash: (acc1 + acc2*0x61) % hashBase, bytes: n})
		n, acc1, acc2 = 0, 0, 0
	}
	slices.SortFunc(hashes, func(a, b chunk) int {
		switch {
		case a.hash < b.hash:
			return -1
		case a.hash > b.hash:
			return 1
		}
		return 0
	})
	// Merge equal hashes in place.
	out := hashes[:0]
	for _, h := range hashes {
		if len(out) > 0 && out[len(out)-1].hash == h.hash {
			out[len(out)-1].bytes += h.bytes
			continue
		}
		out = append(out, h)
	}
	return slices.Clip(out)
}

// copied counts the bytes of dst whose chunks src also has (at most as
// many bytes per chunk as src has of it).
func copied(src, dst fingerprint) uint64 {
	var sc uint64
	j := 0
	for _, s := range src {
		for j < len(dst) && dst[j].hash < s.hash {
			j++
		}
		if j < len(dst) && dst[j].hash == s.hash {
			sc += uint64(min(s.bytes, dst[j].bytes))
			j++
		}
	}
	return sc
}

// sizeFilter reports whether two sizes are close enough for the pair to
// reach minScore at all: git skips pairs whose size difference alone rules
// them out, before loading either file.
func sizeFilter(srcSize, dstSize uint64, minScore int) bool {
	maxSize, baseSize := max(srcSize, dstSize), min(srcSize, dstSize)
	delta := maxSize - baseSize
	return maxSize*uint64(maxScore-minScore) >= delta*maxScore
}

// score is the similarity of two fingerprinted files in maxScore units.
func score(src, dst fingerprint, srcSize, dstSize uint64) int {
	if dstSize == 0 {
		return 0
	}
	return int(copied(src, dst) * maxScore / max(srcSize, dstSize))
}

// basenameSame reports whether two paths end in the same file name.
func basenameSame(a, b string) bool {
	return basename(a) == basename(b)
}

func basename(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// isBinary is git's content test: a NUL byte in the first 8000 bytes.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

// MaxScore is identical content in Similarity's units (git's MAX_SCORE).
const MaxScore = maxScore

// Fingerprint is a file's content hashed for Similarity.
type Fingerprint struct {
	f    fingerprint
	size uint64
}

// NewFingerprint hashes content the way git's rename detection does
// (text, that is no NUL in the first 8000 bytes, ignores the CR of CRLF).
func NewFingerprint(data []byte) Fingerprint {
	return Fingerprint{f: newFingerprint(data, !isBinary(data)), size: uint64(len(data))}
}

// Similarity is git's similarity of dst to src in MaxScore units: the
// bytes of dst whose chunks src also has, over the larger size. Blame
// uses it to find the file a path was renamed from.
func Similarity(src, dst Fingerprint) int {
	return score(src.f, dst.f, src.size, dst.size)
}

// SizesAllow reports whether two sizes leave room for a score of at
// least min, so a caller can skip reading files that cannot qualify.
func SizesAllow(srcSize, dstSize uint64, min int) bool {
	return sizeFilter(srcSize, dstSize, min)
}
