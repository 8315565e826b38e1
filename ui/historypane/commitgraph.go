package historypane

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

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
