package gitops

import (
	"context"
	"sort"

	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// findRenameSource finds the file path came from between two trees: git
// log --follow's rename step. git runs it with --find-copies-harder, so
// every file of the parent is a candidate source, unchanged ones included
// (as copy sources), and only path is a destination; whichever source
// scores best, rename or copy, becomes the followed name.
func (r *Repo) findRenameSource(ctx context.Context, parentTree, tree oid.ID, path string) (string, bool, error) {
	changes, err := treediff.Trees(ctx, r.db, parentTree, tree, nil)
	if err != nil {
		return "", false, err
	}
	before, err := treediff.Trees(ctx, r.db, oid.Zero, parentTree, nil)
	if err != nil {
		return "", false, err
	}
	changed := make(map[string]treediff.Change, len(changes))
	for _, c := range changes {
		changed[c.Path()] = c
	}
	var cands []treediff.Change
	for _, b := range before {
		src := b.New
		switch c, ok := changed[src.Path]; {
		case ok && c.Status == treediff.Deleted:
			cands = append(cands, c)
		case ok:
			cands = append(cands, treediff.Change{Status: treediff.Modified, Old: src, New: c.New})
		default:
			// Unchanged: a copy source only. Listed as a modification to
			// itself, which is how the detector takes copy sources.
			cands = append(cands, treediff.Change{Status: treediff.Modified, Old: src, New: src})
		}
	}
	if c, ok := changed[path]; ok && c.Status == treediff.Added {
		cands = append(cands, c)
	} else {
		return "", false, nil
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Path() < cands[j].Path() })
	load := func(s treediff.Side) ([]byte, error) { return r.Blob(s.ID) }
	size := func(s treediff.Side) (int64, error) {
		_, n, err := r.db.Header(s.ID)
		return n, err
	}
	found, err := treediff.DetectRenamesContext(ctx, cands, load, treediff.RenameOptions{Copies: true, Size: size})
	if err != nil {
		return "", false, err
	}
	for _, c := range found {
		if (c.Status == treediff.Renamed || c.Status == treediff.Copied) && c.New.Path == path {
			return c.Old.Path, true, nil
		}
	}
	return "", false, nil
}
