package gitops

import (
	"context"

	"reef/gitops/oid"
)

// findRenameSource finds the file path was renamed from between two trees
// (git log --follow's rename step).
func (r *Repo) findRenameSource(ctx context.Context, parentTree, tree oid.ID, path string) (string, bool, error) {
	return "", false, nil
}
