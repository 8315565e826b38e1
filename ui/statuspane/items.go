// Package statuspane is the Status screen's file list: the work tree's
// changes grouped as conflicted, staged, unstaged and untracked, in a
// flat list or a directory tree. Moving the cursor asks the root to show
// the file's diff (staged or unstaged, whichever group it is in) in the
// diff pane beside; the root runs the staging operations.
package statuspane

import (
	"cmp"
	"slices"

	"reef/gitops"
)

// Group is one of the list's sections.
type Group int

// Groups, in the order the list shows them: conflicts first, as they
// block a commit.
const (
	Conflicted Group = iota
	Staged
	Unstaged
	Untracked
)

// Name is the group's heading.
func (g Group) Name() string {
	switch g {
	case Conflicted:
		return "Conflicts"
	case Staged:
		return "Staged"
	case Unstaged:
		return "Unstaged"
	}
	return "Untracked"
}

// Item is one row of a group: a path with its status letters and the
// change its diff shows.
type Item struct {
	Group    Group
	Path     string // slash-separated, from the top of the work tree; an untracked directory ends in "/"
	OrigPath string // a staged rename's or copy's source
	Letters  string // "M", "A", "D", "R", "T", "?" or a conflict's two letters ("UU")
	// Change is the comparison the diff pane shows for the item: HEAD
	// against the index in Staged, the index against the work tree in
	// Unstaged, nothing against the work-tree file in Untracked, and the
	// conflict's "ours" against the work-tree file (with its markers) in
	// Conflicted.
	Change gitops.FileChange
	Entry  gitops.StatusEntry
}

// Key names the item across refreshes.
func (it Item) Key() Key { return Key{Group: it.Group, Path: it.Path} }

// Key is a row's identity: its group and path (a directory's ends in "/").
type Key struct {
	Group Group
	Path  string
}

// Build groups a status into items. staged and unstaged are the changes
// DiffStaged and DiffUnstaged list (so a diff opened on an item is the
// very change the stage functions check against); modes are the work-tree
// modes of untracked files. A file staged and modified again is in both
// Staged and Unstaged.
func Build(st *gitops.Status, staged, unstaged []gitops.FileChange, modes map[string]uint32) []Item {
	if st == nil {
		return nil
	}
	byPath := func(fcs []gitops.FileChange) map[string]gitops.FileChange {
		out := make(map[string]gitops.FileChange, len(fcs))
		for _, fc := range fcs {
			out[fc.NewPath] = fc
		}
		return out
	}
	sm, um := byPath(staged), byPath(unstaged)
	var out []Item
	for _, e := range st.Entries {
		switch e.Kind {
		case gitops.StatusIgnored:
			continue
		case gitops.StatusUnmerged:
			out = append(out, Item{Group: Conflicted, Path: e.Path, Letters: string([]byte{e.Staged, e.Unstaged}), Change: conflictChange(e), Entry: e})
		case gitops.StatusUntracked:
			out = append(out, Item{Group: Untracked, Path: e.Path, Letters: "?", Change: untrackedChange(e.Path, modes[e.Path]), Entry: e})
		default:
			if e.Staged != '.' && !e.IntentToAdd {
				fc, ok := sm[e.Path]
				if !ok {
					fc = stagedChange(e)
				}
				out = append(out, Item{Group: Staged, Path: e.Path, OrigPath: e.OrigPath, Letters: string(e.Staged), Change: fc, Entry: e})
			}
			if e.Unstaged != '.' {
				fc, ok := um[e.Path]
				if !ok {
					fc = unstagedChange(e)
				}
				out = append(out, Item{Group: Unstaged, Path: e.Path, Letters: string(e.Unstaged), Change: fc, Entry: e})
			}
		}
	}
	sortItems(out)
	return out
}

// sortItems orders items by group, then path.
func sortItems(items []Item) {
	slices.SortStableFunc(items, func(a, b Item) int {
		if c := cmp.Compare(a.Group, b.Group); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
}

// stagedChange is HEAD against the index as the status entry tells it,
// for a path DiffStaged did not list the same way (rename detection can
// pair files differently).
func stagedChange(e gitops.StatusEntry) gitops.FileChange {
	old := e.Path
	if e.OrigPath != "" {
		old = e.OrigPath
	}
	return gitops.FileChange{Status: e.Staged, OldPath: old, NewPath: e.Path,
		OldMode: e.HeadMode, OldID: e.HeadID, NewMode: e.IndexMode, NewID: e.IndexID}
}

// unstagedChange is the index against the work tree as the status entry
// tells it.
func unstagedChange(e gitops.StatusEntry) gitops.FileChange {
	fc := gitops.FileChange{Status: e.Unstaged, OldPath: e.Path, NewPath: e.Path,
		OldMode: e.IndexMode, OldID: e.IndexID, NewMode: e.WorktreeMode, Worktree: e.WorktreeMode != 0}
	if e.IntentToAdd {
		fc.Status, fc.OldMode, fc.OldID = 'A', 0, gitops.Hash{}
	}
	return fc
}

// untrackedChange shows an untracked file as wholly added: nothing
// against the work-tree file. A directory (a nested repository) has no
// lines to show.
func untrackedChange(path string, mode uint32) gitops.FileChange {
	if mode == 0 {
		mode = 0o100644
	}
	if path != "" && path[len(path)-1] == '/' {
		mode = 0
	}
	return gitops.FileChange{Status: 'A', OldPath: path, NewPath: path, NewMode: mode, Worktree: mode != 0}
}

// conflictChange compares a conflict's "ours" (else "theirs", else the
// base) with the work-tree file, so the diff shows the conflict markers
// still in it.
func conflictChange(e gitops.StatusEntry) gitops.FileChange {
	side := e.Stages[1]
	if side.Mode == 0 {
		side = e.Stages[2]
	}
	if side.Mode == 0 {
		side = e.Stages[0]
	}
	fc := gitops.FileChange{Status: 'M', OldPath: e.Path, NewPath: e.Path, OldMode: side.Mode, OldID: side.ID,
		NewMode: e.WorktreeMode, Worktree: e.WorktreeMode != 0}
	switch {
	case fc.OldMode == 0 && fc.NewMode == 0:
		fc.Status = 'U'
	case fc.OldMode == 0:
		fc.Status = 'A'
	case fc.NewMode == 0:
		fc.Status = 'D'
	}
	return fc
}

// Counts is how many items each group has.
func Counts(items []Item) [Untracked + 1]int {
	var n [Untracked + 1]int
	for _, it := range items {
		n[it.Group]++
	}
	return n
}

// AllStaged reports whether everything is staged (at least one item, all
// of them in Staged): `a` then unstages all.
func AllStaged(items []Item) bool {
	n := Counts(items)
	return n[Staged] > 0 && n[Conflicted]+n[Unstaged]+n[Untracked] == 0
}
