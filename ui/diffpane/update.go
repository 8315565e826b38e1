package diffpane

import (
	tea "charm.land/bubbletea/v2"

	"reef/ui/diffview"
	"reef/ui/pane"
)

// Update handles the pane's keys, the mouse, its size and the answers to
// its requests. It never does I/O: loading and colouring run in commands.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if m.painterFor != m.env.Styles {
		m.painter, m.painterFor = newPainter(m.env.Styles), m.env.Styles
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.SetSize(msg.Width, msg.Height), nil
	case LoadedMsg:
		if msg.id != m.want {
			return m, nil // an answer to a question no longer asked
		}
		m.loading = false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.show(msg.doc, msg.index, false)
		mm, cmd, reloading := m.land()
		if reloading {
			return mm, cmd
		}
		m = mm
		if !msg.coloured {
			ctx := msg.ctx
			if ctx == nil {
				ctx = m.ctx()
			}
			return m, colourCmd(ctx, msg.id, msg.fd, m.docOptions())
		}
		return m, nil
	case ColouredMsg:
		if msg.id != m.want || m.doc == nil {
			return m, nil
		}
		m.show(msg.doc, m.docIndex, true)
		return m, nil
	case pane.WheelMsg:
		m.top += msg.Delta
		m.clamp()
		return m, nil
	case pane.ClickMsg:
		return m.click(msg)
	case tea.KeyPressMsg:
		return m.key(msg.String())
	}
	return m, nil
}

// key runs the Diff binding a key names, if any.
func (m Model) key(k string) (Model, tea.Cmd) {
	if m.staging {
		if mm, cmd, ok := m.stageKey(k); ok {
			return mm, cmd
		}
		if m.cursorKey(k) {
			return m, nil
		}
	}
	ks := m.env.Keys
	page := max(m.bodyHeight()/2, 1)
	switch {
	case ks.Is("diff.down", k):
		m.top++
	case ks.Is("diff.up", k):
		m.top--
	case ks.Is("diff.half-down", k):
		m.top += page
	case ks.Is("diff.half-up", k):
		m.top -= page
	case ks.Is("diff.top", k):
		m.top = 0
	case ks.Is("diff.bottom", k):
		m.top = m.maxTop()
	case ks.Is("diff.next-hunk", k):
		if y, ok := m.nextHunk(); ok {
			m.top = y
		}
	case ks.Is("diff.prev-hunk", k):
		if y, ok := m.prevHunk(); ok {
			m.top = y
		}
	case ks.Is("diff.next-finding", k):
		m.nextFinding(false)
	case ks.Is("diff.prev-finding", k):
		m.nextFinding(true)
	case ks.Is("diff.next-file", k):
		if m.index+1 < len(m.files) {
			m.index++
			return m.load(false)
		}
	case ks.Is("diff.prev-file", k):
		if m.index > 0 {
			m.index--
			return m.load(false)
		}
	case ks.Is("diff.toggle-view", k):
		if why := m.disabled("diff.toggle-view"); why != "" {
			return m, func() tea.Msg { return pane.StatusMsg{Text: why} }
		}
		m.sideBySide = !m.sideBySide
		m.refit()
	case ks.Is("diff.toggle-wrap", k):
		m.wrap = !m.wrap
		m.left = 0
		m.refit()
	case ks.Is("diff.left", k):
		m.left -= scrollStep
	case ks.Is("diff.right", k):
		m.left += scrollStep
	case ks.Is("diff.whitespace", k):
		if m.staging {
			break // staging shows every change
		}
		m.ignoreWS = !m.ignoreWS
		m.patcher = nil
		return m.load(true)
	case ks.Is("diff.expand", k):
		return m.expand()
	case ks.Is("diff.collapse", k):
		if m.context != 0 {
			m.context = 0
			m.patcher = nil
			return m.load(true)
		}
	}
	m.clamp()
	return m, nil
}

// scrollStep is how far h and l move the text, in cells.
const scrollStep = 8

// expand recomputes the diff with expandStep more lines of context.
func (m Model) expand() (Model, tea.Cmd) {
	if m.doc == nil || m.doc.Hunks() == 0 {
		return m, nil
	}
	m.context = max(m.context, m.defaultContext()) + expandStep
	m.patcher = nil
	return m.load(true)
}

// hunkStarts are the screen rows where the hunks begin.
func (m *Model) hunkStarts() []int {
	if m.doc == nil {
		return nil
	}
	sbs := m.frame.Options().SideBySide
	out := make([]int, m.doc.Hunks())
	for h := range out {
		out[h] = m.frame.Screen(m.doc.HunkRow(sbs, h))
	}
	return out
}

// nextHunk is the start of the first hunk below the top of the window,
// when the window can scroll to it.
func (m *Model) nextHunk() (int, bool) {
	if m.top >= m.maxTop() {
		return 0, false
	}
	for _, y := range m.hunkStarts() {
		if y > m.top {
			return min(y, m.maxTop()), true
		}
	}
	return 0, false
}

// prevHunk is the start of the last hunk above the top of the window.
func (m *Model) prevHunk() (int, bool) {
	starts := m.hunkStarts()
	for i := len(starts) - 1; i >= 0; i-- {
		if starts[i] < m.top {
			return starts[i], true
		}
	}
	return 0, false
}

// click on a "⋯ N unchanged lines" row shows more context, and on a line
// while staging puts the cursor there; the root has focused the pane
// already.
func (m Model) click(msg pane.ClickMsg) (Model, tea.Cmd) {
	if m.doc == nil || msg.Y < 1 || msg.Y-1+m.top >= m.frame.Len() {
		return m, nil
	}
	r, i, _ := m.frame.At(m.top + msg.Y - 1)
	switch {
	case r.Separator() && r.Hidden > 0:
		return m.expand()
	case r.Kind == diffview.RowLine && m.hasCursor():
		m.cursor = i
		m.follow()
	}
	return m, nil
}
