package index

import (
	"fmt"
	"slices"
	"strings"

	"reef/gitops/oid"
)

// Get returns the stage-0 (merged) entry for path, if any.
func (ix *Index) Get(path string) (Entry, bool) {
	if i, ok := ix.Find(path); ok && ix.Entries[i].Stage == 0 {
		return ix.Entries[i], true
	}
	return Entry{}, false
}

// Add sets the merged (stage-0) entry of e.Path, as `git add` and
// `git update-index --add --replace` do: an existing stage-0 entry is
// replaced; conflict stages of the path are removed and remembered in
// ResolveUndo; merged entries under e.Path/ (a directory the file replaces)
// and merged entries named like one of its parent directories (a file the
// directory replaces) are removed. The cache tree is invalidated along
// e.Path. Add edits ix in place: never call it on an Index other goroutines
// read.
//
// Encode trusts e's stat data (it is never smudged as racily clean), so
// take it with lstat before reading the content that e.ID hashes: a change
// after the lstat then shows as a stat change. For content that is not the
// work-tree file's, leave the time fields zero (see `git apply --cached`).
//
// An entry git would refuse (stage not 0, unknown mode, zero ID, a path
// with empty, "." or ".." components or naming .git) is not added; Err,
// Encode and Update then report why.
func (ix *Index) Add(e Entry) {
	if err := checkEntry(e); err != nil {
		if ix.editErr == nil {
			ix.editErr = fmt.Errorf("cannot stage %q: %w", e.Path, err)
		}
		return
	}
	ix.Tree.invalidate(e.Path)
	if ix.fresh == nil {
		ix.fresh = make(map[string]struct{})
	}
	ix.fresh[e.Path] = struct{}{}
	i, found := ix.Find(e.Path)
	if found && ix.Entries[i].Stage == 0 {
		ix.Entries[i] = e
		return
	}
	// A merged entry replaces the conflict: remember its sides, as git's
	// remove_index_entry_at does, so the conflict can be recreated.
	j := i
	for ; j < len(ix.Entries) && ix.Entries[j].Path == e.Path; j++ {
		ix.recordResolveUndo(ix.Entries[j])
	}
	ix.Entries = slices.Delete(ix.Entries, i, j)
	ix.removeFileDirConflicts(e.Path)
	i = ix.search(e.Path)
	ix.Entries = slices.Insert(ix.Entries, i, e)
}

// Remove removes every stage of path, as `git update-index --force-remove`
// and `git rm --cached` do, remembering conflict stages in ResolveUndo, and
// reports whether there was anything to remove. Like git's
// remove_file_from_index it invalidates the cache tree along path either
// way (only a shortcut is lost), so the result is byte for byte git's.
func (ix *Index) Remove(path string) bool {
	ix.Tree.invalidate(path)
	i, found := ix.Find(path)
	if !found {
		return false
	}
	j := i
	for ; j < len(ix.Entries) && ix.Entries[j].Path == path; j++ {
		ix.recordResolveUndo(ix.Entries[j])
	}
	ix.Entries = slices.Delete(ix.Entries, i, j)
	delete(ix.fresh, path)
	return true
}

// Err returns why an Add was refused, or nil. Encode and Update fail with
// it too, so a refused entry is never silently missing from a written index.
func (ix *Index) Err() error { return ix.editErr }

// removeFileDirConflicts removes the merged entries that cannot coexist
// with a merged file at path: those under path/ and those named like one of
// path's parent directories (git's has_file_name and has_dir_name; conflict
// stages are kept, as git keeps them).
func (ix *Index) removeFileDirConflicts(path string) {
	lo, hi := ix.DirRange(path)
	if lo < hi {
		kept := slices.DeleteFunc(ix.Entries[lo:hi], func(e Entry) bool { return e.Stage == 0 })
		ix.Entries = slices.Delete(ix.Entries, lo+len(kept), hi)
	}
	for dir := path; ; {
		slash := strings.LastIndexByte(dir, '/')
		if slash < 0 {
			return
		}
		dir = dir[:slash]
		if i, ok := ix.Find(dir); ok && ix.Entries[i].Stage == 0 {
			ix.Entries = slices.Delete(ix.Entries, i, i+1)
			delete(ix.fresh, dir)
		}
	}
}

// recordResolveUndo remembers a conflict stage being removed (git's
// record_resolve_undo): it fills that stage of the path's record, creating
// the record in path order when there is none. Stage-0 entries have nothing
// to remember.
func (ix *Index) recordResolveUndo(e Entry) {
	if e.Stage < 1 || e.Stage > 3 {
		return
	}
	k := slices.IndexFunc(ix.ResolveUndo, func(ru ResolveUndo) bool { return ru.Path == e.Path })
	if k < 0 {
		k, _ = slices.BinarySearchFunc(ix.ResolveUndo, e.Path, func(ru ResolveUndo, p string) int {
			return strings.Compare(ru.Path, p)
		})
		ix.ResolveUndo = slices.Insert(ix.ResolveUndo, k, ResolveUndo{Path: e.Path})
	}
	ix.ResolveUndo[k].Mode[e.Stage-1] = e.Mode
	ix.ResolveUndo[k].ID[e.Stage-1] = e.ID
}

// invalidate is git's cache_tree_invalidate_path: every node from the root
// down to path's directory is marked invalid (their layout kept), and a
// node named path itself (a directory replaced by a file, or removed) is
// dropped with its subtrees.
func (t *CacheTree) invalidate(path string) {
	if t == nil || len(t.nodes) == 0 {
		return
	}
	i, dir := 0, "" // the root is always the first node
	for {
		t.nodes[i].EntryCount, t.nodes[i].ID = -1, oid.Zero
		name, rest, more := strings.Cut(path, "/")
		child := name
		if dir != "" {
			child = dir + "/" + name
		}
		j, ok := t.byPath[child]
		if !ok {
			return
		}
		if !more {
			t.removeSubtree(i, j)
			return
		}
		i, dir, path = j, child, rest
	}
}

