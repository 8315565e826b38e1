package historypane

import (
	tea "charm.land/bubbletea/v2"
)

// lineMode is a line range's history in the list; full is the file's
// whole history, given back by esc.
type lineMode struct {
	from, to int
	ver      version // where the lines were chosen
	full     list
	fullWalk walk
}

// lineHistory lists the commits that changed the selected lines of the
// file view, like git log -L, in place of the file's whole history.
func (m Model) lineHistory() (Model, tea.Cmd) {
	from, to, ok := m.file.selection()
	if !ok {
		return m, nil
	}
	v := m.file.ver
	m.file.sel = -1
	if m.lines == nil {
		m.walk.pause()
		m.lines = &lineMode{full: m.list, fullWalk: m.walk}
	} else {
		m.walk.stop()
		lm := *m.lines
		m.lines = &lm
	}
	m.lines.from, m.lines.to, m.lines.ver = from, to, v
	m.list = list{}
	m.content, m.worktree = false, false
	m.focus = areaList
	return m.startWalk(walkSpec{lines: true, path: v.path, rev: v.commit, from: from, to: to})
}

// leaveLines gives the list the file's whole history back, where it was.
func (m Model) leaveLines() (Model, tea.Cmd) {
	lm := m.lines
	m.walk.stop()
	m.lines = nil
	m.list, m.walk = lm.full, lm.fullWalk
	m.clampAll()
	var cmds []tea.Cmd
	if m.walk.stale && !m.paused {
		var cmd tea.Cmd
		m, cmd = m.restartWalk()
		cmds = append(cmds, cmd)
	}
	mm, cmd := m.showSelected()
	return mm, tea.Batch(append(cmds, cmd)...)
}
