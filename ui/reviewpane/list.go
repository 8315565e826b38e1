package reviewpane

// list is a scrollable list of rows whose cursor visits only the rows
// that can be opened.
type list struct {
	rows   []row
	sel    []int // indexes of the rows with a spot
	cursor int   // index into sel
	top    int   // first row shown
}

func newList(rows []row) list {
	l := list{rows: rows}
	for i, r := range rows {
		if r.open != nil {
			l.sel = append(l.sel, i)
		}
	}
	return l
}

// current is the index of the selected row (-1 when none can be).
func (l list) current() int {
	if len(l.sel) == 0 {
		return -1
	}
	return l.sel[l.cursor]
}

// move moves the cursor by d selectable rows (or, when none can be
// selected, scrolls by d rows) and keeps it in a window of h rows.
func (l *list) move(d, h int) {
	if len(l.sel) == 0 {
		l.top += d
		l.clamp(h)
		return
	}
	l.cursor = min(max(l.cursor+d, 0), len(l.sel)-1)
	l.clamp(h)
}

// scroll moves the window by d rows, taking the cursor along when it
// would leave it (the mouse wheel).
func (l *list) scroll(d, h int) {
	l.top = min(max(l.top+d, 0), max(len(l.rows)-h, 0))
	if len(l.sel) == 0 {
		return
	}
	for l.cursor > 0 && l.sel[l.cursor] >= l.top+h {
		l.cursor--
	}
	for l.cursor < len(l.sel)-1 && l.sel[l.cursor] < l.top {
		l.cursor++
	}
}

// clamp keeps the cursor's row on screen, with the heading above it when
// the cursor is on the first row under one.
func (l *list) clamp(h int) {
	h = max(h, 1)
	if c := l.current(); c >= 0 {
		first := c
		if l.cursor == 0 {
			first = 0 // the headings above the first item stay in view
		}
		if first < l.top {
			l.top = first
		}
		if c >= l.top+h {
			l.top = c - h + 1
		}
	}
	l.top = min(max(l.top, 0), max(len(l.rows)-h, 0))
}

// selectRow puts the cursor on the selectable row at or after index i.
func (l *list) selectRow(i, h int) {
	for k, r := range l.sel {
		if r >= i {
			l.cursor = k
			l.clamp(h)
			return
		}
	}
}
