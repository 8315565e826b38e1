package statuspane

import (
	"context"
	"os"
	"path/filepath"
	"sync"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// LoadedMsg carries a fresh status to the list that asked for it.
type LoadedMsg struct {
	id     uint64
	status *gitops.Status
	items  []Item
	err    error
}

// load reads the status and the staged and unstaged listings at once, so
// each item carries the change the stage functions compare with.
func load(ctx context.Context, repo *gitops.Repo, id uint64) tea.Cmd {
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
			staged, sErr = repo.DiffStaged(ctx, gitops.DiffOptions{})
		}()
		go func() {
			defer wg.Done()
			unstaged, uErr = repo.DiffUnstaged(ctx, gitops.DiffOptions{})
		}()
		// Every untracked file, not "dir/": each gets its own diff and can
		// be staged on its own, as in lazygit.
		st, stErr = repo.Status(ctx, gitops.StatusOptions{Untracked: gitops.UntrackedAll})
		wg.Wait()
		for _, err := range []error{stErr, sErr, uErr} {
			if err != nil {
				return LoadedMsg{id: id, err: err}
			}
		}
		modes := map[string]uint32{}
		top := repo.WorkTree()
		for _, e := range st.Entries {
			if e.Kind == gitops.StatusUntracked {
				modes[e.Path] = worktreeMode(filepath.Join(top, filepath.FromSlash(e.Path)))
			}
		}
		return LoadedMsg{id: id, status: st, items: Build(st, staged, unstaged, modes)}
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
