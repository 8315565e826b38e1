package index_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/index"
)

// odd names: non-ASCII, spaces, tab, newline, quote, backslash.
var oddNames = []string{
	"dir with space/file name.txt",
	"日本語/ファイル.md",
	"naïve café.txt",
	"tab\there",
	"new\nline",
	`quote"and\backslash`,
	"z-last",
}

// basicRepo commits regular, executable, symlink and oddly named files.
func basicRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	r.Write("README", "hello\n").
		Write("src/main.go", "package main\n").
		Write("src/lib/a.go", "package lib\n").
		Write("src/lib/b.go", "package lib // b\n").
		Write("run.sh", "#!/bin/sh\n").Chmod("run.sh", 0o755)
	for _, n := range oddNames {
		r.Write(n, n)
	}
	if err := os.Symlink("src/main.go", r.Path("link")); err != nil {
		t.Fatal(err)
	}
	r.Commit("files")
	return r
}

func TestReadBasicEntries(t *testing.T) {
	r := basicRepo(t)
	ix := readIndex(t, r)
	if ix.Version != 2 {
		t.Errorf("Version = %d, want 2", ix.Version)
	}
	checkEntries(t, r, ix)
	if ix.Split || ix.Sparse || ix.FsMonitor || ix.Untracked {
		t.Errorf("unexpected flags: %+v", ix)
	}
	for path, mode := range map[string]uint32{
		"README": index.ModeRegular, "run.sh": index.ModeExecutable, "link": index.ModeSymlink,
	} {
		if e := entryFor(t, ix, path); e.Mode != mode {
			t.Errorf("%s: mode %o, want %o", path, e.Mode, mode)
		}
	}
	for _, n := range oddNames {
		e := entryFor(t, ix, n)
		if want := pathID(t, r, "HEAD:"+n); e.ID != want {
			t.Errorf("%q: id %s, want %s", n, e.ID, want)
		}
	}
	fi, err := os.Stat(indexPath(r))
	if err != nil {
		t.Fatal(err)
	}
	if !ix.ModTime.Equal(fi.ModTime()) || ix.ModTime.IsZero() {
		t.Errorf("ModTime = %v, want %v", ix.ModTime, fi.ModTime())
	}
}

func TestReadVersions(t *testing.T) {
	r := basicRepo(t)
	// Long shared prefixes exercise v4 prefix compression both ways.
	for _, p := range []string{"src/lib/deep/er/x.go", "src/lib/deep/y.go", "src/lib/deeper.go", "src/m"} {
		r.Write(p, p)
	}
	r.Commit("more")
	// Version 3 is demoted to 2 unless an entry has extended flags.
	r.Git("update-index", "--skip-worktree", "src/m")
	for _, v := range []int{4, 3, 2} {
		if v == 2 {
			r.Git("update-index", "--no-skip-worktree", "src/m")
		}
		r.Git("update-index", "--index-version", strconv.Itoa(v))
		ix := readIndex(t, r)
		if ix.Version != v {
			t.Fatalf("Version = %d, want %d", ix.Version, v)
		}
		checkEntries(t, r, ix)
		if ix.Tree == nil {
			t.Errorf("v%d: cache tree missing", v)
		}
	}
}

// longPath is an n-byte path of 200-byte components made of letter.
func longPath(letter byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = letter
		if i%201 == 200 && i != n-1 {
			b[i] = '/'
		}
	}
	return string(b)
}

func TestReadFlags(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "a").Write("b", "b").Write("c", "c").Write("d/e", "e")
	r.Commit("init")
	r.Write("new", "not yet staged")
	r.Git("add", "-N", "new")
	r.Git("update-index", "--skip-worktree", "b")
	r.Git("update-index", "--assume-unchanged", "c")
	ix := readIndex(t, r)
	if ix.Version != 3 {
		t.Errorf("Version = %d, want 3", ix.Version)
	}
	checkEntries(t, r, ix)
	want := map[string][3]bool{ // AssumeValid, SkipWorktree, IntentToAdd
		"a": {}, "b": {false, true, false}, "c": {true, false, false},
		"d/e": {}, "new": {false, false, true},
	}
	for path, w := range want {
		e := entryFor(t, ix, path)
		if got := [3]bool{e.AssumeValid, e.SkipWorktree, e.IntentToAdd}; got != w {
			t.Errorf("%s: flags %v, want %v", path, got, w)
		}
	}
}

func TestReadSubmodule(t *testing.T) {
	sub := gittest.New(t)
	sub.Write("lib.txt", "lib")
	head := sub.Commit("lib")
	r := gittest.New(t)
	r.Write("top", "top")
	r.Commit("top")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "vendor/lib")
	r.CommitStaged("add submodule")
	ix := readIndex(t, r)
	checkEntries(t, r, ix)
	e := entryFor(t, ix, "vendor/lib")
	if e.Mode != index.ModeGitlink || e.ID != mustID(t, head) {
		t.Errorf("gitlink = %o %s, want %o %s", e.Mode, e.ID, index.ModeGitlink, head)
	}
}

