package historypane

import (
	"bytes"
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/ui/styles"
	"reef/ui/syntax"
	"reef/ui/termtext"
)

// splitLines cuts a file into its lines, without "\n" (and without the
// "\r" of a CRLF line, which would show as ␍ on every line).
func splitLines(data []byte) []string {
	if len(data) == 0 {
		return nil
	}
	s := string(data)
	s = strings.TrimSuffix(s, "\n")
	out := strings.Split(s, "\n")
	for i, l := range out {
		out[i] = strings.TrimSuffix(l, "\r")
	}
	return out
}

// binaryData reports whether data looks binary as git decides it: a NUL
// in the first 8000 bytes.
func binaryData(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

// codeLine draws one line of a file: raw as stored, coloured by its
// syntax spans, made safe (control characters shown as stand-ins), tabs
// expanded, and cut to the columns [left, left+width) then padded. plain
// draws it uncoloured in one style (the cursor's, a selection's).
func codeLine(st *styles.Styles, raw string, spans []syntax.Span, tab, left, width int, plain *lipgloss.Style) string {
	if tab <= 0 {
		tab = 8
	}
	var b strings.Builder
	col := 0
	// Past the window's right edge nothing is drawn: a minified file's
	// one long line costs what the screen shows, not its length.
	end := left + width + tab
	emit := func(seg string, class syntax.Class) {
		if seg == "" || col >= end {
			return
		}
		seg = termtext.Clean(seg)
		var t strings.Builder
		for _, r := range seg {
			if col >= end {
				break
			}
			if r == '\t' {
				n := tab - col%tab
				t.WriteString(strings.Repeat(" ", n))
				col += n
				continue
			}
			t.WriteRune(r)
			col += ansi.StringWidth(string(r))
		}
		if s, ok := st.Syntax[class.String()]; ok && plain == nil && class != syntax.Plain {
			b.WriteString(s.Render(t.String()))
			return
		}
		b.WriteString(t.String())
	}
	at := 0
	for _, sp := range spans {
		// Spans were found in the stored text: a CRLF line's span may
		// cover the "\r" the view drops.
		sp.End = min(sp.End, len(raw))
		if sp.Start < at || sp.Start >= sp.End {
			continue
		}
		emit(raw[at:sp.Start], syntax.Plain)
		emit(raw[sp.Start:sp.End], sp.Class)
		at = sp.End
	}
	emit(raw[at:], syntax.Plain)
	line := b.String()
	if left > 0 || ansi.StringWidth(line) > width {
		line = ansi.Cut(line, left, left+width)
	}
	line += strings.Repeat(" ", max(width-ansi.StringWidth(line), 0))
	if plain != nil {
		return plain.Render(line)
	}
	return line
}

// codeWidth is the width of a line once drawn (tabs expanded).
func codeWidth(raw string, tab int) int {
	return ansi.StringWidth(termtext.ExpandTabs(termtext.Clean(raw), max(tab, 1)))
}

// ageLevels is the number of steps of the blame's age scale.
const ageLevels = 6

// ageScale is the blame's colours by age, newest first: from the theme's
// warning colour (recent work stands out) to its muted one (old lines
// recede), blended in between. A theme without colours (NO_COLOR) gets
// bold for the newest and faint for the oldest instead.
func ageScale(st *styles.Styles) []lipgloss.Style {
	from, to := st.Warning.GetForeground(), st.Muted.GetForeground()
	out := make([]lipgloss.Style, ageLevels)
	if !isColor(from) || !isColor(to) {
		for i := range out {
			switch {
			case i == 0:
				out[i] = st.Text.Bold(true)
			case i >= ageLevels-2:
				out[i] = st.Text.Faint(true)
			default:
				out[i] = st.Text
			}
		}
		return out
	}
	for i := range out {
		out[i] = lipgloss.NewStyle().Foreground(blend(from, to, float64(i)/float64(ageLevels-1)))
	}
	return out
}

// isColor reports whether c is a colour (not lipgloss.NoColor or nil).
func isColor(c color.Color) bool {
	if c == nil {
		return false
	}
	_, none := c.(lipgloss.NoColor)
	return !none
}

// blend mixes a and b: t 0 is a, t 1 is b.
func blend(a, b color.Color, t float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	mix := func(x, y uint32) uint8 {
		return uint8((float64(x>>8)*(1-t) + float64(y>>8)*t) + 0.5)
	}
	return color.RGBA{R: mix(ar, br), G: mix(ag, bg), B: mix(ab, bb), A: 0xff}
}
