package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

func TestStatusIgnoredAndUntracked(t *testing.T) {
	r := gittest.New(t)
	excludes := filepath.Join(r.Home, "excludes")
	os.WriteFile(excludes, []byte("*.swp\n"), 0o644)
	r.Git("config", "--global", "core.excludesFile", excludes)
	r.Write(".gitignore", "*.log\n!keep.log\nbuild/\n/top-only\ncache\n")
	r.Write("app/.gitignore", "*.tmp\n!important.tmp\n")
	r.Write(".git/info/exclude", "local-*\n")
	r.Write("app/main.tf", "m\n").Write("build/tracked.txt", "t\n")
	r.Git("add", "-A")
	r.Git("add", "-f", "build/tracked.txt")
	r.Commit("base")
	for _, f := range []string{
		"a.log", "keep.log", "app/x.tmp", "app/important.tmp", "app/y.swp", "local-notes",
		"build/out.bin", "build/sub/deep.o", "top-only", "app/top-only", "cache/c1",
		"untracked-dir/a", "untracked-dir/b/c", "mixed/ok.txt", "mixed/no.log",
		"only-ignored/x.log", "only-ignored/deeper/y.log", "app/new.tf", "app/newdir/z.tf",
	} {
		r.Write(f, "x\n")
	}
	for _, d := range []string{"empty", "empty-tree/a/b", "app/empty"} {
		os.MkdirAll(r.Path(d), 0o755)
	}
	checkStatus(t, r, "")
	checkStatus(t, r, "app", []string{"--porcelain=v2", "--ignored"}, []string{"-s", "--ignored"}, []string{"--ignored", "-uall"})
	r.Git("config", "status.showUntrackedFiles", "all")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{}, []string{"-unormal", "-s"})
	r.Git("config", "status.showUntrackedFiles", "no")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{}, []string{"-u", "-s"})
}

func TestStatusNestedReposAndSubmodules(t *testing.T) {
	sub := gittest.New(t)
	sub.Write("lib.tf", "l\n").Write("other.tf", "o\n").Commit("sub one")
	r := gittest.New(t)
	r.Write("main.tf", "m\n").Commit("base")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "mods/clean")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "mods/dirty")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "mods/untracked")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "mods/moved")
	r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "mods/all")
	r.Commit("submodules")
	r.Write("mods/dirty/lib.tf", "changed\n")
	r.Write("mods/untracked/new.tf", "n\n")
	r.Git("-C", "mods/moved", "commit", "-q", "--allow-empty", "-m", "moved on")
	r.Git("-C", "mods/all", "commit", "-q", "--allow-empty", "-m", "moved on")
	r.Write("mods/all/lib.tf", "changed\n").Write("mods/all/new.tf", "n\n")
	// A repository that is not a submodule, and one inside an untracked
	// directory.
	r.Git("init", "-q", r.Path("nested"))
	r.Write("nested/f", "f\n")
	r.Git("init", "-q", r.Path("plain/inner"))
	checkStatus(t, r, "")
	r.Git("add", "mods/moved") // a staged submodule commit
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"}, []string{})
}

func TestStatusNamesAndQuoting(t *testing.T) {
	r := gittest.New(t)
	names := []string{"with space.tf", "ünïcödé.tf", "tab\there", "quote\"d", "back\\slash", "日本/語.tf", "new\nline"}
	for _, n := range names {
		r.Write(n, "x\n")
	}
	r.Commit("base")
	for _, n := range names {
		r.Append(n, "y\n")
	}
	r.Write("untracked dir/ü f", "u\n").Write("spaced new.tf", "n\n")
	r.Git("mv", "with space.tf", "still spaced.tf")
	checkStatus(t, r, "")
	r.Git("config", "core.quotePath", "false")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"}, []string{})
}

func TestStatusLineEndings(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "core.autocrlf", "true")
	r.Write("unix.txt", "a\nb\n").Write("dos.txt", "a\r\nb\r\n").Write("bin.dat", "a\r\n\x00b\r\n")
	r.Commit("base")
	r.Write(".gitattributes", "* text=auto\n*.lf text eol=lf\n*.raw -text\n").Write("x.lf", "1\r\n2\r\n").Write("y.raw", "1\r\n")
	r.Commit("attrs")
	// Rewrite every file with CRLF endings: the same content for git.
	r.Write("unix.txt", "a\r\nb\r\n").Write("dos.txt", "a\r\nb\r\n").Write("x.lf", "1\n2\n")
	r.Write("y.raw", "1\n") // -text: a real change
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{})
	past(t, r, "unix.txt", "dos.txt", "x.lf", "bin.dat")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"})
	r.Git("config", "core.autocrlf", "input")
	checkStatus(t, r, "", []string{"--porcelain=v2"})
}

