package diffpane

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/ui/pane"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, file, got)
	}
}

// TestGolden pins the pane's view of each kind of change at 80x24
// (unified: too narrow for side by side) and 120x40 (side by side), as
// text, and the coloured HCL view at 120x40 as drawn.
func TestGolden(t *testing.T) {
	repo, files := scripted(t)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		var all strings.Builder
		for _, path := range []string{"k8s/svc.yaml", "scripts/deploy.sh", "assets/logo.png", "modules/vpc/main.tf", "envs/tokyo.tfvars"} {
			m := open(t, repo, files, indexOf(t, files, path), size[0], size[1])
			view := m.View(size[0], size[1], true)
			checkView(t, path, view, size[0], size[1])
			fmt.Fprintf(&all, "=== %s\n%s\n", path, ansi.Strip(view))
			if path == "modules/vpc/main.tf" && size[0] == 120 {
				golden(t, "main.tf-120x40-colour", view+"\n")
			}
		}
		golden(t, fmt.Sprintf("pane-%dx%d", size[0], size[1]), all.String())
	}
}

// sgr matches the escape sequences a view may hold: colours and
// attributes only.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkView: height lines of width cells, and no escape sequence but
// colours.
func checkView(t *testing.T, what, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != height {
		t.Errorf("%s: %d lines, want %d", what, len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w != width {
			t.Errorf("%s: line %d is %d cells, want %d: %q", what, i, w, width, ansi.Strip(l))
		}
		if rest := sgr.ReplaceAllString(l, ""); strings.ContainsAny(rest, "\x1b\x07\x9b\x9d\r\t") {
			t.Errorf("%s: line %d holds control characters: %q", what, i, rest)
		}
	}
}

// TestHostileLine: a line that would retitle and clear the terminal is
// drawn as visible text.
func TestHostileLine(t *testing.T) {
	repo, files := scripted(t)
	for _, w := range []int{80, 120} {
		m := open(t, repo, files, indexOf(t, files, "notes.txt"), w, 10)
		for range 2 { // cut, then wrapped
			view := m.View(w, 10, true)
			checkView(t, "notes.txt", view, w, 10)
			if !strings.Contains(ansi.Strip(view), "␛]0;owned␇␛[2J") {
				t.Errorf("hostile line not shown as text:\n%s", ansi.Strip(view))
			}
			m = press(t, m, "z")
		}
	}
}

// TestStaleAnswersDropped: an answer to a request the pane no longer
// wants changes nothing.
func TestStaleAnswersDropped(t *testing.T) {
	repo, files := scripted(t)
	first, second := indexOf(t, files, "modules/vpc/main.tf"), indexOf(t, files, "envs/tokyo.tfvars")
	m := New(testEnv(repo)).SetSize(120, 40)
	m, old := m.Open(pane.OpenDiffMsg{Files: files, Index: first})
	m.index = second
	m, cur := m.load(false)
	staleMsg, curMsg := old(), cur()
	m, _ = m.Update(staleMsg)
	if m.Doc() != nil || !m.loading {
		t.Fatal("a stale answer was shown")
	}
	m, _ = m.Update(curMsg)
	if d := m.Doc(); d == nil || d.File().NewPath != "envs/tokyo.tfvars" {
		t.Fatalf("the wanted answer was not shown: %v", d)
	}
	m, _ = m.Update(staleMsg)
	if m.Doc().File().NewPath != "envs/tokyo.tfvars" {
		t.Error("a late stale answer replaced the file")
	}
	// A stale colouring is dropped too.
	m, _ = m.Update(ColouredMsg{id: m.want - 1, doc: staleMsg.(LoadedMsg).doc})
	if m.Doc().File().NewPath != "envs/tokyo.tfvars" {
		t.Error("a stale colouring replaced the file")
	}
}

func TestLoadingAndErrorLines(t *testing.T) {
	repo, files := scripted(t)
	m := New(testEnv(repo)).SetSize(80, 5)
	m, cmd := m.Open(pane.OpenDiffMsg{Files: files, Index: 0})
	if v := ansi.Strip(m.View(80, 5, true)); !strings.Contains(v, "loading…") {
		t.Errorf("no loading line:\n%s", v)
	}
	msg := cmd().(LoadedMsg)
	msg.err = fmt.Errorf("object not found\x1b[2J")
	m, _ = m.Update(msg)
	v := m.View(80, 5, true)
	checkView(t, "error", v, 80, 5)
	if !strings.Contains(ansi.Strip(v), "error: object not found␛[2J") {
		t.Errorf("no error line:\n%s", ansi.Strip(v))
	}
}

// TestLargeDiffColouredAfter: a large diff is shown plain at once, then
// coloured by a second command with the same request id.
func TestLargeDiffColouredAfter(t *testing.T) {
	fd := bigDiff(t, "deploy.yaml")
	m := New(testEnv(nil)).SetSize(200, 50)
	m.files = []gitops.FileChange{fd.FileChange}
	m.want = m.seq.Next()
	msg := LoadedMsg{ctx: context.Background(), id: m.want, fd: fd, doc: Prepare(context.Background(), fd, m.docOptions(), false)}
	m, cmd := m.Update(msg)
	if cmd == nil || m.Doc() == nil {
		t.Fatal("no colouring started, or nothing shown")
	}
	plain := m.View(200, 50, true)
	m.top = 5
	m, _ = m.Update(cmd())
	if m.top != 5 {
		t.Errorf("colouring moved the view to %d", m.top)
	}
	m.top = 0
	coloured := m.View(200, 50, true)
	if ansi.Strip(plain) != ansi.Strip(coloured) || plain == coloured {
		t.Error("colouring changed the text, or no colour")
	}
}

// TestSwitchCancels: moving on cancels the work of the previous request.
func TestSwitchCancels(t *testing.T) {
	repo, files := scripted(t)
	m := New(testEnv(repo)).SetSize(120, 40)
	m, first := m.Open(pane.OpenDiffMsg{Files: files, Index: 0})
	m, _ = m.Update(keyMsg("]"))
	if msg := first().(LoadedMsg); !errors.Is(msg.err, context.Canceled) {
		t.Errorf("the first request ran on: %v", msg.err)
	}
}
