package gitops

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// commitHook installs an executable hook script in r's hooks directory.
func commitHook(t *testing.T, r *gittest.Repo, dir, name, script string) {
	t.Helper()
	p := r.Path(filepath.Join(dir, name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

// commitHookLog is what the logging hooks recorded, with the twin's own
// directory replaced so both twins can be compared.
func commitHookLog(t *testing.T, r *gittest.Repo) string {
	t.Helper()
	base := filepath.Dir(r.Dir)
	b, err := os.ReadFile(filepath.Join(base, "hooklog"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), base, "BASE")
}

// logging is a hook body recording its name, arguments, stdin, working
// directory, git's exec path first on PATH and every GIT_ variable.
const commitLogging = `#!/bin/sh
{
echo "== $(basename "$0") $#: $*"
echo "cwd=$(pwd)"
echo "path1=${PATH%%:*}"
env | grep '^GIT_' | sort
if [ "$(basename "$0")" = post-rewrite ]; then echo "stdin=$(cat)"; fi
} >> ../hooklog
`

func TestCommitHooksMatchGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("fmt.txt", "seed\n").Commit("base")
		for _, h := range []string{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "post-rewrite"} {
			commitHook(t, r, ".git/hooks", h, commitLogging)
		}
		// pre-commit formats a staged file and stages the result.
		commitHook(t, r, ".git/hooks", "pre-commit", commitLogging+"sed -i 's/   */ /g' fmt.txt && git add fmt.txt\n")
		commitHook(t, r, ".git/hooks", "prepare-commit-msg", commitLogging+"echo \"prepared for: $2 $3\" >> \"$1\"\n")
		commitHook(t, r, ".git/hooks", "commit-msg", commitLogging+"printf '\\nReviewed-by: Hook <hook@example.com>\\n' >> \"$1\"\n")
		r.Write("fmt.txt", "a    b     c\n").Git("add", "fmt.txt")
	})
	tw.commit(CommitOptions{Message: "Format"}, "-m", "Format")
	if got := tw.reef.Git("show", "HEAD:fmt.txt"); got != "a b c\n" {
		t.Errorf("the re-staged file was not committed: %q", got)
	}
	if !strings.Contains(tw.reef.Git("log", "-1", "--format=%B"), "Reviewed-by: Hook") {
		t.Error("commit-msg's trailer is missing")
	}
	tw.both(func(r *gittest.Repo) { r.Write("fmt.txt", "x  y\n").Git("add", "fmt.txt") })
	tw.at(gittest.Epoch + 7200)
	tw.commit(CommitOptions{Message: "Amended", Amend: true}, "--amend", "-m", "Amended")
	if g, w := commitHookLog(t, tw.reef), commitHookLog(t, tw.git); g != w {
		t.Errorf("hooks saw:\n%s\ngit's hooks saw:\n%s", g, w)
	}
	if !strings.Contains(commitHookLog(t, tw.reef), "== post-rewrite 1: amend") {
		t.Error("post-rewrite did not run after amend")
	}
}

func TestCommitHooksPathAndShapesMatchGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Git("config", "core.hooksPath", "tools/hooks")
		commitHook(t, r, "tools/hooks", "pre-commit", "echo ran > ../pre-commit.ran\n") // no #! line: run by sh
		commitHook(t, r, "tools/hooks", "commit-msg", "#!/bin/sh\necho ran > ../commit-msg.ran\n")
		os.Chmod(r.Path("tools/hooks/commit-msg"), 0o644)                                           // not executable: skipped
		commitHook(t, r, ".git/hooks", "post-commit", "#!/bin/sh\necho ran > ../post-commit.ran\n") // outside hooksPath
		r.Write("f", "x\n").Git("add", "f")
	})
	var out bytes.Buffer
	tw.commit(CommitOptions{Message: "shapes", Output: &out}, "-m", "shapes")
	if !strings.Contains(out.String(), "commit-msg' hook was ignored because it's not set as executable") {
		t.Errorf("no hint about the ignored hook in %q", out.String())
	}
	for _, marker := range []string{"pre-commit.ran", "commit-msg.ran", "post-commit.ran"} {
		_, gerr := os.Stat(filepath.Join(filepath.Dir(tw.git.Dir), marker))
		_, rerr := os.Stat(filepath.Join(filepath.Dir(tw.reef.Dir), marker))
		if (gerr == nil) != (rerr == nil) {
			t.Errorf("%s: git ran it %v, reef %v", marker, gerr == nil, rerr == nil)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(tw.reef.Dir), "pre-commit.ran")); err != nil {
		t.Error("the hook without #! did not run")
	}
}

