package historypane

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
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
	m, lines := said(t, m, cmd)
	if len(lines) != 2 || !strings.Contains(lines[1], "commit-graph written") {
		t.Errorf("status lines: %q", lines)
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after the key")
	}
	r.Git("commit-graph", "verify")
	if m.writingGraph {
		t.Error("still writing after the answer")
	}
}

// slowOpen opens path's history with every walk counted slow.
func slowOpen(t *testing.T, env *pane.Env, path string) (Model, []string) {
	t.Helper()
	m := New(env)
	m.slowAfter = 0
	m.SetSize(120, 30)
	m, cmd := m.Open(path, gitops.Hash{})
	return said(t, m, cmd)
}

// TestHistoryIndexAfterSlowWalk: a slow walk in a repository without
// changed-path filters has reef write its history index in the
// background, once; with history.index off it gives the ctrl+g tip.
func TestHistoryIndexAfterSlowWalk(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	env := testEnv(t, repo)
	env.HistoryIndex = pane.IndexAuto
	m, status := slowOpen(t, env, newPath)
	if len(status) != 2 || !strings.Contains(status[0], "indexing this repository's history in the background (git, into .git/reef)") ||
		!strings.Contains(status[1], "history indexed in") {
		t.Fatalf("status lines: %q", status)
	}
	if m.indexing {
		t.Error("still indexing after the answer")
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after indexing")
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "reef", "objects", "info", "commit-graph")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graph")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the repository's own commit-graph was written: %v", err)
	}
	if want := lines(r.Git("log", "--follow", "--format=%H", "--", newPath)); len(m.list.rows) != len(want) {
		t.Errorf("%d rows, git log --follow lists %d", len(m.list.rows), len(want))
	}
	if _, status := slowOpen(t, env, newPath); len(status) != 0 {
		t.Errorf("indexed again while the index holds HEAD: %q", status)
	}

	off := history(t)
	repo = openRepo(t, off)
	env = testEnv(t, repo)
	if _, status := slowOpen(t, env, newPath); len(status) != 1 || !strings.Contains(status[0], "tip: ctrl+g has git write a commit-graph") {
		t.Errorf("with history.index off: %q", status)
	}
	if repo.HasPathFilters() {
		t.Error("path filters with history.index off")
	}
}

// TestHistoryIndexAfterSlowBlame: a slow blame has reef write its
// history index too.
func TestHistoryIndexAfterSlowBlame(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 30) // walks counted fast
	m.env.HistoryIndex = pane.IndexAuto
	m.slowAfter = 0
	m, cmd := m.Update(keyMsg("b"))
	m, status := said(t, m, cmd)
	if len(m.blames) != 1 || m.blames[0].loading {
		t.Fatalf("blame not shown: %d views", len(m.blames))
	}
	if len(status) != 2 || !strings.Contains(status[1], "history indexed in") {
		t.Errorf("status lines: %q", status)
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after a slow blame")
	}
}

// TestHistoryIndexFails: an index that cannot be written says why once,
// and is not tried again after the next slow walk.
func TestHistoryIndexFails(t *testing.T) {
	r := history(t)
	// A file where the directory should be: reef cannot make it.
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "reef"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	repo := openRepo(t, r)
	env := testEnv(t, repo)
	env.HistoryIndex = pane.IndexAuto
	m, status := slowOpen(t, env, newPath)
	if len(status) != 2 || !strings.HasPrefix(status[1], "error: the history index was not written: ") {
		t.Fatalf("status lines: %q", status)
	}
	m, cmd := m.Open(newPath, gitops.Hash{})
	if _, status := said(t, m, cmd); len(status) != 0 {
		t.Errorf("tried again: %q", status)
	}
}

// TestHistoryIndexAlways: with history.index always, the first walk,
// however quick, writes the index; once HEAD has moved past it, only a
// slow walk writes it again.
func TestHistoryIndexAlways(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	env := testEnv(t, repo)
	env.HistoryIndex = pane.IndexAlways
	open := func() []string {
		m := New(env)
		m.SetSize(120, 30)
		m, cmd := m.Open(newPath, gitops.Hash{})
		_, status := said(t, m, cmd)
		return status
	}
	if status := open(); len(status) != 2 || !strings.Contains(status[1], "history indexed in") {
		t.Fatalf("first walk: %q", status)
	}
	if !repo.HasPathFilters() {
		t.Fatal("no path filters after the first walk")
	}
	r.Write(newPath, "later\n").Commit("later")
	if status := open(); len(status) != 0 {
		t.Errorf("a quick walk past the index: %q", status)
	}
	if !repo.HistoryIndexWanted() {
		t.Error("HEAD is past the index, yet it is not wanted")
	}
}

// TestHistoryIndexLongWalkLeft: a walk that has gone on long asks for the
// index on the way, so that it is written even when the screen is left
// before the walk ends.
func TestHistoryIndexLongWalkLeft(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	env := testEnv(t, repo)
	env.HistoryIndex = pane.IndexAuto
	m := New(env)
	m.slowAfter = 0
	m.SetSize(120, 30)
	m, cmd := m.Open(newPath, gitops.Hash{})
	var page pageMsg
	for queue := []tea.Cmd{cmd}; len(queue) > 0 && page.id == 0; {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case pageMsg:
			page = msg
		}
	}
	if page.done || !page.slow {
		t.Fatalf("first page: done %v, slow %v; want a slow page before the end", page.done, page.slow)
	}
	m, cmd = m.Update(page)
	m = m.Pause() // the screen is left: the walk stops
	m, status := said(t, m, cmd)
	if len(status) != 2 || !strings.Contains(status[1], "history indexed in") {
		t.Errorf("status lines: %q", status)
	}
	if _, done := m.Loaded(); done {
		t.Error("the walk ended: the test wants it left on the way")
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after leaving a long walk")
	}
}
