package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// statusFormats are the command lines every scenario is checked with.
var statusFormats = [][]string{
	{"--porcelain=v2", "--branch", "-z"},
	{"--porcelain=v2", "--branch", "-z", "--untracked-files=all"},
	{"--porcelain=v2", "--branch", "-z", "--ignored"},
	{"--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--ignored"},
	{"--porcelain=v2", "-z", "--untracked-files=no"},
	{"--porcelain=v2", "--branch"},
	{"--short", "--branch"},
	{"--porcelain"},
	{"--porcelain", "-z", "-b"},
	{},
	{"--ignored"},
	{"-uno"},
}

// gitStatus runs the oracle. GIT_OPTIONAL_LOCKS=0 keeps git from
// refreshing the index, so reef sees the very same index.
func gitStatus(t *testing.T, r *gittest.Repo, dir string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"status"}, args...)...)
	cmd.Dir = filepath.Join(r.Dir, dir)
	cmd.Env = append(r.Environ(), "GIT_OPTIONAL_LOCKS=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), code
}

// reefStatus runs reef status in dir (relative to the work tree).
func reefStatus(t *testing.T, r *gittest.Repo, dir string, args ...string) (string, string, int) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stderr bytes.Buffer
	env := Env{Dir: filepath.Join(r.Dir, dir), Stdout: f, Stderr: &stderr, Environ: r.Environ()}
	code := Status(context.Background(), env, args)
	out, _ := os.ReadFile(f.Name())
	return string(out), stderr.String(), code
}

// checkStatus compares reef with git, byte for byte, in every format.
func checkStatus(t *testing.T, r *gittest.Repo, dir string, formats ...[]string) {
	t.Helper()
	if len(formats) == 0 {
		formats = statusFormats
	}
	for _, args := range formats {
		want, wantCode := gitStatus(t, r, dir, args...)
		got, stderr, code := reefStatus(t, r, dir, args...)
		if got != want || code != wantCode {
			t.Errorf("reef status %s (in %q, exit %d %s):\n%s\ngit (exit %d):\n%s", strings.Join(args, " "), dir, code, stderr,
				visible(got), wantCode, visible(want))
		}
	}
}

func visible(s string) string { return strings.ReplaceAll(s, "\x00", "⁰\n") }

// past sets a file's times into the past, so that its index entry is no
// longer racily clean once git records it again.
func past(t *testing.T, r *gittest.Repo, paths ...string) {
	old := time.Now().Add(-time.Hour)
	for _, p := range paths {
		if err := os.Chtimes(r.Path(p), old, old); err != nil {
			t.Fatal(err)
		}
	}
}

func symlink(t *testing.T, r *gittest.Repo, target, name string) {
	os.Remove(r.Path(name))
	if err := os.Symlink(target, r.Path(name)); err != nil {
		t.Fatal(err)
	}
}

func TestStatusEmptyAndClean(t *testing.T) {
	r := gittest.New(t)
	checkStatus(t, r, "") // unborn, nothing at all
	r.Write("a.tf", "a\n").Write("dir/b.tf", "b\n")
	r.Git("add", "a.tf")
	checkStatus(t, r, "") // unborn with a staged file and an untracked dir
	r.Commit("one")
	checkStatus(t, r, "")
	r.Write("dir/b.tf", "b2\n")
	checkStatus(t, r, "dir")
}

func TestStatusChanges(t *testing.T) {
	r := gittest.New(t)
	for _, f := range []string{"mod", "staged", "both", "del", "gone", "exec", "exec-staged", "link", "to-link", "keep", "sub/deep/f"} {
		r.Write(f, f+" content\n")
	}
	symlink(t, r, "keep", "link")
	r.Commit("base")
	r.Write("mod", "changed\n")
	r.Write("staged", "staged change\n").Git("add", "staged")
	r.Write("both", "first\n").Git("add", "both")
	r.Write("both", "second\n")
	r.Git("rm", "-q", "del")
	r.Remove("gone")
	r.Chmod("exec", 0o755)
	r.Chmod("exec-staged", 0o755).Git("add", "exec-staged")
	r.Remove("link").Write("link", "now a file\n")
	symlink(t, r, "mod", "to-link")
	r.Write("added", "new\n").Git("add", "added")
	r.Write("added-then-gone", "new\n").Git("add", "added-then-gone")
	r.Remove("added-then-gone")
	r.Write("added-modified", "new\n").Git("add", "added-modified")
	r.Write("added-modified", "newer\n")
	r.Remove("sub/deep/f")
	r.Write("sub/deep/f", "recreated in the same second, same size!\n")
	checkStatus(t, r, "")
	checkStatus(t, r, "sub", []string{"--porcelain=v2"}, []string{"-s"}, []string{})
}

