package textdiff

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// pair is one diff scenario: a file before and after.
type pair struct {
	name     string
	old, new string
}

// gitArgs are the git diff options that match o.
func gitArgs(o Options) []string {
	args := []string{fmt.Sprintf("-U%d", o.context())}
	switch o.Whitespace {
	case IgnoreAllSpace:
		args = append(args, "-w")
	case IgnoreSpaceChange:
		args = append(args, "-b")
	case IgnoreSpaceAtEOL:
		args = append(args, "--ignore-space-at-eol")
	}
	return args
}

// gitHunks runs one `git diff --no-index` over all pairs (written as files
// of two directories, so one git process serves hundreds of scenarios) and
// returns, per pair, git's output from the first "@@" line on: exactly what
// WriteUnified must produce.
func gitHunks(t testing.TB, pairs []pair, o Options) []string {
	t.Helper()
	dir := t.TempDir()
	for _, side := range []string{"a", "b", "home"} {
		if err := os.Mkdir(filepath.Join(dir, side), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range pairs {
		name := fmt.Sprintf("%05d", i)
		if err := os.WriteFile(filepath.Join(dir, "a", name), []byte(p.old), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "b", name), []byte(p.new), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"diff", "--no-index", "--no-color", "--no-ext-diff"}, gitArgs(o)...)
	cmd := exec.Command("git", append(args, "a", "b")...)
	cmd.Dir = dir
	cmd.Env = gittest.Env(filepath.Join(dir, "home"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("git %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return splitGitOutput(t, string(out), len(pairs))
}

func splitGitOutput(t testing.TB, out string, n int) []string {
	t.Helper()
	res := make([]string, n)
	sections := strings.Split("\n"+strings.TrimSuffix(out, "\n"), "\ndiff --git a/a/")
	for _, sec := range sections[1:] {
		var idx int
		if _, err := fmt.Sscanf(sec, "%05d ", &idx); err != nil || idx >= n {
			t.Fatalf("cannot read git's section header %.40q", sec)
		}
		body := sec + "\n"
		if at := strings.Index(body, "\n@@ "); at >= 0 {
			res[idx] = body[at+1:]
		}
	}
	return res
}

// unified is our side of the comparison.
func unified(t testing.TB, old, new string, o Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteUnified(&buf, Diff([]byte(old), []byte(new), o)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// changedLines counts the '+' and '-' lines of a unified diff body.
func changedLines(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-") {
			n++
		}
	}
	return n
}

// firstDifference shows where two diffs part, for failure messages.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d: git %q, reef %q", i+1, wl, gl)
		}
	}
	return "no difference"
}
