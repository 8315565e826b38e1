package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// formats are the outputs every blame case is checked in.
var blameFormats = [][]string{{"--porcelain"}, {"--line-porcelain"}, {}}

// checkBlame runs reef blame and git blame with the same arguments and
// wants the same bytes and the same success.
func checkBlame(t *testing.T, r *gittest.Repo, args ...string) {
	t.Helper()
	want, gerr := r.GitErr(append([]string{"blame"}, args...)...)
	got, stderr, code := run(t, r, "blame", args...)
	if gerr != nil {
		if code == 0 {
			t.Errorf("reef blame %s succeeded, git failed: %v", strings.Join(args, " "), gerr)
		}
		return
	}
	if code != 0 || got != want {
		t.Errorf("reef blame %s (exit %d, %s):\n%s\ngit:\n%s", strings.Join(args, " "), code, stderr, got, want)
	}
}

// checkBlameAll checks each format, at each revision given ("" for none).
func checkBlameAll(t *testing.T, r *gittest.Repo, path string, revs ...string) {
	t.Helper()
	if len(revs) == 0 {
		revs = []string{"HEAD"}
	}
	for _, rev := range revs {
		for _, f := range blameFormats {
			args := append([]string(nil), f...)
			if rev != "" {
				args = append(args, rev)
			}
			checkBlame(t, r, append(args, "--", path)...)
		}
	}
}

