package diffview

import (
	"strconv"
	"strings"

	"reef/gitops"
)

// FrameOptions fit a Doc to the pane.
type FrameOptions struct {
	Width      int  // columns
	SideBySide bool // old on the left, new on the right
	// Wrap soft-wraps long lines within their column; otherwise they are
	// cut, and Render's left offset scrolls them.
	Wrap bool
}

// Frame is a Doc fitted to a width and view: it maps screen rows to the
// Doc's rows. Making one is a pass over row counts (none at all for
// unwrapped views without long notices), so resizing and toggling are
// cheap, and Render draws only the rows asked for.
type Frame struct {
	doc  *Doc
	o    FrameOptions
	rows []Row
	// start[i] is the first screen row of rows[i] (one more entry than
	// rows); nil when every row takes one screen row.
	start []int
	// Column layout: text widths of the unified line, or of each side.
	text, leftW, rightW, leftText, rightText int
}

// Frame fits the Doc to a width and view.
func (d *Doc) Frame(o FrameOptions) Frame {
	o.Width = max(o.Width, 1)
	f := Frame{doc: d, o: o, rows: d.Rows(o.SideBySide)}
	if o.SideBySide {
		f.leftW = (o.Width - 1) / 2
		f.rightW = o.Width - 1 - f.leftW
		f.leftText = max(f.leftW-d.numW-2, 1)
		f.rightText = max(f.rightW-d.numW-2, 1)
	} else {
		f.text = max(o.Width-f.unifiedGutter()-1, 1)
	}
	multi := false
	for i := range f.rows {
		if f.height(i) != 1 {
			multi = true
			break
		}
	}
	if multi {
		f.start = make([]int, len(f.rows)+1)
		for i := range f.rows {
			f.start[i+1] = f.start[i] + f.height(i)
		}
	}
	return f
}

// unifiedGutter is the width of "old new │".
func (f *Frame) unifiedGutter() int { return 2*f.doc.numW + 3 }

// height is the number of screen rows row i takes.
func (f *Frame) height(i int) int {
	r := &f.rows[i]
	switch r.Kind {
	case RowNotice:
		t := prepare(f.doc.notices[r.note].text, nil, nil, 8)
		return t.rowsAt(f.o.Width)
	case RowLine:
		if !f.o.Wrap {
			return 1
		}
		if !f.o.SideBySide {
			return f.doc.lines[r.left].text.rowsAt(f.text)
		}
		n := 1
		if r.left >= 0 {
			n = max(n, f.doc.lines[r.left].text.rowsAt(f.leftText))
		}
		if r.right >= 0 {
			n = max(n, f.doc.lines[r.right].text.rowsAt(f.rightText))
		}
		return n
	}
	return 1
}

// Options are the options the Frame was made with.
func (f Frame) Options() FrameOptions { return f.o }

// Doc is the Doc the Frame fits.
func (f Frame) Doc() *Doc { return f.doc }

// Len is the number of screen rows.
func (f Frame) Len() int {
	if f.start == nil {
		return len(f.rows)
	}
	return f.start[len(f.rows)]
}

// Screen is the first screen row of Doc row i.
func (f Frame) Screen(i int) int {
	if i <= 0 || len(f.rows) == 0 {
		return 0
	}
	i = min(i, len(f.rows))
	if f.start == nil {
		return i
	}
	return f.start[i]
}

