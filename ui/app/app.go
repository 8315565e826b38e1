// Package app is reef's interactive program: the root Bubble Tea model. It
// owns the screens, focus, the help overlay and the status bar, and routes
// keys and mouse events to the panes. Update never does I/O; panes return
// commands that call gitops and come back as messages.
package app

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/diffpane"
	"reef/ui/historypane"
	"reef/ui/keys"
	"reef/ui/logpane"
	"reef/ui/pane"
	"reef/ui/reviewpane"
	"reef/ui/styles"
)

// Screen is one of the numbered screens.
type Screen int

// Screens, numbered as their keys.
const (
	ScreenStatus  Screen = 1
	ScreenLog     Screen = 2
	ScreenHistory Screen = 3
	ScreenPulls   Screen = 4
	ScreenReview  Screen = 5
)

// Options is what main decided before the program starts: configuration
// and how to style for a background.
type Options struct {
	Keys *keys.Map
	Diff pane.DiffDefaults
	// HistoryIndex: see pane.Env.
	HistoryIndex pane.IndexMode
	// Styles builds the styles for a dark or light background (main picks
	// the theme and honours NO_COLOR).
	Styles func(dark bool) *styles.Styles
	// DarkKnown says the theme does not depend on the background (a
	// named theme or NO_COLOR), so reef does not ask the terminal.
	DarkKnown bool
	Dark      bool
	// Problems are configuration problems to show once.
	Problems []string
	// Now fixes the clock for relative dates (tests); nil is time.Now.
	Now func() time.Time
	// ReviewEngine reviews for the Review screen; nil is gitops' engine
	// with a cache of its own.
	ReviewEngine reviewpane.Engine
	// HistoryPath, when set, opens the File history screen on this file
	// (relative to the directory reef was started in): reef history PATH.
	HistoryPath string
	// Start, when set, is the repository opening (and HistoryPath's
	// history begun) ahead of the program; nil: Init opens it.
	Start *Start
}

// Model is the root model.
type Model struct {
	ctx     context.Context
	path    string
	environ []string
	opts    Options

	env  *pane.Env // nil until the repository is open
	dark bool
	// styles are Options.Styles for dark, made again only when the
	// terminal says its background: every frame draws with them.
	styles *styles.Styles
	screen Screen
	log    logpane.Model
	// logStarted: the Log has been asked for its first page (startLog).
	logStarted bool
	review     reviewpane.Model
	diff       diffpane.Model
	st         statusScreen
	hist       historyScreen
	inDiff     bool   // the diff pane is open (and has the body of diffOn)
	diffOn     Screen // the screen the diff pane was opened from
	help       bool
	helpTop    int // first help line shown when help is taller than the screen
	spin       spinner.Model
	// spinIdle: the spinner's ticks stopped, nothing being loaded.
	spinIdle bool
	width    int
	height   int
	err      error // the repository could not be opened
	status   string
	isErr    bool
	// diffSrc is the comparison the diff pane shows (H there follows its
	// file back from the commit compared).
	diffSrc pane.DiffSource
}

// openedMsg carries the open repository.
type openedMsg struct {
	repo *gitops.Repo
	err  error
	// head is Options.HistoryPath's history, begun (by Begin, or by
	// Init's command); relErr says why the path is not a file there.
	relErr error
	head   *historypane.Head
}

// New returns the program's model for the repository at path.
func New(ctx context.Context, path string, environ []string, o Options) Model {
	if o.Keys == nil {
		o.Keys = keys.Default()
	}
	m := Model{ctx: ctx, path: path, environ: environ, opts: o, screen: ScreenLog, width: 80, height: 24, dark: true}
	if o.DarkKnown {
		m.dark = o.Dark
	}
	m.styles = o.Styles(m.dark)
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	if len(o.Problems) > 0 {
		m.status, m.isErr = o.Problems[0], true
		if len(o.Problems) > 1 {
			m.status += fmt.Sprintf(" (+%d more: press ? to see them)", len(o.Problems)-1)
		}
	}
	return m
}

// Init opens the repository and asks the terminal for its background.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.openRepo(), m.spin.Tick}
	if !m.opts.DarkKnown {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

func (m Model) openRepo() tea.Cmd {
	if s := m.opts.Start; s != nil {
		return func() tea.Msg {
			<-s.done
			return s.opened
		}
	}
	ctx, path, environ, file := m.ctx, m.path, m.environ, m.opts.HistoryPath
	return func() tea.Msg {
		return open(ctx, path, environ, file)
	}
}

// Err is the error that kept the program from showing the repository.
func (m Model) Err() error { return m.err }

func (m Model) bodyHeight() int { return max(m.height-2, 1) }

func (m *Model) layout() {
	if m.env == nil {
		return
	}
	m.log.SetSize(m.width, m.bodyHeight())
	m.review.SetSize(m.width, m.bodyHeight())
	m.diff = m.diff.SetSize(m.width, m.bodyHeight())
	m.layoutStatus()
	m.layoutHistory()
}

// diffShown reports whether the diff pane has the body of the screen
// shown.
func (m Model) diffShown() bool { return m.inDiff && m.diffOn == m.screen }

// focusOrigin gives the keyboard back to the pane the diff was opened
// from.
func (m *Model) focusOrigin() {
	if m.diffOn == ScreenReview {
		m.review.Focus()
		return
	}
	m.log.Focus()
}

// reviewTarget is what the Review screen reviews when it comes up: the
// range marked in the Log, the commit selected there, or the last commit
// when none is.
func (m Model) reviewTarget() reviewpane.Target {
	if from, to, ok := m.log.Range(); ok {
		return reviewpane.RangeTarget(from.String(), to.String())
	}
	if id := m.log.Selected(); !id.IsZero() {
		return reviewpane.CommitTarget(id)
	}
	return reviewpane.DefaultTarget
}
