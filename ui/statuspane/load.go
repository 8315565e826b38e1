package statuspane

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// LoadedMsg carries a fresh status to the list that asked for it.
type LoadedMsg struct {
	id     uint64
	paths  []string // a partial reload: items for these paths only
	status *gitops.Status
	items  []Item
	err    error
}

// load reads the status and the staged and unstaged listings at once, so
// each item carries the change the stage functions compare with.
func load(ctx context.Context, repo *gitops.Repo, id uint64, paths []string) tea.Cmd {
	return func() tea.Msg {
		var (
			wg                sync.WaitGroup
			st                *gitops.Status
			staged, unstaged  []gitops.FileChange
			stErr, sErr, uErr error
		)
		wg.Add(2)
		go func() {
			defer wg.Done()
			staged, sErr = repo.DiffStaged(ctx, gitops.DiffOptions{Paths: paths})
		}()
		go func() {
			defer wg.Done()
			unstaged, uErr = repo.DiffUnstaged(ctx, gitops.DiffOptions{Paths: paths})
		}()
		// Every untracked file, not "dir/": each gets its own diff and can
		// be staged on its own, as in lazygit.
		st, stErr = repo.Status(ctx, gitops.StatusOptions{Untracked: gitops.UntrackedAll, Paths: paths})
		wg.Wait()
		for _, err := range []error{stErr, sErr, uErr} {
			if err != nil {
				return LoadedMsg{id: id, paths: paths, err: err}
			}
		}
		modes := map[string]uint32{}
		top := repo.WorkTree()
		for _, e := range st.Entries {
			if e.Kind == gitops.StatusUntracked {
				modes[e.Path] = worktreeMode(filepath.Join(top, filepath.FromSlash(e.Path)))
			}
		}
		return LoadedMsg{id: id, paths: paths, status: st, items: Build(st, staged, unstaged, modes)}
	}
}

// worktreeMode is the git mode of a work-tree file (0 when it is gone).
func worktreeMode(path string) uint32 {
	fi, err := os.Lstat(path)
	switch {
	case err != nil:
		return 0
	case fi.Mode()&os.ModeSymlink != 0:
		return 0o120000
	case fi.IsDir():
		return 0
	case fi.Mode()&0o111 != 0:
		return 0o100755
	}
	return 0o100644
}

// mergeItems replaces the items of paths in old by fresh, keeping Build's
// order (by group, then path).
func mergeItems(old, fresh []Item, paths []string) []Item {
	out := make([]Item, 0, len(old)+len(fresh))
	for _, it := range old {
		if !slices.Contains(paths, it.Path) && (it.OrigPath == "" || !slices.Contains(paths, it.OrigPath)) {
			out = append(out, it)
		}
	}
	out = append(out, fresh...)
	sortItems(out)
	return out
}
