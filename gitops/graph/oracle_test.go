package graph

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"reef/gitops/oid"
)

// This file is the oracle: it reads the rendered text back as a grid of
// strokes, with its own glyph table, and follows every edge from every node
// downwards using the reading rules of the package comment. The nodes an
// edge reaches must be exactly the commit's parents in the walk, and every
// stroke on screen must lie on such an edge.

// commit is one line of `git log --format='%H %P %s'`.
type commit struct {
	id      oid.ID
	parents []oid.ID
	name    string
}

// gcell is a cell as read from the text.
type gcell struct {
	conn Conn
	node bool
}

func (g gcell) has(d Conn) bool { return g.conn&d != 0 }

// glyphConn is the oracle's own reading of the line glyphs.
func glyphConn(r rune) (Conn, bool) {
	switch r {
	case ' ':
		return 0, true
	case '│':
		return Up | Down, true
	case '─':
		return Left | Right, true
	case '╯':
		return Up | Left, true
	case '╰':
		return Up | Right, true
	case '╮':
		return Down | Left, true
	case '╭':
		return Down | Right, true
	case '┤':
		return Up | Down | Left, true
	case '├':
		return Up | Down | Right, true
	case '┴':
		return Up | Left | Right, true
	case '┬':
		return Down | Left | Right, true
	case '┼':
		return Up | Down | Left | Right, true
	}
	return 0, false
}

// grid is the text read back; the last row is the Pending row.
type grid struct {
	cells [][]gcell
	node  []int // node column per row, -1 for none
}

func (g *grid) at(r, c int) gcell {
	if r < 0 || r >= len(g.cells) || c < 0 || c >= len(g.cells[r]) {
		return gcell{}
	}
	return g.cells[r][c]
}

// parseGrid reads rendered rows. Node glyphs do not show their vertical
// edges; a node's up and down are taken from its neighbours, and two nodes
// stacked in one column are read as connected (the layout must never put a
// tip under a node that ends).
func parseGrid(texts []string) (*grid, error) {
	g := &grid{}
	for r, s := range texts {
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("row %d: invalid UTF-8", r)
		}
		rs := []rune(s)
		if len(rs)%2 != 0 {
			return nil, fmt.Errorf("row %d %q: odd rune count", r, s)
		}
		row := make([]gcell, len(rs)/2)
		node := -1
		for c := range row {
			glyph, gap := rs[2*c], rs[2*c+1]
			if gap != ' ' && gap != '─' {
				return nil, fmt.Errorf("row %d %q: gap %q at column %d", r, s, gap, c)
			}
			leftGap := c > 0 && rs[2*c-1] == '─'
			rightGap := gap == '─'
			if glyph == '●' || glyph == '◎' {
				if node >= 0 {
					return nil, fmt.Errorf("row %d %q: two nodes", r, s)
				}
				node = c
				var k Conn
				if leftGap {
					k |= Left
				}
				if rightGap {
					k |= Right
				}
				row[c] = gcell{conn: k, node: true}
				continue
			}
			k, ok := glyphConn(glyph)
			if !ok {
				return nil, fmt.Errorf("row %d %q: unknown glyph %q", r, s, glyph)
			}
			if (k&Left != 0) != leftGap || (k&Right != 0) != rightGap {
				return nil, fmt.Errorf("row %d %q: glyph %q at column %d disagrees with its gaps", r, s, glyph, c)
			}
			row[c] = gcell{conn: k}
		}
		if len(row) > 0 && row[len(row)-1].has(Right) {
			return nil, fmt.Errorf("row %d %q: stroke runs off the right", r, s)
		}
		g.cells = append(g.cells, row)
		g.node = append(g.node, node)
	}
	// Vertical edges: settle nodes from their neighbours, then check that
	// every stroke down meets a stroke up.
	for r := range g.cells {
		for c := range g.cells[r] {
			cell := &g.cells[r][c]
			if !cell.node {
				continue
			}
			above, below := g.at(r-1, c), g.at(r+1, c)
			if above.node || above.has(Down) {
				cell.conn |= Up
			}
			if below.node || below.has(Up) {
				cell.conn |= Down
			}
		}
	}
	for r := 0; r+1 < len(g.cells); r++ {
		w := max(len(g.cells[r]), len(g.cells[r+1]))
		for c := 0; c < w; c++ {
			if g.at(r, c).has(Down) != g.at(r+1, c).has(Up) {
				return nil, fmt.Errorf("rows %d-%d column %d: vertical stroke broken", r, r+1, c)
			}
		}
	}
	if len(g.cells) > 0 {
		for c, cell := range g.cells[0] {
			if cell.has(Up) {
				return nil, fmt.Errorf("row 0 column %d: stroke from above the first row", c)
			}
		}
	}
	return g, nil
}

