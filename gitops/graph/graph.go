// Package graph lays out a commit graph one text row per commit, the way
// lazygit, tig and GitKraken draw it: every commit is a node in a column
// ("lane") and the lanes between rows are drawn with box-drawing strokes.
//
// The layout is incremental: commits are added in display order (every child
// before its parents, as `git log --date-order` or `--topo-order` print them),
// each Add returns the finished row for that commit, and a row never changes
// afterwards. The state kept between rows is one slot per live lane, so a
// history of any length streams in memory proportional to the widest row.
//
// # Reading a row
//
// Each row holds exactly one node, and every horizontal stroke on a row
// belongs to that row's commit:
//
//   - a lane that ends on the row (a child waiting for this commit) turns
//     along the row into the node: "●─╯", "●─┴─╮";
//   - a stroke leaving the node and turning down starts an edge to one of the
//     commit's parents: a new lane ("◎─╮", "◎─┬─╮") or a lane already waiting
//     for that parent ("◎─┤", "├─◎");
//   - "┼" is a lane crossing the row's strokes without touching them;
//   - "╭─╯" away from the node's strokes is a lane moving left into a freed
//     column, which keeps the graph narrow.
//
// Lanes never turn where they could go straight down, and a lane never starts
// directly below a node that ends, so the grid reads one way only. The
// package's tests check exactly this reading against git.
package graph

import "reef/gitops/oid"

// Layout is the state carried from one row to the next: the commit each
// column is waiting for, the lane colours in use, and scratch space reused by
// every Add so that a row costs no allocation beyond its share of a cell slab.
// The zero value is not ready; use New.
type Layout struct {
	lanes  []lane   // lanes entering the next row, by column; holes are dead
	next   []lane   // lanes leaving the row being built (swapped with lanes)
	link   []int    // colour of the stroke right of each column, -1 for none
	target []int    // colour of the stroke that ends at each column, -1 for none
	ps     []oid.ID // the row's parents without repeats
	colors []bool   // colours held by a live lane
	slab   []Cell   // cells handed out to rows, carved off without copying
	// prevNode is the column of the last row's node: a new tip must not be
	// placed right under it, where it would look like that commit's child.
	prevNode int
}

// lane is one column's edge in flight: the commit it is waiting for.
type lane struct {
	want  oid.ID
	color int
	live  bool
}

// New returns an empty layout.
func New() *Layout { return &Layout{prevNode: -1} }

// Lanes reports how many columns the next row starts with (live lanes and the
// holes between them), a measure of the state the layout holds.
func (l *Layout) Lanes() int { return len(l.lanes) }

// Add lays out the next commit in display order and returns its row. Parents
// are in commit order (first parent first); parents that never arrive keep a
// lane open to the bottom. Duplicate parents are drawn once.
func (l *Layout) Add(id oid.ID, parents []oid.ID) Row {
	prev := l.lanes
	ps := l.dedupe(id, parents)
	n, nodeColor := l.place(id)

	next := grow(append(l.next[:0], prev...), n+1)
	l.resetScratch(len(next) + len(ps) + 1)

	// Other lanes waiting for this commit end in its node on this row.
	hi := n
	for c := n + 1; c < len(prev); c++ {
		if prev[c].live && prev[c].want == id {
			next[c] = lane{}
			l.target[c] = prev[c].color
			hi = c
		}
	}
	next[n] = lane{}
	if len(ps) > 0 {
		next[n] = lane{want: ps[0], color: nodeColor, live: true}
	}
	next, lo, hi := l.connect(next, n, hi, ps)
	l.strokes(lo, hi, n)
	next = l.compact(prev, next, lo, hi, n)
	row := l.cells(prev, next, n, nodeColor, len(ps) > 1)

	// Colours of lanes that ended here become free only now, so a lane
	// opened on this row never shares a colour with one closed on it.
	for c := n + 1; c < len(prev); c++ {
		if prev[c].live && prev[c].want == id {
			l.colors[prev[c].color] = false
		}
	}
	if len(ps) == 0 {
		l.colors[nodeColor] = false
	}
	for len(next) > 0 && !next[len(next)-1].live {
		next = next[:len(next)-1]
	}
	l.lanes, l.next = next, prev[:0]
	l.prevNode = n
	return row
}

// dedupe copies parents into scratch space without repeats (git refuses
// them, but a grafted or hand-made history may have them).
func (l *Layout) dedupe(id oid.ID, parents []oid.ID) []oid.ID {
	l.ps = l.ps[:0]
	for _, p := range parents {
		if p != id && !containsID(l.ps, p) {
			l.ps = append(l.ps, p)
		}
	}
	return l.ps
}

