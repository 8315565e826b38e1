package gitops

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// commitTwins are two repositories built by the same script on the same
// fake clock: git commits in one, reef in the other, and every byte they
// write must agree.
type commitTwins struct {
	t         *testing.T
	git, reef *gittest.Repo
}

func newCommitTwins(t *testing.T, script func(r *gittest.Repo)) *commitTwins {
	t.Helper()
	tw := &commitTwins{t: t, git: gittest.New(t), reef: gittest.New(t)}
	tw.both(script)
	tw.at(gittest.Epoch + 3600)
	return tw
}

func (tw *commitTwins) both(f func(r *gittest.Repo)) {
	tw.t.Helper()
	f(tw.git)
	f(tw.reef)
}

// at sets the author and committer dates of the next commits.
func (tw *commitTwins) at(unix int64) {
	tw.both(func(r *gittest.Repo) {
		r.Setenv("GIT_AUTHOR_DATE", fmt.Sprintf("@%d +0100", unix))
		r.Setenv("GIT_COMMITTER_DATE", fmt.Sprintf("@%d +0100", unix))
	})
}

// gitCommit runs `git commit args...` in git's twin.
func (tw *commitTwins) gitCommit(args ...string) error {
	tw.t.Helper()
	_, err := tw.git.GitErr(append([]string{"commit", "-q"}, args...)...)
	return err
}

func (tw *commitTwins) reefCommit(o CommitOptions) (CommitResult, error) {
	tw.t.Helper()
	return commitOpen(tw.t, tw.reef).CommitStaged(context.Background(), o)
}

// commit commits in both twins and checks they agree.
func (tw *commitTwins) commit(o CommitOptions, gitArgs ...string) CommitResult {
	tw.t.Helper()
	if err := tw.gitCommit(gitArgs...); err != nil {
		tw.t.Fatalf("git commit %v: %v", gitArgs, err)
	}
	res, err := tw.reefCommit(o)
	if err != nil {
		tw.t.Fatalf("reef commit: %v", err)
	}
	tw.same()
	if res.ID.String() != tw.reef.Rev("HEAD") {
		tw.t.Errorf("CommitResult.ID %s, HEAD is %s", res.ID, tw.reef.Rev("HEAD"))
	}
	return res
}

// same checks the twins hold the same HEAD commit, reflogs, message file
// and merge state, and that reef's passes git fsck.
func (tw *commitTwins) same() {
	tw.t.Helper()
	want, got := tw.git.Git("cat-file", "commit", "HEAD"), tw.reef.Git("cat-file", "commit", "HEAD")
	if got != want {
		tw.t.Fatalf("HEAD commit differs from git's:\nreef:\n%s\ngit:\n%s", got, want)
	}
	if g, w := commitGitFiles(tw.t, tw.reef), commitGitFiles(tw.t, tw.git); g != w {
		tw.t.Errorf("git dir differs from git's:\nreef:\n%s\ngit:\n%s", g, w)
	}
	if g, w := tw.reef.Git("status", "--porcelain=v2", "--branch"), tw.git.Git("status", "--porcelain=v2", "--branch"); g != w {
		tw.t.Errorf("status differs:\nreef:\n%s\ngit:\n%s", g, w)
	}
	tw.reef.Git("fsck", "--strict", "--no-progress")
}

