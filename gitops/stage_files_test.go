package gitops

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// messy is a work tree with every kind of change at once.
func messy(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("mod.txt", "a\nb\n").Write("del.txt", "d\n").Write("exec.sh", "#!/bin/sh\n").
		Write("dir/old.tf", "resource \"x\" \"y\" {}\n").Write("crlf.txt", "x\r\ny\r\n").Commit("base")
	r.Write("mod.txt", "a\nB\n").Remove("del.txt").Chmod("exec.sh", 0o755).
		Write("new dir/n1.txt", "n1\n").Write("new dir/sub/n2.txt", "n2\n").Write("top.txt", "t\n").
		Write("crlf.txt", "x\r\nY\r\n")
	r.Write(".gitignore", "*.log\n").Write("skip.log", "ignored\n")
	return r
}

// twin runs the same git-side operation in a copy of the index and
// returns what git then shows, as the oracle for reef's own write.
func twinStatus(t *testing.T, r *gittest.Repo, args ...string) string {
	t.Helper()
	ix := t.TempDir() + "/index"
	b, _ := os.ReadFile(r.Path(".git/index"))
	os.WriteFile(ix, b, 0o644)
	keepIndexTime(t, r.Path(".git/index"), ix)
	env := append(r.Environ(), "GIT_INDEX_FILE="+ix)
	if _, err := runGit(r.Dir, env, nil, args...); err != nil {
		t.Fatal(err)
	}
	out, _ := runGit(r.Dir, env, nil, "status", "--porcelain=v2", "--untracked-files=all")
	return out
}

func porcelain(r *gittest.Repo) string {
	return r.Git("status", "--porcelain=v2", "--untracked-files=all")
}

func TestStagePathsMatchesGitAdd(t *testing.T) {
	for _, paths := range [][]string{
		{"mod.txt"}, {"del.txt"}, {"exec.sh"}, {"new dir/"}, {"new dir/sub/n2.txt"}, {"crlf.txt", "top.txt"},
	} {
		t.Run(strings.Join(paths, ","), func(t *testing.T) {
			r := messy(t)
			want := twinStatus(t, r, append([]string{"add", "-A", "--"}, paths...)...)
			if err := openRepo(t, r).StagePaths(context.Background(), paths); err != nil {
				t.Fatal(err)
			}
			if got := porcelain(r); got != want {
				t.Errorf("status after staging:\n%s\nwant (git add -A):\n%s", got, want)
			}
			r.Git("fsck", "--strict")
		})
	}
}

func TestStageAllUnstageAll(t *testing.T) {
	r := messy(t)
	want := twinStatus(t, r, "add", "-A")
	repo := openRepo(t, r)
	if err := repo.StageAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := porcelain(r); got != want {
		t.Errorf("after StageAll:\n%s\nwant:\n%s", got, want)
	}
	want = twinStatus(t, r, "reset", "-q")
	if err := repo.UnstageAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := porcelain(r); got != want {
		t.Errorf("after UnstageAll:\n%s\nwant:\n%s", got, want)
	}
	r.Git("fsck", "--strict")
}

func TestUnstagePathsMatchesGitReset(t *testing.T) {
	r := messy(t)
	r.Git("add", "-A")
	for _, p := range []string{"mod.txt", "del.txt", "top.txt", "exec.sh"} {
		want := twinStatus(t, r, "reset", "-q", "--", p)
		if err := openRepo(t, r).UnstagePaths(context.Background(), []string{p}); err != nil {
			t.Fatal(err)
		}
		if got := porcelain(r); got != want {
			t.Errorf("unstage %s:\n%s\nwant:\n%s", p, got, want)
		}
	}
}

func TestStageResolvesConflict(t *testing.T) {
	r := gittest.New(t)
	r.Write("c.txt", "base\n").Commit("base")
	r.Checkout("other", true).Write("c.txt", "theirs\n").Commit("theirs")
	r.Checkout("main", false).Write("c.txt", "ours\n").Commit("ours")
	r.GitErr("merge", "other")
	r.Write("c.txt", "resolved\n")
	want := twinStatus(t, r, "add", "--", "c.txt")
	if err := openRepo(t, r).StagePaths(context.Background(), []string{"c.txt"}); err != nil {
		t.Fatal(err)
	}
	if got := porcelain(r); got != want {
		t.Errorf("after staging the resolution:\n%s\nwant:\n%s", got, want)
	}
	r.Git("fsck", "--strict")
	r.Git("commit", "-q", "--no-edit") // git accepts the index as resolved
}

