package diffpane

import "reef/ui/diffview"

// The Status screen opens the pane with Staging: a line cursor then sits
// on the diff's line rows (in side-by-side view a row may show a removed
// and an added line, and the cursor takes both), v anchors a selection at
// it, and space, d and tab ask the root to stage, unstage or discard the
// hunk under the cursor or the selected changed lines, or to show the
// file's other diff. Lines are named by the FileDiff's hunks (kind and
// line number), never by screen rows, so a key does the same whatever the
// view, the wrap or the width.

// cursorAnchor is where the cursor goes when the file it was on is laid
// out again (more context, or the diff refreshed after staging): near the
// lines it was on, at the same height in the window.
type cursorAnchor struct {
	set      bool
	index    int // the file
	path     string
	old, new int
	offset   int // the cursor's screen row less the window's top
	// side is the side whose numbers staging leaves alone: staging in
	// the unstaged diff changes the index (its old side) and keeps the
	// work tree's numbers; unstaging keeps HEAD's. 0: both hold.
	side stableSide
}

type stableSide uint8

const (
	bothSides stableSide = iota
	oldSide
	newSide
)

// Staging reports whether the pane was opened by the Status screen, with
// a line cursor and the staging keys.
func (m Model) Staging() bool { return m.staging }

// Back clears the line selection (esc) and reports whether there was one.
func (m Model) Back() (Model, bool) {
	if m.sel < 0 {
		return m, false
	}
	m.sel = -1
	return m, true
}

// shown reports whether the file the pane is on is laid out.
func (m *Model) shown() bool { return m.doc != nil && m.docIndex == m.index }

// rows are the rows of the view on screen.
func (m *Model) rows() []diffview.Row { return m.doc.Rows(m.frame.Options().SideBySide) }

// hasCursor reports whether the cursor is on a row of the file shown
// (not in files without lines: binary, mode-only, empty).
func (m *Model) hasCursor() bool {
	return m.staging && m.shown() && m.cursor >= 0 && m.cursor < len(m.rows())
}

// lineRow is the first line row from i on in direction dir (+1 or -1),
// or -1 when there is none.
func (m *Model) lineRow(i, dir int) int {
	rows := m.rows()
	for ; i >= 0 && i < len(rows); i += dir {
		if rows[i].Kind == diffview.RowLine {
			return i
		}
	}
	return -1
}

// snap is the line row nearest row i: at or after it in direction dir,
// else on the other side.
func (m *Model) snap(i, dir int) int {
	i = min(max(i, 0), len(m.rows())-1)
	if r := m.lineRow(i, dir); r >= 0 {
		return r
	}
	return m.lineRow(i, -dir)
}

// firstChange is the first row of hunk h that shows a changed line (its
// first line row if none does).
func (m *Model) firstChange(h int) int {
	sbs := m.frame.Options().SideBySide
	rows := m.rows()
	first := -1
	for i := m.doc.HunkRow(sbs, h); i < len(rows) && rows[i].Hunk == h; i++ {
		if rows[i].Kind != diffview.RowLine {
			continue
		}
		if first < 0 {
			first = i
		}
		if o, n := m.doc.Changed(sbs, i); o > 0 || n > 0 {
			return i
		}
	}
	return first
}

// resetCursor puts the cursor on the file's first changed line, with no
// selection.
func (m *Model) resetCursor() {
	m.sel = -1
	m.cursor = -1
	if !m.staging || !m.shown() {
		return
	}
	if m.doc.Hunks() > 0 {
		m.cursor = m.firstChange(0)
	}
	if m.cursor < 0 {
		m.cursor = m.lineRow(0, 1)
	}
	m.follow()
}

// anchor records where the cursor is, to find it again once the file is
// laid out anew.
func (m *Model) anchor(s stableSide) cursorAnchor {
	if !m.hasCursor() {
		return cursorAnchor{}
	}
	r := m.rows()[m.cursor]
	return cursorAnchor{set: true, index: m.docIndex, path: m.files[m.docIndex].NewPath, old: r.Old, new: r.New,
		offset: m.frame.Screen(m.cursor) - m.top, side: s}
}

// placeCursor puts the cursor back after the file was laid out anew: near
// its anchor when it has one for this file, else on the first change.
// The selection never survives: its rows may mean other lines now.
func (m *Model) placeCursor() {
	a := m.curAnchor
	m.curAnchor = cursorAnchor{}
	if !a.set || a.index != m.docIndex || a.path != m.files[m.docIndex].NewPath || !m.staging {
		m.resetCursor()
		return
	}
	m.sel = -1
	rows := m.rows()
	if len(rows) == 0 {
		m.cursor = -1
		return
	}
	old, new := a.old, a.new
	switch {
	case a.side == newSide && new > 0:
		old = 0
	case a.side == oldSide && old > 0:
		new = 0
	}
	m.cursor = m.snap(m.doc.RowNear(m.frame.Options().SideBySide, old, new), 1)
	if m.cursor < 0 {
		return
	}
	m.top = m.frame.Screen(m.cursor) - a.offset
	m.clamp()
	m.follow()
}

