package diffview

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/gitops/textdiff"
	"reef/ui/syntax"
)

// testSyntax is a syntax colour table for tests (the themes make the
// real one).
func testSyntax() map[string]lipgloss.Style {
	c := lipgloss.Color
	s := lipgloss.NewStyle()
	return map[string]lipgloss.Style{
		"keyword": s.Foreground(c("#d787ff")), "string": s.Foreground(c("#afd787")),
		"comment": s.Foreground(c("#808080")).Italic(true), "number": s.Foreground(c("#ffaf5f")),
		"name": s.Foreground(c("#87d7ff")), "function": s.Foreground(c("#ffd787")), "type": s.Foreground(c("#5fd7d7")),
	}
}

// fileDiff diffs two texts as a modified file at path.
func fileDiff(path, old, new string, context int) gitops.FileDiff {
	hunks := textdiff.Diff([]byte(old), []byte(new), textdiff.Options{IntraLine: true, Context: context})
	a, d := textdiff.Stat(hunks)
	return gitops.FileDiff{
		FileChange: gitops.FileChange{Status: 'M', OldPath: path, NewPath: path, OldMode: 0o100644, NewMode: 0o100644,
			OldID: gitops.Hash{1}, NewID: gitops.Hash{2}},
		Hunks: hunks, Added: a, Deleted: d,
	}
}

// wideSample has CJK, emoji, a zero-width joiner sequence, combining
// marks, tabs and a hostile escape sequence.
func wideSample() gitops.FileDiff {
	old := "a\n\tb = 1\nname = \"東京\"\nx\ny\nz\n"
	new := "a\n\tb = 2\nname = \"東京タワー👩‍💻\"\ncafe\u0301 = \"\x1b]0;owned\x07\x1b[2J\"\nx\ny\nz\n"
	return fileDiff("main.tf", old, new, 0)
}

// sgrOnly matches escape sequences that only set colours and attributes.
var sgrOnly = regexp.MustCompile("\x1b\\[[0-9;:]*m")

func checkRows(t *testing.T, what string, rows []string, width int) {
	t.Helper()
	for i, r := range rows {
		if w := ansi.StringWidth(r); w != width {
			t.Errorf("%s row %d: %d cells, want %d: %q", what, i, w, width, ansi.Strip(r))
		}
		rest := sgrOnly.ReplaceAllString(r, "")
		if strings.ContainsAny(rest, "\x1b\x07\t\r\n") {
			t.Errorf("%s row %d: unsafe bytes left: %q", what, i, rest)
		}
	}
}

func TestFrameWidthsAndSafety(t *testing.T) {
	fd := wideSample()
	hl := Highlight{New: syntax.File(context.Background(), "main.tf", []byte("a\n\tb = 2\nname = \"x\"\n"))}
	doc := NewDoc(fd, hl, DocOptions{TabWidth: 4})
	p := NewPainter(DefaultStyles(true), testSyntax())
	for _, w := range []int{30, 80, 121, 200} {
		for _, sbs := range []bool{false, true} {
			for _, wrap := range []bool{false, true} {
				f := doc.Frame(FrameOptions{Width: w, SideBySide: sbs, Wrap: wrap})
				for left := 0; left <= f.MaxLeft(); left += 3 {
					rows := f.Render(p, 0, f.Len(), left)
					if len(rows) != f.Len() {
						t.Fatalf("%d rows, frame has %d", len(rows), f.Len())
					}
					checkRows(t, "frame", rows, w)
				}
			}
		}
	}
	all := strings.Join(doc.Frame(FrameOptions{Width: 200}).Render(p, 0, 100, 0), "\n")
	if plain := ansi.Strip(all); !strings.Contains(plain, "␛]0;owned␇␛[2J") || !strings.Contains(plain, "東京タワー👩‍💻") {
		t.Errorf("text not shown as expected:\n%s", plain)
	}
}

// TestWrapKeepsText: the wrapped rows of a line hold its whole text, in
// order, none wider than the column, whatever the width.
func TestWrapKeepsText(t *testing.T) {
	long := "東京 " + strings.Repeat("abc東", 20) + " 👩‍💻 e\u0301nd\x1b[2J"
	tx := prepare(long, nil, nil, 8)
	for _, w := range []int{1, 2, 3, 11, 12, 40, 500} {
		br := tx.breaks(w)
		if len(br) != tx.rowsAt(w) {
			t.Errorf("width %d: %d breaks, rowsAt %d", w, len(br), tx.rowsAt(w))
		}
		var got strings.Builder
		for k, from := range br {
			to := tx.width
			if k+1 < len(br) {
				to = br[k+1]
			}
			var b strings.Builder
			n := cells(&b, tx.s, tx.ascii, 0, from, to)
			if n > max(w, 2) || ansi.StringWidth(b.String()) != n {
				t.Errorf("width %d row %d: %d cells %q", w, k, n, b.String())
			}
			got.WriteString(b.String())
		}
		if got.String() != tx.s {
			t.Errorf("width %d: rows join to %q, want %q", w, got.String(), tx.s)
		}
	}
	ascii := prepare("abcdefghij", nil, nil, 8)
	if got := ascii.breaks(4); len(got) != 3 || got[2] != 8 || ascii.rowsAt(4) != 3 || ascii.rowsAt(10) != 1 {
		t.Errorf("ascii breaks %v", got)
	}
}

