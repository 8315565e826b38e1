package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// wait bounds each wait for the screen: generous for a race-built binary
// on a loaded CI machine, while the whole test stays well under 20 s when
// reef works.
const wait = 8 * time.Second

// TestTerminal builds reef once and runs each journey in its own tmux
// server.
func TestTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the reef binary; skipped with -short")
	}
	tmux := needTmux(t)
	bin := buildReef(t)
	t.Run("journey", func(t *testing.T) { journey(t, tmux, bin) })
	t.Run("hostile subject", func(t *testing.T) { hostileSubject(t, tmux, bin) })
	t.Run("demo", func(t *testing.T) { demoJourney(t, tmux, bin) })
	t.Run("stage and commit", func(t *testing.T) { stageJourney(t, tmux, bin) })
	t.Run("file history", func(t *testing.T) { historyJourney(t, tmux, bin) })
	t.Run("history of a directory", func(t *testing.T) { historyOfDirectory(t, bin) })
	t.Run("history index", func(t *testing.T) { historyIndexJourney(t, tmux, bin) })
}

// paneEnv is what reef runs with: a hermetic environment (gittest's: HOME,
// git config, identity, locale, TZ; usually a repository's Environ) and a
// common 256-colour TERM. Any TERM inherited from the machine is replaced,
// not shadowed.
func paneEnv(base []string) []string {
	var env []string
	for _, kv := range base {
		if !strings.HasPrefix(kv, "TERM=") {
			env = append(env, kv)
		}
	}
	return append(env, "TERM=xterm-256color")
}

// history makes n commits on main, oldest first, with short distinct
// subjects; the first is rootSubject.
func history(r *gittest.Repo, n int) {
	r.Write("README.md", "start\n").Commit(rootSubject)
	for i := 2; i <= n; i++ {
		r.Append("README.md", fmt.Sprintf("line %d\n", i)).Commit(fmt.Sprintf("Change number %02d", i))
	}
}

const (
	rootSubject = "Initial import of the repo" // short: the list truncates long subjects
	headSubject = "Tune replica count for api"
)

// journey opens a history longer than the screen, moves down, jumps to the
// root and quits.
func journey(t *testing.T, tmux, bin string) {
	r := gittest.New(t)
	history(r, 60) // more rows than the pane has, so the root starts off screen
	r.Write("app.tf", "replicas = 3\n").Commit(headSubject)

	env := paneEnv(r.Environ())
	p := startTerm(t, tmux, env, bin, r.Dir)
	first := p.waitText(headSubject, wait)
	if got, ok := p.environ(); ok {
		sameEnv(t, got, env)
	}
	if strings.Contains(first, rootSubject) {
		t.Fatalf("the root commit is on the first screen; the history must be longer than the pane:\n%s", first)
	}

	// j moves the selection: the text may stay the same, its attributes
	// (or a details pane) must not.
	before := p.styled()
	p.keys("j")
	deadline := time.Now().Add(wait)
	for p.styled() == before {
		if time.Now().After(deadline) {
			t.Fatalf("the screen did not change after j:\n%s", p.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s := p.screen(); !strings.Contains(s, headSubject) || !strings.Contains(s, "Change number 60") {
		t.Fatalf("after j the top of the history is gone:\n%s", s)
	}

	p.keys("G")
	end := p.waitText(rootSubject, wait)
	if !strings.Contains(end, "Change number 02") {
		t.Errorf("after G the screen shows the root but not the commit above it:\n%s", end)
	}

	p.keys("q")
	if status := p.waitExit(wait); status != "0" {
		t.Errorf("reef exited with status %s after q:\n%s", status, p.screen())
	}
}

// hostileSubject checks that a commit subject cannot drive the terminal:
// \x1b]0;owned\x07 would retitle the window and \x1b[2J clear the screen.
func hostileSubject(t *testing.T, tmux, bin string) {
	const hostile = "\x1b]0;owned\x07\x1b[2J"

	// First prove this tmux obeys both sequences, or the test proves nothing.
	ctl := startTerm(t, tmux, []string{"PATH=/usr/bin:/bin"},
		"printf", `before\n\033]0;owned\007\033[2Jafter\n`)
	ctl.waitText("after", wait)
	if got := ctl.title(); got != "owned" {
		t.Fatalf("control: tmux did not take the title from OSC 0 (got %q); the check below would be vacuous", got)
	}
	if s := ctl.screen(); strings.Contains(s, "before") {
		t.Fatalf("control: tmux did not clear the screen on ESC [2J:\n%s", s)
	}

	r := gittest.New(t)
	history(r, 5)
	r.Write("evil.tf", "x = 1\n").Commit(hostile)
	r.Write("app.tf", "replicas = 3\n").Commit(headSubject)

	p := startTerm(t, tmux, paneEnv(r.Environ()), bin, r.Dir)
	p.waitText(headSubject, wait)
	// Let every frame reach the terminal, and make it redraw the hostile
	// row with and without the selection on it.
	p.keys("j")
	time.Sleep(200 * time.Millisecond)
	p.keys("k")
	time.Sleep(300 * time.Millisecond)

	if title := p.title(); strings.Contains(title, "owned") {
		t.Errorf("a commit subject retitled the terminal to %q", title)
	}
	s := p.screen()
	for _, want := range []string{headSubject, rootSubject, "Change number 05", "owned"} {
		if !strings.Contains(s, want) {
			t.Errorf("the screen lost %q: a subject cleared it, or the hostile subject was not shown as text:\n%s", want, s)
		}
	}

	p.keys("q")
	if status := p.waitExit(wait); status != "0" {
		t.Errorf("reef exited with status %s after q:\n%s", status, p.screen())
	}
}

// sameEnv checks reef got exactly want, apart from what the wrapper shell
// adds for itself.
func sameEnv(t *testing.T, got, want []string) {
	t.Helper()
	shell := map[string]bool{"PWD": true, "OLDPWD": true, "SHLVL": true, "_": true}
	var extra []string
	for _, kv := range got {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(want, kv) && !shell[k] {
			extra = append(extra, kv)
		}
	}
	var missing []string
	for _, kv := range want {
		if !slices.Contains(got, kv) {
			missing = append(missing, kv)
		}
	}
	if len(extra)+len(missing) > 0 {
		t.Errorf("reef does not run with the repository's environment:\nunexpected %q\nmissing %q", extra, missing)
	}
}
