package app

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/ui/confirm"
	"reef/ui/keys"
	"reef/ui/pane"
)

// statusBody draws the Status screen: the list, a rule, the diff (or the
// discards list), and the box or question over them.
func (m Model) statusBody() string {
	lw, dw := m.statusSplit()
	h := m.bodyHeight()
	left := strings.Split(m.st.list.View(), "\n")
	var right []string
	if m.st.discards != nil {
		right = strings.Split(m.st.discards.View(dw, h), "\n")
	} else {
		right = strings.Split(m.st.diff.View(dw, h, m.st.diffFocus), "\n")
	}
	sep := m.env.Styles.Border.Render("│")
	lines := make([]string, h)
	for i := range lines {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		lines[i] = padLine(l, lw) + sep + r
	}
	switch {
	case m.st.ask != nil:
		lines = confirm.Overlay(lines, m.st.ask.box.View(m.env.Styles, m.opts.Keys, m.width), m.width)
	case m.st.boxOpen:
		lines = confirm.Overlay(lines, m.st.box.View(m.spin.View()), m.width)
	}
	return strings.Join(lines, "\n")
}

// statusHints are the footer's bindings for what has the keyboard on
// the Status screen.
func (m Model) statusHints() []string {
	switch {
	case m.st.ask != nil:
		return []string{"confirm.yes", "confirm.no"}
	case m.st.boxOpen:
		return []string{"commit.submit", "commit.next-field", "commit.cancel"}
	case m.st.discards != nil:
		return []string{"list.open", "global.back"}
	case m.st.diffFocus:
		return []string{"stage.toggle", "stage.select", "stage.discard", "stage.switch", "global.back", "global.help"}
	}
	return []string{"status.stage", "status.commit", "status.discard", "list.open", "status.tree", "global.help"}
}

// statusHelp is the help for the Status screen: what has the keyboard
// first, then the rest of the screen's bindings.
func (m Model) statusHelp() ([]keys.Binding, string) {
	if m.st.diffFocus {
		// The diff's own (staging first); the list's are a key away.
		return m.st.diff.Keys(), "Staging keys (the diff)"
	}
	box := m.st.box.Keys()
	for i := range box {
		if !m.st.boxOpen {
			box[i].Disabled = "in the commit box (c opens it)"
		}
	}
	return append(m.st.list.Keys(len(m.st.session)), box...), "Status keys"
}

// padLine cuts or pads a styled line to exactly w cells.
func padLine(s string, w int) string {
	s = fitLine(s, w)
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// statusClick focuses the list or the diff under the mouse and passes
// the click on at the pane's coordinates.
func (m Model) statusClick(x, y int) (tea.Model, tea.Cmd) {
	if m.st.boxOpen || m.st.ask != nil || m.st.discards != nil {
		return m, nil
	}
	lw, _ := m.statusSplit()
	var cmd tea.Cmd
	if x < lw {
		m.focusStatusDiff(false)
		m.st.list, cmd = m.st.list.Update(pane.ClickMsg{X: x, Y: y})
		return m, cmd
	}
	if x == lw {
		return m, nil
	}
	if _, _, ok := m.st.list.Selected(); ok {
		m.focusStatusDiff(true)
	}
	m.st.diff, cmd = m.st.diff.Update(pane.ClickMsg{X: x - lw - 1, Y: y})
	return m, forStage(cmd)
}
