package historypane

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops/gittest"
)

// porcelainLine is what git blame --porcelain says of one line.
type porcelainLine struct {
	commit, path string
	orig         int
	prev         string // "previous" of the line's commit: "<commit> <path>"
}

// gitBlame runs git blame --porcelain and reads each line's commit, its
// path and line there, and the commit's "previous".
func gitBlame(t *testing.T, r *gittest.Repo, rev, path string) []porcelainLine {
	t.Helper()
	files := map[string]string{}
	prevs := map[string]string{}
	var out []porcelainLine
	var cur *porcelainLine
	for _, l := range strings.Split(r.Git("blame", "--porcelain", rev, "--", path), "\n") {
		f := strings.Fields(l)
		switch {
		case l == "":
		case strings.HasPrefix(l, "\t"):
			cur.path = files[cur.commit]
			cur.prev = prevs[cur.commit]
			out = append(out, *cur)
		case len(f[0]) == 40 && len(f) >= 3:
			orig, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			cur = &porcelainLine{commit: f[0], orig: orig}
		case f[0] == "filename":
			files[cur.commit] = strings.TrimPrefix(l, "filename ")
		case f[0] == "previous":
			prevs[cur.commit] = strings.TrimPrefix(l, "previous ")
		}
	}
	return out
}

// checkBlame compares the blame on top of the stack with git's.
func checkBlame(t *testing.T, r *gittest.Repo, m Model) {
	t.Helper()
	b := m.topBlame()
	if b == nil || !b.ready() {
		t.Fatalf("no blame shown (err %v)", b.err)
	}
	want := gitBlame(t, r, b.ver.commit.String(), b.ver.path)
	if len(b.blame.Lines) != len(want) {
		t.Fatalf("blame of %s at %s: %d lines, git %d", b.ver.path, b.ver.commit, len(b.blame.Lines), len(want))
	}
	for i, l := range b.blame.Lines {
		g := b.blame.Groups[b.group[i]]
		prev := ""
		if !g.PrevCommit.IsZero() {
			prev = g.PrevCommit.String() + " " + g.PrevPath
		}
		got := porcelainLine{commit: l.Commit.String(), path: l.OrigPath, orig: l.OrigLine, prev: prev}
		if got != want[i] {
			t.Errorf("line %d: %+v, git blame --porcelain %+v", i+1, got, want[i])
		}
	}
}

// TestBlame: b blames the selected version as git blame --porcelain does;
// the screen shows each line's commit, author and date at the start of
// its run, coloured by age.
func TestBlame(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m = press(t, m, "b")
	if m.shown() != showBlame || m.focus != areaDetail {
		t.Fatalf("b shows %d, focus %d", m.shown(), m.focus)
	}
	checkBlame(t, r, m)
	view := ansi.Strip(m.View(""))
	b := m.topBlame()
	for i, l := range b.blame.Lines[:min(len(b.blame.Lines), m.detailBodyHeight())] {
		if i > 0 && b.blame.Lines[i-1].Commit == l.Commit {
			continue
		}
		row := fmt.Sprintf("%s %s", cell(repo.ShortHash(l.Commit), blameHashW), cell(l.Author.Name, blameAuthorW))
		if !strings.Contains(view, row+" "+l.Author.When.Format("2006-01-02")) {
			t.Errorf("line %d: %q is not on screen:\n%s", i+1, row, view)
		}
	}
	// Lines of different dates get different steps of the scale, newest
	// first.
	levels := map[string]uint8{}
	for i, l := range b.blame.Lines {
		levels[l.Commit.String()] = b.level[i]
	}
	newest := m.list.rows[0].commit.ID.String()
	if levels[newest] != 0 {
		t.Errorf("the newest commit's lines are at step %d", levels[newest])
	}
	distinct := map[uint8]bool{}
	for _, lv := range levels {
		distinct[lv] = true
	}
	if len(levels) > 1 && len(distinct) < 2 {
		t.Errorf("commits of different dates share one colour: %v", levels)
	}
}

