package statuspane

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/pane"
)

// Model is the file list. The zero value is unusable: make one with New.
type Model struct {
	env  *pane.Env
	seq  pane.Seq
	want uint64 // the refresh whose answer is wanted
	stop context.CancelFunc

	status  *gitops.Status
	items   []Item
	rows    []Row
	loaded  bool // a status has arrived
	loading bool
	err     error

	tree      bool
	collapsed map[Key]bool
	cursor    int // index into rows (always a selectable row when there is one)
	top       int
	focused   bool
	width     int
	height    int

	// What to select when the refresh arrives: the row that was
	// selected, and whether the same path in another group will do.
	prev      Key
	prevIndex int
	otherSide bool

	gen uint64 // the diff request's number (see DiffRequest)
}

// New returns an empty list; Refresh reads the status.
func New(env *pane.Env) Model {
	return Model{env: env, collapsed: map[Key]bool{}, focused: true, width: 40, height: 20}
}

// Refresh reads the status again; the selection stays on the same row,
// else (otherSide) on the same path in another group, else at the same
// place in the list (the next file). The list keeps showing the old
// status until the new one arrives.
func (m Model) Refresh(otherSide bool) (Model, tea.Cmd) {
	return m.RefreshPaths(nil, otherSide)
}

// RefreshPaths reloads only paths (nil: everything): after a write to one
// file's lines, a status of that file is all that changed, and in a large
// tree it costs a fraction of the whole.
func (m Model) RefreshPaths(paths []string, otherSide bool) (Model, tea.Cmd) {
	if m.stop != nil {
		m.stop()
	}
	ctx, cancel := context.WithCancel(m.ctx())
	m.stop = cancel
	m.want = m.seq.Next()
	m.loading = true
	if r, ok := m.selectedRow(); ok {
		m.prev = r.Key(m.items)
	}
	m.prevIndex = m.cursor
	m.otherSide = otherSide
	return m, load(ctx, m.env.Repo, m.want, paths)
}

func (m *Model) ctx() context.Context {
	if m.env.Ctx != nil {
		return m.env.Ctx
	}
	return context.Background()
}

// SetSize sets the list's size, its title line included.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 1)
	m.clamp()
}

// Focus gives the list the keyboard.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away (the diff beside has it).
func (m *Model) Blur() { m.focused = false }

// Loaded reports whether a status has arrived.
func (m Model) Loaded() bool { return m.loaded }

// Loading reports whether a refresh is out.
func (m Model) Loading() bool { return m.loading }

// Err is the error of the last refresh.
func (m Model) Err() error { return m.err }

// Status is the status shown (nil before one arrives).
func (m Model) Status() *gitops.Status { return m.status }

// Items are the files shown, grouped.
func (m Model) Items() []Item { return m.items }

// Tree reports whether the list is a directory tree.
func (m Model) Tree() bool { return m.tree }

// Rows are the rows shown.
func (m Model) Rows() []Row { return m.rows }

// Selected is the row under the cursor and the items it stands for (a
// directory's files), or false when the list is empty.
func (m Model) Selected() (Row, []Item, bool) {
	r, ok := m.selectedRow()
	if !ok {
		return Row{}, nil, false
	}
	return r, Under(m.items, r), true
}

// SelectedItem is the file under the cursor (false on a directory).
func (m Model) SelectedItem() (Item, bool) {
	r, ok := m.selectedRow()
	if !ok || r.Kind != RowFile {
		return Item{}, false
	}
	return m.items[r.Item], true
}

func (m Model) selectedRow() (Row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || !m.rows[m.cursor].Selectable() {
		return Row{}, false
	}
	return m.rows[m.cursor], true
}

// Select puts the cursor on the row with key k; it reports false (and
// leaves the cursor) when there is none.
func (m Model) Select(k Key) (Model, tea.Cmd, bool) {
	for i, r := range m.rows {
		if r.Selectable() && r.Key(m.items) == k {
			m.cursor = i
			m.clamp()
			m.gen++
			return m, nil, true
		}
	}
	return m, nil, false
}

