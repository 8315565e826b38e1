package historypane

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// list is the commit list: the rows the walk found, those the filter
// keeps, the cursor and the mark.
type list struct {
	rows    []entry
	query   string // the applied filter, lower case
	visible []int  // indexes of the rows the filter keeps; nil: all
	cursor  int    // index into the visible rows
	top     int
	// mark is the marked row (an index into rows, plus one; zero when
	// none): the diff compares it with the selected one.
	mark int
}

func (l *list) count() int {
	if l.visible != nil {
		return len(l.visible)
	}
	return len(l.rows)
}

// abs is the index into rows of visible row i (-1 when out of range).
func (l *list) abs(i int) int {
	if i < 0 || i >= l.count() {
		return -1
	}
	if l.visible != nil {
		return l.visible[i]
	}
	return i
}

func (l *list) at(i int) *entry {
	if j := l.abs(i); j >= 0 {
		return &l.rows[j]
	}
	return nil
}

func (l *list) selected() *entry { return l.at(l.cursor) }

func (l *list) marked() *entry {
	if l.mark == 0 || l.mark > len(l.rows) {
		return nil
	}
	return &l.rows[l.mark-1]
}

// setQuery filters by author or message; the selected commit stays
// selected when it still shows.
func (l *list) setQuery(q string) {
	keep := l.abs(l.cursor)
	l.query = strings.ToLower(strings.TrimSpace(q))
	l.refilter()
	l.cursor = 0
	for i := 0; i < l.count(); i++ {
		if l.abs(i) == keep {
			l.cursor = i
			break
		}
	}
}

// refilter recomputes the visible rows.
func (l *list) refilter() {
	l.visible = nil
	if l.query != "" {
		l.visible = []int{}
		l.filterFrom(0)
	}
}

// filterFrom adds the matching rows from index offset on.
func (l *list) filterFrom(offset int) {
	if l.query == "" {
		return
	}
	for i := offset; i < len(l.rows); i++ {
		if matches(&l.rows[i], l.query) {
			l.visible = append(l.visible, i)
		}
	}
}

// matches reports whether a row's author or message contains q (lower
// case); a hash prefix matches too.
func matches(e *entry, q string) bool {
	c := e.commit
	return strings.Contains(strings.ToLower(c.Author.Name), q) ||
		strings.Contains(strings.ToLower(c.Author.Email), q) ||
		strings.Contains(strings.ToLower(c.Message), q) ||
		strings.HasPrefix(c.ID.String(), q)
}

// clamp keeps the cursor on a row and in the window of h rows.
func (l *list) clamp(h int) {
	h = max(h, 1)
	l.cursor = min(max(l.cursor, 0), max(l.count()-1, 0))
	if l.cursor < l.top {
		l.top = l.cursor
	}
	if l.cursor >= l.top+h {
		l.top = l.cursor - h + 1
	}
	l.top = max(min(l.top, l.count()-h), 0)
}

// selected is the selected commit (zero when none).
func (m *Model) selected() gitops.Hash {
	if e := m.list.selected(); e != nil {
		return e.commit.ID
	}
	return gitops.Hash{}
}

// move moves the list's cursor by d rows.
func (m Model) move(d int) (Model, tea.Cmd) {
	before := m.selected()
	m.list.cursor += d
	m.clampAll()
	var cmds []tea.Cmd
	if m.selected() != before {
		cmds = append(cmds, m.selectionChanged())
	}
	return m, tea.Batch(append(cmds, m.askStats())...)
}

// toggleMark marks the selected row, moves the mark to it, or clears the
// mark when it is on the selected row.
func (m Model) toggleMark() (Model, tea.Cmd) {
	j := m.list.abs(m.list.cursor)
	if j < 0 {
		return m, nil
	}
	if m.list.mark == j+1 {
		m.list.mark = 0
	} else {
		m.list.mark = j + 1
		m.worktree = false
	}
	return m.showSelected()
}
