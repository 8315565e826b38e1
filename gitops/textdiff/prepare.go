package textdiff

import (
	"bytes"
	"hash/maphash"
)

// This file holds what happens before the Myers search: lines become
// small integers (one per distinct line, as the whitespace mode compares
// them), the common head and tail are set aside, and lines the search
// cannot usefully match are marked changed up front. The last step is what
// keeps git's diff fast on full rewrites while staying minimal elsewhere.

const (
	// maxEqLimit caps the "this line is too common to anchor a match"
	// threshold, which otherwise grows with the square root of the file.
	maxEqLimit = 1024
	// simScanWindow bounds how far discardRun looks around a line.
	simScanWindow = 100
	// keepRunFactor: a common line is discarded only when the lines around
	// it are mostly lines with no match at all (see discardRun).
	keepRunFactor = 4
	// tailBlock is the block size of git's common-tail trimming.
	tailBlock = 1024
)

// isSpace is git's isspace: space, tab, newline and carriage return. Unlike
// C's, it does not include '\v' or '\f', and the whitespace modes and the
// indent heuristic must agree with git on that.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// normalize appends to dst the part of line that ws compares. Two lines are
// equal under ws exactly when their normalized forms are equal, which is
// how git's record matcher behaves for each mode (its terminating "\n"
// counts as trailing whitespace, so a missing final newline is ignored).
func normalize(dst, line []byte, ws WSMode) []byte {
	switch ws {
	case IgnoreAllSpace:
		for _, c := range line {
			if !isSpace(c) {
				dst = append(dst, c)
			}
		}
	case IgnoreSpaceChange:
		for i := 0; i < len(line); {
			if !isSpace(line[i]) {
				dst = append(dst, line[i])
				i++
				continue
			}
			j := i
			for j < len(line) && isSpace(line[j]) {
				j++
			}
			if j < len(line) { // a run inside the line counts as one space
				dst = append(dst, ' ')
			}
			i = j
		}
	case IgnoreSpaceAtEOL:
		end := len(line)
		for end > 0 && isSpace(line[end-1]) {
			end--
		}
		dst = append(dst, line[:end]...)
	default:
		dst = append(dst, line...)
	}
	return dst
}

// classifier numbers distinct lines with an open-addressed hash table, and
// counts how often each one occurs in the old and in the new file. Its
// arrays hold no pointers: a class's key is found through the index of its
// first line or, in the whitespace modes, in one arena of normalized keys.
type classifier struct {
	ws     WSMode
	seed   maphash.Seed
	files  [2]*file
	slots  []int32  // class+1, 0 for an empty slot
	hashes []uint64 // per class
	first  []int32  // per class: its first line, new-file lines after old ones (WSNone)
	keyAt  []int32  // per class: its key is keys[keyAt[c]:keyAt[c+1]] (other modes)
	keys   []byte
	count  [2][]int32
}

func newClassifier(ws WSMode, a, b *file) *classifier {
	lines := a.len() + b.len()
	size := 16
	for size < 2*lines {
		size <<= 1
	}
	c := &classifier{
		ws: ws, seed: maphash.MakeSeed(), files: [2]*file{a, b},
		slots:  make([]int32, size),
		hashes: make([]uint64, 0, lines),
	}
	if ws == WSNone {
		c.first = make([]int32, 0, lines)
	} else {
		c.keyAt = make([]int32, 1, lines+1)
	}
	c.count[0] = make([]int32, 0, lines)
	c.count[1] = make([]int32, 0, lines)
	return c
}

// classify returns the class of every line of one side (0 old, 1 new).
func (c *classifier) classify(side int) []int32 {
	f := c.files[side]
	out := make([]int32, f.len())
	for i := range out {
		out[i] = c.add(side, i)
	}
	return out
}

func (c *classifier) key(id int32) []byte {
	if c.ws != WSNone {
		return c.keys[c.keyAt[id]:c.keyAt[id+1]]
	}
	i := int(c.first[id])
	if n := c.files[0].len(); i >= n {
		return c.files[1].line(i - n)
	}
	return c.files[0].line(i)
}