// remapCursor moves the cursor to the other view's row of the lines it
// was on (side by side ↔ unified); the selection is dropped, since a
// range of rows in one view is not a range in the other.
func (m *Model) remapCursor(from diffview.Row) {
	m.sel = -1
	m.cursor = m.snap(m.doc.RowNear(m.frame.Options().SideBySide, from.Old, from.New), 1)
}

// follow scrolls the window so the cursor's row shows, with the hunk's
// separator (or the file's notices) above it when it is the first line.
func (m *Model) follow() {
	if !m.hasCursor() {
		return
	}
	rows := m.rows()
	above := m.cursor
	for above > 0 && (rows[above-1].Kind == diffview.RowSeparator || rows[above-1].Kind == diffview.RowNotice) {
		above--
	}
	below := m.cursor + 1
	for below < len(rows) && rows[below].Kind == diffview.RowNoEOL {
		below++
	}
	y0, y1, body := m.frame.Screen(m.cursor), m.frame.Screen(below), m.bodyHeight()
	switch {
	case y0 < m.top:
		m.top = y0
		if a := m.frame.Screen(above); y1-a <= body {
			m.top = a
		}
	case y1 > m.top+body:
		m.top = max(y1-body, y0-max(body-1, 0))
		if y1-y0 > body {
			m.top = y0 // a wrapped line taller than the pane: its start
		}
	}
	m.clamp()
}

// cursorKey moves the cursor for a motion key; false when the key is not
// one, or when there is no cursor (a file without lines scrolls as
// usual).
func (m *Model) cursorKey(k string) bool {
	if !m.hasCursor() {
		return false
	}
	ks := m.env.Keys
	sbs := m.frame.Options().SideBySide
	page := max(m.bodyHeight()/2, 1)
	rows := m.rows()
	switch {
	case ks.Is("diff.down", k):
		if r := m.lineRow(m.cursor+1, 1); r >= 0 {
			m.cursor = r
		}
	case ks.Is("diff.up", k):
		if r := m.lineRow(m.cursor-1, -1); r >= 0 {
			m.cursor = r
		}
	case ks.Is("diff.half-down", k), ks.Is("diff.half-up", k):
		if ks.Is("diff.half-up", k) {
			page = -page
		}
		_, i, _ := m.frame.At(m.frame.Screen(m.cursor) + page)
		m.top += page
		m.clamp()
		m.cursor = m.snap(i, sign(page))
	case ks.Is("diff.top", k):
		m.cursor, m.top = m.snap(0, 1), 0
	case ks.Is("diff.bottom", k):
		m.cursor, m.top = m.snap(len(rows)-1, -1), m.maxTop()
	case ks.Is("diff.next-hunk", k), ks.Is("diff.prev-hunk", k):
		h := rows[m.cursor].Hunk + 1
		if ks.Is("diff.prev-hunk", k) {
			h = rows[m.cursor].Hunk - 1
		}
		if h < 0 || h >= m.doc.Hunks() {
			return true
		}
		if r := m.firstChange(h); r >= 0 {
			m.cursor = r
			if y := m.frame.Screen(r); y < m.top || y >= m.top+m.bodyHeight() {
				m.top = m.frame.Screen(m.doc.HunkRow(sbs, h))
				m.clamp()
			}
		}
	default:
		return false
	}
	m.follow()
	return true
}

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// cursorDisabled is why a motion key does nothing to the cursor ("" when
// it moves it); ok is false when there is no cursor and the key scrolls.
func (m *Model) cursorDisabled(id string) (string, bool) {
	if !m.hasCursor() {
		return "", false
	}
	rows := m.rows()
	switch id {
	case "diff.down", "diff.half-down", "diff.bottom":
		if m.lineRow(m.cursor+1, 1) < 0 {
			return "at the last line", true
		}
	case "diff.up", "diff.half-up", "diff.top":
		if m.lineRow(m.cursor-1, -1) < 0 {
			return "at the first line", true
		}
	case "diff.next-hunk":
		if rows[m.cursor].Hunk+1 >= m.doc.Hunks() {
			return "no more hunks", true
		}
	case "diff.prev-hunk":
		if rows[m.cursor].Hunk <= 0 {
			return "no hunk above", true
		}
	default:
		return "", false
	}
	return "", true
}

// drawnCursor is the cursor and the selection as the frame draws them.
func (m *Model) drawnCursor(focused bool) diffview.Cursor {
	if !m.hasCursor() {
		return diffview.NoCursor
	}
	return diffview.Cursor{Row: m.cursor, From: m.sel, To: m.cursor, Selecting: m.sel >= 0, Blur: !focused}
}

// selectedCount is the number of changed lines the selection holds.
func (m *Model) selectedCount() int {
	if !m.hasCursor() || m.sel < 0 {
		return 0
	}
	sbs := m.frame.Options().SideBySide
	n := 0
	for i := min(m.sel, m.cursor); i <= max(m.sel, m.cursor); i++ {
		o, a := m.doc.Changed(sbs, i)
		n += b2n(o > 0) + b2n(a > 0)
	}
	return n
}

func b2n(b bool) int {
	if b {
		return 1
	}
	return 0
}
