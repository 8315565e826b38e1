package cli

import (
	"context"
	"errors"
	"io"

	"reef/gitops"
	"reef/gitops/graph"
)

// runFileLog prints git log [--follow] -- PATH...: paths are relative to
// the directory reef runs in, as git's pathspecs are.
func runFileLog(ctx context.Context, env Env, repo *gitops.Repo, a args, f logFlags, p *printer) error {
	paths, err := repoPaths(env, repo, a.paths)
	if err != nil {
		return err
	}
	if f.follow && len(paths) != 1 {
		return usagef("--follow requires exactly one pathspec")
	}
	max := f.max
	if max < 0 {
		max = 0
	}
	h, err := repo.FileHistory(ctx, gitops.FileHistoryOptions{Revs: a.revs, All: f.all, Paths: paths, Follow: f.follow, Max: max, Graph: f.graph})
	if err != nil {
		return err
	}
	for {
		entries, err := h.Next(ctx, 256)
		for i := range entries {
			var row *graph.Row
			if f.graph {
				row = &entries[i].Row
			}
			p.commit(entries[i].Commit, row, h.Pending)
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