// blameLines makes n lines from format, "%d" replaced by 001, 002...
func blameLines(n int, format string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(strings.ReplaceAll(format, "%d", fmt.Sprintf("%03d", i)))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestBlameLinearEdits(t *testing.T) {
	r := gittest.New(t)
	r.Write("main.tf", blameLines(12, "line %d")).Commit("create")
	body := blameLines(12, "line %d")
	body = strings.Replace(body, "line 003", "line three", 1)
	r.Write("main.tf", body).Commit("edit three")
	body = strings.Replace(body, "line 007\n", "line 007\nnew a\nnew b\n", 1)
	r.Write("main.tf", body).Commit("insert after seven")
	body = strings.Replace(body, "line 010\nline 011\n", "", 1)
	r.Write("main.tf", body).Commit("delete ten and eleven")
	body = strings.Replace(body, "line 001\n", "", 1) + "tail\n"
	r.Write("main.tf", body).Commit("drop the head, add a tail")
	checkBlameAll(t, r, "main.tf", "HEAD", "HEAD~1", "HEAD~3", "")
	checkBlame(t, r, "--root", "main.tf")
	checkBlame(t, r, "-s", "-n", "main.tf")
	checkBlame(t, r, "-f", "-e", "-l", "main.tf")
	checkBlame(t, r, "-t", "-b", "main.tf")
	checkBlame(t, r, "--abbrev=12", "main.tf")
	for _, d := range []string{"short", "rfc", "unix", "raw", "iso-strict", "relative", "default", "iso"} {
		checkBlame(t, r, "--date="+d, "main.tf")
	}
	r.Git("config", "blame.date", "short")
	checkBlame(t, r, "main.tf")
	r.Git("config", "--unset", "blame.date")
	checkBlame(t, r, "-L", "3,6", "main.tf")
	checkBlame(t, r, "-L3,+2", "-L", "9,-2", "main.tf")
	checkBlame(t, r, "-L", "5", "main.tf")
	checkBlame(t, r, "-L", ",4", "-L", "4,5", "--porcelain", "main.tf")
	checkBlame(t, r, "main.tf", "HEAD~2") // the old "PATH REV" order
}

func TestBlameMovedBlockAndRepeats(t *testing.T) {
	r := gittest.New(t)
	block := "resource \"a\" {\n  x = 1\n}\n"
	other := "resource \"b\" {\n  y = 2\n}\n"
	r.Write("m.tf", block+"\n"+other).Commit("two blocks")
	r.Write("m.tf", other+"\n"+block).Commit("swap the blocks")
	r.Write("r.txt", "}\n}\n}\nx\n}\n}\n").Commit("braces")
	r.Write("r.txt", "}\n}\nx\n}\n}\n}\n}\n").Commit("more braces")
	r.Write("r.txt", "}\nx\n}\n}\ny\n}\n}\n").Commit("shuffle braces")
	checkBlameAll(t, r, "m.tf")
	checkBlameAll(t, r, "r.txt", "HEAD", "HEAD~1")
	checkBlame(t, r, "-w", "r.txt")
}

func TestBlameRenames(t *testing.T) {
	r := gittest.New(t)
	base := blameLines(20, "setting_%d = true")
	r.Write("old/name.tf", base).Write("other.tf", "x\n").Commit("create")
	r.Write("old/name.tf", strings.Replace(base, "setting_005", "tuned_5", 1)).Commit("edit before rename")
	r.Move("old/name.tf", "new/name.tf").Commit("pure rename")
	r.Write("new/name.tf", strings.Replace(r.Read("new/name.tf"), "setting_010", "tuned_10", 1)).Commit("edit after rename")
	r.Move("new/name.tf", "renamed.tf")
	r.Write("renamed.tf", strings.Replace(r.Read("renamed.tf"), "setting_015", "tuned_15", 1)+"extra\n").Commit("rename with edits")
	// Two candidates with the same content: the same base name wins.
	r.Write("dup/a.txt", "same\ncontent\n").Write("dup/b.txt", "same\ncontent\n").Commit("twins")
	r.Git("rm", "-q", "dup/a.txt", "dup/b.txt")
	r.Write("moved/b.txt", "same\ncontent\n").Commit("twins gone, one back")
	// A file that is barely similar is not a rename.
	r.Write("x.cfg", blameLines(10, "alpha %d")).Commit("x")
	r.Remove("x.cfg").Write("y.cfg", blameLines(3, "alpha %d")+blameLines(10, "beta %d")).Commit("y replaces x")
	checkBlameAll(t, r, "renamed.tf", "HEAD", "HEAD~5")
	checkBlameAll(t, r, "new/name.tf", "HEAD~5")
	checkBlameAll(t, r, "moved/b.txt")
	checkBlameAll(t, r, "y.cfg")
}

func TestBlameMerges(t *testing.T) {
	r := gittest.New(t)
	r.Write("vars.tf", blameLines(10, "var_%d = 0")).Commit("base")
	r.Checkout("left", true)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_002 = 0", "var_002 = 1", 1)).Commit("left edits two")
	r.Checkout("main", false)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_009 = 0", "var_009 = 9", 1)).Commit("main edits nine")
	r.Merge("merge left", "left")
	// The same change on both sides: the merge is identical to its first
	// parent for the file.
	r.Checkout("same", true)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_005 = 0", "var_005 = 5", 1)).Commit("same on branch")
	r.Checkout("main", false)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_005 = 0", "var_005 = 5", 1)).Commit("same on main")
	r.Merge("merge same", "same")
	// A conflict resolved with new lines.
	r.Checkout("conflict", true)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_007 = 0", "var_007 = 70", 1)).Commit("branch sets seven")
	r.Checkout("main", false)
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "var_007 = 0", "var_007 = 77", 1)).Commit("main sets seven")
	if _, err := r.GitErr("merge", "-q", "--no-edit", "conflict"); err == nil {
		t.Fatal("expected a conflict")
	}
	r.Write("vars.tf", strings.Replace(r.Read("vars.tf"), "<<<<<<< HEAD\nvar_007 = 77\n=======\nvar_007 = 70\n>>>>>>> conflict\n", "var_007 = 777\nresolved = true\n", 1))
	r.Commit("merge conflict, resolved")
	checkBlameAll(t, r, "vars.tf", "HEAD", "HEAD^2", "HEAD~2")
}

func TestBlameCrissCross(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", blameLines(8, "l%d")).Commit("base")
	r.Checkout("b", true)
	r.Write("f", strings.Replace(r.Read("f"), "l001", "b1", 1)).Commit("b1")
	r.Checkout("main", false)
	r.Write("f", strings.Replace(r.Read("f"), "l008", "m8", 1)).Commit("m8")
	r.Merge("m merges b", "b")
	r.Checkout("b", false)
	r.Merge("b merges m~1", "main~1")
	r.Write("f", strings.Replace(r.Read("f"), "l003", "b3", 1)).Commit("b3")
	r.Checkout("main", false)
	r.Write("f", strings.Replace(r.Read("f"), "l006", "m6", 1)).Commit("m6")
	r.Merge("criss-cross", "b")
	checkBlameAll(t, r, "f", "HEAD", "HEAD^2")
}

func TestBlameTwoPathsOneCommit(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", blameLines(6, "from a %d")).Write("b.txt", blameLines(6, "from b %d")).Commit("two files")
	r.Checkout("x", true)
	r.Move("a.txt", "f.txt").Commit("a becomes f")
	r.Checkout("main", false)
	r.Move("b.txt", "f.txt").Commit("b becomes f")
	_, _ = r.GitErr("merge", "-q", "--no-edit", "x")
	r.Write("f.txt", blameLines(6, "from a %d")+blameLines(6, "from b %d"))
	r.Git("rm", "-q", "--cached", "--ignore-unmatch", "a.txt", "b.txt")
	r.Remove("a.txt").Remove("b.txt")
	r.Commit("join a and b")
	checkBlameAll(t, r, "f.txt")
}

