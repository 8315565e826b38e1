package gitops

import (
	"testing"

	"reef/gitops/gittest"
)

func TestHasPathFilters(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "1\n").Commit("one")
	r.Write("a", "2\n").Commit("two")
	if openRepo(t, r).HasPathFilters() {
		t.Error("no commit-graph, yet path filters")
	}
	r.Git("commit-graph", "write", "--reachable")
	if openRepo(t, r).HasPathFilters() {
		t.Error("a commit-graph without --changed-paths has path filters")
	}
	r.Git("commit-graph", "write", "--reachable", "--changed-paths")
	if !openRepo(t, r).HasPathFilters() {
		t.Error("--changed-paths wrote no path filters reef sees")
	}
}
