package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// needTmux skips the test when there is no tmux to run the program in.
func needTmux(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the end-to-end tests need tmux, which does not run on Windows")
	}
	p, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: the end-to-end tests run reef in a tmux pane (apt-get install tmux)")
	}
	return p
}

// buildReef builds the binary from the module root into a temp dir, with
// -race when the tests run with -race (see raceBuild).
func buildReef(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "reef")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// term is one program running in a pane of a private tmux server.
type term struct {
	t      *testing.T
	tmux   string
	sock   string // the server's socket, in the test's temp dir
	status string // file the wrapper writes the program's exit status to
}

// Pane size of every test: the golden size for wide terminals.
const cols, rows = 120, 40

// wrapper runs the program, records its exit status in a file and keeps
// the terminal open: tmux 3.3 sometimes never fills in #{pane_dead_status},
// and may drop the last output of a pane whose process has gone (here the
// program's switch back from the alternate screen).
const wrapper = `status=$1; shift; "$@"; echo $? > "$status"; exec sleep 600`

// startTerm runs argv in a cols x rows pane of a fresh tmux server with
// env as its environment (through env -i, so nothing from the tmux server
// or the machine leaks in). The pane stays after the program exits; the
// server, and with it the pane, is killed at cleanup.
func startTerm(t *testing.T, tmux string, env []string, argv ...string) *term {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "tmux.conf")
	// remain-on-exit is set before the program starts: a program that
	// exits at once must still leave its screen behind.
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\nset -g status off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	envBin, err := exec.LookPath("env")
	if err != nil {
		t.Fatal(err)
	}
	// The socket lives in the temp dir rather than tmux's shared one
	// (-L): kill-server leaves socket files behind.
	p := &term{t: t, tmux: tmux, sock: filepath.Join(dir, "tmux.sock"), status: filepath.Join(dir, "status")}
	if len(p.sock) > 100 {
		t.Skipf("the temp dir's path is too long for a Unix socket (%s); set TMPDIR shorter", p.sock)
	}
	t.Cleanup(func() { _, _ = p.run("kill-server") })
	args := []string{"-f", conf, "new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), "--", envBin, "-i"}
	args = append(args, env...)
	args = append(append(args, "/bin/sh", "-c", wrapper, "sh", p.status), argv...)
	if _, err := p.run(args...); err != nil {
		t.Fatal(err)
	}
	if got := p.tmuxOut("display-message", "-p", "-t", "e2e", "#{pane_width}x#{pane_height}"); got != fmt.Sprintf("%dx%d", cols, rows) {
		t.Fatalf("pane is %s, want %dx%d", got, cols, rows)
	}
	return p
}

func (p *term) run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.tmux, append([]string{"-S", p.sock}, args...)...)
	// A tmux client inside the caller's tmux would talk to that server.
	cmd.Env = withoutTmux(os.Environ())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimRight(stdout.String(), "\n"), nil
}

func (p *term) tmuxOut(args ...string) string {
	p.t.Helper()
	out, err := p.run(args...)
	if err != nil {
		p.t.Fatal(err)
	}
	return out
}

// screen is the pane's text, one line per row, without attributes.
func (p *term) screen() string {
	p.t.Helper()
	return p.tmuxOut("capture-pane", "-p", "-t", "e2e")
}

// styled is the pane with its attributes as escape sequences (selection,
// colours), for checks that the text alone cannot make.
func (p *term) styled() string {
	p.t.Helper()
	return p.tmuxOut("capture-pane", "-p", "-e", "-t", "e2e")
}

func (p *term) title() string {
	p.t.Helper()
	return p.tmuxOut("display-message", "-p", "-t", "e2e", "#{pane_title}")
}

// environ is the environment of the program in the pane, read from /proc
// (the pane's process is the wrapper shell, the program its child); ok is
// false where there is no /proc.
func (p *term) environ() (env []string, ok bool) {
	p.t.Helper()
	pid := p.tmuxOut("display-message", "-p", "-t", "e2e", "#{pane_pid}")
	kids, err := os.ReadFile(filepath.Join("/proc", pid, "task", pid, "children"))
	if err != nil || len(strings.Fields(string(kids))) != 1 {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join("/proc", strings.TrimSpace(string(kids)), "environ"))
	if err != nil {
		return nil, false
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00"), true
}

// keys sends tmux key names (j, G, q, Enter...).
func (p *term) keys(keys ...string) {
	p.t.Helper()
	p.tmuxOut(append([]string{"send-keys", "-t", "e2e"}, keys...)...)
}

// waitFor polls the screen until ok accepts it, and fails the test with
// the last screen when it has not within d.
func (p *term) waitFor(what string, d time.Duration, ok func(screen string) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := p.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("after %v the screen does not show %s:\n%s", d, what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitText waits until the screen contains text.
func (p *term) waitText(text string, d time.Duration) string {
	p.t.Helper()
	return p.waitFor(fmt.Sprintf("%q", text), d, func(s string) bool { return strings.Contains(s, text) })
}

// waitExit waits for the program to end and returns its exit status.
func (p *term) waitExit(d time.Duration) string {
	p.t.Helper()
	deadline := time.Now().Add(d)
	for {
		// The file exists once the shell opened it; the status follows.
		if b, err := os.ReadFile(p.status); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the program is still running %v after it was asked to quit:\n%s", d, p.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// withoutTmux drops the variables that point a tmux client at the
// caller's own tmux server.
func withoutTmux(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TMUX_PANE=") {
			out = append(out, kv)
		}
	}
	return out
}
