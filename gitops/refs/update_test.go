package refs_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
)

// twin is the same scripted repository twice: git moves refs in git, reef
// in reef, and the files they leave must be byte-identical. Setup scripts
// run git at the fake clock (GitAt) so their own reflog lines match too.
type twin struct {
	t       *testing.T
	git     *gittest.Repo
	reef    *gittest.Repo
	gitWT   string // where git runs in the git twin ("" = the work tree)
	reefDir string // the reef twin's per-worktree git dir
}

func newTwin(t *testing.T, setup func(r *gittest.Repo)) *twin {
	t.Helper()
	a, b := gittest.New(t), gittest.New(t)
	setup(a)
	setup(b)
	return &twin{t: t, git: a, reef: b, reefDir: filepath.Join(b.Dir, ".git")}
}

func (w *twin) store() *refs.Store {
	return refs.Open(w.reefDir, filepath.Join(w.reef.Dir, ".git"))
}

// gitAt runs git in the git twin (in its linked worktree if any) at the
// fake clock.
func (w *twin) gitAt(args ...string) string {
	w.t.Helper()
	if w.gitWT != "" {
		args = append([]string{"-C", w.gitWT}, args...)
	}
	return strings.TrimSpace(w.git.GitAt(args...))
}

// commit makes the same commit object in both twins: git commit-tree in
// one, odb.Write of the bytes git would write in the other.
func (w *twin) commit(tree, parent, msg string) oid.ID {
	w.t.Helper()
	args := []string{"commit-tree", tree, "-m", msg}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	want := w.gitAt(args...)
	ident := strings.TrimSpace(w.reef.GitAt("var", "GIT_COMMITTER_IDENT"))
	body := "tree " + tree + "\n"
	if parent != "" {
		body += "parent " + parent + "\n"
	}
	body += "author " + ident + "\ncommitter " + ident + "\n\n" + msg + "\n"
	db, err := odb.Open(filepath.Join(w.reef.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	id, err := db.Write(odb.Commit, []byte(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if id.String() != want {
		w.t.Fatalf("commit written by reef is %s, git's is %s", id, want)
	}
	return id
}

// update moves name in both twins: `git update-ref -m` and refs.Update.
func (w *twin) update(name string, new, old oid.ID, msg, logAll string) {
	w.t.Helper()
	args := []string{"update-ref", "-m", msg, name, new.String(), old.String()}
	if logAll != "" {
		args = append([]string{"-c", "core.logAllRefUpdates=" + logAll}, args...)
	}
	w.gitAt(args...)
	o := refs.UpdateOptions{Message: msg, Committer: strings.TrimSpace(w.reef.GitAt("var", "GIT_COMMITTER_IDENT")), LogAllRefUpdates: logAll}
	if err := w.store().Update(name, new, old, o); err != nil {
		w.t.Fatalf("Update(%s): %v", name, err)
	}
}

// same compares every ref, reflog and HEAD file of the twins.
func (w *twin) same() {
	w.t.Helper()
	a, b := refFiles(w.t, w.git.Dir), refFiles(w.t, w.reef.Dir)
	for name, want := range a {
		if got, ok := b[name]; !ok {
			w.t.Errorf("%s: written by git, missing in reef's twin:\n%s", name, want)
		} else if got != want {
			w.t.Errorf("%s differs:\n git: %q\nreef: %q", name, want, got)
		}
	}
	for name, got := range b {
		if _, ok := a[name]; !ok {
			w.t.Errorf("%s: written by reef only:\n%s", name, got)
		}
	}
}

// refFiles reads HEAD, refs/, logs/ and packed-refs of a repository and
// its linked worktrees, keyed by path relative to .git.
func refFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	gitDir := filepath.Join(dir, ".git")
	out := map[string]string{}
	_ = filepath.WalkDir(gitDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(gitDir, path)
		rel = filepath.ToSlash(rel)
		base := rel
		if strings.HasPrefix(rel, "worktrees/") {
			if parts := strings.SplitN(rel, "/", 3); len(parts) == 3 {
				base = parts[2]
			}
		}
		if base == "HEAD" || base == "packed-refs" || strings.HasPrefix(base, "refs/") || strings.HasPrefix(base, "logs/") ||
			strings.HasSuffix(base, ".lock") {
			b, _ := os.ReadFile(path)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func hexID(t *testing.T, s string) oid.ID {
	t.Helper()
	id, err := oid.FromHex(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func base(r *gittest.Repo) {
	r.Write("a.txt", "one\n").Commit("first")
	r.Write("a.txt", "two\n").Commit("second")
}

func TestUpdateHeadOnBranchMatchesGit(t *testing.T) {
	w := newTwin(t, base)
	head := hexID(t, w.git.Rev("HEAD"))
	id := w.commit(w.git.Rev("HEAD^{tree}"), head.String(), "third")
	w.update("HEAD", id, head, "commit: third", "")
	w.same()
	if got := w.reef.Rev("refs/heads/main"); got != id.String() {
		t.Fatalf("main = %s, want %s", got, id)
	}
	if out := w.reef.Git("reflog", "-1", "--format=%H %gs"); out != id.String()+" commit: third\n" {
		t.Fatalf("git reflog: %q", out)
	}
	if out := w.reef.Git("reflog", "show", "-1", "--format=%H %gs", "main"); out != id.String()+" commit: third\n" {
		t.Fatalf("git reflog main: %q", out)
	}
	w.reef.Git("fsck", "--strict")
}

func TestUpdateBranchLogsHeadToo(t *testing.T) {
	w := newTwin(t, base)
	head := hexID(t, w.git.Rev("HEAD"))
	id := w.commit(w.git.Rev("HEAD^{tree}"), head.String(), "third")
	// A message git normalises: spaces collapsed, lines joined, ends trimmed.
	w.update("refs/heads/main", id, head, "  commit:  third\n\nbody\tline\r\n ", "")
	w.same()
	log := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "HEAD"))
	if !strings.HasSuffix(log, "\tcommit: third body line\n") {
		t.Fatalf("logs/HEAD ends %q", log[strings.LastIndexByte(strings.TrimSuffix(log, "\n"), '\n')+1:])
	}
}

func TestUpdateUnbornBranch(t *testing.T) {
	w := newTwin(t, func(r *gittest.Repo) {})
	if _, err := os.Stat(filepath.Join(w.reef.Dir, ".git", "logs")); err == nil {
		t.Fatal("a fresh repository already has logs/")
	}
	tree := strings.TrimSpace(w.git.Git("write-tree"))
	db, err := odb.Open(filepath.Join(w.reef.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if id, err := db.Write(odb.Tree, nil); err != nil || id.String() != tree {
		t.Fatalf("empty tree %s, %v; git %s", id, err, tree)
	}
	db.Close()
	id := w.commit(tree, "", "initial")
	w.update("HEAD", id, oid.Zero, "commit (initial): initial", "")
	w.same()
	if got := w.reef.Rev("HEAD"); got != id.String() {
		t.Fatalf("HEAD = %s", got)
	}
	w.reef.Git("fsck", "--strict")
}

func TestUpdateDetachedHead(t *testing.T) {
	w := newTwin(t, func(r *gittest.Repo) {
		base(r)
		r.GitAt("checkout", "-q", "--detach", "HEAD~1")
	})
	head := hexID(t, w.git.Rev("HEAD"))
	id := w.commit(w.git.Rev("HEAD^{tree}"), head.String(), "on a detached head")
	mainBefore := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "refs", "heads", "main"))
	w.update("HEAD", id, head, "commit: on a detached head", "")
	w.same()
	if got := readFile(t, filepath.Join(w.reef.Dir, ".git", "HEAD")); got != id.String()+"\n" {
		t.Fatalf("HEAD file %q", got)
	}
	if got := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "refs", "heads", "main")); got != mainBefore {
		t.Fatal("a detached update wrote main's reflog")
	}
}

func TestUpdatePackedOnlyRef(t *testing.T) {
	w := newTwin(t, func(r *gittest.Repo) {
		base(r)
		r.GitAt("pack-refs", "--all")
	})
	if _, err := os.Stat(filepath.Join(w.reef.Dir, ".git", "refs", "heads", "main")); err == nil {
		t.Fatal("main is still loose after pack-refs")
	}
	s := w.store()
	head := hexID(t, w.git.Rev("HEAD"))
	// Fill the store's packed-refs cache before the update.
	if got, err := s.Resolve("refs/heads/main"); err != nil || got != head {
		t.Fatalf("Resolve before = %s, %v", got, err)
	}
	id := w.commit(w.git.Rev("HEAD^{tree}"), head.String(), "third")
	w.update("refs/heads/main", id, head, "commit: third", "")
	w.same()
	if got := readFile(t, filepath.Join(w.reef.Dir, ".git", "refs", "heads", "main")); got != id.String()+"\n" {
		t.Fatalf("loose main = %q", got)
	}
	for _, name := range []string{"refs/heads/main", "HEAD"} {
		if got, err := s.Resolve(name); err != nil || got != id {
			t.Errorf("Resolve(%s) after Update = %s, %v; want %s", name, got, err, id)
		}
	}
	if h, err := s.Head(); err != nil || h.ID != id || h.Branch != "refs/heads/main" {
		t.Errorf("Head after Update = %+v, %v", h, err)
	}
	list, err := s.List("refs/heads/")
	if err != nil || len(list) != 1 || list[0].ID != id {
		t.Errorf("List after Update = %+v, %v", list, err)
	}
}

func TestUpdateLinkedWorktree(t *testing.T) {
	w := newTwin(t, func(r *gittest.Repo) {
		base(r)
		r.GitAt("worktree", "add", "-q", "-b", "feature", filepath.Join(filepath.Dir(r.Dir), "wt"))
	})
	w.gitWT = filepath.Join(filepath.Dir(w.git.Dir), "wt")
	w.reefDir = filepath.Join(w.reef.Dir, ".git", "worktrees", "wt")
	head := hexID(t, w.gitAt("rev-parse", "HEAD"))
	mainHead := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "HEAD"))
	id := w.commit(w.git.Rev("HEAD^{tree}"), head.String(), "in the worktree")
	w.update("HEAD", id, head, "commit: in the worktree", "")
	w.same()
	wtLog := readFile(t, filepath.Join(w.reefDir, "logs", "HEAD"))
	if !strings.Contains(wtLog, id.String()+" ") {
		t.Fatalf("the worktree's logs/HEAD lacks the update:\n%s", wtLog)
	}
	branchLog := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "refs", "heads", "feature"))
	if !strings.Contains(branchLog, id.String()+" ") {
		t.Fatalf("the common dir's feature log lacks the update:\n%s", branchLog)
	}
	if got := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "HEAD")); got != mainHead {
		t.Fatal("the main worktree's logs/HEAD was written")
	}
	if got := strings.TrimSpace(w.reef.Git("rev-parse", "feature")); got != id.String() {
		t.Fatalf("feature = %s", got)
	}
	// Updating the branch from the main worktree's store logs the branch
	// only: HEAD there points elsewhere, and the worktree's HEAD is not its.
	main := refs.Open(filepath.Join(w.reef.Dir, ".git"), filepath.Join(w.reef.Dir, ".git"))
	ident := strings.TrimSpace(w.reef.GitAt("var", "GIT_COMMITTER_IDENT"))
	if err := main.Update("refs/heads/feature", head, id, refs.UpdateOptions{Message: "reset: back", Committer: ident}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(w.reef.Dir, ".git", "logs", "HEAD")); got != mainHead {
		t.Fatal("the main worktree's logs/HEAD was written for another worktree's branch")
	}
	if got := readFile(t, filepath.Join(w.reefDir, "logs", "HEAD")); got != wtLog {
		t.Fatal("a store of the main worktree wrote the linked worktree's logs/HEAD")
	}
}

