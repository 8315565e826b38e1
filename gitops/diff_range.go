package gitops

import (
	"context"
	"errors"
	"fmt"

	"reef/gitops/revwalk"
)

// ErrNoMergeBase is returned by MergeBase for unrelated histories.
var ErrNoMergeBase = errors.New("no merge base")

// MergeBase returns a best common ancestor of two commits (the first, when
// criss-cross merges leave several), for `diff A...B`.
func (r *Repo) MergeBase(ctx context.Context, a, b Hash) (Hash, error) {
	src, err := r.source()
	if err != nil {
		return Hash{}, err
	}
	bases, err := revwalk.MergeBases(ctx, src, a, b)
	if err != nil {
		return Hash{}, err
	}
	if len(bases) == 0 {
		return Hash{}, fmt.Errorf("%w between %s and %s", ErrNoMergeBase, r.ShortHash(a), r.ShortHash(b))
	}
	return bases[0], nil
}
