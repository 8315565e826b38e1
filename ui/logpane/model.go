// Package logpane is the Log screen: the commit graph as a list that
// streams history in pages, and beside it the selected commit's details
// and changed files. Opening a file asks the root for the diff pane.
package logpane

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/keys"
	"reef/ui/pane"
)

// pageSize is how many commits a page reads; the first page fills a
// screen many times over, so scrolling rarely waits.
const pageSize = 200

// Area is the part of the pane that has focus.
type Area int

// Focusable areas.
const (
	AreaList Area = iota
	AreaFiles
)

// Model is the Log screen's state.
type Model struct {
	env *pane.Env
	seq pane.Seq

	refsReq uint64
	head    gitops.HeadState
	decor   map[gitops.Hash][]decoration

	histReq  uint64
	pager    pager
	rows     []row
	loading  bool // a page request is out
	done     bool
	wantEnd  bool // G: keep reading to the root
	err      error
	fileMode string // the path a path filter lists the history of

	filter   textinput.Model
	typing   bool   // the filter input has the keyboard
	query    string // the applied filter
	visible  []int  // rows matching query; nil when no filter
	cursor   int    // index into the visible rows
	top      int
	focus    Area
	focused  bool
	width    int
	height   int
	detail   detail
	settling uint64
	// mark is the row (an index into rows, plus one; zero for none) that
	// is one end of a range; the cursor is the other.
	mark int
}

// detail is what the right side shows for the selected commit.
type detail struct {
	commit  gitops.Hash
	req     uint64
	files   []gitops.FileChange
	stats   map[int][2]int
	loading bool
	err     error
	cursor  int
	top     int
}

// New returns the pane; Init starts reading.
func New(env *pane.Env) Model {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "subject, author, hash — or path:FILE"
	// A steady cursor: a blinking one redraws the screen twice a second
	// for nothing.
	st := ti.Styles()
	st.Cursor.Blink = false
	ti.SetStyles(st)
	return Model{env: env, filter: ti, loading: true, focused: true, width: 80, height: 24}
}

// Init reads the refs and the first page of history.
func (m *Model) Init() tea.Cmd {
	m.refsReq, m.histReq = m.seq.Next(), m.seq.Next()
	m.loading = true
	return tea.Batch(loadRefs(m.env.Ctx, m.env.Repo, m.refsReq), startLog(m.env.Ctx, m.env.Repo, m.histReq, pageSize))
}

// SetSize sets the pane's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.clamp()
}

// Focus and Blur tell the pane whether the keyboard is its.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away.
func (m *Model) Blur() { m.focused = false }

// Capturing reports whether the pane takes every key (the filter is
// being typed), so the root must not treat them as global keys.
func (m Model) Capturing() bool { return m.typing }

// Loaded reports how many commits are loaded and whether that is all.
func (m Model) Loaded() (int, bool) { return len(m.rows), m.done }

// Selected is the commit under the cursor (zero when none), for the
// Review screen.
func (m Model) Selected() gitops.Hash { return m.selected() }

// Range is the marked commit and the selected one, older first, when a
// mark is set and the cursor is on another commit. Rows are in the order
// the log prints them, so the lower row is the older end.
func (m Model) Range() (from, to gitops.Hash, ok bool) {
	if m.mark == 0 || m.mark > len(m.rows) {
		return from, to, false
	}
	sel := m.selectedRow()
	if sel == nil {
		return from, to, false
	}
	marked := m.rows[m.mark-1].commit.ID
	if marked == sel.commit.ID {
		return from, to, false
	}
	cur := m.cursor
	if m.visible != nil {
		cur = m.visible[m.cursor]
	}
	if cur > m.mark-1 {
		return sel.commit.ID, marked, true
	}
	return marked, sel.commit.ID, true
}

// Marked is the marked commit (zero when none).
func (m Model) Marked() gitops.Hash {
	if m.mark == 0 || m.mark > len(m.rows) {
		return gitops.Hash{}
	}
	return m.rows[m.mark-1].commit.ID
}

