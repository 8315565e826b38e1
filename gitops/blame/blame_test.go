package blame

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
	"reef/gitops/textdiff"
)

func TestSplitRuns(t *testing.T) {
	// Parent "a b c d e", child "a X c d Y e Z": b->X replaced, Y and Z
	// inserted.
	edits := []textdiff.Edit{{OldStart: 1, OldEnd: 2, NewStart: 1, NewEnd: 2}, {OldStart: 4, OldEnd: 4, NewStart: 4, NewEnd: 5}, {OldStart: 5, OldEnd: 5, NewStart: 6, NewEnd: 7}}
	passed, kept := splitRuns([]run{{final: 10, orig: 0, n: 7}}, edits)
	wantPassed := []run{{10, 0, 1}, {12, 2, 2}, {15, 4, 1}}
	wantKept := []run{{11, 1, 1}, {14, 4, 1}, {16, 6, 1}}
	if !reflect.DeepEqual(passed, wantPassed) || !reflect.DeepEqual(kept, wantKept) {
		t.Errorf("passed %v kept %v, want %v %v", passed, kept, wantPassed, wantKept)
	}
	// A pure deletion moves the lines after it; overlapping runs (two
	// final lines from one line) are both mapped.
	edits = []textdiff.Edit{{OldStart: 1, OldEnd: 3, NewStart: 1, NewEnd: 1}}
	passed, kept = splitRuns([]run{{0, 0, 3}, {5, 1, 1}}, edits)
	wantPassed = []run{{0, 0, 1}, {1, 3, 2}, {5, 3, 1}}
	if !reflect.DeepEqual(passed, wantPassed) || kept != nil {
		t.Errorf("passed %v kept %v, want %v", passed, kept, wantPassed)
	}
}

