package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"reef/gitops"
)

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
