package gitops_test

import (
	"context"
	"os"
	"testing"

	"reef/gitops"
)

// BenchmarkStatusRepo times Status in-process on the repository named by
// $REEF_STATUS_REPO (skipped when unset), for profiling:
//
//	REEF_STATUS_REPO=/tmp/bench-cache/c2k-f20k go test ./gitops -run '^$' -bench StatusRepo -cpuprofile cpu.out
func BenchmarkStatusRepo(b *testing.B) {
	dir := os.Getenv("REEF_STATUS_REPO")
	if dir == "" {
		b.Skip("REEF_STATUS_REPO not set")
	}
	for b.Loop() {
		r, err := gitops.Open(dir, gitops.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Status(context.Background(), gitops.StatusOptions{}); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
