// Package historypane is the File history screen: every commit that
// changed one file, following renames, as a list that streams in while
// the walk goes on; beside or below it the selected commit's change to
// the file (in a diff pane the root owns), the whole file as of that
// commit with syntax colours, or its blame coloured by age with a stack
// of "blame before this change". A range of lines chosen in the file view
// narrows the list to the commits that changed those lines.
//
// Every read runs in a command with a context the pane cancels when the
// answer is no longer wanted (another file, another selection, the screen
// left), and comes back tagged with a request id.
package historypane

import (
	"context"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/pane"
)

// area is the part of the screen that has the keyboard.
type area uint8

const (
	areaList area = iota
	areaDetail
)

// Reviewer reviews the change t makes to the files at paths (one file,
// under its old and new names) and returns the findings on them. It runs
// in a command, off the UI goroutine.
type Reviewer func(ctx context.Context, t gitops.ReviewTarget, paths []string) ([]iac.Finding, error)

// Option configures New.
type Option func(*Model)

// WithReviewer sets what reviews the selected change (tests pass their
// own; without one the pane uses gitops' review with a cache of its own).
func WithReviewer(r Reviewer) Option { return func(m *Model) { m.reviewer = r } }

// Model is the File history screen's state. Make one with New.
type Model struct {
	env      *pane.Env
	reviewer Reviewer
	seq      pane.Seq

	path string      // the file, named as it is at rev
	rev  gitops.Hash // where the walk starts; zero: HEAD
	open bool        // a file is open
	// paused: the screen is not shown; a walk cut short then is walked
	// again when it comes back.
	paused bool
	tipped bool // the changed-path filters tip was given
	// writingGraph: git is writing the commit-graph (commitgraph.go);
	// indexing: reef's history index; indexFailed: it could not be
	// written, and is not tried again while reef runs (git too old to
	// write filters, a read-only repository).
	writingGraph, indexing, indexFailed bool
	slowAfter                           time.Duration // slowWalk, or less in tests

	list   list
	walk   walk
	lines  *lineMode // the list holds a line range's history
	filter textinput.Model
	typing bool

	// worktree: the diff compares the work-tree file with the selected
	// version (W); otherwise with a mark, marked and selected; otherwise
	// the selected commit's own change.
	worktree bool

	stats      map[gitops.Hash]stat
	statsAsked map[gitops.Hash]bool
	counting   int // count requests awaited

	settling uint64 // the selection's settle tick awaited
	settled  uint64 // the last one that came
	det      detail
	content  bool // the detail shows the whole file rather than the diff
	file     fileView
	blames   []blameView // the blame stack; the top is shown
	blameCmp bool        // a blamed line's diff is shown over the blame

	focus         area
	focused       bool
	width, height int
}

// New returns the pane with no file; Open gives it one.
func New(env *pane.Env, opts ...Option) Model {
	ti := textinput.New()
	ti.Prompt = "/"
	ti.Placeholder = "author or message"
	st := ti.Styles()
	st.Cursor.Blink = false
	ti.SetStyles(st)
	m := Model{env: env, filter: ti, focused: true, width: 80, height: 24, slowAfter: slowWalk,
		stats: map[gitops.Hash]stat{}, statsAsked: map[gitops.Hash]bool{}}
	for _, o := range opts {
		o(&m)
	}
	if m.reviewer == nil && env.Repo != nil {
		m.reviewer = RepoReviewer(env.Repo, iac.NewCache(reviewCacheSize))
	}
	return m
}

// reviewCacheSize is how many analyzer runs the screen's review cache
// keeps.
const reviewCacheSize = 512

// RepoReviewer reviews with gitops, limited to the file's paths, sharing
// cache between reviews (nil: none).
func RepoReviewer(repo *gitops.Repo, cache *iac.Cache) Reviewer {
	return func(ctx context.Context, t gitops.ReviewTarget, paths []string) ([]iac.Finding, error) {
		res, err := repo.Review(ctx, t, gitops.ReviewOptions{Paths: paths, Cache: cache})
		if err != nil || res == nil {
			return nil, err
		}
		return res.Findings, nil
	}
}

// Open shows the history of path (from the top of the work tree) walking
// back from rev (zero: HEAD). Opening the file already shown keeps the
// screen as it is; another file cancels the walk under way.
func (m Model) Open(path string, rev gitops.Hash) (Model, tea.Cmd) {
	if m.open && path == m.path && rev == m.rev {
		return m.Resume()
	}
	m = m.reset(path, rev)
	return m.startWalk(walkSpec{path: path, rev: rev})
}

