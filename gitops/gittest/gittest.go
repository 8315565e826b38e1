// Package gittest builds real Git repositories by script for tests. Every
// repository lives in its own temp dir with a hermetic environment (HOME and
// GIT_CONFIG_GLOBAL inside the temp dir, no system config, fixed identity)
// and a fake clock, so the same script always produces the same hashes and
// git itself can be used as the oracle.
package gittest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Epoch is the fake clock's first second (2023-11-14T22:13:20Z).
const Epoch = 1_700_000_000

// Repo is a scripted repository. Methods fail the test on any git error.
type Repo struct {
	T    testing.TB
	Dir  string // work tree (or the git dir for a bare repository)
	Home string // fake HOME, also holds the global config
	env  []string
	// Clock is the Unix time the next commit gets; Commit advances it by
	// Step seconds so commit times are distinct and increasing.
	Clock int64
	Step  int64
}

// Option changes how New creates a repository.
type Option func(*options)

type options struct {
	bare       bool
	branch     string
	initArgs   []string
	skipCommit bool
}

// Bare makes a bare repository.
func Bare() Option { return func(o *options) { o.bare = true } }

// Branch names the initial branch (default "main").
func Branch(name string) Option { return func(o *options) { o.branch = name } }

// InitArgs passes extra arguments to git init (e.g. "--object-format=sha256").
func InitArgs(args ...string) Option {
	return func(o *options) { o.initArgs = append(o.initArgs, args...) }
}

// New creates an empty repository in a fresh temp dir.
func New(t testing.TB, opts ...Option) *Repo {
	t.Helper()
	o := options{branch: "main"}
	for _, f := range opts {
		f(&o)
	}
	base := t.TempDir()
	r := &Repo{T: t, Dir: filepath.Join(base, "repo"), Home: filepath.Join(base, "home"), Clock: Epoch, Step: 60}
	if err := os.MkdirAll(r.Home, 0o755); err != nil {
		t.Fatal(err)
	}
	r.env = Env(r.Home)
	args := []string{"init", "-q", "-b", o.branch}
	if o.bare {
		args = append(args, "--bare")
	}
	args = append(args, o.initArgs...)
	args = append(args, r.Dir)
	r.run(base, nil, args...)
	return r
}

// Env is a hermetic environment for git rooted at home: the caller's GIT_*
// variables are dropped so nothing leaks in from the machine running tests.
func Env(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "GIT_"), k == "HOME", k == "XDG_CONFIG_HOME",
			k == "LANG", k == "LC_ALL", k == "TZ", k == "EMAIL":
			continue
		}
		env = append(env, kv)
	}
	cfg := filepath.Join(home, ".gitconfig")
	if _, err := os.Stat(cfg); err != nil {
		_ = os.WriteFile(cfg, []byte("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"), 0o644)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_GLOBAL="+cfg,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Ada Lovelace",
		"GIT_AUTHOR_EMAIL=ada@example.com",
		"GIT_COMMITTER_NAME=Ada Lovelace",
		"GIT_COMMITTER_EMAIL=ada@example.com",
		"LANG=C", "LC_ALL=C", "TZ=UTC",
	)
}

// Environ returns the repository's hermetic environment (for code under test
// that must see the same configuration as git).
func (r *Repo) Environ() []string { return append([]string(nil), r.env...) }

// Setenv adds or replaces a variable in the environment git runs with.
func (r *Repo) Setenv(key, value string) {
	out := r.env[:0:0]
	for _, kv := range r.env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	r.env = append(out, key+"="+value)
}

// Path joins rel to the work tree.
func (r *Repo) Path(rel string) string { return filepath.Join(r.Dir, filepath.FromSlash(rel)) }

