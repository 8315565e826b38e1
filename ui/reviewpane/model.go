// Package reviewpane is the Review screen: a change read as
// infrastructure. For a commit, a range, the staged changes or the work
// tree it lists the risk findings (grouped by severity, critical first;
// what the change introduces before what it leaves or removes) and the
// per-environment, per-file, per-resource summary of what changed. Enter
// opens the diff pane at the line of a finding or a change.
//
// The review runs in a command tagged with the pane's request id, so an
// answer for a target the pane no longer shows is dropped.
package reviewpane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/keys"
	"reef/ui/pane"
)

// Area is the list that has the keyboard.
type Area int

// The two lists.
const (
	AreaFindings Area = iota
	AreaSummary
)

// Model is the Review screen's state. Make one with New.
type Model struct {
	env      *pane.Env
	reviewer Reviewer

	seq    pane.Seq
	want   uint64             // id of the review whose answer is wanted
	cancel context.CancelFunc // cancels that review

	offered  Target // the log's selection when the screen last came up
	hasOffer bool
	target   Target
	started  bool
	busy     bool
	err      error
	review   Review // the answer shown (kept while the same target is reviewed again)
	has      bool   // review holds an answer for target

	lists   [2]list
	area    Area
	focused bool
	width   int
	height  int
}

// Option configures New.
type Option func(*Model)

// WithReviewer sets what computes reviews (tests pass hand-made results;
// the program passes RepoReviewer with gitops' engine).
func WithReviewer(r Reviewer) Option { return func(m *Model) { m.reviewer = r } }

// New returns the pane; Offer or Review starts a review. Without
// WithReviewer it reviews env.Repo with GitopsEngine and a cache of its
// own.
func New(env *pane.Env, opts ...Option) Model {
	m := Model{env: env, focused: true, width: 80, height: 24}
	for _, o := range opts {
		o(&m)
	}
	if m.reviewer == nil && env.Repo != nil {
		m.reviewer = RepoReviewer(env.Repo, GitopsEngine(iac.NewCache(cacheSize)))
	}
	return m
}

// reviewedMsg carries a review's answer.
type reviewedMsg struct {
	id     uint64
	review Review
	err    error
}

// Offer is called when the screen comes up, with the commit selected in
// the Log (DefaultTarget when none is): a new selection is reviewed; the
// same one leaves the pane as it is (it may show the staged changes).
func (m Model) Offer(t Target) (Model, tea.Cmd) {
	if m.hasOffer && m.offered == t && m.started {
		return m, nil
	}
	m.offered, m.hasOffer = t, true
	return m.Review(t)
}

// Review reviews t, again when it is already shown (its answer stays on
// screen until the new one arrives).
func (m Model) Review(t Target) (Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	if !m.started || t != m.target {
		m.review, m.has = Review{}, false
		m.lists = [2]list{}
		m.area = AreaFindings
	}
	m.target, m.started, m.busy, m.err = t, true, true, nil
	m.want = m.seq.Next()
	if m.reviewer == nil {
		m.busy, m.err = false, errNoEngine
		return m, nil
	}
	ctx := context.Background()
	if m.env.Ctx != nil {
		ctx = m.env.Ctx
	}
	ctx, m.cancel = context.WithCancel(ctx)
	return m, reviewCmd(ctx, m.reviewer, m.want, t)
}

// reviewCmd runs a review; it holds copies, never the model.
func reviewCmd(ctx context.Context, r Reviewer, id uint64, t Target) tea.Cmd {
	return func() tea.Msg {
		rv, err := r(ctx, t)
		return reviewedMsg{id: id, review: rv, err: err}
	}
}

// SetSize sets the pane's size.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 1)
	m.clampLists()
}

// Focus and Blur tell the pane whether the keyboard is its.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away.
func (m *Model) Blur() { m.focused = false }

// Busy reports whether a review is running, and of what.
func (m Model) Busy() bool { return m.busy }

// Err is the error of the last review, if it failed.
func (m Model) Err() error { return m.err }

// Result is the review shown (nil while none is).
func (m Model) Result() *iac.Result {
	if !m.has {
		return nil
	}
	return m.review.Result
}

// Target is what the pane reviews.
func (m Model) Target() Target { return m.target }

// Update handles the pane's keys, the mouse and review answers.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case reviewedMsg:
		if msg.id != m.want {
			return m, nil // a review of something no longer shown
		}
		m.busy, m.cancel = false, nil
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.show(msg.review)
		return m, nil
	case pane.WheelMsg:
		m.lists[m.area].scroll(msg.Delta, m.listHeight(m.area))
		return m, nil
	case pane.ClickMsg:
		m.click(msg)
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg.String())
	}
	return m, nil
}

// show lays a review out: both lists are built once here.
func (m *Model) show(rv Review) {
	if rv.Result == nil {
		rv.Result = &iac.Result{}
	}
	keep := m.has
	old := m.lists
	m.review, m.has = rv, true
	m.lists = [2]list{newList(findingRows(rv.Result.Findings)), newList(summaryRows(rv.Result))}
	if keep {
		// The same target again: stay where the reader was.
		for a := range m.lists {
			m.lists[a].cursor = min(old[a].cursor, max(len(m.lists[a].sel)-1, 0))
			m.lists[a].top = old[a].top
		}
	}
	m.clampLists()
}

