package statuspane

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// shapes is a work tree with one file of each kind the list groups: a
// file staged and modified again, a staged rename, a staged deletion, an
// unstaged deletion, an intent-to-add file, untracked files and a
// conflict.
func shapes(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("both.tf", "a\nb\n").Write("old.txt", "rename me\nplease\n").Write("gone.txt", "x\n").
		Write("drop.txt", "y\n").Write("conflict.txt", "base\n").Commit("base")
	r.Checkout("other", true)
	r.Write("conflict.txt", "theirs\n").Commit("theirs")
	r.Checkout("main", false)
	r.Write("conflict.txt", "ours\n").Commit("ours")
	r.GitErr("merge", "other") // conflicts, by design
	r.Write("both.tf", "a\nB\n").Git("add", "both.tf")
	r.Write("both.tf", "a\nB\nc\n")
	r.Git("mv", "old.txt", "new.txt")
	r.Git("rm", "-q", "gone.txt")
	r.Remove("drop.txt")
	r.Write("ita.txt", "intent\n").Git("add", "-N", "ita.txt")
	r.Write("dir/untracked.txt", "u\n").Write("zz.txt", "z\n")
	return r
}

func snapshot(t *testing.T, r *gittest.Repo) []Item {
	t.Helper()
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	msg := load(context.Background(), repo, 1, nil)().(LoadedMsg)
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	return msg.items
}

func describe(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		fmt.Fprintf(&b, "%s %s %s", it.Group.Name(), it.Letters, it.Path)
		if it.OrigPath != "" {
			fmt.Fprintf(&b, " <- %s", it.OrigPath)
		}
		fmt.Fprintf(&b, " [%c %s→%s wt=%v]\n", it.Change.Status, it.Change.OldPath, it.Change.NewPath, it.Change.Worktree)
	}
	return b.String()
}

// TestBuildGroups: every shape lands in its group, a file staged and
// modified again in both, each with the change its diff shows; the
// groups hold what git's porcelain says.
func TestBuildGroups(t *testing.T) {
	r := shapes(t)
	got := describe(snapshot(t, r))
	want := `Conflicts UU conflict.txt [M conflict.txt→conflict.txt wt=true]
Staged M both.tf [M both.tf→both.tf wt=false]
Staged D gone.txt [D gone.txt→gone.txt wt=false]
Staged R new.txt <- old.txt [R old.txt→new.txt wt=false]
Unstaged M both.tf [M both.tf→both.tf wt=true]
Unstaged D drop.txt [D drop.txt→drop.txt wt=false]
Unstaged A ita.txt [A ita.txt→ita.txt wt=true]
Untracked ? dir/untracked.txt [A dir/untracked.txt→dir/untracked.txt wt=true]
Untracked ? zz.txt [A zz.txt→zz.txt wt=true]
`
	if got != want {
		t.Errorf("items:\n%s\nwant:\n%s", got, want)
	}
	// The oracle: git's own short status, letter for letter.
	porcelain := r.Git("status", "--porcelain", "--untracked-files=all")
	for _, l := range []string{"UU conflict.txt", "MM both.tf", "D  gone.txt", "R  old.txt -> new.txt", " D drop.txt", " A ita.txt", "?? dir/untracked.txt", "?? zz.txt"} {
		if !strings.Contains(porcelain, l) {
			t.Errorf("git status lacks %q: the fixture is not what the test thinks:\n%s", l, porcelain)
		}
	}
}

// TestAllStaged decides between stage all and unstage all.
func TestAllStaged(t *testing.T) {
	for _, c := range []struct {
		groups []Group
		want   bool
	}{
		{nil, false},
		{[]Group{Staged}, true},
		{[]Group{Staged, Staged}, true},
		{[]Group{Staged, Unstaged}, false},
		{[]Group{Staged, Untracked}, false},
		{[]Group{Conflicted, Staged}, false},
		{[]Group{Unstaged}, false},
	} {
		var items []Item
		for _, g := range c.groups {
			items = append(items, Item{Group: g})
		}
		if got := AllStaged(items); got != c.want {
			t.Errorf("%v: AllStaged %v, want %v", c.groups, got, c.want)
		}
	}
}

// TestConflictChange compares a conflict's ours, else theirs, with the
// work-tree file.
func TestConflictChange(t *testing.T) {
	var e gitops.StatusEntry
	e.Path, e.WorktreeMode = "f", 0o100644
	e.Stages[2] = gitops.StatusStage{Mode: 0o100644, ID: gitops.Hash{1}}
	if fc := conflictChange(e); fc.Status != 'M' || fc.OldID != (gitops.Hash{1}) || !fc.Worktree {
		t.Errorf("theirs only: %+v", fc)
	}
	e.Stages[1] = gitops.StatusStage{Mode: 0o100644, ID: gitops.Hash{2}}
	if fc := conflictChange(e); fc.OldID != (gitops.Hash{2}) {
		t.Errorf("ours first: %+v", fc)
	}
	e.WorktreeMode = 0
	if fc := conflictChange(e); fc.Status != 'D' || fc.Worktree {
		t.Errorf("deleted in the work tree: %+v", fc)
	}
}

// TestPartialReload: after a write to one file, reloading that file alone
// gives the list a whole reload would.
func TestPartialReload(t *testing.T) {
	r := shapes(t)
	before := snapshot(t, r)
	r.Git("add", "both.tf")         // both.tf leaves Unstaged
	r.Git("reset", "-q", "new.txt") // the rename splits: old.txt deleted, new.txt untracked
	r.Write("zz.txt", "z\nmore\n")  // an untracked file changes, still untracked
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"both.tf", "new.txt", "old.txt", "zz.txt"}
	msg := load(context.Background(), repo, 1, paths)().(LoadedMsg)
	if msg.err != nil {
		t.Fatal(msg.err)
	}
	got, want := describe(mergeItems(before, msg.items, paths)), describe(snapshot(t, r))
	if got != want {
		t.Errorf("partial reload:\n%s\nwhole reload:\n%s", got, want)
	}
}