// commitGitFiles lists what commit may touch in the git dir: reflogs,
// refs, state files and COMMIT_EDITMSG, with their content.
func commitGitFiles(t *testing.T, r *gittest.Repo) string {
	t.Helper()
	gitDir := r.Path(".git")
	var out []string
	filepath.WalkDir(gitDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(gitDir, path)
		switch {
		case d.IsDir() && (rel == "objects" || rel == "hooks" || rel == "reef" || rel == "info"):
			return filepath.SkipDir
		case d.IsDir(), d.Name() == "index", rel == "config", rel == "description", rel == "ORIG_HEAD":
			return nil
		}
		b, _ := os.ReadFile(path)
		text := strings.ReplaceAll(string(b), filepath.Dir(r.Dir), "BASE")
		if strings.HasPrefix(rel, "logs/") || strings.Contains(rel, "/logs/") { // worktrees/NAME/logs too
			text = commitMaskClock(text)
		}
		out = append(out, "== "+rel+"\n"+text)
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// commitMaskClock hides the dates of reflog lines the test script wrote on
// the real clock (checkout, branch, merge...): only commits run on the
// twins' fake clock.
func commitMaskClock(log string) string {
	lines := strings.Split(log, "\n")
	for i, line := range lines {
		head, msg, _ := strings.Cut(line, "\t")
		if line == "" || strings.HasPrefix(msg, "commit") {
			continue
		}
		f := strings.Fields(head)
		if len(f) >= 2 {
			lines[i] = strings.Join(f[:len(f)-2], " ") + " <real clock>\t" + msg
		}
	}
	return strings.Join(lines, "\n")
}

func commitOpen(t testing.TB, r *gittest.Repo) *Repo {
	t.Helper()
	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return repo
}

func TestCommitMatchesGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("a.txt", "a\n").Write("dir/b.txt", "b\n")
		r.Git("add", "-A")
	})
	msg := "  Initial   \n\n\n\nbody line   \n# kept: -m keeps comments\n\n"
	res := tw.commit(CommitOptions{Message: msg}, "-m", msg)
	if subject := strings.TrimSuffix(tw.git.Git("log", "-1", "--format=%s"), "\n"); res.Branch != "main" || res.Subject != subject || res.Signed {
		t.Errorf("result %+v, want branch main and subject %q", res, subject)
	}

	tw.both(func(r *gittest.Repo) { r.Write("a.txt", "a2\n").Git("add", "a.txt") })
	tw.at(gittest.Epoch + 7200)
	tw.commit(CommitOptions{Message: "Second\n\twith a tab"}, "-m", "Second\n\twith a tab")

	// Nothing staged: both refuse, and reef writes nothing.
	head := tw.reef.Rev("HEAD")
	if err := tw.gitCommit("-m", "empty"); err == nil {
		t.Fatal("git committed nothing")
	}
	if _, err := tw.reefCommit(CommitOptions{Message: "empty"}); !errors.Is(err, ErrNothingToCommit) {
		t.Fatalf("empty commit: %v, want ErrNothingToCommit", err)
	}
	if tw.reef.Rev("HEAD") != head {
		t.Fatal("a refused commit moved HEAD")
	}
	tw.same()
	tw.commit(CommitOptions{Message: "empty on purpose", AllowEmpty: true}, "--allow-empty", "-m", "empty on purpose")

	// Intent-to-add files are not committed.
	tw.both(func(r *gittest.Repo) { r.Write("later.txt", "x\n").Git("add", "-N", "later.txt") })
	if _, err := tw.reefCommit(CommitOptions{Message: "ita only"}); !errors.Is(err, ErrNothingToCommit) {
		t.Fatalf("intent-to-add only: %v, want ErrNothingToCommit", err)
	}
	tw.both(func(r *gittest.Repo) { r.Write("c.txt", "c\n").Git("add", "c.txt") })
	tw.commit(CommitOptions{Message: "with ita beside"}, "-m", "with ita beside")
}

func TestCommitMessageCleanupMatchesGit(t *testing.T) {
	msgs := []string{
		"subject\n\n# a comment\nbody   \n\n\n",
		"#starts with a hash\n;semicolon\nplain #12\n",
		"verbatim  \n\n\n  kept\n\n",
		"cut here\n# ------------------------ >8 ------------------------\nbelow\n",
		"cut here\n; ------------------------ >8 ------------------------\nbelow\n",
		"caf\xe9 latin-1 \xff byte\n",
		"no newline",
	}
	configs := [][]string{
		nil,
		{"commit.cleanup", "strip"},
		{"commit.cleanup", "verbatim"},
		{"commit.cleanup", "whitespace"},
		{"commit.cleanup", "scissors"},
		{"commit.cleanup", "strip", "core.commentChar", ";"},
		{"commit.cleanup", "strip", "core.commentChar", "auto"},
		{"commit.verbose", "true"},
		{"i18n.commitEncoding", "ISO-8859-1"},
	}
	for ci, cfg := range configs {
		for mi, msg := range msgs {
			t.Run(fmt.Sprintf("%d-%d", ci, mi), func(t *testing.T) {
				t.Parallel()
				tw := newCommitTwins(t, func(r *gittest.Repo) {
					for i := 0; i+1 < len(cfg); i += 2 {
						r.Git("config", cfg[i], cfg[i+1])
					}
					r.Write("f", msg).Git("add", "f")
				})
				gitErr := tw.gitCommit("-m", msg)
				_, reefErr := tw.reefCommit(CommitOptions{Message: msg})
				if (gitErr == nil) != (reefErr == nil) {
					t.Fatalf("git: %v, reef: %v", gitErr, reefErr)
				}
				if gitErr == nil {
					tw.same()
				}
			})
		}
	}
}

