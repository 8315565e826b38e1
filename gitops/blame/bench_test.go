package blame

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"reef/gitops/commitgraph"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
)

// BenchmarkBlameBig blames the busiest file of the cached mkrepo
// repositories in process, for profiling (scripts/bench times the
// command against git). It runs only when REEF_BENCH_DIR holds them, or
// on REEF_BLAME_REPO (a work tree) and REEF_BLAME_PATH.
func BenchmarkBlameBig(b *testing.B) {
	base := os.Getenv("REEF_BENCH_DIR")
	cases := [][2]string{
		{filepath.Join(base, "c50k-f3k"), "src/ledger2/handler0.go"},
		{filepath.Join(base, "c50k-f3k-cg"), "src/ledger2/handler0.go"},
	}
	if repo := os.Getenv("REEF_BLAME_REPO"); repo != "" {
		cases = [][2]string{{repo, os.Getenv("REEF_BLAME_PATH")}}
	}
	for _, c := range cases {
		dir, path := filepath.Join(c[0], ".git"), c[1]
		if _, err := os.Stat(dir); err != nil || (base == "" && os.Getenv("REEF_BLAME_REPO") == "") {
			b.Skip("REEF_BENCH_DIR does not hold the mkrepo repositories")
		}
		b.Run(filepath.Base(c[0]), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				src, head := openBench(b, dir)
				res, err := Run(context.Background(), src, head, Options{Path: path})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Commits), "commits")
				src.DB.Close()
			}
		})
	}
}

func openBench(b *testing.B, gitDir string) (*revwalk.Source, oid.ID) {
	db, err := odb.Open(filepath.Join(gitDir, "objects"), odb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	src := &revwalk.Source{DB: db}
	if g, err := commitgraph.Open(filepath.Join(gitDir, "objects")); err == nil {
		src.Graph = g
	} else if !errors.Is(err, commitgraph.ErrNone) {
		b.Fatal(err)
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "refs", "heads", "main"))
	if err != nil {
		b.Fatal(err)
	}
	id, err := oid.FromHex(string(head[:40]))
	if err != nil {
		b.Fatal(err)
	}
	return src, id
}
