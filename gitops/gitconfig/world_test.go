package gitconfig

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// world is a scripted repository and the files git reads around it, all
// in one temp dir: base/home (HOME, ~/.gitconfig, the XDG file), base/system
// (GIT_CONFIG_SYSTEM) and base/repo. git runs with GIT_DIR set to the
// absolute git dir so it names files exactly as Load does.
type world struct {
	t      testing.TB
	repo   *gittest.Repo
	base   string
	env    []string
	gitDir string // per-worktree git dir given to git and Load
	common string
	branch string
	cwd    string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	r := gittest.New(t)
	w := &world{t: t, repo: r, base: filepath.Dir(r.Dir), env: r.Environ(), cwd: r.Dir}
	w.gitDir = filepath.Join(r.Dir, ".git")
	w.common = w.gitDir
	w.branch = "main"
	w.unsetenv("GIT_CONFIG_NOSYSTEM")
	w.setenv("GIT_CONFIG_SYSTEM", w.path("system"))
	return w
}

func (w *world) path(rel string) string { return filepath.Join(w.base, filepath.FromSlash(rel)) }

// write creates a file relative to the base dir.
func (w *world) write(rel, content string) {
	w.t.Helper()
	p := w.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) unsetenv(key string) {
	out := w.env[:0:0]
	for _, kv := range w.env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	w.env = out
}

func (w *world) setenv(key, value string) {
	w.unsetenv(key)
	w.env = append(w.env, key+"="+value)
}

// git runs git with the world's environment and GIT_DIR.
func (w *world) git(args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = w.cwd
	cmd.Env = append(append([]string(nil), w.env...), "GIT_DIR="+w.gitDir)
	if w.gitDir == "" { // outside any repository
		cmd.Dir = w.base
		cmd.Env = append(append([]string(nil), w.env...), "GIT_CEILING_DIRECTORIES="+filepath.Dir(w.base))
	}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

func (w *world) sources() Sources {
	return Sources{GitDir: w.gitDir, CommonDir: w.common, Env: w.env, Branch: w.branch}
}

func (w *world) load() (*Config, error) { return Load(w.sources()) }

// gitList is `git config --list --includes` with scope and origin, one
// "scope<TAB>file<TAB>key=value" string per entry ("key" alone for a
// variable without "=").
func (w *world) gitList() ([]string, error) {
	out, stderr, err := w.git("config", "--list", "--includes", "--show-origin", "--show-scope", "-z")
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr)
	}
	fields := strings.Split(out, "\x00")
	var list []string
	for i := 0; i+2 < len(fields); i += 3 {
		scope, origin, kv := fields[i], fields[i+1], fields[i+2]
		file := ""
		if f, ok := strings.CutPrefix(origin, "file:"); ok {
			file = f
			if !filepath.IsAbs(f) {
				file = w.cwd + "/" + f
			}
		} else if origin != "command line:" {
			w.t.Fatalf("unexpected origin %q", origin)
		}
		if k, v, ok := strings.Cut(kv, "\n"); ok {
			kv = k + "=" + v
		}
		list = append(list, scope+"\t"+file+"\t"+kv)
	}
	return list, nil
}

func describe(c *Config) []string {
	var list []string
	for _, e := range c.Entries() {
		kv := e.Key
		if !e.NoValue {
			kv += "=" + e.Value
		}
		list = append(list, e.Scope.String()+"\t"+e.File+"\t"+kv)
	}
	return list
}

// check compares Load with git: the same entries in the same order, or
// both failing with git's message.
func (w *world) check() *Config {
	w.t.Helper()
	want, gitErr := w.gitList()
	cfg, err := w.load()
	if gitErr != nil {
		if err == nil {
			w.t.Fatalf("git fails but Load succeeds:\ngit: %v\nours: %q", gitErr, describe(cfg))
		}
		w.checkMessage(gitErr.Error(), err)
		return nil
	}
	if err != nil {
		w.t.Fatalf("Load: %v\ngit: %q", err, want)
	}
	got := describe(cfg)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		w.t.Fatalf("entries differ\ngit:\n%s\nours:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
	return cfg
}

// checkMessage requires our error to start with git's fatal message and to
// carry every error: line git printed before it.
func (w *world) checkMessage(stderr string, err error) {
	w.t.Helper()
	fatal := ""
	if i := strings.Index(stderr, "fatal: "); i >= 0 {
		fatal = strings.TrimRight(stderr[i+len("fatal: "):], "\n")
	}
	if fatal == "" {
		w.t.Fatalf("git failed without a fatal message: %s", stderr)
	}
	if !strings.HasPrefix(err.Error(), fatal) {
		w.t.Fatalf("messages differ\ngit:  %s\nours: %s", fatal, err)
	}
	for _, line := range strings.Split(stderr, "\n") {
		if msg, ok := strings.CutPrefix(line, "error: "); ok && !strings.Contains(err.Error(), msg) {
			w.t.Fatalf("our error %q lacks git's %q", err, msg)
		}
	}
}

// gitGet runs `git config [--type=T] --get key` and returns its output
// without the newline, or an error with git's fatal message.
func (w *world) gitGet(typ, key string) (string, error) {
	args := []string{"config"}
	if typ != "" {
		args = append(args, "--type="+typ)
	}
	out, stderr, err := w.git(append(args, "--get", key)...)
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr))
	}
	return strings.TrimSuffix(out, "\n"), nil
}
