package gitops

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/textdiff"
)

// shape is a file change to stage parts of: setup commits the base and
// leaves the work tree changed.
type shape struct {
	name  string
	path  string
	setup func(r *gittest.Repo)
}

func numberedLines(n int, f func(i int) string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(f(i))
	}
	return b.String()
}

func stageShapes() []shape {
	base := numberedLines(40, func(i int) string { return fmt.Sprintf("line %d\n", i) })
	edited := numberedLines(40, func(i int) string {
		switch {
		case i == 3:
			return "changed 3\nadded after 3\n"
		case i == 20 || i == 21:
			return ""
		case i == 35:
			return fmt.Sprintf("line %d\nnew a\nnew b\n", i)
		}
		return fmt.Sprintf("line %d\n", i)
	})
	crlf := strings.ReplaceAll(base, "\n", "\r\n")
	crlfEdited := strings.ReplaceAll(edited, "\n", "\r\n")
	return []shape{
		{"modified", "a/main.tf", func(r *gittest.Repo) {
			r.Write("a/main.tf", base).Commit("base")
			r.Write("a/main.tf", edited)
		}},
		{"no final newline", "n.txt", func(r *gittest.Repo) {
			r.Write("n.txt", strings.TrimSuffix(base, "\n")).Commit("base")
			r.Write("n.txt", strings.TrimSuffix(edited, "\n")+"\nline 41\nline 42")
		}},
		{"gains final newline", "g.txt", func(r *gittest.Repo) {
			r.Write("g.txt", "one\ntwo").Commit("base")
			r.Write("g.txt", "zero\none\ntwo\nthree\n")
		}},
		{"crlf stored", "w.bat", func(r *gittest.Repo) {
			r.Write("w.bat", crlf).Commit("base")
			r.Write("w.bat", crlfEdited)
		}},
		{"autocrlf", "auto.txt", func(r *gittest.Repo) {
			r.Write("auto.txt", base).Commit("base")
			r.Git("config", "core.autocrlf", "true")
			r.Write("auto.txt", crlfEdited)
		}},
		{"intent to add", "ita.yaml", func(r *gittest.Repo) {
			r.Write("keep", "k\n").Commit("base")
			r.Write("ita.yaml", "a: 1\nb: 2\nc: 3\n")
			r.Git("add", "-N", "ita.yaml")
		}},
		{"deleted", "gone.txt", func(r *gittest.Repo) {
			r.Write("gone.txt", "x\ny\nz\n").Commit("base")
			r.Remove("gone.txt")
		}},
		{"executable", "run.sh", func(r *gittest.Repo) {
			r.Write("run.sh", base).Chmod("run.sh", 0o755).Commit("base")
			r.Write("run.sh", edited)
		}},
		{"name with spaces", "dir with space/é x.txt", func(r *gittest.Repo) {
			r.Write("dir with space/é x.txt", base).Commit("base")
			r.Write("dir with space/é x.txt", edited)
		}},
	}
}