func TestUpdateSymbolicChainMatchesGit(t *testing.T) {
	w := newTwin(t, func(r *gittest.Repo) {
		base(r)
		r.GitAt("update-ref", "refs/remotes/origin/main", "HEAD~1")
		r.GitAt("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
	})
	old := hexID(t, w.git.Rev("HEAD~1"))
	head := hexID(t, w.git.Rev("HEAD"))
	w.update("refs/remotes/origin/HEAD", head, old, "fetch: fast-forward", "")
	w.same()
}

func TestUpdateLogAllRefUpdates(t *testing.T) {
	w := newTwin(t, base)
	head := hexID(t, w.git.Rev("HEAD"))
	prev := hexID(t, w.git.Rev("HEAD~1"))
	// Default: branches get a log, tags do not.
	w.update("refs/heads/topic", head, oid.Zero, "branch: Created from HEAD", "")
	w.update("refs/tags/v1", head, oid.Zero, "tagged", "")
	// false: no new log, but an existing one is still appended to.
	w.update("refs/heads/quiet", head, oid.Zero, "branch: quiet", "false")
	w.update("refs/heads/topic", prev, head, "reset: moving to HEAD~1", "false")
	// always: every ref.
	w.update("refs/tags/v2", head, oid.Zero, "tagged", "always")
	w.update("refs/custom/x", head, oid.Zero, "custom", "always")
	w.same()
	files := refFiles(t, w.reef.Dir)
	for _, name := range []string{"logs/refs/heads/topic", "logs/refs/tags/v2", "logs/refs/custom/x"} {
		if _, ok := files[name]; !ok {
			t.Errorf("%s was not written", name)
		}
	}
	for _, name := range []string{"logs/refs/tags/v1", "logs/refs/heads/quiet"} {
		if _, ok := files[name]; ok {
			t.Errorf("%s was written", name)
		}
	}
	if err := w.store().Update("refs/heads/x", head, oid.Zero, refs.UpdateOptions{Committer: "A <a@b> 1 +0000", LogAllRefUpdates: "sometimes"}); err == nil {
		t.Error("a bad core.logAllRefUpdates was accepted")
	}
}

func TestUpdateWrongOldWritesNothing(t *testing.T) {
	r := gittest.New(t)
	base(r)
	s := refs.Open(filepath.Join(r.Dir, ".git"), filepath.Join(r.Dir, ".git"))
	head := hexID(t, r.Rev("HEAD"))
	prev := hexID(t, r.Rev("HEAD~1"))
	o := refs.UpdateOptions{Message: "commit: x", Committer: "Ada Lovelace <ada@example.com> 1700000000 +0000"}
	before := refFiles(t, r.Dir)
	cases := []struct {
		name     string
		new, old oid.ID
	}{
		{"refs/heads/main", head, prev},     // stale old value
		{"HEAD", prev, prev},                // through HEAD
		{"refs/heads/main", prev, oid.Zero}, // "must not exist" but it does
		{"refs/heads/nope", head, prev},     // must exist but does not
	}
	for _, c := range cases {
		err := s.Update(c.name, c.new, c.old, o)
		if !errors.Is(err, refs.ErrChanged) {
			t.Errorf("Update(%s, old %s) = %v, want ErrChanged", c.name, c.old, err)
		}
		if after := refFiles(t, r.Dir); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("Update(%s) with a wrong old value changed ref files", c.name)
		}
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "refs", "heads", "nope")); err == nil {
		t.Error("a ref was created")
	}
}