// At returns the Doc row shown on screen row y, its index, and which of
// its screen rows y is (0 but for wrapped rows).
func (f Frame) At(y int) (Row, int, int) {
	if len(f.rows) == 0 {
		return Row{Kind: RowNotice, Hunk: -1}, -1, 0
	}
	y = min(max(y, 0), f.Len()-1)
	if f.start == nil {
		return f.rows[y], y, 0
	}
	lo, hi := 0, len(f.rows)-1
	for lo < hi { // last i with start[i] <= y
		mid := (lo + hi + 1) / 2
		if f.start[mid] <= y {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return f.rows[lo], lo, y - f.start[lo]
}

// MaxLeft is the furthest the view scrolls right: the widest line less
// the text column's width (0 when wrapping or when every line fits).
func (f Frame) MaxLeft() int {
	if f.o.Wrap {
		return 0
	}
	w := f.text
	if f.o.SideBySide {
		w = min(f.leftText, f.rightText)
	}
	return max(f.doc.widest-w, 0)
}

// Render draws screen rows [top, top+height) (fewer at the end), each
// exactly Width cells wide, with lines scrolled left by left cells.
func (f Frame) Render(p *Painter, top, height, left int) []string {
	return f.RenderCursor(p, top, height, left, NoCursor)
}

// RenderCursor is Render with a line cursor and a selection drawn in the
// number gutter.
func (f Frame) RenderCursor(p *Painter, top, height, left int, c Cursor) []string {
	left = min(max(left, 0), f.MaxLeft())
	end := min(top+height, f.Len())
	out := make([]string, 0, max(end-top, 0))
	var b strings.Builder
	for y := max(top, 0); y < end; y++ {
		r, i, sub := f.At(y)
		gs := c.state(&r, i)
		b.Reset()
		switch r.Kind {
		case RowNotice:
			n := f.doc.notices[r.note]
			pn := p.note
			if n.meta {
				pn = p.meta
			}
			f.full(&b, pn, n.text, sub)
		case RowSeparator:
			f.full(&b, p.separator, r.separatorText(), 0)
		case RowNoEOL:
			f.noEOL(&b, p, r)
		case RowLine:
			if f.o.SideBySide {
				f.cell(&b, p, r.left, true, gs, sub, left, f.leftW, f.leftText)
				p.sep.text(&b, "│")
				f.cell(&b, p, r.right, false, gs, sub, left, f.rightW, f.rightText)
			} else {
				f.unified(&b, p, r, gs, sub, left)
			}
		}
		out = append(out, b.String())
	}
	return out
}

// full draws screen row sub of a whole-width text wrapped to the width.
func (f *Frame) full(b *strings.Builder, pn pen, s string, sub int) {
	t := prepare(s, nil, nil, 8)
	br := t.breaks(f.o.Width)
	from := br[min(sub, len(br)-1)]
	t.plain(b, pn, from, from+f.o.Width)
}

// cell draws one side of a side-by-side row: number, gutter mark,
// marker and the text's visible cells, or filler when the side has no
// line (under the cursor or a selection its gutter still shows it, since
// the row stands for both sides).
func (f *Frame) cell(b *strings.Builder, p *Painter, li int32, old bool, gs gutterState, sub, left, w, tw int) {
	if li < 0 {
		if g := gs.glyph(sub); g != "" && w > f.doc.numW+1 {
			p.gutterPen(gs).text(b, strings.Repeat(" ", f.doc.numW)+g)
			w -= f.doc.numW + 1
		}
		p.filler.text(b, strings.Repeat(" ", w))
		return
	}
	l := &f.doc.lines[li]
	num, mark := l.new, l.newMark
	if old {
		num, mark = l.old, l.oldMark
	}
	p.numberCell(b, pad(num, f.doc.numW, sub == 0), mark, gs, sub)
	f.gutterAndText(b, p, l, sub, left, tw, "")
}

// unified draws a unified line row: both numbers (each followed by its
// gutter mark, if any), a rule, the marker and the text. The cursor and
// the selection take the gutter: both numbers in their pen, their glyph
// after the new number.
func (f *Frame) unified(b *strings.Builder, p *Painter, r Row, gs gutterState, sub, left int) {
	l := &f.doc.lines[r.left]
	o := pad(l.old, f.doc.numW, sub == 0 && l.kind != gitops.LineAdded)
	n := pad(l.new, f.doc.numW, sub == 0 && l.kind != gitops.LineRemoved)
	switch {
	case gs != gutterPlain:
		p.gutterPen(gs).text(b, o+" ")
		p.numberCell(b, n, MarkNone, gs, sub)
	case sub > 0 || l.oldMark == MarkNone && l.newMark == MarkNone:
		p.number.text(b, o+" "+n+" ")
	default:
		p.number.text(b, o)
		p.gutterMark(b, l.oldMark)
		p.number.text(b, n)
		p.gutterMark(b, l.newMark)
	}
	p.sep.text(b, "│")
	f.gutterAndText(b, p, l, sub, left, f.text, "")
}

// gutterAndText draws a line's number gutter (when given), its marker and
// the cells of its text for screen row sub, padded to tw.
func (f *Frame) gutterAndText(b *strings.Builder, p *Painter, l *docLine, sub, left, tw int, gutter string) {
	if gutter != "" {
		p.number.text(b, gutter)
	}
	base := p.base(l.kind)
	marker := string(l.kind)
	if sub > 0 {
		marker = " "
	}
	base.text(b, marker)
	from, to := left, left+tw
	if f.o.Wrap {
		br := l.text.breaks(tw)
		from, to = l.text.width, l.text.width
		if sub < len(br) {
			from = br[sub]
			if sub+1 < len(br) {
				to = br[sub+1]
			}
		}
		to = min(to, from+tw)
	}
	n := l.text.draw(b, &p.lines[kindIndex(l.kind)], from, to)
	if n < tw {
		base.text(b, strings.Repeat(" ", tw-n))
	}
}

// noEOL draws the "no newline at end of file" row.
func (f *Frame) noEOL(b *strings.Builder, p *Painter, r Row) {
	t := prepare(noEOLNote, nil, nil, 8)
	note := func(on bool, w int) {
		if !on {
			b.WriteString(strings.Repeat(" ", w))
			return
		}
		t.plain(b, p.note, 0, w)
	}
	if f.o.SideBySide {
		note(r.left >= 0, f.leftW)
		p.sep.text(b, "│")
		note(r.right >= 0, f.rightW)
		return
	}
	b.WriteString(strings.Repeat(" ", f.unifiedGutter()))
	note(true, f.o.Width-f.unifiedGutter())
}

// pad right-aligns a line number in w columns, or blanks them.
func pad(n, w int, show bool) string {
	s := ""
	if show && n > 0 {
		s = strconv.Itoa(n)
	}
	if len(s) < w {
		s = strings.Repeat(" ", w-len(s)) + s
	}
	return s
}
