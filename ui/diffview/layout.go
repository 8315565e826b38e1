package diffview

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/mattn/go-runewidth"

	"reef/gitops"
	"reef/ui/termtext"
)

// segment is a run of a line's text drawn in one style: plain for the
// line, or emphasised for a changed span.
type segment struct {
	text string
	emph bool
}

// segments cuts a line's text at its changed spans. The text is still
// raw here: spans are byte offsets into it.
func segments(l gitops.Line) []segment {
	if len(l.Spans) == 0 {
		return []segment{{text: l.Text}}
	}
	var out []segment
	at := 0
	for _, sp := range l.Spans {
		start, end := max(sp.Start, at), min(sp.End, len(l.Text))
		if start >= end {
			continue
		}
		if start > at {
			out = append(out, segment{text: l.Text[at:start]})
		}
		out = append(out, segment{text: l.Text[start:end], emph: true})
		at = end
	}
	if at < len(l.Text) {
		out = append(out, segment{text: l.Text[at:]})
	}
	return out
}

// row is one screen row of laid-out text and its width in cells.
type row struct {
	segs  []segment
	width int
}

// layout makes segments safe and fits them into rows: control characters
// become visible stand-ins, tabs become spaces up to the next stop (counted
// from col, the column the text starts at), and rows are cut at width
// cells (width <= 0: one row, however long).
func layout(segs []segment, width, tab, col int) []row {
	if tab <= 0 {
		tab = 8
	}
	rows := []row{{}}
	var cur strings.Builder
	emph := false
	flush := func() {
		if cur.Len() > 0 {
			r := &rows[len(rows)-1]
			r.segs = append(r.segs, segment{text: cur.String(), emph: emph})
			cur.Reset()
		}
	}
	put := func(s string, w int) {
		if width > 0 && rows[len(rows)-1].width+w > width && rows[len(rows)-1].width > 0 {
			flush()
			rows = append(rows, row{})
		}
		cur.WriteString(s)
		rows[len(rows)-1].width += w
		col += w
	}
	for _, sg := range segs {
		flush()
		emph = sg.emph
		for _, r := range termtext.Clean(sg.text) {
			if r == '\t' {
				for n := tab - col%tab; n > 0; n-- {
					put(" ", 1)
				}
				continue
			}
			put(string(r), runewidth.RuneWidth(r))
		}
	}
	flush()
	return rows
}

// draw renders a row in base (emphasised segments in emph) and pads it
// with base to width cells when width is positive.
func draw(b *strings.Builder, r row, base, emph lipgloss.Style, width int) {
	for _, s := range r.segs {
		if s.emph {
			b.WriteString(emph.Render(s.text))
		} else {
			b.WriteString(base.Render(s.text))
		}
	}
	if width > r.width {
		b.WriteString(base.Render(strings.Repeat(" ", width-r.width)))
	}
}

// plainRows lays out one plain string.
func plainRows(s string, width, tab int) []row {
	return layout([]segment{{text: s}}, width, tab, 0)
}

// digits is the number of decimal digits of n (at least 1).
func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// maxLine is the largest line number in a file diff's hunks.
func maxLine(fd *gitops.FileDiff) int {
	m := 0
	for _, h := range fd.Hunks {
		m = max(m, h.OldStart+h.OldLines, h.NewStart+h.NewLines)
	}
	return m
}
