package revwalk_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/commitgraph"
	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
)

func source(t *testing.T, r *gittest.Repo, useGraph bool) *revwalk.Source {
	t.Helper()
	objects := filepath.Join(r.Dir, ".git", "objects")
	db, err := odb.Open(objects, odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	src := &revwalk.Source{DB: db}
	if useGraph {
		g, err := commitgraph.Open(objects)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(g.Close)
		src.Graph = g
	}
	return src
}

func ids(t *testing.T, r *gittest.Repo, revs ...string) []oid.ID {
	var out []oid.ID
	for _, rev := range revs {
		id, err := oid.FromHex(r.Rev(rev + "^{commit}"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// compare walks with and without the commit-graph and checks the order
// against git log --date-order.
func compare(t *testing.T, r *gittest.Repo, include, exclude []string) {
	t.Helper()
	args := []string{"log", "--date-order", "--format=%H"}
	args = append(args, include...)
	for _, e := range exclude {
		args = append(args, "^"+e)
	}
	want := strings.Fields(r.Git(append(args, "--")...))
	r.WriteCommitGraph(false)
	for _, useGraph := range []bool{false, true} {
		w := revwalk.New(source(t, r, useGraph), revwalk.Options{Include: ids(t, r, include...), Exclude: ids(t, r, exclude...)})
		var got []string
		// small pages exercise the paging path
		for {
			page, err := w.Next(context.Background(), 3)
			for _, e := range page {
				got = append(got, e.ID.String())
			}
			if err != nil {
				break
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("graph=%v %v ^%v:\n got %d commits %v\nwant %d commits %v", useGraph, include, exclude, len(got), short(got), len(want), short(want))
		}
	}
	r.Remove(".git/objects/info/commit-graph")
}

func short(ids []string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, id[:7])
	}
	return out
}

func TestScripted(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "0").Commit("root")
	r.Write("f", "1").Commit("one")
	r.Tag("v0", "HEAD", "")
	// criss-cross
	r.Checkout("a", true).Write("a", "1").Commit("a1")
	r.Checkout("main", false).Write("m", "1").Commit("m1")
	r.Checkout("b", true)
	r.Merge("b merges a", "a")
	r.Checkout("a", false)
	r.Merge("a merges main", "main")
	r.Checkout("main", false)
	r.Merge("main merges b", "b")
	r.Merge("main merges a", "a")
	r.Tag("on-merge", "HEAD", "tag on a merge")
	// octopus
	for _, b := range []string{"o1", "o2", "o3"} {
		r.Checkout(b, true).Write(b, b).Commit(b)
		r.Checkout("main", false)
	}
	r.Merge("octopus", "o1", "o2", "o3")
	// long-lived branch forked from an old commit
	r.Checkout("old", true)
	r.Git("reset", "-q", "--hard", "v0")
	for i := 0; i < 3; i++ {
		r.Write("old", fmt.Sprint(i)).Commit(fmt.Sprint("old ", i))
		r.Checkout("main", false).Write("main", fmt.Sprint(i)).Commit(fmt.Sprint("main ", i))
		r.Checkout("old", false)
	}
	r.Checkout("main", false)
	r.Merge("merge old", "old")
	// second root
	r.Git("checkout", "-q", "--orphan", "other")
	r.Git("rm", "-q", "-rf", ".")
	r.Write("other", "x").Commit("other root")
	r.Write("other", "y").Commit("other 2")
	r.Checkout("main", false)
	r.Git("merge", "-q", "--no-edit", "--allow-unrelated-histories", "other")

	compare(t, r, []string{"HEAD"}, nil)
	compare(t, r, []string{"a", "b", "old", "o2"}, nil)
	compare(t, r, []string{"HEAD"}, []string{"old"})
	compare(t, r, []string{"main"}, []string{"a", "other"})
	compare(t, r, []string{"o1", "o3"}, []string{"v0"})
}

// TestRandomDAG builds seeded random histories (branches forking from
// random earlier commits, merges of 2-4 parents) with distinct times.
func TestRandomDAG(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rnd := rand.New(rand.NewSource(seed))
			r := gittest.New(t)
			var commits []string
			commit := func(parents ...string) string {
				r.Tick(60)
				args := []string{"commit-tree", "-m", fmt.Sprint("c", len(commits)), "4b825dc642cb6eb9a060e54bf8d69288fbee4904"}
				for _, p := range parents {
					args = append(args, "-p", p)
				}
				id := strings.TrimSpace(r.GitAt(args...))
				commits = append(commits, id)
				return id
			}
			r.Git("hash-object", "-w", "-t", "tree", "--stdin", "/dev/null")
			commit()
			for i := 0; i < 120; i++ {
				switch x := rnd.Intn(10); {
				case x < 6:
					commit(commits[len(commits)-1-rnd.Intn(min(len(commits), 5))])
				case x < 8:
					commit(commits[rnd.Intn(len(commits))])
				default:
					n := 2 + rnd.Intn(3)
					seen := map[string]bool{}
					var ps []string
					for len(ps) < n && len(ps) < len(commits) {
						p := commits[rnd.Intn(len(commits))]
						if !seen[p] {
							seen[p] = true
							ps = append(ps, p)
						}
					}
					commit(ps...)
				}
			}
			for i, c := range commits[len(commits)-6:] {
				r.Git("update-ref", fmt.Sprint("refs/heads/t", i), c)
			}
			tips := []string{"t0", "t1", "t2", "t3", "t4", "t5"}
			compare(t, r, tips, nil)
			compare(t, r, tips[:3], tips[3:5])
		})
	}
}