func TestUpdateLockHeld(t *testing.T) {
	r := gittest.New(t)
	base(r)
	s := refs.Open(filepath.Join(r.Dir, ".git"), filepath.Join(r.Dir, ".git"))
	head := hexID(t, r.Rev("HEAD"))
	prev := hexID(t, r.Rev("HEAD~1"))
	o := refs.UpdateOptions{Message: "commit: x", Committer: "Ada Lovelace <ada@example.com> 1700000000 +0000"}
	for _, lock := range []string{"refs/heads/main.lock", "HEAD.lock"} {
		path := filepath.Join(r.Dir, ".git", filepath.FromSlash(lock))
		if err := os.WriteFile(path, []byte("held by someone\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := refFiles(t, r.Dir)
		err := s.Update("refs/heads/main", prev, head, o)
		if !errors.Is(err, refs.ErrLocked) || !strings.Contains(err.Error(), path) {
			t.Errorf("with %s held: %v, want ErrLocked naming the lock", lock, err)
		}
		if after := refFiles(t, r.Dir); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("with %s held, ref files changed", lock)
		}
		if got := readFile(t, path); got != "held by someone\n" {
			t.Errorf("the held lock was changed: %q", got)
		}
		os.Remove(path)
	}
	if err := s.Update("refs/heads/main", prev, head, o); err != nil {
		t.Fatalf("after the locks went: %v", err)
	}
	for _, lock := range []string{"refs/heads/main.lock", "HEAD.lock"} {
		if _, err := os.Stat(filepath.Join(r.Dir, ".git", lock)); err == nil {
			t.Errorf("%s left behind", lock)
		}
	}
	r.Git("fsck", "--strict")
}

func TestUpdateRefusesBadInput(t *testing.T) {
	r := gittest.New(t)
	base(r)
	s := refs.Open(filepath.Join(r.Dir, ".git"), filepath.Join(r.Dir, ".git"))
	head := hexID(t, r.Rev("HEAD"))
	o := refs.UpdateOptions{Committer: "Ada Lovelace <ada@example.com> 1700000000 +0000"}
	for _, name := range []string{"", "refs/heads/a..b", "refs/heads/x.lock", "refs/heads/.hidden", "refs/heads/sp ace",
		"refs/heads/a:b", "refs/heads/a@{1}", "refs/heads/", "/etc/passwd", "refs/heads/../../x", "lowercase"} {
		if err := s.Update(name, head, oid.Zero, o); err == nil {
			t.Errorf("Update(%q) was accepted", name)
		}
	}
	if err := s.Update("refs/heads/z", oid.Zero, head, o); err == nil {
		t.Error("a zero new value (deletion) was accepted")
	}
	if err := s.Update("refs/heads/z", head, oid.Zero, refs.UpdateOptions{Committer: "no email 1 +0000"}); err == nil {
		t.Error("a committer without <email> was accepted")
	}
	if err := s.Update("refs/heads/main/sub", head, oid.Zero, o); err == nil {
		t.Error("refs/heads/main/sub was created while refs/heads/main exists")
	}
	r.Git("pack-refs", "--all")
	if err := s.Update("refs/heads/main/sub", head, oid.Zero, o); err == nil {
		t.Error("refs/heads/main/sub was created while refs/heads/main is packed")
	}
	if err := s.Update("refs", head, oid.Zero, o); err == nil {
		t.Error("a ref named refs was accepted")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
