package gitops

import (
	"context"
	"os"
	"path/filepath"

	"reef/gitops/gitcli"
)

// WriteCommitGraph has git write its commit-graph with changed-path Bloom
// filters, as `git maintenance` would (git commit-graph write --reachable
// --changed-paths: git takes its own lock and renames the file into
// place), and reads the new graph from then on. A repository without
// one walks every commit's trees for a file's history; with one, history
// and blame skip the commits that did not touch the path. Walks already
// under way finish with the graph they started with.
func (r *Repo) WriteCommitGraph(ctx context.Context) error {
	return r.writeGraph(ctx, r.env)
}

// writeGraph runs git commit-graph write with changed-path filters in
// env, whose GIT_OBJECT_DIRECTORY says where the file goes, and reads
// the commit-graph again.
func (r *Repo) writeGraph(ctx context.Context, env []string) error {
	dir := r.workTree
	if dir == "" {
		dir = r.gitDir
	}
	run := gitcli.Runner{Dir: dir, Env: env}
	if _, err := run.Output(ctx, nil, "commit-graph", "write", "--reachable", "--changed-paths"); err != nil {
		return err
	}
	return r.reloadCommitGraph()
}

// CommitGraphUsable reports whether reef (and git) would read a
// commit-graph in this repository: not when core.commitGraph is off, nor
// with replace refs, grafts or a shallow clone.
func (r *Repo) CommitGraphUsable() bool {
	if use, _ := r.cfg.Bool("core.commitgraph", true); !use {
		return false
	}
	if len(r.replace) > 0 || len(r.shallow) > 0 {
		return false
	}
	_, err := os.Stat(filepath.Join(r.commonDir, "info", "grafts"))
	return err != nil
}
