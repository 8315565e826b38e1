package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"reef/gitops/gittest"
)

// drive runs a command and feeds its message back, as the program would,
// until no command is left.
func drive(t *testing.T, m tea.Model, cmd tea.Cmd) tea.Model {
	t.Helper()
	for i := 0; cmd != nil && i < 50; i++ {
		msg := cmd()
		if _, quit := msg.(tea.QuitMsg); quit {
			return m
		}
		m, cmd = m.Update(msg)
	}
	return m
}

func history(t *testing.T, n int) *gittest.Repo {
	r := gittest.New(t)
	for i := 0; i < n; i++ {
		r.Write("f", fmt.Sprint(i)).Commit(fmt.Sprintf("commit number %d", i))
	}
	r.Git("commit", "-q", "--allow-empty", "-m", "evil \x1b]0;title\x07subject")
	return r
}

func TestLogScreenStreamsPages(t *testing.T) {
	r := history(t, pageSize+50)
	var m tea.Model = New(context.Background(), r.Dir, r.Environ())
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 20})
	m = drive(t, m, m.Init())
	got := m.(Model)
	if len(got.rows) != pageSize {
		t.Fatalf("first page: %d rows, want %d (the rest waits for scrolling)", len(got.rows), pageSize)
	}
	view := m.View().Content
	if !strings.Contains(view, "commit number 249") || !strings.Contains(view, "main") {
		t.Errorf("first screen:\n%s", view)
	}
	if strings.Contains(view, "\x1b]0;") {
		t.Error("control sequence from a commit message reached the screen")
	}
	// G loads the rest of history and goes to the root commit.
	m, cmd := m.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	m = drive(t, m, cmd)
	got = m.(Model)
	if len(got.rows) != pageSize+51 || !got.done || got.cursor != len(got.rows)-1 {
		t.Fatalf("after G: %d rows, done %v, cursor %d", len(got.rows), got.done, got.cursor)
	}
	if !strings.Contains(m.View().Content, "commit number 0") {
		t.Errorf("root not on screen after G:\n%s", m.View().Content)
	}
	m, _ = m.Update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	if m.(Model).cursor != 0 {
		t.Error("g did not go to the top")
	}
}

func TestNotARepository(t *testing.T) {
	dir := t.TempDir()
	env := append(gittest.Env(t.TempDir()), "GIT_CEILING_DIRECTORIES="+dir)
	var m tea.Model = New(context.Background(), dir, env)
	m = drive(t, m, m.Init())
	if err := m.(Model).Err(); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Fatalf("got %v", err)
	}
}
