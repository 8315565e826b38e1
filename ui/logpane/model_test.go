package logpane

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"
)

// run executes commands and feeds their messages back until none is
// left, as the program would (batches flattened, in order).
func run(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0 && steps < 500; steps++ {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case nil:
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m
}

func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		switch k {
		case "enter":
			m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		case "esc":
			m, cmd = m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
		default:
			r := []rune(k)
			m, cmd = m.Update(tea.KeyPressMsg{Code: r[0], Text: k})
		}
		m = run(t, m, cmd)
	}
	return m
}

func newPane(t *testing.T, r *gittest.Repo) Model {
	t.Helper()
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	th, _ := themes.Pick("dark", true)
	env := &pane.Env{Ctx: context.Background(), Repo: repo, Styles: styles.New(th), Keys: keys.Default()}
	m := New(env)
	m.SetSize(120, 30)
	return run(t, m, m.Init())
}

func history(t *testing.T, n int) *gittest.Repo {
	r := gittest.New(t)
	r.Linear(n, "f.txt", func(i int) string { return fmt.Sprintf("commit number %d", i) })
	r.Move("f.txt", "g.txt").Commit("rename f to g")
	r.Setenv("GIT_AUTHOR_NAME", "Grace Hopper")
	r.Write("other.txt", "o").Commit("grace's change")
	return r
}

func subjects(m Model) []string {
	var out []string
	for i := 0; i < m.count(); i++ {
		out = append(out, m.rowAt(i).commit.Subject)
	}
	return out
}

func TestPagesAndEnd(t *testing.T) {
	r := history(t, pageSize+30)
	m := newPane(t, r)
	if n, done := m.Loaded(); n != pageSize || done {
		t.Fatalf("first page: %d rows, done %v", n, done)
	}
	m = press(t, m, "G")
	if n, done := m.Loaded(); n != pageSize+32 || !done || m.selected() != m.rows[len(m.rows)-1].commit.ID {
		t.Fatalf("after G: %d rows, done %v", n, done)
	}
	if got := m.selectedRow().commit.Subject; got != "commit number 0" {
		t.Errorf("G selected %q", got)
	}
}

func TestFilters(t *testing.T) {
	r := history(t, 12)
	m := newPane(t, r)
	m = press(t, m, "/", "1", "1")
	if got := subjects(m); len(got) != 1 || got[0] != "commit number 11" {
		t.Errorf("filter 11: %v", got)
	}
	m = press(t, m, "esc")
	if m.count() != 14 || m.Capturing() {
		t.Errorf("esc kept a filter: %d rows", m.count())
	}
	// by author
	m = press(t, m, "/")
	for _, c := range "grace" {
		m = press(t, m, string(c))
	}
	m = press(t, m, "enter")
	if got := subjects(m); len(got) != 1 || got[0] != "grace's change" {
		t.Errorf("filter by author: %v", got)
	}
	// by hash prefix
	head := r.Rev("HEAD~3")
	m = press(t, m, "/")
	m.filter.SetValue("")
	for _, c := range head[:7] {
		m = press(t, m, string(c))
	}
	m = press(t, m, "enter")
	if got := subjects(m); len(got) != 1 || got[0] != "commit number 10" {
		t.Errorf("filter by hash %s: %v", head[:7], got)
	}
	// path: follows the rename
	m = press(t, m, "/")
	m.filter.SetValue("path:g.txt")
	m = press(t, m, "enter")
	got := subjects(m)
	if len(got) != 13 || got[0] != "rename f to g" || got[12] != "commit number 0" {
		t.Errorf("path filter: %d rows %v", len(got), got)
	}
	if !strings.Contains(m.View(), "History of g.txt") {
		t.Errorf("path filter title missing:\n%s", m.View())
	}
}

func TestDetailsAndOpen(t *testing.T) {
	r := history(t, 3)
	m := newPane(t, r)
	m = press(t, m, "j") // "rename f to g"
	if len(m.detail.files) != 1 || m.detail.files[0].Status != 'R' {
		t.Fatalf("files of the rename: %+v", m.detail.files)
	}
	view := m.View()
	if !strings.Contains(view, "f.txt → g.txt") || !strings.Contains(view, "rename f to g") {
		t.Errorf("details:\n%s", view)
	}
	var opened *pane.OpenDiffMsg
	mm, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if cmd != nil {
		if msg, ok := cmd().(pane.OpenDiffMsg); ok {
			opened = &msg
		}
	}
	_ = mm
	if opened == nil || opened.Source.Commit != m.selected() || len(opened.Files) != 1 {
		t.Fatalf("enter did not ask for the diff: %+v", opened)
	}
}

// TestRangeMark: v marks one end, the cursor is the other, older first
// whichever way the cursor went; a filter keeps the mark; v again or esc
// clears it.
func TestRangeMark(t *testing.T) {
	r := history(t, 6)
	m := newPane(t, r)
	if _, _, ok := m.Range(); ok {
		t.Fatal("a range before any mark")
	}
	m = press(t, m, "v")
	if _, _, ok := m.Range(); ok || m.Marked() != m.selected() {
		t.Fatalf("mark on the selected commit alone is no range (marked %v)", m.Marked())
	}
	m = press(t, m, "j", "j", "j")
	from, to, ok := m.Range()
	if !ok || from.String() != r.Rev("HEAD~3") || to.String() != r.Rev("HEAD") {
		t.Fatalf("range down: %v..%v %v", from, to, ok)
	}
	if !strings.Contains(m.View(), "range "+r.Rev("HEAD~3")[:7]+".."+r.Rev("HEAD")[:7]) {
		t.Errorf("title does not show the range:\n%s", m.View())
	}
	m = press(t, m, "v", "g") // mark HEAD~3, go back to the top
	from, to, _ = m.Range()
	if from.String() != r.Rev("HEAD~3") || to.String() != r.Rev("HEAD") {
		t.Errorf("range up: %v..%v", from, to)
	}
	m = press(t, m, "/")
	m.filter.SetValue("number 2") // only "commit number 2" (HEAD~5)
	m = press(t, m, "enter")
	from, to, ok = m.Range()
	if !ok || from.String() != r.Rev("HEAD~5") || to.String() != r.Rev("HEAD~3") {
		t.Errorf("range under a filter: %v..%v %v", from, to, ok)
	}
	m, _, _ = m.Back() // esc: clears the mark first, the filter stays
	if !m.Marked().IsZero() || m.query != "number 2" {
		t.Errorf("esc: marked %v query %q", m.Marked(), m.query)
	}
	m = press(t, m, "v", "v")
	if !m.Marked().IsZero() {
		t.Error("v twice kept the mark")
	}
}
