package diffview

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/ui/syntax"
	"reef/ui/termtext"
)

// text is a line made ready to draw, once per file: control characters
// shown as stand-ins, tabs expanded, cut into runs of one look (syntax
// class, emphasised or not), each measured in cells the way lipgloss
// measures them (grapheme clusters; CJK and emoji two cells, zero-width
// characters none).
type text struct {
	s     string
	runs  []run
	width int  // cells
	ascii bool // one byte per cell throughout
}

// run is s[previous run's end:end], drawn in one look.
type run struct {
	end   int
	width int
	class syntax.Class
	emph  bool
	ascii bool
}

// prepare makes a line's text ready: raw is the line as stored, emph its
// changed spans, syn its syntax spans (both byte ranges of raw, in order).
func prepare(raw string, emph []gitops.Span, syn []syntax.Span, tab int) text {
	if tab <= 0 {
		tab = 8
	}
	var b strings.Builder
	b.Grow(len(raw))
	t := text{ascii: true}
	ei, si := 0, 0
	for at := 0; at < len(raw); {
		end, class, em := len(raw), syntax.Plain, false
		for si < len(syn) && syn[si].End <= at {
			si++
		}
		if si < len(syn) {
			if syn[si].Start <= at {
				class, end = syn[si].Class, min(end, syn[si].End)
			} else {
				end = min(end, syn[si].Start)
			}
		}
		for ei < len(emph) && emph[ei].End <= at {
			ei++
		}
		if ei < len(emph) {
			if emph[ei].Start <= at {
				em, end = true, min(end, emph[ei].End)
			} else {
				end = min(end, emph[ei].Start)
			}
		}
		for end < len(raw) && !utf8.RuneStart(raw[end]) {
			end++ // a span cutting a character would garble it
		}
		t.add(&b, termtext.Clean(raw[at:end]), class, em, tab)
		at = end
	}
	t.s = b.String()
	return t
}

// add appends a clean segment, expanding tabs from the line's current
// column, and merges it into the last run when the look is the same.
func (t *text) add(b *strings.Builder, seg string, class syntax.Class, em bool, tab int) {
	if seg == "" {
		return
	}
	w, ascii := 0, true
	for i := 0; i < len(seg); {
		c := seg[i]
		switch {
		case c == '\t':
			n := tab - (t.width+w)%tab
			b.WriteString(strings.Repeat(" ", n))
			w += n
			i++
		case c < 0x80:
			b.WriteByte(c)
			w++
			i++
		default:
			g, gw := ansi.FirstGraphemeCluster(seg[i:], ansi.GraphemeWidth)
			b.WriteString(g)
			w += gw
			i += len(g)
			ascii = false
		}
	}
	t.width += w
	t.ascii = t.ascii && ascii
	if n := len(t.runs); n > 0 && t.runs[n-1].class == class && t.runs[n-1].emph == em {
		r := &t.runs[n-1]
		r.end, r.width, r.ascii = b.Len(), r.width+w, r.ascii && ascii
		return
	}
	t.runs = append(t.runs, run{end: b.Len(), width: w, class: class, emph: em, ascii: ascii})
}

// eachCluster calls f with each grapheme cluster of s and its width.
func eachCluster(s string, ascii bool, f func(g string, w int) bool) {
	for i := 0; i < len(s); {
		if ascii {
			if !f(s[i:i+1], 1) {
				return
			}
			i++
			continue
		}
		g, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if g == "" {
			return
		}
		if !f(g, w) {
			return
		}
		i += len(g)
	}
}

// draw writes the cells [from, to) of t with the pens of a line kind and
// returns how many cells it wrote.
func (t *text) draw(b *strings.Builder, pens *[2][classCount]pen, from, to int) int {
	col, start, wrote := 0, 0, 0
	for _, r := range t.runs {
		s := t.s[start:r.end]
		start = r.end
		if col >= to {
			break
		}
		if col+r.width > from || r.width == 0 && col >= from {
			p := pens[b2i(r.emph)][r.class]
			b.WriteString(p.on)
			wrote += cells(b, s, r.ascii, col, from, to)
			b.WriteString(p.off)
		}
		col += r.width
	}
	return wrote
}

// plain writes the cells [from, to) of t in one pen, padded to to-from.
func (t *text) plain(b *strings.Builder, pn pen, from, to int) {
	b.WriteString(pn.on)
	n := cells(b, t.s, t.ascii, 0, from, to)
	b.WriteString(strings.Repeat(" ", max(to-from-n, 0)))
	b.WriteString(pn.off)
}

// cells writes the part of s (starting at cell col) that falls in the
// cells [from, to) and returns its width. A wide character cut by either
// edge becomes spaces, so columns stay aligned.
func cells(b *strings.Builder, s string, ascii bool, col, from, to int) int {
	if ascii {
		lo, hi := min(max(from-col, 0), len(s)), min(max(to-col, 0), len(s))
		b.WriteString(s[lo:hi])
		return max(hi-lo, 0)
	}
	wrote, c := 0, col
	eachCluster(s, false, func(g string, w int) bool {
		switch {
		case c >= to:
			return false
		case c >= from && c+w <= to:
			b.WriteString(g)
			wrote += w
		case c < from && c+w > from: // cut by the left edge
			n := min(c+w, to) - from
			b.WriteString(strings.Repeat(" ", n))
			wrote += n
		case c < to && c+w > to: // cut by the right edge
			b.WriteString(strings.Repeat(" ", to-c))
			wrote += to - c
		}
		c += w
		return true
	})
	return wrote
}

// breaks returns the cells where each row of t starts when wrapped at w
// cells: [0] for a line that fits. A wide character that would straddle
// the edge starts the next row.
func (t *text) breaks(w int) []int {
	w = max(w, 1)
	if t.ascii {
		out := make([]int, 0, t.width/w+1)
		for c := 0; c == 0 || c < t.width; c += w {
			out = append(out, c)
		}
		return out
	}
	out := []int{0}
	col, rowW := 0, 0
	eachCluster(t.s, false, func(_ string, gw int) bool {
		if rowW+gw > w && rowW > 0 {
			out = append(out, col)
			rowW = 0
		}
		rowW += gw
		col += gw
		return true
	})
	return out
}

// rowsAt is len(t.breaks(w)), without building the slice for ASCII.
func (t *text) rowsAt(w int) int {
	if t.ascii {
		w = max(w, 1)
		return max((t.width+w-1)/w, 1)
	}
	return len(t.breaks(w))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
