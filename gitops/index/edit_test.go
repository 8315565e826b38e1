package index_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
	"reef/gitops/index"
	"reef/gitops/oid"
)

// settle moves the index file's mtime an hour ahead, so no entry is racily
// clean for git or reef. git smudges a racy entry only after finding its
// content changed, reef smudges every one (racy_test covers that): without
// this, byte comparisons would depend on the test's timing.
func settle(t *testing.T, r *gittest.Repo) {
	t.Helper()
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(indexPath(r), future, future); err != nil {
		t.Fatal(err)
	}
}

// twin copies r (work tree and .git, modification times included) so git and
// reef can make the same change to identical repositories.
func twin(t *testing.T, r *gittest.Repo) *gittest.Repo {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "twin")
	err := filepath.WalkDir(r.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(r.Dir, p)
		to := filepath.Join(dst, rel)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case fi.IsDir():
			return os.MkdirAll(to, fi.Mode().Perm())
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			return err
		}
		return os.Chtimes(to, fi.ModTime(), fi.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
	tw := *r
	tw.Dir = dst
	return &tw
}

// op is one index change: Remove when mode is 0, else Add.
type op struct {
	path string
	mode uint32
	id   oid.ID
}

func add(path string, mode uint32, id oid.ID) op { return op{path, mode, id} }
func remove(path string) op                      { return op{path: path} }

