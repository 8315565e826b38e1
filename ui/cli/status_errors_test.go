package cli

import (
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

func TestStatusFallbackToGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/one.tf", "1\n").Write("b/two.tf", "2\n").Write("c/three.tf", "3\n").Commit("base")
	r.Write("a/one.tf", "changed\n").Write("new.tf", "n\n")
	r.Git("update-index", "--split-index")
	checkStatus(t, r, "", []string{"--porcelain=v2", "-z", "--branch"}, []string{"-s"}, []string{})
	_, stderr, _ := reefStatus(t, r, "", "-s")
	if !strings.Contains(stderr, "split index") {
		t.Errorf("the fallback is not reported: %q", stderr)
	}
	s := gittest.New(t)
	s.Write("a/one.tf", "1\n").Write("b/two.tf", "2\n").Commit("base")
	s.Git("sparse-checkout", "init", "--cone", "--sparse-index")
	s.Git("sparse-checkout", "set", "a")
	s.Write("a/one.tf", "changed\n").Write("a/new.tf", "n\n")
	checkStatus(t, s, "", []string{"--porcelain=v2", "-z", "--branch"}, []string{"-s"}, []string{})
	if _, stderr, _ := reefStatus(t, s, "", "-s"); !strings.Contains(stderr, "sparse index") {
		t.Errorf("the fallback is not reported: %q", stderr)
	}
}

func TestStatusErrors(t *testing.T) {
	bare := gittest.New(t, gittest.Bare())
	out, stderr, code := reefStatus(t, bare, "")
	if code != ExitFatal || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "work tree") {
		t.Errorf("bare repository: exit %d, %q, %q", code, out, stderr)
	}
	r := gittest.New(t)
	r.Write("f", "1\n").Commit("one")
	r.Write("f", "2\n")
	for _, args := range [][]string{{"--bogus"}, {"--porcelain=v3"}, {"--ignored=matching"}} {
		if _, stderr, code := reefStatus(t, r, "", args...); code != ExitUsage || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	if _, stderr, code := reefStatus(t, r, "", "-ubogus"); code != ExitFatal || !strings.Contains(stderr, "bogus") {
		t.Errorf("-ubogus: exit %d, %q", code, stderr)
	}
	if _, stderr, code := reefStatus(t, r, "", "--", "../.."); code != ExitFatal || !strings.Contains(stderr, "outside repository") {
		t.Errorf("path outside: exit %d, %q", code, stderr)
	}

	// index.lock held by someone else: the status, a one-line warning,
	// exit 1, and nothing written.
	r.Write(".git/index.lock", "")
	before := snapshot(t, r.Dir)
	want, _ := gitStatus(t, r, "", "--porcelain=v2")
	out, stderr, code = reefStatus(t, r, "", "--porcelain=v2")
	if out != want || code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "index.lock exists") || !strings.Contains(stderr, "remove it") {
		t.Errorf("index.lock: exit %d, %q, %q", code, out, stderr)
	}
	if snapshot(t, r.Dir) != before {
		t.Error("the repository changed")
	}
	os.Remove(r.Path(".git/index.lock"))

	// A damaged index: the index reader's one line, exit 128.
	data, _ := os.ReadFile(r.Path(".git/index"))
	data[len(data)-1] ^= 0xff
	os.WriteFile(r.Path(".git/index"), data, 0o644)
	out, stderr, code = reefStatus(t, r, "")
	if code != ExitFatal || out != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "index file corrupt") || !strings.Contains(stderr, "git reset") {
		t.Errorf("corrupt index: exit %d, %q, %q", code, out, stderr)
	}
}

// TestStatusWritesNothing: git refreshes and rewrites the index during
// status; reef must not touch anything, racy entries included.
func TestStatusWritesNothing(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "1\n").Write("b/c", "2\n").Commit("one")
	r.Write("a", "3\n").Write("untracked", "u\n")
	before := snapshot(t, r.Dir)
	for _, args := range statusFormats {
		reefStatus(t, r, "", args...)
	}
	if snapshot(t, r.Dir) != before {
		t.Error("the repository changed")
	}
}

func TestRelativePath(t *testing.T) {
	for _, c := range []struct{ in, prefix, want string }{
		{"a/b", "", "a/b"}, {"a/b", "a/", "b"}, {"c", "a/", "../c"}, {"a/b/c", "a/x/", "../b/c"},
		{"a/", "a/", "./"}, {"ab", "a/", "../ab"}, {"a", "a/b/", "../"}, {"x/y/", "a/b/", "../../x/y/"},
	} {
		if got := relativePath(c.in, c.prefix); got != c.want {
			t.Errorf("relativePath(%q, %q) = %q, want %q", c.in, c.prefix, got, c.want)
		}
	}
}
