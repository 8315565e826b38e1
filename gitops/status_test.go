package gitops_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/gitops/status"
)

// gitEntries is git's own answer, read with the fallback's parser.
func gitEntries(t *testing.T, r *gittest.Repo, args ...string) []status.Entry {
	t.Helper()
	cmd := exec.Command("git", append([]string{"status", "--porcelain=v2", "-z"}, args...)...)
	cmd.Dir, cmd.Env = r.Dir, append(r.Environ(), "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := status.ParsePorcelainV2(out)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func entryString(e status.Entry) string { return fmt.Sprintf("%+v", e) }

// TestStatusValuesMatchGit compares the API's values, field by field,
// with git's porcelain v2.
func TestStatusValuesMatchGit(t *testing.T) {
	r := gittest.New(t)
	body := strings.Repeat("some line\n", 12)
	r.Write("keep.tf", "k\n").Write("mod.tf", "m\n").Write("old.tf", body).Write("gone.tf", "g\n").Write(".gitignore", "*.log\n")
	r.Commit("base")
	r.Write("mod.tf", "m2\n").Git("mv", "old.tf", "new.tf")
	r.Remove("gone.tf").Write("ita.tf", "i\n").Git("add", "-N", "ita.tf")
	r.Write("u/x", "x\n").Write("a.log", "l\n")
	repo := open(t, r, r.Dir)
	for _, o := range []gitops.StatusOptions{
		{}, {Untracked: gitops.UntrackedAll, Ignored: true}, {Untracked: gitops.UntrackedNo}, {Renames: -1},
	} {
		var args []string
		switch o.Untracked {
		case gitops.UntrackedAll:
			args = append(args, "--untracked-files=all")
		case gitops.UntrackedNo:
			args = append(args, "--untracked-files=no")
		}
		if o.Ignored {
			args = append(args, "--ignored")
		}
		if o.Renames < 0 {
			args = append(args, "--no-renames")
		}
		want := gitEntries(t, r, args...)
		st, err := repo.Status(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Entries) != len(want) {
			t.Fatalf("%+v: %d entries, git %d", o, len(st.Entries), len(want))
		}
		for i, e := range st.Entries {
			got := status.Entry{
				Path: e.Path, OrigPath: e.OrigPath, Kind: status.Kind(e.Kind), Staged: e.Staged, Unstaged: e.Unstaged,
				HeadMode: e.HeadMode, IndexMode: e.IndexMode, WorktreeMode: e.WorktreeMode,
				HeadID: e.HeadID, IndexID: e.IndexID, Score: e.Score, IntentToAdd: e.IntentToAdd,
				Submodule: status.Submodule(e.Submodule),
			}
			for k, s := range e.Stages {
				got.Stages[k] = status.Stage(s)
			}
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%+v entry %d:\n%s\ngit:\n%s", o, i, entryString(got), entryString(want[i]))
			}
		}
	}
}

func TestStatusBranchAndState(t *testing.T) {
	r := gittest.New(t)
	repo := open(t, r, r.Dir)
	st, err := repo.Status(context.Background(), gitops.StatusOptions{})
	if err != nil || !st.Branch.Unborn || st.Branch.Head != "main" || len(st.Entries) != 0 {
		t.Fatalf("unborn: %+v %v", st, err)
	}
	r.Write("f", "1\n").Commit("one")
	r.Git("branch", "up")
	r.Git("branch", "--set-upstream-to=up")
	r.Write("f", "2\n").Commit("two")
	r.Write(".git/MERGE_HEAD", r.Rev("HEAD")+"\n")
	repo = open(t, r, r.Dir) // the configuration is read when a repository is opened
	st, err = repo.Status(context.Background(), gitops.StatusOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := st.Branch
	if b.Upstream != "refs/heads/up" || b.UpstreamShort != "up" || b.Ahead != 1 || b.Behind != 0 || !b.Differs || !st.State.Merge {
		t.Errorf("branch %+v state %+v", b, st.State)
	}
	r.Write(".git/index.lock", "")
	if st, _ = repo.Status(context.Background(), gitops.StatusOptions{}); st.IndexLock != filepath.Join(r.Dir, ".git", "index.lock") {
		t.Errorf("IndexLock = %q", st.IndexLock)
	}
	bare := gittest.New(t, gittest.Bare())
	if _, err := open(t, bare, bare.Dir).Status(context.Background(), gitops.StatusOptions{}); !errors.Is(err, gitops.ErrBare) {
		t.Errorf("bare: %v", err)
	}
}
