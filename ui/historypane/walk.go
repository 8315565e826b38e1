package historypane

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// Page sizes: the first pages are small, so the first rows of a file
// changed rarely show before the walk has gone far (the first row as soon
// as it is found, the rest of the screen as soon as they are); later pages
// are large, so a long history streams in few steps. The list holds 1
// row, then a screen's worth, then at least thirdPage rows, then grows by
// nextPage.
const (
	firstPage = 1
	thirdPage = 40
	nextPage  = 300
)

// entry is one row of the list: a commit that changed the file.
type entry struct {
	commit *gitops.Commit
	// path is the file's name in this commit; oldPath its name before
	// the commit when the commit renamed it.
	path, oldPath string
	// A line history's rows (lineRow): the range's lines in this commit,
	// the commit's change to the file (nil for a merge) and the counts of
	// its change to the lines.
	lineRow  bool
	from, to int
	change   *gitops.FileChange
	added    int
	deleted  int
}

// pager reads a walk's pages. One command uses it at a time: the pane
// asks for the next page only once the last one is answered.
type pager interface {
	next(ctx context.Context, n int) ([]entry, error)
	// searched is how far the walk has looked after the last page.
	searched() searched
}

// searched is how far a walk has looked: the commits it has read and the
// date it has searched back to. A long search for a file changed rarely
// says so while the list stays empty.
type searched struct {
	walked  int
	reached time.Time
}

type filePager struct{ h *gitops.FileHistory }

func (p filePager) searched() searched {
	walked, reached := p.h.Progress()
	return searched{walked, reached}
}

func (p filePager) next(ctx context.Context, n int) ([]entry, error) {
	page, err := p.h.Next(ctx, n)
	out := make([]entry, len(page))
	for i, e := range page {
		out[i] = entry{commit: e.Commit, path: e.Path, oldPath: e.OldPath}
	}
	return out, err
}

// walkSpec says what a walk lists: the history of path from rev, or,
// with lines, the commits that changed lines from..to of path at rev.
type walkSpec struct {
	path     string
	rev      gitops.Hash
	lines    bool
	from, to int
}

// walk is the state of the list's walk.
type walk struct {
	spec    walkSpec
	id      uint64
	ctx     context.Context // the walk's, cancelled by cancel
	cancel  context.CancelFunc
	pager   pager
	loading bool
	done    bool
	err     error
	// seen counts the entries this walk produced: a walk started again
	// (after the screen was left) re-reads what the list already holds,
	// and only entries past those are new.
	seen int
	// stale: cancelled before its end; walked again on Resume.
	stale bool
	// indexAsked: a page of this walk already asked whether to write
	// reef's history index.
	indexAsked bool
	// searched: how far the walk has looked, as of its last page.
	searched searched
	// onDisk: the file is in the work tree (an empty history means it
	// was never committed).
	onDisk bool
}

// stop cancels the walk's command; its answer will be dropped.
func (w *walk) stop() {
	if w.cancel != nil {
		w.cancel()
		w.cancel = nil
	}
	w.id, w.ctx = 0, nil
}

// pause cancels a walk under way and remembers to walk again.
func (w *walk) pause() {
	if w.loading && !w.done {
		w.stop()
		w.loading, w.stale = false, true
	}
}

// startWalk starts a new walk of spec, into an empty list.
func (m Model) startWalk(spec walkSpec) (Model, tea.Cmd) {
	m.walk.stop()
	m.walk = walk{spec: spec}
	return m.restartWalk()
}

// restartWalk (re)starts the walk of m.walk.spec; entries the list
// already holds are checked against the new walk rather than added again.
func (m Model) restartWalk() (Model, tea.Cmd) {
	m.walk.stop()
	ctx, cancel := context.WithCancel(m.ctx())
	m.walk.id, m.walk.ctx, m.walk.cancel = m.seq.Next(), ctx, cancel
	m.walk.loading, m.walk.done, m.walk.err, m.walk.stale, m.walk.seen, m.walk.pager = true, false, nil, false, 0, nil
	m.walk.searched = searched{}
	m.walk.indexAsked = false
	return m, startCmd(ctx, m.env.Repo, m.walk.id, m.walk.spec, m.slowAfter)
}

// startCmd opens the walk and reads its first page.
func startCmd(ctx context.Context, repo *gitops.Repo, id uint64, spec walkSpec, slow time.Duration) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		p, err := openPager(ctx, repo, spec)
		if err != nil {
			return pageMsg{id: id, err: err}
		}
		// A slow walk ends with reef's history index written, or with
		// the tip to have git write the filters.
		p = timedPager{p, start, slow}
		msg := readPage(ctx, p, id, firstPage)
		msg.pager, msg.onDisk = p, onDisk(repo, spec.path)
		return msg
	}
}

// onDisk reports whether path is a file in the work tree: a history
// that comes out empty then says the file is not committed yet, rather
// than asking whether its name is right.
func onDisk(repo *gitops.Repo, path string) bool {
	top := repo.WorkTree()
	if top == "" {
		return false
	}
	st, err := os.Lstat(filepath.Join(top, filepath.FromSlash(path)))
	return err == nil && !st.IsDir()
}

