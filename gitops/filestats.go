package gitops

import (
	"context"

	"reef/gitops/object"
	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// FileStat is the size of a history entry's change to its file: what
// `git log --numstat` prints for it.
type FileStat struct {
	Added, Deleted int
	// Binary files have no line counts (git prints "-").
	Binary bool
}

// FileStats counts the lines each entry's commit added to and deleted
// from the entry's file, against the commit's first parent (a root commit
// against nothing), following the rename the entry records: the +/-
// columns of a file's history, computed for the rows on screen. Entries
// whose file is absent on both sides count nothing.
func (r *Repo) FileStats(ctx context.Context, entries []FileLogEntry) ([]FileStat, error) {
	out := make([]FileStat, len(entries))
	trees := &lineTrees{r: r}
	var changes []FileChange
	var at []int
	for i, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fc, ok, err := r.entryChange(trees, e)
		if err != nil {
			return nil, err
		}
		if ok {
			changes = append(changes, fc)
			at = append(at, i)
		}
	}
	diffs, err := r.NewPatcher(DiffOptions{}).FilePatches(ctx, changes)
	if err != nil {
		return nil, err
	}
	for k, d := range diffs {
		out[at[k]] = FileStat{Added: d.Added, Deleted: d.Deleted, Binary: d.Binary}
	}
	return out, nil
}

// entryChange is the change an entry's commit made to its file.
func (r *Repo) entryChange(trees *lineTrees, e FileLogEntry) (FileChange, bool, error) {
	c := e.Commit
	oldPath := e.OldPath
	if oldPath == "" {
		oldPath = e.Path
	}
	var ptree oid.ID
	if len(c.Parents) > 0 {
		pc, err := r.Commit(c.Parents[0])
		if err != nil {
			return FileChange{}, false, err
		}
		ptree = pc.Tree
	}
	newE, err := fileEntry(trees, c.Tree, e.Path)
	if err != nil {
		return FileChange{}, false, err
	}
	oldE, err := fileEntry(trees, ptree, oldPath)
	if err != nil {
		return FileChange{}, false, err
	}
	oldMode, oldID, newMode, newID := oldE.mode, oldE.id, newE.mode, newE.id
	fc := FileChange{
		Status: treediff.Modified, OldPath: oldPath, NewPath: e.Path,
		OldMode: oldMode, NewMode: newMode, OldID: oldID, NewID: newID,
	}
	switch {
	case oldMode == 0 && newMode == 0:
		return fc, false, nil
	case oldMode == 0:
		fc.Status, fc.OldPath = treediff.Added, e.Path
	case newMode == 0:
		fc.Status, fc.NewPath = treediff.Deleted, oldPath
	case oldPath != e.Path:
		fc.Status = treediff.Renamed
	case oldMode&0o170000 != newMode&0o170000:
		fc.Status = treediff.TypeChanged
	}
	return fc, true, nil
}

// fileEntry finds a file: a directory at path counts as absent.
func fileEntry(trees *lineTrees, tree oid.ID, path string) (treeSide, error) {
	e, err := trees.entry(tree, path)
	if err != nil || e.mode == object.ModeTree {
		return treeSide{}, err
	}
	return e, nil
}
