package logpane

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// settleDelay is how long the cursor rests before a commit's files are
// read.
const settleDelay = 60 * time.Millisecond

// maxStatFiles bounds the +/- counts computed for one commit: past that
// the list shows files without counts rather than read thousands of blobs.
const maxStatFiles = 400

func settle(req uint64, commit gitops.Hash) tea.Cmd {
	return tea.Tick(settleDelay, func(time.Time) tea.Msg { return settleMsg{req: req, commit: commit} })
}

// loadFiles lists a commit's changed files (against its first parent).
func loadFiles(ctx context.Context, repo *gitops.Repo, req uint64, commit gitops.Hash) tea.Cmd {
	return func() tea.Msg {
		files, err := repo.DiffCommit(ctx, commit, gitops.DiffOptions{})
		return filesMsg{req: req, commit: commit, files: files, err: err}
	}
}

// loadStats counts added and deleted lines of the first files.
func loadStats(ctx context.Context, repo *gitops.Repo, req uint64, commit gitops.Hash, files []gitops.FileChange) tea.Cmd {
	if len(files) > maxStatFiles {
		files = files[:maxStatFiles]
	}
	return func() tea.Msg {
		diffs, err := repo.FilePatches(ctx, files, gitops.DiffOptions{MaxBytes: 1 << 20})
		stats := map[int][2]int{}
		if err == nil {
			for i, d := range diffs {
				if !d.Binary && !d.Truncated {
					stats[i] = [2]int{d.Added, d.Deleted}
				}
			}
		}
		return statsMsg{req: req, commit: commit, stats: stats}
	}
}
