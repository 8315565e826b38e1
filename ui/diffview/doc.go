package diffview

import (
	"fmt"

	"reef/gitops"
	"reef/ui/syntax"
	"reef/ui/termtext"
)

// Doc is a file diff laid out once for the diff pane: every line made
// safe, measured and coloured, and arranged into rows for both views
// (unified and side by side). It does not depend on the pane's size: a
// Frame fits it to a width, and only the rows on screen are drawn, so a
// key press never re-lays out a file. A Doc is read-only once made.
type Doc struct {
	fd      gitops.FileDiff
	notices []notice
	lines   []docLine
	rows    [2][]Row // [0] unified, [1] side by side
	// hunkRow[v][h] is the first row of hunk h in view v.
	hunkRow [2][]int
	numW    int // digits of the largest line number
	widest  int // cells of the widest line
	gaps    int // separators hiding at least one line
	// marks are the gutter marks (sorted by side and line); marked[v] the
	// rows of view v that show a marked line, markRow[v] the row of each
	// marked line.
	marks   []Mark
	marked  [2][]int
	markRow [2]map[markKey]int // marked line → its row, per view
}

// docLine is a hunk line with its prepared text.
type docLine struct {
	kind  gitops.LineKind
	old   int
	new   int
	noEOL bool
	text  text
	// oldMark and newMark are the loudest marks on the line's old and new
	// numbers.
	oldMark, newMark MarkLevel
}

// RowKind says what a row shows.
type RowKind uint8

// Row kinds.
const (
	// RowNotice is a note about the file: renamed, mode changed, binary,
	// too large, submodule.
	RowNotice RowKind = iota
	// RowSeparator stands for the unchanged lines before a hunk: "⋯ 42
	// unchanged lines", and the hunk's section ("resource ...").
	RowSeparator
	// RowLine is a line (unified) or a pair of lines (side by side).
	RowLine
	// RowNoEOL is git's "\ No newline at end of file".
	RowNoEOL
)

// Row is one row of a Doc, before it is fitted to a width.
type Row struct {
	Kind RowKind
	// Hunk is the index of the hunk the row belongs to (a separator
	// belongs to the hunk after it); -1 for notices.
	Hunk int
	// Old and New are the line numbers the row shows (0: none). A
	// separator has the numbers of its hunk's first line.
	Old, New int
	// Hidden is the number of unchanged lines a separator stands for.
	Hidden int

	left, right int32 // indexes into Doc.lines, -1 for none (unified: left)
	note        int32 // notices: index into Doc.notices
	section     string
}

// Separator reports whether the row stands for hidden unchanged lines.
func (r Row) Separator() bool { return r.Kind == RowSeparator }

// Highlight holds the syntax spans of a diff's two sides by line number:
// Old[n-1] are the spans of old line n. Either may be nil or short.
type Highlight struct {
	Old, New [][]syntax.Span
}

// DocOptions tune NewDoc.
type DocOptions struct {
	TabWidth int // columns per tab stop (default 8)
	// MaxBytes is the limit a Truncated file was over, for its notice.
	MaxBytes int64
	// IgnoreWhitespace says whitespace changes were hidden, so a file
	// with no hunks says why.
	IgnoreWhitespace bool
	// Marks flag lines in the gutter (review findings of this file).
	Marks []Mark
}

// NewDoc lays out a file diff. It does all the work a file needs once:
// cleaning, tab expansion, measuring and syntax classes; a Frame then
// only counts rows.
func NewDoc(fd gitops.FileDiff, hl Highlight, o DocOptions) *Doc {
	d := &Doc{fd: fd, numW: digits(maxLine(&fd))}
	d.notices = notices(&fd, o)
	n := 0
	for _, h := range fd.Hunks {
		n += len(h.Lines)
	}
	d.lines = make([]docLine, 0, n)
	for _, h := range fd.Hunks {
		for _, l := range h.Lines {
			var syn []syntax.Span
			switch {
			case l.Kind == gitops.LineRemoved && l.Old > 0 && l.Old <= len(hl.Old):
				syn = hl.Old[l.Old-1]
			case l.Kind != gitops.LineRemoved && l.New > 0 && l.New <= len(hl.New):
				syn = hl.New[l.New-1]
			}
			dl := docLine{kind: l.Kind, old: l.Old, new: l.New, noEOL: l.NoEOL,
				text: prepare(l.Text, l.Spans, syn, o.TabWidth)}
			d.widest = max(d.widest, dl.text.width)
			d.lines = append(d.lines, dl)
		}
	}
	d.setMarks(o.Marks)
	for v := range d.rows {
		d.layout(v == 1)
		d.markRows(v == 1)
	}
	return d
}

// File is the change the Doc shows.
func (d *Doc) File() gitops.FileDiff { return d.fd }

// Hunks is the number of hunks.
func (d *Doc) Hunks() int { return len(d.fd.Hunks) }

// Gaps is the number of separators that hide unchanged lines: more
// context shows them.
func (d *Doc) Gaps() int { return d.gaps }

