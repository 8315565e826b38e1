package ignore

import (
	"os"
	"path/filepath"
	"testing"

	"reef/gitops/gittest"
)

func touch(r *gittest.Repo, paths ...string) {
	for _, p := range paths {
		r.Write(p, "")
	}
}

func TestNestedAgainstGit(t *testing.T) {
	r := gittest.New(t)
	r.Write(".gitignore", "\xef\xbb\xbf# a comment\n"+
		"*.log\n"+
		"!keep.log\n"+
		"build/\n"+
		"/root-only.txt\n"+
		"doc/*.pdf\n"+
		"**/tmp\n"+
		"a/**/z\n"+
		"\\#hash\n"+
		"\\!bang\n"+
		"trailing\\ \n"+
		"spaces   \n"+
		"vendor\n"+
		"!vendor/keep\n"+
		"*.o\n"+
		"node_modules/\n"+
		"foo**/bar\n"+
		"#not-a-comment-below\n"+
		" #lead\n"+
		"odd[\n"+
		"\\\n")
	r.Write("sub/.gitignore", "!*.log\r\n*.txt\r\n/local\r\ndeep/**/x\r\n!build/\r\n")
	r.Write("sub/deeper/.gitignore", "!important.txt\n*.log\nnested/\n")
	r.Write("doc/.gitignore", "!*.pdf\n")
	touch(r,
		"a.log", "keep.log", "x/keep.log", "x/y/a.log", "build/out", "x/build/out", "x/build.txt",
		"root-only.txt", "x/root-only.txt", "doc/a.pdf", "doc/x/b.pdf", "x/doc/c.pdf",
		"tmp/f", "x/tmp/f", "x/y/tmp", "a/z", "a/b/c/z", "x/a/z", "#hash", "!bang", "trailing ",
		"spaces", "spaces   ", "vendor/keep", "vendor/lib/a.go", "x/vendor", "main.o", "x/y/z.o",
		"node_modules/m/index.js", "x/node_modules", "foo/bar", "foo/q/r/bar", "fooz/w/bar",
		" #lead", "odd[", "sub/a.log", "sub/a.txt", "sub/local", "sub/x/local", "sub/deep/x",
		"sub/deep/p/q/x", "sub/build/out", "sub/deeper/important.txt", "sub/deeper/other.txt",
		"sub/deeper/b.log", "sub/deeper/nested/f", "sub/deeper/n/nested", "plain.go", "x/plain.go")
	compareWithGit(t, r, standardOptions(t, r, false), true)
}

func TestGlobalSourcesAgainstGit(t *testing.T) {
	r := gittest.New(t)
	excludes := filepath.Join(r.Home, "my-excludes")
	if err := os.WriteFile(excludes, []byte("*.bak\n*.tmp\n!keep.bak\nsecret/\n*.o\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "--global", "core.excludesFile", excludes)
	r.Write(".git/info/exclude", "*.tmp\n!special.tmp\n!x.o\nlocal-only\n")
	r.Write(".gitignore", "!a.bak\nspecial.tmp\n")
	r.Write("sub/.gitignore", "!keep.tmp\n")
	touch(r, "a.bak", "b.bak", "keep.bak", "x.tmp", "special.tmp", "sub/keep.tmp", "sub/other.tmp",
		"secret/s", "sub/secret/s", "x.o", "y.o", "local-only", "sub/local-only/f")
	compareWithGit(t, r, standardOptions(t, r, false), true)
}

func TestXDGDefaultExcludesAgainstGit(t *testing.T) {
	r := gittest.New(t)
	xdg := DefaultExcludesFile(r.Environ())
	if xdg != filepath.Join(r.Home, ".config", "git", "ignore") {
		t.Fatalf("DefaultExcludesFile = %q", xdg)
	}
	r.Write("../home/.config/git/ignore", "*.swp\n.idea/\n")
	touch(r, "a.swp", "x/.b.swp", ".idea/ws.xml", "x/.idea", "readme")
	opts := standardOptions(t, r, false)
	if len(opts.ExcludesFile.Data) == 0 {
		t.Fatal("XDG ignore file not found")
	}
	compareWithGit(t, r, opts, true)
}

func TestIgnoreCaseAgainstGit(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "core.ignoreCase", "true")
	r.Write(".gitignore", "*.LOG\nBuild/\n/Top\nDoc/*.PDF\n[A]x\n[a]y\n[B-D]z\nMixed*Case\n!KEEP.log\n")
	r.Write("Sub/.gitignore", "Inner\n")
	touch(r, "a.log", "b.Log", "keep.log", "build/o", "BUILD/o", "top", "x/top", "doc/a.pdf", "DOC/b.Pdf",
		"Ax", "ax", "Ay", "ay", "cz", "Cz", "mixedXcase", "sub/inner", "Sub/INNER", "plain")
	compareWithGit(t, r, standardOptions(t, r, true), false)
}

func TestParse(t *testing.T) {
	l := Parse(File{Name: "f", Data: []byte("\xef\xbb\xbfa\r\n\n# c\nb\\ \\ \nc  \\\n!d/\ne\x00f\n \n!\n/\ntab\t\n")}, "base", false)
	var got []string
	for _, p := range l.Patterns {
		got = append(got, p.String()+"@"+itoa(p.Line))
	}
	want := []string{"a@1", `b\ \ @4`, `c  \@5`, "!d/@6", "e@7", "tab\t@11"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

func TestStackMisuse(t *testing.T) {
	s := NewStack(Options{})
	mustPanic(t, func() { s.Push("a", nil) })
	s.Push("", []byte("x\n"))
	mustPanic(t, func() { s.Push("a/b", nil) })
	mustPanic(t, func() { s.Match("a/b", false) })
	if !s.Match("x", false) || s.Match("y", false) {
		t.Fatal("wrong answer at the top")
	}
	s.Push("a", nil)
	if !s.Match("a/x", false) || s.Dir() != "a" {
		t.Fatal("wrong answer in a")
	}
	s.Pop()
	if s.Dir() != "" {
		t.Fatal("Pop did not return to the top")
	}
}

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	f()
}

func TestDefaultExcludesFile(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"HOME=/h"}, "/h/.config/git/ignore"},
		{[]string{"HOME=/h", "XDG_CONFIG_HOME="}, "/h/.config/git/ignore"},
		{[]string{"HOME=/h", "XDG_CONFIG_HOME=/x"}, "/x/git/ignore"},
		{[]string{"XDG_CONFIG_HOME=/x", "XDG_CONFIG_HOME=/y"}, "/y/git/ignore"},
		{nil, ""},
	} {
		if got := DefaultExcludesFile(tc.env); got != tc.want {
			t.Errorf("DefaultExcludesFile(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
}