// conflictRepo stops in a merge with a content conflict (f: stages 1-3), an
// add/add conflict (new: stages 2-3) and a modify/delete one (del: stages 1-2).
func conflictRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	r.Write("f", "base\n").Write("del", "base\n").Write("ok", "ok\n")
	r.Commit("base")
	r.Checkout("side", true)
	r.Write("f", "side\n").Write("new", "side\n").Remove("del")
	r.Commit("side")
	r.Checkout("main", false)
	r.Write("f", "main\n").Write("new", "main\n").Write("del", "main\n")
	r.Commit("main")
	if _, err := r.GitErr("merge", "-q", "side"); err == nil {
		t.Fatal("merge succeeded, want conflicts")
	}
	return r
}

func TestReadConflicts(t *testing.T) {
	r := conflictRepo(t)
	ix := readIndex(t, r)
	checkEntries(t, r, ix)
	stages := func(path string) []int {
		var s []int
		i, ok := ix.Find(path)
		for ok && i < len(ix.Entries) && ix.Entries[i].Path == path {
			s = append(s, ix.Entries[i].Stage)
			i++
		}
		return s
	}
	for path, want := range map[string][]int{"f": {1, 2, 3}, "new": {2, 3}, "del": {1, 2}, "ok": {0}} {
		if got := stages(path); !slices.Equal(got, want) {
			t.Errorf("%s: stages %v, want %v", path, got, want)
		}
	}
	if ix.ResolveUndo != nil {
		t.Errorf("ResolveUndo before resolving: %+v", ix.ResolveUndo)
	}

	// Resolving records the conflict in REUC.
	r.Write("f", "resolved\n")
	r.Git("add", "f", "del")
	ix = readIndex(t, r)
	checkEntries(t, r, ix)
	var got []string
	for _, ru := range ix.ResolveUndo {
		for i := range 3 {
			if ru.Mode[i] != 0 {
				got = append(got, strings.Join([]string{fmt.Sprintf("%06o", ru.Mode[i]), ru.ID[i].String(), strconv.Itoa(i + 1)}, " ")+"\t"+ru.Path)
			}
		}
	}
	want := strings.Split(strings.TrimSuffix(r.Git("ls-files", "--resolve-undo"), "\n"), "\n")
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || len(got) != 5 {
		t.Errorf("resolve undo:\n got %q\nwant %q", got, want)
	}
	if !slices.Contains(ix.Extensions, "REUC") {
		t.Errorf("Extensions = %v, want REUC", ix.Extensions)
	}
}

func TestReadSparseCheckout(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/1", "1").Write("a/x/2", "2").Write("b/3", "3").Write("top", "t")
	r.Commit("init")
	r.Git("sparse-checkout", "set", "--no-cone", "/a/")
	ix := readIndex(t, r)
	checkEntries(t, r, ix)
	for path, skip := range map[string]bool{"a/1": false, "a/x/2": false, "b/3": true, "top": true} {
		if e := entryFor(t, ix, path); e.SkipWorktree != skip {
			t.Errorf("%s: SkipWorktree = %v, want %v", path, e.SkipWorktree, skip)
		}
	}
	if ix.Sparse {
		t.Error("Sparse set without a sparse index")
	}
}

func TestReadSparseIndex(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/1", "1").Write("a/x/2", "2").Write("b/3", "3").Write("b/y/4", "4").Write("c/5", "5").Write("top", "t")
	r.Commit("init")
	r.Git("sparse-checkout", "init", "--cone", "--sparse-index")
	r.Git("sparse-checkout", "set", "a")
	ix := readIndex(t, r)
	if !ix.Sparse || !slices.Contains(ix.Extensions, "sdir") {
		t.Fatalf("Sparse = %v, Extensions = %v; want sdir", ix.Sparse, ix.Extensions)
	}
	checkEntries(t, r, ix, "--sparse")
	e := entryFor(t, ix, "b/")
	if e.Mode != index.ModeDir || !e.SkipWorktree || e.ID != pathID(t, r, "HEAD:b") {
		t.Errorf("sparse directory b/ = %+v", e)
	}
}

func TestReadSplitIndex(t *testing.T) {
	r := basicRepo(t)
	r.Git("update-index", "--split-index")
	r.Write("README", "changed\n")
	r.Git("add", "README")
	ix := readIndex(t, r)
	if !ix.Split || !slices.Contains(ix.Extensions, "link") {
		t.Fatalf("Split = %v, Extensions = %v; want link", ix.Split, ix.Extensions)
	}
	r.Git("update-index", "--no-split-index")
	ix = readIndex(t, r)
	if ix.Split {
		t.Error("Split still set after --no-split-index")
	}
	checkEntries(t, r, ix)
}