// TestClockSkew: a commit older than its parent. With a commit-graph the
// order equals git's; without one a parent still never precedes a child.
func TestClockSkew(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "0").Commit("root")
	base := r.Clock
	r.Write("f", "1").CommitAt("future", base+5000) // parent far in the future
	r.Write("f", "2").CommitAt("past", base+100)    // child in the past
	r.Write("f", "3").CommitAt("normal", base+6000)
	r.Checkout("side", true)
	r.Git("reset", "-q", "--hard", "HEAD~3")
	r.Write("s", "1").CommitAt("side", base+3000)
	r.Checkout("main", false)
	r.Merge("merge", "side")
	r.Tag("skewed", "HEAD^1~2", "") // "future", newer than its child "past"
	compare(t, r, []string{"HEAD"}, nil)
	// A tip that is an ancestor of another tip and newer than it (by less
	// than the look-ahead): still shown after its children.
	compare(t, r, []string{"skewed", "HEAD"}, nil)
}

func TestUnknownCommit(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "0").Commit("root")
	bad, _ := oid.FromHex(strings.Repeat("12", 20))
	w := revwalk.New(source(t, r, false), revwalk.Options{Include: []oid.ID{bad}})
	if _, err := w.Next(context.Background(), 10); !errors.Is(err, odb.ErrNotFound) {
		t.Fatalf("got %v", err)
	}
}

// TestGraphOlderThanHistory: commits made after the commit-graph was
// written are not in it (generation "infinite", as in git) and still come
// out in git's order.
func TestGraphOlderThanHistory(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "0").Commit("root")
	r.Checkout("side", true).Write("s", "1").Commit("side 1")
	r.Checkout("main", false).Write("f", "1").Commit("main 1")
	r.WriteCommitGraph(false)
	r.Merge("merge after the graph", "side")
	r.Checkout("side", false).Write("s", "2").Commit("side 2")
	r.Checkout("main", false).Write("f", "2").Commit("main 2")
	want := strings.Fields(r.Git("log", "--date-order", "--format=%H", "main", "side", "--"))
	w := revwalk.New(source(t, r, true), revwalk.Options{Include: ids(t, r, "main", "side")})
	all, err := w.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range all {
		got = append(got, e.ID.String())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || !w.UsesGenerations() {
		t.Errorf("got %v\nwant %v", short(got), short(want))
	}
}
