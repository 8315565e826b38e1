package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"reef/gitops/gittest"
)

// mainTF is a Terraform file of n instances; bump changes every third.
func mainTF(n int, bump bool) string {
	var b strings.Builder
	for i := range n {
		size := "t3.micro"
		if bump && i%3 == 0 {
			size = "t3.large"
		}
		fmt.Fprintf(&b, "resource \"aws_instance\" \"web_%d\" {\n  instance_type = %q\n}\n\n", i, size)
	}
	return b.String()
}

// workTree is a repository with something in every group of the Status
// screen: a staged rename, a file staged and changed again, a staged
// file, an unstaged file, untracked files in a directory.
func workTree(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", mainTF(4, false)).
		Write("envs/prod/vars.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n").
		Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n").
		Write("README.md", "# infra\n").Commit("Initial import")
	r.Write("envs/prod/main.tf", mainTF(4, true)).Git("add", "envs/prod/main.tf")
	r.Write("envs/prod/main.tf", mainTF(4, true)+"# more\n")
	r.Write("envs/prod/vars.tf", "variable \"region\" {\n  default = \"us-east-1\"\n}\n").Git("add", "envs/prod/vars.tf")
	r.Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 5\n")
	r.Move("README.md", "docs/README.md")
	r.Write("notes/todo.md", "- write the runbook\n").Write("notes/\x1b[31mred.md", "hostile name\n")
	return r
}

// probe runs the root model and checks a condition on it after each
// message, in the program's goroutine: a test waits for the model's
// state, not for text the renderer may draw in pieces.
type probe struct {
	Model
	w *watcher
}

type watcher struct {
	mu   sync.Mutex
	pred func(Model) bool
	done chan struct{}
}

// pokeMsg makes the program run Update (and so the probe) once more.
type pokeMsg struct{}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	mm, cmd := p.Model.Update(msg)
	m := mm.(Model)
	p.w.mu.Lock()
	if p.w.pred != nil && p.w.pred(m) {
		close(p.w.done)
		p.w.pred = nil
	}
	p.w.mu.Unlock()
	return probe{Model: m, w: p.w}, cmd
}

// session is a program under test with its probe.
type session struct {
	t  *testing.T
	tm *teatest.TestModel
	w  *watcher
	r  *gittest.Repo
}

func startSession(t *testing.T, r *gittest.Repo, w, h int) *session {
	t.Helper()
	m := New(context.Background(), r.Dir, r.Environ(), options(colorprofile.Ascii))
	s := &session{t: t, r: r, w: &watcher{}}
	s.tm = teatest.NewTestModel(t, probe{Model: m, w: s.w}, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
	return s
}

// until waits for the model to satisfy pred.
func (s *session) until(what string, pred func(Model) bool) {
	s.t.Helper()
	s.w.mu.Lock()
	s.w.pred, s.w.done = pred, make(chan struct{})
	done := s.w.done
	s.w.mu.Unlock()
	s.tm.Send(pokeMsg{})
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.t.Fatalf("waited 10s for %s", what)
	}
}

// status opens the Status screen and waits for its list.
func (s *session) status() {
	s.t.Helper()
	s.until("the repository", func(m Model) bool { return m.env != nil })
	key(s.tm, "1")
	s.until("the status", func(m Model) bool { return m.st.list.Loaded() && !m.st.list.Loading() })
}

// diffOf waits until the diff shows path, laid out.
func (s *session) diffOf(path string) {
	s.t.Helper()
	s.until("the diff of "+path, func(m Model) bool {
		d := m.st.diff.Doc()
		if d == nil || d.File().NewPath != path {
			return false
		}
		// The side the list asks for: staged diffs end in the index.
		it, ok := m.st.list.SelectedItem()
		return !ok || it.Path != path || d.File().Worktree == it.Change.Worktree
	})
}

// idle waits until no write runs and the list is fresh.
func (s *session) idle() {
	s.t.Helper()
	s.until("the write and the refresh", func(m Model) bool { return m.st.busy == "" && !m.st.list.Loading() })
}

func (s *session) final() Model {
	s.t.Helper()
	if err := s.tm.Quit(); err != nil {
		s.t.Fatal(err)
	}
	p, ok := s.tm.FinalModel(s.t, teatest.WithFinalTimeout(10*time.Second)).(probe)
	if !ok {
		s.t.Fatal("final model is not the probe")
	}
	return p.Model
}

// sendKey sends a key by its String() name, for keys key() does not know.
func sendKey(tm *teatest.TestModel, k string) {
	switch k {
	case "space":
		tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	case "ctrl+s":
		tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	default:
		key(tm, k)
	}
}

// statusOf is `git status --porcelain` of the repository.
func statusOf(r *gittest.Repo) string { return r.Git("status", "--porcelain", "--untracked-files=all") }

// boxReady waits until the commit box takes typing.
func (s *session) boxReady() {
	s.t.Helper()
	s.until("the commit box", func(m Model) bool { return m.st.boxOpen && m.st.box.Closable() })
}

// down moves the list's cursor n rows and waits for that file's diff.
func (s *session) down(n int, path string) {
	s.t.Helper()
	for range n {
		key(s.tm, "j")
	}
	s.until(path+" selected", func(m Model) bool {
		it, ok := m.st.list.SelectedItem()
		return ok && it.Path == path
	})
	s.diffOf(path)
}
