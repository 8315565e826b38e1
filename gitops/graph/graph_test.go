package graph

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRowsNeverChange keeps a copy of every row as Add returned it and
// compares after the whole history: rows share slab memory and must not
// see later rows' writes.
func TestRowsNeverChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	order := displayOrder(rng, randomDAG(rng, 3000), false)
	l := New()
	rows := make([]Row, len(order))
	copies := make([][]Cell, len(order))
	for i, c := range order {
		rows[i] = l.Add(c.id, c.parents)
		copies[i] = slices.Clone(rows[i].Cells)
	}
	for i := range rows {
		if !slices.Equal(rows[i].Cells, copies[i]) {
			t.Fatalf("row %d changed after later rows were added", i)
		}
		if cap(rows[i].Cells) != len(rows[i].Cells) {
			t.Fatalf("row %d has room to grow into its neighbour", i)
		}
	}
}

// TestOddParents covers parent lists git does not write but grafts and
// hand-made histories can: repeats and a commit naming itself.
func TestOddParents(t *testing.T) {
	rows := verify(t, history("m:a a b m", "a:c", "b:c", "c:c"))
	if got := rows[0].Text(); got != "◎─╮ " {
		t.Fatalf("merge with a repeated parent drawn %q", got)
	}
}

// TestColours checks colours stay as small as the number of lanes alive
// together, and that a freed colour is reused.
func TestColours(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	order := displayOrder(rng, projectDAG(rng, 2000, 3), true)
	l := New()
	widest := 0
	for _, c := range order {
		row := l.Add(c.id, c.parents)
		widest = max(widest, len(row.Cells))
		for _, cell := range row.Cells {
			if cell.Color > 2*widest {
				t.Fatalf("colour %d with rows at most %d wide", cell.Color, widest)
			}
		}
	}
	rows := verify(t, history("a:c", "b:c", "c:", "d:"))
	if d := rows[3]; d.Cells[d.Node].Color != 0 {
		t.Fatalf("a tip after everything ended got colour %d, want 0", d.Cells[d.Node].Color)
	}
}

// TestPending checks the row drawn under the last commit.
func TestPending(t *testing.T) {
	l := New()
	cs := history("m:a x", "a:y")
	for _, c := range cs {
		l.Add(c.id, c.parents)
	}
	p := l.Pending()
	if p.Node != -1 || p.Text() != "│ │ " {
		t.Fatalf("pending row %q node %d, want \"│ │ \" and -1", p.Text(), p.Node)
	}
	if New().Pending().Text() != "" {
		t.Fatal("an empty layout has pending lanes")
	}
}