// place picks the node's column and colour: the leftmost lane waiting for
// the commit, so the first parent's line stays left where it was, or for a
// commit nobody waits for (a tip) a fresh lane in the leftmost hole.
func (l *Layout) place(id oid.ID) (n, color int) {
	if c := findLane(l.lanes, id); c >= 0 {
		return c, l.lanes[c].color
	}
	return l.tipColumn(), l.takeColor()
}

// connect routes the parents after the first from node n, whose strokes
// already reach column hi. A parent joins a lane already waiting for it when
// that lane is the far end of the node's strokes on its side, so the stroke
// plainly ends in it ("◎─┤", "├─◎"); otherwise it opens a new lane to the
// right. With nothing going left, the first-parent lane moves left into free
// columns ("╭─●"), closing a hole a finished lane left. It returns the lanes
// and the span of the node's strokes.
func (l *Layout) connect(next []lane, n, hi int, ps []oid.ID) (_ []lane, lo, _ int) {
	leftTee, rightTee := -1, -1
	var rightTeeParent oid.ID
	for _, p := range ps[min(1, len(ps)):] {
		k := findLane(next, p)
		switch {
		case k >= 0 && k < n && (leftTee < 0 || k < leftTee):
			if leftTee >= 0 {
				next = l.open(next, n, next[leftTee].want)
			}
			leftTee = k
		case k > n && (rightTee < 0 || k > rightTee):
			if rightTee >= 0 {
				next = l.open(next, n, rightTeeParent)
			}
			rightTee, rightTeeParent = k, p
		default:
			next = l.open(next, n, p)
		}
	}
	hi = max(hi, lastTarget(l.target, n))
	if rightTee > hi {
		l.target[rightTee] = next[rightTee].color
		hi = rightTee
	} else if rightTee >= 0 {
		next = l.open(next, n, rightTeeParent)
		hi = max(hi, lastTarget(l.target, n))
	}
	lo = n
	if leftTee >= 0 {
		l.target[leftTee] = next[leftTee].color
		lo = leftTee
	} else if len(ps) > 0 {
		for lo > 0 && l.hole(next, lo-1) {
			lo--
		}
		if lo < n {
			next[lo], next[n] = next[n], lane{}
			l.target[lo] = next[lo].color
		}
	}
	return next, lo, hi
}

// Pending returns a row without a node (Node is -1) showing the lanes still
// waiting for a commit: what to draw under the last row when history goes on
// beyond it, or where parents outside the walk (a -n limit, a shallow clone,
// a filtered log) would be.
func (l *Layout) Pending() Row {
	w := len(l.lanes)
	cells := make([]Cell, w)
	for c, ln := range l.lanes {
		if ln.live {
			cells[c] = Cell{Conn: Up | Down, Color: ln.color}
		}
	}
	return Row{Node: -1, Cells: cells}
}

// lanes adds bounds-checked queries to a lane slice.
type lanes []lane

func (ls lanes) liveAt(c int) bool { return c >= 0 && c < len(ls) && ls[c].live }

// tipColumn picks the column for a commit no lane waits for: the leftmost
// hole, except the one right below the previous node.
func (l *Layout) tipColumn() int {
	for c := range l.lanes {
		if !l.lanes[c].live && c != l.prevNode {
			return c
		}
	}
	if len(l.lanes) == l.prevNode {
		return l.prevNode + 1
	}
	return len(l.lanes)
}

// hole reports whether column c is free on the row being built: no lane
// enters or leaves it, and it is not right below the previous row's node,
// where anything starting would look like that commit's edge.
func (l *Layout) hole(next []lane, c int) bool {
	return c != l.prevNode && !lanes(l.lanes).liveAt(c) && !lanes(next).liveAt(c)
}

// open starts a lane for parent p in the free column nearest to the right of
// the node n, growing the row when there is none.
func (l *Layout) open(next []lane, n int, p oid.ID) []lane {
	c := n + 1
	for ; c < len(next); c++ {
		if l.hole(next, c) {
			break
		}
	}
	if c == l.prevNode {
		c++
	}
	next = grow(next, c+1)
	l.ensure(c + 1)
	next[c] = lane{want: p, color: l.takeColor(), live: true}
	l.target[c] = next[c].color
	return next
}

