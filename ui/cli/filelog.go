package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

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

// repoPaths turns command-line paths (relative to env.Dir) into paths
// relative to the top of the work tree.
func repoPaths(env Env, repo *gitops.Repo, paths []string) ([]string, error) {
	top := repo.WorkTree()
	if top == "" {
		return append([]string(nil), paths...), nil
	}
	cwd, err := filepath.Abs(env.Dir)
	if err != nil {
		return nil, err
	}
	if resolved, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = resolved
	}
	if resolved, err := filepath.EvalSymlinks(top); err == nil {
		top = resolved
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(p) {
			abs = filepath.Join(cwd, p)
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
			return nil, fmt.Errorf("%s: '%s' is outside repository at '%s'", p, abs, top)
		}
		if rel == "." {
			rel = ""
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}
