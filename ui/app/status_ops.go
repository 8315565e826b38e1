package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/commitbox"
	"reef/ui/confirm"
	"reef/ui/pane"
	"reef/ui/statuspane"
)

// opKind is a write the Status screen makes.
type opKind int

const (
	opStage opKind = iota
	opUnstage
	opStageAll
	opUnstageAll
	opLines // stage, unstage or discard lines the diff chose
	opDiscard
	opRestore
	opIgnore
)

// op is one write, with what it needs copied in.
type op struct {
	kind   opKind
	paths  []string
	lines  pane.StageLinesMsg
	record gitops.Discard
}

// opDoneMsg is a write's outcome.
type opDoneMsg struct {
	id      uint64
	kind    opKind
	text    string // for the status bar
	err     error
	discard *gitops.Discard // a discard made
	undone  gitops.Hash     // a discard restored
	// only: the paths a write to lines touched; the list refreshes just
	// those (nil: everything).
	only []string
}

// busyWord names a write in progress.
func (o op) busyWord() string {
	switch o.kind {
	case opUnstage, opUnstageAll:
		return "unstaging"
	case opLines:
		switch {
		case o.lines.Discard:
			return "discarding"
		case o.lines.Staged:
			return "unstaging"
		}
		return "staging"
	case opDiscard:
		return "discarding"
	case opRestore:
		return "restoring"
	case opIgnore:
		return "ignoring"
	}
	return "staging"
}

// runOp starts a write, one at a time.
func (m Model) runOp(o op) (tea.Model, tea.Cmd) {
	if m.st.busy != "" {
		m.status = "still " + m.st.busy + "…: try again in a moment"
		return m, nil
	}
	m.st.busy = o.busyWord()
	m.st.want = m.st.seq.Next()
	return m, write(m.env.Ctx, m.env.Repo, m.st.want, o)
}

// write runs an op against the repository.
func write(ctx context.Context, repo *gitops.Repo, id uint64, o op) tea.Cmd {
	return func() tea.Msg {
		if ctx == nil {
			ctx = context.Background()
		}
		done := opDoneMsg{id: id, kind: o.kind}
		n := plural(len(o.paths), "file")
		if len(o.paths) == 1 {
			n = o.paths[0]
		}
		switch o.kind {
		case opStage:
			done.err, done.text = repo.StagePaths(ctx, o.paths), "staged "+n
		case opUnstage:
			done.err, done.text = repo.UnstagePaths(ctx, o.paths), "unstaged "+n
		case opStageAll:
			done.err, done.text = repo.StageAll(ctx), "staged everything"
		case opUnstageAll:
			done.err, done.text = repo.UnstageAll(ctx), "unstaged everything"
		case opLines:
			l := o.lines
			done.only = []string{l.File.NewPath}
			if l.File.OldPath != l.File.NewPath {
				done.only = append(done.only, l.File.OldPath)
			}
			what := plural(len(l.Lines), "line") + " of " + l.File.NewPath
			if l.Lines == nil {
				what = l.File.NewPath
			}
			switch {
			case l.Discard:
				d, err := repo.DiscardLines(ctx, l.File, l.Lines)
				done.err, done.text = err, "discarded "+what+" ("+undoHint+")"
				if err == nil {
					done.discard = &d
				}
			case l.Staged:
				done.err, done.text = repo.UnstageLines(ctx, l.File, l.Lines), "unstaged "+what
			default:
				done.err, done.text = repo.StageLines(ctx, l.File, l.Lines), "staged "+what
			}
		case opDiscard:
			d, err := repo.DiscardPaths(ctx, o.paths)
			done.err, done.text = err, "discarded the changes to "+n+" ("+undoHint+")"
			if err == nil {
				done.discard = &d
			}
		case opRestore:
			paths, err := repo.RestoreDiscard(ctx, o.record.ID)
			done.err, done.undone = err, o.record.ID
			done.text = "restored " + strings.Join(paths, ", ")
		case opIgnore:
			done.err, done.text = repo.Ignore(ctx, o.paths[0]), "added "+o.paths[0]+" to .gitignore"
		}
		return done
	}
}

