package historypane

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/pane"
)

// graphWrittenMsg answers writeCommitGraph.
type graphWrittenMsg struct {
	err     error
	took    time.Duration
	useless bool // the repository's graph would not be read: nothing written
}

// writeCommitGraph has git write the repository's commit-graph with
// changed-path filters, off the UI goroutine. The walks that follow (this
// file's again, any other's, blame) read it; git's own maintenance
// writes the same file.
func (m Model) writeCommitGraph() (Model, tea.Cmd) {
	repo := m.env.Repo
	if repo == nil || m.writingGraph {
		return m, nil
	}
	m.writingGraph = true
	ctx := m.ctx()
	return m, tea.Batch(
		func() tea.Msg {
			return pane.StatusMsg{Text: "git is writing the commit-graph with changed-path filters…"}
		},
		func() tea.Msg {
			if !repo.CommitGraphUsable() {
				return graphWrittenMsg{useless: true}
			}
			start := time.Now()
			err := repo.WriteCommitGraph(ctx)
			return graphWrittenMsg{err: err, took: time.Since(start)}
		})
}

func (m Model) graphWritten(msg graphWrittenMsg) (Model, tea.Cmd) {
	m.writingGraph = false
	if msg.useless {
		return m, func() tea.Msg {
			return pane.StatusMsg{Text: "not written: this repository's commit-graph would not be read (core.commitGraph is off, or it is shallow or has replace refs or grafts)"}
		}
	}
	if msg.err != nil {
		return m, func() tea.Msg {
			return pane.StatusMsg{Err: fmt.Errorf("the commit-graph was not written: %w", msg.err)}
		}
	}
	text := fmt.Sprintf("commit-graph written in %.1f s: file history and blame now skip the commits that did not touch the file", msg.took.Seconds())
	return m, func() tea.Msg { return pane.StatusMsg{Text: text} }
}

// afterWalkMsg answers afterWalkCmd: what a walk calls for.
type afterWalkMsg struct {
	index bool // writing reef's history index would help
	tip   bool // the tip to have git write the filters would
}

// indexWrittenMsg answers the history index's writing.
type indexWrittenMsg struct {
	err  error
	took time.Duration
}

// afterWalkCmd asks, off the UI goroutine (it may read the commit-graph
// and HEAD), whether a finished walk or blame calls for reef's history
// index, as history.index says, or, with it off and the walk slow, for
// the tip to have git write the filters.
func afterWalkCmd(repo *gitops.Repo, mode pane.IndexMode, slow bool) tea.Cmd {
	if repo == nil || (!slow && mode != pane.IndexAlways) {
		return nil
	}
	return func() tea.Msg {
		switch {
		case mode == pane.IndexOff:
			if !repo.HasPathFilters() && repo.CommitGraphUsable() {
				return afterWalkMsg{tip: true}
			}
		case repo.HistoryIndexWanted() && (slow || !repo.HasPathFilters()):
			return afterWalkMsg{index: true}
		}
		return nil
	}
}

func (m Model) afterWalk(msg afterWalkMsg) (Model, tea.Cmd) {
	repo := m.env.Repo
	switch {
	case msg.index && !m.indexing && !m.indexFailed && !m.writingGraph && repo != nil:
		m.indexing = true
		// Neither leaving the screen nor quitting stops git: the work is
		// kept rather than thrown away (a few seconds for 50,000
		// commits), and a git killed under its lock would leave the
		// lock behind, refusing the next write.
		ctx := context.WithoutCancel(m.ctx())
		return m, tea.Batch(
			func() tea.Msg {
				return pane.StatusMsg{Text: "indexing this repository's history in the background (git, into " + shownDir(repo) + ") so that file history opens faster…"}
			},
			func() tea.Msg {
				start := time.Now()
				err := repo.WriteHistoryIndex(ctx)
				return indexWrittenMsg{err: err, took: time.Since(start)}
			})
	case msg.tip && !m.tipped:
		m.tipped = true
		key := m.env.Keys.Get("history.commit-graph").KeyText()
		return m, func() tea.Msg {
			return pane.StatusMsg{Text: "tip: " + key + " has git write a commit-graph with changed-path filters: file history gets much faster here"}
		}
	}
	return m, nil
}

func (m Model) indexWritten(msg indexWrittenMsg) (Model, tea.Cmd) {
	m.indexing = false
	if msg.err != nil {
		m.indexFailed = true
		return m, func() tea.Msg {
			return pane.StatusMsg{Err: fmt.Errorf("the history index was not written: %w", msg.err)}
		}
	}
	text := fmt.Sprintf("history indexed in %.1f s: file history and blame now skip the commits that did not touch the file", msg.took.Seconds())
	return m, func() tea.Msg { return pane.StatusMsg{Text: text} }
}

// shownDir is the history index's directory as the user would type it:
// relative to the work tree when inside it.
func shownDir(repo *gitops.Repo) string {
	dir := repo.HistoryIndexDir()
	if top := repo.WorkTree(); top != "" {
		if rel, err := filepath.Rel(top, dir); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return dir
}