// partialPatch turns git's diff of one file into the patch that applies
// only the chosen changed lines (git add -p's edit rule: an unchosen "-"
// becomes context, an unchosen "+" goes; reversed for unstaging). It is
// the oracle's own reading of the diff, independent of textdiff. One
// repair: an unterminated last line kept as context before added lines
// is written as removed and added back with a newline, since git would
// otherwise join it to the next line.
func partialPatch(diff string, chosen func(LineRef) bool, reverse bool) string {
	type row = patchRow
	var rows []row
	oldN, newN, inHunk, partial := 0, 0, false, false
	for _, l := range strings.SplitAfter(diff, "\n") {
		if l == "" {
			continue
		}
		switch {
		case strings.HasPrefix(l, "@@"):
			f := strings.Fields(l)
			oldN, _ = strconv.Atoi(strings.Split(strings.TrimPrefix(f[1], "-"), ",")[0])
			newN, _ = strconv.Atoi(strings.Split(strings.TrimPrefix(f[2], "+"), ",")[0])
			oldN, newN, inHunk = max(oldN, 1), max(newN, 1), true
			rows = append(rows, row{text: l, kind: 'h'})
		case !inHunk:
			rows = append(rows, row{text: l, kind: 'h'})
		case l[0] == '\\':
			rows = append(rows, row{text: l, kind: '\\'})
		case l[0] == '-':
			c := chosen(LineRef{Kind: textdiff.Delete, Old: oldN})
			oldN++
			switch {
			case c:
				rows = append(rows, row{l, '-', '-'})
			case reverse:
				rows, partial = append(rows, row{l, 'x', '-'}), true
			default:
				rows, partial = append(rows, row{" " + l[1:], ' ', '-'}), true
			}
		case l[0] == '+':
			c := chosen(LineRef{Kind: textdiff.Insert, New: newN})
			newN++
			switch {
			case c:
				rows = append(rows, row{l, '+', '+'})
			case reverse:
				rows, partial = append(rows, row{" " + l[1:], ' ', '+'}), true
			default:
				rows, partial = append(rows, row{l, 'x', '+'}), true
			}
		default:
			oldN++
			newN++
			rows = append(rows, row{text: l, kind: ' '})
		}
	}
	rows = pairRows(rows)
	var out strings.Builder
	for i, r := range rows {
		switch {
		case r.kind == 'x':
			continue
		case r.kind == '\\':
			if i > 0 && rows[i-1].kind != 'x' {
				out.WriteString(r.text)
			}
			continue
		case r.kind == 'h' && partial && (strings.HasPrefix(r.text, "new file mode") || strings.HasPrefix(r.text, "deleted file mode")):
			continue
		case r.kind == 'h' && partial && strings.HasPrefix(r.text, "--- /dev/null"):
			out.WriteString("--- a/" + strings.TrimPrefix(strings.Fields(rows[i+1].text)[1], "b/") + "\n")
			continue
		case r.kind == 'h' && partial && strings.HasPrefix(r.text, "+++ /dev/null"):
			out.WriteString("+++ b/" + strings.TrimPrefix(strings.Fields(rows[i-1].text)[1], "a/") + "\n")
			continue
		}
		if r.kind == ' ' && i+1 < len(rows) && rows[i+1].kind == '\\' && laterLine(rows[i+2:], reverse) {
			if reverse {
				out.WriteString("+" + r.text[1:] + rows[i+1].text + "-" + r.text[1:])
			} else {
				out.WriteString("-" + r.text[1:] + rows[i+1].text + "+" + r.text[1:])
			}
			rows[i+1].kind = 'x'
			continue
		}
		out.WriteString(r.text)
	}
	return out.String()
}

// laterLine reports whether a line still follows in the result side of
// the hunk: an added line (forward) or a kept old line (reverse).
func laterLine(rows []patchRow, reverse bool) bool {
	want := byte('+')
	if reverse {
		want = '-'
	}
	for _, r := range rows {
		if r.kind == 'h' {
			return false
		}
		if r.kind == want {
			return true
		}
	}
	return false
}

// patchRow is one line of a partial patch being written.
type patchRow struct {
	text string // the line as it goes out, with its prefix
	kind byte   // ' ', '-', '+' after the choice; 'x' dropped; '\\' marker; 'h' header
	orig byte   // '-' or '+': the line's side in git's diff; 0 otherwise
}

// pairRows reorders each change block (its old lines, then its new ones)
// row by row, the k-th old line then the k-th new one, with any "\ No
// newline" marker kept after its line: the order reef stages a block in,
// so that staging one replaced line puts the new line where the old one
// was.
func pairRows(rows []patchRow) []patchRow {
	type unit []patchRow
	var units []unit
	for _, r := range rows {
		if r.kind == '\\' && len(units) > 0 {
			units[len(units)-1] = append(units[len(units)-1], r)
			continue
		}
		units = append(units, unit{r})
	}
	var out []patchRow
	for i := 0; i < len(units); {
		if units[i][0].orig != '-' && units[i][0].orig != '+' {
			out = append(out, units[i]...)
			i++
			continue
		}
		var dels, ins []unit
		for ; i < len(units) && units[i][0].orig == '-'; i++ {
			dels = append(dels, units[i])
		}
		for ; i < len(units) && units[i][0].orig == '+'; i++ {
			ins = append(ins, units[i])
		}
		for k := 0; k < max(len(dels), len(ins)); k++ {
			if k < len(dels) {
				out = append(out, dels[k]...)
			}
			if k < len(ins) {
				out = append(out, ins[k]...)
			}
		}
	}
	return out
}

// selections are the choices tried on every shape: the first hunk,
// every other changed line, and everything.
var selections = []struct {
	name string
	pick func(h, i int) bool // hunk index, index among the changed lines
}{
	{"first hunk", func(h, i int) bool { return h == 0 }},
	{"every other line", func(h, i int) bool { return i%2 == 0 }},
	{"all", func(h, i int) bool { return true }},
}

func chosenRefs(fd FileDiff, pick func(h, i int) bool) []LineRef {
	var out []LineRef
	n := 0
	for h, hk := range fd.Hunks {
		for _, l := range hk.Lines {
			if l.Kind == textdiff.Equal {
				continue
			}
			if pick(h, n) {
				out = append(out, ref(l))
			}
			n++
		}
	}
	return out
}

func inSet(refs []LineRef) func(LineRef) bool {
	s := newSelection(refs)
	return func(l LineRef) bool { return s[l] }
}

