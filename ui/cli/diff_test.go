package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops/gittest"
)

func lines(tag string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s %d\n", tag, i)
	}
	return b.String()
}

// diffRepo has two commits with renames, binary, mode and odd-name
// changes, a side branch, and staged and unstaged work on top.
func diffRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("big.txt", lines("line", 10000))
	r.Write("infra/main.tf", lines("resource", 40))
	r.Write("crlf.txt", strings.ReplaceAll(lines("dos", 8), "\n", "\r\n"))
	r.Write("noeol.txt", "a\nb")
	r.Write("run.sh", "#!/bin/sh\n")
	r.WriteBytes("img.bin", []byte{0, 1, 2})
	r.Write("my file.tf", lines("spaced", 5))
	r.WriteBytes("caf\xe9.txt", []byte("x\n"))
	r.Write("gone.yaml", lines("key", 4))
	r.Write("empty", "")
	r.Commit("base")
	r.Checkout("side", true).Write("side.txt", "side\n").Commit("side work")
	r.Checkout("main", false)
	r.Write("big.txt", strings.Replace(lines("line", 10000), "line 4321\n", "line 4321 edited\n", 1))
	r.Remove("infra/main.tf").Write("modules/main.tf", strings.Replace(lines("resource", 40), "resource 9\n", "resource nine\n", 1))
	r.Write("crlf.txt", strings.ReplaceAll(lines("DOS", 8), "\n", "\r\n"))
	r.Write("noeol.txt", "a\nB")
	r.Chmod("run.sh", 0o755)
	r.WriteBytes("img.bin", []byte{0, 1, 3})
	r.Write("my file.tf", lines("spaced", 6))
	r.WriteBytes("caf\xe9.txt", []byte("y\n"))
	r.Remove("gone.yaml")
	r.Write("copy.tf", lines("resource", 40))
	r.Commit("second")
	// staged and unstaged work
	r.Write("staged.txt", "staged\n").Write("noeol.txt", "a\nB\n")
	r.Git("add", "staged.txt", "noeol.txt")
	r.Write("big.txt", strings.Replace(r.Read("big.txt"), "line 9999\n", "", 1))
	r.Write("crlf.txt", "changed\r\n")
	r.Remove("empty")
	return r
}

func TestDiffMatchesGit(t *testing.T) {
	r := diffRepo(t)
	cases := [][]string{
		{}, {"--cached"}, {"--staged", "HEAD~1"}, {"HEAD"}, {"HEAD~1"}, {"HEAD~1", "HEAD"}, {"HEAD~1..HEAD"}, {"..HEAD~1"},
		{"side...main"}, {"main...side"}, {"--stat"}, {"--stat", "HEAD~1", "HEAD"}, {"--stat=60", "HEAD~1", "HEAD"},
		{"--stat", "--stat-width=50", "HEAD~1", "HEAD"}, {"--numstat", "HEAD~1"}, {"--shortstat", "HEAD~1"},
		{"--name-status", "HEAD~1", "HEAD"}, {"--name-only", "HEAD~1", "HEAD"}, {"-M", "HEAD~1", "HEAD"},
		{"--no-renames", "HEAD~1", "HEAD"}, {"-C", "HEAD~1", "HEAD"}, {"--find-renames=99%", "HEAD~1", "HEAD"},
		{"-M9", "HEAD~1", "HEAD"}, {"-U1", "HEAD~1", "HEAD"}, {"-U0"}, {"--unified=5", "HEAD~1", "HEAD"},
		{"-w", "HEAD~1", "HEAD"}, {"--stat", "-p", "HEAD~1", "HEAD"}, {"--numstat", "--stat", "HEAD~1"},
		{"HEAD~1", "HEAD", "--", "infra", "modules"}, {"HEAD~1", "--", "big.txt"}, {"big.txt", "crlf.txt"},
		{"--full-index", "HEAD~1", "HEAD"}, {"--exit-code", "HEAD", "HEAD"},
	}
	for _, args := range cases {
		want, _ := r.GitErr(append([]string{"diff"}, args...)...)
		got, stderr, code := run(t, r, "diff", args...)
		if code != 0 || got != want {
			t.Errorf("reef diff %s (exit %d, %s):\n%s", strings.Join(args, " "), code, stderr, firstDifference(got, want))
		}
	}
}

func firstDifference(got, want string) string {
	gl, wl := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			return fmt.Sprintf("line %d: reef %q, git %q", i+1, g, w)
		}
	}
	return "same"
}