func TestHorizontalScrollKeepsGutters(t *testing.T) {
	line := "0123456789abcdefghijklmnopqrstuvwxyz"
	doc := NewDoc(fileDiff("x.txt", "", line+"\n", 3), Highlight{}, DocOptions{})
	p := NewPainter(PlainStyles(), nil)
	f := doc.Frame(FrameOptions{Width: 20})
	if f.MaxLeft() != len(line)-(20-5-1) {
		t.Fatalf("MaxLeft %d", f.MaxLeft())
	}
	rows := f.Render(p, 0, 5, 10)
	want := "  1 │+abcdefghijklmn"
	if got := rows[len(rows)-1]; got != want {
		t.Errorf("scrolled by 10:\n%q\nwant\n%q", got, want)
	}
	// a wide character cut by the left edge becomes a space
	doc = NewDoc(fileDiff("x.txt", "", "a東京b\n", 3), Highlight{}, DocOptions{})
	f = doc.Frame(FrameOptions{Width: 10})
	rows = f.Render(p, 0, 5, 2)
	if got := rows[len(rows)-1]; got != "  1 │+ 京b" || ansi.StringWidth(got) != 10 {
		t.Errorf("cut wide char: %q", got)
	}
}

func TestSeparatorsAndHunkRows(t *testing.T) {
	var old, new strings.Builder
	for i := 1; i <= 100; i++ {
		old.WriteString("line " + itoa(i) + "\n")
		if i == 20 || i == 60 {
			new.WriteString("changed " + itoa(i) + "\n")
		} else {
			new.WriteString("line " + itoa(i) + "\n")
		}
	}
	doc := NewDoc(fileDiff("x.txt", old.String(), new.String(), 3), Highlight{}, DocOptions{})
	if doc.Hunks() != 2 || doc.Gaps() != 2 {
		t.Fatalf("hunks %d gaps %d", doc.Hunks(), doc.Gaps())
	}
	for _, sbs := range []bool{false, true} {
		rows := doc.Rows(sbs)
		var seps []Row
		for _, r := range rows {
			if r.Separator() {
				seps = append(seps, r)
			}
		}
		// lines 1-16 before the first hunk, 24-56 between them
		if len(seps) != 2 || seps[0].Hidden != 16 || seps[1].Hidden != 33 {
			t.Errorf("sbs=%v separators %+v", sbs, seps)
		}
		for h := range 2 {
			r := rows[doc.HunkRow(sbs, h)]
			if r.Hunk != h || !r.Separator() {
				t.Errorf("sbs=%v hunk %d starts at %+v", sbs, h, r)
			}
		}
		if got := doc.RowNear(sbs, 0, 58); rows[got].New != 58 {
			t.Errorf("RowNear 58: %+v", rows[got])
		}
	}
	f := doc.Frame(FrameOptions{Width: 60})
	out := ansi.Strip(strings.Join(f.Render(NewPainter(PlainStyles(), nil), 0, f.Len(), 0), "\n"))
	if !strings.Contains(out, "⋯ 16 unchanged lines") || !strings.Contains(out, "⋯ 33 unchanged lines  line 56") {
		t.Errorf("separators:\n%s", out)
	}
}

func TestPairing(t *testing.T) {
	doc := NewDoc(fileDiff("x.txt", "a\nb\nc\nd\n", "a\nB\nC\nX\nY\nd\n", 3), Highlight{}, DocOptions{})
	var got []string
	for _, r := range doc.Rows(true) {
		got = append(got, itoa(r.Old)+":"+itoa(r.New))
	}
	// "b","c" pair with "B","C"; "X","Y" face nothing on the left
	if strings.Join(got, " ") != "1:1 2:2 3:3 :4 :5 4:6" {
		t.Errorf("pairs %v", got)
	}
}

