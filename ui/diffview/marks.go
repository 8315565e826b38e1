package diffview

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
)

// MarkLevel is how loud a gutter mark is; a line with several marks shows
// the loudest.
type MarkLevel uint8

// Mark levels, quietest first (the severity colours of review findings:
// low → info, medium → warning, high and critical → danger).
const (
	MarkNone MarkLevel = iota
	MarkInfo
	MarkWarning
	MarkDanger
)

// Mark flags one line of one side of a file in the line-number gutter: a
// review finding. The Doc lays marks out with the lines, so drawing them
// costs nothing per key.
type Mark struct {
	Old   bool // Line is in the old file (a resolved finding)
	Line  int  // 1-based
	Level MarkLevel
	// ID is the caller's (an index into its findings): MarksAt returns it.
	ID int
}

// MarkGlyph takes the place of the space after a marked line's number.
const MarkGlyph = "●"

// MarkStyles colour gutter marks by level: the severity colours of review
// findings (a theme's danger, warning and info roles).
type MarkStyles struct {
	Danger, Warning, Info lipgloss.Style
}

// DefaultMarkStyles are reef's default mark colours for a dark or light
// terminal, from the xterm 256-colour palette.
func DefaultMarkStyles(isDark bool) MarkStyles {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	base := lipgloss.NewStyle()
	return MarkStyles{
		Danger:  base.Bold(true).Foreground(ld(c("#d70000"), c("#ff5f5f"))),
		Warning: base.Foreground(ld(c("#af5f00"), c("#ffd75f"))),
		Info:    base.Foreground(ld(c("#005fd7"), c("#5fafff"))),
	}
}

// SetMarks gives gutter marks their colours; until it is called they are
// drawn in the line number's.
func (p *Painter) SetMarks(ms MarkStyles) {
	p.marks[MarkInfo], p.marks[MarkWarning], p.marks[MarkDanger] = penOf(ms.Info), penOf(ms.Warning), penOf(ms.Danger)
}

// setMarks records the marks and gives each line the level of the
// loudest mark on it (old marks on lines the old side shows, new marks on
// the new side's).
func (d *Doc) setMarks(marks []Mark) {
	if len(marks) == 0 {
		return
	}
	d.marks = slices.Clone(marks)
	slices.SortStableFunc(d.marks, compareMarks)
	level := make(map[markKey]MarkLevel, len(marks))
	for _, mk := range marks {
		k := markKey{mk.Old, mk.Line}
		level[k] = max(level[k], mk.Level)
	}
	for i := range d.lines {
		l := &d.lines[i]
		if l.kind != gitops.LineAdded {
			l.oldMark = level[markKey{true, l.old}]
		}
		if l.kind != gitops.LineRemoved {
			l.newMark = level[markKey{false, l.new}]
		}
	}
}

// markKey is a line of one side.
type markKey struct {
	old  bool
	line int
}

// markRows lists the rows of a view that show a marked line.
func (d *Doc) markRows(sbs bool) {
	if len(d.marks) == 0 {
		return
	}
	v := b2i(sbs)
	d.marked[v] = d.marked[v][:0]
	d.markRow[v] = map[markKey]int{}
	for i, r := range d.rows[v] {
		if r.Kind != RowLine {
			continue
		}
		o, n := d.sides(sbs, r)
		if o != nil && o.oldMark != MarkNone {
			d.markRow[v][markKey{true, o.old}] = i
		}
		if n != nil && n.newMark != MarkNone {
			d.markRow[v][markKey{false, n.new}] = i
		}
		if o != nil && o.oldMark != MarkNone || n != nil && n.newMark != MarkNone {
			d.marked[v] = append(d.marked[v], i)
		}
	}
}

// sides are the lines a row shows on the old and on the new side (nil
// for a side it does not show).
func (d *Doc) sides(sbs bool, r Row) (old, new *docLine) {
	if r.Kind != RowLine && r.Kind != RowNoEOL {
		return nil, nil
	}
	if sbs {
		if r.left >= 0 {
			old = &d.lines[r.left]
		}
		if r.right >= 0 {
			new = &d.lines[r.right]
		}
		return old, new
	}
	l := &d.lines[r.left]
	if l.kind != gitops.LineAdded {
		old = l
	}
	if l.kind != gitops.LineRemoved {
		new = l
	}
	return old, new
}