// Update handles the status answers and the list's keys and mouse.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case LoadedMsg:
		if msg.id != m.want {
			return m, nil
		}
		m.loading = false
		m.err = msg.err
		if msg.err != nil {
			return m, nil
		}
		if msg.paths != nil {
			// The branch and repository state are the whole status's.
			m.items = mergeItems(m.items, msg.items, msg.paths)
		} else {
			m.status, m.items = msg.status, msg.items
		}
		m.loaded = true
		m.rebuild()
		m.reselect()
		m.gen++ // the same file too: its diff changed
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg.String())
	case pane.WheelMsg:
		m.top += msg.Delta
		m.top = min(max(m.top, 0), max(len(m.rows)-m.listHeight(), 0))
		return m, nil
	case pane.ClickMsg:
		i := m.top + msg.Y - 1
		if msg.Y >= 1 && i < len(m.rows) && m.rows[i].Selectable() && i != m.cursor {
			m.cursor = i
			m.gen++
		}
	}
	return m, nil
}

func (m Model) key(k string) (Model, tea.Cmd) {
	ks := m.env.Keys
	page := max(m.listHeight()/2, 1)
	switch {
	case ks.Is("list.down", k):
		return m.move(1)
	case ks.Is("list.up", k):
		return m.move(-1)
	case ks.Is("list.half-down", k):
		return m.move(page)
	case ks.Is("list.half-up", k):
		return m.move(-page)
	case ks.Is("list.top", k):
		return m.move(-len(m.rows))
	case ks.Is("list.bottom", k):
		return m.move(len(m.rows))
	case ks.Is("files.history", k):
		return m, m.history()
	}
	return m, nil
}

// history asks the root for the File history screen on the selected
// file (a staged rename's history is its source's so far).
func (m Model) history() tea.Cmd {
	var msg tea.Msg
	if why := m.historyDisabled(); why != "" {
		msg = pane.StatusMsg{Text: why}
	} else {
		it, _ := m.SelectedItem()
		path := it.Path
		if it.OrigPath != "" && it.Group == Staged {
			path = it.OrigPath
		}
		msg = pane.OpenHistoryMsg{Path: path}
	}
	return func() tea.Msg { return msg }
}

// historyDisabled is why H does nothing on the selected row.
func (m Model) historyDisabled() string {
	it, ok := m.SelectedItem()
	switch {
	case !ok:
		return "select a file: H shows its history"
	case it.Group == Untracked:
		return it.Path + " is untracked: it has no history yet"
	}
	return ""
}

// ToggleTree switches between the flat list and the directory tree,
// keeping the selection (a directory's first file, going flat).
func (m Model) ToggleTree() Model {
	var prev Key
	r, ok := m.selectedRow()
	if ok {
		prev = r.Key(m.items)
	}
	m.tree = !m.tree
	m.rebuild()
	m.prev, m.prevIndex, m.otherSide = prev, m.cursor, false
	if ok && r.Kind == RowDir {
		// A directory has no row in the flat list: its first file.
		m.prev = Key{}
		for i, rr := range m.rows {
			if rr.Kind == RowFile && rr.Group == r.Group && strings.HasPrefix(m.items[rr.Item].Path, r.Dir) {
				m.cursor = i
				break
			}
		}
		m.clamp()
		m.gen++
		return m
	}
	m.reselect()
	m.gen++
	return m
}

// ToggleDir collapses or expands the directory under the cursor (tree
// view); it reports false on any other row.
func (m Model) ToggleDir() (Model, bool) {
	r, ok := m.selectedRow()
	if !ok || r.Kind != RowDir {
		return m, false
	}
	k := r.Key(m.items)
	if m.collapsed[k] {
		delete(m.collapsed, k)
	} else {
		m.collapsed[k] = true
	}
	m.rebuild()
	m.cursor = min(m.cursor, len(m.rows)-1)
	m.clamp()
	return m, true
}

