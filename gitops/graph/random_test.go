package graph

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/oid"
)

// fakeID is a distinct id for commit number i.
func fakeID(i int) oid.ID {
	var id oid.ID
	binary.BigEndian.PutUint64(id[12:], uint64(i)+1)
	id[0] = 0xc0
	return id
}

// randomDAG makes n commits in creation order (parents first): branches
// that fork from recent or old commits, grow, merge two to five at a time
// (sometimes carrying on after the merge), and a few unrelated roots.
func randomDAG(rng *rand.Rand, n int) []commit {
	cs := make([]commit, 0, n)
	var heads []int
	for i := range n {
		c := commit{id: fakeID(i), name: fmt.Sprintf("c%d", i)}
		x := rng.Float64()
		switch {
		case i == 0 || x < 0.02:
			heads = append(heads, i)
		case x < 0.15:
			from := i - 1 - rng.IntN(min(i, 40))
			if rng.IntN(8) == 0 {
				from = rng.IntN(i) // a branch from long ago
			}
			c.parents = []oid.ID{cs[from].id}
			heads = append(heads, i)
		case x < 0.30 && len(heads) >= 2:
			k := 2
			if rng.IntN(6) == 0 {
				k += 1 + rng.IntN(3) // octopus
			}
			rng.Shuffle(len(heads), func(a, b int) { heads[a], heads[b] = heads[b], heads[a] })
			k = min(k, len(heads))
			for _, h := range heads[:k] {
				c.parents = append(c.parents, cs[h].id)
			}
			keep := heads[:1]
			for _, h := range heads[1:k] {
				if rng.IntN(4) == 0 {
					keep = append(keep, h) // the merged branch goes on
				}
			}
			heads = append(keep, heads[k:]...)
			heads[0] = i
		default:
			h := rng.IntN(len(heads))
			c.parents = []oid.ID{cs[heads[h]].id}
			heads[h] = i
		}
		cs = append(cs, c)
	}
	return cs
}

// displayOrder returns the commits children first. newest picks the most
// recently created ready commit (like --date-order); otherwise any ready
// commit is picked at random, the most tangled valid order.
func displayOrder(rng *rand.Rand, cs []commit, newest bool) []commit {
	index := make(map[oid.ID]int, len(cs))
	for i, c := range cs {
		index[c.id] = i
	}
	children := make([]int, len(cs))
	for _, c := range cs {
		for _, p := range c.parents {
			children[index[p]]++
		}
	}
	var ready []int
	for i := range cs {
		if children[i] == 0 {
			ready = append(ready, i)
		}
	}
	out := make([]commit, 0, len(cs))
	for len(ready) > 0 {
		pick := len(ready) - 1
		if newest {
			for j, r := range ready {
				if r > ready[pick] {
					pick = j
				}
			}
		} else {
			pick = rng.IntN(len(ready))
		}
		i := ready[pick]
		ready = slices.Delete(ready, pick, pick+1)
		out = append(out, cs[i])
		for _, p := range cs[i].parents {
			if children[index[p]]--; children[index[p]] == 0 {
				ready = append(ready, index[p])
			}
		}
	}
	return out
}

// TestRandomHistories checks seeded random DAGs in date-like and random
// topological orders, whole, cut short and with commits filtered out (their
// children's lanes must then run to the bottom).
func TestRandomHistories(t *testing.T) {
	for seed := range uint64(100) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 7))
			dag := randomDAG(rng, 150+rng.IntN(250))
			for _, newest := range []bool{true, false} {
				order := displayOrder(rng, dag, newest)
				full := verify(t, order)
				cut := rng.IntN(len(order))
				if rows := verify(t, order[:cut]); !reflect.DeepEqual(rows, full[:cut]) {
					t.Fatalf("rows of the first %d commits change when more follow", cut)
				}
				var filtered []commit
				for _, c := range order {
					if rng.IntN(10) != 0 {
						filtered = append(filtered, c)
					}
				}
				verify(t, filtered)
			}
		})
	}
}

// TestIncremental checks that the first N rows of a 2N-commit run equal an
// N-commit run, for every N.
func TestIncremental(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	order := displayOrder(rng, randomDAG(rng, 400), false)
	rows, _, _ := layout(order)
	for n := 1; 2*n <= len(order); n += 1 + n/8 {
		short, _, _ := layout(order[:n])
		long, _, _ := layout(order[:2*n])
		if !reflect.DeepEqual(short, long[:n]) || !reflect.DeepEqual(long, rows[:2*n]) {
			t.Fatalf("rows of the first %d commits differ between runs", n)
		}
	}
}

// TestFastImportHistory writes a random DAG into a real repository with
// skewed commit dates, so git decides the --date-order interleaving.
func TestFastImportHistory(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 99))
			dag := randomDAG(rng, 300)
			r := gittest.New(t)
			r.GitIn([]byte(fastImport(rng, dag)), "fast-import", "--quiet")
			for _, order := range []string{"--date-order", "--topo-order"} {
				cs := gitLog(t, r, order, "--all")
				if len(cs) != len(dag) {
					t.Fatalf("git log %s shows %d commits, imported %d", order, len(cs), len(dag))
				}
				verify(t, cs)
				for _, n := range []int{1, 17, 120, 299} {
					verify(t, gitLog(t, r, order, "--all", "-n", fmt.Sprint(n)))
				}
				verify(t, gitLog(t, r, order, "--all", "--first-parent"))
			}
		})
	}
}

// fastImport is a fast-import stream for dag: one branch per tip, commit
// dates mostly increasing with some skew.
func fastImport(rng *rand.Rand, dag []commit) string {
	var b strings.Builder
	mark := make(map[oid.ID]int, len(dag))
	hasChild := make(map[oid.ID]bool)
	when := int64(gittest.Epoch)
	for i, c := range dag {
		mark[c.id] = i + 1
		when += int64(rng.IntN(120)) - 20
		fmt.Fprintf(&b, "reset refs/heads/work\ncommit refs/heads/work\nmark :%d\n", i+1)
		fmt.Fprintf(&b, "committer Ada <ada@example.com> %d +0000\ndata %d\n%s\n", when, len(c.name), c.name)
		for j, p := range c.parents {
			hasChild[p] = true
			verb := "merge"
			if j == 0 {
				verb = "from"
			}
			fmt.Fprintf(&b, "%s :%d\n", verb, mark[p])
		}
		fmt.Fprintf(&b, "M 644 inline f\ndata %d\n%s\n\n", len(c.name), c.name)
	}
	for _, c := range dag {
		if !hasChild[c.id] {
			fmt.Fprintf(&b, "reset refs/heads/tip-%s\nfrom :%d\n\n", c.name, mark[c.id])
		}
	}
	return b.String()
}
