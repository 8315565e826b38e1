package graph

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/oid"
)

// gitLog reads the walk git prints: its order is the oracle's order.
func gitLog(t testing.TB, r *gittest.Repo, args ...string) []commit {
	t.Helper()
	out := r.Git(append([]string{"log", "--format=%H %P%x09%s"}, args...)...)
	var cs []commit
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		hashes, subject, _ := strings.Cut(line, "\t")
		var c commit
		for i, h := range strings.Fields(hashes) {
			id, err := oid.FromHex(h)
			if err != nil {
				t.Fatalf("git log line %q: %v", line, err)
			}
			if i == 0 {
				c.id = id
			} else {
				c.parents = append(c.parents, id)
			}
		}
		c.name = subject
		cs = append(cs, c)
	}
	return cs
}

// work commits a file of its own, so branches never conflict.
func work(r *gittest.Repo, msg string) string {
	r.Write("f/"+strings.ReplaceAll(msg, " ", "_"), msg+"\n")
	return r.Commit(msg)
}

// branchAt creates and checks out a branch at rev.
func branchAt(r *gittest.Repo, name, rev string) {
	r.Git("checkout", "-q", "-b", name, rev)
}

// scenario is a scripted repository and the revisions to log.
type scenario struct {
	name  string
	build func(t *testing.T) *gittest.Repo
	revs  []string
}

func scenarios() []scenario {
	return []scenario{
		{"linear", buildLinear, []string{"main"}},
		{"criss-cross", buildCrissCross, []string{"--all"}},
		{"octopus", buildOctopus, []string{"--all"}},
		{"two-roots", buildTwoRoots, []string{"--all"}},
		{"long-lived", buildLongLived, []string{"main"}},
		{"many-tips", buildManyTips, []string{"--all"}},
		{"fan-out", buildFanOut, []string{"--all"}},
	}
}

func buildLinear(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	for i := range 6 {
		work(r, fmt.Sprintf("c%d", i))
	}
	return r
}

// buildCrissCross makes two rounds of branches merging each other's
// previous tips, the shape with two merge bases.
func buildCrissCross(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	work(r, "base")
	r.Checkout("topic", true)
	for round := range 2 {
		r.Checkout("topic", false)
		t1 := work(r, fmt.Sprintf("topic %d", round))
		r.Checkout("main", false)
		m1 := work(r, fmt.Sprintf("main %d", round))
		r.Merge(fmt.Sprintf("main takes topic %d", round), t1)
		r.Checkout("topic", false)
		r.Merge(fmt.Sprintf("topic takes main %d", round), m1)
	}
	r.Checkout("main", false)
	work(r, "after")
	r.Merge("final", "topic")
	return r
}

// buildOctopus merges three and then four branches at once, with tags on
// the merges and a later ordinary merge of a branch forked mid-way.
func buildOctopus(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	base := work(r, "base")
	for i := 1; i <= 4; i++ {
		branchAt(r, "b"+strconv.Itoa(i), base)
		for j := 0; j < i%3+1; j++ {
			work(r, fmt.Sprintf("b%d.%d", i, j))
		}
	}
	r.Checkout("main", false)
	work(r, "m1")
	r.Merge("octopus of three", "b1", "b2", "b3")
	r.Tag("v1", "HEAD", "first octopus")
	mid := work(r, "m2")
	for i := 5; i <= 8; i++ {
		branchAt(r, "b"+strconv.Itoa(i), mid)
		work(r, fmt.Sprintf("b%d.0", i))
	}
	branchAt(r, "side", base)
	work(r, "side.0")
	r.Checkout("main", false)
	work(r, "m3")
	r.Merge("octopus of four", "b5", "b6", "b7", "b8")
	r.Tag("v2", "HEAD", "")
	r.Merge("late merge", "b4", "side")
	work(r, "m4")
	return r
}