// move moves the cursor by d selectable rows.
func (m Model) move(d int) (Model, tea.Cmd) {
	sel := m.selectable()
	if len(sel) == 0 {
		return m, nil
	}
	at := 0
	for i, r := range sel {
		if r <= m.cursor {
			at = i
		}
	}
	next := sel[min(max(at+d, 0), len(sel)-1)]
	if next == m.cursor {
		return m, nil
	}
	m.cursor = next
	m.clamp()
	m.gen++
	return m, nil
}

func (m Model) selectable() []int {
	var out []int
	for i, r := range m.rows {
		if r.Selectable() {
			out = append(out, i)
		}
	}
	return out
}

// rebuild lays the items out as rows in the current view.
func (m *Model) rebuild() {
	if m.tree {
		m.rows = Tree(m.items, func(k Key) bool { return m.collapsed[k] })
	} else {
		m.rows = Flat(m.items)
	}
}

// reselect puts the cursor back after a rebuild: on the same row, else
// the same path in another group (when asked), else the same place.
func (m *Model) reselect() {
	defer m.clamp()
	if m.prev != (Key{}) {
		for i, r := range m.rows {
			if r.Selectable() && r.Key(m.items) == m.prev {
				m.cursor = i
				return
			}
		}
		if m.otherSide {
			for _, g := range []Group{Unstaged, Staged, Untracked, Conflicted} {
				for i, r := range m.rows {
					if r.Selectable() && r.Key(m.items) == (Key{Group: g, Path: m.prev.Path}) {
						m.cursor = i
						return
					}
				}
			}
		}
	}
	sel := m.selectable()
	if len(sel) == 0 {
		m.cursor = 0
		return
	}
	m.cursor = sel[len(sel)-1]
	for _, i := range sel {
		if i >= m.prevIndex {
			m.cursor = i
			return
		}
	}
}

// listHeight is the number of rows shown under the title.
func (m Model) listHeight() int { return max(m.height-1, 1) }

// clamp keeps the cursor on a selectable row and in the window.
func (m *Model) clamp() {
	if sel := m.selectable(); len(sel) > 0 {
		if m.cursor < 0 || m.cursor >= len(m.rows) || !m.rows[m.cursor].Selectable() {
			m.cursor = sel[0]
			for _, i := range sel {
				if i <= m.cursor {
					m.cursor = i
				}
			}
		}
	}
	h := m.listHeight()
	first := m.cursor
	if first > 0 && !m.rows[first-1].Selectable() {
		first-- // the heading above the first row of a group stays in view
	}
	if first < m.top {
		m.top = first
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = min(max(m.top, 0), max(len(m.rows)-h, 0))
}

// DiffGen is DiffRequest's number, without building the request.
func (m Model) DiffGen() uint64 { return m.gen }

// DiffRequest is the diff to show beside the list: the selected row's (a
// directory's files one after another), or no file when nothing is
// selected. Its number changes whenever the request does; the root opens
// the diff pane when it sees a new one, in the same Update, so quick
// moves cannot open diffs out of order.
func (m Model) DiffRequest() (pane.OpenDiffMsg, uint64) {
	msg := pane.OpenDiffMsg{Staging: true, Source: pane.DiffSource{Unstaged: true, Title: "no changes"}}
	if r, items, ok := m.Selected(); ok {
		msg.Source = Source(r.Group)
		for _, it := range items {
			msg.Files = append(msg.Files, it.Change)
		}
	}
	return msg, m.gen
}

// Source is the comparison a group's diffs come from.
func Source(g Group) pane.DiffSource {
	switch g {
	case Staged:
		return pane.DiffSource{Staged: true, Title: "staged"}
	case Untracked:
		return pane.DiffSource{Unstaged: true, Title: "untracked"}
	case Conflicted:
		return pane.DiffSource{Unstaged: true, Title: "conflict: ours against the work tree"}
	}
	return pane.DiffSource{Unstaged: true, Title: "unstaged"}
}
