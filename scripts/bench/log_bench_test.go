package bench

import (
	"os/exec"
	"path/filepath"
	"testing"
)

func big(b *testing.B) string { return repo(b, "c50k-f3k", "--commits", "50000", "--files", "3000") }

func bigGraph(b *testing.B) string {
	dir := repo(b, "c50k-f3k-cg", "--commits", "50000", "--files", "3000", "--commit-graph")
	return dir
}

func BenchmarkLogGraph200CommitGraph(b *testing.B) {
	compare(b, bigGraph(b), []string{"log", "--graph", "--oneline", "-n", "200"}, []string{"log", "--graph", "--oneline", "-n", "200"}, nil)
}

func BenchmarkLogGraph200NoCommitGraph(b *testing.B) {
	compare(b, big(b), []string{"log", "--graph", "--oneline", "-n", "200"}, []string{"log", "--graph", "--oneline", "-n", "200"}, nil)
}

func BenchmarkLogGraphAllCommitGraph(b *testing.B) {
	compare(b, bigGraph(b), []string{"log", "--graph", "--oneline"}, []string{"log", "--graph", "--oneline"}, nil)
}

func BenchmarkLogGraphAllNoCommitGraph(b *testing.B) {
	compare(b, big(b), []string{"log", "--graph", "--oneline"}, []string{"log", "--graph", "--oneline"}, nil)
}

// BenchmarkLogOrder checks the order against git before timing.
func BenchmarkLogDateOrder(b *testing.B) {
	compare(b, big(b), []string{"log", "--format=%H"}, []string{"log", "--date-order", "--format=%H"}, sameFirstFields)
}

var _ = exec.Command
var _ = filepath.Join
