package treediff

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"reef/gitops/attr"
	"reef/gitops/gittest"
	"reef/gitops/index"
	"reef/gitops/oid"
)

func readIndex(t testing.TB, r *gittest.Repo) *index.Index {
	t.Helper()
	ix, err := index.Read(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// checkCached compares TreeIndex with git diff --cached.
func checkCached(t *testing.T, r *gittest.Repo, ps ...string) {
	t.Helper()
	db := openDB(t, r)
	var tree oid.ID
	if _, err := r.GitErr("rev-parse", "--verify", "-q", "HEAD"); err == nil {
		tree = rev(t, r, "HEAD")
	}
	got, err := TreeIndex(t.Context(), db, tree, readIndex(t, r), ps)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"diff", "--cached", "--no-renames", "--"}, ps...)
	sameChanges(t, "cached", got, gitRaw(t, r, args...))
}

func TestTreeIndex(t *testing.T) {
	r := gittest.New(t)
	for _, p := range []string{"a/x.tf", "a/y.tf", "b/c/z.yaml", "b/c/w.yaml", "top.md", "d/file", "e"} {
		r.Write(p, p+"\n")
	}
	if err := os.Symlink("top.md", r.Path("link")); err != nil {
		t.Fatal(err)
	}
	r.Commit("base")
	checkCached(t, r) // nothing staged: the cache tree answers

	r.Write("a/x.tf", "changed\n").Write("new/n.txt", "n\n").Chmod("top.md", 0o755)
	r.Remove("b/c/w.yaml").Remove("d").Write("d", "now a file\n")
	r.Remove("e").Write("e/inside", "dir now\n")
	r.Remove("link").Write("link", "plain file now\n")
	r.Git("add", "-A")
	checkCached(t, r)
	checkCached(t, r, "a", "b/c/w.yaml", "new/")
	checkCached(t, r, "nothing-here")

	// intent-to-add entries are not staged content
	r.Write("ita.txt", "later\n")
	r.Git("add", "-N", "ita.txt")
	checkCached(t, r)
}

func TestTreeIndexUnbornAndConflict(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "one\n").Write("g/h", "two\n")
	r.Git("add", "-A")
	checkCached(t, r) // unborn: everything added

	r.Commit("base")
	r.Checkout("side", true).Write("f", "theirs\n").Commit("theirs")
	r.Checkout("main", false).Write("f", "ours\n").Write("g/h", "three\n").Commit("ours")
	if _, err := r.GitErr("merge", "side"); err == nil {
		t.Fatal("merge should conflict")
	}
	checkCached(t, r)
	checkWorktree(t, r, WorktreeOptions{})
}

// checkWorktree compares Worktree with git diff (index vs work tree). git's
// raw output has no id for work-tree sides, so only ours for submodules
// are compared; TestWorktreeHashes checks the ids.
func checkWorktree(t *testing.T, r *gittest.Repo, o WorktreeOptions) {
	t.Helper()
	o.Root = r.Dir
	got, err := Worktree(t.Context(), readIndex(t, r), o)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].New.Mode != ModeGitlink {
			got[i].New.ID = oid.Zero
		}
		if got[i].Status == Unmerged {
			got[i].Old, got[i].New = Side{}, Side{Path: got[i].New.Path}
		}
	}
	want := gitRaw(t, r, "diff", "--no-renames")
	for i, c := range want {
		if c.Status == Unmerged {
			want[i].Old, want[i].New = Side{}, Side{Path: c.New.Path}
		}
	}
	sameChanges(t, "worktree", got, want)
}