func (m *Model) clampLists() {
	for a := range m.lists {
		m.lists[a].clamp(m.listHeight(Area(a)))
	}
}

// key runs the binding a key names.
func (m Model) key(k string) (Model, tea.Cmd) {
	ks := m.env.Keys
	l := &m.lists[m.area]
	h := m.listHeight(m.area)
	switch {
	case ks.Is("review.staged", k):
		return m.Review(StagedTarget)
	case ks.Is("review.worktree", k):
		return m.Review(WorktreeTarget)
	case ks.Is("review.selected", k):
		if m.hasOffer {
			return m.Review(m.offered)
		}
		return m.Review(DefaultTarget)
	case ks.Is("review.refresh", k):
		if m.started {
			return m.Review(m.target)
		}
	case ks.Is("global.next-pane", k), ks.Is("global.prev-pane", k):
		m.area = 1 - m.area
	case ks.Is("list.down", k):
		l.move(1, h)
	case ks.Is("list.up", k):
		l.move(-1, h)
	case ks.Is("list.half-down", k):
		l.move(max(h/2, 1), h)
	case ks.Is("list.half-up", k):
		l.move(-max(h/2, 1), h)
	case ks.Is("list.top", k):
		l.move(-len(l.rows), h)
		l.top = 0
	case ks.Is("list.bottom", k):
		l.move(len(l.rows), h)
		l.top = max(len(l.rows)-h, 0)
		l.clamp(h)
	case ks.Is("list.open", k):
		return m, m.open()
	case ks.Is("files.history", k):
		return m, m.history()
	}
	return m, nil
}

// history asks the root for the File history screen on the selected
// row's file, walking back from the commit reviewed (HEAD for the staged
// changes and the work tree).
func (m Model) history() tea.Cmd {
	l := &m.lists[m.area]
	i := l.current()
	if !m.has || i < 0 {
		return nil
	}
	src := m.review.Source
	rev := src.Commit
	if rev.IsZero() {
		rev = src.Target
	}
	msg := pane.OpenHistoryMsg{Path: l.rows[i].open.path, Rev: rev}
	return func() tea.Msg { return msg }
}

// open asks the root for the diff pane at the selected row's file and
// line, with every finding of the review to mark.
func (m Model) open() tea.Cmd {
	if !m.has {
		return nil
	}
	l := &m.lists[m.area]
	i := l.current()
	if i < 0 {
		return nil
	}
	at := *l.rows[i].open
	index := fileIndex(m.review.Files, at.path)
	if index < 0 {
		err := &missingFileError{path: at.path}
		return func() tea.Msg { return pane.StatusMsg{Err: err} }
	}
	msg := pane.OpenDiffMsg{Source: m.review.Source, Files: m.review.Files, Index: index,
		Line: at.line, OldSide: at.old, Findings: m.review.Result.Findings}
	return func() tea.Msg { return msg }
}

// fileIndex finds a path among the changed files: by new path first, then
// by old path (a deleted or renamed file).
func fileIndex(files []gitops.FileChange, path string) int {
	for i, f := range files {
		if f.NewPath == path {
			return i
		}
	}
	for i, f := range files {
		if f.OldPath == path {
			return i
		}
	}
	return -1
}

// missingFileError says a finding names a file the diff does not list.
type missingFileError struct{ path string }

func (e *missingFileError) Error() string {
	return e.path + " is not among the changed files of this review, so there is no diff to open"
}

// NextArea moves the keyboard between the findings and the summary.
func (m *Model) NextArea() { m.area = 1 - m.area }

// Area is the list that has the keyboard.
func (m Model) Area() Area { return m.area }

// Keys returns the bindings that apply now, each with the reason it does
// nothing when it does nothing, for the help overlay and the footer.
func (m Model) Keys() []keys.Binding {
	var out []keys.Binding
	l := m.lists[m.area]
	for _, b := range m.env.Keys.In(keys.List) {
		switch b.ID {
		case "list.filter":
			continue
		case "list.open":
			switch {
			case !m.has:
				b.Disabled = "no review shown yet"
			case l.current() < 0:
				b.Disabled = "nothing here opens a diff"
			}
			if m.area == AreaFindings {
				b.Help = "open the diff at the finding's line"
			} else {
				b.Help = "open the diff at the change's line"
			}
		case "list.bottom":
			b.Help = "last item"
		}
		out = append(out, b)
	}
	h := m.env.Keys.Get("files.history")
	switch {
	case !m.has:
		h.Disabled = "no review shown yet"
	case l.current() < 0:
		h.Disabled = "select a finding or a change"
	}
	out = append(out, h)
	for _, b := range m.env.Keys.In(keys.Review) {
		switch b.ID {
		case "review.refresh":
			if !m.started {
				b.Disabled = "nothing reviewed yet"
			}
		}
		out = append(out, b)
	}
	return out
}
