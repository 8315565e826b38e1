package historypane

import (
	"context"

	"reef/gitops"
)

// linePager reads a line range's history (git log -L).
type linePager struct{ h *gitops.LineHistory }

func openLinePager(ctx context.Context, repo *gitops.Repo, spec walkSpec) (pager, error) {
	h, err := repo.LineHistory(ctx, gitops.LineHistoryOptions{Rev: spec.rev.String(), Path: spec.path, From: spec.from, To: spec.to})
	if err != nil {
		return nil, err
	}
	return linePager{h}, nil
}

// searched is not reported for a line range's history: its pages are
// not cut short (no Soon), so none comes empty.
func (linePager) searched() searched { return searched{} }

func (p linePager) next(ctx context.Context, n int) ([]entry, error) {
	page, err := p.h.Next(ctx, n)
	out := make([]entry, len(page))
	for i, e := range page {
		out[i] = entry{commit: e.Commit, path: e.Path, from: e.From, to: e.To, added: e.Diff.Added, deleted: e.Diff.Deleted, lineRow: true}
		if fc := e.Diff.FileChange; fc.OldMode != 0 || fc.NewMode != 0 {
			// The commit's change to the file: the diff pane shows it
			// whole, at the range. A merge shown because every parent
			// differs has none: its diff against the first parent shows.
			out[i].change = &fc
			if fc.OldPath != fc.NewPath {
				out[i].oldPath = fc.OldPath
			}
		}
	}
	return out, err
}