func TestDiffFromSubdirectory(t *testing.T) {
	r := diffRepo(t)
	sub := *r
	sub.Dir = r.Path("modules")
	for _, args := range [][]string{{"HEAD~1", "--", "."}, {"HEAD~1", "main.tf"}, {"--stat", "HEAD~1"}, {"HEAD~1", "--", "../infra"}} {
		want, _ := sub.GitErr(append([]string{"diff"}, args...)...)
		got, stderr, code := run(t, &sub, "diff", args...)
		if code != 0 || got != want {
			t.Errorf("in modules/: reef diff %s (exit %d, %s):\n%s", strings.Join(args, " "), code, stderr, firstDifference(got, want))
		}
	}
}

func TestDiffColorAndLayouts(t *testing.T) {
	r := diffRepo(t)
	plain := r.Git("diff", "HEAD~1", "HEAD")
	got, _, code := run(t, r, "diff", "--color=always", "HEAD~1", "HEAD")
	if code != 0 || !strings.Contains(got, "\x1b[") || ansi.Strip(got) != plain {
		t.Errorf("--color=always: exit %d, stripped output differs from git's:\n%s", code, firstDifference(ansi.Strip(got), plain))
	}
	r.Setenv("COLUMNS", "140")
	got, _, code = run(t, r, "diff", "--side-by-side", "HEAD~1", "HEAD", "--", "modules", "big.txt", "noeol.txt")
	if code != 0 || !strings.Contains(got, "│") {
		t.Fatalf("side by side: exit %d\n%s", code, got)
	}
	for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
		if l != "" && ansi.StringWidth(l) != 140 {
			t.Errorf("side-by-side line is %d wide: %q", ansi.StringWidth(l), l)
		}
	}
	for _, want := range []string{"resource nine", "line 4321 edited", "No newline at end of file"} {
		if !strings.Contains(got, want) {
			t.Errorf("side by side lacks %q", want)
		}
	}
	got, _, _ = run(t, r, "diff", "--side-by-side", "--color=always", "HEAD~1", "HEAD", "--", "big.txt")
	if !strings.Contains(got, "\x1b[") {
		t.Errorf("coloured side by side has no colour")
	}
}

func TestDiffErrors(t *testing.T) {
	r := diffRepo(t)
	check := func(what string, wantCode int, wantErr string, args ...string) {
		t.Helper()
		out, stderr, code := run(t, r, "diff", args...)
		if code != wantCode || !strings.Contains(stderr, wantErr) || strings.Count(stderr, "\n") != 1 || out != "" {
			t.Errorf("%s: exit %d, stderr %q, stdout %q", what, code, stderr, out)
		}
	}
	check("unknown revision", ExitFatal, "nope", "nope", "--")
	check("unknown revision or path", ExitFatal, "ambiguous argument 'nope'", "nope")
	check("path outside", ExitFatal, "outside repository", "HEAD", "--", "../elsewhere")
	check("bad option", ExitUsage, "--bogus", "--bogus")
	check("too many revisions", ExitUsage, "too many revisions", "HEAD", "HEAD~1", "side")

	_, _, code := run(t, r, "diff", "--exit-code", "HEAD~1", "HEAD")
	if code != 1 {
		t.Errorf("--exit-code with changes: exit %d", code)
	}
	out, _, code := run(t, r, "diff", "--quiet")
	if code != 1 || out != "" {
		t.Errorf("--quiet: exit %d, %q", code, out)
	}
	ws := gittest.New(t)
	ws.Write("ws.txt", "a b\n").Commit("ws")
	ws.Write("ws.txt", "a  b\n")
	for _, args := range [][]string{{"--quiet", "-w", "--", "ws.txt"}, {"--exit-code", "-b", "--", "ws.txt"}, {"--quiet", "--", "ws.txt"}} {
		_, gerr := ws.GitErr(append([]string{"diff"}, args...)...)
		want := 0
		if gerr != nil {
			want = 1
		}
		if _, _, code := run(t, ws, "diff", args...); code != want {
			t.Errorf("reef diff %v: exit %d, git %d", args, code, want)
		}
	}

	// A missing blob is an error that names it, not a panic.
	blob := strings.TrimSpace(r.Git("rev-parse", "HEAD:modules/main.tf"))
	os.Remove(filepath.Join(r.Dir, ".git", "objects", blob[:2], blob[2:]))
	check("missing blob", ExitFatal, blob, "HEAD~1", "HEAD")

	bare := gittest.New(t, gittest.Bare())
	_, stderr, code := run(t, bare, "diff")
	if code != ExitFatal || !strings.Contains(stderr, "bare") {
		t.Errorf("bare: exit %d, %q", code, stderr)
	}
	empty := gittest.New(t)
	empty.Write("a", "x\n")
	empty.Git("add", "a")
	want := empty.Git("diff", "--cached")
	got, stderr, code := run(t, empty, "diff", "--cached")
	if code != 0 || got != want {
		t.Errorf("unborn --cached: exit %d %s\n%s", code, stderr, firstDifference(got, want))
	}
}
