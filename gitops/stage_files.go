package gitops

import (
	"context"
	"errors"

	"reef/gitops/index"
)

// StagePaths stages the work-tree state of paths as `git add -A -- paths`
// does: modified and untracked files are added, deleted files removed, a
// conflicted path resolved with the work-tree file. A path may be an
// untracked directory ("dir/"): every file under it not ignored is added.
func (r *Repo) StagePaths(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	st, err := r.Status(ctx, StatusOptions{Untracked: UntrackedAll, Paths: paths, Renames: -1})
	if err != nil {
		return err
	}
	var todo []string
	for _, e := range st.Entries {
		if e.Kind == StatusIgnored || e.Kind != StatusUntracked && e.Kind != StatusUnmerged && e.Unstaged == '.' {
			continue
		}
		todo = append(todo, e.Path)
	}
	return r.stageFiles(ctx, todo)
}

// stageFiles adds or removes each path as its work-tree file is now.
func (r *Repo) stageFiles(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	src := r.sources(ctx, nil, nil)
	for _, p := range paths {
		c, err := src.common(p, true)
		if err != nil {
			return err
		}
		if convertedByGit(c) {
			return r.gitWrite(ctx, nil, append([]string{"add", "-A", "--"}, paths...)...)
		}
	}
	err := r.updateIndex(func(ix *index.Index) error {
		for _, p := range paths {
			if err := ctx.Err(); err != nil {
				return err
			}
			var old *index.Entry
			if e, ok := ix.Get(p); ok {
				old = &e
			}
			e, exists, err := r.worktreeEntry(src, p, old)
			if err != nil {
				return err
			}
			if exists {
				ix.Add(e)
			} else {
				ix.Remove(p)
			}
		}
		return nil
	})
	if errors.Is(err, index.ErrNeedsGit) {
		return r.gitWrite(ctx, nil, append([]string{"add", "-A", "--"}, paths...)...)
	}
	return err
}

// UnstagePaths makes the index entries of paths equal HEAD's again, like
// `git restore --staged -- paths` (a path HEAD lacks leaves the index and
// becomes untracked again; intent-to-add entries, which stage nothing,
// are left alone).
func (r *Repo) UnstagePaths(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	type head struct {
		mode uint32
		id   Hash
		ok   bool
	}
	heads := make([]head, len(paths))
	for i, p := range paths {
		mode, id, ok, err := r.headEntry(p)
		if err != nil {
			return err
		}
		heads[i] = head{mode, id, ok}
	}
	err := r.updateIndex(func(ix *index.Index) error {
		for i, p := range paths {
			cur, staged := ix.Get(p)
			h := heads[i]
			switch {
			case staged && cur.IntentToAdd:
			case !h.ok:
				ix.Remove(p)
			case staged && cur.ID == h.id && cur.Mode == h.mode:
				// Already HEAD's: keep the entry and its stat data.
			default:
				size, err := r.blobSize(h.id, h.mode)
				if err != nil {
					return err
				}
				ix.Add(blobEntry(p, h.mode, h.id, size))
			}
		}
		return nil
	})
	if errors.Is(err, index.ErrNeedsGit) {
		if _, unborn := r.unborn(); unborn {
			return r.gitWrite(ctx, nil, append([]string{"rm", "-q", "--cached", "--ignore-unmatch", "--"}, paths...)...)
		}
		return r.gitWrite(ctx, nil, append([]string{"reset", "-q", "--"}, paths...)...)
	}
	return err
}

// blobSize is the size of a blob (0 for gitlinks, which have none).
func (r *Repo) blobSize(id Hash, mode uint32) (int, error) {
	if mode == index.ModeGitlink {
		return 0, nil
	}
	_, n, err := r.db.Header(id)
	return int(n), err
}

// unborn reports whether HEAD's branch has no commit yet.
func (r *Repo) unborn() (HeadState, bool) {
	h, err := r.Head()
	return h, err == nil && h.Unborn
}

// StageAll stages every change of the work tree (`git add -A`).
func (r *Repo) StageAll(ctx context.Context) error {
	st, err := r.Status(ctx, StatusOptions{Untracked: UntrackedAll, Renames: -1})
	if err != nil {
		return err
	}
	var todo []string
	for _, e := range st.Entries {
		if e.Kind == StatusUntracked || e.Kind == StatusUnmerged || e.Kind == StatusOrdinary && e.Unstaged != '.' {
			todo = append(todo, e.Path)
		}
	}
	return r.stageFiles(ctx, todo)
}

// UnstageAll unstages every staged change (`git reset -q`, index only).
func (r *Repo) UnstageAll(ctx context.Context) error {
	st, err := r.Status(ctx, StatusOptions{Untracked: UntrackedNo, Renames: -1})
	if err != nil {
		return err
	}
	var todo []string
	for _, e := range st.Entries {
		if e.Kind == StatusUnmerged || e.Staged != '.' {
			todo = append(todo, e.Path)
		}
	}
	return r.UnstagePaths(ctx, todo)
}