type step struct {
	r, c int
	d    Conn
}

// tracer follows edges down the grid.
type tracer struct {
	g       *grid
	path    []step
	covered [][]Conn
	rows    []int // node rows reached, one entry per path
	bottoms []int // columns where paths ran off the bottom
}

func opposite(d Conn) Conn {
	switch d {
	case Up:
		return Down
	case Down:
		return Up
	case Left:
		return Right
	}
	return Left
}

// move leaves (r, c) in direction d.
func (t *tracer) move(r, c int, d Conn) {
	r2, c2 := r, c
	switch d {
	case Down:
		r2++
	case Left:
		c2--
	case Right:
		c2++
	}
	t.path = append(t.path, step{r, c, d}, step{r2, c2, opposite(d)})
	t.enter(r2, c2, d)
	t.path = t.path[:len(t.path)-2]
}

// reached records a successful path: all its strokes are covered.
func (t *tracer) reached() {
	for _, s := range t.path {
		if s.r < len(t.covered) && s.c < len(t.covered[s.r]) {
			t.covered[s.r][s.c] |= s.d
		}
	}
}

// enter applies the reading rules to a stroke arriving at (r, c) moving d.
func (t *tracer) enter(r, c int, d Conn) {
	if r == len(t.g.cells) {
		t.bottoms = append(t.bottoms, c)
		t.reached()
		return
	}
	x := t.g.at(r, c)
	if x.node {
		t.rows = append(t.rows, r)
		t.reached()
		return
	}
	if d == Down {
		switch {
		case x.has(Down): // lanes go straight where they can
			t.move(r, c, Down)
		case x.has(Left) && x.has(Right): // ends in the node's strokes
			if n := t.g.node[r]; n >= 0 && n < c {
				t.move(r, c, Left)
			} else if n > c {
				t.move(r, c, Right)
			}
		case x.has(Left):
			t.move(r, c, Left)
		case x.has(Right):
			t.move(r, c, Right)
		}
		return
	}
	cont := x.has(d)
	n := t.g.node[r]
	away := n >= 0 && ((d == Right && c > n) || (d == Left && c < n))
	switch {
	case x.has(Up) && x.has(Down) && cont: // a lane crossing
		t.move(r, c, d)
	case x.has(Down) && away: // the node's stroke opens or joins a lane
		t.move(r, c, Down)
		if cont {
			t.move(r, c, d)
		}
	case x.has(Down) && !cont: // end of a shift, or of a stroke
		t.move(r, c, Down)
	case cont:
		t.move(r, c, d)
	}
}

