package historypane

import (
	tea "charm.land/bubbletea/v2"

	"reef/ui/keys"
)

// shown is what the detail area shows.
type shown uint8

const (
	showDiff shown = iota
	showFile
	showBlame
)

func (m *Model) shown() shown {
	switch {
	case len(m.blames) > 0 && !m.blameCmp:
		return showBlame
	case m.blameCmp:
		return showDiff
	case m.content:
		return showFile
	}
	return showDiff
}

// Key handles a key the pane takes now; handled is false for keys left
// to the diff pane (when it has the keyboard) or to the root.
func (m Model) Key(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	if m.typing {
		mm, cmd := m.filterKey(msg)
		return mm, cmd, true
	}
	if !m.open {
		return m, nil, false
	}
	k := msg.String()
	ks := m.env.Keys
	if ks.Is("history.commit-graph", k) {
		mm, cmd := m.writeCommitGraph()
		return mm, cmd, true
	}
	if ks.Is("global.next-pane", k) || ks.Is("global.prev-pane", k) {
		if m.focus == areaList && m.list.count() > 0 {
			m.focus = areaDetail
		} else {
			m.focus = areaList
		}
		return m, nil, true
	}
	if m.focus == areaList {
		return m.listKey(k)
	}
	switch m.shown() {
	case showBlame:
		return m.blameKey(k)
	case showFile:
		return m.fileKey(k)
	}
	return m.diffKey(k)
}

// listKey handles a key while the list has the keyboard.
func (m Model) listKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	h := m.listHeight()
	var cmd tea.Cmd
	switch {
	case ks.Is("list.filter", k):
		m.typing = true
		m.filter.SetValue(m.list.query)
		return m, m.filter.Focus(), true
	case ks.Is("list.down", k):
		m, cmd = m.move(1)
	case ks.Is("list.up", k):
		m, cmd = m.move(-1)
	case ks.Is("list.half-down", k):
		m, cmd = m.move(max(h/2, 1))
	case ks.Is("list.half-up", k):
		m, cmd = m.move(-max(h/2, 1))
	case ks.Is("list.top", k):
		m, cmd = m.move(-m.list.cursor)
	case ks.Is("list.bottom", k):
		m, cmd = m.move(m.list.count())
	case ks.Is("global.back", k):
		return m.listBack()
	default:
		return m.versionKey(k)
	}
	return m, cmd, true
}

// versionKey handles the keys about the selected version, from the list
// or from the diff and file views beside it.
func (m Model) versionKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	var cmd tea.Cmd
	switch {
	case ks.Is("history.content", k):
		if m.list.selected() == nil {
			return m, nil, true
		}
		m.content = !m.content
		if m.content {
			m, cmd = m.loadFile(m.selectedVersion())
		}
	case ks.Is("history.mark", k):
		m, cmd = m.toggleMark()
	case ks.Is("history.worktree", k):
		if why := m.disabled("history.worktree"); why != "" {
			return m, status(why), true
		}
		m.worktree = !m.worktree
		m.list.mark = 0
		m, cmd = m.showSelected()
	case ks.Is("history.blame", k):
		m, cmd = m.blameSelected()
	case ks.Is("history.lines", k):
		if !m.content || !m.file.ready() {
			return m, status(m.disabled("history.lines")), true
		}
		m.focus = areaDetail
		m, cmd = m.selectLines()
	default:
		return m, nil, false
	}
	return m, cmd, true
}

// listBack is esc in the list: it clears the filter, the mark, W, then
// leaves a line range's history for the whole file's.
func (m Model) listBack() (Model, tea.Cmd, bool) {
	var cmd tea.Cmd
	switch {
	case m.list.query != "":
		m.list.setQuery("")
		m.clampAll()
		cmd = m.selectionChanged()
	case m.list.mark != 0:
		m.list.mark = 0
		m, cmd = m.showSelected()
	case m.worktree:
		m.worktree = false
		m, cmd = m.showSelected()
	case m.lines != nil:
		m, cmd = m.leaveLines()
	default:
		return m, nil, false
	}
	return m, cmd, true
}

// diffKey handles the keys the pane takes while its diff has the
// keyboard; the rest scroll the diff.
func (m Model) diffKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	if ks.Is("global.back", k) {
		if mm, cmd, ok := m.blameBack(); ok {
			return mm, cmd, true
		}
		m.focus = areaList
		return m, nil, true
	}
	if m.blameCmp {
		return m, nil, false
	}
	switch {
	case ks.Is("history.content", k), ks.Is("history.mark", k), ks.Is("history.worktree", k), ks.Is("history.blame", k):
		return m.versionKey(k)
	}
	return m, nil, false
}

// fileKey handles a key while the whole-file view has the keyboard.
func (m Model) fileKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	f := &m.file
	h := m.detailBodyHeight()
	switch {
	case ks.Is("global.back", k):
		if f.sel >= 0 {
			f.sel = -1
		} else {
			m.focus = areaList
		}
	case ks.Is("history.lines", k):
		mm, cmd := m.selectLines()
		return mm, cmd, true
	case ks.Is("history.content", k) && f.sel >= 0:
		mm, cmd := m.lineHistory()
		return mm, cmd, true
	case ks.Is("list.down", k):
		f.cursor++
	case ks.Is("list.up", k):
		f.cursor--
	case ks.Is("list.half-down", k):
		f.cursor += max(h/2, 1)
	case ks.Is("list.half-up", k):
		f.cursor -= max(h/2, 1)
	case ks.Is("list.top", k):
		f.cursor = 0
	case ks.Is("list.bottom", k):
		f.cursor = len(f.lines)
	case ks.Is("diff.left", k):
		f.left -= scrollStep
	case ks.Is("diff.right", k):
		f.left = min(f.left+scrollStep, max(f.widest-m.fileTextWidth(), 0))
	default:
		return m.versionKey(k)
	}
	m.clampAll()
	return m, nil, true
}

