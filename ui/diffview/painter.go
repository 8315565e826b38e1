package diffview

import (
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
	"reef/ui/syntax"
)

// classCount is the number of syntax classes (Plain included).
const classCount = int(syntax.Type) + 1

// pen is a style as the escape sequences that open and close it, taken
// from lipgloss once so drawing a row is string appends, not a lipgloss
// render per piece.
type pen struct{ on, off string }

func penOf(st lipgloss.Style) pen {
	const mark = "X"
	s := st.Render(mark)
	i := strings.Index(s, mark)
	if i < 0 || s == mark {
		return pen{}
	}
	return pen{on: s[:i], off: s[i+len(mark):]}
}

// text draws s with the pen.
func (p pen) text(b *strings.Builder, s string) {
	b.WriteString(p.on)
	b.WriteString(s)
	b.WriteString(p.off)
}

// Painter holds the looks of the diff pane's rows, made once per theme:
// for each line kind (context, removed, added), plain or emphasised, one
// pen per syntax class. Syntax colours sit under the diff's: a class
// gives the foreground only where the line's style sets none, and the
// line and emphasis backgrounds always win.
type Painter struct {
	lines                     [3][2][classCount]pen
	number, sep, filler, note pen
	meta, separator           pen
	marks                     [MarkDanger + 1]pen     // by MarkLevel; see SetMarks
	cursor                    [gutterSelected + 1]pen // by gutterState; see SetCursor
}

// NewPainter makes the pens of a diff style and a syntax colour table
// keyed by class name ("keyword", "string"... as styles.Styles.Syntax);
// a nil table draws code uncoloured.
func NewPainter(st Styles, syn map[string]lipgloss.Style) *Painter {
	p := &Painter{
		number: penOf(st.LineNumber), sep: penOf(st.Separator), filler: penOf(st.Filler),
		note: penOf(st.Note), meta: penOf(st.Meta), separator: penOf(st.HunkHeader),
	}
	bases := [3][2]lipgloss.Style{
		{st.Context, st.Context},
		{st.Removed, st.RemovedEmph},
		{st.Added, st.AddedEmph},
	}
	for k := range bases {
		for e := range bases[k] {
			for c := range classCount {
				style := bases[k][e]
				if cs, ok := syn[syntax.Class(c).String()]; ok && c != int(syntax.Plain) {
					// The code's colour replaces the line's text colour;
					// the line's background (added, removed, changed
					// words) stays.
					if fg := cs.GetForeground(); fg != nil {
						if _, none := fg.(lipgloss.NoColor); !none {
							style = style.Foreground(fg)
						}
					}
					style = style.Inherit(cs)
				}
				p.lines[k][e][c] = penOf(style)
			}
		}
	}
	p.SetCursor(DefaultCursorStyles())
	return p
}

// kindIndex is a line kind's index in Painter.lines.
func kindIndex(k gitops.LineKind) int {
	switch k {
	case gitops.LineRemoved:
		return 1
	case gitops.LineAdded:
		return 2
	}
	return 0
}

// base is the pen of a line kind's plain text (its background).
func (p *Painter) base(k gitops.LineKind) pen {
	return p.lines[kindIndex(k)][0][syntax.Plain]
}