// checkRows verifies rendered rows (plus the Pending row) against the
// commits they were made from. It returns the problems found.
func checkRows(commits []commit, rows []Row, pending Row) []string {
	var errs []string
	texts := make([]string, 0, len(rows)+1)
	for _, r := range rows {
		texts = append(texts, r.Text())
	}
	texts = append(texts, pending.Text())
	g, err := parseGrid(texts)
	if err != nil {
		return []string{err.Error()}
	}
	rowOf := make(map[oid.ID]int, len(commits))
	for i, c := range commits {
		rowOf[c.id] = i
	}
	t := &tracer{g: g, covered: make([][]Conn, len(g.cells))}
	for r := range g.cells {
		t.covered[r] = make([]Conn, len(g.cells[r]))
	}
	for i, cm := range commits {
		if g.node[i] != rows[i].Node {
			errs = append(errs, fmt.Sprintf("row %d: node drawn at %d, Row.Node %d", i, g.node[i], rows[i].Node))
			continue
		}
		want := map[int]int{}
		missing, seen := 0, map[oid.ID]bool{}
		for _, p := range cm.parents {
			if seen[p] || p == cm.id {
				continue
			}
			seen[p] = true
			if pr, ok := rowOf[p]; ok {
				want[pr]++
			} else {
				missing++
			}
		}
		if merge := len(seen) > 1; merge != (rows[i].Cells[rows[i].Node].Kind == Merge) {
			errs = append(errs, fmt.Sprintf("row %d (%s): merge glyph wrong", i, cm.name))
		}
		t.rows, t.bottoms = t.rows[:0], t.bottoms[:0]
		n := g.node[i]
		for _, d := range []Conn{Down, Left, Right} {
			if g.at(i, n).has(d) {
				t.move(i, n, d)
			}
		}
		got := map[int]int{}
		for _, r := range t.rows {
			got[r]++
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			errs = append(errs, fmt.Sprintf("row %d (%s): edges reach rows %v, parents are at rows %v", i, cm.name, got, want))
		}
		bottoms := map[int]bool{}
		for _, b := range t.bottoms {
			bottoms[b] = true
		}
		if len(t.bottoms) != missing || len(bottoms) != missing {
			errs = append(errs, fmt.Sprintf("row %d (%s): %d edges run off the bottom (columns %v), %d parents are outside the walk", i, cm.name, len(t.bottoms), t.bottoms, missing))
		}
	}
	for r := range g.cells {
		for c, cell := range g.cells[r] {
			if extra := cell.conn &^ t.covered[r][c]; extra != 0 {
				errs = append(errs, fmt.Sprintf("row %d column %d: stroke %04b on no edge", r, c, extra))
			}
		}
	}
	// Nothing may start right below a node that ends: it would read as
	// that node's edge.
	for r := 0; r+1 < len(rows); r++ {
		n := g.node[r]
		if below := g.at(r+1, n); !g.at(r, n).has(Down) && (below.node || below.has(Down)) {
			errs = append(errs, fmt.Sprintf("row %d column %d: something starts below a node that ends", r+1, n))
		}
	}
	errs = append(errs, checkColors(rows, pending)...)
	return errs
}

// checkColors verifies that a lane keeps its colour from row to row and that
// lanes alive at the same time have different colours.
func checkColors(rows []Row, pending Row) []string {
	var errs []string
	all := append(append([]Row(nil), rows...), pending)
	for r := range all {
		used := map[int]int{}
		for c, cell := range all[r].Cells {
			if cell.Conn&Down == 0 {
				continue
			}
			if prev, ok := used[cell.Color]; ok {
				errs = append(errs, fmt.Sprintf("row %d: columns %d and %d share colour %d", r, prev, c, cell.Color))
			}
			used[cell.Color] = c
			if r+1 < len(all) && c < len(all[r+1].Cells) && all[r+1].Cells[c].Color != cell.Color {
				errs = append(errs, fmt.Sprintf("row %d column %d: colour %d becomes %d below", r, c, cell.Color, all[r+1].Cells[c].Color))
			}
		}
	}
	return errs
}

// layout runs commits through a new Layout.
func layout(commits []commit) ([]Row, Row, *Layout) {
	l := New()
	rows := make([]Row, len(commits))
	for i, c := range commits {
		rows[i] = l.Add(c.id, c.parents)
	}
	return rows, l.Pending(), l
}

// render is the rendering with commit names, for failure messages.
func render(commits []commit, rows []Row, pending Row) string {
	var b strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&b, "%3d %-24s %s\n", i, r.Text(), commits[i].name)
	}
	fmt.Fprintf(&b, "    %s\n", pending.Text())
	return b.String()
}

// verify lays commits out and fails t with the rendering on any problem.
func verify(t *testing.T, commits []commit) []Row {
	t.Helper()
	rows, pending, _ := layout(commits)
	if errs := checkRows(commits, rows, pending); len(errs) > 0 {
		if len(errs) > 10 {
			errs = append(errs[:10], fmt.Sprintf("... and %d more", len(errs)-10))
		}
		t.Fatalf("%s\n%s", strings.Join(errs, "\n"), render(commits, rows, pending))
	}
	return rows
}