func TestCommitEmptyMessageRefused(t *testing.T) {
	for _, msg := range []string{"", "  \n\n", "Signed-off-by: Ada <ada@example.com>\n"} {
		tw := newCommitTwins(t, func(r *gittest.Repo) { r.Write("f", "x").Git("add", "f") })
		if err := tw.gitCommit("-m", msg); err == nil {
			t.Fatalf("git accepted %q", msg)
		}
		if _, err := tw.reefCommit(CommitOptions{Message: msg}); !errors.Is(err, ErrEmptyMessage) {
			t.Fatalf("message %q: %v, want ErrEmptyMessage", msg, err)
		}
		if _, err := tw.reef.GitErr("rev-parse", "--verify", "-q", "HEAD"); err == nil {
			t.Fatal("a refused commit created HEAD")
		}
		tw.same2()
	}
}

// same2 is same for twins without commits: their git dirs agree.
func (tw *commitTwins) same2() {
	tw.t.Helper()
	if g, w := commitGitFiles(tw.t, tw.reef), commitGitFiles(tw.t, tw.git); g != w {
		tw.t.Errorf("git dir differs from git's:\nreef:\n%s\ngit:\n%s", g, w)
	}
}

func TestCommitMergeMatchesGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "base\n").Commit("base")
		r.Checkout("side", true).Write("f", "side\n").Commit("side")
		r.Checkout("main", false).Write("f", "main\n").Commit("main")
		r.GitErr("merge", "side") // conflicts
		r.Write("f", "resolved\n").Git("add", "f")
	})
	for _, f := range []string{"MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE"} {
		if _, err := os.Stat(tw.reef.Path(".git/" + f)); err != nil {
			t.Fatalf("the scripted merge left no %s", f)
		}
	}
	if _, err := tw.reefCommit(CommitOptions{Message: "amend now", Amend: true}); err == nil {
		t.Fatal("amend accepted during a merge")
	}
	tw.commit(CommitOptions{Message: "Merge side"}, "-m", "Merge side")
	if n := len(strings.Fields(tw.reef.Git("log", "-1", "--format=%P"))); n != 2 {
		t.Fatalf("merge commit has %d parents", n)
	}
}

func TestCommitMergeWithoutChangesMatchesGit(t *testing.T) {
	// A merge that changes nothing (ours) is still committed, as git does.
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "base\n").Commit("base")
		r.Checkout("side", true).Write("g", "side\n").Commit("side")
		r.Checkout("main", false).Write("f", "main\n").Commit("main")
		r.Git("merge", "--no-commit", "-s", "ours", "side")
	})
	tw.commit(CommitOptions{Message: "Merge side, keep ours"}, "-m", "Merge side, keep ours")
}

func TestCommitAmendMatchesGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "1\n").Commit("first")
		r.Setenv("GIT_AUTHOR_NAME", "Grace Hopper")
		r.Write("f", "2\n").Commit("second by grace")
		r.Setenv("GIT_AUTHOR_NAME", "Ada Lovelace")
		r.Write("g", "new\n").Git("add", "g")
	})
	res := tw.commit(CommitOptions{Message: "second, amended", Amend: true}, "--amend", "-m", "second, amended")
	if got := tw.reef.Git("log", "-1", "--format=%an"); got != "Grace Hopper\n" {
		t.Errorf("amend changed the author to %q", got)
	}
	if res.Subject != "second, amended" {
		t.Errorf("subject %q", res.Subject)
	}
	// Amending with nothing new keeps the commit's own changes: allowed.
	tw.at(gittest.Epoch + 9000)
	tw.commit(CommitOptions{Message: "again", Amend: true}, "--amend", "-m", "again")
}

