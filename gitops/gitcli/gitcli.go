// Package gitcli runs the git command line for the repository shapes and
// features reef's own readers cannot reproduce faithfully (a split or sparse
// index, clean filters such as git-lfs). Callers say in the result when they
// used it, so the user knows git answered rather than reef.
package gitcli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// ErrNoGit reports that no git executable could be found.
var ErrNoGit = errors.New("git is not installed (or not on PATH)")

// Runner runs git in one directory with one environment.
type Runner struct {
	Dir string   // working directory (usually the top of the work tree)
	Env []string // environment; nil inherits reef's own
	Git string   // the executable; "" means "git" on PATH
}

// Error is a git command that failed: its arguments, exit code and the
// first line of what it printed on standard error.
type Error struct {
	Args     []string
	ExitCode int
	Stderr   string
}

func (e *Error) Error() string {
	msg := firstLine(e.Stderr)
	if msg == "" {
		msg = fmt.Sprintf("exit status %d", e.ExitCode)
	}
	return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), msg)
}

// Output runs git with args, feeding it stdin (nil for none), and returns
// what it printed on standard output. A non-zero exit is an *Error.
func (r Runner) Output(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	git := r.Git
	if git == "" {
		git = "git"
	}
	path, err := exec.LookPath(git)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoGit, err)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir, cmd.Env = r.Dir, r.Env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedWriter{w: &stderr, n: 64 << 10}
	err = cmd.Run()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return stdout.Bytes(), &Error{Args: args, ExitCode: exit.ExitCode(), Stderr: stderr.String()}
	}
	if err != nil {
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return stdout.Bytes(), nil
}

// limitedWriter keeps the first n bytes: git's stderr is only quoted in
// errors, and a runaway child must not fill memory.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
