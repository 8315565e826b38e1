// Package cli prints reef's headless commands (log, diff, status, blame)
// for scripts, pagers and benchmarks. Output and exit codes follow git's
// habits: data on stdout, "reef: …" on stderr, 128 for a fatal error, 129
// for a usage error.
package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/term"

	"reef/gitops"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitFatal = 128
	ExitUsage = 129
)

// Env is what a command runs with.
type Env struct {
	Dir     string   // directory to find the repository from
	Stdout  *os.File // may be a terminal
	Stderr  io.Writer
	Environ []string
}

// Commands lists the headless commands by name.
var Commands = map[string]func(context.Context, Env, []string) int{
	"log":    Log,
	"diff":   Diff,
	"status": Status,
	"blame":  Blame,
	"review": Review,
}

// usageError is a bad command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// fail prints err the git way and returns the exit code.
func fail(env Env, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "reef: %s\n", ue.msg)
		return ExitUsage
	}
	fmt.Fprintf(env.Stderr, "reef: %s\n", oneLine(err.Error()))
	return ExitFatal
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func open(env Env) (*gitops.Repo, error) {
	return gitops.Open(env.Dir, gitops.Options{Env: env.Environ})
}

// isTerminal reports whether f is a terminal, and its width.
func isTerminal(f *os.File) (bool, int) {
	if f == nil {
		return false, 0
	}
	fd := int(f.Fd())
	if !term.IsTerminal(fd) {
		return false, 0
	}
	w, _, err := term.GetSize(fd)
	if err != nil || w <= 0 {
		w = 80
	}
	return true, w
}

// output is where a command writes: buffered, through a pager when stdout
// is a terminal (as git does), and told whether to colour and sanitise.
type output struct {
	*bufio.Writer
	tty   bool
	width int
	color bool
	pager *exec.Cmd
	pipe  io.WriteCloser
}

func newOutput(env Env, colorMode string, paged bool, repo *gitops.Repo) (*output, error) {
	tty, width := isTerminal(env.Stdout)
	o := &output{tty: tty, width: width}
	switch colorMode {
	case "always":
		o.color = true
	case "never":
	case "", "auto":
		_, noColor := lookupOK(env.Environ, "NO_COLOR")
		o.color = tty && !noColor
	default:
		return nil, usagef("invalid --color value %q (auto, always or never)", colorMode)
	}
	var w io.Writer = env.Stdout
	if tty && paged {
		if cmd, pipe := startPager(env, repo); cmd != nil {
			o.pager, o.pipe, w = cmd, pipe, pipe
		}
	}
	o.Writer = bufio.NewWriterSize(w, 64<<10)
	return o, nil
}

// close flushes and waits for the pager.
func (o *output) close() error {
	err := o.Flush()
	if o.pager != nil {
		o.pipe.Close()
		_ = o.pager.Wait()
	}
	return err
}

// startPager runs the pager git would: GIT_PAGER, core.pager, PAGER, less.
func startPager(env Env, repo *gitops.Repo) (*exec.Cmd, io.WriteCloser) {
	pager, ok := "", false
	if pager, ok = lookupOK(env.Environ, "GIT_PAGER"); !ok {
		if repo != nil {
			pager, ok = repo.Config("core.pager")
		}
		if !ok {
			if pager, ok = lookupOK(env.Environ, "PAGER"); !ok {
				pager = "less"
			}
		}
	}
	if pager == "" || pager == "cat" {
		return nil, nil
	}
	cmd := exec.Command("sh", "-c", pager)
	cmd.Env = env.Environ
	if lookup(env.Environ, "LESS") == "" {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if lookup(env.Environ, "LV") == "" {
		cmd.Env = append(cmd.Env, "LV=-c")
	}
	cmd.Stdout, cmd.Stderr = env.Stdout, env.Stderr
	pipe, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil
	}
	if err := cmd.Start(); err != nil {
		return nil, nil
	}
	return cmd, pipe
}

// outputFlag applies the options every paged command takes (--color,
// --no-color, --no-pager) and reports whether o was one of them.
func outputFlag(o string, color *string, pager *bool) bool {
	name, val, _ := strings.Cut(o, "=")
	switch {
	case o == "--color":
		*color = "always"
	case name == "--color":
		*color = val
	case o == "--no-color":
		*color = "never"
	case o == "--no-pager":
		*pager = false
	default:
		return false
	}
	return true
}

func lookup(env []string, key string) string {
	v, _ := lookupOK(env, key)
	return v
}

func lookupOK(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// args splits a command line into options and operands the way git's
// commands take them: options may come after operands; "--" ends options
// and starts paths.
type args struct {
	opts  []string
	revs  []string
	paths []string
	dash  bool // "--" was given
}

func splitArgs(list []string) args {
	var a args
	for i := 0; i < len(list); i++ {
		s := list[i]
		switch {
		case s == "--":
			a.dash = true
			a.paths = append(a.paths, list[i+1:]...)
			return a
		case strings.HasPrefix(s, "-") && len(s) > 1 && !strings.HasPrefix(s, "^"):
			a.opts = append(a.opts, s)
			// options taking a separate value
			if (s == "-n" || s == "--max-count" || s == "-C" || s == "--date" || s == "--format") && i+1 < len(list) {
				a.opts[len(a.opts)-1] = s + "=" + list[i+1]
				i++
			}
		default:
			a.revs = append(a.revs, s)
		}
	}
	return a
}