func TestWorktree(t *testing.T) {
	r := gittest.New(t)
	for _, p := range []string{"a/x.tf", "a/y.tf", "b/z.yaml", "same.txt", "run.sh", "gone.txt", "dir/f"} {
		r.Write(p, p+"\n")
	}
	r.Write("ita.txt", "x\n")
	r.Commit("base")
	checkWorktree(t, r, WorktreeOptions{})

	r.Write("a/x.tf", "changed\n")
	r.Write("same.txt", "same.txt\n") // rewritten, same content
	r.Chmod("run.sh", 0o755)
	r.Remove("gone.txt")
	r.Remove("dir").Write("dir", "file now\n")
	if err := os.Symlink("a/y.tf", r.Path("b/z.yaml.link")); err != nil {
		t.Fatal(err)
	}
	r.Remove("b/z.yaml")
	if err := os.Symlink("elsewhere", r.Path("b/z.yaml")); err != nil {
		t.Fatal(err)
	}
	r.Write("new.txt", "untracked\n")
	r.Write("ita2.txt", "intent\n")
	r.Git("add", "-N", "ita2.txt")
	checkWorktree(t, r, WorktreeOptions{})

	// Racily clean: same size, same second as the index.
	r.Git("add", "-A")
	r.Write("a/x.tf", "CHANGED\n")
	checkWorktree(t, r, WorktreeOptions{})
}

func TestWorktreeCRLF(t *testing.T) {
	r := gittest.New(t)
	r.Write("unix.txt", "a\nb\n").Write("dos.txt", "c\r\nd\r\n").Write(".gitattributes", "*.crlf text\n*.keep -text\n")
	r.Write("x.crlf", "e\nf\n").Write("y.keep", "g\r\nh\r\n")
	r.Commit("base")
	r.Git("config", "core.autocrlf", "true")
	// CRLF versions of LF files are unchanged under autocrlf; a file
	// already CRLF in the index is not converted.
	r.Write("unix.txt", "a\r\nb\r\n").Write("dos.txt", "c\r\nd\r\nmore\r\n").Write("x.crlf", "e\r\nf\r\n").Write("y.keep", "g\nh\n")
	m := attr.NewMatcher(attr.Options{}, attr.WorkTreeReader(r.Dir))
	db := openDB(t, r)
	auto := AutoCRLFTrue
	o := WorktreeOptions{Clean: func(path string, e *index.Entry, data []byte) ([]byte, error) {
		a, err := m.Common(path)
		if err != nil {
			return nil, err
		}
		return Clean(data, a, auto, func() ([]byte, error) {
			_, b, err := db.Read(e.ID)
			return b, err
		})
	}}
	checkWorktree(t, r, o)
	r.Git("config", "core.autocrlf", "false")
	auto = AutoCRLFFalse
	checkWorktree(t, r, o)
	r.Git("config", "core.autocrlf", "input")
	auto = AutoCRLFInput
	checkWorktree(t, r, o)
}

func TestWorktreeHashes(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "one\n").Commit("base")
	r.Write("f", "two\n")
	got, err := Worktree(t.Context(), readIndex(t, r), WorktreeOptions{Root: r.Dir})
	if err != nil || len(got) != 1 {
		t.Fatal(got, err)
	}
	if want := r.Git("hash-object", "f"); got[0].New.ID.String()+"\n" != want {
		t.Errorf("hash %s, git %s", got[0].New.ID, want)
	}
}

func TestRacy(t *testing.T) {
	now := time.Unix(1_700_000_000, 500)
	w := wtWalker{ix: &index.Index{ModTime: now}}
	for _, c := range []struct {
		sec, nsec uint32
		racy      bool
	}{{1_700_000_000, 500, true}, {1_700_000_000, 900, true}, {1_700_000_001, 0, true}, {1_700_000_000, 499, false}, {1_699_999_999, 999, false}} {
		if got := w.racy(&index.Entry{MtimeSec: c.sec, MtimeNsec: c.nsec}); got != c.racy {
			t.Errorf("entry %d.%d, index %v: racy %v", c.sec, c.nsec, now, got)
		}
	}
	if (&wtWalker{ix: &index.Index{}}).racy(&index.Entry{MtimeSec: 5}) {
		t.Error("no index time: nothing is racy")
	}
}