func TestBlameContentShapes(t *testing.T) {
	r := gittest.New(t)
	r.Write("crlf.txt", "one\r\ntwo\r\nthree\r\n").Write("noeol.txt", "a\nb\nc").Write("empty.txt", "").
		WriteBytes("bin.dat", []byte{0, 1, 2, '\n', 3, 0, '\n'}).Commit("shapes")
	r.Write("crlf.txt", "one\r\n2\r\nthree\r\nfour").Write("noeol.txt", "a\nb\nc\nd").
		WriteBytes("bin.dat", []byte{0, 1, 2, '\n', 9, 0, '\n', 7}).Commit("edit shapes")
	deep := "infra/envs/prod/eu-west-1/network/vpc/main.tf"
	r.Write(deep, "cidr = \"10.0.0.0/16\"\n").Commit("deep")
	r.Write(deep, "cidr = \"10.1.0.0/16\"\nname = \"prod\"\n").Commit("deep edit")
	for _, p := range []string{"crlf.txt", "noeol.txt", "empty.txt", "bin.dat", deep} {
		checkBlameAll(t, r, p)
	}
	// A directory replaced by a file of the same name, holding one of its
	// files' content: a rename from inside the old directory.
	r.Write("x/inner.txt", blameLines(5, "inner %d")).Commit("a directory")
	r.Remove("x").Write("x", blameLines(5, "inner %d")+"more\n").Commit("directory becomes a file")
	checkBlameAll(t, r, "x")
	// Deleted and added back: history before the deletion is not followed.
	r.Remove("noeol.txt").Commit("delete")
	r.Write("noeol.txt", "a\nb\nc\nd").Commit("re-add")
	checkBlameAll(t, r, "noeol.txt")
}

func TestBlameNonASCII(t *testing.T) {
	r := gittest.New(t)
	r.Setenv("GIT_AUTHOR_NAME", "Zoë 李雷")
	r.Write("données/résumé.txt", "première\nligne\n").Commit("café ☕")
	r.Setenv("GIT_AUTHOR_NAME", "Ada Lovelace")
	r.Write("données/résumé.txt", "première\nligne 2\n").Commit("edit")
	r.Move("données/résumé.txt", "tab\there.txt").Commit("rename to a name with a tab")
	checkBlameAll(t, r, "tab\there.txt")
	checkBlameAll(t, r, "données/résumé.txt", "HEAD~1")
	r.Git("config", "core.quotepath", "false")
	checkBlameAll(t, r, "tab\there.txt")
}

func TestBlameWorkTree(t *testing.T) {
	r := gittest.New(t)
	r.Write("w.txt", "a\nb\nc\n").Commit("one")
	r.Write("w.txt", "a\nB\nc\n").Commit("two")
	checkBlameAll(t, r, "w.txt", "") // unmodified: same as HEAD
	r.Write("w.txt", "a\nB\nc\nd\n")
	stamp := regexp.MustCompile(`(?m)^((author|committer)-time|\^?[0-9a-f]+ \(Not Committed Yet|0+ \(Not Committed Yet) .*$`)
	for _, f := range blameFormats {
		args := append(append([]string(nil), f...), "w.txt")
		want := r.Git(append([]string{"blame"}, args...)...)
		got, stderr, code := run(t, r, "blame", args...)
		if code != 0 || stamp.ReplaceAllString(got, "") != stamp.ReplaceAllString(want, "") {
			t.Errorf("reef blame %v (exit %d, %s):\n%s\ngit:\n%s", args, code, stderr, got, want)
		}
		if !strings.Contains(got, "Not Committed Yet") {
			t.Errorf("no uncommitted line in:\n%s", got)
		}
	}
	// A staged rename is followed from the work tree.
	r.Write("w.txt", "a\nB\nc\n")
	r.Move("w.txt", "v.txt")
	checkBlameAll(t, r, "v.txt", "")
	// Paths are relative to the directory reef runs in.
	r.Write("sub/s.txt", "s\n").Commit("sub")
	sub := *r
	sub.Dir = r.Path("sub")
	checkBlameAll(t, &sub, "s.txt", "HEAD", "")
}

