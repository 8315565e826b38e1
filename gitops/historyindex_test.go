package gitops_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// historyIndexRepo is a history with a rename, a merge and a file in a
// deep directory, for the index tests.
func historyIndexRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	for i := 0; i < 5; i++ {
		r.Write("infra/net/main.tf", fmt.Sprintf("# v%d\n", i)).Write("other.tf", fmt.Sprint(i)).Commit(fmt.Sprint("edit ", i))
	}
	r.Move("infra/net/main.tf", "infra/net/sg.tf").Commit("rename")
	r.Checkout("side", true).Write("infra/net/sg.tf", "# side\n").Commit("side edit")
	r.Checkout("main", false).Write("deep/a/b/c/d.tf", "x\n").Commit("deep")
	r.Merge("merge side", "side")
	return r
}

func followOf(t *testing.T, repo *gitops.Repo, path string) []string {
	t.Helper()
	h, err := repo.FileHistory(context.Background(), gitops.FileHistoryOptions{Paths: []string{path}, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	return followAll(t, h)
}

// TestHistoryIndex: reef has git write its history index into reef's own
// directory: the same bytes git writes as the repository's commit-graph,
// the repository's own files untouched, read at once and by a repository
// opened later, and wanted again once HEAD has moved past it.
func TestHistoryIndex(t *testing.T) {
	r := historyIndexRepo(t)
	repo := open(t, r, r.Dir)
	if !repo.HistoryIndexWanted() {
		t.Fatal("no index wanted in a repository without a commit-graph")
	}
	if err := repo.WriteHistoryIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !repo.HasPathFilters() || repo.HistoryIndexWanted() {
		t.Fatalf("after writing: path filters %v, wanted %v", repo.HasPathFilters(), repo.HistoryIndexWanted())
	}
	own := r.Path(".git/objects/info/commit-graph")
	if _, err := os.Stat(own); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the repository's commit-graph was written: %v", err)
	}
	index, err := os.ReadFile(filepath.Join(repo.HistoryIndexDir(), "objects", "info", "commit-graph"))
	if err != nil {
		t.Fatal(err)
	}
	r.Git("fsck", "--no-progress")
	r.Git("commit-graph", "write", "--reachable", "--changed-paths")
	gits, err := os.ReadFile(own)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(index, gits) {
		t.Errorf("the index (%d bytes) differs from git's commit-graph (%d bytes)", len(index), len(gits))
	}
	os.Remove(own)

	for _, path := range []string{"infra/net/sg.tf", "other.tf", "deep/a/b/c/d.tf"} {
		want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", path))
		if got := followOf(t, repo, path); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s with the index:\n got %v\nwant %v", path, got, want)
		}
	}

	// A new commit: the index no longer holds HEAD. History still
	// agrees with git, reading the new commit from its object.
	r.Write("infra/net/sg.tf", "# later\n").Commit("later")
	later := open(t, r, r.Dir)
	if !later.HasPathFilters() {
		t.Fatal("a repository opened later does not read the index")
	}
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", "infra/net/sg.tf"))
	if got := followOf(t, later, "infra/net/sg.tf"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("past the index:\n got %v\nwant %v", got, want)
	}
	if !later.HistoryIndexWanted() {
		t.Error("no index wanted when HEAD is past it")
	}
}

// TestHistoryIndexBeside: the repository's own commit-graph wins when it
// has changed-path filters (git keeps it up to date); without them the
// index is read, and with core.commitGraph off neither is.
func TestHistoryIndexBeside(t *testing.T) {
	r := historyIndexRepo(t)
	if err := open(t, r, r.Dir).WriteHistoryIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.WriteCommitGraph(false)
	if repo := open(t, r, r.Dir); !repo.HasPathFilters() || repo.HistoryIndexWanted() {
		t.Errorf("beside a graph without filters: path filters %v, wanted %v", repo.HasPathFilters(), repo.HistoryIndexWanted())
	}
	r.WriteCommitGraph(true)
	r.Write("other.tf", "later").Commit("later") // git's graph does not hold HEAD: still git's to update
	if repo := open(t, r, r.Dir); !repo.HasPathFilters() || repo.HistoryIndexWanted() {
		t.Errorf("beside a graph with filters: path filters %v, wanted %v", repo.HasPathFilters(), repo.HistoryIndexWanted())
	}
	r.Git("config", "core.commitGraph", "false")
	if repo := open(t, r, r.Dir); repo.HasPathFilters() || repo.HistoryIndexWanted() {
		t.Errorf("with core.commitGraph off: path filters %v, wanted %v", repo.HasPathFilters(), repo.HistoryIndexWanted())
	}
}

// TestHistoryIndexCorrupt: an index that cannot be read is ignored, and
// written again.
func TestHistoryIndexCorrupt(t *testing.T) {
	r := historyIndexRepo(t)
	repo := open(t, r, r.Dir)
	if err := repo.WriteHistoryIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(repo.HistoryIndexDir(), "objects", "info", "commit-graph")
	os.Chmod(file, 0o644)
	if err := os.WriteFile(file, []byte("CGPH garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	broken := open(t, r, r.Dir)
	if broken.HasPathFilters() || !broken.HistoryIndexWanted() {
		t.Fatalf("corrupt index: path filters %v, wanted %v", broken.HasPathFilters(), broken.HistoryIndexWanted())
	}
	want := strings.Fields(r.Git("log", "--follow", "--format=%H", "--", "infra/net/sg.tf"))
	if got := followOf(t, broken, "infra/net/sg.tf"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("beside a corrupt index:\n got %v\nwant %v", got, want)
	}
	if err := broken.WriteHistoryIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !broken.HasPathFilters() {
		t.Error("no path filters after writing the index again")
	}
}

// TestHistoryIndexPartialClone: a clone without blobs gets the index (its
// trees are all there); one without trees does not, since git would
// fetch every tree to write it.
func TestHistoryIndexPartialClone(t *testing.T) {
	src := historyIndexRepo(t)
	src.Git("config", "uploadpack.allowFilter", "true")
	for _, c := range []struct {
		filter string
		wanted bool
	}{{"blob:none", true}, {"tree:0", false}} {
		clone := filepath.Join(t.TempDir(), "partial")
		src.Git("clone", "-q", "--no-checkout", "--filter="+c.filter, "file://"+src.Dir, clone)
		repo := open(t, src, clone)
		if got := repo.HistoryIndexWanted(); got != c.wanted {
			t.Errorf("--filter=%s: wanted %v, want %v", c.filter, got, c.wanted)
		}
	}
}

// TestHistoryIndexOddPath: a repository whose path holds the alternates
// list separator (and a quote) still gets its index.
func TestHistoryIndexOddPath(t *testing.T) {
	r := historyIndexRepo(t)
	odd := filepath.Join(t.TempDir(), `a:b"c`)
	if out, err := exec.Command("cp", "-a", r.Dir, odd).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	repo := open(t, r, odd)
	if err := repo.WriteHistoryIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !repo.HasPathFilters() {
		t.Error("no path filters after writing the index")
	}
}