// TestReadThreadedExtensions has git write EOIE and IEOT (index.threads) in
// versions 2 and 4; v4 resets prefix compression at each IEOT block.
func TestReadThreadedExtensions(t *testing.T) {
	r := gittest.New(t)
	for i := range 40 {
		r.Write(fmt.Sprintf("dir/sub%d/file%02d", i%3, i), "x")
	}
	r.Commit("files")
	r.Git("config", "index.threads", "4")
	r.Git("config", "index.recordEndOfIndexEntries", "true")
	r.Git("config", "index.recordOffsetTable", "true")
	for _, v := range []int{2, 4} {
		r.Git("update-index", "--index-version", strconv.Itoa(v))
		r.Git("update-index", "--force-write-index")
		ix := readIndex(t, r)
		if ix.Version != v || !slices.Contains(ix.Extensions, "EOIE") || !slices.Contains(ix.Extensions, "IEOT") {
			t.Fatalf("Version %d, Extensions %v; want v%d with EOIE and IEOT", ix.Version, ix.Extensions, v)
		}
		checkEntries(t, r, ix)
	}
}

// TestReadLongPaths checks the 12-bit name length: names of 0xFFF bytes or
// more store 0xFFF and end at their NUL.
func TestReadLongPaths(t *testing.T) {
	r := gittest.New(t)
	blob := strings.TrimSpace(r.GitIn([]byte("x"), "hash-object", "-w", "--stdin"))
	var paths []string
	for i, n := range []int{4094, 4095, 4096, 5000, 9000} {
		p := longPath(byte('a'+i), n)
		paths = append(paths, p)
		r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+","+p)
	}
	r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+",short")
	r.Git("update-index", "--skip-worktree", "short")
	for _, v := range []int{3, 4} {
		r.Git("update-index", "--index-version", strconv.Itoa(v))
		ix := readIndex(t, r)
		if ix.Version != v {
			t.Fatalf("Version = %d, want %d", ix.Version, v)
		}
		checkEntries(t, r, ix)
		for _, p := range paths {
			if _, ok := ix.Find(p); !ok {
				t.Errorf("v%d: %d-byte path not found", v, len(p))
			}
		}
	}
	r.Git("update-index", "--no-skip-worktree", "short")
	r.Git("update-index", "--index-version", "2")
	ix := readIndex(t, r)
	if ix.Version != 2 {
		t.Fatalf("Version = %d, want 2", ix.Version)
	}
	checkEntries(t, r, ix)
}

func TestReadMissingAndEmpty(t *testing.T) {
	r := gittest.New(t)
	ix, err := index.Read(indexPath(r))
	if err != nil || ix.Version != 0 || len(ix.Entries) != 0 || ix.Tree != nil {
		t.Fatalf("missing index: %+v, %v; want empty index", ix, err)
	}
	if _, ok := ix.Find("x"); ok {
		t.Error("Find in empty index found something")
	}
	r.Git("read-tree", "--empty")
	ix = readIndex(t, r)
	if ix.Version != 2 || len(ix.Entries) != 0 {
		t.Fatalf("empty index: Version %d, %d entries", ix.Version, len(ix.Entries))
	}
}

func TestFindAndDirRange(t *testing.T) {
	r := conflictRepo(t)
	r.Write("d/x", "x").Write("d/y/z", "z").Write("d.txt", "t").Write("d-", "-").Write("d0", "0")
	r.Git("add", "d", "d.txt", "d-", "d0")
	ix := readIndex(t, r)
	paths := make([]string, len(ix.Entries))
	for i, e := range ix.Entries {
		paths[i] = e.Path
	}
	for i, e := range ix.Entries {
		j, ok := ix.Find(e.Path)
		if !ok || ix.Entries[j].Path != e.Path || j > i || (j < i && ix.Entries[i-1].Path != e.Path) {
			t.Errorf("Find(%q) = %d, %v; entry %d", e.Path, j, ok, i)
		}
	}
	if i, ok := ix.Find("f"); !ok || ix.Entries[i].Stage != 1 {
		t.Errorf("Find(conflicted f) = %d, %v; want its stage 1", i, ok)
	}
	for _, missing := range []string{"", "a", "d/", "d/y", "e", "zzz"} {
		i, ok := ix.Find(missing)
		if ok || (i < len(paths) && paths[i] < missing) || (i > 0 && paths[i-1] >= missing) {
			t.Errorf("Find(%q) = %d, %v; want insertion point", missing, i, ok)
		}
	}
	for dir, want := range map[string][]string{
		"d": {"d/x", "d/y/z"}, "d/y": {"d/y/z"}, "e": nil, "": paths,
	} {
		lo, hi := ix.DirRange(dir)
		if got := paths[lo:hi]; !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("DirRange(%q) = %q, want %q", dir, got, want)
		}
	}
}

func TestReadFsMonitorAndUntrackedCache(t *testing.T) {
	r := basicRepo(t)
	hook := r.Home + "/fsmonitor.sh"
	// Protocol 2 hook: new token, then "/" (everything may have changed).
	if err := os.WriteFile(hook, []byte("#!/bin/sh\nprintf 'token\\0/\\0'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "core.fsmonitor", hook)
	r.Git("config", "core.untrackedCache", "true")
	r.Write("untracked", "u")
	r.Git("status", "--porcelain")
	r.Git("status", "--porcelain")
	ix := readIndex(t, r)
	if !ix.FsMonitor || !ix.Untracked {
		t.Fatalf("FsMonitor = %v, Untracked = %v, Extensions = %v", ix.FsMonitor, ix.Untracked, ix.Extensions)
	}
	checkEntries(t, r, ix)
}
