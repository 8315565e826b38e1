package historypane

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"reef/ui/pane"
)

// TestWriteCommitGraphKey: ctrl+g has git write the commit-graph with
// changed-path filters, says so when done, and the repository reads it.
func TestWriteCommitGraphKey(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, "envs/prod/main.tf", 120, 30)
	if repo.HasPathFilters() {
		t.Fatal("path filters before the key")
	}
	m, cmd := m.Update(tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl})
	var said []string
	for queue := []tea.Cmd{cmd}; len(queue) > 0; {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case pane.StatusMsg:
			said = append(said, msg.Text)
			if msg.Err != nil {
				t.Fatal(msg.Err)
			}
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	if len(said) != 2 || !strings.Contains(said[1], "commit-graph written") {
		t.Errorf("status lines: %q", said)
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after the key")
	}
	r.Git("commit-graph", "verify")
	if m.writingGraph {
		t.Error("still writing after the answer")
	}
}