func (r *Repo) run(dir string, stdin []byte, args ...string) string {
	r.T.Helper()
	out, err := r.runErr(dir, stdin, args...)
	if err != nil {
		r.T.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func (r *Repo) runErr(dir string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = r.env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// Git runs git in the repository and returns its standard output.
func (r *Repo) Git(args ...string) string {
	r.T.Helper()
	return r.run(r.Dir, nil, args...)
}

// GitIn runs git with standard input.
func (r *Repo) GitIn(stdin []byte, args ...string) string {
	r.T.Helper()
	return r.run(r.Dir, stdin, args...)
}

// GitErr runs git and returns its error instead of failing the test.
func (r *Repo) GitErr(args ...string) (string, error) {
	return r.runErr(r.Dir, nil, args...)
}

// GitAt runs git at the repository's fake clock without advancing it.
func (r *Repo) GitAt(args ...string) string {
	r.T.Helper()
	return r.withDate(r.Clock, func() string { return r.Git(args...) })
}

// Rev resolves a revision to its full hash.
func (r *Repo) Rev(rev string) string {
	r.T.Helper()
	return strings.TrimSpace(r.Git("rev-parse", "--verify", "-q", rev+"^{object}"))
}

// Write creates or replaces a work-tree file, making parent directories.
func (r *Repo) Write(rel, content string) *Repo {
	r.T.Helper()
	return r.WriteBytes(rel, []byte(content))
}

// WriteBytes creates or replaces a work-tree file with raw bytes.
func (r *Repo) WriteBytes(rel string, b []byte) *Repo {
	r.T.Helper()
	p := r.Path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		r.T.Fatal(err)
	}
	return r
}

// Append adds text to the end of a work-tree file.
func (r *Repo) Append(rel, content string) *Repo {
	r.T.Helper()
	old, _ := os.ReadFile(r.Path(rel))
	return r.WriteBytes(rel, append(old, content...))
}

// Remove deletes a work-tree file or directory.
func (r *Repo) Remove(rel string) *Repo {
	r.T.Helper()
	if err := os.RemoveAll(r.Path(rel)); err != nil {
		r.T.Fatal(err)
	}
	return r
}

// Chmod changes a work-tree file's mode.
func (r *Repo) Chmod(rel string, mode os.FileMode) *Repo {
	r.T.Helper()
	if err := os.Chmod(r.Path(rel), mode); err != nil {
		r.T.Fatal(err)
	}
	return r
}

// Read returns a work-tree file's content.
func (r *Repo) Read(rel string) string {
	r.T.Helper()
	b, err := os.ReadFile(r.Path(rel))
	if err != nil {
		r.T.Fatal(err)
	}
	return string(b)
}

func (r *Repo) withDate(when int64, f func() string) string {
	saved := append([]string(nil), r.env...)
	date := fmt.Sprintf("@%d +0000", when)
	r.Setenv("GIT_AUTHOR_DATE", date)
	r.Setenv("GIT_COMMITTER_DATE", date)
	defer func() { r.env = saved }()
	return f()
}

// Commit stages everything (git add -A) and commits with the next clock tick.
// It returns the new commit's hash.
func (r *Repo) Commit(msg string) string {
	r.T.Helper()
	r.Git("add", "-A")
	return r.CommitStaged(msg)
}

// CommitStaged commits the index as it is (empty commits allowed).
func (r *Repo) CommitStaged(msg string) string {
	r.T.Helper()
	r.tick()
	r.withDate(r.Clock, func() string {
		return r.Git("commit", "-q", "--allow-empty", "--no-verify", "-m", msg)
	})
	return r.Rev("HEAD")
}

// CommitAt commits everything with an explicit time (for clock-skew scripts).
func (r *Repo) CommitAt(msg string, unix int64) string {
	r.T.Helper()
	r.Git("add", "-A")
	r.withDate(unix, func() string {
		return r.Git("commit", "-q", "--allow-empty", "--no-verify", "-m", msg)
	})
	return r.Rev("HEAD")
}

// Merge merges the given branches into the current one with a merge commit
// (octopus when several) at the next tick. Conflicts fail the test; use
// GitErr for scripted conflicts.
func (r *Repo) Merge(msg string, branches ...string) string {
	r.T.Helper()
	r.tick()
	args := append([]string{"merge", "-q", "--no-ff", "--no-edit", "-m", msg}, branches...)
	r.withDate(r.Clock, func() string { return r.Git(args...) })
	return r.Rev("HEAD")
}

// Checkout switches branches (creating with -b when create is true).
func (r *Repo) Checkout(branch string, create bool) *Repo {
	r.T.Helper()
	if create {
		r.Git("checkout", "-q", "-b", branch)
	} else {
		r.Git("checkout", "-q", branch)
	}
	return r
}

// Tag creates a lightweight tag, or an annotated one when msg is not empty.
func (r *Repo) Tag(name, rev, msg string) *Repo {
	r.T.Helper()
	if msg == "" {
		r.Git("tag", name, rev)
		return r
	}
	r.tick()
	r.withDate(r.Clock, func() string { return r.Git("tag", "-a", "-m", msg, name, rev) })
	return r
}

func (r *Repo) tick() {
	r.Clock += r.Step
}

// Tick advances the fake clock by d seconds without committing.
func (r *Repo) Tick(d int64) { r.Clock += d }

// WriteCommitGraph writes a commit-graph file (with changed-path Bloom
// filters when bloom is true).
func (r *Repo) WriteCommitGraph(bloom bool) *Repo {
	r.T.Helper()
	args := []string{"commit-graph", "write", "--reachable"}
	if bloom {
		args = append(args, "--changed-paths")
	}
	r.Git(args...)
	return r
}

// Move renames a tracked file with git mv, creating the target directory.
func (r *Repo) Move(from, to string) *Repo {
	r.T.Helper()
	if err := os.MkdirAll(filepath.Dir(r.Path(to)), 0o755); err != nil {
		r.T.Fatal(err)
	}
	r.Git("mv", from, to)
	return r
}

// Linear adds n commits on the current branch in one git fast-import run
// (a commit per git process makes long histories slow to script). Each
// commit rewrites file with its number; subject names commit i.
func (r *Repo) Linear(n int, file string, subject func(i int) string) *Repo {
	r.T.Helper()
	return r.LinearFiles(n, func(int) string { return file }, subject)
}

// LinearFiles is Linear with commit i rewriting the file file(i).
func (r *Repo) LinearFiles(n int, file func(i int) string, subject func(i int) string) *Repo {
	r.T.Helper()
	branch := strings.TrimSpace(r.Git("symbolic-ref", "HEAD"))
	var b bytes.Buffer
	from := ""
	if parent, err := r.GitErr("rev-parse", "--verify", "-q", "HEAD"); err == nil {
		from = strings.TrimSpace(parent)
	}
	for i := 0; i < n; i++ {
		r.tick()
		msg := subject(i) + "\n"
		content := fmt.Sprintf("%d\n", i)
		fmt.Fprintf(&b, "commit %s\nauthor Ada Lovelace <ada@example.com> %d +0000\ncommitter Ada Lovelace <ada@example.com> %d +0000\n", branch, r.Clock, r.Clock)
		fmt.Fprintf(&b, "data %d\n%s", len(msg), msg)
		if i == 0 && from != "" {
			fmt.Fprintf(&b, "from %s\n", from)
		}
		fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", file(i), len(content), content)
	}
	b.WriteString("done\n")
	r.GitIn(b.Bytes(), "fast-import", "--quiet", "--done")
	r.Git("reset", "-q", "--hard")
	return r
}