func TestCommitAmendMergeKeepsParentsAndHeaders(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "base\n").Commit("base")
		side := r.Checkout("side", true).Write("g", "side\n").Commit("side")
		r.Tag("v1", "side", "release v1")
		main := r.Checkout("main", false).Write("f", "main\n").Commit("main")
		r.Git("merge", "-q", "--no-commit", "side")
		tree := strings.TrimSpace(r.Git("write-tree"))
		// A merge of a tag as git records it with a mergetag header (git
		// adds one for signed tags), and an unknown header: amend keeps both.
		tag := strings.ReplaceAll(strings.TrimSuffix(r.Git("cat-file", "tag", "v1"), "\n"), "\n", "\n ")
		obj := "tree " + tree + "\nparent " + main + "\nparent " + side +
			"\nauthor Merge Author <m@example.com> 1700001000 -0700\ncommitter Ada Lovelace <ada@example.com> 1700001000 +0000" +
			"\nmergetag " + tag + "\nx-custom one\n two\n\nMerge tag v1\n"
		id := strings.TrimSpace(r.GitIn([]byte(obj), "hash-object", "-t", "commit", "-w", "--stdin"))
		r.Git("update-ref", "HEAD", id)
		r.Git("merge", "--abort")
	})
	if !strings.Contains(tw.reef.Git("cat-file", "commit", "HEAD"), "\nmergetag ") {
		t.Fatal("the scripted merge has no mergetag header")
	}
	parents := tw.reef.Git("log", "-1", "--format=%P")
	// No change at all: amending a merge is allowed empty.
	tw.commit(CommitOptions{Message: "Merge v1, reworded", Amend: true}, "--amend", "-m", "Merge v1, reworded")
	if got := tw.reef.Git("log", "-1", "--format=%P"); got != parents {
		t.Errorf("parents %q, want %q", got, parents)
	}
	if got := tw.reef.Git("log", "-1", "--format=%an"); got != "Merge Author\n" {
		t.Errorf("author %q", got)
	}
}

func TestCommitCherryPickMatchesGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "base\n").Commit("base")
		r.Checkout("side", true)
		r.Setenv("GIT_AUTHOR_NAME", "Picked Author")
		r.Write("f", "side\n").Commit("side change")
		r.Setenv("GIT_AUTHOR_NAME", "Ada Lovelace")
		r.Checkout("main", false).Write("f", "main\n").Commit("main")
		r.GitErr("cherry-pick", "side") // conflicts
		r.Write("f", "both\n").Git("add", "f")
	})
	if _, err := os.Stat(tw.reef.Path(".git/CHERRY_PICK_HEAD")); err != nil {
		t.Fatal("the scripted cherry-pick did not stop")
	}
	tw.commit(CommitOptions{Message: "side change"}, "-m", "side change")
	if got := tw.reef.Git("log", "-1", "--format=%an"); got != "Picked Author\n" {
		t.Errorf("author %q", got)
	}
}

func TestCommitDetachedAndLogSettingsMatchGit(t *testing.T) {
	for _, logAll := range []string{"", "false", "always"} {
		tw := newCommitTwins(t, func(r *gittest.Repo) {
			if logAll != "" {
				r.Git("config", "core.logAllRefUpdates", logAll)
			}
			r.Write("f", "1\n").Commit("one")
			r.Git("checkout", "-q", "--detach")
			r.Write("f", "2\n").Git("add", "f")
		})
		res := tw.commit(CommitOptions{Message: "detached"}, "-m", "detached")
		if res.Branch != "" {
			t.Errorf("detached commit reports branch %q", res.Branch)
		}
	}
}