// Rows are the rows of a view, unified or side by side.
func (d *Doc) Rows(sideBySide bool) []Row { return d.rows[b2i(sideBySide)] }

// HunkRow is the first row of hunk h in a view (its separator, if any).
func (d *Doc) HunkRow(sideBySide bool, h int) int { return d.hunkRow[b2i(sideBySide)][h] }

// RowNear is the first row of a view showing line old of the old side or
// line new of the new side or a later one: where a reader who was at
// those lines continues after the layout changed.
func (d *Doc) RowNear(sideBySide bool, old, new int) int {
	rows := d.Rows(sideBySide)
	for i, r := range rows {
		if r.Kind == RowNotice {
			continue
		}
		if new > 0 && r.New >= new || old > 0 && r.Old >= old || new == 0 && old == 0 {
			return i
		}
	}
	return max(len(rows)-1, 0)
}

// layout makes the rows of one view.
func (d *Doc) layout(sbs bool) {
	v := b2i(sbs)
	rows := make([]Row, 0, len(d.lines)+len(d.notices)+2*len(d.fd.Hunks))
	for i := range d.notices {
		rows = append(rows, Row{Kind: RowNotice, Hunk: -1, left: -1, right: -1, note: int32(i)})
	}
	d.gaps = 0
	at := 0 // index of the hunk's first line in d.lines
	for hi, h := range d.fd.Hunks {
		d.hunkRow[v] = append(d.hunkRow[v], len(rows))
		first := &d.lines[at]
		if gap := d.gapBefore(hi); gap > 0 || hi > 0 {
			rows = append(rows, Row{Kind: RowSeparator, Hunk: hi, Old: first.old, New: first.new,
				Hidden: max(gap, 0), left: -1, right: -1, section: termtext.Clean(h.Section)})
			if gap > 0 {
				d.gaps++
			}
		}
		lines := d.lines[at : at+len(h.Lines)]
		if sbs {
			rows = d.pairs(rows, hi, at, lines)
		} else {
			for k := range lines {
				l := &lines[k]
				rows = append(rows, Row{Kind: RowLine, Hunk: hi, Old: l.old, New: l.new, left: int32(at + k), right: -1})
				if l.noEOL {
					rows = append(rows, Row{Kind: RowNoEOL, Hunk: hi, Old: l.old, New: l.new, left: int32(at + k), right: -1})
				}
			}
		}
		at += len(h.Lines)
	}
	d.rows[v] = rows
}

// pairs appends a hunk's side-by-side rows: context on both sides, and
// each run of removed lines paired in order with the added lines after it.
func (d *Doc) pairs(rows []Row, hi, at int, lines []docLine) []Row {
	add := func(l, r int) {
		row := Row{Kind: RowLine, Hunk: hi, left: int32(l), right: int32(r)}
		if l >= 0 {
			row.Old = d.lines[l].old
		}
		if r >= 0 {
			row.New = d.lines[r].new
		}
		rows = append(rows, row)
		ln := l >= 0 && d.lines[l].noEOL && d.lines[l].kind != gitops.LineAdded
		rn := r >= 0 && d.lines[r].noEOL && d.lines[r].kind != gitops.LineRemoved
		if ln || rn {
			row.Kind = RowNoEOL
			if !ln {
				row.left = -1
			}
			if !rn {
				row.right = -1
			}
			rows = append(rows, row)
		}
	}
	for i := 0; i < len(lines); {
		if lines[i].kind == gitops.LineContext {
			add(at+i, at+i)
			i++
			continue
		}
		del := i
		for i < len(lines) && lines[i].kind == gitops.LineRemoved {
			i++
		}
		ins := i
		for i < len(lines) && lines[i].kind == gitops.LineAdded {
			i++
		}
		for k := 0; k < max(ins-del, i-ins); k++ {
			l, r := -1, -1
			if del+k < ins {
				l = at + del + k
			}
			if ins+k < i {
				r = at + ins + k
			}
			add(l, r)
		}
	}
	return rows
}

// gapBefore is the number of unchanged lines between hunk h and the one
// before it (or the top of the file).
func (d *Doc) gapBefore(h int) int {
	begin := func(start, n int) int {
		if n == 0 {
			return start + 1
		}
		return start
	}
	cur := d.fd.Hunks[h]
	if h == 0 {
		return begin(cur.OldStart, cur.OldLines) - 1
	}
	prev := d.fd.Hunks[h-1]
	return begin(cur.OldStart, cur.OldLines) - (begin(prev.OldStart, prev.OldLines) + prev.OldLines)
}

// separatorText is what a separator row says.
func (r Row) separatorText() string {
	s := "⋯"
	switch {
	case r.Hidden == 1:
		s += " 1 unchanged line"
	case r.Hidden > 1:
		s += fmt.Sprintf(" %d unchanged lines", r.Hidden)
	}
	if r.section != "" {
		s += "  " + r.section
	}
	return s
}
