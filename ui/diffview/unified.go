package diffview

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
)

// Options shape the drawing.
type Options struct {
	// Width is the number of columns. Side-by-side needs it (below 40 it
	// uses 40); unified lines are wrapped and their backgrounds filled to
	// it, or left as long as they are when it is 0.
	Width int
	// TabWidth is the distance between tab stops (default 8, as less).
	TabWidth int
	// LineNumbers adds old and new line numbers before unified lines
	// (side-by-side always has them).
	LineNumbers bool
	// Abbrev shortens ids on "index" lines (gitops.Repo.ShortHash); nil
	// uses 7 digits.
	Abbrev func(gitops.Hash) string
}

const noEOLNote = `\ No newline at end of file`

// Unified draws a file diff the way `git diff` prints it: git's header
// lines, then "@@" hunks with '+' and '-' lines, changed words emphasised.
// Tab stops count the marker column, as a pager showing git's output does.
func Unified(fd gitops.FileDiff, st Styles, o Options) []string {
	var out []string
	numW := digits(maxLine(&fd))
	gutter := 0
	if o.LineNumbers {
		gutter = 2*numW + 3 // "old new │"
	}
	text := 0
	if o.Width > 0 {
		text = max(o.Width-gutter-1, 1)
	}
	for _, sec := range fd.Sections(o.Abbrev) {
		for _, h := range sec.Header {
			out = append(out, fullRows(h, st.Meta, o.Width, o.TabWidth)...)
		}
		if sec.Notice != "" {
			out = append(out, fullRows(sec.Notice, st.Note, o.Width, o.TabWidth)...)
		}
		for _, h := range sec.Hunks {
			out = append(out, fullRows(hunkHeader(h), st.HunkHeader, o.Width, o.TabWidth)...)
			for _, l := range h.Lines {
				base, emph, marker := lineStyles(st, l.Kind)
				for i, r := range layout(segments(l), text, o.TabWidth, 1) {
					var b strings.Builder
					if o.LineNumbers {
						old, new := "", ""
						if i == 0 && l.Kind != gitops.LineAdded {
							old = fmt.Sprint(l.Old)
						}
						if i == 0 && l.Kind != gitops.LineRemoved {
							new = fmt.Sprint(l.New)
						}
						b.WriteString(st.LineNumber.Render(fmt.Sprintf("%*s %*s ", numW, old, numW, new)))
						b.WriteString(st.Separator.Render("│"))
					}
					m := marker
					if i > 0 {
						m = " "
					}
					b.WriteString(base.Render(m))
					draw(&b, r, base, emph, text)
					out = append(out, b.String())
				}
				if l.NoEOL {
					out = append(out, fullRows(noEOLNote, st.Note, o.Width, o.TabWidth)...)
				}
			}
		}
	}
	return out
}

// hunkHeader is git's "@@ -a,b +c,d @@ section" line.
func hunkHeader(h gitops.Hunk) string {
	s := "@@ -" + rangeText(h.OldStart, h.OldLines) + " +" + rangeText(h.NewStart, h.NewLines) + " @@"
	if h.Section != "" {
		s += " " + h.Section
	}
	return s
}

func rangeText(start, n int) string {
	if n == 1 {
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// lineStyles are the styles and marker of a line kind.
func lineStyles(st Styles, k gitops.LineKind) (base, emph lipgloss.Style, marker string) {
	switch k {
	case gitops.LineAdded:
		return st.Added, st.AddedEmph, "+"
	case gitops.LineRemoved:
		return st.Removed, st.RemovedEmph, "-"
	}
	return st.Context, st.Context, " "
}

// fullRows lays out a whole-width line (header, notice) in one style.
func fullRows(s string, style lipgloss.Style, width, tab int) []string {
	rows := plainRows(s, width, tab)
	out := make([]string, len(rows))
	for i, r := range rows {
		var b strings.Builder
		draw(&b, r, style, style, width)
		out[i] = b.String()
	}
	return out
}