func TestStatusStatData(t *testing.T) {
	r := gittest.New(t)
	r.Write("touched", "same\n").Write("rewritten", "aaaa\n").Write("grown", "x\n").Commit("base")
	past(t, r, "touched", "rewritten", "grown")
	r.Git("update-index", "--refresh") // records the old times: no entry is racy now
	time.Sleep(10 * time.Millisecond)
	now := time.Now()
	os.Chtimes(r.Path("touched"), now, now) // stat differs, content does not
	r.Write("rewritten", "bbbb\n")          // same size, new content
	r.Write("grown", "longer content\n")    // size differs
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{})
}

func TestStatusRenames(t *testing.T) {
	r := gittest.New(t)
	body := strings.Repeat("resource \"aws_s3_bucket\" \"b\" { name = \"x\" }\n", 20)
	r.Write("moved/keep", "k\n").Write("old.tf", body).Write("edited.tf", body+"# one\n").Write("copied.tf", body+"# two\n").Write("tiny", "x\n").Commit("base")
	r.Git("mv", "old.tf", "new.tf")
	r.Git("mv", "edited.tf", "moved/edited.tf")
	r.Append("moved/edited.tf", "# edited\n").Git("add", "moved/edited.tf")
	r.Write("copy-of-copied.tf", body+"# two\n").Git("add", "copy-of-copied.tf") // git status finds no copies
	r.Git("mv", "tiny", "tiny2")
	r.Write("tiny2", "completely different\n").Git("add", "tiny2")
	r.Append("new.tf", "# and unstaged\n")
	checkStatus(t, r, "")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--no-renames"}, []string{"-s", "--find-renames=90"})
	r.Git("config", "status.renames", "false")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"})
	r.Git("config", "status.renames", "copies")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{})
}

func TestStatusIntentToAdd(t *testing.T) {
	r := gittest.New(t)
	body := strings.Repeat("line of text\n", 10)
	r.Write("base.txt", body).Write("tracked", "t\n").Commit("base")
	r.Write("ita", "new\n").Git("add", "-N", "ita")
	r.Write("ita-gone", "new\n").Git("add", "-N", "ita-gone")
	r.Remove("ita-gone")
	r.Git("rm", "-q", "--cached", "tracked")
	r.Git("add", "-N", "tracked") // in HEAD, intent-to-add in the index
	r.Git("mv", "base.txt", "tmp")
	r.Git("rm", "-q", "--cached", "tmp")
	r.Remove("tmp").Write("renamed.txt", body).Git("add", "-N", "renamed.txt")
	r.Git("reset", "-q", "--", "base.txt") // back in the index, gone from the work tree
	checkStatus(t, r, "")
}

func TestStatusConflicts(t *testing.T) {
	r := gittest.New(t)
	for _, f := range []string{"uu", "dd", "ud", "du", "keep"} {
		r.Write(f, "base "+f+"\n")
	}
	r.Commit("base")
	r.Checkout("side", true)
	r.Write("uu", "side\n").Git("mv", "dd", "dd-side")
	r.Write("ud", "side\n").Git("rm", "-q", "du")
	r.Write("aa", "side add\n").Write("staged-on-side", "s\n")
	r.Commit("side")
	r.Checkout("main", false)
	r.Write("uu", "main\n").Git("mv", "dd", "dd-main")
	r.Git("rm", "-q", "ud")
	r.Write("du", "main\n").Write("aa", "main add\n")
	r.Commit("main")
	if _, err := r.GitErr("merge", "side"); err == nil {
		t.Fatal("the merge did not conflict")
	}
	r.Write("untracked", "u\n")
	checkStatus(t, r, "")
	r.Remove("uu") // a conflicted file gone from the work tree
	checkStatus(t, r, "", []string{"--porcelain=v2", "-z"}, []string{})
	for _, f := range []string{"aa", "dd", "dd-main", "dd-side", "du", "ud"} {
		r.GitErr("rm", "-q", "--cached", f)
	}
	r.Write("uu", "resolved\n").Git("add", "uu")
	checkStatus(t, r, "", []string{"--porcelain=v2", "-z"}, []string{}) // all conflicts fixed, still merging
}

func TestStatusSkipWorktreeAndAssumeUnchanged(t *testing.T) {
	r := gittest.New(t)
	r.Write("skip", "s\n").Write("assume", "a\n").Write("sparse/in/f", "f\n").Write("other/g", "g\n").Commit("base")
	r.Git("update-index", "--skip-worktree", "skip")
	r.Remove("skip")
	r.Git("update-index", "--assume-unchanged", "assume")
	r.Write("assume", "changed behind git's back\n")
	checkStatus(t, r, "")
	r.Git("sparse-checkout", "set", "--no-cone", "/other/")
	r.Write("sparse/stray", "not in the cone\n")
	checkStatus(t, r, "")
}
