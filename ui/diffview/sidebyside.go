package diffview

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
)

// minSideBySide is the narrowest side-by-side drawing: below it each side
// would be too thin to read.
const minSideBySide = 40

// SideBySide draws a file diff in two columns: the old file on the left,
// the new on the right, unchanged lines side by side, removed and added
// lines paired in order (a removal with no partner faces an empty cell),
// line numbers on both sides and long lines wrapped within their column.
func SideBySide(fd gitops.FileDiff, st Styles, o Options) []string {
	width := max(o.Width, minSideBySide)
	left := (width - 1) / 2
	right := width - 1 - left
	numW := digits(maxLine(&fd))
	s := sbs{st: st, o: o, width: width, left: left, right: right, numW: numW}
	out := s.title(&fd)
	for _, sec := range fd.Sections(o.Abbrev) {
		if sec.Notice != "" {
			out = append(out, fullRows(sec.Notice, st.Note, width, o.TabWidth)...)
		}
		for _, h := range sec.Hunks {
			out = append(out, fullRows(hunkHeader(h), st.HunkHeader, width, o.TabWidth)...)
			out = s.hunk(out, h.Lines)
		}
	}
	return out
}

type sbs struct {
	st                       Styles
	o                        Options
	width, left, right, numW int
}

// title is the file's header: its path (both paths for a rename or copy),
// and what the hunks do not show (modes, similarity).
func (s *sbs) title(fd *gitops.FileDiff) []string {
	name := fd.NewPath
	switch fd.Status {
	case 'R', 'C':
		name = fmt.Sprintf("%s → %s%s", gitops.QuotePath(fd.OldPath), gitops.QuotePath(fd.NewPath), similar(fd.Similarity))
	default:
		name = gitops.QuotePath(name)
	}
	word := map[byte]string{'A': "added", 'D': "deleted", 'M': "modified", 'T': "type changed",
		'R': "renamed", 'C': "copied", 'U': "unmerged"}[fd.Status]
	out := fullRows(" "+name+"  "+word, s.st.FileHeader, s.width, s.o.TabWidth)
	var notes []string
	switch {
	case fd.OldMode == 0:
		notes = append(notes, fmt.Sprintf("new file, mode %06o", fd.NewMode))
	case fd.NewMode == 0:
		notes = append(notes, fmt.Sprintf("deleted file, mode %06o", fd.OldMode))
	case fd.OldMode != fd.NewMode:
		notes = append(notes, fmt.Sprintf("mode %06o → %06o", fd.OldMode, fd.NewMode))
	}
	if fd.Submodule {
		notes = append(notes, "submodule")
	}
	if len(notes) > 0 {
		out = append(out, fullRows(strings.Join(notes, ", "), s.st.Meta, s.width, s.o.TabWidth)...)
	}
	return out
}

// cell is one side of a row: a line, or nothing (filler).
type cell struct {
	line *gitops.Line
	num  int
}

// hunk appends a hunk's rows: context on both sides, and each run of
// removed lines paired with the added lines that follow it.
func (s *sbs) hunk(out []string, lines []gitops.Line) []string {
	for i := 0; i < len(lines); {
		l := &lines[i]
		if l.Kind == gitops.LineContext {
			out = s.row(out, cell{l, l.Old}, cell{l, l.New})
			i++
			continue
		}
		d := i
		for i < len(lines) && lines[i].Kind == gitops.LineRemoved {
			i++
		}
		a := i
		for i < len(lines) && lines[i].Kind == gitops.LineAdded {
			i++
		}
		dels, adds := lines[d:a], lines[a:i]
		for k := 0; k < max(len(dels), len(adds)); k++ {
			var lc, rc cell
			if k < len(dels) {
				lc = cell{&dels[k], dels[k].Old}
			}
			if k < len(adds) {
				rc = cell{&adds[k], adds[k].New}
			}
			out = s.row(out, lc, rc)
		}
	}
	return out
}

// row draws a pair of cells, wrapping each within its column, then the
// "no newline" notes of lines that end their file.
func (s *sbs) row(out []string, lc, rc cell) []string {
	lrows, lbase, lemph, lm := s.side(lc, s.left)
	rrows, rbase, remph, rm := s.side(rc, s.right)
	sep := s.st.Separator.Render("│")
	for k := 0; k < max(len(lrows), len(rrows)); k++ {
		var b strings.Builder
		s.cellRow(&b, lc, lrows, k, lbase, lemph, lm, s.left)
		b.WriteString(sep)
		s.cellRow(&b, rc, rrows, k, rbase, remph, rm, s.right)
		out = append(out, b.String())
	}
	lnote := lc.line != nil && lc.line.NoEOL && lc.line.Kind != gitops.LineAdded
	rnote := rc.line != nil && rc.line.NoEOL && rc.line.Kind != gitops.LineRemoved
	if lnote || rnote {
		var b strings.Builder
		s.note(&b, lnote, s.left)
		b.WriteString(sep)
		s.note(&b, rnote, s.right)
		out = append(out, b.String())
	}
	return out
}

// side lays out one cell's text in a column of width w.
func (s *sbs) side(c cell, w int) (rows []row, base, emph lipgloss.Style, marker string) {
	if c.line == nil {
		return nil, s.st.Filler, s.st.Filler, ""
	}
	base, emph, marker = lineStyles(s.st, c.line.Kind)
	return layout(segments(*c.line), max(w-s.numW-2, 1), s.o.TabWidth, 0), base, emph, marker
}

// cellRow draws row k of a cell: number and marker on the first row,
// blank gutter on continuation rows, filler past the cell's last row.
func (s *sbs) cellRow(b *strings.Builder, c cell, rows []row, k int, base, emph lipgloss.Style, marker string, w int) {
	if c.line == nil {
		b.WriteString(s.st.Filler.Render(strings.Repeat(" ", w)))
		return
	}
	num := ""
	if k == 0 {
		num = fmt.Sprint(c.num)
	} else {
		marker = " "
	}
	b.WriteString(s.st.LineNumber.Render(fmt.Sprintf("%*s ", s.numW, num)))
	b.WriteString(base.Render(marker))
	text := max(w-s.numW-2, 1)
	if k < len(rows) {
		draw(b, rows[k], base, emph, text)
	} else {
		b.WriteString(base.Render(strings.Repeat(" ", text)))
	}
}

// note draws the "no newline at end of file" notice in a column, or
// blank space.
func (s *sbs) note(b *strings.Builder, on bool, w int) {
	if !on {
		b.WriteString(strings.Repeat(" ", w))
		return
	}
	rows := plainRows(noEOLNote, w, s.o.TabWidth)
	draw(b, rows[0], s.st.Note, s.st.Note, w)
}