// applyOurs makes the changes with Update.
func applyOurs(t *testing.T, r *gittest.Repo, ops []op) {
	t.Helper()
	err := index.Update(indexPath(r), func(ix *index.Index) error {
		for _, o := range ops {
			if o.mode == 0 {
				ix.Remove(o.path)
			} else {
				ix.Add(index.Entry{Path: o.path, Mode: o.mode, ID: o.id})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// applyGit makes the same changes with git update-index: --cacheinfo or
// --force-remove for one change, --index-info for several (one command, so
// git reads and writes the index once, as Update does). --replace lets a
// file replace a directory and back, as git add does.
func applyGit(t *testing.T, r *gittest.Repo, ops []op) {
	t.Helper()
	if len(ops) == 1 {
		o := ops[0]
		if o.mode == 0 {
			r.Git("update-index", "--force-remove", "--", o.path)
		} else {
			r.Git("update-index", "--add", "--replace", "--cacheinfo",
				strconv.FormatUint(uint64(o.mode), 8)+","+o.id.String()+","+o.path)
		}
		return
	}
	var in strings.Builder
	for _, o := range ops {
		in.WriteString(strconv.FormatUint(uint64(o.mode), 8) + " " + o.id.String() + "\t" + o.path + "\x00")
	}
	r.GitIn([]byte(in.String()), "update-index", "--add", "--replace", "-z", "--index-info")
}

// sameAsGit checks that reef's index equals git's byte for byte, and that
// git sees the same thing in both repositories.
func sameAsGit(t *testing.T, ours, gits *gittest.Repo) {
	t.Helper()
	a, err := os.ReadFile(indexPath(ours))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(indexPath(gits))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("index differs from git's (%d bytes, git's %d)\nours:\n%s\ngit's:\n%s\nextensions %v / %v",
			len(a), len(b), ours.Git("ls-files", "-s", "--debug"), gits.Git("ls-files", "-s", "--debug"),
			readIndex(t, ours).Extensions, readIndex(t, gits).Extensions)
	}
	if _, err := os.Stat(indexPath(ours) + ".lock"); !os.IsNotExist(err) {
		t.Errorf("index.lock left behind: %v", err)
	}
	ours.Git("fsck", "--no-progress", "--no-dangling")
	for _, args := range [][]string{
		{"ls-files", "-s", "-z"},
		{"ls-files", "--resolve-undo", "-z"},
		{"diff", "--cached", "--no-color", "--no-ext-diff"},
		{"status", "--porcelain=v2", "-z"},
	} {
		if got, want := ours.Git(args...), gits.Git(args...); got != want {
			t.Errorf("git %s:\n got %q\nwant %q", strings.Join(args, " "), got, want)
		}
	}
}

// blobs writes contents as blobs and returns their ids.
func blobs(t *testing.T, r *gittest.Repo, contents ...string) []oid.ID {
	t.Helper()
	ids := make([]oid.ID, len(contents))
	for i, c := range contents {
		ids[i] = mustID(t, r.GitIn([]byte(c), "hash-object", "-w", "--stdin"))
	}
	return ids
}

func TestUpdateLikeGit(t *testing.T) {
	type scenario struct {
		name  string
		setup func(t *testing.T) *gittest.Repo
		ops   func(t *testing.T, r *gittest.Repo) []op
	}
	committed := func(t *testing.T) *gittest.Repo {
		r := basicRepo(t)
		r.Write("src/lib/deep/x.go", "x").Write("docs/a", "a")
		r.Commit("deeper") // a cache tree with several levels
		return r
	}
	withIntentToAdd := func(t *testing.T) *gittest.Repo {
		r := committed(t)
		r.Write("ita", "later\n")
		r.Git("add", "-N", "ita")
		return r
	}
	scenarios := []scenario{
		{"modify", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("src/lib/a.go", index.ModeRegular, blobs(t, r, "changed\n")[0])}
		}},
		{"new file in new directories", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("src/new/deep/x.go", index.ModeRegular, blobs(t, r, "new\n")[0])}
		}},
		{"new file at the top", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("zz top", index.ModeExecutable, blobs(t, r, "#!/bin/sh\n")[0])}
		}},
		{"remove", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{remove("src/lib/deep/x.go")}
		}},
		{"remove a missing path", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{remove("no/such/file")}
		}},
		{"file replaces directory", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("src/lib", index.ModeRegular, blobs(t, r, "now a file\n")[0])}
		}},
		{"directory replaces file", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("README/inner/x", index.ModeRegular, blobs(t, r, "now a dir\n")[0])}
		}},
		{"symlink and submodule", committed, func(t *testing.T, r *gittest.Repo) []op {
			return []op{
				add("docs/link", index.ModeSymlink, blobs(t, r, "../README")[0]),
				add("vendor/sub", index.ModeGitlink, mustID(t, r.Rev("HEAD"))),
			}
		}},
		{"several changes", committed, func(t *testing.T, r *gittest.Repo) []op {
			ids := blobs(t, r, "one\n", "two\n")
			return []op{
				remove("src/main.go"), add("src/main.go", index.ModeRegular, ids[0]),
				add("docs/b", index.ModeRegular, ids[1]), remove("run.sh"), remove("docs/a"),
				add(oddNames[1], index.ModeRegular, ids[1]),
			}
		}},
		{"resolve conflicts", conflictRepo, func(t *testing.T, r *gittest.Repo) []op {
			ids := blobs(t, r, "resolved\n")
			return []op{add("f", index.ModeRegular, ids[0]), add("del", index.ModeRegular, ids[0])}
		}},
		{"remove a conflict", conflictRepo, func(t *testing.T, r *gittest.Repo) []op {
			return []op{remove("new")}
		}},
		{"resolve again after a recorded resolution", func(t *testing.T) *gittest.Repo {
			r := conflictRepo(t)
			r.Git("add", "f")
			// A new conflict on f, with stages 2 and 3 only: resolving it
			// keeps stage 1 of the earlier record (git merges records).
			ids := blobs(t, r, "ours\n", "theirs\n")
			r.GitIn([]byte("0 "+oid.Zero.String()+"\tf\n100644 "+ids[0].String()+" 2\tf\n100644 "+
				ids[1].String()+" 3\tf\n"), "update-index", "--index-info")
			return r
		}, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("f", index.ModeRegular, blobs(t, r, "again\n")[0])}
		}},
		{"intent-to-add kept", withIntentToAdd, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("docs/a", index.ModeRegular, blobs(t, r, "b\n")[0])}
		}},
		{"intent-to-add removed: version 2 again", withIntentToAdd, func(t *testing.T, r *gittest.Repo) []op {
			return []op{remove("ita")}
		}},
		{"intent-to-add staged", withIntentToAdd, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("ita", index.ModeRegular, blobs(t, r, "later\n")[0])}
		}},
		{"skip-worktree kept", func(t *testing.T) *gittest.Repo {
			r := committed(t)
			r.Git("update-index", "--skip-worktree", "docs/a")
			return r
		}, func(t *testing.T, r *gittest.Repo) []op {
			return []op{add("src/m.go", index.ModeRegular, blobs(t, r, "m\n")[0])}
		}},
		{"unborn: no index yet", func(t *testing.T) *gittest.Repo {
			return gittest.New(t)
		}, func(t *testing.T, r *gittest.Repo) []op {
			ids := blobs(t, r, "a\n", "b\n")
			return []op{add("b/c", index.ModeRegular, ids[1]), add("a", index.ModeRegular, ids[0])}
		}},
	}
	for _, sc := range scenarios {
		for _, v := range []int{0, 4} { // 0: the version git chose
			name := sc.name
			if v == 4 {
				name += "/v4"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				r := sc.setup(t)
				_, statErr := os.Stat(indexPath(r))
				if v == 4 {
					if statErr != nil {
						t.Skip("no index to convert")
					}
					r.Git("update-index", "--index-version", "4")
				}
				ops := sc.ops(t, r)
				if statErr == nil {
					settle(t, r)
				}
				g := twin(t, r)
				applyOurs(t, r, ops)
				applyGit(t, g, ops)
				sameAsGit(t, r, g)
				if v == 4 && readIndex(t, r).Version != 4 {
					t.Error("version 4 not kept")
				}
			})
		}
	}
}