func TestCommitFailingHooks(t *testing.T) {
	for _, c := range []struct{ hook, script string }{
		{"pre-commit", "#!/bin/sh\necho 'tflint: 2 issues' >&2\necho 'main.tf:3: bad'\nexit 3\n"},
		{"prepare-commit-msg", "#!/bin/sh\necho 'no ticket id'\nexit 1\n"},
		{"commit-msg", "#!/bin/sh\necho 'subject too long' >&2\nexit 1\n"},
	} {
		t.Run(c.hook, func(t *testing.T) {
			t.Parallel()
			tw := newCommitTwins(t, func(r *gittest.Repo) {
				r.Write("f", "1\n").Commit("base")
				commitHook(t, r, ".git/hooks", c.hook, c.script)
				r.Write("f", "2\n").Git("add", "f")
			})
			if err := tw.gitCommit("-m", "change"); err == nil {
				t.Fatal("git committed despite the hook")
			}
			repo := commitOpen(t, tw.reef)
			if err := repo.SaveDraft("change\n\nmy careful body"); err != nil {
				t.Fatal(err)
			}
			head := tw.reef.Rev("HEAD")
			var out bytes.Buffer
			_, err := repo.CommitStaged(context.Background(), CommitOptions{Message: "change", Output: &out})
			var herr *HookError
			if !errors.As(err, &herr) || herr.Hook != c.hook || herr.Code == 0 {
				t.Fatalf("err %v, want a %s HookError", err, c.hook)
			}
			if herr.Output == "" || herr.Output != out.String() {
				t.Errorf("HookError.Output %q, streamed %q", herr.Output, out.String())
			}
			if tw.reef.Rev("HEAD") != head {
				t.Fatal("HEAD moved")
			}
			if d, _ := repo.CommitDraft(false); d != "change\n\nmy careful body" {
				t.Errorf("draft after the failure: %q", d)
			}
			tw.same() // COMMIT_EDITMSG and reflogs as git left them

			// --no-verify skips pre-commit and commit-msg, not prepare-commit-msg.
			gitErr := tw.gitCommit("--no-verify", "-m", "change")
			_, err = repo.CommitStaged(context.Background(), CommitOptions{Message: "change", NoVerify: true})
			if (gitErr == nil) != (err == nil) {
				t.Fatalf("--no-verify: git %v, reef %v", gitErr, err)
			}
			if err == nil {
				tw.same()
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe to read while a hook writes to it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestCommitHookOutputStreams(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "x\n").Git("add", "f")
	gate := filepath.Join(t.TempDir(), "gate")
	// The hook prints, then waits for the test to have seen the line.
	commitHook(t, r, ".git/hooks", "pre-commit", "#!/bin/sh\necho 'checking...'\nwhile [ ! -e '"+gate+"' ]; do sleep 0.05; done\necho done\n")
	var out syncBuffer
	go func() {
		for !strings.Contains(out.String(), "checking...") {
			time.Sleep(20 * time.Millisecond)
		}
		os.WriteFile(gate, nil, 0o644)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := commitOpen(t, r).CommitStaged(ctx, CommitOptions{Message: "m", Output: &out}); err != nil {
		t.Fatalf("the hook's first line never arrived while it ran: %v", err)
	}
	if out.String() != "checking...\ndone\n" {
		t.Errorf("output %q", out.String())
	}
}

func TestCommitHookCancelled(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "x\n").Git("add", "f")
	pidFile := filepath.Join(t.TempDir(), "pid")
	commitHook(t, r, ".git/hooks", "pre-commit", "#!/bin/sh\nsleep 60 &\necho $! > '"+pidFile+"'\nwait\n")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for {
			if b, _ := os.ReadFile(pidFile); len(b) > 0 {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	start := time.Now()
	_, err := commitOpen(t, r).CommitStaged(ctx, CommitOptions{Message: "m"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled hook: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("cancel took %v", d)
	}
	b, _ := os.ReadFile(pidFile)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	deadline := time.Now().Add(5 * time.Second)
	for commitAlive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the hook's child %d survived the cancel", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := r.GitErr("rev-parse", "-q", "--verify", "HEAD"); err == nil {
		t.Fatal("a cancelled commit was made")
	}
}

// commitAlive reports whether pid runs (a zombie waiting for its parent
// counts as gone).
func commitAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(f) > 0 && f[0] != "Z"
}
