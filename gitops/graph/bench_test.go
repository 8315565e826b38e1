package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// projectDAG is a project-like history in creation order: a main line and
// up to branches feature branches at a time, forked from main, sometimes
// catching up with main, merged back (a few at once now and then).
func projectDAG(rng *rand.Rand, n, branches int) []commit {
	cs := make([]commit, 0, n)
	main := -1
	var features []int
	add := func(parents ...int) int {
		c := commit{id: fakeID(len(cs)), name: fmt.Sprintf("c%d", len(cs))}
		for _, p := range parents {
			c.parents = append(c.parents, cs[p].id)
		}
		cs = append(cs, c)
		return len(cs) - 1
	}
	main = add()
	for len(cs) < n {
		x := rng.IntN(10)
		switch {
		case x < 3:
			main = add(main)
		case x < 4 && len(features) < branches:
			features = append(features, add(main))
		case x < 5 && len(features) > 0:
			k := 1 + rng.IntN(min(3, len(features)))
			parents := append([]int{main}, features[:k]...)
			main = add(parents...)
			features = features[k:]
		case x < 6 && len(features) > 0:
			f := rng.IntN(len(features))
			features[f] = add(features[f], main)
		case len(features) > 0:
			f := rng.IntN(len(features))
			features[f] = add(features[f])
		default:
			main = add(main)
		}
	}
	return cs
}

// TestMemoryFollowsLanes streams a long history and checks that the state
// the layout keeps stays as small as its widest row, not its length.
func TestMemoryFollowsLanes(t *testing.T) {
	const branches = 8
	rng := rand.New(rand.NewPCG(3, 3))
	order := displayOrder(rng, projectDAG(rng, 50_000, branches), true)
	l := New()
	widest := 0
	for i, c := range order {
		row := l.Add(c.id, c.parents)
		widest = max(widest, len(row.Cells))
		live := 0
		for _, ln := range l.lanes {
			if ln.live {
				live++
			}
		}
		if l.Lanes() > 2*live+2 {
			t.Fatalf("row %d: %d columns for %d live lanes", i, l.Lanes(), live)
		}
	}
	// A lane per branch, its duplicate while it catches up with main, and
	// main: the state must be bounded by that, whatever the history length.
	limit := 3*branches + 4
	if widest > limit || cap(l.lanes) > 2*limit || cap(l.next) > 2*limit ||
		cap(l.link) > 2*limit || len(l.colors) > limit || cap(l.ps) > 8 {
		t.Fatalf("state grew with history: widest row %d, lanes %d/%d, link %d, colours %d",
			widest, cap(l.lanes), cap(l.next), cap(l.link), len(l.colors))
	}
	t.Logf("widest row %d columns over %d commits", widest, len(order))
}

// benchAdd streams order through a layout, starting over at its end; one
// op is one row.
func benchAdd(b *testing.B, order []commit) {
	b.ReportAllocs()
	l := New()
	widest := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := &order[i%len(order)]
		if i%len(order) == 0 {
			l = New()
		}
		row := l.Add(c.id, c.parents)
		widest = max(widest, len(row.Cells))
	}
	b.ReportMetric(float64(widest), "widest")
}

// BenchmarkAdd is the cost of one row (one op) streaming a 50,000-commit
// project-like history.
func BenchmarkAdd(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	benchAdd(b, displayOrder(rng, projectDAG(rng, 50_000, 8), true))
}

// BenchmarkAddTangled is the worst case: a random 50,000-commit DAG that
// keeps a few hundred lanes open.
func BenchmarkAddTangled(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	benchAdd(b, displayOrder(rng, randomDAG(rng, 50_000), true))
}

// BenchmarkText renders rows of the project-like history to strings.
func BenchmarkText(b *testing.B) {
	rng := rand.New(rand.NewPCG(4, 4))
	order := displayOrder(rng, projectDAG(rng, 5_000, 8), true)
	rows, _, _ := layout(order)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = rows[i%len(rows)].Text()
	}
}
