package attr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var namedAttrs = []string{"text", "binary", "diff", "mybin", "a", "b", "c", "d", "e", "quoted", "export-ignore", "nope"}

func TestNestedAgainstGit(t *testing.T) {
	r := newRepo(t)
	r.Write(".gitattributes", "\xef\xbb\xbf[attr]mybin -diff -merge -text whitespace=none\n"+
		"[attr]nested-macro mybin eol=lf\n"+
		"[attr]cycle1 cycle2\n[attr]cycle2 cycle1 -text\n"+
		"*.txt text\n"+
		"*.bin binary\n"+
		"*.dat mybin\n"+
		"*.jpg -text diff=exif\n"+
		"*.c text eol=crlf diff=cpp\n"+
		"*.sh\ttext  eol=lf\r\n"+
		"docs/** linguist-documentation\n"+
		"/top-only.md text=auto\n"+
		"build/ export-ignore\n"+
		"\"quoted name.txt\" quoted\n"+
		"\"tab\\tname\" quoted=tab\n"+
		"*.macro nested-macro\n"+
		"*.over binary text\n"+
		"*.over2 text binary\n"+
		"!*.neg foo\n"+
		"*.neg bar\n"+
		"\\!bang banged\n"+
		"*.cr crlf=input\n"+
		"*.ws whitespace=trailing-space,space-before-tab\n"+
		"*.x a=1 -b !c d= e\n"+
		"*.x a=2 a=x=y\n"+
		"*.inv bad@name good\n"+
		"   # indented comment\n"+
		"*.filt filter=lfs diff=lfs merge=lfs -text\n"+
		"*.cyc cycle1\n"+
		"*.unbin -binary\n"+
		"[attr] spaced\n")
	r.Write("sub/.gitattributes", "[attr]notallowed -text\n*.txt -text\n*.bin !diff\nlocal.c -diff\n*.x a=3\ndocs/ sub-docs-dir\ndeep/*.md deep-md\n*.nm notallowed\n")
	r.Write("sub/deeper/.gitattributes", "*.c diff=deeper\n/anchored.txt anchored\n")
	for _, p := range []string{"a.txt", "a.bin", "a.dat", "a.jpg", "a.c", "a.sh", "docs/x/y.md", "top-only.md",
		"x/top-only.md", "build/out", "x/build/out", "quoted name.txt", "tab\tname", "a.macro", "a.over",
		"a.over2", "a.neg", "!bang", "a.cr", "a.ws", "a.x", "a.inv", "a.filt", "a.cyc", "a.unbin",
		"sub/a.txt", "sub/a.bin", "sub/local.c", "sub/x/local.c", "sub/a.x", "sub/docs/f", "sub/deep/a.md",
		"sub/a.nm", "sub/deeper/a.c", "sub/deeper/anchored.txt", "sub/deeper/x/anchored.txt", "plain", "[attr]"} {
		r.Write(p, "")
	}
	compareWithGit(t, r, standardOptions(t, r, false), namedAttrs)
}