func TestStatusCleanFilter(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "filter.upper.clean", "tr a-z A-Z")
	r.Write(".gitattributes", "*.up filter=upper\n").Write("a.up", "hello\n").Write("b.up", "world\n")
	r.Write("\"quoted.up", "q\n").Write("new\nline.up", "n\n").Commit("base")
	r.Write("a.up", "HELLO\n") // the clean filter makes it the same
	r.Write("b.up", "other\n").Write("\"quoted.up", "Q\n").Write("new\nline.up", "x\n")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{})
	if _, stderr, _ := reefStatus(t, r, "", "-s"); !strings.Contains(stderr, "hashed by git") {
		t.Errorf("git's help is not reported: %q", stderr)
	}
}

func TestStatusShapesReplaced(t *testing.T) {
	r := gittest.New(t)
	r.Write("file-to-dir", "f\n").Write("dir-to-file/a", "a\n").Write("linked/a", "a\n").Write("real/a", "a\n")
	r.Write("file-to-repo", "f\n").Commit("base")
	r.Remove("file-to-dir").Write("file-to-dir/inside", "i\n")
	r.Remove("dir-to-file").Write("dir-to-file", "now a file\n")
	r.Remove("linked")
	symlink(t, r, "real", "linked") // a tracked directory replaced by a link to a copy of it
	r.Remove("file-to-repo")
	r.Git("init", "-q", r.Path("file-to-repo"))
	r.Git("-C", "file-to-repo", "commit", "-q", "--allow-empty", "-m", "x")
	checkStatus(t, r, "")
}

func TestStatusPathspec(t *testing.T) {
	r := gittest.New(t)
	r.Write("infra/prod/main.tf", "p\n").Write("infra/dev/main.tf", "d\n").Write("docs/a.md", "a\n").Commit("base")
	r.Write("infra/prod/main.tf", "p2\n").Write("docs/a.md", "a2\n").Write("infra/new/x.tf", "n\n").Write("top.tf", "t\n")
	r.Git("mv", "infra/dev/main.tf", "infra/dev/renamed.tf")
	for _, ps := range [][]string{{"infra"}, {"infra/prod/main.tf"}, {"*.tf"}, {"infra/new/x.tf"}, {"docs", "top.tf"}, {"nothing"}, {"infra/*/main.tf"}} {
		args := append([]string{"--porcelain=v2", "--"}, ps...)
		checkStatus(t, r, "", args, append([]string{"-s", "-uall", "--"}, ps...))
	}
	checkStatus(t, r, "infra", []string{"-s", "--", "."}, []string{"--porcelain=v2", "--", "../docs"}, []string{"--", "prod"})
}

func TestStatusBranches(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "a\n").Commit("one")
	r.Git("branch", "upstream")
	r.Git("branch", "--set-upstream-to=upstream")
	r.Write("b", "b\n").Commit("two")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{}, []string{"--no-ahead-behind"}, []string{"-sb", "--no-ahead-behind"})
	r.Checkout("upstream", false)
	r.Write("c", "c\n").Commit("three")
	r.Write("d", "d\n").Commit("four")
	r.Checkout("main", false)
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{})
	r.Git("reset", "-q", "--hard", "upstream")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{}) // up to date
	r.Git("reset", "-q", "--hard", "upstream~1")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{}) // behind
	r.Git("remote", "add", "origin", "https://example.com/r.git")
	r.Git("update-ref", "refs/remotes/origin/main", "HEAD~1")
	r.Git("config", "branch.main.remote", "origin")
	r.Git("config", "branch.main.merge", "refs/heads/main")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{})
	r.Git("update-ref", "-d", "refs/remotes/origin/main")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{}) // gone
	r.Tag("v1", "HEAD~1", "annotated")
	for _, target := range []string{"--detach main", "HEAD~1", "v1", "upstream"} {
		r.Git(append([]string{"checkout", "-q"}, strings.Fields(target)...)...)
		if target == "upstream" {
			r.Git("checkout", "-q", "--detach")
			r.Write("e", "e\n").Commit("moved on")
		}
		checkStatus(t, r, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{})
	}
	u := gittest.New(t)
	u.Git("remote", "add", "origin", "https://example.com/u.git")
	u.Git("config", "branch.main.remote", "origin")
	u.Git("config", "branch.main.merge", "refs/heads/main")
	checkStatus(t, u, "", []string{"--porcelain=v2", "--branch"}, []string{"-sb"}, []string{}) // unborn with upstream
}