func openPager(ctx context.Context, repo *gitops.Repo, spec walkSpec) (pager, error) {
	if spec.lines {
		return openLinePager(ctx, repo, spec)
	}
	o := gitops.FileHistoryOptions{Paths: []string{spec.path}, Follow: true, Soon: streamEvery}
	if !spec.rev.IsZero() {
		o.Revs = []string{spec.rev.String()}
	}
	h, err := repo.FileHistory(ctx, o)
	if err != nil {
		return nil, err
	}
	return filePager{h}, nil
}

func nextCmd(ctx context.Context, p pager, id uint64, n int) tea.Cmd {
	return func() tea.Msg { return readPage(ctx, p, id, n) }
}

// streamEvery is how long a page of a walk may take before it returns
// the rows it has found: on a big history the list fills as the walk
// goes rather than a screenful at a time. At 200x50 on a 50k-commit
// history the list's 14th row showed at 136-140 ms with 60 ms against
// 228-286 ms with 250 ms, and its last at about the same time (each
// return costs a round trip through Update, 1-5% of the whole walk).
const streamEvery = 60 * time.Millisecond

// slowWalk is how long a whole walk (or a blame) may take before reef
// writes its history index (or suggests changed-path filters). The whole
// history of a busy file over 50,000 commits showed 465-610 ms after
// reef started without them, 75-160 ms with them.
const slowWalk = 250 * time.Millisecond

// timedPager remembers when a walk started, and when it is slow.
type timedPager struct {
	pager
	start time.Time
	slow  time.Duration
}

// readPage reads a page. A walk is slow at its end after slowWalk; on
// the way, only after eight times that: the history index written while
// the walk goes on would slow it down, but a walk that long (a file
// changed rarely in a long history) may well be left before its end,
// and would then never ask for it.
func readPage(ctx context.Context, p pager, id uint64, n int) pageMsg {
	entries, err := p.next(ctx, n)
	tp, timed := p.(timedPager)
	took := time.Duration(0)
	if timed {
		took = time.Since(tp.start)
	}
	if errors.Is(err, io.EOF) {
		return pageMsg{id: id, entries: entries, done: true, slow: timed && took > tp.slow}
	}
	return pageMsg{id: id, entries: entries, err: err, searched: p.searched(), slow: timed && took > 8*tp.slow}
}

// page takes a page of the walk into the list and asks for the next one
// at once: long walks stream in until the end, the screen is left, or
// another file is opened.
func (m Model) page(msg pageMsg) (Model, tea.Cmd) {
	if msg.id != m.walk.id || m.walk.id == 0 {
		return m, nil // a walk stopped since: another file, or the screen left
	}
	if msg.pager != nil {
		m.walk.pager, m.walk.onDisk = msg.pager, msg.onDisk
	}
	first := len(m.list.rows) == 0 && len(msg.entries) > 0
	before := m.selected()
	m.merge(msg.entries)
	m.walk.loading = false
	m.walk.searched = msg.searched
	var cmds []tea.Cmd
	switch {
	case msg.err != nil:
		m.walk.err = msg.err
		m.walk.stop()
	case msg.done:
		m.walk.done = true
		m.walk.stop()
		if !m.walk.indexAsked {
			cmds = append(cmds, afterWalkCmd(m.env.Repo, m.env.HistoryIndex, msg.slow))
		}
		if m.walk.seen < len(m.list.rows) {
			// Walked again, history came out shorter (rewritten meanwhile).
			m.list.rows = m.list.rows[:m.walk.seen:m.walk.seen]
			m.list.refilter()
			if m.list.mark > len(m.list.rows) {
				m.list.mark = 0
			}
			m.clampAll()
		}
	default:
		if msg.slow && !m.walk.indexAsked {
			m.walk.indexAsked = true
			cmds = append(cmds, afterWalkCmd(m.env.Repo, m.env.HistoryIndex, true))
		}
		m.walk.loading = true
		n := nextPage
		screen := max(m.listHeight(), 2)
		switch {
		case m.walk.seen < screen:
			n = screen - m.walk.seen
		case m.walk.seen < max(thirdPage, 2*screen):
			n = max(thirdPage, 2*screen) - m.walk.seen
		}
		cmds = append(cmds, nextCmd(m.walk.ctx, m.walk.pager, m.walk.id, n))
	}
	if first || m.selected() != before {
		cmds = append(cmds, m.selectionChanged())
	}
	cmds = append(cmds, m.askStats())
	return m, tea.Batch(cmds...)
}

// merge adds a page to the list. A walk started again produces what the
// list holds first: those entries are skipped while they agree, and when
// one does not (history changed meanwhile) the list is cut there and
// goes on with the new walk.
func (m *Model) merge(entries []entry) {
	l := &m.list
	cut := false
	var added []entry
	for _, e := range entries {
		at := m.walk.seen
		m.walk.seen++
		if at < len(l.rows) && !cut {
			if l.rows[at].commit.ID == e.commit.ID {
				continue
			}
			l.rows = l.rows[:at:at]
			cut = true
		}
		added = append(added, e)
	}
	if cut {
		l.refilter()
		if l.mark > len(l.rows) {
			l.mark = 0
		}
	}
	if len(added) == 0 {
		return
	}
	offset := len(l.rows)
	l.rows = append(l.rows, added...)
	l.filterFrom(offset)
	m.clampAll()
}
