package logpane

import (
	tea "charm.land/bubbletea/v2"

	"reef/ui/pane"
)

// click selects the row under the mouse (in the list or the files).
func (m Model) click(c pane.ClickMsg) (Model, tea.Cmd) {
	listW, sideW := m.split()
	if sideW == 0 && c.Y >= m.stackedList() {
		return m.clickFile(c.Y - m.stackedList() - 1)
	}
	if c.X < listW || sideW == 0 {
		m.focus = AreaList
		if c.Y < 1 {
			return m, nil
		}
		return m.move(m.top + c.Y - 1 - m.cursor)
	}
	dh := m.detailsHeight()
	if c.Y > dh {
		return m.clickFile(c.Y - dh - 1)
	}
	return m, nil
}

func (m Model) clickFile(y int) (Model, tea.Cmd) {
	if y < 0 || len(m.detail.files) == 0 {
		return m, nil
	}
	m.focus = AreaFiles
	m.moveFile(m.detail.top + y - m.detail.cursor)
	return m, nil
}