// Err is the error that stopped history, if any.
func (m Model) Err() error { return m.err }

// Update handles messages.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case refsMsg:
		if msg.req == m.refsReq {
			m.head, m.decor = msg.head, msg.decor
			if msg.err != nil {
				m.err = msg.err
			}
		}
		return m, nil
	case pagerMsg:
		if msg.req != m.histReq {
			return m, nil
		}
		m.pager = msg.p
		return m.page(msg.pageMsg)
	case pageMsg:
		if msg.req != m.histReq {
			return m, nil
		}
		return m.page(msg)
	case settleMsg:
		if msg.req != m.settling || msg.commit != m.selected() {
			return m, nil
		}
		m.detail = detail{commit: msg.commit, req: m.seq.Next(), loading: true}
		return m, loadFiles(m.env.Ctx, m.env.Repo, m.detail.req, msg.commit)
	case filesMsg:
		if msg.req != m.detail.req {
			return m, nil
		}
		m.detail.loading, m.detail.files, m.detail.err = false, msg.files, msg.err
		if msg.err != nil || len(msg.files) == 0 {
			return m, nil
		}
		return m, loadStats(m.env.Ctx, m.env.Repo, m.detail.req, msg.commit, msg.files)
	case statsMsg:
		if msg.req == m.detail.req {
			m.detail.stats = msg.stats
		}
		return m, nil
	case pane.WheelMsg:
		if m.focus == AreaFiles {
			m.moveFile(msg.Delta)
			return m, nil
		}
		return m.move(msg.Delta)
	case pane.ClickMsg:
		return m.click(msg)
	case tea.KeyPressMsg:
		if m.typing {
			return m.filterKey(msg)
		}
		return m.key(msg.String())
	}
	return m, nil
}

func (m Model) page(msg pageMsg) (Model, tea.Cmd) {
	m.loading = false
	first := len(m.rows) == 0
	m.rows = append(m.rows, msg.entries...)
	if m.query != "" {
		m.refilter(msg.entries, len(m.rows)-len(msg.entries))
	}
	if msg.err != nil {
		m.err = msg.err
		return m, nil
	}
	m.done = msg.done
	var cmds []tea.Cmd
	if m.wantEnd {
		m.cursor = m.count() - 1
		m.clamp()
		if m.done {
			m.wantEnd = false
		}
	}
	if first || m.wantEnd {
		cmds = append(cmds, m.selectionChanged())
	}
	cmds = append(cmds, m.maybeLoad())
	return m, tea.Batch(cmds...)
}

// key handles a key when the filter is not being typed.
func (m Model) key(k string) (Model, tea.Cmd) {
	ks := m.env.Keys
	switch {
	case ks.Is("list.filter", k):
		m.typing = true
		m.filter.SetValue(m.query)
		return m, m.filter.Focus()
	case m.focus == AreaFiles:
		return m.filesKey(k)
	case ks.Is("list.down", k):
		return m.move(1)
	case ks.Is("list.up", k):
		return m.move(-1)
	case ks.Is("list.half-down", k):
		return m.move(m.listHeight() / 2)
	case ks.Is("list.half-up", k):
		return m.move(-m.listHeight() / 2)
	case ks.Is("list.top", k):
		m.wantEnd = false
		return m.move(-m.cursor)
	case ks.Is("list.bottom", k):
		m.wantEnd = !m.done
		mm, cmd := m.move(m.count() - 1 - m.cursor)
		return mm, tea.Batch(cmd, mm.maybeLoad())
	case ks.Is("list.open", k):
		return m.openSelected(0)
	case ks.Is("log.refresh", k):
		return m.restart("")
	case ks.Is("log.mark", k):
		m.toggleMark()
	}
	return m, nil
}