func (c *classifier) add(side, i int) int32 {
	line := c.files[side].line(i)
	key, mark := line, len(c.keys)
	if c.ws != WSNone {
		c.keys = normalize(c.keys, line, c.ws)
		key = c.keys[mark:]
	}
	h := maphash.Bytes(c.seed, key)
	mask := uint64(len(c.slots) - 1)
	for at := h & mask; ; at = (at + 1) & mask {
		s := c.slots[at]
		if s == 0 {
			id := int32(len(c.hashes))
			c.slots[at] = id + 1
			c.hashes = append(c.hashes, h)
			if c.ws == WSNone {
				c.first = append(c.first, int32(side*c.files[0].len()+i))
			} else {
				c.keyAt = append(c.keyAt, int32(len(c.keys)))
			}
			c.count[0] = append(c.count[0], 0)
			c.count[1] = append(c.count[1], 0)
			c.count[side][id]++
			return id
		}
		if id := s - 1; c.hashes[id] == h && bytes.Equal(c.key(id), key) {
			c.keys = c.keys[:mark]
			c.count[side][id]++
			return id
		}
	}
}

// bogoSqrt is git's rough square root (a power of two), kept exact because
// the thresholds derived from it decide which lines are discarded.
func bogoSqrt(n int) int {
	i := 1
	for ; n > 0; n >>= 2 {
		i <<= 1
	}
	return i
}

// tailTrim returns how many trailing lines git drops from both sides before
// a zero-context diff: it removes the longest common tail made of whole
// 1 KiB blocks, then gives back bytes up to the first newline so both files
// still end on complete lines. The dropped lines cannot show in a -U0 diff,
// but dropping them changes line counts that later steps look at, so the
// result can differ from a diff of the whole files; git blame sees exactly
// this, so reef must too.
func tailTrim(a, b *file) int {
	ad, bd := a.data, b.data
	trimmed := 0
	for trimmed+tailBlock <= min(len(ad), len(bd)) &&
		bytes.Equal(ad[len(ad)-trimmed-tailBlock:len(ad)-trimmed], bd[len(bd)-trimmed-tailBlock:len(bd)-trimmed]) {
		trimmed += tailBlock
	}
	if trimmed == 0 {
		return 0
	}
	cut := len(ad) - trimmed // the first trimmed byte; the line holding it stays
	drop := 0
	for i := a.len() - 1; i >= 0 && a.start[i] > cut; i-- {
		drop++
	}
	return drop
}

// Discard states of a line before the search.
const (
	noMatch   = 0 // the line does not occur on the other side
	keep      = 1 // the line takes part in the search
	manyMatch = 2 // the line occurs very often on the other side
)

// reduce picks the lines of one side that take part in the Myers search,
// in [start, end], and marks the others changed: lines that never occur on
// the other side, and very common lines (blank lines, braces) sitting in
// the middle of a run of such lines. It returns the classes and the line
// indexes of the kept lines. other counts each class on the other side.
func reduce(class []int32, other []int32, start, end int, changed []bool) (ha, idx []int32) {
	if start > end {
		return nil, nil
	}
	limit := min(bogoSqrt(len(class)), maxEqLimit)
	state := make([]byte, len(class))
	for i := start; i <= end; i++ {
		switch nm := int(other[class[i]]); {
		case nm == 0:
			state[i] = noMatch
		case nm >= limit:
			state[i] = manyMatch
		default:
			state[i] = keep
		}
	}
	ha = make([]int32, 0, end-start+1)
	idx = make([]int32, 0, end-start+1)
	for i := start; i <= end; i++ {
		if state[i] == keep || state[i] == manyMatch && !discardRun(state, i, start, end) {
			ha = append(ha, class[i])
			idx = append(idx, int32(i))
		} else {
			changed[i+1] = true
		}
	}
	return ha, idx
}

// discardRun decides whether the very common line i should be discarded:
// only when it sits between unmatched lines on both sides and the run
// around it (up to simScanWindow lines each way, through other common
// lines) is mostly unmatched lines.
func discardRun(state []byte, i, start, end int) bool {
	if i-start > simScanWindow {
		start = i - simScanWindow
	}
	if end-i > simScanWindow {
		end = i + simScanWindow
	}
	unmatched, common := 0, 1
	for r := i - 1; r >= start; r-- {
		if state[r] == noMatch {
			unmatched++
		} else if state[r] == manyMatch {
			common++
		} else {
			break
		}
	}
	if unmatched == 0 {
		return false
	}
	after, afterCommon := 0, 1
	for r := i + 1; r <= end; r++ {
		if state[r] == noMatch {
			after++
		} else if state[r] == manyMatch {
			afterCommon++
		} else {
			break
		}
	}
	if after == 0 {
		return false
	}
	unmatched += after
	common += afterCommon
	return common*keepRunFactor < common+unmatched
}
