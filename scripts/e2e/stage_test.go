package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// stageJourney is issue 5 in a real terminal: on the Status screen, open a
// file's diff, stage its first hunk with space, then write a commit
// message in the box and commit with ctrl+s. git says what happened.
func stageJourney(t *testing.T, tmux, bin string) {
	r := gittest.New(t)
	var base, edited strings.Builder
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&base, "line %d\n", i)
		switch i {
		case 2:
			edited.WriteString("first change\n")
		case 28:
			edited.WriteString("second change\n")
		default:
			fmt.Fprintf(&edited, "line %d\n", i)
		}
	}
	r.Write("main.tf", base.String()).Commit("base")
	r.Write("main.tf", edited.String())

	p := startTerm(t, tmux, paneEnv(r.Environ()), bin, r.Dir)
	p.waitText("base", wait)
	p.keys("1")
	p.waitText("Unstaged (1)", wait) // the Status list, not the Log's file list
	p.waitText("first change", wait)
	p.keys("Enter")                  // the file's diff, cursor on the first change
	p.waitText("select lines", wait) // its hints: the diff has the keyboard
	p.keys("Space")
	deadline := time.Now().Add(wait)
	for r.Git("diff", "--cached", "--numstat") != "1\t1\tmain.tf\n" {
		if time.Now().After(deadline) {
			t.Fatalf("space did not stage the first hunk: %q\n%s", r.Git("diff", "--cached", "--numstat"), p.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := r.Git("diff", "--numstat"); got != "1\t1\tmain.tf\n" {
		t.Errorf("the second hunk should stay unstaged: %q", got)
	}
	// esc alone: sent with the next key, a terminal reads alt+c.
	p.keys("Escape")
	p.waitText("stage / unstage the file", wait) // the list's hints: it has the keyboard
	p.keys("c")
	p.waitText("ctrl+s", wait)
	p.keys("-l", "Stage the first hunk only")
	p.keys("C-s")
	deadline = time.Now().Add(wait)
	for strings.TrimSpace(r.Git("log", "-1", "--format=%s")) != "Stage the first hunk only" {
		if time.Now().After(deadline) {
			t.Fatalf("ctrl+s did not commit:\n%s", p.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := r.Git("show", "--numstat", "--format=", "HEAD"); got != "1\t1\tmain.tf\n" {
		t.Errorf("the commit holds %q", got)
	}
	r.Git("fsck", "--strict")
	// The commit is on disk before the program has its answer; until
	// then the commit box holds the keyboard and would drop the q.
	p.waitText("committed", wait)
	p.keys("q")
	p.waitExit(wait)
}