// TestSyntaxUnderDiffColours: code keeps its class colour on every line,
// and added, removed and emphasised backgrounds stay.
func TestSyntaxUnderDiffColours(t *testing.T) {
	old := "resource \"a\" \"b\" {\n  count = 1\n}\n"
	new := "resource \"a\" \"b\" {\n  count = 2\n}\n"
	fd := fileDiff("main.tf", old, new, 3)
	hl := Highlight{Old: syntax.File(context.Background(), "main.tf", []byte(old)), New: syntax.File(context.Background(), "main.tf", []byte(new))}
	st := DefaultStyles(true)
	syn := testSyntax()
	doc := NewDoc(fd, hl, DocOptions{})
	out := strings.Join(doc.Frame(FrameOptions{Width: 120, SideBySide: true}).Render(NewPainter(st, syn), 0, 10, 0), "\n")
	for what, style := range map[string]lipgloss.Style{
		"keyword on context":       syn["keyword"],
		"number emphasised, added": st.AddedEmph.Inherit(syn["number"]),
		"number emphasised, gone":  st.RemovedEmph.Inherit(syn["number"]),
		"type on an added line":    st.Added.Inherit(syn["type"]),
	} {
		if on := penOf(style).on; on == "" || !strings.Contains(out, on) {
			t.Errorf("%s: %q not drawn", what, on)
		}
	}
	if penOf(st.AddedEmph.Inherit(syn["number"])).on == penOf(syn["number"]).on {
		t.Error("emphasis lost its background under the syntax colour")
	}
}

func TestNoticesInDoc(t *testing.T) {
	p := NewPainter(PlainStyles(), nil)
	for _, c := range []struct {
		fd   gitops.FileDiff
		o    DocOptions
		want []string
	}{
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: "a.png", NewPath: "a.png", OldMode: 0o100644, NewMode: 0o100644, OldID: gitops.Hash{1}, NewID: gitops.Hash{2}},
			Binary: true, OldSize: 2048, NewSize: 3000}, DocOptions{}, []string{"binary file: 2.0 KiB → 2.9 KiB"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: "big.json", NewPath: "big.json", OldMode: 0o100644, NewMode: 0o100644, OldID: gitops.Hash{1}, NewID: gitops.Hash{2}},
			Truncated: true, OldSize: 3 << 20, NewSize: 5 << 20}, DocOptions{MaxBytes: 1 << 20}, []string{"not shown: larger than 1.0 MiB (3.0 MiB → 5.0 MiB)"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'R', OldPath: "old.tf", NewPath: "new.tf", OldMode: 0o100644, NewMode: 0o100644, Similarity: 100, OldID: gitops.Hash{1}, NewID: gitops.Hash{1}}},
			DocOptions{}, []string{"renamed: old.tf → new.tf (100% similar)", "content unchanged"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'R', OldPath: "東京/a\x1b]0;x\x07.tf", NewPath: "東京/b.tf", OldMode: 0o100644, NewMode: 0o100644, Similarity: 90, OldID: gitops.Hash{1}, NewID: gitops.Hash{2}}},
			DocOptions{}, []string{"renamed: 東京/a␛]0;x␇.tf → 東京/b.tf (90% similar)"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: "run.sh", NewPath: "run.sh", OldMode: 0o100644, NewMode: 0o100755, OldID: gitops.Hash{1}, NewID: gitops.Hash{1}}, ModeOnly: true},
			DocOptions{}, []string{"mode 100644 → 100755", "content unchanged: only the mode changed"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: "vendor/lib", NewPath: "vendor/lib", OldMode: 0o160000, NewMode: 0o160000, OldID: gitops.Hash{0xaa}, NewID: gitops.Hash{0xbb}}, Submodule: true},
			DocOptions{}, []string{"submodule: commit aa00000 → bb00000"}},
		{gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: "a.tf", NewPath: "a.tf", OldMode: 0o100644, NewMode: 0o100644, OldID: gitops.Hash{1}, NewID: gitops.Hash{2}}},
			DocOptions{IgnoreWhitespace: true}, []string{"only whitespace changed (hidden: w shows it)"}},
	} {
		doc := NewDoc(c.fd, Highlight{}, c.o)
		f := doc.Frame(FrameOptions{Width: 70})
		rows := f.Render(p, 0, 10, 0)
		checkRows(t, "notice", rows, 70)
		out := strings.Join(rows, "\n")
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: %q missing:\n%s", c.fd.NewPath, w, out)
			}
		}
	}
	// A long notice wraps and every row keeps the width.
	long := gitops.FileDiff{FileChange: gitops.FileChange{Status: 'R', OldPath: strings.Repeat("d/", 30) + "a.tf",
		NewPath: strings.Repeat("e/", 30) + "a.tf", OldMode: 0o100644, NewMode: 0o100644, Similarity: 90}}
	f := NewDoc(long, Highlight{}, DocOptions{}).Frame(FrameOptions{Width: 50})
	if f.Len() < 3 {
		t.Errorf("long rename notice in %d rows", f.Len())
	}
	checkRows(t, "long notice", f.Render(p, 0, f.Len(), 0), 50)
}
