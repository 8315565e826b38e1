package diffpane

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/ui/pane"
)

// numbered is n lines "line 01"…, with edit changing some.
func numbered(n int, edit func(i int, l string) []string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		for _, l := range edit(i, fmt.Sprintf("line %02d", i)) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// edited is the work-tree version of app.txt: lines 10-12 rewritten (a
// run of removals facing a run of additions), line 30 removed, two lines
// added after 45: three hunks.
func edited(i int, l string) []string {
	switch {
	case i >= 10 && i <= 12:
		return []string{fmt.Sprintf("LINE %02d rewritten", i)}
	case i == 30:
		return nil
	case i == 45:
		return []string{l, "added one", "added two"}
	}
	return []string{l}
}

func same(_ int, l string) []string { return []string{l} }

// stageRepo is a repository with unstaged changes to app.txt (three
// hunks), to a binary file and to a file of long lines.
func stageRepo(t *testing.T) (*gittest.Repo, *gitops.Repo) {
	t.Helper()
	g := gittest.New(t)
	long := strings.Repeat("word ", 40)
	g.Write("app.txt", numbered(60, same)).
		WriteBytes("logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR old")).
		Write("long.txt", numbered(20, func(i int, l string) []string { return []string{l + " " + long} }))
	g.Commit("first")
	g.Write("app.txt", numbered(60, edited)).
		WriteBytes("logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR new!")).
		Write("long.txt", numbered(20, func(i int, l string) []string {
			if i == 8 || i == 9 {
				return []string{"CHANGED " + l + " " + long}
			}
			return []string{l + " " + long}
		}))
	repo, err := gitops.Open(g.Dir, gitops.Options{Env: g.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return g, repo
}

// listing is the unstaged (or staged) changes as the Status screen lists
// them.
func listing(t *testing.T, repo *gitops.Repo, staged bool) []gitops.FileChange {
	t.Helper()
	list := repo.DiffUnstaged
	if staged {
		list = repo.DiffStaged
	}
	files, err := list(context.Background(), gitops.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// openStaging opens path of the unstaged (or staged) diff as the Status
// screen does.
func openStaging(t *testing.T, repo *gitops.Repo, staged bool, path string, width, height int) Model {
	t.Helper()
	files := listing(t, repo, staged)
	m := New(testEnv(repo)).SetSize(width, height)
	m, cmd := m.Open(pane.OpenDiffMsg{Source: pane.DiffSource{Staged: staged, Unstaged: !staged}, Files: files,
		Index: indexOf(t, files, path), Staging: true})
	return drain(t, m, cmd)
}

// gitLine is a changed line as git prints it.
type gitLine struct {
	ref  gitops.LineRef
	text string
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@`)

// gitHunks is the oracle: each hunk's changed lines from `git diff` (args
// pick the comparison), numbered from git's own hunk headers.
func gitHunks(t *testing.T, g *gittest.Repo, args ...string) [][]gitLine {
	t.Helper()
	out := g.Git(append([]string{"diff", "--no-color", "--no-ext-diff", "-U3"}, args...)...)
	var hunks [][]gitLine
	old, new := 0, 0
	for _, l := range strings.Split(out, "\n") {
		if m := hunkHeader.FindStringSubmatch(l); m != nil {
			old, _ = strconv.Atoi(m[1])
			new, _ = strconv.Atoi(m[2])
			hunks = append(hunks, nil)
			continue
		}
		if len(hunks) == 0 || l == "" {
			continue
		}
		h := &hunks[len(hunks)-1]
		switch l[0] {
		case ' ':
			old++
			new++
		case '-':
			*h = append(*h, gitLine{gitops.LineRef{Kind: gitops.LineRemoved, Old: old}, l[1:]})
			old++
		case '+':
			*h = append(*h, gitLine{gitops.LineRef{Kind: gitops.LineAdded, New: new}, l[1:]})
			new++
		}
	}
	return hunks
}

func refs(ls []gitLine) []gitops.LineRef {
	out := make([]gitops.LineRef, len(ls))
	for i, l := range ls {
		out[i] = l.ref
	}
	return out
}

// pick is the lines of git's hunks whose text is one of texts, in git's
// order.
func pick(hunks [][]gitLine, texts ...string) []gitops.LineRef {
	var out []gitops.LineRef
	for _, h := range hunks {
		for _, l := range h {
			if slices.Contains(texts, l.text) {
				out = append(out, l.ref)
			}
		}
	}
	if len(out) != len(texts) {
		panic(fmt.Sprintf("git's diff has %d of the lines %q", len(out), texts))
	}
	return out
}

// emit presses a key and returns the message its command delivers (nil
// when it starts none).
func emit(t *testing.T, m Model, key string) (Model, tea.Msg) {
	t.Helper()
	m, cmd := m.Update(keyMsg(key))
	if cmd == nil {
		return m, nil
	}
	return m, cmd()
}

// stageMsg presses a key that must ask to stage.
func stageMsg(t *testing.T, m Model, key string) pane.StageLinesMsg {
	t.Helper()
	_, msg := emit(t, m, key)
	sm, ok := msg.(pane.StageLinesMsg)
	if !ok {
		t.Fatalf("%s sent %#v, want a StageLinesMsg", key, msg)
	}
	return sm
}

// cursorLines are the changed lines on the cursor's row.
func cursorLines(m Model) (removed, added int) {
	return m.doc.Changed(m.frame.Options().SideBySide, m.cursor)
}

// views are the two layouts every staging behaviour must agree in.
var views = []struct {
	name  string
	width int
}{{"unified", 100}, {"side by side", 160}}
