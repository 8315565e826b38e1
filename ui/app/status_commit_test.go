package app

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"reef/ui/statuspane"
)

// TestCommitBoxGolden pins the commit box over the Status screen.
func TestCommitBoxGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("status-commit-%dx%d", size[0], size[1])
		t.Run(name, func(t *testing.T) {
			s := startSession(t, workTree(t), size[0], size[1])
			s.status()
			s.diffOf("docs/README.md")
			key(s.tm, "c")
			s.boxReady()
			s.tm.Type("Move prod to larger instances and a new region for the web fleet")
			key(s.tm, "tab")
			s.tm.Type("The t3.micro fleet runs out of memory under load.")
			// Keys are handled in order: the final model has them all.
			golden(t, name, screen(s.final(), s.r.Dir))
		})
	}
}

// TestCommitJourney: c, a subject, ctrl+s; git's log has the commit,
// the status bar names it and the list is refreshed.
func TestCommitJourney(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	key(s.tm, "c")
	s.boxReady()
	s.tm.Type("Bigger prod instances")
	sendKey(s.tm, "ctrl+s")
	s.until("the commit", func(m Model) bool { return strings.HasPrefix(m.status, "committed ") })
	s.idle()
	m := s.final()
	if got := strings.TrimSpace(s.r.Git("log", "-1", "--format=%s")); got != "Bigger prod instances" {
		t.Errorf("git log -1: %q", got)
	}
	if m.st.boxOpen {
		t.Errorf("the box is still open")
	}
	if !strings.Contains(m.status, "Bigger prod instances") || !strings.Contains(m.status, s.r.Rev("HEAD")[:7]) {
		t.Errorf("status bar %q", m.status)
	}
	if got := statuspane.Counts(m.st.list.Items())[statuspane.Staged]; got != 0 {
		t.Errorf("%d files still listed as staged", got)
	}
}

// TestFailingHookKeepsDraft: a failing pre-commit aborts; its output
// stays on screen with the error, the message stays in the box and in
// the saved draft, and nothing is committed.
func TestFailingHookKeepsDraft(t *testing.T) {
	r := workTree(t)
	hook := r.Path(".git/hooks/pre-commit")
	if err := os.WriteFile(hook, []byte("#!/bin/sh\necho 'tflint: 2 issues in envs/prod/main.tf'\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	head := r.Rev("HEAD")
	s := startSession(t, r, 120, 40)
	s.status()
	key(s.tm, "c")
	s.boxReady()
	s.tm.Type("Bigger prod instances")
	sendKey(s.tm, "ctrl+s")
	s.until("the hook's failure", func(m Model) bool { return m.st.box.Err() != nil })
	m := s.final()
	view := screen(m, r.Dir)
	if !strings.Contains(view, "tflint: 2 issues") || !strings.Contains(view, "pre-commit hook failed") {
		t.Errorf("the hook's output or the error is not on screen:\n%s", view)
	}
	if !m.st.boxOpen || !strings.HasPrefix(m.st.box.Message(), "Bigger prod instances") {
		t.Errorf("the draft is not kept in the box: open %v, %q", m.st.boxOpen, m.st.box.Message())
	}
	if r.Rev("HEAD") != head {
		t.Errorf("a commit was made")
	}
	if draft, err := m.env.Repo.CommitDraft(false); err != nil || !strings.HasPrefix(draft, "Bigger prod instances") {
		t.Errorf("saved draft %q, %v", draft, err)
	}
}

// TestHookOutputStreams: the hooks' output shows while they run, before
// the commit ends.
func TestHookOutputStreams(t *testing.T) {
	r := workTree(t)
	gate := r.Path(".git/gate")
	script := fmt.Sprintf("#!/bin/sh\necho 'terraform fmt: checking'\nwhile [ ! -e %q ]; do sleep 0.05; done\necho done\n", gate)
	if err := os.WriteFile(r.Path(".git/hooks/pre-commit"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s := startSession(t, r, 120, 40)
	s.status()
	key(s.tm, "c")
	s.boxReady()
	s.tm.Type("Formatted")
	sendKey(s.tm, "ctrl+s")
	s.until("the hook's first line while it runs", func(m Model) bool {
		out := m.st.box.Output()
		return m.st.box.Busy() && len(out) > 0 && out[0] == "terraform fmt: checking"
	})
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s.until("the commit", func(m Model) bool { return strings.HasPrefix(m.status, "committed ") })
	s.final()
}

// TestCloseKeepsDraft: esc closes the box; c opens it again with the
// text as it was.
func TestCloseKeepsDraft(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	key(s.tm, "c")
	s.boxReady()
	s.tm.Type("Half written")
	key(s.tm, "esc")
	key(s.tm, "c")
	m := s.final()
	if got := m.st.box.Message(); got != "Half written\n" || !m.st.boxOpen {
		t.Errorf("the box reopened (%v) with %q", m.st.boxOpen, got)
	}
}

// TestAmendTitle: A opens the box on HEAD's message, titled with the
// commit it amends.
func TestAmendTitle(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	title := "Amending " + s.r.Rev("HEAD")[:7]
	key(s.tm, "A")
	s.boxReady()
	m := s.final()
	if v := screen(m, s.r.Dir); !strings.Contains(v, title) {
		t.Errorf("the box is not titled %q:\n%s", title, v)
	}
	if got := m.st.box.Message(); got != "Initial import\n" {
		t.Errorf("amend starts from %q", got)
	}
}

// TestCommitThroughEditor: C runs the editor git would (GIT_EDITOR) on
// the message file, then commits what it wrote.
func TestCommitThroughEditor(t *testing.T) {
	r := workTree(t)
	editor := r.Path(".git/fake-editor")
	if err := os.WriteFile(editor, []byte("#!/bin/sh\nprintf 'Written in the editor\\n' > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.Setenv("GIT_EDITOR", editor)
	s := startSession(t, r, 120, 40)
	s.status()
	key(s.tm, "C")
	s.until("the commit", func(m Model) bool { return strings.HasPrefix(m.status, "committed ") || m.st.box.Err() != nil })
	m := s.final()
	if err := m.st.box.Err(); err != nil {
		t.Fatalf("the commit failed: %v", err)
	}
	if got := strings.TrimSpace(r.Git("log", "-1", "--format=%s")); got != "Written in the editor" {
		t.Errorf("git log -1: %q", got)
	}
}

// TestLogShowsNewCommit: after a commit the Log screen reloads and
// shows it first.
func TestLogShowsNewCommit(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	key(s.tm, "c")
	s.boxReady()
	s.tm.Type("Shown in the log")
	sendKey(s.tm, "ctrl+s")
	s.until("the commit", func(m Model) bool { return strings.HasPrefix(m.status, "committed ") })
	head := s.r.Rev("HEAD")
	key(s.tm, "2")
	s.until("the new commit in the log", func(m Model) bool { return m.log.Selected().String() == head })
	s.final()
}
