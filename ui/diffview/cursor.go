package diffview

import (
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
)

// Cursor is the diff pane's line cursor and line selection while it
// stages, as rows of the Frame's view. They are drawn in the number
// gutter, so the diff's own colours (added, removed, changed words) stay
// readable under them.
type Cursor struct {
	Row int // the cursor's row; -1 for none
	// From and To are the selected rows, inclusive, in either order;
	// Selecting says there is a selection.
	From, To  int
	Selecting bool
	Blur      bool // the pane is not focused: the cursor is drawn quieter
}

// NoCursor draws no cursor and no selection.
var NoCursor = Cursor{Row: -1}

// Glyphs in the gutter cell after a line number, so the cursor and the
// selection show without colours too (NO_COLOR, a monochrome terminal).
const (
	CursorGlyph   = "▸"
	SelectedGlyph = "┃"
)

// CursorStyles colour the gutter of the cursor's row (focused or not)
// and of selected rows: a theme's selection styles.
type CursorStyles struct {
	Cursor, Blur, Selected lipgloss.Style
}

// DefaultCursorStyles draw the cursor reversed and the selection
// underlined: visible on any terminal, whatever its colours.
func DefaultCursorStyles() CursorStyles {
	base := lipgloss.NewStyle()
	return CursorStyles{Cursor: base.Reverse(true), Blur: base.Underline(true), Selected: base.Underline(true)}
}

// SetCursor gives the line cursor and the selection their looks.
func (p *Painter) SetCursor(cs CursorStyles) {
	p.cursor = [gutterSelected + 1]pen{gutterPlain: p.number,
		gutterCursor: penOf(cs.Cursor), gutterBlur: penOf(cs.Blur), gutterSelected: penOf(cs.Selected)}
}

// gutterState is how a row's number gutter is drawn.
type gutterState uint8

const (
	gutterPlain gutterState = iota
	gutterCursor
	gutterBlur // the cursor of a pane without focus
	gutterSelected
)

// state is how row i's gutter is drawn: only line rows carry the cursor
// or belong to a selection.
func (c Cursor) state(r *Row, i int) gutterState {
	if r.Kind != RowLine {
		return gutterPlain
	}
	switch {
	case i == c.Row && c.Blur:
		return gutterBlur
	case i == c.Row:
		return gutterCursor
	case c.Selecting && i >= min(c.From, c.To) && i <= max(c.From, c.To):
		return gutterSelected
	}
	return gutterPlain
}

// gutterPen is the pen of a gutter state (the number's until SetCursor).
func (p *Painter) gutterPen(s gutterState) pen {
	if s == gutterPlain || p.cursor[s] == (pen{}) {
		return p.number
	}
	return p.cursor[s]
}

// glyph is what the cell after a line number shows for a gutter state on
// screen row sub of its row ("" for the usual cell: a mark or a space).
func (s gutterState) glyph(sub int) string {
	switch s {
	case gutterCursor, gutterBlur:
		if sub == 0 {
			return CursorGlyph
		}
		return " "
	case gutterSelected:
		return SelectedGlyph
	}
	return ""
}

// numberCell draws a number and the cell after it: the gutter mark, or
// the cursor's or selection's glyph in its pen.
func (p *Painter) numberCell(b *strings.Builder, num string, mark MarkLevel, s gutterState, sub int) {
	if g := s.glyph(sub); g != "" {
		p.gutterPen(s).text(b, num+g)
		return
	}
	if mark == MarkNone || sub > 0 {
		p.number.text(b, num+" ")
		return
	}
	p.number.text(b, num)
	p.gutterMark(b, mark)
}

// Changed returns the changed lines row i of a view shows: the number of
// its removed line and of its added line, 0 for none. A side-by-side row
// may show one of each; context, separators and notices show none.
func (d *Doc) Changed(sideBySide bool, i int) (removed, added int) {
	rows := d.Rows(sideBySide)
	if i < 0 || i >= len(rows) || rows[i].Kind != RowLine {
		return 0, 0
	}
	o, n := d.sides(sideBySide, rows[i])
	if o != nil && o.kind == gitops.LineRemoved {
		removed = o.old
	}
	if n != nil && n.kind == gitops.LineAdded {
		added = n.new
	}
	return removed, added
}
