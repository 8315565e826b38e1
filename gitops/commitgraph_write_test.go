package gitops_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

func followAll(t *testing.T, h *gitops.FileHistory) []string {
	t.Helper()
	var got []string
	for {
		page, err := h.Next(context.Background(), 2)
		for _, e := range page {
			got = append(got, e.Commit.ID.String())
		}
		if err != nil {
			return got
		}
	}
}

// TestWriteCommitGraph: reef has git write the commit-graph with
// changed-path filters, reads it at once, and a history started before a
// second write finishes on the graph it began with.
func TestWriteCommitGraph(t *testing.T) {
	r := gittest.New(t)
	for i := 0; i < 6; i++ {
		r.Write("envs/prod/main.tf", fmt.Sprintf("# version %d\n", i)).Write("other.tf", fmt.Sprint(i)).Commit(fmt.Sprint("edit ", i))
	}
	repo := open(t, r, r.Dir)
	if repo.HasPathFilters() {
		t.Fatal("path filters before any commit-graph was written")
	}
	if err := repo.WriteCommitGraph(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !repo.HasPathFilters() {
		t.Fatal("no path filters after writing the commit-graph")
	}
	r.Git("commit-graph", "verify")
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", "envs/prod/main.tf"))
	h, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{"envs/prod/main.tf"}, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	first, err := h.Next(context.Background(), 1)
	if err != nil || len(first) != 1 {
		t.Fatalf("first page: %v %v", first, err)
	}
	// More history, and the graph written again under the walk.
	r.Write("envs/prod/main.tf", "# later\n").Commit("later")
	if err := repo.WriteCommitGraph(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := append([]string{first[0].Commit.ID.String()}, followAll(t, h)...)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("walk begun before the second write:\n got %v\nwant %v", got, want)
	}
	h2, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{"envs/prod/main.tf"}, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	want2 := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", "envs/prod/main.tf"))
	if got := followAll(t, h2); strings.Join(got, " ") != strings.Join(want2, " ") {
		t.Errorf("after the second write:\n got %v\nwant %v", got, want2)
	}
}

// TestWriteCommitGraphShallow: a shallow clone's graph is not read (git
// ignores it too), so reef does not offer to write one there.
func TestWriteCommitGraphShallow(t *testing.T) {
	src := gittest.New(t)
	for i := 0; i < 3; i++ {
		src.Write("a.tf", fmt.Sprint(i)).Commit(fmt.Sprint("c", i))
	}
	r := gittest.New(t)
	r.Git("fetch", "-q", "--depth=1", "file://"+src.Dir, "main")
	r.Git("reset", "-q", "--hard", "FETCH_HEAD")
	repo := open(t, r, r.Dir)
	if repo.CommitGraphUsable() {
		t.Error("a shallow clone's commit-graph reported usable")
	}
}