func TestCommitUnmergedAndLockedRefused(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "base\n").Commit("base")
	r.Checkout("side", true).Write("f", "side\n").Commit("side")
	r.Checkout("main", false).Write("f", "main\n").Commit("main")
	r.GitErr("merge", "side")
	head := r.Rev("HEAD")
	_, err := commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "x"})
	if err == nil || !strings.Contains(err.Error(), "unmerged") {
		t.Fatalf("commit with conflicts: %v", err)
	}
	r.Write("f", "fixed\n").Git("add", "f")
	if err := os.WriteFile(r.Path(".git/index.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "x"})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("commit with index.lock held: %v", err)
	}
	os.Remove(r.Path(".git/index.lock"))
	if err := os.WriteFile(r.Path(".git/refs/heads/main.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = commitOpen(t, r).CommitStaged(context.Background(), CommitOptions{Message: "x"})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("commit with the branch locked: %v", err)
	}
	if r.Rev("HEAD") != head {
		t.Fatal("HEAD moved")
	}
	if _, err := os.Stat(r.Path(".git/MERGE_HEAD")); err != nil {
		t.Fatal("a failed commit ended the merge")
	}
}

func TestCommitMergeHeadsReducedLikeGit(t *testing.T) {
	for _, c := range []struct {
		name  string
		setup func(r *gittest.Repo)
	}{
		{"ancestor in MERGE_HEAD", func(r *gittest.Repo) {
			os.WriteFile(r.Path(".git/MERGE_HEAD"), []byte(r.Rev("HEAD~1")+"\n"), 0o644)
			os.WriteFile(r.Path(".git/MERGE_MODE"), nil, 0o644)
		}},
		{"ancestor kept with no-ff", func(r *gittest.Repo) {
			os.WriteFile(r.Path(".git/MERGE_HEAD"), []byte(r.Rev("HEAD~1")+"\n"), 0o644)
			os.WriteFile(r.Path(".git/MERGE_MODE"), []byte("no-ff"), 0o644)
		}},
		{"octopus", func(r *gittest.Repo) {
			r.Checkout("b1", true).Write("b1", "1\n").Commit("b1")
			r.Checkout("main", false).Checkout("b2", true).Write("b2", "2\n").Commit("b2")
			r.Checkout("main", false)
			r.Git("merge", "-q", "--no-commit", "b1", "b2")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tw := newCommitTwins(t, func(r *gittest.Repo) {
				r.Write("f", "1\n").Commit("one")
				r.Write("f", "2\n").Commit("two")
				c.setup(r)
			})
			tw.commit(CommitOptions{Message: "merge"}, "-m", "merge")
		})
	}
}

func TestCommitSquashAndReflogActionMatchGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "1\n").Commit("one")
		r.Checkout("side", true).Write("g", "side\n").Commit("side")
		r.Checkout("main", false)
		r.Git("merge", "-q", "--squash", "side")
		r.Setenv("GIT_REFLOG_ACTION", "squash side")
	})
	if _, err := os.Stat(tw.reef.Path(".git/SQUASH_MSG")); err != nil {
		t.Fatal("the scripted squash wrote no SQUASH_MSG")
	}
	tw.commit(CommitOptions{Message: "Squashed side"}, "-m", "Squashed side")
}

func TestCommitInLinkedWorktreeMatchesGit(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) {
		r.Write("f", "1\n").Commit("one")
		r.Git("worktree", "add", "-q", "-b", "wtb", "../wt")
		commitHook(t, r, ".git/hooks", "pre-commit", commitLogging)
		commitHook(t, r, ".git/hooks", "commit-msg", commitLogging)
	})
	wt := func(r *gittest.Repo) string { return filepath.Join(filepath.Dir(r.Dir), "wt") }
	tw.both(func(r *gittest.Repo) {
		os.WriteFile(filepath.Join(wt(r), "g"), []byte("in the worktree\n"), 0o644)
		cmd := exec.Command("git", "add", "g")
		cmd.Dir, cmd.Env = wt(r), r.Environ()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git add: %v\n%s", err, out)
		}
	})
	cmd := exec.Command("git", "commit", "-q", "-m", "from the worktree")
	cmd.Dir, cmd.Env = wt(tw.git), tw.git.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git commit: %v\n%s", err, out)
	}
	repo, err := Open(wt(tw.reef), Options{Env: tw.reef.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	res, err := repo.CommitStaged(context.Background(), CommitOptions{Message: "from the worktree"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Branch != "wtb" {
		t.Errorf("branch %q", res.Branch)
	}
	if g, w := tw.reef.Git("cat-file", "commit", "wtb"), tw.git.Git("cat-file", "commit", "wtb"); g != w {
		t.Fatalf("commit:\n%s\ngit's:\n%s", g, w)
	}
	if g, w := commitGitFiles(t, tw.reef), commitGitFiles(t, tw.git); g != w {
		t.Errorf("git dir:\n%s\ngit's:\n%s", g, w)
	}
	if g, w := commitHookLog(t, tw.reef), commitHookLog(t, tw.git); g != w || !strings.Contains(g, "GIT_DIR=BASE/repo/.git/worktrees/wt") {
		t.Errorf("hooks saw:\n%s\ngit's hooks saw:\n%s", g, w)
	}
}

// BenchmarkCommitStaged measures a whole commit (identity from git var,
// no hooks, no signing) in a small repository.
func BenchmarkCommitStaged(b *testing.B) {
	r := gittest.New(b)
	r.Write("f", "x\n").Commit("base")
	repo := commitOpen(b, r)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := repo.CommitStaged(context.Background(), CommitOptions{Message: "bench", AllowEmpty: true}); err != nil {
			b.Fatal(err)
		}
	}
}
