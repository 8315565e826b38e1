package gitcli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

func TestOutputAndErrors(t *testing.T) {
	r := gittest.New(t)
	run := Runner{Dir: r.Dir, Env: r.Environ()}
	out, err := run.Output(context.Background(), []byte("hello\n"), "hash-object", "--stdin")
	if err != nil || strings.TrimSpace(string(out)) != "ce013625030ba8dba906f756967f9e9ca394464a" {
		t.Fatalf("hash-object: %q %v", out, err)
	}
	_, err = run.Output(context.Background(), nil, "rev-parse", "--verify", "nope")
	var ge *Error
	if !errors.As(err, &ge) || ge.ExitCode != 128 || !strings.Contains(err.Error(), "git rev-parse --verify nope: fatal:") {
		t.Fatalf("error: %v", err)
	}
	if _, err := (Runner{Git: "no-such-git-binary"}).Output(context.Background(), nil, "version"); !errors.Is(err, ErrNoGit) {
		t.Fatalf("missing git: %v", err)
	}
}

// TestInterrupt: with Interrupt, cancelling a command interrupts it (git
// then removes its lock files) instead of killing it.
func TestInterrupt(t *testing.T) {
	for _, interrupt := range []bool{true, false} {
		mark := filepath.Join(t.TempDir(), "interrupted")
		// The shell stands in for git: it records the interrupt, which
		// git's handlers would use to delete their locks.
		run := Runner{Git: "/bin/sh", Interrupt: interrupt}
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		start := time.Now()
		_, err := run.Output(ctx, nil, "-c", `trap 'echo > "$1"; exit 130' INT; sleep 5 >/dev/null 2>&1 & wait`, "sh", mark)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("interrupt %v: error %v", interrupt, err)
		}
		if took := time.Since(start); took > 4*time.Second {
			t.Errorf("interrupt %v: the command ended after %v", interrupt, took)
		}
		if _, err := os.Stat(mark); (err == nil) != interrupt {
			t.Errorf("interrupt %v: the command saw an interrupt: %v", interrupt, err == nil)
		}
	}
}