// strokes draws the node's horizontal strokes from column lo to hi. Each
// gap takes the colour of the nearest lane beyond it, so every stroke is
// coloured like the lane it leads to or comes from.
func (l *Layout) strokes(lo, hi, n int) {
	l.ensure(hi + 1)
	cur := -1
	for c := hi - 1; c >= n; c-- {
		if l.target[c+1] >= 0 {
			cur = l.target[c+1]
		}
		l.link[c] = cur
	}
	cur = -1
	for c := lo; c < n; c++ {
		if l.target[c] >= 0 {
			cur = l.target[c]
		}
		l.link[c] = cur
	}
}

// compact moves lanes that only pass this row leftwards into free columns
// ("╭─╯"), outside the node's strokes and never across another lane.
func (l *Layout) compact(prev, next []lane, lo, hi, n int) []lane {
	free := func(c int) bool {
		return c != n && l.hole(next, c) && l.link[c] < 0 && (c == 0 || l.link[c-1] < 0)
	}
	for a := range next {
		if (a >= lo && a <= hi) || !next[a].live || !lanes(prev).liveAt(a) {
			continue
		}
		b := a
		for b > 0 && free(b-1) {
			b--
		}
		if b == a {
			continue
		}
		next[b], next[a] = next[a], lane{}
		for c := b; c < a; c++ {
			l.link[c] = next[b].color
		}
	}
	return next
}

// cells builds the finished row from the lanes entering and leaving it and
// the horizontal strokes, trimming empty columns on the right.
func (l *Layout) cells(prev, next []lane, n, nodeColor int, merge bool) Row {
	w := max(len(prev), len(next), n+1)
	for w > n+1 && !lanes(prev).liveAt(w-1) && !lanes(next).liveAt(w-1) && l.link[w-2] < 0 {
		w--
	}
	cells := l.alloc(w)
	for c := range cells {
		var k Conn
		if lanes(prev).liveAt(c) {
			k |= Up
		}
		if lanes(next).liveAt(c) {
			k |= Down
		}
		if c > 0 && l.link[c-1] >= 0 {
			k |= Left
		}
		if l.link[c] >= 0 {
			k |= Right
		}
		cell := Cell{Conn: k}
		switch {
		case c == n:
			cell.Color = nodeColor
		case k&Down != 0:
			cell.Color = next[c].color
		case k&Up != 0:
			cell.Color = prev[c].color
		case k&Right != 0:
			cell.Color = l.link[c]
		case k&Left != 0:
			cell.Color = l.link[c-1]
		}
		if k&Right != 0 {
			cell.LinkColor = l.link[c]
		}
		cells[c] = cell
	}
	cells[n].Kind = Commit
	if merge {
		cells[n].Kind = Merge
	}
	return Row{Node: n, Cells: cells}
}

// resetScratch sizes the per-row stroke tables to at least w columns and
// clears them.
func (l *Layout) resetScratch(w int) {
	l.link = l.link[:0]
	l.target = l.target[:0]
	l.ensure(w)
}

// ensure grows the stroke tables to w columns, new columns empty.
func (l *Layout) ensure(w int) {
	for len(l.link) < w+1 {
		l.link = append(l.link, -1)
		l.target = append(l.target, -1)
	}
}

// takeColor returns the smallest colour no live lane holds, so colours stay
// small and lanes alive at the same time never share one.
func (l *Layout) takeColor() int {
	for i, used := range l.colors {
		if !used {
			l.colors[i] = true
			return i
		}
	}
	l.colors = append(l.colors, true)
	return len(l.colors) - 1
}

// slabSize is how many cells one allocation serves; rows are carved from it
// with their capacity capped, so a row can never write into its neighbour.
const slabSize = 4096

func (l *Layout) alloc(w int) []Cell {
	if len(l.slab) < w {
		l.slab = make([]Cell, max(slabSize, w))
	}
	cells := l.slab[:w:w]
	l.slab = l.slab[w:]
	return cells
}

func grow(ls []lane, w int) []lane {
	for len(ls) < w {
		ls = append(ls, lane{})
	}
	return ls
}

func findLane(ls []lane, id oid.ID) int {
	for c := range ls {
		if ls[c].live && ls[c].want == id {
			return c
		}
	}
	return -1
}

func lastTarget(target []int, n int) int {
	hi := n
	for c := n + 1; c < len(target); c++ {
		if target[c] >= 0 {
			hi = c
		}
	}
	return hi
}

func containsID(ids []oid.ID, id oid.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
