package diffview

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// marked is a diff of ten lines where line 5 changes and line 10 loses
// its newline, with marks on new 5 (danger and info: danger shows), old 5
// (warning), new 10 and old 1 (not in any hunk).
func marked(t *testing.T) *Doc {
	t.Helper()
	old := "l1\nl2\nl3\nl4\nold five\nl6\nl7\nl8\nl9\nl10\n"
	new := "l1\nl2\nl3\nl4\nnew five is a much longer line than the old one was\nl6\nl7\nl8\nl9\nl10"
	marks := []Mark{
		{Line: 5, Level: MarkInfo, ID: 1},
		{Line: 5, Level: MarkDanger, ID: 0},
		{Old: true, Line: 5, Level: MarkWarning, ID: 2},
		{Line: 10, Level: MarkInfo, ID: 3},
		{Old: true, Line: 1, Level: MarkDanger, ID: 4},
	}
	return NewDoc(fileDiff("main.tf", old, new, 1), Highlight{}, DocOptions{Marks: marks})
}

func TestMarksInBothViews(t *testing.T) {
	d := marked(t)
	ms := DefaultMarkStyles(true)
	p := NewPainter(DefaultStyles(true), nil)
	p.SetMarks(ms)
	danger, warning, info := ms.Danger.Render(MarkGlyph), ms.Warning.Render(MarkGlyph), ms.Info.Render(MarkGlyph)
	for _, sbs := range []bool{false, true} {
		for _, wrap := range []bool{false, true} {
			f := d.Frame(FrameOptions{Width: 60, SideBySide: sbs, Wrap: wrap})
			rows := f.Render(p, 0, f.Len(), 0)
			checkRows(t, "marked", rows, 60)
			all := strings.Join(rows, "\n")
			if strings.Count(all, danger) != 1 || strings.Count(all, warning) != 1 || strings.Count(all, info) != 1 {
				t.Errorf("sbs %v wrap %v: marks danger %d warning %d info %d, want 1 each:\n%s", sbs, wrap,
					strings.Count(all, danger), strings.Count(all, warning), strings.Count(all, info), ansi.Strip(all))
			}
			plain := ansi.Strip(all)
			for _, want := range []string{"5" + MarkGlyph + "-", "5" + MarkGlyph + "+", "10" + MarkGlyph} {
				if sbs && want[0] == '5' {
					want = " " + want
				}
				if !sbs {
					want = map[string]string{
						"5" + MarkGlyph + "-": " 5" + MarkGlyph + "   │-",
						"5" + MarkGlyph + "+": "    5" + MarkGlyph + "│+",
						"10" + MarkGlyph:      "   10" + MarkGlyph + "│",
					}[want]
				}
				if !strings.Contains(plain, want) {
					t.Errorf("sbs %v wrap %v: %q missing:\n%s", sbs, wrap, want, plain)
				}
			}
		}
	}
}

func TestMarkLookups(t *testing.T) {
	d := marked(t)
	if !d.HasMarks() || len(d.Marks()) != 5 {
		t.Fatalf("marks %v", d.Marks())
	}
	for _, sbs := range []bool{false, true} {
		rows := d.MarkedRows(sbs)
		want := 3 // old 5, new 5, new 10 (unified)
		if sbs {
			want = 2 // old 5 and new 5 share a row
		}
		if len(rows) != want {
			t.Errorf("sbs %v: marked rows %v", sbs, rows)
		}
		r, ok := d.RowOf(sbs, false, 5)
		if !ok {
			t.Fatalf("sbs %v: new line 5 has no row", sbs)
		}
		ids := map[int]bool{}
		for _, mk := range d.MarksAt(sbs, r) {
			ids[mk.ID] = true
		}
		if !ids[0] || !ids[1] || ids[2] != sbs {
			t.Errorf("sbs %v: marks at new 5: %v", sbs, ids)
		}
		if _, ok := d.RowOf(sbs, true, 1); ok {
			t.Errorf("sbs %v: old line 1 is not in the diff", sbs)
		}
	}
	if got := d.ContextFor(true, 1); got != 3 {
		t.Errorf("context for old line 1: %d, want 3", got)
	}
	if got := d.ContextFor(false, 5); got != 0 {
		t.Errorf("context for new line 5: %d", got)
	}
}
