package gitops_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// gitNumstat maps each commit of git log --follow --numstat -- path to
// its count line ("added deleted", "- -" for binary).
func gitNumstat(t *testing.T, r *gittest.Repo, path string) ([]string, map[string]string) {
	t.Helper()
	var ids []string
	stats := map[string]string{}
	for _, l := range strings.Split(r.Git("log", "--follow", "--numstat", "--format=%H", "--", path), "\n") {
		f := strings.Split(l, "\t")
		switch {
		case len(f) == 1 && len(l) == 40:
			ids = append(ids, l)
		case len(f) >= 3:
			stats[ids[len(ids)-1]] = f[0] + " " + f[1]
		}
	}
	return ids, stats
}

func followEntries(t *testing.T, repo *gitops.Repo, path string) []gitops.FileLogEntry {
	t.Helper()
	h, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{path}, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	var all []gitops.FileLogEntry
	for {
		page, err := h.Next(context.Background(), 7)
		all = append(all, page...)
		if err != nil {
			return all
		}
	}
}

// sameNumstat compares FileStats of a followed file's history with git
// log --follow --numstat, row by row.
func sameNumstat(t *testing.T, r *gittest.Repo, repo *gitops.Repo, path string) {
	t.Helper()
	ids, want := gitNumstat(t, r, path)
	entries := followEntries(t, repo, path)
	if len(entries) != len(ids) {
		t.Fatalf("%s: %d entries, git %d", path, len(entries), len(ids))
	}
	stats, err := repo.FileStats(context.Background(), entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != len(entries) {
		t.Fatalf("%s: %d stats for %d entries", path, len(stats), len(entries))
	}
	for i, e := range entries {
		got := fmt.Sprintf("%d %d", stats[i].Added, stats[i].Deleted)
		if stats[i].Binary {
			got = "- -"
		}
		if w, ok := want[e.Commit.ID.String()]; !ok || got != w {
			t.Errorf("%s: %s (%s): got %q, git %q", path, e.Commit.ID.String()[:7], e.Commit.Subject, got, w)
		}
	}
}

// TestFileStatsMatchGit: additions, deletions, renames with edits, a
// binary file, a file without a final newline, a file deleted and added
// back, and a mode change.
func TestFileStatsMatchGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", numberedLines("tf", 1, 40)).Write("bin.dat", "a\x00b\n").Write("noeol.txt", "one\ntwo").Commit("root")
	r.Write("envs/prod/main.tf", editLines(r.Read("envs/prod/main.tf"), 3, 5, "x\n")).Commit("shrink")
	r.Move("envs/prod/main.tf", "live/main.tf")
	r.Write("live/main.tf", editLines(r.Read("live/main.tf"), 10, 10, "a\nb\nc\n")).Commit("rename with edit")
	r.Move("live/main.tf", "live/compute.tf").Commit("pure rename")
	r.Write("live/compute.tf", r.Read("live/compute.tf")+"tail\n").Chmod("live/compute.tf", 0o755).Commit("append and chmod")
	r.Chmod("live/compute.tf", 0o644).Commit("mode only")
	r.Write("bin.dat", "a\x00c\nmore\n").Commit("binary edit")
	r.Write("noeol.txt", "one\ntwo\nthree").Commit("no newline edit")
	r.Remove("noeol.txt").Commit("delete")
	r.Write("noeol.txt", "back\n").Commit("add back")
	repo := open(t, r, r.Dir)
	for _, p := range []string{"live/compute.tf", "bin.dat", "noeol.txt"} {
		sameNumstat(t, r, repo, p)
	}
}

// TestFileStatsRandom: the followed histories of the random line-history
// repositories (merges, renames, evil merges).
func TestFileStatsRandom(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			r, names := randomLineRepo(t, seed)
			repo := open(t, r, r.Dir)
			sameNumstat(t, r, repo, names["main"])
			sameNumstat(t, r, repo, "g.txt")
		})
	}
}

// TestFileStatsCancelled: a cancelled context stops the batch.
func TestFileStatsCancelled(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "a\n").Commit("one")
	repo := open(t, r, r.Dir)
	entries := followEntries(t, repo, "a.txt")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := repo.FileStats(ctx, entries); err == nil {
		t.Error("cancelled batch returned no error")
	}
}
