package logpane

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// filterKey handles a key while the filter is typed: the list narrows as
// you type (subject, author, hash); "path:FILE" lists that file's history
// (following renames) once enter is pressed.
func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := msg.String()
	switch {
	case m.env.Keys.Is("filter.apply", k):
		m.typing = false
		m.filter.Blur()
		return m.applyFilter(m.filter.Value())
	case m.env.Keys.Is("filter.cancel", k):
		m.typing = false
		m.filter.Blur()
		m.filter.SetValue("")
		return m.applyFilter("")
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	q := m.filter.Value()
	if _, isPath := trimPath(q); isPath {
		return m, cmd // a path filter starts a walk: only on enter
	}
	mm, cmd2 := m.applyFilter(q)
	return mm, tea.Batch(cmd, cmd2)
}

// applyFilter sets the query and recomputes which rows show.
func (m Model) applyFilter(q string) (Model, tea.Cmd) {
	q = strings.TrimSpace(q)
	if path, isPath := trimPath(q); isPath && path != "" {
		if path == m.fileMode {
			return m, nil
		}
		m.query = ""
		return m.restart(path)
	}
	if m.fileMode != "" {
		m.query = q
		mm, cmd := m.restart("")
		mm.query = q
		return mm, cmd
	}
	keep := m.selected()
	m.query = q
	m.visible = nil
	if q != "" {
		m.visible = []int{}
		m.refilter(m.rows, 0)
	}
	// Keep the selected commit selected when it still shows.
	m.cursor = 0
	for i := 0; i < m.count(); i++ {
		if r := m.rowAt(i); r != nil && r.commit.ID == keep {
			m.cursor = i
			break
		}
	}
	m.clamp()
	return m, tea.Batch(m.selectionChanged(), m.maybeLoad())
}

// refilter adds the matching rows among rows (which start at offset in
// m.rows) to the visible list.
func (m *Model) refilter(rows []row, offset int) {
	if m.query == "" {
		return
	}
	q := strings.ToLower(m.query)
	for i := range rows {
		if matches(&rows[i], q) {
			m.visible = append(m.visible, offset+i)
		}
	}
}

func matches(r *row, q string) bool {
	c := r.commit
	return strings.Contains(strings.ToLower(c.Subject), q) ||
		strings.Contains(strings.ToLower(c.Author.Name), q) ||
		strings.Contains(strings.ToLower(c.Author.Email), q) ||
		strings.HasPrefix(c.ID.String(), q)
}
