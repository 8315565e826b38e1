package historypane

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
)

// TestListIsGitLogFollow: the list is git log --follow's, through a move
// with an edit, a deletion and re-addition, a merged branch; each row
// carries the file's name in its commit, as git log --name-status says.
func TestListIsGitLogFollow(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	want := lines(r.Git("log", "--follow", "--format=%H", "--", newPath))
	if got := ids(m); !slices.Equal(got, want) {
		t.Fatalf("list:\n%s\ngit log --follow:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, done := m.Loaded(); n != len(want) || !done {
		t.Errorf("Loaded() = %d, %v", n, done)
	}
	// git log --follow --name-status: "R100\told\tnew" or "M\tpath".
	var names []string
	for _, l := range lines(r.Git("log", "--follow", "--format=", "--name-status", "--", newPath)) {
		f := strings.Split(l, "\t")
		names = append(names, f[len(f)-1])
	}
	for i, e := range m.list.rows {
		if e.path != names[i] {
			t.Errorf("row %d (%s): path %q, git says %q", i, e.commit.Subject, e.path, names[i])
		}
	}
}

// TestSelectedCommitDiff: selecting a row shows that commit's change to
// the file: git show's, the rename's too.
func TestSelectedCommitDiff(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	for _, e := range m.list.rows {
		id := e.commit.ID.String()
		m = selectRow(t, m, id)
		got := patch(t, repo, m)
		var want []string
		if e.oldPath != "" {
			want = gitPatch(r, "-M", id+"^", id, "--", e.oldPath, e.path)
		} else if len(e.commit.Parents) == 0 {
			want = gitPatch(r, "4b825dc642cb6eb9a060e54bf8d69288fbee4904", id, "--", e.path)
		} else {
			want = gitPatch(r, id+"^", id, "--", e.path)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %s:\n%s\ngit:\n%s", id[:7], e.commit.Subject, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if req, _ := m.DiffRequest(); req.Files[0].NewPath != e.path {
			t.Errorf("%s: the diff shows %s, the row %s", id[:7], req.Files[0].NewPath, e.path)
		}
	}
}

// TestMarkComparesVersions: m on one row, then another selected: the
// diff is git diff A B between the older and the newer, across the move.
func TestMarkComparesVersions(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	rows := m.list.rows
	last := len(rows) - 1
	cases := []struct{ mark, sel int }{{0, 2}, {2, 0}, {1, last}}
	for _, c := range cases {
		m = selectRow(t, m, rows[c.mark].commit.ID.String())
		m = press(t, m, "m")
		m = selectRow(t, m, rows[c.sel].commit.ID.String())
		older, newer := rows[max(c.mark, c.sel)], rows[min(c.mark, c.sel)]
		want := gitPatch(r, "-M", older.commit.ID.String(), newer.commit.ID.String(), "--", older.path, newer.path)
		if got := patch(t, repo, m); !slices.Equal(got, want) {
			t.Errorf("marked %d, selected %d:\n%s\ngit diff:\n%s", c.mark, c.sel, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		m = press(t, m, "esc") // clears the mark
		if m.list.mark != 0 {
			t.Fatalf("esc left the mark")
		}
	}
}

// TestWorktreeAgainstVersion: W shows the work-tree file against the
// selected version: git diff REV -- path.
func TestWorktreeAgainstVersion(t *testing.T) {
	r := history(t)
	r.Write(newPath, vpc(8, map[int]string{3: "wip"}))
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	for _, i := range []int{0, 2} {
		e := m.list.rows[i]
		m = selectRow(t, m, e.commit.ID.String())
		if !m.worktree {
			m = press(t, m, "W")
		}
		want := gitPatch(r, e.commit.ID.String(), "--", newPath)
		if got := patch(t, repo, m); !slices.Equal(got, want) {
			t.Errorf("W at %s:\n%s\ngit diff:\n%s", e.commit.Subject, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	m = press(t, m, "W")
	if req, _ := m.DiffRequest(); m.worktree || req.Files[0].Worktree {
		t.Errorf("W again does not go back to the commit's own change")
	}
}

// TestWholeFile: enter shows the selected version's whole file, as git
// show REV:PATH has it, under the name it has there; enter again the diff.
func TestWholeFile(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	old := m.list.rows[len(m.list.rows)-1]
	m = selectRow(t, m, old.commit.ID.String())
	m = press(t, m, "enter")
	if m.shown() != showFile || m.DiffShown() {
		t.Fatalf("enter does not show the file")
	}
	want := r.Git("show", old.commit.ID.String()+":"+oldPath)
	if got := strings.Join(m.file.lines, "\n") + "\n"; got != want {
		t.Errorf("file view:\n%s\ngit show:\n%s", got, want)
	}
	if len(m.file.spans) == 0 {
		t.Errorf("no syntax colours for a .tf file")
	}
	// The file view follows the selection.
	m = selectRow(t, m, m.list.rows[0].commit.ID.String())
	if want := r.Read(newPath); strings.Join(m.file.lines, "\n")+"\n" != want {
		t.Errorf("the file view did not follow the selection to HEAD")
	}
	m = press(t, m, "enter")
	if m.shown() != showDiff || !m.DiffShown() {
		t.Errorf("enter again does not show the diff")
	}
}

// TestDeletedVersion: the commit that deleted the file lists, its diff
// is the deletion, and its file view and blame say why they are empty.
func TestDeletedVersion(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	var del string
	for _, e := range m.list.rows {
		if e.commit.Subject == "Drop the VPC module" {
			del = e.commit.ID.String()
		}
	}
	m = selectRow(t, m, del)
	if req, _ := m.DiffRequest(); req.Files[0].Status != 'D' {
		t.Errorf("the deletion's diff is %c", req.Files[0].Status)
	}
	m = press(t, m, "enter")
	if !m.file.missing || !strings.Contains(m.View(""), "deleted here") {
		t.Errorf("the file view of a deletion does not say so:\n%s", m.View(""))
	}
	m = press(t, m, "b")
	if !strings.Contains(m.View(""), "nothing to blame") {
		t.Errorf("blame of a deletion does not say so:\n%s", m.View(""))
	}
}

// TestFilter: / keeps the rows whose author or message matches.
func TestFilter(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m = press(t, m, "/", "s", "u", "b", "n", "e", "t", " ", "b")
	if !m.Capturing() {
		t.Fatal("the filter does not capture typing")
	}
	m = press(t, m, "enter")
	var got []string
	for i := 0; i < m.list.count(); i++ {
		got = append(got, m.list.at(i).commit.Subject)
	}
	if !slices.Equal(got, []string{"Widen subnet b"}) {
		t.Errorf("filtered rows %q", got)
	}
	if m.selected() != m.list.at(0).commit.ID {
		t.Errorf("the selection is not on the row that shows")
	}
	m = press(t, m, "esc")
	if m.list.query != "" || m.list.visible != nil {
		t.Errorf("esc does not clear the filter")
	}
	m = press(t, m, "/", "A", "d", "a", "enter") // the author
	if m.list.count() != len(m.list.rows) || len(m.list.visible) != len(m.list.rows) {
		t.Errorf("author filter keeps %d of %d", m.list.count(), len(m.list.rows))
	}
}

// TestLeavingCancelsAndResumes: leaving the screen cancels the walk;
// coming back walks on without listing a commit twice; another file
// cancels the first one's walk.
func TestLeavingCancelsAndResumes(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := New(testEnv(t, repo))
	m.SetSize(120, 40)
	m, _ = m.Open(newPath, gitops.Hash{})
	ctx := m.walk.ctx
	m = m.Pause()
	if ctx.Err() == nil || !m.walk.stale {
		t.Fatalf("leaving the screen left the walk running")
	}
	m, cmd := m.Resume()
	m = drain(t, m, cmd)
	want := lines(r.Git("log", "--follow", "--format=%H", "--", newPath))
	if !slices.Equal(ids(m), want) {
		t.Fatalf("after coming back:\n%s", strings.Join(ids(m), "\n"))
	}
	// A walk started again over a full list adds nothing.
	m, cmd = m.restartWalk()
	m = drain(t, m, cmd)
	if !slices.Equal(ids(m), want) {
		t.Errorf("walking again listed:\n%s", strings.Join(ids(m), "\n"))
	}
	// History changed meanwhile: the list takes the new walk from where
	// they part.
	r.Git("commit", "--amend", "-q", "-m", "Retag subnets a and e (amended)")
	m, cmd = m.restartWalk()
	m = drain(t, m, cmd)
	want = lines(r.Git("log", "--follow", "--format=%H", "--", newPath))
	if !slices.Equal(ids(m), want) {
		t.Errorf("after an amend:\n%s\nwant:\n%s", strings.Join(ids(m), "\n"), strings.Join(want, "\n"))
	}
	// Shorter: the last commit undone.
	r.Git("reset", "-q", "--hard", "HEAD~1")
	m, cmd = m.restartWalk()
	m = drain(t, m, cmd)
	want = lines(r.Git("log", "--follow", "--format=%H", "--", newPath))
	if !slices.Equal(ids(m), want) {
		t.Errorf("after a reset:\n%s\nwant:\n%s", strings.Join(ids(m), "\n"), strings.Join(want, "\n"))
	}
	m, _ = m.Open("README.md", gitops.Hash{})
	ctx = m.walk.ctx
	m, _ = m.Open(newPath, gitops.Hash{})
	if ctx.Err() == nil {
		t.Errorf("opening another file left the walk running")
	}
}

// TestLineHistory: v in the file view selects lines; enter lists the
// commits that changed them, as git log -L; esc gives the whole history
// back, with the selection where it was.
func TestLineHistory(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m = press(t, m, "j", "enter", "tab") // the file at HEAD~1
	m = press(t, m, "j", "j", "j", "v", "j", "j", "j")
	if a, b, ok := m.file.selection(); !ok || a != 4 || b != 7 {
		t.Fatalf("selection %d–%d (%v)", a, b, ok)
	}
	at := m.list.rows[1].commit.ID.String()
	m = press(t, m, "enter")
	want := lines(r.Git("log", "-L4,7:"+newPath, "--format=%H", "--no-patch", at))
	if got := ids(m); !slices.Equal(got, want) {
		t.Fatalf("line history:\n%s\ngit log -L:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v := m.View(""); !strings.Contains(v, "Lines 4–7 of "+newPath) {
		t.Errorf("the title does not name the lines:\n%s", v)
	}
	if req, _ := m.DiffRequest(); len(req.Files) != 1 || req.Line == 0 {
		t.Errorf("a line history row opens %+v", req)
	}
	m = press(t, m, "esc")
	if m.lines != nil || len(m.list.rows) != len(lines(r.Git("log", "--follow", "--format=%H", "--", newPath))) {
		t.Errorf("esc does not give the whole history back")
	}
	if m.list.cursor != 1 {
		t.Errorf("the whole history's selection moved to %d", m.list.cursor)
	}
}

// TestHostileText: subjects, names, paths and file content cannot drive
// the terminal.
func TestHostileText(t *testing.T) {
	r := history(t)
	evil := "evil\x1b[2J\x1b]0;owned\x07.tf"
	r.Write(evil, "a = \"\x1b[31mred\"\n").Commit("\x1b]0;owned\x07subject")
	r.Setenv("GIT_AUTHOR_NAME", "Mallory\x1b[2J")
	r.Write(evil, "a = \"\x1b[31mred\"\nb = 1\n").Commit("second")
	repo := openRepo(t, r)
	m := opened(t, repo, evil, 120, 40)
	views := []string{m.View("")}
	m = press(t, m, "enter")
	views = append(views, m.View(""))
	m = press(t, m, "b")
	views = append(views, m.View(""))
	for _, v := range views {
		if strings.Contains(v, "\x1b[2J") || strings.Contains(v, "\x1b]0;") || strings.Contains(v, "\x07") || strings.Contains(v, "\x1b[31mred") {
			t.Errorf("a control sequence reached the screen:\n%q", v)
		}
	}
	if !strings.Contains(views[0], "␛]0;owned␇subject") || !strings.Contains(views[0], "Mallory␛[2J") {
		t.Errorf("the hostile subject and author are not shown as text:\n%s", views[0])
	}
	if !strings.Contains(views[2], "␛[31mred") {
		t.Errorf("the hostile line is not shown as text")
	}
}

// TestCounts: the rows on screen get the +/- counts git log --follow
// --numstat prints, renames included.
func TestCounts(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	var want []string
	for _, l := range lines(r.Git("log", "--follow", "--format=", "--numstat", "--", newPath)) {
		f := strings.Fields(l)
		want = append(want, "+"+f[0]+" -"+f[1])
	}
	var got []string
	for _, e := range m.list.rows {
		got = append(got, ansi.Strip(m.counts(&e)))
	}
	if !slices.Equal(got, want) {
		t.Errorf("counts %q, git log --numstat %q", got, want)
	}
	if v := ansi.Strip(m.View("")); !strings.Contains(v, want[0]) {
		t.Errorf("the counts are not on screen:\n%s", v)
	}
}

// TestWorktreeAfterRename: history opened at a commit where the file had
// its old name; W compares the selected version with the work-tree file
// it was renamed to since, as git diff -M pairs them.
func TestWorktreeAfterRename(t *testing.T) {
	r := history(t)
	r.Write(newPath, vpc(8, map[int]string{0: "v5", 4: "v5", 5: "wip"}))
	repo := openRepo(t, r)
	merge, err := gitops.ParseHash(r.Rev("HEAD~4"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(r.Git("log", "-1", "--format=%s", merge.String())); got != "Merge branch feature" {
		t.Fatalf("HEAD~4 is %q", got)
	}
	m := New(testEnv(t, repo))
	m.SetSize(120, 40)
	m, cmd := m.Open(oldPath, merge)
	m = drain(t, m, cmd)
	e := m.list.rows[0]
	m = selectRow(t, m, e.commit.ID.String())
	m = press(t, m, "W")
	want := gitPatch(r, "-M", e.commit.ID.String(), "--", oldPath, newPath)
	if got := patch(t, repo, m); !slices.Equal(got, want) {
		t.Errorf("W:\n%s\ngit diff -M:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if req, _ := m.DiffRequest(); req.Files[0].NewPath != newPath || req.Files[0].OldPath != oldPath {
		t.Errorf("W pairs %s -> %s", req.Files[0].OldPath, req.Files[0].NewPath)
	}
}

// TestSearchProgress: a page that comes back empty before the walk's end
// (a file changed rarely, deep in a long history) says in the list's
// title how far back the walk has searched, and the walk goes on; the
// end of the walk takes it away.
func TestSearchProgress(t *testing.T) {
	r := history(t)
	repo := openRepo(t, r)
	m := opened(t, repo, newPath, 120, 40)
	m, cmd := m.restartWalk()
	first := cmd().(pageMsg) // a real walk, and its first page
	m, _ = m.Update(first)
	// The next page comes back empty, from far back.
	reached := time.Date(2020, 10, 3, 12, 0, 0, 0, time.Local)
	m, next := m.Update(pageMsg{id: first.id, searched: searched{walked: 4321, reached: reached}})
	head := strings.SplitN(m.View(""), "\n", 2)[0]
	if !strings.Contains(head, "searched back to 2020-10-03 (4321 commits)") {
		t.Errorf("while the walk searches, the title reads %q", head)
	}
	if next == nil {
		t.Fatalf("an empty page ended the walk")
	}
	m = drain(t, m, next)
	head = strings.SplitN(m.View(""), "\n", 2)[0]
	if strings.Contains(head, "searched") || !m.walk.done {
		t.Errorf("after the walk (done %v), the title reads %q", m.walk.done, head)
	}
	if want := lines(r.Git("log", "--follow", "--format=%H", "--", newPath)); !slices.Equal(ids(m), want) {
		t.Errorf("list after an empty page:\n%s", strings.Join(ids(m), "\n"))
	}
}

// TestNoHistory: a file in the work tree that no commit has says so; a
// name that is nowhere asks whether it is right.
func TestNoHistory(t *testing.T) {
	r := history(t)
	r.Write("envs/new/main.tf", "locals {}\n")
	repo := openRepo(t, r)
	for path, want := range map[string]string{
		"envs/new/main.tf":  "no commit has envs/new/main.tf yet: it is only in the work tree",
		"envs/typo/main.tf": "no commit changed envs/typo/main.tf: is the name right?",
	} {
		m := opened(t, repo, path, 120, 40)
		if got := ansi.Strip(m.View("")); !strings.Contains(got, want) {
			t.Errorf("history of %s:\n%s\nwant %q", path, got, want)
		}
	}
}
