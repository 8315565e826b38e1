package graph

import "strings"

// Row is one commit's line of the graph column. Rows are plain values: the
// UI may keep them, colour them and render them long after Add returned.
type Row struct {
	Node  int    // column of the commit's node; -1 on a Pending row
	Cells []Cell // one per column, left to right, up to the last stroke
}

// Cell is one column of a row: a node or the strokes passing through it.
// On screen a cell is two runes wide: its glyph and the gap to the next
// column, which carries a horizontal stroke when Conn has Right.
type Cell struct {
	Kind Kind
	Conn Conn // strokes leaving the cell; for a node, the edges it has
	// Color is the lane colour of the glyph: the lane going down through
	// the cell when there is one, else the lane ending in it, else the
	// horizontal stroke crossing it. Indexes are small and stable for a
	// lane's whole life; the UI maps them onto a theme's lane palette.
	Color int
	// LinkColor colours the gap right of the glyph when Conn has Right:
	// the lane that stroke leads to or comes from.
	LinkColor int
}

// Kind says whether a cell holds the row's node.
type Kind uint8

// Cell kinds.
const (
	Lines  Kind = iota // strokes only (possibly none)
	Commit             // the row's commit, with at most one parent
	Merge              // the row's commit, with two parents or more
)

// Conn is a set of strokes leaving a cell towards its neighbours.
type Conn uint8

// The four directions a stroke can leave a cell.
const (
	Up Conn = 1 << iota
	Down
	Left
	Right
)

// Glyphs of the rendering.
const (
	CommitGlyph = '●'
	MergeGlyph  = '◎'
	Horizontal  = '─'
)

// lineGlyph maps a Conn to its box-drawing rune.
func lineGlyph(k Conn) rune {
	switch k & (Up | Down | Left | Right) {
	case Up:
		return '╵'
	case Down:
		return '╷'
	case Left:
		return '╴'
	case Right:
		return '╶'
	case Up | Down:
		return '│'
	case Left | Right:
		return '─'
	case Up | Left:
		return '╯'
	case Up | Right:
		return '╰'
	case Down | Left:
		return '╮'
	case Down | Right:
		return '╭'
	case Up | Down | Left:
		return '┤'
	case Up | Down | Right:
		return '├'
	case Up | Left | Right:
		return '┴'
	case Down | Left | Right:
		return '┬'
	case Up | Down | Left | Right:
		return '┼'
	}
	return ' '
}

// Runes returns the cell's glyph and the rune of the gap right of it
// (Horizontal or a space), for a UI that colours them separately.
func (c Cell) Runes() (glyph, gap rune) {
	switch c.Kind {
	case Commit:
		glyph = CommitGlyph
	case Merge:
		glyph = MergeGlyph
	default:
		glyph = lineGlyph(c.Conn)
	}
	gap = ' '
	if c.Conn&Right != 0 {
		gap = Horizontal
	}
	return glyph, gap
}

// Text renders the row as plain text, two runes per column ("● │ ",
// "├─◎─╮ "), without colours.
func (r Row) Text() string {
	var b strings.Builder
	b.Grow(len(r.Cells) * 6)
	for _, c := range r.Cells {
		g, gap := c.Runes()
		b.WriteRune(g)
		b.WriteRune(gap)
	}
	return b.String()
}

// Width is the number of columns in the row.
func (r Row) Width() int { return len(r.Cells) }
