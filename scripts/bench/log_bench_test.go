package bench

import (
	"os/exec"
	"path/filepath"
	"strings"
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

// busyFile is the file changed by the most commits in the last 5,000.
func busyFile(b *testing.B, dir string) string {
	cmd := exec.Command("sh", "-c", "git log -n 5000 --format= --name-only | sort | uniq -c | sort -rn | head -1")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		b.Fatalf("no busy file: %q", out)
	}
	return f[1]
}

func BenchmarkLogFollow50(b *testing.B) {
	dir := big(b)
	file := busyFile(b, dir)
	args := []string{"log", "--follow", "-n", "50", "--format=%H", "--", file}
	compare(b, dir, args, args, sameFirstFields)
}

func BenchmarkLogFollow50CommitGraph(b *testing.B) {
	dir := bigGraph(b)
	file := busyFile(b, dir)
	args := []string{"log", "--follow", "-n", "50", "--format=%H", "--", file}
	compare(b, dir, args, args, sameFirstFields)
}

var _ = filepath.Join
