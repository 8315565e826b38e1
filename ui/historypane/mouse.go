package historypane

import (
	tea "charm.land/bubbletea/v2"

	"reef/ui/pane"
)

// click selects the row or line under the mouse (body coordinates) and
// gives its area the keyboard. Clicks on the diff are the root's to pass
// to the diff pane.
func (m Model) click(c pane.ClickMsg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	lr, _ := m.layout()
	if c.X < lr.w && c.Y < lr.h {
		m.focus = areaList
		if c.Y < 1 {
			return m, nil
		}
		return m.move(m.list.top + c.Y - 1 - m.list.cursor)
	}
	_, dy, ok := m.DetailAt(c.X, c.Y)
	if !ok {
		return m, nil
	}
	m.focus = areaDetail
	if dy < 1 {
		return m, nil
	}
	switch m.shown() {
	case showBlame:
		m.blames = append([]blameView(nil), m.blames...)
		b := m.topBlame()
		b.cursor = b.top + dy - 1
	case showFile:
		m.file.cursor = m.file.top + dy - 1
	}
	m.clampAll()
	return m, nil
}

// Wheel scrolls what is under the mouse at body coordinates x, y by
// delta rows: the list moves its selection, the file and blame views
// their window.
func (m Model) Wheel(x, y, delta int) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	if _, _, ok := m.DetailAt(x, y); !ok {
		return m.move(delta)
	}
	return m.wheel(delta), nil
}

// wheel scrolls the detail's own view.
func (m Model) wheel(delta int) Model {
	h := m.detailBodyHeight()
	switch m.shown() {
	case showBlame:
		m.blames = append([]blameView(nil), m.blames...)
		b := m.topBlame()
		b.top += delta
		b.cursor = min(max(b.cursor, b.top), b.top+h-1)
	case showFile:
		m.file.top += delta
		m.file.cursor = min(max(m.file.cursor, m.file.top), m.file.top+h-1)
	}
	m.clampAll()
	return m
}
