package diffview

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// cursorSample: two removals facing one addition, then a lone addition
// after a context line.
func cursorSample() *Doc {
	old := "a\nb\nc\nd\ne\n"
	new := "a\nB\nd\nnew\ne\n"
	return NewDoc(fileDiff("f.txt", old, new, 1), Highlight{}, DocOptions{})
}

func TestChanged(t *testing.T) {
	d := cursorSample()
	var got [][2]int
	for _, sbs := range []bool{false, true} {
		got = got[:0]
		for i := range d.Rows(sbs) {
			o, n := d.Changed(sbs, i)
			got = append(got, [2]int{o, n})
		}
		want := [][2]int{{0, 0}, {2, 0}, {3, 0}, {0, 2}, {0, 0}, {0, 4}, {0, 0}} // unified
		if sbs {
			want = [][2]int{{0, 0}, {2, 2}, {3, 0}, {0, 0}, {0, 4}, {0, 0}}
		}
		if !slices.Equal(got, want) {
			t.Errorf("side by side %v: %v, want %v", sbs, got, want)
		}
	}
}

// TestRenderCursor: the cursor's and the selection's glyphs sit in the
// gutter of their rows only (both sides of a side-by-side row, filler
// included), widths stay exact, and without a cursor Render is unchanged.
func TestRenderCursor(t *testing.T) {
	d := cursorSample()
	p := NewPainter(DefaultStyles(true), nil)
	for _, sbs := range []bool{false, true} {
		f := d.Frame(FrameOptions{Width: 60, SideBySide: sbs})
		plain := f.Render(p, 0, 20, 0)
		if !slices.Equal(plain, f.RenderCursor(p, 0, 20, 0, NoCursor)) {
			t.Error("RenderCursor without a cursor differs from Render")
		}
		// cursor on the row of removed c; selection from removed b.
		cur := 2
		rows := f.RenderCursor(p, 0, 20, 0, Cursor{Row: cur, From: 1, To: cur, Selecting: true})
		checkRows(t, "cursor", rows, 60)
		for i, r := range rows {
			s := ansi.Strip(r)
			nc, ns := strings.Count(s, CursorGlyph), strings.Count(s, SelectedGlyph)
			wantC, wantS := 0, 0
			switch {
			case i == cur && sbs:
				wantC = 2 // the removed line, and the filler facing it
			case i == cur:
				wantC = 1
			case i == 1 && sbs:
				wantS = 2
			case i == 1:
				wantS = 1
			}
			if nc != wantC || ns != wantS {
				t.Errorf("side by side %v row %d %q: %d cursor and %d selection glyphs, want %d and %d", sbs, i, s, nc, ns, wantC, wantS)
			}
			if i != 1 && i != cur && r != plain[i] {
				t.Errorf("side by side %v row %d changed", sbs, i)
			}
		}
	}
}