// HasMarks reports whether the Doc was given marks (whether or not their
// lines are in the diff).
func (d *Doc) HasMarks() bool { return len(d.marks) > 0 }

// Marks are the marks the Doc was given, sorted by side (new first) and
// line.
func (d *Doc) Marks() []Mark { return d.marks }

// MarkedRows are the rows of a view that show a marked line, ascending.
func (d *Doc) MarkedRows(sideBySide bool) []int { return d.marked[b2i(sideBySide)] }

// MarksAt returns the marks on the lines row i of a view shows (nil for
// none), old side first.
func (d *Doc) MarksAt(sideBySide bool, i int) []Mark {
	rows := d.Rows(sideBySide)
	if i < 0 || i >= len(rows) || rows[i].Kind != RowLine || len(d.marks) == 0 {
		return nil
	}
	o, n := d.sides(sideBySide, rows[i])
	var out []Mark
	if o != nil {
		out = d.marksOn(out, true, o.old)
	}
	if n != nil {
		out = d.marksOn(out, false, n.new)
	}
	return out
}

// marksOn appends the marks of one line of one side (d.marks is sorted
// by side, new first, then line).
func (d *Doc) marksOn(out []Mark, old bool, line int) []Mark {
	i, _ := slices.BinarySearchFunc(d.marks, Mark{Old: old, Line: line}, compareMarks)
	for ; i < len(d.marks) && d.marks[i].Old == old && d.marks[i].Line == line; i++ {
		out = append(out, d.marks[i])
	}
	return out
}

// compareMarks orders marks by side (new first) and line.
func compareMarks(a, b Mark) int {
	if a.Old != b.Old {
		return cmp.Compare(b2i(a.Old), b2i(b.Old))
	}
	return cmp.Compare(a.Line, b.Line)
}

// MarkRow is the row of a view that shows a marked line of the old (old
// set) or new side, and whether any does.
func (d *Doc) MarkRow(sideBySide bool, old bool, line int) (int, bool) {
	r, ok := d.markRow[b2i(sideBySide)][markKey{old, line}]
	return r, ok
}

// RowOf is the row of a view that shows line of the old (old set) or the
// new side, and whether any does.
func (d *Doc) RowOf(sideBySide bool, old bool, line int) (int, bool) {
	if line <= 0 {
		return 0, false
	}
	for i, r := range d.Rows(sideBySide) {
		if r.Kind != RowLine {
			continue
		}
		o, n := d.sides(sideBySide, r)
		if old && o != nil && o.old == line || !old && n != nil && n.new == line {
			return i, true
		}
	}
	return 0, false
}

// ContextFor is how many more lines of context would bring line of the
// old (old set) or new side into a hunk: 0 when a hunk shows it already,
// -1 when the file has no hunks.
func (d *Doc) ContextFor(old bool, line int) int {
	best := -1
	for _, h := range d.fd.Hunks {
		start, n := h.NewStart, h.NewLines
		if old {
			start, n = h.OldStart, h.OldLines
		}
		if n == 0 {
			start++ // an empty side starts after the line it names
		}
		dist := 0
		switch {
		case line < start:
			dist = start - line
		case line >= start+n:
			dist = line - (start + n) + 1
		}
		if best < 0 || dist < best {
			best = dist
		}
	}
	return best
}

// markPen is the pen of a mark level (the number's pen for none, or
// before SetMarks).
func (p *Painter) markPen(l MarkLevel) pen {
	if l == MarkNone || int(l) >= len(p.marks) || p.marks[l] == (pen{}) {
		return p.number
	}
	return p.marks[l]
}

// gutterMark writes the cell after a line number: the mark glyph in its
// level's colour, or a space.
func (p *Painter) gutterMark(b *strings.Builder, l MarkLevel) {
	if l == MarkNone {
		p.number.text(b, " ")
		return
	}
	p.markPen(l).text(b, MarkGlyph)
}