// undoHint says how a discard is undone.
const undoHint = "u undoes it"

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// opDone shows a write's outcome and refreshes the list; the diff then
// reloads on the same file and side (or, when the file left that side,
// its other side or the next file).
func (m Model) opDone(msg opDoneMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.st.want {
		return m, nil
	}
	m.st.busy = ""
	m.status, m.isErr = msg.text, false
	switch {
	case errors.Is(msg.err, gitops.ErrLocked):
		// Nothing was written: nothing to refresh.
		m.status, m.isErr = msg.err.Error()+": nothing was written; try again when it is done", true
		return m, nil
	case errors.Is(msg.err, gitops.ErrStale) && msg.kind == opRestore:
		m.status, m.isErr = "a file changed since it was discarded: nothing was restored (U lists the records)", true
	case errors.Is(msg.err, gitops.ErrStale):
		m.status, m.isErr = gitops.ErrStale.Error(), true
	case msg.err != nil:
		m.status, m.isErr = msg.err.Error(), true
	}
	if msg.discard != nil {
		m.st.session = append(m.st.session, *msg.discard)
	}
	if !msg.undone.IsZero() && msg.err == nil {
		for i := len(m.st.session) - 1; i >= 0; i-- {
			if m.st.session[i].ID == msg.undone {
				m.st.session = append(m.st.session[:i:i], m.st.session[i+1:]...)
				break
			}
		}
	}
	var cmd tea.Cmd
	if msg.only != nil {
		m.st.list, cmd = m.st.list.RefreshPaths(msg.only, true)
	} else {
		m.st.list, cmd = m.st.list.Refresh(msg.kind == opLines)
	}
	return m, cmd
}

// discardsMsg carries the recorded discards for the U list.
type discardsMsg struct {
	list []gitops.Discard
	err  error
}

func listDiscards(ctx context.Context, repo *gitops.Repo) tea.Cmd {
	return func() tea.Msg {
		if ctx == nil {
			ctx = context.Background()
		}
		list, err := repo.Discards(ctx)
		return discardsMsg{list: list, err: err}
	}
}

// committed closes the box, says what was made and reloads what shows
// history: the list, and the Log (its pane is made anew, as R does).
func (m Model) committed(msg commitbox.CommittedMsg) (tea.Model, tea.Cmd) {
	m.st.boxOpen = false
	r := msg.Result
	verb := "committed"
	if msg.Amend {
		verb = "amended"
	}
	short := m.env.Repo.ShortHash(r.ID)
	m.status, m.isErr = fmt.Sprintf("%s %s %s", verb, short, r.Subject), false
	if r.Signed {
		m.status += " (signed)"
	}
	var c1, c2 tea.Cmd
	m.st.list, c1 = m.st.list.Refresh(false)
	m, c2 = m.reloadLog()
	return m, tea.Batch(c1, c2)
}

// discardQuestion names what discarding a row loses.
func discardQuestion(row statuspane.Row, items []statuspane.Item) confirm.Model {
	var title string
	var lost []string
	switch {
	case row.Kind == statuspane.RowFile && row.Group == statuspane.Untracked:
		title = "Delete the untracked file " + items[0].Path + "?"
		lost = append(lost, "The file leaves the work tree.")
	case row.Kind == statuspane.RowFile:
		title = "Discard the changes to " + items[0].Path + "?"
		lost = append(lost, "Its unstaged changes are lost from the work tree.")
		if items[0].Entry.Staged != '.' {
			lost = append(lost, "The staged version stays: the file goes back to it.")
		}
	default:
		title = fmt.Sprintf("Discard the changes to %s in %s?", plural(len(items), "file"), row.Dir)
		if row.Group == statuspane.Untracked {
			title = fmt.Sprintf("Delete %s in %s?", plural(len(items), "untracked file"), row.Dir)
		}
		lost = append(lost, "Their unstaged changes are lost from the work tree; untracked files are deleted.")
	}
	lost = append(lost, "reef keeps a copy first: u undoes it, U lists older discards.")
	return confirm.New(title, lost...)
}

// discardLinesQuestion names the lines the diff would discard.
func discardLinesQuestion(msg pane.StageLinesMsg) confirm.Model {
	what := plural(len(msg.Lines), "changed line") + " of " + msg.File.NewPath
	if msg.Lines == nil {
		what = "every change to " + msg.File.NewPath
	}
	return confirm.New("Discard "+what+"?",
		"They are lost from the work-tree file; the index is left alone.",
		"reef keeps a copy first: u undoes it, U lists older discards.")
}

// reloadLog reloads the Log pane, keeping its filter, so a new commit
// shows there.
func (m Model) reloadLog() (Model, tea.Cmd) {
	if !m.logStarted {
		return m, nil // it reads the new commit when first shown
	}
	var cmd tea.Cmd
	m.log, cmd = m.log.Refresh()
	return m, cmd
}
