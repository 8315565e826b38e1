package textdiff

import "math"

// This file is the search itself: Eugene Myers' O(ND) difference algorithm
// ("An O(ND) Difference Algorithm and Its Variations", 1986) in its
// linear-space form. Each box is split at a point found by running the
// search forward from the top-left corner and backward from the
// bottom-right corner at once until the two frontiers meet (the "middle
// snake"), then both halves are solved the same way.
//
// Cost bound. Like git (and unlike `git diff --minimal`), the search of one
// box gives up on minimality when it gets expensive:
//   - once the edit cost passes heurMinCost and a diagonal run of more than
//     snakeMin equal lines has been seen, a frontier point that has come far
//     (more than heurFactor times the cost, measured from the corner and
//     penalised by its distance from the middle diagonal) and ends a run of
//     snakeMin equal lines is taken as the split;
//   - once the cost reaches maxCost (the larger of 256 and roughly the
//     square root of the number of lines searched) the furthest-reaching
//     frontier point is taken.
// So one split costs at most O(maxCost * (N + M)), and a total shuffle of
// 10,000 lines takes milliseconds. The half of a box on the side where the
// split was exact is solved minimally (its cost is known to be small); the
// other half keeps the bound. The tie-breaking of the search follows git's
// exactly, because different minimal scripts give different hunks.

const (
	minMaxCost  = 256 // lower bound of the give-up cost
	heurMinCost = 256 // cost above which long runs are taken as splits
	snakeMin    = 20  // equal lines that make a run "long"
	heurFactor  = 4   // how far ahead of the cost a good split must be
)

type myers struct {
	a, b    []int32 // classes of the lines taking part, old and new
	ia, ib  []int32 // each such line's index in its file
	chA     []bool  // changed flags of the old file, line i at i+1
	chB     []bool
	kf, kb  []int // furthest old index reached per diagonal, forward and backward
	zero    int   // index of diagonal 0 in kf and kb
	maxCost int
}

func newMyers(a, b, ia, ib []int32, chA, chB []bool) *myers {
	diags := len(a) + len(b) + 3
	return &myers{
		a: a, b: b, ia: ia, ib: ib, chA: chA, chB: chB,
		kf:      make([]int, diags),
		kb:      make([]int, diags),
		zero:    len(b) + 1,
		maxCost: max(bogoSqrt(diags), minMaxCost),
	}
}

// compare marks the changed lines between a[off1:lim1] and b[off2:lim2].
func (m *myers) compare(off1, lim1, off2, lim2 int, minimal bool) {
	a, b := m.a, m.b
	for off1 < lim1 && off2 < lim2 && a[off1] == b[off2] {
		off1++
		off2++
	}
	for off1 < lim1 && off2 < lim2 && a[lim1-1] == b[lim2-1] {
		lim1--
		lim2--
	}
	switch {
	case off1 == lim1:
		for ; off2 < lim2; off2++ {
			m.chB[m.ib[off2]+1] = true
		}
	case off2 == lim2:
		for ; off1 < lim1; off1++ {
			m.chA[m.ia[off1]+1] = true
		}
	default:
		s := m.split(off1, lim1, off2, lim2, minimal)
		m.compare(off1, s.x, off2, s.y, s.minLo)
		m.compare(s.x, lim1, s.y, lim2, s.minHi)
	}
}

// splitPoint is where a box is cut, and whether each half must be solved
// minimally (the half reached by an exact search is cheap to solve).
type splitPoint struct {
	x, y         int
	minLo, minHi bool
}

