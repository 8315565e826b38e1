package bench

import (
	"bytes"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// busiestFile is the file the most commits touch, the worst case for
// blame's walk: its oldest lines survive back to the root.
func busiestFile(b *testing.B, dir string) string {
	cmd := exec.Command("git", "log", "--format=", "--name-only")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("git log: %v", err)
	}
	counts := map[string]int{}
	for _, f := range strings.Split(string(out), "\n") {
		if f != "" {
			counts[f]++
		}
	}
	files := make([]string, 0, len(counts))
	for f := range counts {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool {
		if counts[files[i]] != counts[files[j]] {
			return counts[files[i]] > counts[files[j]]
		}
		return files[i] < files[j]
	})
	if len(files) == 0 {
		b.Fatal("no files in history")
	}
	b.Logf("busiest file: %s (%d commits)", files[0], counts[files[0]])
	return files[0]
}

func sameBytes(b *testing.B, reefOut, gitOut []byte) {
	if !bytes.Equal(reefOut, gitOut) {
		b.Fatalf("reef and git disagree: %d vs %d bytes", len(reefOut), len(gitOut))
	}
}

// BenchmarkBlame blames the busiest file of the 50,000-commit repository
// (no commit-graph) against git blame --porcelain, after checking that
// the outputs are identical.
func BenchmarkBlame(b *testing.B) {
	dir := big(b)
	path := busiestFile(b, dir)
	compare(b, dir, []string{"blame", "--porcelain", path}, []string{"blame", "--porcelain", path}, sameBytes)
}

// BenchmarkBlameCommitGraph is the same with a commit-graph (and its
// changed-path filters, when mkrepo wrote them).
func BenchmarkBlameCommitGraph(b *testing.B) {
	dir := bigGraph(b)
	path := busiestFile(b, dir)
	compare(b, dir, []string{"blame", "--porcelain", path}, []string{"blame", "--porcelain", path}, sameBytes)
}