func TestGlobalAndInfoAgainstGit(t *testing.T) {
	r := newRepo(t)
	global := filepath.Join(r.Home, "attrs")
	if err := os.WriteFile(global, []byte("*.txt eol=crlf text\n*.glob globbed\n[attr]binary -diff\n[attr]mybin -merge\n*.both from-global\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "--global", "core.attributesFile", global)
	r.Write(".git/info/attributes", "*.c -diff\n[attr]mybin -diff\n*.both from-info=1\nsub/*.txt -text\n")
	r.Write(".gitattributes", "[attr]mybin -text\n*.c diff=cpp text\n*.dat mybin\n*.bin binary\n*.both from-root\n*.txt !eol\n")
	r.Write("sub/.gitattributes", "*.both from-sub\n*.c diff=sub\n")
	for _, p := range []string{"a.txt", "a.glob", "a.bin", "a.dat", "a.c", "a.both", "sub/a.txt", "sub/a.c", "sub/a.both", "sub/a.bin"} {
		r.Write(p, "")
	}
	compareWithGit(t, r, standardOptions(t, r, false), append(namedAttrs, "from-global", "from-info", "from-root", "from-sub"))
}

func TestXDGDefaultAgainstGit(t *testing.T) {
	r := newRepo(t)
	if got := DefaultAttributesFile(r.Environ()); got != filepath.Join(r.Home, ".config", "git", "attributes") {
		t.Fatalf("DefaultAttributesFile = %q", got)
	}
	r.Write("../home/.config/git/attributes", "*.md text eol=lf\n")
	r.Write("a.md", "").Write("b.txt", "")
	opts := standardOptions(t, r, false)
	if len(opts.Global.Data) == 0 {
		t.Fatal("XDG attributes file not found")
	}
	compareWithGit(t, r, opts, namedAttrs)
}

func TestIgnoreCaseAgainstGit(t *testing.T) {
	r := newRepo(t)
	r.Git("config", "core.ignoreCase", "true")
	r.Write(".gitattributes", "*.TXT text\nDocs/** doc\n/Top a=1\n[A]x b\n")
	r.Write("Sub/.gitattributes", "*.C c\n")
	for _, p := range []string{"a.txt", "b.TxT", "docs/x", "DOCS/y", "top", "TOP", "Ax", "ax", "sub/a.c", "Sub/b.C"} {
		r.Write(p, "")
	}
	compareWithGit(t, r, standardOptions(t, r, true), append(namedAttrs, "doc"))
}

// TestLineLengthLimit checks the boundary: a line of MaxLineLength bytes is
// ignored, one byte shorter is read.
func TestLineLengthLimit(t *testing.T) {
	r := newRepo(t)
	line := func(n int, attr string) string {
		return "*.l" + strings.Repeat(" ", n-len("*.l")-len(attr)) + attr + "\n"
	}
	r.Write(".gitattributes", line(MaxLineLength, "ok")+line(MaxLineLength-1, "ok2")+"*.l x\n")
	r.Write("a.l", "")
	compareWithGit(t, r, standardOptions(t, r, false), []string{"ok", "ok2", "x"})
	s := NewStack(Options{})
	s.Push("", []byte(line(MaxLineLength, "ok")+line(MaxLineLength-1, "ok2")))
	if v := s.Attrs("a.l", "ok", "ok2"); v[0].State != Unspecified || v[1].State != Set {
		t.Errorf("got %v", v)
	}
}

func TestCommonHelpers(t *testing.T) {
	s := NewStack(Options{})
	s.Push("", []byte("*.bin binary\n*.c diff=cpp text=auto eol=crlf merge=union filter=lfs\n*.old crlf=input\n*.t text\n"))
	if c := s.Common("x.bin"); !c.Binary() || c.TextMode() != TextOff || c.DiffDriver() != "" {
		t.Errorf("x.bin: %+v", c)
	}
	c := s.Common("x.c")
	if c.Binary() || c.DiffDriver() != "cpp" || c.TextMode() != TextAuto || c.EOLMode() != "crlf" ||
		c.MergeDriver() != "union" || c.FilterDriver() != "lfs" {
		t.Errorf("x.c: %+v", c)
	}
	if c := s.Common("x.old"); c.TextMode() != TextInput {
		t.Errorf("x.old: %+v", c)
	}
	if c := s.Common("x.t"); c.TextMode() != TextOn || c.EOLMode() != "" {
		t.Errorf("x.t: %+v", c)
	}
	if c := s.Common("x.none"); c != (Common{}) || c.TextMode() != TextUnspecified {
		t.Errorf("x.none: %+v", c)
	}
	if n := testing.AllocsPerRun(100, func() { s.Common("x.c") }); n != 0 {
		t.Errorf("Common allocates %v times", n)
	}
}