// blameKey handles a key while the blame has the keyboard.
func (m Model) blameKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	m.blames = append([]blameView(nil), m.blames...)
	b := m.topBlame()
	h := m.detailBodyHeight()
	switch {
	case ks.Is("blame.back", k):
		mm, cmd, _ := m.blameBack()
		return mm, cmd, true
	case ks.Is("blame.open", k):
		mm, cmd := m.blameOpen()
		return mm, cmd, true
	case ks.Is("blame.parent", k):
		mm, cmd := m.blameParent()
		return mm, cmd, true
	case ks.Is("list.down", k):
		b.cursor++
	case ks.Is("list.up", k):
		b.cursor--
	case ks.Is("list.half-down", k):
		b.cursor += max(h/2, 1)
	case ks.Is("list.half-up", k):
		b.cursor -= max(h/2, 1)
	case ks.Is("list.top", k):
		b.cursor = 0
	case ks.Is("list.bottom", k):
		b.cursor = 1 << 30
	case ks.Is("diff.left", k):
		b.left -= scrollStep
	case ks.Is("diff.right", k):
		b.left = min(b.left+scrollStep, max(b.widest-m.blameTextWidth(), 0))
	default:
		return m, nil, false
	}
	m.clampAll()
	return m, nil, true
}

// scrollStep is how far h and l move the text, in cells.
const scrollStep = 8

// filterKey handles a key while the filter is typed: the list narrows as
// you type.
func (m Model) filterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := msg.String()
	ks := m.env.Keys
	switch {
	case ks.Is("filter.apply", k):
		m.typing = false
		m.filter.Blur()
		return m, nil
	case ks.Is("filter.cancel", k):
		m.typing = false
		m.filter.Blur()
		m.filter.SetValue("")
		return m.refiltered("")
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	mm, cmd2 := m.refiltered(m.filter.Value())
	return mm, tea.Batch(cmd, cmd2)
}

// refiltered applies a filter query.
func (m Model) refiltered(q string) (Model, tea.Cmd) {
	before := m.selected()
	m.list.setQuery(q)
	m.clampAll()
	var cmds []tea.Cmd
	if m.selected() != before {
		cmds = append(cmds, m.selectionChanged())
	}
	return m, tea.Batch(append(cmds, m.askStats())...)
}

// Keys returns the bindings that apply now, each with the reason it does
// nothing when it does nothing, for the help overlay.
func (m Model) Keys() []keys.Binding {
	ks := m.env.Keys
	if m.typing {
		return ks.In(keys.Filter)
	}
	var out []keys.Binding
	add := func(bs []keys.Binding) {
		for _, b := range bs {
			switch b.ID {
			case "list.open":
				continue // enter is history.content here
			case "list.bottom":
				b.Help = "last item (the walk streams the rest in)"
			}
			b.Disabled = m.disabled(b.ID)
			out = append(out, b)
		}
	}
	if m.focus == areaDetail && m.shown() == showBlame {
		add(ks.In(keys.Blame))
		add(ks.In(keys.List))
		return out
	}
	add(ks.In(keys.History))
	add(ks.In(keys.List))
	return out
}

// Hints are the footer's bindings for what has the keyboard.
func (m Model) Hints() []string {
	switch {
	case m.typing:
		return []string{"filter.apply", "filter.cancel"}
	case !m.open:
		return nil
	case m.focus == areaDetail && m.shown() == showBlame:
		return []string{"blame.open", "blame.parent", "blame.back"}
	case m.focus == areaDetail && m.shown() == showFile:
		if m.file.sel >= 0 {
			return []string{"history.content", "global.back"}
		}
		return []string{"history.lines", "history.content", "history.blame", "global.back"}
	case m.focus == areaDetail:
		return []string{"diff.next-hunk", "diff.toggle-view", "history.content", "global.back"}
	}
	return []string{"history.content", "history.blame", "list.filter", "history.mark", "history.worktree"}
}

// disabled is why binding id does nothing now ("" when it does something).
func (m Model) disabled(id string) string {
	if !m.open {
		return "no file: press H on a file in another screen, or run reef history PATH"
	}
	sel := m.list.selected()
	switch id {
	case "history.mark", "history.content", "history.blame":
		if sel == nil {
			return "no commit selected"
		}
	case "history.worktree":
		switch {
		case sel == nil:
			return "no commit selected"
		case m.env.Repo.IsBare():
			return "a bare repository has no work tree"
		}
	case "history.lines":
		switch {
		case !m.content:
			return "in the whole-file view (enter shows it)"
		case !m.file.ready():
			return "the file view has no lines"
		}
	case "list.filter":
		if m.focus != areaList {
			return "in the list (tab goes there)"
		}
	case "blame.parent", "blame.open":
		if b := m.topBlame(); b == nil || !b.ready() {
			return "no blame shown"
		}
	}
	return ""
}
