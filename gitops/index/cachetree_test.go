package index_test

import (
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/index"
	"reef/gitops/oid"
)

// checkCacheTree compares every valid node with the tree git has at rev and
// the nodes' set with rev's directories; invalid must list exactly the nodes
// expected to be invalidated.
func checkCacheTree(t *testing.T, r *gittest.Repo, ix *index.Index, rev string, invalid ...string) {
	t.Helper()
	if ix.Tree == nil {
		t.Fatal("no cache tree")
	}
	dirs := []string{""}
	for _, d := range strings.Split(r.Git("ls-tree", "-r", "-d", "-z", "--name-only", rev), "\x00") {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	var got []string
	children := map[string]int{}
	for _, n := range ix.Tree.Nodes() {
		got = append(got, n.Path)
		if n.Path != "" {
			parent, _, _ := cutLast(n.Path)
			children[parent]++
		}
		if slices.Contains(invalid, n.Path) {
			if n.Valid() || n.EntryCount != -1 || n.ID != oid.Zero {
				t.Errorf("node %q = %+v, want invalid", n.Path, n)
			}
			continue
		}
		want := pathID(t, r, rev+":"+n.Path)
		if n.Path == "" {
			want = pathID(t, r, rev+"^{tree}")
		}
		lo, hi := ix.DirRange(n.Path)
		if !n.Valid() || n.ID != want || n.EntryCount != hi-lo {
			t.Errorf("node %q = %+v, want id %s and %d entries", n.Path, n, want, hi-lo)
		}
		if l, ok := ix.Tree.Lookup(n.Path); !ok || l != n {
			t.Errorf("Lookup(%q) = %+v, %v", n.Path, l, ok)
		}
	}
	for _, n := range ix.Tree.Nodes() {
		if n.Subtrees != children[n.Path] {
			t.Errorf("node %q: Subtrees = %d, %d children recorded", n.Path, n.Subtrees, children[n.Path])
		}
	}
	slices.Sort(got)
	slices.Sort(dirs)
	if !slices.Equal(got, dirs) || ix.Tree.Len() != len(dirs) {
		t.Errorf("cache tree directories %q, want %q", got, dirs)
	}
	if _, ok := ix.Tree.Lookup("no/such/dir"); ok {
		t.Error("Lookup of a missing directory succeeded")
	}
}

func cutLast(p string) (dir, name string, ok bool) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", p, false
	}
	return p[:i], p[i+1:], true
}

func TestCacheTree(t *testing.T) {
	r := basicRepo(t)
	r.Write("src/lib/deep/x.go", "x").Write("docs/a", "a")
	r.Commit("deeper")
	ix := readIndex(t, r)
	checkCacheTree(t, r, ix, "HEAD")

	// Staging a change invalidates the path's ancestors only.
	r.Write("src/lib/a.go", "package lib // changed\n")
	r.Git("add", "src/lib/a.go")
	ix = readIndex(t, r)
	checkCacheTree(t, r, ix, "HEAD", "", "src", "src/lib")

	// write-tree revalidates everything.
	tree := strings.TrimSpace(r.Git("write-tree"))
	ix = readIndex(t, r)
	if root, ok := ix.Tree.Lookup(""); !ok || root.ID != mustID(t, tree) {
		t.Errorf("root after write-tree = %+v, want %s", root, tree)
	}
	r.CommitStaged("changed")
	checkCacheTree(t, r, readIndex(t, r), "HEAD")
}

func TestCacheTreeVersion4(t *testing.T) {
	r := basicRepo(t)
	r.Git("update-index", "--index-version", "4")
	r.Git("write-tree")
	checkCacheTree(t, r, readIndex(t, r), "HEAD")
}

func TestCacheTreeAbsent(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "a")
	r.Git("add", "a") // no tree written yet: git records an invalid root or none
	ix := readIndex(t, r)
	if ix.Tree != nil {
		for _, n := range ix.Tree.Nodes() {
			if n.Valid() {
				t.Errorf("valid node %+v before any tree was written", n)
			}
		}
	}
}
