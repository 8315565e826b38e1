// Package pane holds what reef's panes share: the environment they run in
// and the messages they exchange through the root model. Panes are Bubble
// Tea models; their Update never does I/O, it returns commands that call
// gitops with Env.Ctx and come back as messages tagged with a request id,
// so a pane can drop answers to questions it no longer asks.
package pane

import (
	"context"
	"time"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/keys"
	"reef/ui/styles"
)

// Env is what a pane needs from the program. It is built once in main and
// shared read-only.
type Env struct {
	Ctx    context.Context // cancelled when reef quits
	Repo   *gitops.Repo
	Styles *styles.Styles
	Keys   *keys.Map
	Diff   DiffDefaults
	// HistoryIndex: when reef writes its history index (config
	// history.index).
	HistoryIndex IndexMode
	// Now is the clock relative dates are measured against (fixed in
	// golden tests); nil means time.Now.
	Now func() time.Time
}

// Clock returns the current time by Env's clock.
func (e *Env) Clock() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// IndexMode says when reef writes its history index (.git/reef: the
// commit-graph with changed-path filters) in a repository without them.
type IndexMode uint8

const (
	// IndexOff: never; a slow walk suggests ctrl+g instead.
	IndexOff IndexMode = iota
	// IndexAuto: after a file history walk or blame slower than a
	// quarter of a second.
	IndexAuto
	// IndexAlways: after the first walk or blame, however quick; an
	// index that HEAD has moved past is still rewritten only after a
	// slow one.
	IndexAlways
)

// DiffDefaults are the diff settings from the config file.
type DiffDefaults struct {
	SideBySide bool  // side-by-side when wide enough (below MinSideBySide columns: unified)
	Wrap       bool  // soft wrap instead of horizontal scroll
	Context    int   // lines of context around changes
	IgnoreWS   bool  // hide whitespace changes
	TabWidth   int   // columns per tab
	MaxBytes   int64 // files larger than this are cut with a notice
}

// MinSideBySide is the narrowest pane width that shows diffs side by side.
const MinSideBySide = 120

// Seq issues request ids; the zero value is ready. Each pane keeps one and
// remembers the id of the request whose answer it still wants.
type Seq struct{ n uint64 }

// Next returns a fresh id.
func (s *Seq) Next() uint64 {
	s.n++
	return s.n
}

// DiffSource says which comparison a diff pane shows.
type DiffSource struct {
	Commit   gitops.Hash // a commit against its first parent (zero: see below)
	Base     gitops.Hash // with Target: the diff between two revisions
	Target   gitops.Hash
	Staged   bool // HEAD against the index
	Unstaged bool // the index against the work tree
	Title    string
}

// OpenDiffMsg asks the root to show files of a comparison in the diff
// pane, starting with Files[Index].
type OpenDiffMsg struct {
	Source DiffSource
	Files  []gitops.FileChange
	Index  int
	// Line, when positive, is the line of Files[Index] to show first: in
	// the new file, or in the old one with OldSide (a resolved finding).
	// The pane scrolls to it with a few lines of context above.
	Line    int
	OldSide bool
	// Findings are review findings of the comparison; the pane marks
	// their lines in the gutter of whichever file it shows, and shows the
	// message of the one under the cursor.
	Findings []iac.Finding
	// Staging turns on the Status screen's keys: a line cursor, line
	// selection, stage, unstage and discard (see StageLinesMsg).
	Staging bool
}

// StatusMsg puts a line in the status bar (an error when Err is set).
type StatusMsg struct {
	Text string
	Err  error
}

// ClickMsg is a left click at pane-local coordinates (the root translates
// screen coordinates and focuses the pane first).
type ClickMsg struct{ X, Y int }

// WheelMsg scrolls the pane under the mouse by Delta rows (negative: up).
type WheelMsg struct{ Delta int }

// StageLinesMsg asks the Status screen to stage (Staged false) or
// unstage (Staged true) changed lines of File, or to discard them from
// the work tree (Discard). Lines nil means the whole file.
type StageLinesMsg struct {
	File    gitops.FileChange
	Lines   []gitops.LineRef
	Staged  bool
	Discard bool
}

// SwitchStageSideMsg asks the Status screen to show File's other diff:
// the staged one when Staged is false, the unstaged one otherwise.
type SwitchStageSideMsg struct {
	File   gitops.FileChange
	Staged bool
}

// OpenHistoryMsg asks the root to show the File history screen on Path
// (slash-separated, from the top of the work tree), walking back from Rev
// (zero: HEAD). Rev is where the path has that name: a file seen in an
// older commit may have been renamed since.
type OpenHistoryMsg struct {
	Path string
	Rev  gitops.Hash
}
