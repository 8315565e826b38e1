package manifests_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests"
)

// changeSet is n changed files cycled from the corpus's own change pairs
// (every kind: Deployments, StatefulSets, values, kustomizations,
// workflows, playbooks, templates), each under its own path.
func changeSet(tb testing.TB, n int) []iac.File {
	tb.Helper()
	dirs := listCases(tb, filepath.Join(corpusRoot, "rules"), ownGroup)
	var pairs []corpusCase
	for _, d := range dirs {
		pairs = append(pairs, loadCase(tb, d))
	}
	files := make([]iac.File, n)
	for i := range files {
		c := pairs[i%len(pairs)]
		dir, base := filepath.Split(c.Path)
		if !strings.Contains(c.Path, ".github/workflows") {
			dir = fmt.Sprintf("%sbatch%d/", dir, i)
		} else {
			base = fmt.Sprintf("w%d-%s", i, base)
		}
		files[i] = iac.File{Path: dir + base, Before: c.Before, After: c.After}
	}
	return files
}

// BenchmarkAnalyze500 reviews a 500-file change with this analyzer alone.
func BenchmarkAnalyze500(b *testing.B) {
	files := changeSet(b, 500)
	a := manifests.New()
	in := &iac.Input{Files: files}
	size := 0
	for _, f := range files {
		size += len(f.Before) + len(f.After)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), in, files); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAnalyze500Fast keeps the 500-file budget honest in every test run:
// well under 300 ms (a generous bound for slow CI machines; the benchmark
// shows the real figure).
func TestAnalyze500Fast(t *testing.T) {
	if testing.Short() || raceEnabled || os.Getenv("REEF_SKIP_TIMING") != "" {
		t.Skip("timing")
	}
	files := changeSet(t, 500)
	a := manifests.New()
	best := time.Hour
	for range 3 {
		start := time.Now()
		res, err := a.Analyze(context.Background(), &iac.Input{Files: files}, files)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) < 500 {
			t.Fatalf("only %d changes from 500 files", len(res.Changes))
		}
		best = min(best, time.Since(start))
	}
	if best > 300*time.Millisecond {
		t.Errorf("500 files took %v, budget 300ms", best)
	}
	t.Logf("500 files: %v", best)
}