// invalidateDir marks dir and all its ancestors invalid.
func (t *CacheTree) invalidateDir(dir string) {
	for {
		if i, ok := t.byPath[dir]; ok {
			t.nodes[i].EntryCount, t.nodes[i].ID = -1, oid.Zero
		}
		if dir == "" {
			return
		}
		dir = dir[:max(strings.LastIndexByte(dir, '/'), 0)]
	}
}

// removeSubtree drops node j, a child of node i, with everything below it.
func (t *CacheTree) removeSubtree(i, j int) {
	t.nodes = slices.Delete(t.nodes, j, t.subtreeEnd(j))
	t.nodes[i].Subtrees--
	clear(t.byPath)
	for k, n := range t.nodes {
		t.byPath[n.Path] = k
	}
}

// subtreeEnd is the position just after node i's last descendant (nodes
// are stored depth first).
func (t *CacheTree) subtreeEnd(i int) int {
	need := 1
	for ; need > 0; i++ {
		need += t.nodes[i].Subtrees - 1
	}
	return i
}

// clone copies the tree so it can be changed without touching t.
func (t *CacheTree) clone() *CacheTree {
	c := &CacheTree{nodes: slices.Clone(t.nodes), byPath: make(map[string]int, len(t.byPath))}
	for k, v := range t.byPath {
		c.byPath[k] = v
	}
	return c
}

// checkEntry refuses what git's add_index_entry would refuse, so reef never
// stages an entry git could not have.
func checkEntry(e Entry) error {
	if e.Stage != 0 {
		return fmt.Errorf("Add takes a merged entry, not conflict stage %d", e.Stage)
	}
	switch e.Mode {
	case ModeRegular, ModeExecutable, ModeSymlink, ModeGitlink:
	default:
		return fmt.Errorf("mode %o is not a file, symlink or submodule mode", e.Mode)
	}
	if e.ID == oid.Zero {
		return fmt.Errorf("the object id is all zeros")
	}
	return verifyPath(e.Path, e.Mode)
}

// verifyPath is git's verify_path on Linux with core.protectNTFS (on by
// default): no empty, "." or ".." component, no component git or Windows
// would take for .git (".GIT", ".git ", "git~1"), and no symlink named like
// .gitmodules. core.protectHFS is off by default outside macOS and is not
// checked.
func verifyPath(path string, mode uint32) error {
	if strings.IndexByte(path, 0) >= 0 {
		return fmt.Errorf("the path contains a NUL byte")
	}
	for comp := range strings.SplitSeq(path, "/") {
		switch {
		case comp == "":
			return fmt.Errorf("the path is empty or has an empty component")
		case comp == "." || comp == "..":
			return fmt.Errorf("the path has a %q component", comp)
		}
		// Windows also splits at backslashes: check each part there too.
		for part := range strings.SplitSeq(comp, `\`) {
			if isDotGit(part) || isNTFSDotGit(part) {
				return fmt.Errorf("the path names a .git directory")
			}
			if mode == ModeSymlink && (strings.EqualFold(part, ".gitmodules") ||
				isNTFSDotGeneric(part, "gitmodules", "gi7eba")) {
				return fmt.Errorf("a symbolic link cannot be named .gitmodules")
			}
		}
	}
	return nil
}

// isDotGit is ".git" in any case (git's verify_dotfile).
func isDotGit(name string) bool { return strings.EqualFold(name, ".git") }

// isNTFSDotGit is git's is_ntfs_dotgit: ".git" or the short name "git~1",
// in any case, followed only by spaces and dots (which Windows drops), or
// by an alternate data stream (":").
func isNTFSDotGit(name string) bool {
	var rest string
	switch {
	case len(name) >= 4 && strings.EqualFold(name[:4], ".git"):
		rest = name[4:]
	case len(name) >= 5 && strings.EqualFold(name[:3], "git") && name[3:5] == "~1":
		rest = name[5:]
	default:
		return false
	}
	return onlySpacesAndDots(rest)
}

// isNTFSDotGeneric is git's is_ntfs_dot_generic: "."+dotName, its short
// name (first six characters, "~1" to "~4"), or the fall-back short name
// (shortPrefix, "~", digits), each followed only by spaces and dots.
func isNTFSDotGeneric(name, dotName, shortPrefix string) bool {
	if len(name) > len(dotName) && name[0] == '.' && strings.EqualFold(name[1:len(dotName)+1], dotName) {
		return onlySpacesAndDots(name[len(dotName)+1:])
	}
	if len(name) >= 8 && strings.EqualFold(name[:6], dotName[:6]) && name[6] == '~' &&
		'1' <= name[7] && name[7] <= '4' {
		return onlySpacesAndDots(name[8:])
	}
	// The fall-back short name: up to six characters of shortPrefix, "~"
	// and a digit 1-9, then digits, eight characters in all.
	sawTilde := false
	i := 0
	for ; i < 8; i++ {
		if i >= len(name) {
			return false
		}
		c := name[i]
		switch {
		case sawTilde:
			if c < '0' || c > '9' {
				return false
			}
		case c == '~':
			i++
			if i >= len(name) || name[i] < '1' || name[i] > '9' {
				return false
			}
			sawTilde = true
		case i >= 6 || c >= 0x80 || lower(c) != shortPrefix[i]:
			return false
		}
	}
	return onlySpacesAndDots(name[i:])
}

// onlySpacesAndDots reports whether s is spaces and dots up to its end or
// a ':'.
func onlySpacesAndDots(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			return true
		case ' ', '.':
		default:
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
