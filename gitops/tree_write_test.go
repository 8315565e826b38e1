package gitops_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/gitops/index"
)

// writeTreeBoth runs reef's WriteTree on the index as it is on disk, then
// git write-tree on the same index, and fails unless both give the same
// tree and the repository passes git fsck --strict.
func writeTreeBoth(t *testing.T, r *gittest.Repo) (*gitops.Repo, *index.Index, gitops.Hash) {
	t.Helper()
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	ix, err := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := repo.WriteTree(ix)
	if err != nil {
		t.Fatalf("WriteTree: %v", err)
	}
	// fsck before git writes anything: every object checked is reef's.
	r.Git("fsck", "--strict", "--no-dangling", "--no-progress")
	want := strings.TrimSpace(r.Git("write-tree"))
	if got.String() != want {
		t.Fatalf("WriteTree = %s, git write-tree = %s\nreef:\n%s\ngit:\n%s", got, want,
			r.Git("ls-tree", "-r", "-t", got.String()), r.Git("ls-tree", "-r", "-t", want))
	}
	return repo, ix, got
}

func TestWriteTreeMatchesGit(t *testing.T) {
	r := gittest.New(t)
	// Names around "/" in byte order: a directory sorts as "a/".
	for _, p := range []string{"a-b", "a.b", "a/x", "a/y/z", "a0", "ab", "b/c/d/e.txt", "b/c.d", "b/c-d/f", "z"} {
		r.Write(p, "content of "+p+"\n")
	}
	r.Write("run.sh", "#!/bin/sh\necho hi\n").Chmod("run.sh", 0o755)
	if err := os.Symlink("a/x", r.Path("link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../z", r.Path("b/dirlink")); err != nil {
		t.Fatal(err)
	}
	sub := r.Commit("base") // a commit id to use as a submodule pointer
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+sub+",vendor/sub")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+sub+",s")
	// Intent-to-add: a file among others, a directory of nothing else,
	// and one nested two deep.
	r.Write("new.txt", "not yet\n").Write("only/ita.txt", "x\n").Write("deep/er/ita.txt", "y\n").Write("a/ita", "z\n")
	r.Git("add", "-N", "new.txt", "only/ita.txt", "deep/er/ita.txt", "a/ita")
	r.Write("a/y/z", "changed\n").Git("add", "a/y/z")
	_, ix, got := writeTreeBoth(t, r)
	if ix.Tree != nil {
		if n, ok := ix.Tree.Lookup(""); ok && n.Valid() {
			t.Fatal("the scenario was meant to start with an invalid cache tree")
		}
	}
	ls := r.Git("ls-tree", got.String())
	for _, want := range []string{"100755 blob", "120000 blob", "160000 commit " + sub + "\ts\n"} {
		if !strings.Contains(ls, want) {
			t.Errorf("root tree lacks %q:\n%s", want, ls)
		}
	}
	if strings.Contains(ls, "only") || strings.Contains(ls, "deep") || strings.Contains(ls, "new.txt") {
		t.Errorf("intent-to-add paths reached the tree:\n%s", ls)
	}
}

func TestWriteTreeEmptyIndex(t *testing.T) {
	r := gittest.New(t)
	_, _, got := writeTreeBoth(t, r)
	if got.String() != "4b825dc642cb6eb9a060e54bf8d69288fbee4904" {
		t.Fatalf("empty tree = %s", got)
	}
	// Only intent-to-add entries: still the empty tree.
	r.Write("later.txt", "x\n").Git("add", "-N", "later.txt")
	if _, _, got := writeTreeBoth(t, r); got.String() != "4b825dc642cb6eb9a060e54bf8d69288fbee4904" {
		t.Fatalf("tree of intent-to-add only = %s", got)
	}
}

func TestWriteTreeUnmerged(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "base\n").Commit("base")
	r.Checkout("side", true).Write("f.txt", "side\n").Commit("side")
	r.Checkout("main", false).Write("f.txt", "main\n").Commit("main")
	if _, err := r.GitErr("merge", "-q", "side"); err == nil {
		t.Fatal("the merge was meant to conflict")
	}
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	ix, err := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = repo.WriteTree(ix)
	if !errors.Is(err, gitops.ErrUnmerged) || !strings.Contains(err.Error(), "unmerged paths: resolve and stage them first") {
		t.Fatalf("WriteTree on a conflict = %v", err)
	}
}

func TestWriteTreeMissingBlob(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "x\n").Commit("base")
	r.Git("update-index", "--add", "--cacheinfo", "100644,1234567890123456789012345678901234567890,ghost")
	if _, err := r.GitErr("write-tree"); err == nil {
		t.Fatal("git write-tree accepted a missing blob")
	}
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	ix, _ := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if _, err := repo.WriteTree(ix); err == nil || !strings.Contains(err.Error(), "ghost") {
		t.Fatalf("WriteTree with a missing blob = %v", err)
	}
}