func (m Model) filesKey(k string) (Model, tea.Cmd) {
	ks := m.env.Keys
	switch {
	case ks.Is("list.down", k):
		m.moveFile(1)
	case ks.Is("list.up", k):
		m.moveFile(-1)
	case ks.Is("list.half-down", k):
		m.moveFile(m.filesHeight() / 2)
	case ks.Is("list.half-up", k):
		m.moveFile(-m.filesHeight() / 2)
	case ks.Is("list.top", k):
		m.moveFile(-m.detail.cursor)
	case ks.Is("list.bottom", k):
		m.moveFile(len(m.detail.files))
	case ks.Is("list.open", k):
		return m.openSelected(m.detail.cursor)
	case ks.Is("files.history", k):
		return m, m.fileHistory()
	}
	return m, nil
}

// fileHistory asks the root for the File history screen on the selected
// file, walking back from the selected commit (where the file has that
// name).
func (m Model) fileHistory() tea.Cmd {
	if m.detail.cursor >= len(m.detail.files) {
		return nil
	}
	msg := pane.OpenHistoryMsg{Path: m.detail.files[m.detail.cursor].NewPath, Rev: m.detail.commit}
	return func() tea.Msg { return msg }
}

// openSelected asks the root to show the selected commit's diff from file i.
func (m Model) openSelected(i int) (Model, tea.Cmd) {
	c := m.selected()
	if c.IsZero() || m.detail.commit != c || len(m.detail.files) == 0 {
		return m, nil
	}
	files := m.detail.files
	title := m.env.Repo.ShortHash(c)
	if r := m.selectedRow(); r != nil {
		title += " " + r.commit.Subject
	}
	msg := pane.OpenDiffMsg{Source: pane.DiffSource{Commit: c, Title: title}, Files: files, Index: i}
	return m, func() tea.Msg { return msg }
}

// NextArea moves focus between the list and the files (tab); it reports
// false when focus should leave the pane.
func (m *Model) NextArea(back bool) bool {
	if back {
		if m.focus == AreaFiles {
			m.focus = AreaList
			return true
		}
		return false
	}
	if m.focus == AreaList && len(m.detail.files) > 0 {
		m.focus = AreaFiles
		return true
	}
	if m.focus == AreaFiles {
		m.focus = AreaList
	}
	return false
}

// toggleMark marks the selected commit as one end of a range, or clears
// the mark when it is on the selected commit.
func (m *Model) toggleMark() {
	r := m.cursor
	if m.visible != nil {
		if r >= len(m.visible) {
			return
		}
		r = m.visible[r]
	}
	if r >= len(m.rows) {
		return
	}
	if m.mark == r+1 {
		m.mark = 0
		return
	}
	m.mark = r + 1
}

// Back handles esc: leave the files for the list, clear a range mark, or
// clear a filter.
func (m Model) Back() (Model, tea.Cmd, bool) {
	if m.focus == AreaFiles {
		m.focus = AreaList
		return m, nil, true
	}
	if m.mark != 0 {
		m.mark = 0
		return m, nil, true
	}
	if m.query != "" {
		mm, cmd := m.applyFilter("")
		return mm, cmd, true
	}
	return m, nil, false
}

// Keys returns the bindings that apply now, with reasons for those that
// do nothing, for the help overlay and the footer.
func (m Model) Keys() []keys.Binding {
	var out []keys.Binding
	for _, b := range m.env.Keys.In(keys.List) {
		switch b.ID {
		case "list.open":
			if len(m.detail.files) == 0 {
				b.Disabled = "the selected commit has no file changes loaded yet"
			}
		case "list.bottom":
			if m.focus == AreaList && !m.done {
				b.Help = "last commit: loads the rest of history"
			}
		}
		out = append(out, b)
	}
	if m.focus == AreaList {
		out = append(out, m.env.Keys.In(keys.Log)...)
	} else {
		out = append(out, m.env.Keys.In(keys.Files)...)
	}
	if m.typing {
		out = m.env.Keys.In(keys.Filter)
	}
	return out
}