// split finds the point where the box is cut. Diagonal d holds the points
// with x - y = d; kf[d] is the furthest x reached forward on it and kb[d]
// the smallest x reached backward.
func (m *myers) split(off1, lim1, off2, lim2 int, minimal bool) splitPoint {
	a, b, z := m.a, m.b, m.zero
	kf, kb := m.kf, m.kb
	dmin, dmax := off1-lim2, lim1-off2
	fmid, bmid := off1-off2, lim1-lim2
	odd := (fmid-bmid)&1 != 0
	fmin, fmax := fmid, fmid
	bmin, bmax := bmid, bmid
	kf[z+fmid] = off1
	kb[z+bmid] = lim1

	for cost := 1; ; cost++ {
		longRun := false

		// Widen the forward diagonals by one, bouncing off the box edges,
		// with sentinels just outside so the loop needs no bounds checks.
		if fmin > dmin {
			fmin--
			kf[z+fmin-1] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			kf[z+fmax+1] = -1
		} else {
			fmax--
		}
		for d := fmax; d >= fmin; d -= 2 {
			x := kf[z+d+1]
			if kf[z+d-1] >= x {
				x = kf[z+d-1] + 1
			}
			from := x
			y := x - d
			for x < lim1 && y < lim2 && a[x] == b[y] {
				x++
				y++
			}
			if x-from > snakeMin {
				longRun = true
			}
			kf[z+d] = x
			if odd && bmin <= d && d <= bmax && kb[z+d] <= x {
				return splitPoint{x, y, true, true}
			}
		}

		if bmin > dmin {
			bmin--
			kb[z+bmin-1] = math.MaxInt
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			kb[z+bmax+1] = math.MaxInt
		} else {
			bmax--
		}
		for d := bmax; d >= bmin; d -= 2 {
			x := kb[z+d+1] - 1
			if kb[z+d-1] < kb[z+d+1] {
				x = kb[z+d-1]
			}
			from := x
			y := x - d
			for x > off1 && y > off2 && a[x-1] == b[y-1] {
				x--
				y--
			}
			if from-x > snakeMin {
				longRun = true
			}
			kb[z+d] = x
			if !odd && fmin <= d && d <= fmax && x <= kf[z+d] {
				return splitPoint{x, y, true, true}
			}
		}

		if minimal {
			continue
		}
		if longRun && cost > heurMinCost {
			if s, ok := m.goodForward(off1, lim1, off2, lim2, fmin, fmax, fmid, cost); ok {
				return s
			}
			if s, ok := m.goodBackward(off1, lim1, off2, lim2, bmin, bmax, bmid, cost); ok {
				return s
			}
		}
		if cost >= m.maxCost {
			return m.furthest(off1, lim1, off2, lim2, fmin, fmax, bmin, bmax)
		}
	}
}

// goodForward looks for a forward frontier point that has come far and ends
// a long run of equal lines.
func (m *myers) goodForward(off1, lim1, off2, lim2, fmin, fmax, fmid, cost int) (splitPoint, bool) {
	a, b, kf, z := m.a, m.b, m.kf, m.zero
	best := 0
	var s splitPoint
	for d := fmax; d >= fmin; d -= 2 {
		dist := d - fmid
		if dist < 0 {
			dist = -dist
		}
		x := kf[z+d]
		y := x - d
		v := (x - off1) + (y - off2) - dist
		if v > heurFactor*cost && v > best &&
			off1+snakeMin <= x && x < lim1 && off2+snakeMin <= y && y < lim2 {
			for k := 1; a[x-k] == b[y-k]; k++ {
				if k == snakeMin {
					best = v
					s = splitPoint{x, y, true, false}
					break
				}
			}
		}
	}
	return s, best > 0
}

// goodBackward is goodForward for the backward frontier.
func (m *myers) goodBackward(off1, lim1, off2, lim2, bmin, bmax, bmid, cost int) (splitPoint, bool) {
	a, b, kb, z := m.a, m.b, m.kb, m.zero
	best := 0
	var s splitPoint
	for d := bmax; d >= bmin; d -= 2 {
		dist := d - bmid
		if dist < 0 {
			dist = -dist
		}
		x := kb[z+d]
		y := x - d
		v := (lim1 - x) + (lim2 - y) - dist
		if v > heurFactor*cost && v > best &&
			off1 < x && x <= lim1-snakeMin && off2 < y && y <= lim2-snakeMin {
			for k := 0; a[x+k] == b[y+k]; k++ {
				if k == snakeMin-1 {
					best = v
					s = splitPoint{x, y, false, true}
					break
				}
			}
		}
	}
	return s, best > 0
}

// furthest gives up on minimality: it splits at whichever frontier point,
// forward or backward, has advanced furthest through the box.
func (m *myers) furthest(off1, lim1, off2, lim2, fmin, fmax, bmin, bmax int) splitPoint {
	kf, kb, z := m.kf, m.kb, m.zero
	fbest, fx := -1, -1
	for d := fmax; d >= fmin; d -= 2 {
		x := min(kf[z+d], lim1)
		y := x - d
		if lim2 < y {
			x, y = lim2+d, lim2
		}
		if fbest < x+y {
			fbest, fx = x+y, x
		}
	}
	bbest, bx := math.MaxInt, math.MaxInt
	for d := bmax; d >= bmin; d -= 2 {
		x := max(off1, kb[z+d])
		y := x - d
		if y < off2 {
			x, y = off2+d, off2
		}
		if x+y < bbest {
			bbest, bx = x+y, x
		}
	}
	if (lim1+lim2)-bbest < fbest-(off1+off2) {
		return splitPoint{fx, fbest - fx, true, false}
	}
	return splitPoint{bx, bbest - bx, false, true}
}