// reset empties the screen for the history of path from rev.
func (m Model) reset(path string, rev gitops.Hash) Model {
	m.walk.stop()
	m.det.stop()
	m.path, m.rev, m.open, m.paused = path, rev, true, false
	m.list = list{}
	m.lines = nil
	m.typing = false
	m.worktree, m.content, m.blameCmp = false, false, false
	m.file = fileView{sel: -1}
	m.blames = nil
	m.det = detail{gen: m.det.gen + 1}
	m.focus = areaList
	m.stats, m.statsAsked, m.counting = map[gitops.Hash]stat{}, map[gitops.Hash]bool{}, 0
	return m
}

// Pause is called when the screen is left: a walk under way is cancelled
// (it goes on where it was when the screen comes back).
func (m Model) Pause() Model {
	m.paused = true
	m.walk.pause()
	return m
}

// Resume is called when the screen comes back: a walk cut short goes on.
func (m Model) Resume() (Model, tea.Cmd) {
	m.paused = false
	if !m.open || !m.walk.stale {
		return m, nil
	}
	return m.restartWalk()
}

// SetSize sets the size of the whole screen body.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 1)
	m.clampAll()
}

// Focus and Blur tell the pane whether the keyboard is its.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away.
func (m *Model) Blur() { m.focused = false }

// Path is the file shown ("" when none) and the revision its history
// starts from.
func (m Model) Path() (string, gitops.Hash) { return m.path, m.rev }

// Capturing reports whether the pane takes every key (the filter is
// typed), so the root must not treat them as global keys.
func (m Model) Capturing() bool { return m.typing }

// Loaded reports how many commits are listed and whether the walk is
// over (or stopped by an error).
func (m Model) Loaded() (int, bool) {
	return len(m.list.rows), !m.open || m.walk.done || m.walk.err != nil
}

// Shown names what the detail area shows: "diff", "file" or "blame".
func (m Model) Shown() string {
	switch m.shown() {
	case showFile:
		return "file"
	case showBlame:
		return "blame"
	}
	return "diff"
}

// Settled reports whether the screen has every answer it asked for: the
// walk is over, the rows on screen have their counts, and the detail its
// diff, review, file or blame (for tests and journeys that wait for a
// still screen).
func (m Model) Settled() bool {
	if !m.open {
		return true
	}
	if _, done := m.Loaded(); !done || m.counting > 0 || m.settling != m.settled || m.det.loading || m.det.reviewing {
		return false
	}
	switch m.shown() {
	case showFile:
		return !m.file.loading
	case showBlame:
		return !m.topBlame().loading
	}
	return true
}

// Selected is the selected commit (zero when none) and the file's name
// in it.
func (m Model) Selected() (gitops.Hash, string) {
	v := m.selectedVersion()
	return v.commit, v.path
}

// Err is the error that stopped the walk, if any.
func (m Model) Err() error { return m.walk.err }

func (m *Model) ctx() context.Context {
	if m.env.Ctx != nil {
		return m.env.Ctx
	}
	return context.Background()
}

// Update handles the pane's own answers and keys. Keys the pane does not
// take while the diff has the keyboard are the diff pane's: see Key.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		return m.page(msg)
	case graphWrittenMsg:
		return m.graphWritten(msg)
	case afterWalkMsg:
		return m.afterWalk(msg)
	case indexWrittenMsg:
		return m.indexWritten(msg)
	case statsMsg:
		if msg.file == m.path {
			m.counting = max(m.counting-1, 0)
			for id, s := range msg.stats {
				m.stats[id] = s
			}
		}
		return m, nil
	case settleMsg:
		if msg.id != m.settling {
			return m, nil
		}
		m.settled = msg.id
		return m.showSelected()
	case compareMsg:
		return m.compared(msg)
	case findingsMsg:
		return m.reviewed(msg)
	case contentMsg:
		m.file = m.file.loaded(msg)
		m.clampAll()
		return m, nil
	case blameMsg:
		n := len(m.blames)
		if n == 0 || msg.id != m.blames[n-1].id {
			return m, nil
		}
		m.blames = append([]blameView(nil), m.blames...)
		m.blames[n-1] = m.blames[n-1].loaded(msg)
		m.clampAll()
		if msg.err != nil {
			return m, nil
		}
		return m, afterWalkCmd(m.env.Repo, m.env.HistoryIndex, msg.slow)
	case pane.WheelMsg:
		if m.focus == areaList {
			return m.move(msg.Delta)
		}
		return m.wheel(msg.Delta), nil
	case pane.ClickMsg:
		return m.click(msg)
	case tea.KeyPressMsg:
		mm, cmd, _ := m.Key(msg)
		return mm, cmd
	}
	return m, nil
}
