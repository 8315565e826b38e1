package gitops

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// numbered makes n lines "tag N".
func numbered(tag string, n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%s %d\n", tag, i)
	}
	return b.String()
}

// corpus builds the diff oracle's repository: two commits whose diff has
// renames with edits, CRLF, missing final newlines, mode changes, binary
// and empty files, deletions, odd names, a 10,000-line file, symlinks, a
// type change and a submodule pointer. It returns the two commits.
func corpus(t testing.TB) (*gittest.Repo, string, string) {
	r := gittest.New(t)
	big := numbered("line", 10000)
	r.Write("big.txt", big)
	r.Write("infra/main.tf", numbered("resource", 40))
	r.Write("infra/vars.tf", numbered("variable", 30))
	r.Write("crlf.txt", strings.ReplaceAll(numbered("dos", 12), "\n", "\r\n"))
	r.Write("noeol.txt", "one\ntwo\nthree")
	r.Write("addeol.txt", "alpha\nbeta")
	r.Write("dropeol.txt", "gamma\ndelta\n")
	r.Write("run.sh", "#!/bin/sh\necho hi\n")
	r.Write("mode-only.sh", "#!/bin/sh\n").Chmod("mode-only.sh", 0o755)
	r.WriteBytes("image.bin", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	r.Write("empty-gone", "")
	r.Write("becomes-empty.txt", "content\n")
	r.Write("deleted.yaml", numbered("key", 5))
	r.Write("my file.tf", numbered("spaced", 6))
	r.WriteBytes("caf\xe9.txt", []byte("latin-1 name\n"))
	r.Write("tab\tname.txt", "tab in name\n")
	r.Write("quote\"name.txt", "quote in name\n")
	r.Write("dir/nested/deep.md", numbered("deep", 8))
	r.Write("copy-src.tf", numbered("module", 25))
	r.Write("typechange", "was a file\n")
	r.Write("to-dir", "file then dir\n")
	if err := os.Symlink("infra/main.tf", r.Path("link")); err != nil {
		t.Fatal(err)
	}
	r.Git("add", "-A")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("1", 40)+",vendor/sub")
	a := r.CommitStaged("base")

	big = strings.Replace(big, "line 5000\n", "line 5000 changed\n", 1)
	big = strings.Replace(big, "line 20\n", "", 1)
	big += "line appended\n"
	r.Write("big.txt", big)
	r.Remove("infra/main.tf").Write("modules/net/main.tf", strings.Replace(numbered("resource", 40), "resource 7\n", "resource seven\n", 1))
	r.Remove("infra/vars.tf").Write("infra/variables.tf", numbered("variable", 30))
	r.Write("crlf.txt", strings.ReplaceAll(strings.Replace(numbered("dos", 12), "dos 6", "DOS 6", 1), "\n", "\r\n"))
	r.Write("noeol.txt", "one\ntwo\nTHREE")
	r.Write("addeol.txt", "alpha\nbeta\n")
	r.Write("dropeol.txt", "gamma\ndelta")
	r.Write("run.sh", "#!/bin/sh\necho hello\n").Chmod("run.sh", 0o755)
	r.Chmod("mode-only.sh", 0o644)
	r.WriteBytes("image.bin", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR more"))
	r.WriteBytes("new.bin", []byte{0, 1, 2, 3})
	r.Remove("empty-gone").Write("empty-new", "")
	r.Write("becomes-empty.txt", "")
	r.Remove("deleted.yaml")
	r.Write("my file.tf", strings.Replace(numbered("spaced", 6), "spaced 3", "spaced three", 1))
	r.WriteBytes("caf\xe9.txt", []byte("latin-1 name, edited\n"))
	r.Write("tab\tname.txt", "tab in name, edited\n")
	r.Remove("quote\"name.txt").Write("renamed \"quote\".txt", "quote in name\n")
	r.Write("dir/nested/deep.md", numbered("deep", 9))
	r.Write("copy-src.tf", numbered("module", 26))
	r.Write("copy-dst.tf", numbered("module", 25))
	r.Remove("typechange")
	if err := os.Symlink("run.sh", r.Path("typechange")); err != nil {
		t.Fatal(err)
	}
	r.Remove("link")
	if err := os.Symlink("modules/net/main.tf", r.Path("link")); err != nil {
		t.Fatal(err)
	}
	r.Remove("to-dir").Write("to-dir/inside.txt", "now a dir\n")
	r.Git("add", "-A")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("2", 40)+",vendor/sub")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("3", 40)+",vendor/other")
	b := r.CommitStaged("change everything")
	return r, a, b
}