func TestBlameErrors(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "a\n").Write("dir/b.txt", "b\n").Commit("one")
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"nope", "a.txt"}, ExitFatal, "nope"},
		{[]string{"HEAD", "missing.txt"}, ExitFatal, "no such path missing.txt in HEAD"},
		{[]string{"missing.txt"}, ExitFatal, "no such path 'missing.txt' in HEAD"},
		{[]string{"HEAD", "dir"}, ExitFatal, "no such path dir in HEAD"},
		{[]string{"-L", "5,6", "a.txt"}, ExitFatal, "has only 1 line"},
		{[]string{"-L", "0,1", "a.txt"}, ExitFatal, "invalid line number"},
		{[]string{"-L", "/re/", "a.txt"}, ExitUsage, "numeric"},
		{[]string{"--bogus", "a.txt"}, ExitUsage, "bogus"},
		{[]string{}, ExitUsage, "usage"},
	}
	for _, c := range cases {
		_, gerr := r.GitErr(append([]string{"blame"}, c.args...)...)
		out, stderr, code := run(t, r, "blame", c.args...)
		if code != c.code || out != "" || !strings.Contains(stderr, c.msg) {
			t.Errorf("reef blame %v: exit %d, stdout %q, stderr %q; want exit %d and %q (git: %v)", c.args, code, out, stderr, c.code, c.msg, gerr)
		}
		if gerr == nil && c.msg != "numeric" {
			t.Errorf("git blame %v succeeded", c.args)
		}
	}
}

func TestBlameSymlinkAndTypeChange(t *testing.T) {
	r := gittest.New(t)
	r.Write("target.txt", "t\n").Commit("target")
	if err := os.Symlink("target.txt", r.Path("link")); err != nil {
		t.Skip("no symlinks:", err)
	}
	r.Commit("link")
	checkBlameAll(t, r, "link")
	r.Remove("link").Write("link", "now a file\n").Commit("link becomes a file")
	checkBlameAll(t, r, "link")
}

func TestBlameEvilOctopusAndSkew(t *testing.T) {
	r := gittest.New(t)
	r.Write("e.txt", blameLines(6, "e%d")).Commit("base")
	r.Checkout("quiet", true).Write("other.txt", "o\n").Commit("quiet branch")
	r.Checkout("main", false)
	// An evil merge: both parents have the same file, the merge edits it.
	r.Git("merge", "-q", "--no-ff", "--no-commit", "quiet")
	r.Write("e.txt", strings.Replace(r.Read("e.txt"), "e003", "evil", 1))
	r.Commit("evil merge")
	// An octopus, each branch touching its own line.
	for i, b := range []string{"o1", "o2", "o3"} {
		r.Checkout(b, true)
		line := fmt.Sprintf("e%03d", 2*i+1)
		r.Write("e.txt", strings.Replace(r.Read("e.txt"), line, b, 1)).Commit("octopus " + b)
		r.Checkout("main", false)
	}
	r.Merge("octopus", "o1", "o2", "o3")
	// Clock skew: a commit dated before its parent.
	r.Write("e.txt", r.Read("e.txt")+"skewed\n")
	r.CommitAt("skewed commit", gittest.Epoch-86400*30)
	r.Write("e.txt", r.Read("e.txt")+"after\n").Commit("after the skew")
	checkBlameAll(t, r, "e.txt", "HEAD", "HEAD~2")
}

func TestBlameShallowAndCommitGraph(t *testing.T) {
	r := gittest.New(t)
	r.Write("s.txt", blameLines(8, "s%d")).Commit("one")
	for i := 1; i <= 6; i++ {
		r.Write("s.txt", strings.Replace(r.Read("s.txt"), fmt.Sprintf("s%03d", i), fmt.Sprintf("edited %d", i), 1)).Commit(fmt.Sprintf("edit %d", i))
	}
	r.Move("s.txt", "moved/s.txt").Commit("move")
	r.Write("moved/s.txt", r.Read("moved/s.txt")+"tail\n").Commit("tail")
	checkBlameAll(t, r, "moved/s.txt")
	r.WriteCommitGraph(true)
	checkBlameAll(t, r, "moved/s.txt", "HEAD", "HEAD~3")
	r.Git("commit-graph", "write", "--reachable") // no changed-path filters
	checkBlameAll(t, r, "moved/s.txt")

	clone := *r
	clone.Dir = filepath.Join(t.TempDir(), "shallow")
	r.Git("clone", "-q", "--depth", "4", "file://"+r.Dir, clone.Dir)
	checkBlameAll(t, &clone, "moved/s.txt")
}