// TestAddCacheTree checks which cache-tree nodes an Add invalidates and that
// a later write-tree by git agrees with the nodes left valid.
func TestAddCacheTree(t *testing.T) {
	r := basicRepo(t)
	r.Write("src/lib/deep/x.go", "x").Write("docs/a", "a")
	r.Commit("deeper")
	id := blobs(t, r, "changed\n")[0]
	err := index.Update(indexPath(r), func(ix *index.Index) error {
		ix.Add(index.Entry{Path: "src/lib/b.go", Mode: index.ModeRegular, ID: id})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix := readIndex(t, r)
	checkCacheTree(t, r, ix, "HEAD", "", "src", "src/lib")
	// File replaces directory: the directory's node goes, its parent is
	// invalidated, the rest stays.
	err = index.Update(indexPath(r), func(ix *index.Index) error {
		ix.Add(index.Entry{Path: "src/lib/deep", Mode: index.ModeRegular, ID: id})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ix = readIndex(t, r)
	if _, ok := ix.Tree.Lookup("src/lib/deep"); ok {
		t.Error("node src/lib/deep kept after a file replaced the directory")
	}
	if n, ok := ix.Tree.Lookup("docs"); !ok || !n.Valid() {
		t.Errorf("docs = %+v, %v; want still valid", n, ok)
	}
	// git's write-tree trusts valid nodes: the tree it writes must be the
	// one the index describes (git fsck and a fresh read-tree agree).
	tree := strings.TrimSpace(r.Git("write-tree"))
	g := twin(t, r)
	g.Git("read-tree", tree)
	if got, want := r.Git("ls-files", "-s"), g.Git("ls-files", "-s"); got != want {
		t.Errorf("write-tree after Update lost entries:\n got %s\nwant %s", got, want)
	}
}

// TestAddRefusesWhatGitRefuses compares Add's path checks with git's
// verify_path through git update-index --cacheinfo.
func TestAddRefusesWhatGitRefuses(t *testing.T) {
	r := gittest.New(t)
	id := blobs(t, r, "x")[0]
	for _, c := range []struct {
		path string
		mode uint32
	}{
		{".git/config", index.ModeRegular}, {"a/.git/x", index.ModeRegular}, {".GIT/x", index.ModeRegular},
		{"a/.Git", index.ModeRegular}, {"x/../y", index.ModeRegular}, {"./a", index.ModeRegular},
		{"a//b", index.ModeRegular}, {"/abs", index.ModeRegular}, {"trail/", index.ModeRegular},
		{".git ", index.ModeRegular}, {"git~1/x", index.ModeRegular}, {"a/.git.. /b", index.ModeRegular},
		{".git:stream", index.ModeRegular}, {`a\.git\x`, index.ModeRegular}, {"..", index.ModeRegular},
		{"ok/.gitmodules", index.ModeSymlink}, {"ok/.GITMODULES", index.ModeSymlink},
		{".gitmodules .", index.ModeSymlink}, {"GITMOD~1", index.ModeSymlink}, {"gi7eba~9", index.ModeSymlink},
		// accepted by both
		{"ok/.gitmodules", index.ModeRegular}, {".gitignore", index.ModeRegular}, {".github/x", index.ModeRegular},
		{"a/.gitx", index.ModeRegular}, {"git~2", index.ModeRegular}, {"...", index.ModeRegular},
		{"tab\there", index.ModeRegular}, {"gi7eba~9", index.ModeRegular}, {"a/..b", index.ModeRegular},
	} {
		_, gitErr := r.GitErr("update-index", "--add", "--cacheinfo",
			strconv.FormatUint(uint64(c.mode), 8)+","+id.String()+","+c.path)
		ix := &index.Index{}
		ix.Add(index.Entry{Path: c.path, Mode: c.mode, ID: id})
		if (ix.Err() == nil) != (gitErr == nil) {
			t.Errorf("%q (%o): reef error %v, git error %v", c.path, c.mode, ix.Err(), gitErr)
		}
		if ix.Err() != nil && len(ix.Entries) != 0 {
			t.Errorf("%q: refused but added", c.path)
		}
	}
	for _, bad := range []index.Entry{
		{Path: "zero", Mode: index.ModeRegular},
		{Path: "stage", Mode: index.ModeRegular, ID: id, Stage: 2},
		{Path: "mode", Mode: 0o100664, ID: id},
	} {
		ix := &index.Index{}
		ix.Add(bad)
		if ix.Err() == nil || len(ix.Entries) != 0 {
			t.Errorf("Add(%+v) accepted", bad)
		}
	}
}

// TestRefusedAddWritesNothing: Update fails with Add's reason and leaves the
// index alone.
func TestRefusedAddWritesNothing(t *testing.T) {
	r := basicRepo(t)
	before := readBytes(t, indexPath(r))
	id := blobs(t, r, "x")[0]
	err := index.Update(indexPath(r), func(ix *index.Index) error {
		ix.Add(index.Entry{Path: "fine", Mode: index.ModeRegular, ID: id})
		ix.Add(index.Entry{Path: ".git/hooks/pre-commit", Mode: index.ModeExecutable, ID: id})
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), ".git/hooks/pre-commit") {
		t.Fatalf("Update = %v, want the refused path named", err)
	}
	if !bytes.Equal(before, readBytes(t, indexPath(r))) {
		t.Error("index changed")
	}
	noLock(t, r)
}

// TestGetAddRemove checks the edits on their own, including that Remove of
// a conflict records it and Get ignores conflict stages.
func TestGetAddRemove(t *testing.T) {
	r := conflictRepo(t)
	ix := readIndex(t, r)
	if _, ok := ix.Get("f"); ok {
		t.Error("Get returned a conflict stage")
	}
	if e, ok := ix.Get("ok"); !ok || e.Path != "ok" || e.Stage != 0 {
		t.Errorf("Get(ok) = %+v, %v", e, ok)
	}
	if !ix.Remove("f") || ix.Remove("f") {
		t.Error("Remove(f) twice: want true then false")
	}
	if len(ix.ResolveUndo) != 1 || ix.ResolveUndo[0].Path != "f" || ix.ResolveUndo[0].Mode[0] == 0 {
		t.Errorf("ResolveUndo = %+v", ix.ResolveUndo)
	}
	var paths []string
	for _, e := range ix.Entries {
		paths = append(paths, e.Path+":"+strconv.Itoa(e.Stage))
	}
	if want := []string{"del:1", "del:2", "new:2", "new:3", "ok:0"}; !slices.Equal(paths, want) {
		t.Errorf("entries %q, want %q", paths, want)
	}
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func noLock(t *testing.T, r *gittest.Repo) {
	t.Helper()
	if _, err := os.Stat(indexPath(r) + ".lock"); !os.IsNotExist(err) {
		t.Errorf("index.lock: %v, want none", err)
	}
}
