package historypane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// stat is a commit's +/- counts on the file.
type stat struct {
	added, deleted int
	binary         bool
}

// askStats counts the changes of the rows on screen that have no counts
// yet: reading diffs for a whole history up front would cost as much as
// the walk again, and most rows are never seen.
func (m *Model) askStats() tea.Cmd {
	var entries []gitops.FileLogEntry
	end := min(m.list.top+m.listHeight(), m.list.count())
	for i := m.list.top; i < end; i++ {
		e := m.list.at(i)
		id := e.commit.ID
		if e.lineRow || m.statsAsked[id] {
			continue
		}
		m.statsAsked[id] = true
		entries = append(entries, gitops.FileLogEntry{Commit: e.commit, Path: e.path, OldPath: e.oldPath})
	}
	if len(entries) == 0 {
		return nil
	}
	m.counting++
	return statsCmd(m.ctx(), m.env.Repo, m.path, entries)
}

// statsCmd counts entries' changes to their file.
func statsCmd(ctx context.Context, repo *gitops.Repo, file string, entries []gitops.FileLogEntry) tea.Cmd {
	return func() tea.Msg {
		stats, err := repo.FileStats(ctx, entries)
		if err != nil {
			return statsMsg{file: file, err: err}
		}
		out := make(map[gitops.Hash]stat, len(stats))
		for i, s := range stats {
			out[entries[i].Commit.ID] = stat{added: s.Added, deleted: s.Deleted, binary: s.Binary}
		}
		return statsMsg{file: file, stats: out}
	}
}