func TestWriteTreeCacheTree(t *testing.T) {
	r := gittest.New(t)
	for i := 0; i < 4; i++ {
		for j := 0; j < 3; j++ {
			r.Write(fmt.Sprintf("d%d/s%d/f.txt", i, j), fmt.Sprintf("%d %d\n", i, j))
		}
	}
	r.Commit("base") // git commit leaves a fully valid cache tree
	r.Write("d1/s2/f.txt", "changed\n").Git("add", "d1/s2/f.txt")
	repo, ix, got := writeTreeBoth(t, r)
	for dir, valid := range map[string]bool{"": false, "d1": false, "d1/s2": false, "d0": true, "d1/s0": true, "d3/s1": true} {
		n, ok := ix.Tree.Lookup(dir)
		if !ok || n.Valid() != valid {
			t.Fatalf("cache tree node %q: present %v valid %v, the scenario wants valid=%v", dir, ok, n.Valid(), valid)
		}
	}

	// Valid nodes are trusted, not re-hashed: an entry changed in memory
	// under a valid node (a caller that forgot to invalidate) does not
	// change the result; without the cache tree it does.
	k, _ := ix.Find("d0/s1/f.txt")
	ix.Entries[k].ID = ix.Entries[0].ID
	if again, err := repo.WriteTree(ix); err != nil || again != got {
		t.Fatalf("WriteTree reusing d0 = %s, %v; want %s", again, err, got)
	}
	saved := ix.Tree
	ix.Tree = nil
	if other, err := repo.WriteTree(ix); err != nil || other == got {
		t.Fatalf("WriteTree without a cache tree = %s, %v; want a different tree", other, err)
	}
	ix.Tree = saved

	// A valid node whose tree is missing from the database is rebuilt.
	r2 := gittest.New(t)
	for i := 0; i < 3; i++ {
		r2.Write(fmt.Sprintf("d%d/f.txt", i), fmt.Sprintf("%d\n", i))
	}
	r2.Commit("base")
	r2.Write("d0/f.txt", "changed\n").Git("add", "d0/f.txt")
	d2 := strings.TrimSpace(r2.Git("rev-parse", "HEAD:d2"))
	if err := os.Remove(filepath.Join(r2.Dir, ".git", "objects", d2[:2], d2[2:])); err != nil {
		t.Fatal(err)
	}
	writeTreeBoth(t, r2)
	if typ := strings.TrimSpace(r2.Git("cat-file", "-t", d2)); typ != "tree" {
		t.Fatalf("the missing subtree was not rewritten: %s", typ)
	}
}

func TestWriteTreeSparseIndex(t *testing.T) {
	r := gittest.New(t)
	r.Write("keep/a.txt", "a\n").Write("out/b.txt", "b\n").Write("out/deeper/c.txt", "c\n").Write("top.txt", "t\n")
	r.Commit("base")
	r.Git("sparse-checkout", "init", "--cone", "--sparse-index")
	r.Git("sparse-checkout", "set", "keep")
	r.Write("keep/a.txt", "changed\n").Git("add", "keep/a.txt")
	ix, err := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	if !ix.Sparse {
		t.Fatal("the scenario was meant to make a sparse index")
	}
	if i, ok := ix.Find("out/"); !ok || ix.Entries[i].Mode != index.ModeDir {
		t.Fatal("no sparse directory entry for out/")
	}
	ix.Tree = nil // make WriteTree use the sparse entry, not a cached root
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	start := time.Now()
	got, err := repo.WriteTree(ix)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first WriteTree, writing the 3 trees on the changed path: %v", time.Since(start))
	if want := strings.TrimSpace(r.Git("write-tree")); got.String() != want {
		t.Fatalf("WriteTree = %s, git write-tree = %s", got, want)
	}
}

// bigIndex makes a 20,000-file index (20 directories of 10 of 100 files)
// with a valid cache tree, then stages one changed file, which invalidates
// the three directories above it.
func bigIndex(tb testing.TB) (*gittest.Repo, *index.Index) {
	tb.Helper()
	r := gittest.New(tb)
	var in strings.Builder
	for i := 0; i < 3; i++ {
		r.Write(fmt.Sprintf("blob%d", i), fmt.Sprintf("blob %d\n", i))
	}
	ids := strings.Fields(r.Git("hash-object", "-w", "blob0", "blob1", "blob2"))
	for d := 0; d < 20; d++ {
		for s := 0; s < 10; s++ {
			for f := 0; f < 100; f++ {
				fmt.Fprintf(&in, "100644 %s\td%02d/s%d/f%03d.txt\n", ids[(d+s+f)%2], d, s, f)
			}
		}
	}
	r.GitIn([]byte(in.String()), "update-index", "--add", "--index-info")
	r.Git("write-tree") // fills the cache tree
	r.Git("update-index", "--cacheinfo", "100644,"+ids[2]+",d07/s3/f042.txt")
	ix, err := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(ix.Entries) != 20000 {
		tb.Fatalf("%d entries", len(ix.Entries))
	}
	return r, ix
}

func TestWriteTree20k(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000-file index")
	}
	r, ix := bigIndex(t)
	if n, ok := ix.Tree.Lookup("d07/s2"); !ok || !n.Valid() {
		t.Fatal("the cache tree was meant to be valid beside the changed path")
	}
	if n, ok := ix.Tree.Lookup("d07/s3"); !ok || n.Valid() {
		t.Fatal("the cache tree was meant to be invalid on the changed path")
	}
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	start := time.Now()
	got, err := repo.WriteTree(ix)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first WriteTree, writing the 3 trees on the changed path: %v", time.Since(start))
	if want := strings.TrimSpace(r.Git("write-tree")); got.String() != want {
		t.Fatalf("WriteTree = %s, git write-tree = %s", got, want)
	}
}

func BenchmarkWriteTree20k(b *testing.B) {
	r, ix := bigIndex(b)
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		b.Fatal(err)
	}
	defer repo.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := repo.WriteTree(ix); err != nil {
			b.Fatal(err)
		}
	}
}