func openRepo(t testing.TB, r *gittest.Repo) *Repo {
	t.Helper()
	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return repo
}

func hash(t testing.TB, s string) Hash {
	t.Helper()
	id, err := ParseHash(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// render produces reef's output for a list of changes in a git format.
func render(t testing.TB, repo *Repo, changes []FileChange, o DiffOptions, format string) string {
	t.Helper()
	var buf bytes.Buffer
	switch format {
	case "--name-status":
		WriteNameStatus(&buf, changes)
		return buf.String()
	case "--name-only":
		WriteNameOnly(&buf, changes)
		return buf.String()
	}
	diffs, err := repo.FilePatches(t.Context(), changes, o)
	if err != nil {
		t.Fatal(err)
	}
	switch format {
	case "--stat":
		err = WriteStat(&buf, diffs, StatOptions{})
	case "--numstat":
		err = WriteNumStat(&buf, diffs)
	case "--shortstat":
		err = WriteShortStat(&buf, diffs)
	default:
		err = WritePatch(&buf, diffs, PatchOptions{Abbrev: repo.ShortHash})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// diffCase is one reef/git comparison: DiffOptions and git's flags.
type diffCase struct {
	o    DiffOptions
	args []string
}

var diffCases = []diffCase{
	{DiffOptions{}, nil},
	{DiffOptions{Renames: RenamesOff}, []string{"--no-renames"}},
	{DiffOptions{Renames: RenamesCopies}, []string{"-C"}},
	{DiffOptions{Context: 1}, []string{"-U1"}},
	{DiffOptions{Context: -1}, []string{"-U0"}},
	{DiffOptions{Context: 25}, []string{"-U25"}},
	{DiffOptions{Whitespace: IgnoreAllWhitespace}, []string{"-w"}},
	{DiffOptions{Paths: []string{"infra", "modules/net/main.tf", "big.txt"}}, []string{"--", "infra", "modules/net/main.tf", "big.txt"}},
}

var formats = []string{"-p", "--stat", "--numstat", "--shortstat", "--name-status", "--name-only"}

func TestDiffRevsMatchesGit(t *testing.T) {
	r, a, b := corpus(t)
	repo := openRepo(t, r)
	for _, c := range diffCases {
		changes, err := repo.DiffRevs(t.Context(), hash(t, a), hash(t, b), c.o)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formats {
			if c.o.Context != 0 && f != "-p" {
				continue // git's -U implies -p
			}
			got := render(t, repo, changes, c.o, f)
			var args []string
			if len(c.args) > 0 && c.args[0] == "--" {
				args = append([]string{"diff", f, a, b}, c.args...)
			} else {
				args = append(append([]string{"diff", f}, c.args...), a, b)
			}
			if want := r.Git(args...); got != want {
				t.Errorf("git %s differs:\n%s", strings.Join(args, " "), firstDiff(got, want))
			}
		}
	}
}

// firstDiff shows where two outputs part.
func firstDiff(got, want string) string {
	gl, wl := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			lo := max(i-3, 0)
			return fmt.Sprintf("line %d:\nreef: %q\ngit:  %q\ncontext (git): %q", i+1, g, w, wl[lo:min(i+3, len(wl))])
		}
	}
	return "(same)"
}

// TestPatchApplies checks that reef's patch, applied by git to the old
// commit, gives exactly the new tree (binary files aside: a patch without
// --binary cannot carry them, for git either).
func TestPatchApplies(t *testing.T) {
	r, a, b := corpus(t)
	repo := openRepo(t, r)
	for _, o := range []DiffOptions{{}, {Renames: RenamesOff}, {Renames: RenamesCopies}, {Context: -1}} {
		changes, err := repo.DiffRevs(t.Context(), hash(t, a), hash(t, b), o)
		if err != nil {
			t.Fatal(err)
		}
		patch := render(t, repo, changes, o, "-p")
		patchFile := filepath.Join(t.TempDir(), "p.diff")
		os.WriteFile(patchFile, []byte(patch), 0o644)
		r.Git("read-tree", a)
		args := []string{"apply", "--cached", "--exclude=image.bin", "--exclude=new.bin"}
		if o.Context < 0 {
			args = append(args, "--unidiff-zero")
		}
		r.Git(append(args, patchFile)...)
		tree := strings.TrimSpace(r.Git("write-tree"))
		left := r.Git("diff-tree", "-r", "--name-only", tree, b)
		if left != "image.bin\nnew.bin\n" {
			t.Errorf("after git apply (%+v), the tree still differs in:\n%s", o, left)
		}
		r.Git("read-tree", b)
	}
}

// dirty changes the corpus work tree and index after its second commit.
func dirty(t testing.TB, r *gittest.Repo) {
	r.Write("big.txt", strings.Replace(r.Read("big.txt"), "line 7000\n", "line 7000 edited\n", 1))
	r.Write("crlf.txt", strings.ReplaceAll(r.Read("crlf.txt"), "dos 2", "DOS 2"))
	r.Write("noeol.txt", "one\ntwo\nTHREE\n")
	r.Chmod("run.sh", 0o644)
	r.Remove("my file.tf")
	r.Write("staged.txt", "staged\n")
	r.Git("add", "staged.txt", "noeol.txt")
	r.Write("noeol.txt", "one\n2\nTHREE\n") // staged and changed again
	r.Write("ita.txt", "intent\nto add\n")
	r.Git("add", "-N", "ita.txt")
	r.Write("untracked.txt", "not listed\n")
	r.Write("copy-dst.tf", r.Read("copy-dst.tf")) // touched, same content
	r.Git("rm", "-q", "--cached", "deleted-later.txt")
}

func TestWorktreeDiffsMatchGit(t *testing.T) {
	r, _, _ := corpus(t)
	r.Write("deleted-later.txt", "x\n").Commit("one more")
	dirty(t, r)
	repo := openRepo(t, r)
	head := hash(t, r.Rev("HEAD"))
	older := hash(t, r.Rev("HEAD~2"))
	kinds := []struct {
		name string
		git  []string
		list func(DiffOptions) ([]FileChange, error)
	}{
		{"unstaged", []string{"diff"}, func(o DiffOptions) ([]FileChange, error) { return repo.DiffUnstaged(t.Context(), o) }},
		{"staged", []string{"diff", "--cached"}, func(o DiffOptions) ([]FileChange, error) { return repo.DiffStaged(t.Context(), o) }},
		{"HEAD", []string{"diff", "HEAD"}, func(o DiffOptions) ([]FileChange, error) { return repo.DiffWorktree(t.Context(), head, o) }},
		{"HEAD~2", []string{"diff", "HEAD~2"}, func(o DiffOptions) ([]FileChange, error) { return repo.DiffWorktree(t.Context(), older, o) }},
		{"cached HEAD~2", []string{"diff", "--cached", "HEAD~2"}, func(o DiffOptions) ([]FileChange, error) { return repo.DiffIndex(t.Context(), older, o) }},
	}
	for _, k := range kinds {
		for _, c := range diffCases[:3] {
			changes, err := k.list(c.o)
			if err != nil {
				t.Fatal(k.name, err)
			}
			for _, f := range formats {
				got := render(t, repo, changes, c.o, f)
				args := append(append(append([]string{}, k.git[0], f), c.args...), k.git[1:]...)
				if want := r.Git(args...); got != want {
					t.Errorf("%s: git %s differs:\n%s", k.name, strings.Join(args, " "), firstDiff(got, want))
				}
			}
		}
	}
}

func TestWorktreeAutoCRLF(t *testing.T) {
	r := gittest.New(t)
	r.Write("unix.txt", "a\nb\n").Write("dos.txt", "c\r\nd\r\n").Write(".gitattributes", "*.crlf text\n*.bin binary\n*.nodiff -diff\n")
	r.Write("x.crlf", "e\nf\n").Write("y.bin", "text really\n").Write("z.nodiff", "q\n").Commit("base")
	r.Git("config", "core.autocrlf", "true")
	r.Write("unix.txt", "a\r\nb\r\nc\r\n").Write("dos.txt", "c\r\nd\r\nmore\r\n").Write("x.crlf", "e\r\nF\r\n")
	r.Write("y.bin", "text really, changed\n").Write("z.nodiff", "r\n")
	repo := openRepo(t, r)
	changes, err := repo.DiffUnstaged(t.Context(), DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range formats {
		if got, want := render(t, repo, changes, DiffOptions{}, f), r.Git("diff", f); got != want {
			t.Errorf("git diff %s differs:\n%s", f, firstDiff(got, want))
		}
	}
}
