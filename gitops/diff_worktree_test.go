package gitops

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// sameAsGit compares every output format of a reef listing with git's.
func sameAsGit(t *testing.T, r *gittest.Repo, repo *Repo, changes []FileChange, gitArgs ...string) {
	t.Helper()
	for _, f := range formats {
		args := append([]string{gitArgs[0], f}, gitArgs[1:]...)
		if got, want := render(t, repo, changes, DiffOptions{}, f), r.Git(args...); got != want {
			t.Errorf("git %s differs:\n%s", strings.Join(args, " "), firstDiff(got, want))
		}
	}
}

func TestSubmodulesInWorktree(t *testing.T) {
	sub := gittest.New(t)
	sub.Write("s", "sub\n").Commit("sub one")
	r := gittest.New(t)
	r.Write("f", "x\n")
	r.Git("add", "f")
	for _, name := range []string{"missing", "empty", "file", "real"} {
		r.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("1", 40)+","+name)
	}
	r.CommitStaged("gitlinks")
	os.Mkdir(r.Path("empty"), 0o755)
	r.Write("file", "not a submodule\n")
	r.Git("clone", "-q", sub.Dir, r.Path("real"))
	repo := openRepo(t, r)
	changes, err := repo.DiffUnstaged(t.Context(), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff")
	head := hash(t, r.Rev("HEAD"))
	if changes, err = repo.DiffWorktree(t.Context(), head, DiffOptions{}); err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff", "HEAD")
}

