package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"reef/gitops/gitconfig"
)

// hookOutputKeep is how much of a hook's output HookError keeps: the end,
// where a linter prints its verdict.
const hookOutputKeep = 256 << 10

// hookWaitDelay bounds the wait for a hook's output once it has exited: a
// hook that leaves a daemon holding the pipe must not hang the commit.
const hookWaitDelay = 2 * time.Second

// hookRunner runs a repository's hooks the way git does: from
// core.hooksPath or <common dir>/hooks, in the top of the work tree,
// skipping hooks that are missing or not executable.
type hookRunner struct {
	dir string   // the hooks directory
	cwd string   // the top of the work tree
	env []string // every hook's environment
	// commitEnv is added for the commit hooks (pre-commit to
	// post-commit): GIT_INDEX_FILE, and GIT_EDITOR=: when no editor runs.
	commitEnv []string
	out       io.Writer // receives the output as the hook runs; may be nil
	// hintIgnored says so on out when a hook is skipped for not being
	// executable, as git does unless advice.ignoredHook is false.
	hintIgnored bool
}

// hooksDir is core.hooksPath (relative to the top of the work tree, "~"
// expanded) or the common dir's hooks directory.
func (r *Repo) hooksDir(cfg *gitconfig.Config) (string, error) {
	p, ok, err := cfg.Path("core.hookspath")
	if err != nil {
		return "", fmt.Errorf("core.hooksPath: %w", err)
	}
	if !ok || p == "" {
		return filepath.Join(r.commonDir, "hooks"), nil
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(r.workTree, p)
	}
	return p, nil
}

// find returns the hook's path, or "" when git would not run it.
func (h *hookRunner) find(name string) string {
	p := filepath.Join(h.dir, name)
	st, err := os.Stat(p)
	if err != nil || !st.Mode().IsRegular() {
		return ""
	}
	if st.Mode().Perm()&0o111 == 0 {
		if h.hintIgnored && h.out != nil {
			fmt.Fprintf(h.out, "hint: The '%s' hook was ignored because it's not set as executable.\nhint: You can disable this warning with `git config advice.ignoredHook false`.\n", p)
		}
		return ""
	}
	return p
}

// run runs hook name with args, feeding it stdin (nil: none). ran is false
// when there is no such hook. A hook that exits non-zero (or is killed)
// returns a *HookError holding its output; the context's error is
// returned when it was cancelled.
func (h *hookRunner) run(ctx context.Context, name string, commitHook bool, stdin []byte, args ...string) (ran bool, err error) {
	path := h.find(name)
	if path == "" {
		return false, nil
	}
	env := h.env
	if commitHook {
		env = append(append([]string(nil), h.env...), h.commitEnv...)
	}
	keep := &tailBuffer{max: hookOutputKeep}
	var w io.Writer = keep
	if h.out != nil {
		w = io.MultiWriter(h.out, keep)
	}
	err = h.exec(ctx, path, args, env, stdin, w)
	if errors.Is(err, syscall.ENOEXEC) {
		// git runs a hook without a #! line through sh, as execvp does.
		err = h.exec(ctx, "/bin/sh", append([]string{path}, args...), env, stdin, w)
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return true, ctxErr
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return true, &HookError{Hook: name, Code: exit.ExitCode(), Output: keep.String()}
	}
	if err != nil {
		return true, fmt.Errorf("run the %s hook: %w", name, err)
	}
	return true, nil
}

func (h *hookRunner) exec(ctx context.Context, path string, args, env []string, stdin []byte, w io.Writer) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir, cmd.Env = h.cwd, env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	// One writer for both streams: exec gives them one pipe, so the
	// output keeps the order the hook wrote it in (git sends both to its
	// stderr).
	cmd.Stdout, cmd.Stderr = w, w
	cmd.WaitDelay = hookWaitDelay
	ownProcessGroup(cmd)
	return cmd.Run()
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max     int
	buf     []byte
	dropped bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0:0], t.buf[len(t.buf)-t.max:]...)
		t.dropped = true
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	b := t.buf
	if len(b) > t.max {
		b, t.dropped = b[len(b)-t.max:], true
	}
	if t.dropped {
		return "[…earlier output dropped]\n" + string(b)
	}
	return string(b)
}

// newHookRunner sets up the hooks' environment as git's (measured with a
// hook printing it): the author git exported, GIT_PREFIX, git's exec path
// first on PATH, GIT_DIR in a linked worktree, and for the commit hooks
// GIT_INDEX_FILE (".git/index" as git names it from the top) and, when no
// editor runs, GIT_EDITOR=:.
func (r *Repo) newHookRunner(cfg *gitconfig.Config, ids identities, out io.Writer, editing bool) (*hookRunner, error) {
	dir, err := r.hooksDir(cfg)
	if err != nil {
		return nil, err
	}
	env := append([]string(nil), r.env...)
	env = append(env, "GIT_PREFIX=")
	if ids.execPath != "" {
		path, _ := lookupEnv(r.env, "PATH")
		env = append(env, "GIT_EXEC_PATH="+ids.execPath, "PATH="+ids.execPath+string(filepath.ListSeparator)+path)
	}
	env = append(env, identEnv(ids.author)...)
	gitDir, export := r.hookGitDir()
	if export {
		env = append(env, "GIT_DIR="+gitDir)
	}
	index := filepath.Join(gitDir, "index")
	if v, ok := lookupEnv(r.env, "GIT_INDEX_FILE"); ok && v != "" {
		index = v
	}
	commitEnv := []string{"GIT_INDEX_FILE=" + index}
	if !editing {
		commitEnv = append(commitEnv, "GIT_EDITOR=:")
	}
	hint, _ := cfg.Bool("advice.ignoredhook", true)
	return &hookRunner{dir: dir, cwd: r.workTree, env: env, commitEnv: commitEnv, out: out, hintIgnored: hint}, nil
}

// hookGitDir is the git dir as git names it to hooks, which run in the
// top of the work tree: ".git" for an ordinary repository, else the
// absolute path, which git then also exports as GIT_DIR (a linked worktree
// or submodule, whose .git is a file).
func (r *Repo) hookGitDir() (dir string, export bool) {
	if _, set := lookupEnv(r.env, "GIT_DIR"); set {
		return r.gitDir, false
	}
	dotGit := filepath.Join(r.workTree, ".git")
	if st, err := os.Lstat(dotGit); err == nil && st.IsDir() && filepath.Clean(r.gitDir) == dotGit {
		return ".git", false
	}
	return r.gitDir, true
}
