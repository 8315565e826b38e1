package app

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/ui/statuspane"
)

// TestStatusGoldens pins the Status screen, flat and as a tree, at 80x24
// and 120x40.
func TestStatusGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, view := range []string{"flat", "tree"} {
			name := fmt.Sprintf("status-%s-%dx%d", view, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				s := startSession(t, workTree(t), size[0], size[1])
				s.status()
				if view == "tree" {
					key(s.tm, "`")
					s.until("the tree", func(m Model) bool { return m.st.list.Tree() })
					key(s.tm, "j")
					key(s.tm, "j") // envs/prod/, then main.tf
				} else {
					key(s.tm, "j") // the staged envs/prod/main.tf: a diff with lines
				}
				s.until("the staged envs/prod/main.tf", func(m Model) bool {
					it, ok := m.st.list.SelectedItem()
					return ok && it.Key() == statuspane.Key{Group: statuspane.Staged, Path: "envs/prod/main.tf"}
				})
				s.diffOf("envs/prod/main.tf")
				golden(t, name, screen(s.final(), s.r.Dir))
			})
		}
	}
}

// TestStatusShowsGitsGroups: the list holds what git's status says, a
// hostile file name drawn harmless.
func TestStatusShowsGitsGroups(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	m := s.final()
	var got []string
	for _, it := range m.st.list.Items() {
		got = append(got, it.Group.Name()+" "+it.Letters+" "+it.Path)
	}
	want := []string{"Staged R docs/README.md", "Staged M envs/prod/main.tf", "Staged M envs/prod/vars.tf",
		"Unstaged M envs/prod/main.tf", "Unstaged M k8s/deploy.yaml", "Untracked ? notes/\x1b[31mred.md", "Untracked ? notes/todo.md"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("items:\n%s\nwant:\n%s\ngit:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), statusOf(s.r))
	}
	if v := m.View().Content; strings.Contains(v, "\x1b[31mred") || !strings.Contains(v, "␛[31mred.md") {
		t.Errorf("the hostile name is not drawn harmless")
	}
}

// TestConfirmGolden pins the question d asks.
func TestConfirmGolden(t *testing.T) {
	s := startSession(t, workTree(t), 80, 24)
	s.status()
	s.down(3, "envs/prod/main.tf") // the unstaged one
	key(s.tm, "d")
	m := s.final()
	golden(t, "status-confirm-80x24", screen(m, s.r.Dir))
	if m.st.ask == nil || !strings.Contains(m.st.ask.box.Title, "envs/prod/main.tf") {
		t.Errorf("the question does not name the file")
	}
}

// TestStageFileJourney: space stages the selected file; git's index then
// holds it, and the list says so.
func TestStageFileJourney(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	sendKey(s.tm, "space")
	s.idle()
	m := s.final()
	if got := s.r.Git("diff", "--cached", "--name-only"); !strings.Contains(got, "k8s/deploy.yaml") {
		t.Errorf("git diff --cached --name-only:\n%s", got)
	}
	if _, ok := m.statusItem("k8s/deploy.yaml", statuspane.Unstaged); ok {
		t.Errorf("the list still shows k8s/deploy.yaml unstaged")
	}
	if _, ok := m.statusItem("k8s/deploy.yaml", statuspane.Staged); !ok {
		t.Errorf("the list does not show k8s/deploy.yaml staged")
	}
	if m.status != "staged k8s/deploy.yaml" {
		t.Errorf("status bar %q", m.status)
	}
}

// TestStageAllThenUnstageAll: a stages everything, a again unstages it.
func TestStageAllThenUnstageAll(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	key(s.tm, "a")
	s.idle()
	if got := statusOf(s.r); strings.Contains(got, "??") || strings.Contains(got, " M ") {
		t.Errorf("after a, git status:\n%s", got)
	}
	key(s.tm, "a")
	s.idle()
	m := s.final()
	if got := s.r.Git("diff", "--cached", "--name-only"); got != "" {
		t.Errorf("after a a, staged:\n%s", got)
	}
	if m.status != "unstaged everything" {
		t.Errorf("status bar %q", m.status)
	}
}

// TestStageHunkFromDiff: enter focuses the diff, space stages the hunk
// under the cursor (and only that); the diff then shows the file's
// other side, the list keeps it selected there.
func TestStageHunkFromDiff(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(3, "envs/prod/main.tf") // the unstaged one: one hunk, "# more"
	key(s.tm, "enter")
	sendKey(s.tm, "space")
	s.until("the status bar", func(m Model) bool { return m.status != "" })
	s.idle()
	m := s.final()
	if got := s.r.Git("diff", "--name-only"); strings.Contains(got, "envs/prod/main.tf") {
		t.Errorf("envs/prod/main.tf still has unstaged changes: git diff --name-only:\n%s", got)
	}
	if got := s.r.Git("show", ":envs/prod/main.tf"); got != mainTF(4, true)+"# more\n" {
		t.Errorf("the index holds:\n%q", got)
	}
	if !m.st.diffFocus {
		t.Errorf("the diff lost the keyboard")
	}
	if it, ok := m.st.list.SelectedItem(); !ok || it.Key() != (statuspane.Key{Group: statuspane.Staged, Path: "envs/prod/main.tf"}) {
		t.Errorf("selected %+v, want the staged envs/prod/main.tf", it.Key())
	}
	if m.status != "staged 1 line of envs/prod/main.tf" {
		t.Errorf("status bar %q", m.status)
	}
}

// TestSwitchSide: tab in the diff shows the file's other side.
func TestSwitchSide(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(3, "envs/prod/main.tf")
	key(s.tm, "enter")
	key(s.tm, "tab")
	s.until("the staged side", func(m Model) bool {
		it, ok := m.st.list.SelectedItem()
		return ok && it.Group == statuspane.Staged && it.Path == "envs/prod/main.tf"
	})
	s.down(0, "envs/prod/main.tf")
	key(s.tm, "esc")
	if m := s.final(); m.st.diffFocus {
		t.Errorf("esc left the keyboard with the diff")
	}
}

// TestSwitchSideWithoutOne: tab on a file with no staged changes says so.
func TestSwitchSideWithoutOne(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "enter")
	key(s.tm, "tab")
	s.until("the status bar", func(m Model) bool { return m.status != "" })
	if m := s.final(); m.status != "k8s/deploy.yaml has no staged changes" {
		t.Errorf("status bar %q", m.status)
	}
}