func (m Model) count() int {
	if m.visible != nil {
		return len(m.visible)
	}
	return len(m.rows)
}

func (m Model) rowAt(i int) *row {
	if m.visible != nil {
		if i < 0 || i >= len(m.visible) {
			return nil
		}
		return &m.rows[m.visible[i]]
	}
	if i < 0 || i >= len(m.rows) {
		return nil
	}
	return &m.rows[i]
}

func (m Model) selectedRow() *row { return m.rowAt(m.cursor) }

func (m Model) selected() gitops.Hash {
	if r := m.selectedRow(); r != nil {
		return r.commit.ID
	}
	return gitops.Hash{}
}

func (m Model) move(d int) (Model, tea.Cmd) {
	before := m.selected()
	if d != 0 {
		m.wantEnd = m.wantEnd && d > 0
	}
	m.cursor += d
	m.clamp()
	var cmds []tea.Cmd
	if m.selected() != before {
		cmds = append(cmds, m.selectionChanged())
	}
	cmds = append(cmds, m.maybeLoad())
	return m, tea.Batch(cmds...)
}

// selectionChanged clears the details and waits for the cursor to rest.
func (m *Model) selectionChanged() tea.Cmd {
	c := m.selected()
	if c.IsZero() || c == m.detail.commit {
		return nil
	}
	m.detail = detail{commit: c, loading: true}
	m.settling = m.seq.Next()
	return settle(m.settling, c)
}

func (m *Model) moveFile(d int) {
	m.detail.cursor = min(max(m.detail.cursor+d, 0), max(len(m.detail.files)-1, 0))
	h := m.filesHeight()
	if m.detail.cursor < m.detail.top {
		m.detail.top = m.detail.cursor
	}
	if m.detail.cursor >= m.detail.top+h {
		m.detail.top = m.detail.cursor - h + 1
	}
}

func (m *Model) clamp() {
	n := m.count()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	h := m.listHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(m.top, 0)
}

// maybeLoad asks for the next page when the cursor comes within two
// screens of the end of what is loaded, or G asked for everything.
func (m *Model) maybeLoad() tea.Cmd {
	if m.pager == nil || m.loading || m.done || m.err != nil {
		return nil
	}
	near := m.cursor >= m.count()-m.listHeight()*2
	if !m.wantEnd && !near && m.query == "" {
		return nil
	}
	if m.query != "" && !m.wantEnd && m.count() > m.cursor+m.listHeight()*2 {
		return nil
	}
	m.loading = true
	n := pageSize
	if m.wantEnd {
		n = 5000
	}
	return nextPage(m.env.Ctx, m.pager, m.histReq, n)
}

// restart drops the list and walks again: the whole log, or the history
// of path.
// Refresh reloads history and refs (after a commit), keeping the filter
// and the path the list is limited to.
func (m Model) Refresh() (Model, tea.Cmd) { return m.restart(m.fileMode) }

func (m Model) restart(path string) (Model, tea.Cmd) {
	m.histReq, m.refsReq = m.seq.Next(), m.seq.Next()
	m.rows, m.visible, m.pager = nil, nil, nil
	if m.query != "" {
		m.visible = []int{} // the filter stays: no row matches until rows come
	}
	m.cursor, m.top, m.done, m.wantEnd, m.err, m.loading = 0, 0, false, false, nil, true
	m.detail = detail{}
	m.mark = 0
	m.fileMode = path
	refs := loadRefs(m.env.Ctx, m.env.Repo, m.refsReq)
	if path != "" {
		return m, tea.Batch(refs, startFileLog(m.env.Ctx, m.env.Repo, m.histReq, path, pageSize))
	}
	return m, tea.Batch(refs, startLog(m.env.Ctx, m.env.Repo, m.histReq, pageSize))
}

func trimPath(q string) (string, bool) {
	p, ok := strings.CutPrefix(q, "path:")
	return strings.TrimSpace(p), ok
}