// TestAttributesFromIndex: git reads a .gitattributes missing from the
// work tree from the index, but only in diffs that load the index.
func TestAttributesFromIndex(t *testing.T) {
	r := gittest.New(t)
	r.Write(".gitattributes", "*.dat binary\n").Write("d/x.dat", "one\n").Write("d/.gitattributes", "*.txt -diff\n").Write("d/y.txt", "a\n")
	a := r.Commit("base")
	r.Write("d/x.dat", "two\n").Write("d/y.txt", "b\n")
	b := r.Commit("change")
	r.Remove(".gitattributes").Remove("d/.gitattributes")
	r.Write("d/x.dat", "three\n").Write("d/y.txt", "c\n")
	repo := openRepo(t, r)
	changes, err := repo.DiffRevs(t.Context(), hash(t, a), hash(t, b), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff", a, b)
	if changes, err = repo.DiffWorktree(t.Context(), hash(t, a), DiffOptions{}); err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff", a)
	if changes, err = repo.DiffUnstaged(t.Context(), DiffOptions{}); err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff")
}

func TestTypeChangesInWorktree(t *testing.T) {
	r := gittest.New(t)
	r.Write("to-link", "file\n").Write("dos.sh", "#!/bin/sh\r\necho\r\n").Write("spaced name.tf", "a = 1\n")
	r.WriteBytes("caf\xe9", []byte("x\n"))
	if err := os.Symlink("to-link", r.Path("to-file")); err != nil {
		t.Fatal(err)
	}
	r.Commit("base")
	r.Remove("to-link").Remove("to-file")
	os.Symlink("dos.sh", r.Path("to-link"))
	r.Write("to-file", "now a file\n")
	r.Write("dos.sh", "#!/bin/sh\r\necho hi\r\n").Chmod("dos.sh", 0o755)
	r.Write("spaced name.tf", "a = 2\n").WriteBytes("caf\xe9", []byte("y\n"))
	repo := openRepo(t, r)
	changes, err := repo.DiffUnstaged(t.Context(), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, changes, "diff")
}

func TestBareAndCancelled(t *testing.T) {
	r, a, b := corpus(t)
	bare := gittest.New(t, gittest.Bare())
	bare.Git("fetch", "-q", r.Dir, "main:main")
	repo := openRepo(t, bare)
	if _, err := repo.DiffUnstaged(t.Context(), DiffOptions{}); !errors.Is(err, ErrBare) {
		t.Errorf("unstaged in a bare repository: %v", err)
	}
	if _, err := repo.DiffWorktree(t.Context(), hash(t, a), DiffOptions{}); !errors.Is(err, ErrBare) {
		t.Errorf("work tree in a bare repository: %v", err)
	}
	changes, err := repo.DiffRevs(t.Context(), hash(t, a), hash(t, b), DiffOptions{})
	if err != nil || len(changes) == 0 {
		t.Fatalf("bare DiffRevs: %d changes, %v", len(changes), err)
	}
	sameAsGit(t, bare, repo, changes, "diff", a, b)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := repo.DiffRevs(ctx, hash(t, a), hash(t, b), DiffOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled listing: %v", err)
	}
	if _, err := repo.FilePatches(ctx, changes, DiffOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled patches: %v", err)
	}
}

// TestLazyPatchesMatchWhole: one file at a time through a Patcher gives
// what the whole listing gives, with intra-line spans when asked.
func TestLazyPatchesMatchWhole(t *testing.T) {
	r, a, b := corpus(t)
	repo := openRepo(t, r)
	changes, err := repo.DiffCommit(t.Context(), hash(t, b), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := repo.DiffRevs(t.Context(), hash(t, a), hash(t, b), DiffOptions{}); len(want) != len(changes) {
		t.Fatalf("DiffCommit listed %d files, DiffRevs %d", len(changes), len(want))
	}
	whole, err := repo.FilePatches(t.Context(), changes, DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := repo.NewPatcher(DiffOptions{IntraLine: true})
	spans := 0
	for i, c := range changes {
		fd, err := p.FilePatch(t.Context(), c)
		if err != nil {
			t.Fatal(err)
		}
		if fd.Added != whole[i].Added || fd.Deleted != whole[i].Deleted || len(fd.Hunks) != len(whole[i].Hunks) || fd.Binary != whole[i].Binary {
			t.Errorf("%s: lazy diff differs", c.NewPath)
		}
		for _, h := range fd.Hunks {
			for _, l := range h.Lines {
				if l.Spans != nil {
					spans++
				}
				if l.Kind != LineAdded && l.Old == 0 || l.Kind != LineRemoved && l.New == 0 {
					t.Errorf("%s: line without its numbers: %+v", c.NewPath, l)
				}
			}
		}
	}
	if spans == 0 {
		t.Error("no intra-line spans with IntraLine")
	}
}

func TestConflicts(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "base\n").Write("g", "same\n").Commit("base")
	r.Checkout("side", true).Write("f", "theirs\n").Commit("theirs")
	r.Checkout("main", false).Write("f", "ours\n").Commit("ours")
	if _, err := r.GitErr("merge", "side"); err == nil {
		t.Fatal("merge should conflict")
	}
	repo := openRepo(t, r)
	staged, err := repo.DiffStaged(t.Context(), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, staged, "diff", "--cached")
	head, err := repo.DiffWorktree(t.Context(), hash(t, r.Rev("HEAD")), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGit(t, r, repo, head, "diff", "HEAD")
	// git shows a combined diff (--cc) of the work tree, which reef does
	// not draw; the listings and statistics agree.
	unstaged, err := repo.DiffUnstaged(t.Context(), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"--name-status", "--name-only", "--stat", "--numstat", "--shortstat"} {
		if got, want := render(t, repo, unstaged, DiffOptions{}, f), r.Git("diff", f); got != want {
			t.Errorf("git diff %s differs:\n%s", f, firstDiff(got, want))
		}
	}
}

// TestDirtySubmoduleAndGoneIntentToAdd: a submodule with modified tracked
// files prints "-dirty" (untracked files in it do not), and an
// intent-to-add file deleted from the work tree prints as a deletion.
func TestDirtySubmoduleAndGoneIntentToAdd(t *testing.T) {
	sub := gittest.New(t)
	sub.Write("s", "sub\n").Commit("sub one")
	r := gittest.New(t)
	r.Write("f", "x\n").Commit("base")
	r.Git("-c", "protocol.file.allow=always", "submodule", "-q", "add", sub.Dir, "sub")
	r.CommitStaged("add submodule")
	r.Write("ita", "soon\n")
	r.Git("add", "-N", "ita")
	r.Remove("ita")
	r.Write("sub/untracked", "u\n")
	repo := openRepo(t, r)
	check := func() {
		t.Helper()
		changes, err := repo.DiffUnstaged(t.Context(), DiffOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sameAsGit(t, r, repo, changes, "diff")
	}
	check() // untracked content only: no -dirty
	r.Append("sub/s", "modified\n")
	check()
}