// TestHeldLock: with index.lock held by another process, space writes
// nothing and says why.
func TestHeldLock(t *testing.T) {
	r := workTree(t)
	if err := os.WriteFile(r.Path(".git/index.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	before := statusOf(r)
	s := startSession(t, r, 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	sendKey(s.tm, "space")
	s.until("the status bar", func(m Model) bool { return m.status != "" })
	m := s.final()
	if !m.isErr || !strings.Contains(m.status, "another git process") {
		t.Errorf("status bar %q (error %v)", m.status, m.isErr)
	}
	os.Remove(r.Path(".git/index.lock"))
	if got := statusOf(r); got != before {
		t.Errorf("git status changed:\n%s\nwas:\n%s", got, before)
	}
}

// TestDiscardThenUndo: d, y discards the file's changes; u puts back the
// very bytes.
func TestDiscardThenUndo(t *testing.T) {
	r := workTree(t)
	before := r.Read("k8s/deploy.yaml")
	s := startSession(t, r, 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "d")
	key(s.tm, "y")
	s.idle()
	if got := r.Read("k8s/deploy.yaml"); got == before {
		t.Fatalf("nothing was discarded")
	}
	key(s.tm, "u")
	s.until("the undo", func(m Model) bool { return len(m.st.session) == 0 && m.st.busy == "" })
	m := s.final()
	if got := r.Read("k8s/deploy.yaml"); got != before {
		t.Errorf("after u the file holds %q, want %q (%s)", got, before, m.status)
	}
	if out, err := r.GitErr("fsck", "--no-dangling"); err != nil {
		t.Errorf("git fsck: %v\n%s", err, out)
	}
}

// TestDiscardAnsweredNo: n leaves the file alone.
func TestDiscardAnsweredNo(t *testing.T) {
	r := workTree(t)
	before := r.Read("k8s/deploy.yaml")
	s := startSession(t, r, 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "d")
	key(s.tm, "n")
	m := s.final()
	if got := r.Read("k8s/deploy.yaml"); got != before || m.st.ask != nil || m.status != "nothing was changed" {
		t.Errorf("file %q, question %v, status %q", got, m.st.ask != nil, m.status)
	}
}

// TestDiscardsList: U lists the recorded discards; enter restores one.
func TestDiscardsList(t *testing.T) {
	r := workTree(t)
	before := r.Read("k8s/deploy.yaml")
	s := startSession(t, r, 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "d")
	key(s.tm, "y")
	s.idle()
	key(s.tm, "U")
	s.until("the records", func(m Model) bool {
		if m.st.discards == nil {
			return false
		}
		_, ok := m.st.discards.Selected()
		return ok
	})
	key(s.tm, "enter")
	s.idle()
	m := s.final()
	if got := r.Read("k8s/deploy.yaml"); got != before {
		t.Errorf("after U enter the file holds %q (%s)", got, m.status)
	}
}

// TestStatusHelp lists the Status and Commit bindings, with why the
// ones that do nothing now do nothing.
func TestStatusHelp(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	key(s.tm, "?")
	view := screen(s.final(), s.r.Dir)
	for _, want := range []string{"stage / unstage the file", "stage all", "no discard made since reef started",
		"commit: write the message here", "in the commit box (c opens it)"} {
		if !strings.Contains(view, want) {
			t.Errorf("help lacks %q:\n%s", want, view)
		}
	}
}

// TestStageResolvedConflict: space on a conflicted file stages the
// resolved file, as git add does.
func TestStageResolvedConflict(t *testing.T) {
	r := gittest.New(t)
	r.Write("main.tf", "base\n").Commit("base")
	r.Checkout("other", true)
	r.Write("main.tf", "theirs\n").Commit("theirs")
	r.Checkout("main", false)
	r.Write("main.tf", "ours\n").Commit("ours")
	r.GitErr("merge", "other") // conflicts, by design
	r.Write("main.tf", "resolved\n")
	s := startSession(t, r, 120, 40)
	s.status()
	s.diffOf("main.tf")
	m := s.final()
	if it, ok := m.st.list.SelectedItem(); !ok || it.Group != statuspane.Conflicted {
		t.Fatalf("selected %+v", it)
	}
	s = startSession(t, r, 120, 40)
	s.status()
	sendKey(s.tm, "space")
	s.until("the status bar", func(m Model) bool { return m.status != "" })
	s.idle()
	m = s.final()
	if got := r.Git("ls-files", "-u"); got != "" {
		t.Errorf("still unmerged (%s):\n%s", m.status, got)
	}
	if got := r.Git("show", ":main.tf"); got != "resolved\n" {
		t.Errorf("the index holds %q", got)
	}
}

// TestUnstageRename: space on a staged rename puts both of its paths
// back as HEAD has them.
func TestUnstageRename(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.diffOf("docs/README.md")
	sendKey(s.tm, "space")
	s.until("the status bar", func(m Model) bool { return m.status != "" })
	s.idle()
	m := s.final()
	got := s.r.Git("diff", "--cached", "--name-only")
	if strings.Contains(got, "README.md") {
		t.Errorf("a side of the rename is still staged (%s):\n%s", m.status, got)
	}
}

// TestIgnore: i, y on an untracked file adds it to .gitignore; git then
// stops listing it.
func TestIgnore(t *testing.T) {
	r := workTree(t)
	s := startSession(t, r, 120, 40)
	s.status()
	s.down(6, "notes/todo.md")
	key(s.tm, "i")
	key(s.tm, "y")
	s.until("the status bar", func(m Model) bool { return m.status != "" && m.st.busy == "" })
	s.idle()
	m := s.final()
	if got := statusOf(r); strings.Contains(got, "notes/todo.md") {
		t.Errorf("git still lists notes/todo.md (%s):\n%s", m.status, got)
	}
	if _, ok := m.statusItem("notes/todo.md", statuspane.Untracked); ok {
		t.Errorf("the list still shows notes/todo.md")
	}
}