// TestSplitRunsAgainstLines checks splitRuns against a line-by-line
// mapping on random edit scripts.
func TestSplitRunsAgainstLines(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	for iter := 0; iter < 2000; iter++ {
		var old, cur []string
		for i := rnd.Intn(30); i > 0; i-- {
			old = append(old, strconv.Itoa(rnd.Intn(5)))
		}
		cur = append(cur, old...)
		for k := rnd.Intn(4); k > 0; k-- {
			pos := rnd.Intn(len(cur) + 1)
			if rnd.Intn(2) == 0 && pos < len(cur) {
				cur = append(cur[:pos], cur[pos+1:]...)
			} else {
				cur = append(cur[:pos], append([]string{"new"}, cur[pos:]...)...)
			}
		}
		ol, nl := toLines(old), toLines(cur)
		edits := textdiff.Edits(ol, nl, textdiff.WSNone)
		// The expected parent line of each child line, -1 when changed.
		want := make([]int, len(cur))
		o, n, e := 0, 0, 0
		for n < len(cur) {
			if e < len(edits) && edits[e].NewStart == n {
				for ; n < edits[e].NewEnd; n++ {
					want[n] = -1
				}
				o = edits[e].OldEnd
				e++
				continue
			}
			if e < len(edits) && edits[e].NewStart == edits[e].NewEnd && edits[e].NewStart == n {
				o = edits[e].OldEnd
				e++
				continue
			}
			want[n] = o
			o++
			n++
		}
		var runs []run
		for s := 0; s < len(cur); {
			l := 1 + rnd.Intn(4)
			l = min(l, len(cur)-s)
			runs = append(runs, run{final: 100 + s, orig: s, n: l})
			s += l
		}
		passed, kept := splitRuns(runs, edits)
		got := make([]int, len(cur))
		for _, r := range kept {
			for i := 0; i < r.n; i++ {
				got[r.final-100+i] = -1
			}
		}
		for _, r := range passed {
			for i := 0; i < r.n; i++ {
				got[r.final-100+i] = r.orig + i
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("old %q new %q edits %v: got %v want %v", old, cur, edits, got, want)
		}
	}
}

func toLines(ls []string) [][]byte {
	var out [][]byte
	for _, l := range ls {
		out = append(out, []byte(l+"\n"))
	}
	return out
}

func open(t *testing.T, r *gittest.Repo) *revwalk.Source {
	db, err := odb.Open(filepath.Join(r.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &revwalk.Source{DB: db}
}

func rev(t *testing.T, r *gittest.Repo, name string) oid.ID {
	id, err := oid.FromHex(strings.TrimSpace(r.Git("rev-parse", name)))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSimilarityMatchesGit compares the similarity score with the
// percentage git prints for renames it finds.
func TestSimilarityMatchesGit(t *testing.T) {
	r := gittest.New(t)
	rnd := rand.New(rand.NewSource(3))
	var content []string
	for i := 0; i < 40; i++ {
		var b strings.Builder
		for k := 10 + rnd.Intn(30); k > 0; k-- {
			fmt.Fprintf(&b, "line %d %s\n", rnd.Intn(50), strings.Repeat("x", rnd.Intn(90)))
		}
		if rnd.Intn(4) == 0 {
			b.WriteString("with\r\ncrlf\r\n")
		}
		content = append(content, b.String())
		r.Write(fmt.Sprintf("src/f%02d.txt", i), b.String())
	}
	r.Commit("sources")
	for i, c := range content {
		ls := strings.SplitAfter(c, "\n")
		for k := rnd.Intn(len(ls)/3 + 1); k > 0; k-- {
			ls[rnd.Intn(len(ls))] = fmt.Sprintf("changed %d\n", rnd.Intn(1000))
		}
		r.Remove(fmt.Sprintf("src/f%02d.txt", i))
		r.Write(fmt.Sprintf("dst/g%02d.txt", i), strings.Join(ls, ""))
	}
	r.Commit("renamed with edits")
	src := open(t, r)
	out := r.Git("diff-tree", "-r", "-M", "--name-status", "HEAD^", "HEAD")
	checked := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(l, "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], "R") {
			continue
		}
		pct, _ := strconv.Atoi(f[0][1:])
		oldID, newID := rev(t, r, "HEAD^:"+f[1]), rev(t, r, "HEAD:"+f[2])
		if oldID == newID {
			continue // an exact rename: git does not estimate it
		}
		_, dst, err := src.DB.Read(newID)
		if err != nil {
			t.Fatal(err)
		}
		sim := similarity{db: src.DB, dst: dst}
		score, err := sim.estimate(source{path: f[1], id: oldID, mode: 0o100644}, minScore)
		if err != nil {
			t.Fatal(err)
		}
		if got := score * 100 / maxScore; got != pct {
			t.Errorf("%s -> %s: similarity %d%%, git %d%%", f[1], f[2], got, pct)
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d renames to check:\n%s", checked, out)
	}
}

// TestOrigins checks what Run reports besides line numbers: previous
// origins across a rename, boundaries and the work-tree commit.
func TestOrigins(t *testing.T) {
	r := gittest.New(t)
	root := r.Write("a.txt", "one\ntwo\n").Commit("root")
	r.Move("a.txt", "b.txt").Write("b.txt", "one\ntwo\nthree\n")
	third := r.Commit("rename and add")
	src := open(t, r)
	res, err := Run(context.Background(), src, rev(t, r, "HEAD"), Options{Path: "b.txt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 2 || res.Lines != 3 || string(res.Data) != "one\ntwo\nthree\n" {
		t.Fatalf("groups %+v lines %d", res.Groups, res.Lines)
	}
	g0, g1 := res.Groups[0], res.Groups[1]
	if g0.Origin.Commit.String() != root || g0.Origin.Path != "a.txt" || !g0.Origin.Boundary || g0.Origin.Previous != nil || g0.Count != 2 {
		t.Errorf("first group %+v origin %+v", g0, *g0.Origin)
	}
	if g1.Origin.Commit.String() != third || g1.Origin.Boundary || g1.Final != 2 || g1.Origin.Previous == nil ||
		g1.Origin.Previous.Path != "a.txt" || g1.Origin.Previous.Commit.String() != root {
		t.Errorf("second group %+v origin %+v", g1, *g1.Origin)
	}
	res, err = Run(context.Background(), src, rev(t, r, "HEAD"), Options{Path: "b.txt", ShowRoot: true, Ranges: []Range{{0, 1}}})
	if err != nil || len(res.Groups) != 1 || res.Groups[0].Origin.Boundary || res.Groups[0].Count != 1 {
		t.Errorf("--root -L1: %v %+v", err, res)
	}
	if _, err := Run(context.Background(), src, rev(t, r, "HEAD"), Options{Path: "a.txt"}); !errors.Is(err, ErrNoPath) {
		t.Errorf("missing path: %v", err)
	}
	work := &Work{Parents: []oid.ID{rev(t, r, "HEAD")}, Data: []byte("zero\none\ntwo\nthree\n"), Mode: 0o100644, Time: gittest.Epoch}
	res, err = Run(context.Background(), src, oid.Zero, Options{Path: "b.txt", Work: work})
	if err != nil || len(res.Groups) != 3 || !res.Groups[0].Origin.Commit.IsZero() || res.Groups[0].Count != 1 {
		t.Fatalf("work tree: %v %+v", err, res)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, src, rev(t, r, "HEAD"), Options{Path: "b.txt"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestPrefetcherFollowsBlame(t *testing.T) {
	// A chain 1 <- 2 <- ... <- 200 and a side chain 1000 <- 1001 ...
	parent := func(id oid.ID) []oid.ID {
		n := int(id[0])<<8 | int(id[1])
		if n == 1 || n == 1000 {
			return nil
		}
		p := n - 1
		return []oid.ID{{byte(p >> 8), byte(p)}}
	}
	id := func(n int) oid.ID { return oid.ID{byte(n >> 8), byte(n)} }
	reads := 0
	p := startPrefetch(id(200), func(x oid.ID) header {
		reads++ // only the prefetcher's goroutine reads
		return header{parents: parent(x)}
	})
	for n := 200; n > 150; n-- {
		if h := p.take(id(n)); !reflect.DeepEqual(h.parents, parent(id(n))) {
			t.Fatalf("%d: %v", n, h.parents)
		}
	}
	for n := 1010; n > 1000; n-- { // blame turns to another branch
		if h := p.take(id(n)); len(h.parents) != 1 || h.parents[0] != id(n-1) {
			t.Fatalf("%d: %v", n, h.parents)
		}
	}
	if h := p.take(id(1000)); h.parents != nil {
		t.Fatalf("root: %v", h.parents)
	}
	p.stop()
	if reads > 50+prefetchAhead+12+prefetchAhead {
		t.Errorf("%d reads: the prefetcher ran too far ahead", reads)
	}
}
