package commitgraph_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/commitgraph"
	"reef/gitops/gittest"
	"reef/gitops/oid"
)

// merges builds a history with branches, merges, an octopus merge and
// non-ASCII paths (version 1 Bloom filters hash those differently).
func merges(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("a.txt", "a\n").Commit("root")
	for b := 0; b < 3; b++ {
		r.Checkout(fmt.Sprintf("topic%d", b), true)
		for i := 0; i < 3; i++ {
			r.Write(fmt.Sprintf("dir%d/sub/f%d.txt", b, i), "x\n")
			r.Write(fmt.Sprintf("ünïcode/ß%d.txt", b), fmt.Sprintf("%d %d\n", b, i))
			r.Commit(fmt.Sprintf("topic %d commit %d", b, i))
		}
		r.Checkout("main", false)
		r.Write("main.txt", fmt.Sprint(b)).Commit(fmt.Sprintf("main %d", b))
	}
	r.Merge("octopus", "topic0", "topic1", "topic2")
	r.Write("end.txt", "end\n").Commit("end")
	return r
}

type gitCommit struct {
	parents []string
	time    int64
}

func gitLog(t *testing.T, r *gittest.Repo) map[string]gitCommit {
	out := map[string]gitCommit{}
	for _, line := range strings.Split(strings.TrimSpace(r.Git("log", "--all", "--format=%H %ct %P")), "\n") {
		f := strings.Fields(line)
		ct, _ := strconv.ParseInt(f[1], 10, 64)
		out[f[0]] = gitCommit{f[2:], ct}
	}
	return out
}

func check(t *testing.T, r *gittest.Repo) {
	t.Helper()
	g, err := commitgraph.Open(filepath.Join(r.Dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	want := gitLog(t, r)
	if g.Len() != len(want) {
		t.Fatalf("graph has %d commits, git %d", g.Len(), len(want))
	}
	if !g.HasGenerations() || !g.HasCorrectedDates() {
		t.Fatal("no generations (git 2.39 writes levels and corrected dates)")
	}
	gens := map[string]uint32{}
	corrected := map[string]int64{}
	for h, w := range want {
		id, _ := oid.FromHex(h)
		p, ok := g.Lookup(id)
		if !ok {
			t.Fatalf("%s not in graph", h)
		}
		if g.ID(p) != id {
			t.Fatalf("ID(%d) = %s, want %s", p, g.ID(p), h)
		}
		c, err := g.Commit(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.Time != w.time {
			t.Errorf("%s time %d, git %d", h, c.Time, w.time)
		}
		var got []string
		for _, pp := range c.Parents {
			got = append(got, g.ID(pp).String())
		}
		if strings.Join(got, " ") != strings.Join(w.parents, " ") {
			t.Errorf("%s parents %v, git %v", h, got, w.parents)
		}
		gens[h] = c.Generation
		corrected[h] = c.Corrected
		if g.HasCorrectedDates() && c.Corrected < c.Time {
			t.Errorf("%s corrected date %d below its time %d", h, c.Corrected, c.Time)
		}
	}
	for h, w := range want {
		if len(w.parents) == 0 && gens[h] != 1 {
			t.Errorf("root %s generation %d", h, gens[h])
		}
		for _, p := range w.parents {
			if gens[h] <= gens[p] {
				t.Errorf("generation of %s (%d) not above parent %s (%d)", h, gens[h], p, gens[p])
			}
			if g.HasCorrectedDates() && corrected[h] <= corrected[p] {
				t.Errorf("corrected date of %s (%d) not above parent %s (%d)", h, corrected[h], p, corrected[p])
			}
		}
	}
}

func TestSingleFile(t *testing.T) {
	r := merges(t)
	r.WriteCommitGraph(false)
	check(t, r)
}

func TestSplitChain(t *testing.T) {
	r := merges(t)
	r.Git("commit-graph", "write", "--reachable", "--split")
	r.Write("more.txt", "1").Commit("more 1")
	r.Write("more.txt", "2").Commit("more 2")
	r.Git("commit-graph", "write", "--reachable", "--split=no-merge")
	layers, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graphs", "*.graph"))
	if len(layers) < 2 {
		t.Fatalf("want a chain of 2+ layers, got %v", layers)
	}
	check(t, r)
}

func TestBloom(t *testing.T) {
	r := merges(t)
	r.WriteCommitGraph(true)
	g, err := commitgraph.Open(filepath.Join(r.Dir, ".git", "objects"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if !g.HasBloom() {
		t.Fatal("no Bloom filters")
	}
	paths := strings.Split(strings.TrimSpace(r.Git("-c", "core.quotepath=off", "ls-tree", "-r", "--name-only", "HEAD")), "\n")
	paths = append(paths, "dir0", "dir1/sub", "ünïcode/ß1.txt", "ünïcode", "nope/missing.txt")
	positives, negatives, falsePos := 0, 0, 0
	for h, w := range gitLog(t, r) {
		id, _ := oid.FromHex(h)
		p, _ := g.Lookup(id)
		base := "4b825dc642cb6eb9a060e54bf8d69288fbee4904" // the empty tree
		if len(w.parents) > 0 {
			base = w.parents[0]
		}
		changed := map[string]bool{}
		for _, f := range strings.Split(r.Git("-c", "core.quotepath=off", "diff", "--name-only", base, h), "\n") {
			for f != "" {
				changed[f] = true
				i := strings.LastIndexByte(f, '/')
				if i < 0 {
					break
				}
				f = f[:i]
			}
		}
		for _, path := range paths {
			maybe := g.MaybeChanged(p, commitgraph.NewBloomKey(path))
			if changed[path] {
				positives++
				if !maybe {
					t.Errorf("%s changed %s but the filter says no", h, path)
				}
			} else {
				negatives++
				if maybe {
					falsePos++
				}
			}
		}
	}
	if positives == 0 || falsePos*5 > negatives {
		t.Errorf("filters useless: %d positives, %d of %d negatives reported as maybe", positives, falsePos, negatives)
	}
}

func TestCorrupt(t *testing.T) {
	r := merges(t)
	r.WriteCommitGraph(false)
	path := filepath.Join(r.Dir, ".git", "objects", "info", "commit-graph")
	data, _ := os.ReadFile(path)
	for name, b := range map[string][]byte{
		"truncated":     data[:len(data)/2],
		"bad signature": append([]byte("XXXX"), data[4:]...),
		"tiny":          data[:10],
	} {
		os.Chmod(path, 0o644)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := commitgraph.Open(filepath.Join(r.Dir, ".git", "objects"))
		var ce *commitgraph.CorruptError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "commit-graph write") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	os.Remove(path)
	if _, err := commitgraph.Open(filepath.Join(r.Dir, ".git", "objects")); !errors.Is(err, commitgraph.ErrNone) {
		t.Errorf("no graph: %v", err)
	}
}
