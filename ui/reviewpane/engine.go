package reviewpane

import (
	"context"
	"errors"

	"reef/gitops"
	"reef/gitops/iac"
)

// errNoEngine is what the pane says when it was made without a
// repository or a reviewer.
var errNoEngine = errors.New("nothing can review here: no repository is open")

// cacheSize is how many analyzer runs the program's review cache keeps
// (one run reads one directory's changed files).
const cacheSize = 2048

// GitopsEngine is gitops' review (gitops.Repo.Review), with a cache of
// analyzer results shared by every review it runs: going back to a
// commit shown before is instant, and files unchanged between two
// targets are read once.
func GitopsEngine(cache *iac.Cache) Engine {
	return func(ctx context.Context, repo *gitops.Repo, c Comparison) (*iac.Result, error) {
		var t gitops.ReviewTarget
		switch c.Kind {
		case KindCommit:
			var err error
			if t, err = repo.ReviewCommit(c.To); err != nil {
				return nil, err
			}
		case KindRange:
			t = gitops.ReviewTarget{Kind: gitops.ReviewRevs, From: c.From, To: c.To}
		case KindStaged:
			t = gitops.ReviewTarget{Kind: gitops.ReviewStaged}
		case KindWorktree:
			t = gitops.ReviewTarget{Kind: gitops.ReviewWorktree}
		default:
			return nil, errors.New("nothing to review")
		}
		return repo.Review(ctx, t, gitops.ReviewOptions{Cache: cache})
	}
}