// buildTwoRoots joins two unrelated histories with a merge.
func buildTwoRoots(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	work(r, "a0")
	work(r, "a1")
	r.Git("checkout", "-q", "--orphan", "other")
	r.Git("rm", "-rqf", ".")
	work(r, "b0")
	work(r, "b1")
	r.Checkout("main", false)
	work(r, "a2")
	work(r, "b2 on main")
	r.Checkout("other", false)
	work(r, "b3")
	r.Checkout("main", false)
	r.Tick(60)
	r.GitAt("merge", "-q", "--no-ff", "--no-edit", "--allow-unrelated-histories", "-m", "join", "other")
	work(r, "a3")
	r.Git("checkout", "-q", "--orphan", "third")
	r.Git("rm", "-rqf", ".")
	work(r, "c0")
	return r
}

// buildLongLived forks branches from old commits that merge back much
// later, with main merged into one of them meanwhile.
func buildLongLived(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	c0 := work(r, "c0")
	c1 := work(r, "c1")
	branchAt(r, "long", c0)
	branchAt(r, "older", c0)
	branchAt(r, "release", c1)
	for i := range 12 {
		r.Checkout("main", false)
		work(r, fmt.Sprintf("main %d", i))
		switch i % 4 {
		case 0:
			r.Checkout("long", false)
			work(r, fmt.Sprintf("long %d", i))
		case 1:
			r.Checkout("older", false)
			work(r, fmt.Sprintf("older %d", i))
		case 2:
			r.Checkout("release", false)
			work(r, fmt.Sprintf("fix %d", i))
			r.Tag(fmt.Sprintf("r%d", i), "HEAD", "release")
		case 3:
			if i == 7 {
				r.Checkout("long", false)
				r.Merge("long takes main", "main")
			}
		}
	}
	r.Checkout("main", false)
	r.Merge("merge release", "release")
	work(r, "main after")
	r.Merge("merge long", "long")
	r.Merge("merge older", "older")
	return r
}

// buildManyTips leaves a dozen branch tips, some merged, some not.
func buildManyTips(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	var mains []string
	for i := range 6 {
		mains = append(mains, work(r, fmt.Sprintf("main %d", i)))
	}
	for i := range 12 {
		name := fmt.Sprintf("tip%d", i)
		branchAt(r, name, mains[(i*7)%len(mains)])
		for j := 0; j < i%3+1; j++ {
			work(r, fmt.Sprintf("%s.%d", name, j))
		}
		if i%4 == 1 {
			r.Checkout("main", false)
			mains = append(mains, r.Merge("merge "+name, name))
		}
	}
	return r
}

// buildFanOut gives one commit five children, merged back in assorted ways.
func buildFanOut(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	work(r, "root")
	x := work(r, "x")
	for i := range 4 {
		branchAt(r, fmt.Sprintf("k%d", i), x)
		work(r, fmt.Sprintf("k%d.0", i))
	}
	r.Checkout("main", false)
	work(r, "main after x")
	r.Merge("merge k0 k1", "k0", "k1")
	r.Checkout("k2", false)
	r.Merge("k2 takes k3", "k3")
	r.Checkout("main", false)
	work(r, "main again")
	r.Merge("merge k2", "k2")
	return r
}

// TestRepositories lays out every scripted history in git's date and topo
// orders, and in date order with every -n limit, checking that rows never
// depend on what comes after them.
func TestRepositories(t *testing.T) {
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			r := sc.build(t)
			for _, order := range []string{"--date-order", "--topo-order"} {
				args := append([]string{order}, sc.revs...)
				all := gitLog(t, r, args...)
				full := verify(t, all)
				if order != "--date-order" {
					continue // the -n runs cost a git process each
				}
				for n := 1; n < len(all); n++ {
					limited := gitLog(t, r, append([]string{"-n", strconv.Itoa(n)}, args...)...)
					rows := verify(t, limited)
					if !reflect.DeepEqual(limited, all[:n]) {
						t.Fatalf("%s -n %d is not a prefix of the full walk", order, n)
					}
					if !reflect.DeepEqual(rows, full[:n]) {
						t.Fatalf("%s: rows of the first %d commits change when more follow", order, n)
					}
				}
			}
		})
	}
}