// TestHeldLockWritesNothing: with index.lock held by "another git", every
// write says so and leaves the index's bytes alone.
func TestHeldLockWritesNothing(t *testing.T) {
	r := messy(t)
	repo := openRepo(t, r)
	fc, fd := unstagedFile(t, repo, "mod.txt")
	os.WriteFile(r.Path(".git/index.lock"), nil, 0o644)
	before, _ := os.ReadFile(r.Path(".git/index"))
	ctx := context.Background()
	for name, op := range map[string]func() error{
		"StagePaths": func() error { return repo.StagePaths(ctx, []string{"mod.txt"}) },
		"StageLines": func() error { return repo.StageLines(ctx, fc, chosenRefs(fd, func(h, i int) bool { return true })) },
		"UnstageAll": func() error { return repo.UnstagePaths(ctx, []string{"mod.txt"}) },
	} {
		if err := op(); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "index.lock") {
			t.Errorf("%s with a held lock: %v", name, err)
		}
	}
	after, _ := os.ReadFile(r.Path(".git/index"))
	if string(before) != string(after) {
		t.Error("the index changed under a held lock")
	}
	if _, err := os.Stat(r.Path(".git/index.lock")); err != nil {
		t.Error("reef removed another process's lock")
	}
}

// TestStaleFileStagesNothing: a file changed after its diff was shown is
// not staged from the old diff.
func TestStaleFileStagesNothing(t *testing.T) {
	r := messy(t)
	repo := openRepo(t, r)
	fc, fd := unstagedFile(t, repo, "mod.txt")
	r.Write("mod.txt", "a\nB\nmore\n")
	before := r.Git("ls-files", "-s")
	err := repo.StageLines(context.Background(), fc, chosenRefs(fd, func(h, i int) bool { return true }))
	if !errors.Is(err, ErrStale) {
		t.Fatalf("stale stage: %v", err)
	}
	if after := r.Git("ls-files", "-s"); after != before {
		t.Errorf("index changed:\n%s", after)
	}
	// The index side moving is stale too.
	fc, fd = unstagedFile(t, repo, "mod.txt")
	r.Write("mod.txt", "a\nb\nc\n").Git("add", "mod.txt")
	r.Write("mod.txt", "a\nB\nmore\n")
	if err := repo.StageLines(context.Background(), fc, chosenRefs(fd, func(h, i int) bool { return true })); !errors.Is(err, ErrStale) {
		t.Fatalf("stale index: %v", err)
	}
}

// TestStageLinesOfUntrackedFile: the Status screen shows an untracked
// file as all added; staging some of its lines adds just those, and a
// change to the file after it was shown is caught.
func TestStageLinesOfUntrackedFile(t *testing.T) {
	r := messy(t)
	repo := openRepo(t, r)
	ctx := context.Background()
	fc := FileChange{Status: 'A', OldPath: "top.txt", NewPath: "top.txt", NewMode: 0o100644, Worktree: true}
	r.Write("top.txt", "one\ntwo\nthree\n")
	fd, err := repo.FilePatch(ctx, fc, DiffOptions{})
	if err != nil || fd.NewID.IsZero() {
		t.Fatalf("FilePatch of an untracked file: %v, id %v", err, fd.NewID)
	}
	refs := chosenRefs(fd, func(h, i int) bool { return i != 1 })
	if err := repo.StageLines(ctx, fd.FileChange, refs); err != nil {
		t.Fatal(err)
	}
	if got := r.Git("show", ":top.txt"); got != "one\nthree\n" {
		t.Errorf("staged %q", got)
	}
	r.Write("other.txt", "a\nb\n")
	fc.OldPath, fc.NewPath = "other.txt", "other.txt"
	fd, _ = repo.FilePatch(ctx, fc, DiffOptions{})
	r.Write("other.txt", "a\nB\n")
	if err := repo.StageLines(ctx, fd.FileChange, chosenRefs(fd, func(h, i int) bool { return i == 0 })); !errors.Is(err, ErrStale) {
		t.Errorf("staging lines of an untracked file changed since shown: %v", err)
	}
	r.Git("fsck", "--strict")
}

// keepIndexTime gives a copied index its original's mtime: git trusts an
// entry's stat data only when it is older than the index file, so a copy
// with a newer mtime would hide a same-size edit made in the same second
// as the original index (git's racy-git rule), and the oracle would lie.
func keepIndexTime(t *testing.T, orig, copy string) {
	t.Helper()
	fi, err := os.Stat(orig)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(copy, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}
