package bitbucket

import (
	"context"
	"fmt"

	"reef/forge"
)

// diffstatPageLen is the largest diffstat page Bitbucket serves.
const diffstatPageLen = 500

// Files lists the changed files from the pull request's diffstat. The
// endpoint redirects to the repository diffstat of the pull request's
// revspec; the redirect is followed like any other.
func (f *Forge) Files(ctx context.Context, number int) ([]forge.ChangedFile, error) {
	op := fmt.Sprintf("list files of pull request #%d", number)
	first := f.prURL(number, "diffstat") + fmt.Sprintf("?pagelen=%d", diffstatPageLen)
	stats, err := paginate[diffstat](ctx, f, op, first, 0)
	if err != nil {
		return nil, err
	}
	out := make([]forge.ChangedFile, len(stats))
	for i := range stats {
		out[i] = stats[i].value()
	}
	return out, nil
}

// Diff is the pull request's unified diff as Bitbucket renders it. The
// endpoint answers 302 to the repository diff of the pull request's
// revspec; the client follows it, and its transport adds credentials
// only when the redirect stays on the API host.
func (f *Forge) Diff(ctx context.Context, number int) (string, error) {
	return f.getText(ctx, fmt.Sprintf("get the diff of pull request #%d", number), f.prURL(number, "diff"))
}
