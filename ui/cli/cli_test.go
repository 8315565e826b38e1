package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// run calls a command the way main does, with stdout in a file (not a
// terminal: no pager, no colour unless asked).
func run(t *testing.T, r *gittest.Repo, cmd string, args ...string) (string, string, int) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stderr bytes.Buffer
	env := Env{Dir: r.Dir, Stdout: f, Stderr: &stderr, Environ: r.Environ()}
	code := Commands[cmd](context.Background(), env, args)
	out, _ := os.ReadFile(f.Name())
	return string(out), stderr.String(), code
}

// history builds a repository with merges, tags, a multi-paragraph
// message, an octopus and a second root.
func history(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("a.tf", "resource \"x\" \"y\" {}\n").Commit("Initial import")
	r.CommitStaged("Subject line\n\nBody paragraph one\n  indented line\n\n\nparagraph two")
	r.Tag("v1", "HEAD", "release one")
	for _, b := range []string{"f1", "f2", "f3"} {
		r.Checkout(b, true).Write(b+".yaml", b).Commit("work on " + b)
		r.Checkout("main", false)
	}
	r.Write("main.txt", "m").Commit("main moves on")
	r.Merge("Merge f1", "f1")
	r.Merge("octopus f2 f3", "f2", "f3")
	r.Tag("light", "HEAD~1", "")
	r.Git("remote", "add", "origin", "https://example.com/repo.git")
	r.Git("update-ref", "refs/remotes/origin/main", "HEAD~2")
	return r
}

func TestLogMatchesGit(t *testing.T) {
	r := history(t)
	cases := [][]string{
		{},
		{"--oneline"},
		{"--format=%H %h %s %an %ae %ad %P %p %T %t"},
		{"--format=%H%d"},
		{"--format=%h %D"},
		{"--format=%B%n--%n%b"},
		{"--decorate"},
		{"--oneline", "--decorate", "--all"},
		{"-n", "3"},
		{"-2", "--format=%h"},
		{"--format=%s", "f1..main"},
		{"--format=%s", "f2...f3"},
		{"--format=%s", "main", "^f1"},
		{"--date=iso", "--format=%ad|%cd"},
		{"--date=short", "-n1"},
		{"--date=unix", "--format=%ad %at %ct"},
		{"--date=rfc", "--format=%ad"},
		{"--pretty=short"},
		{"--pretty=full"},
	}
	for _, args := range cases {
		want := r.Git(append(append([]string{"log", "--date-order"}, args...), "--")...)
		got, stderr, code := run(t, r, "log", args...)
		if code != 0 || got != want {
			t.Errorf("reef log %s (exit %d, %s):\n%s\ngit:\n%s", strings.Join(args, " "), code, stderr, got, want)
		}
	}
}

func TestLogGraph(t *testing.T) {
	r := history(t)
	got, _, code := run(t, r, "log", "--graph", "--format=%s", "--all")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
	want := strings.Split(strings.TrimSpace(r.Git("log", "--all", "--date-order", "--format=%s")), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, git %d:\n%s", len(lines), len(want), got)
	}
	for i, l := range lines {
		if !strings.HasSuffix(l, " "+want[i]) || !strings.ContainsAny(l, "●◎") {
			t.Errorf("line %d %q, want subject %q after a node", i, l, want[i])
		}
	}
	// multi-line formats continue the lanes on every line
	got, _, _ = run(t, r, "log", "--graph", "-n", "4")
	for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
		if !strings.HasPrefix(l, "●") && !strings.HasPrefix(l, "◎") && !strings.HasPrefix(l, "│") {
			t.Errorf("line without graph prefix: %q", l)
		}
	}
}

func TestLogErrors(t *testing.T) {
	r := history(t)
	_, stderr, code := run(t, r, "log", "nope")
	if code != ExitFatal || !strings.Contains(stderr, "nope") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("unknown revision: %d %q", code, stderr)
	}
	_, stderr, code = run(t, r, "log", "--bogus")
	if code != ExitUsage || !strings.Contains(stderr, "--bogus") {
		t.Errorf("bad option: %d %q", code, stderr)
	}
	empty := gittest.New(t)
	out, stderr, code := run(t, empty, "log")
	if code != ExitFatal || out != "" || !strings.Contains(stderr, "does not have any commits yet") {
		t.Errorf("unborn branch: %d %q %q", code, out, stderr)
	}
}

func TestLogPaths(t *testing.T) {
	r := gittest.New(t)
	r.Write("infra/prod/main.tf", "a\nb\nc\nd\ne\nf\n").Write("README.md", "r").Commit("add")
	r.Append("infra/prod/main.tf", "g\n").Commit("edit")
	r.Move("infra/prod/main.tf", "live/prod/main.tf").Commit("move")
	r.Append("live/prod/main.tf", "h\n").Commit("edit again")
	r.Write("README.md", "s").Commit("readme")
	for _, args := range [][]string{
		{"--format=%h %s", "--", "live/prod/main.tf"},
		{"--follow", "--format=%h %s", "--", "live/prod/main.tf"},
		{"--oneline", "--", "infra"},
		{"--oneline", "--", "live", "README.md"},
		{"--follow", "-n", "2", "--format=%s", "--", "live/prod/main.tf"},
	} {
		want := r.Git(append([]string{"log"}, args...)...)
		got, stderr, code := run(t, r, "log", args...)
		if code != 0 || got != want {
			t.Errorf("reef log %v (exit %d %s):\n%s\ngit:\n%s", args, code, stderr, got, want)
		}
	}
	// paths are relative to the directory reef runs in
	r2 := *r
	r2.Dir = r.Path("live")
	got, _, _ := run(t, &r2, "log", "--follow", "--format=%s", "--", "prod/main.tf")
	if want := r.Git("log", "--follow", "--format=%s", "--", "live/prod/main.tf"); got != want {
		t.Errorf("from a subdirectory:\n%s\nwant\n%s", got, want)
	}
	if _, stderr, code := run(t, r, "log", "--follow", "--", "a", "b"); code != ExitUsage || !strings.Contains(stderr, "exactly one") {
		t.Errorf("--follow with two paths: %d %s", code, stderr)
	}
}
