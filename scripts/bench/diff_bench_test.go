package bench

import (
	"bytes"
	"testing"
)

// sameOutput checks reef printed exactly what git printed.
func sameOutput(b *testing.B, reefOut, gitOut []byte) {
	if !bytes.Equal(reefOut, gitOut) {
		b.Fatalf("reef and git disagree:\nreef:\n%.2000s\ngit:\n%.2000s", reefOut, gitOut)
	}
}

// BenchmarkDiffStat is the target: `diff --stat` over fifty
// commits of the 50,000-commit repository, at most 1.5x git.
func BenchmarkDiffStat(b *testing.B) {
	args := []string{"diff", "--stat", "HEAD~50", "HEAD"}
	compare(b, big(b), args, args, sameOutput)
}

// BenchmarkDiffPatch prints the same fifty commits' full patch.
func BenchmarkDiffPatch(b *testing.B) {
	args := []string{"diff", "HEAD~50", "HEAD"}
	compare(b, big(b), args, args, sameOutput)
}

// BenchmarkDiffWorktree compares the index with a clean 3,000-file work
// tree: stat data only.
func BenchmarkDiffWorktree(b *testing.B) {
	args := []string{"diff", "--stat"}
	compare(b, big(b), args, args, sameOutput)
}