// blameMoved blames the version the move made: its lines go back to the
// file's old name (the later deletion and re-addition cut blame short).
func blameMoved(t *testing.T, m Model) (Model, string) {
	t.Helper()
	for _, e := range m.list.rows {
		if strings.HasPrefix(e.commit.Subject, "Move the VPC module") {
			m = selectRow(t, m, e.commit.ID.String())
			return press(t, m, "b"), e.commit.ID.String()
		}
	}
	t.Fatal("the move is not listed")
	return m, ""
}

// TestBlameParentStack: B re-blames at the parent of the line's commit,
// as git blame's "previous" names it, across the move; esc pops back
// one blame at a time, then gives the list the keyboard.
func TestBlameParentStack(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m, moved := blameMoved(t, m)
	// Down to a line the move (with its edit) did not write: subnet b's
	// tag, last changed on main before the move.
	b := m.topBlame()
	line := -1
	for i, l := range b.blame.Lines {
		if l.OrigPath == oldPath && !l.Boundary {
			line = i
			break
		}
	}
	if line < 0 {
		t.Fatal("no line comes from a commit before the move")
	}
	for range line {
		m = press(t, m, "j")
	}
	l := m.topBlame().blame.Lines[line]
	want := gitBlame(t, r, moved, newPath)[line].prev
	m = press(t, m, "B")
	if len(m.blames) != 2 {
		t.Fatalf("B made a stack of %d", len(m.blames))
	}
	top := m.topBlame()
	if got := top.ver.commit.String() + " " + top.ver.path; got != want {
		t.Errorf("B blames %s; git blame's previous is %s", got, want)
	}
	checkBlame(t, r, m)
	if top.cursor != l.OrigLine-1 {
		t.Errorf("the cursor is on line %d, the line was %d there", top.cursor+1, l.OrigLine)
	}
	// B at a root line says there is nothing older.
	m = press(t, m, "G")
	for m.topBlame().blame.Lines[m.topBlame().cursor].Boundary == false && len(m.blames) < 8 {
		m = press(t, m, "B")
	}
	depth := len(m.blames)
	_, cmd, _ := m.Key(keyMsg("B"))
	if cmd == nil || !strings.Contains(fmt.Sprint(cmd()), "nothing older") && !strings.Contains(fmt.Sprint(cmd()), "oldest commit") {
		t.Errorf("B on a root line does not say why it does nothing")
	}
	for i := depth; i > 0; i-- {
		m = press(t, m, "esc")
		if len(m.blames) != i-1 {
			t.Fatalf("esc left %d blames, want %d", len(m.blames), i-1)
		}
	}
	if m.focus != areaList || m.shown() != showDiff {
		t.Errorf("esc at the bottom of the stack: focus %d, showing %d", m.focus, m.shown())
	}
}

// TestBlameOpensCommitDiff: enter on a blamed line shows its commit's
// change to the file (under the name the file had there), at that line;
// esc comes back to the blame.
func TestBlameOpensCommitDiff(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m, _ = blameMoved(t, m)
	b := m.topBlame()
	line := -1
	for i, l := range b.blame.Lines {
		if l.OrigPath == oldPath && !l.Boundary {
			line = i
			break
		}
	}
	if line < 0 {
		t.Fatal("no line comes from a commit before the move")
	}
	for range line {
		m = press(t, m, "j")
	}
	l := m.topBlame().blame.Lines[line]
	m = press(t, m, "enter")
	if !m.DiffShown() || !m.DiffFocused() {
		t.Fatalf("enter does not show the diff")
	}
	req, _ := m.DiffRequest()
	if req.Source.Commit != l.Commit || req.Files[0].NewPath != l.OrigPath || req.Line != l.OrigLine {
		t.Errorf("enter opens %v %s at %d; the line is %s %s:%d", req.Source.Commit, req.Files[0].NewPath, req.Line, l.Commit, l.OrigPath, l.OrigLine)
	}
	want := gitPatch(r, l.Commit.String()+"^", l.Commit.String(), "--", l.OrigPath)
	if got := patch(t, repo, m); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\ngit:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m = press(t, m, "esc")
	if m.shown() != showBlame || len(m.blames) != 1 {
		t.Errorf("esc from the line's diff does not come back to the blame")
	}
	if req, _ := m.DiffRequest(); req.Source.Commit != m.list.selected().commit.ID {
		t.Errorf("the list's diff is not back under the blame")
	}
}