// oracle applies patch to a copy of the index with git and returns what
// git then says is staged and unstaged.
func oracle(t *testing.T, r *gittest.Repo, patch string, reverse bool) (cached, worktree string) {
	t.Helper()
	ix := filepath.Join(t.TempDir(), "index")
	b, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(ix, b, 0o644)
	keepIndexTime(t, filepath.Join(r.Dir, ".git", "index"), ix)
	env := append(r.Environ(), "GIT_INDEX_FILE="+ix)
	args := []string{"apply", "--cached", "--recount"}
	if reverse {
		args = append(args, "-R")
	}
	if _, err := runGit(r.Dir, env, []byte(patch), args...); err != nil {
		t.Fatalf("git apply of the oracle patch: %v\n%s", err, patch)
	}
	cached, _ = runGit(r.Dir, env, nil, "diff", "--cached")
	worktree, _ = runGit(r.Dir, env, nil, "diff")
	return cached, worktree
}

func TestStageLinesMatchesGit(t *testing.T) {
	for _, sh := range stageShapes() {
		for _, sel := range selections {
			t.Run(sh.name+"/"+sel.name, func(t *testing.T) {
				r := gittest.New(t)
				sh.setup(r)
				repo := openRepo(t, r)
				fc, fd := unstagedFile(t, repo, sh.path)
				refs := chosenRefs(fd, sel.pick)
				patch := partialPatch(r.Git("diff", "--", sh.path), inSet(refs), false)
				wantCached, wantWorktree := oracle(t, r, patch, false)
				if err := repo.StageLines(context.Background(), fc, refs); err != nil {
					t.Fatal(err)
				}
				if got := r.Git("diff", "--cached"); got != wantCached {
					t.Errorf("git diff --cached:\n%s\nwant:\n%s\npatch:\n%s", got, wantCached, patch)
				}
				if got := r.Git("diff"); got != wantWorktree {
					t.Errorf("git diff:\n%s\nwant:\n%s", got, wantWorktree)
				}
				r.Git("fsck", "--strict")
			})
		}
	}
}

func TestUnstageLinesMatchesGit(t *testing.T) {
	for _, sh := range stageShapes() {
		for _, sel := range selections {
			t.Run(sh.name+"/"+sel.name, func(t *testing.T) {
				r := gittest.New(t)
				sh.setup(r)
				r.Git("add", "-A")
				repo := openRepo(t, r)
				fc, fd := stagedFile(t, repo, sh.path)
				refs := chosenRefs(fd, sel.pick)
				if sh.name == "deleted" && sel.name == "every other line" {
					// git apply -R cannot bring back part of a deleted
					// file: the lines unstaged are the file's content.
					if err := repo.UnstageLines(context.Background(), fc, refs); err != nil {
						t.Fatal(err)
					}
					if got := r.Git("show", ":gone.txt"); got != "x\nz\n" {
						t.Errorf("index gone.txt = %q", got)
					}
					return
				}
				patch := partialPatch(r.Git("diff", "--cached", "--", sh.path), inSet(refs), true)
				wantCached, wantWorktree := oracle(t, r, patch, true)
				if err := repo.UnstageLines(context.Background(), fc, refs); err != nil {
					t.Fatal(err)
				}
				if got := r.Git("diff", "--cached"); got != wantCached {
					t.Errorf("git diff --cached:\n%s\nwant:\n%s\npatch:\n%s", got, wantCached, patch)
				}
				if got := r.Git("diff"); got != wantWorktree {
					t.Errorf("git diff:\n%s\nwant:\n%s", got, wantWorktree)
				}
				r.Git("fsck", "--strict")
			})
		}
	}
}

func unstagedFile(t *testing.T, repo *Repo, path string) (FileChange, FileDiff) {
	t.Helper()
	fcs, err := repo.DiffUnstaged(context.Background(), DiffOptions{Paths: []string{path}})
	if err != nil || len(fcs) != 1 {
		t.Fatalf("DiffUnstaged %s: %v %+v", path, err, fcs)
	}
	fd, err := repo.FilePatch(context.Background(), fcs[0], DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return fcs[0], fd
}

func stagedFile(t *testing.T, repo *Repo, path string) (FileChange, FileDiff) {
	t.Helper()
	fcs, err := repo.DiffStaged(context.Background(), DiffOptions{Paths: []string{path}, Renames: RenamesOff})
	if err != nil || len(fcs) != 1 {
		t.Fatalf("DiffStaged %s: %v %+v", path, err, fcs)
	}
	fd, err := repo.FilePatch(context.Background(), fcs[0], DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return fcs[0], fd
}

// runGit runs git with an environment of the test's choosing.
func runGit(dir string, env []string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}