func TestStatusOperations(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "base\n").Write("g", "base\n").Commit("base")
	r.Checkout("side", true)
	r.Write("f", "side\n").Commit("side f")
	r.Write("g", "side\n").Commit("side g")
	r.Checkout("main", false)
	r.Write("f", "main\n").Write("g", "main\n").Commit("main")
	r.GitErr("cherry-pick", "side~1")
	checkStatus(t, r, "", []string{})
	r.Git("cherry-pick", "--abort")
	r.Write("f", "later\n").Commit("later")
	r.GitErr("revert", "HEAD~1")
	checkStatus(t, r, "", []string{})
	r.Write("f", "resolved\n").Git("add", "f")
	checkStatus(t, r, "", []string{})
	r.Git("revert", "--abort")
	r.GitErr("rebase", "side")
	checkStatus(t, r, "", []string{}, []string{"-sb"}, []string{"--porcelain=v2", "-b"})
	r.Git("rebase", "--abort")
	r.Checkout("other", true).Write("f", "other\n").Commit("other f")
	r.Checkout("main", false).Checkout("long", true)
	for i := 0; i < 4; i++ {
		r.Write(fmt.Sprintf("l%d", i), "l\n").Commit(fmt.Sprintf("long %d", i))
	}
	r.Write("f", "long\n").Commit("long f")
	if _, err := r.GitErr("rebase", "other"); err == nil {
		t.Fatal("the rebase did not stop") // at the fifth command: "see more in file"
	}
	checkStatus(t, r, "", []string{})
	r.Write("sub/x", "x\n")
	checkStatus(t, r, "sub", []string{}) // from a subdirectory too, git names the git dir from the top
	r.Remove("sub")
	r.Git("rebase", "--abort")
	r.Checkout("main", false)
	r.GitErr("rebase", "--apply", "side")
	checkStatus(t, r, "", []string{})
	r.Git("rebase", "--abort")
	r.Git("bisect", "start")
	r.Git("bisect", "bad")
	r.Git("bisect", "good", "HEAD~1")
	checkStatus(t, r, "", []string{})
	r.Git("bisect", "reset")
	r.Git("config", "advice.statusHints", "false")
	r.GitErr("merge", "side")
	checkStatus(t, r, "", []string{})
}

func TestStatusColors(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "1\n").Write("b", "1\n").Write("c", "1\n").Commit("one")
	r.Git("branch", "up")
	r.Git("branch", "--set-upstream-to=up")
	r.Write("a", "2\n").Git("add", "a")
	r.Write("b", "2\n").Write("new", "n\n").Remove("c").Commit("two")
	r.Write("a", "3\n").Git("add", "a")
	r.Write("b", "3\n").Write("u", "u\n")
	r.Git("config", "color.status", "always")
	checkStatus(t, r, "", []string{}, []string{"-sb"}, []string{"--porcelain=v2"}, []string{"--porcelain"})
	r.Git("checkout", "-q", "--detach")
	checkStatus(t, r, "", []string{}, []string{"-sb"})
}

func TestStatusDefaultExcludesFile(t *testing.T) {
	r := gittest.New(t)
	r.Write("../home/.config/git/ignore", "*.bak\n")
	r.Write("keep.tf", "k\n").Commit("one")
	r.Write("x.bak", "b\n").Write("y.tf", "y\n")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--ignored"}, []string{"-s"})
}

func TestStatusWorktreesAndConfig(t *testing.T) {
	r := gittest.New(t)
	r.Write("run.sh", "#!/bin/sh\n").Write("link-target", "t\n").Write("f", "f\n").Commit("one")
	r.Write(".git/info/exclude", "*.local\n")
	wt := filepath.Join(t.TempDir(), "wt")
	r.Git("worktree", "add", "-q", "-b", "side", wt)
	w := *r
	w.Dir = wt
	w.Write("f", "changed in the worktree\n").Write("x.local", "l\n").Write("new", "n\n")
	checkStatus(t, &w, "", []string{"--porcelain=v2", "--branch", "--ignored"}, []string{})

	r.Chmod("run.sh", 0o755)
	r.Git("config", "core.fileMode", "false")
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"})
	r.Git("config", "core.checkStat", "minimal")
	r.Git("config", "core.trustCtime", "false")
	r.Write("f", "g\n") // same size, racy: still found
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s"})
}

func TestStatusRelativePathsOff(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/b.tf", "1\n").Write("c.tf", "1\n").Commit("one")
	r.Write("a/b.tf", "2\n").Write("c.tf", "2\n").Write("a/new", "n\n")
	checkStatus(t, r, "a", []string{"--porcelain=v2"}, []string{"-s"}, []string{})
	r.Git("config", "status.relativePaths", "false")
	checkStatus(t, r, "a", []string{"--porcelain=v2"}, []string{"-s"}, []string{})
}

func TestStatusIgnoreCase(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "core.ignoreCase", "true")
	r.Write("README", "r\n").Write("Docs/a.md", "a\n").Write(".gitignore", "*.LOG\n").Commit("one")
	r.Write("x.log", "l\n").Write("docs/b.md", "b\n").Write("readme", "other file, same name but for case\n")
	checkStatus(t, r, "", []string{"--porcelain=v2", "--ignored"}, []string{"-s", "-uall"})
}

func TestStatusIgnoreCaseDirectoryOnly(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "core.ignoreCase", "true")
	r.Write("Docs/a.md", "a\n").Commit("one")
	r.Write("docs/b.md", "b\n") // the only difference: a directory spelt otherwise
	checkStatus(t, r, "", []string{"--porcelain=v2"}, []string{"-s", "-uall"})
}
