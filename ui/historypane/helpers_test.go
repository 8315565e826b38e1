package historypane

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"
)

// deep is the file the scripted history follows, first under its old
// name, then its new one.
const (
	oldPath = "infra/modules/net/deep/vpc/main.tf"
	newPath = "infra/modules/network/vpc/main.tf"
)

// vpc is a Terraform file of n subnets, tagged "base" but for those
// tags names: each commit changes a few lines.
func vpc(n int, tags map[int]string) string {
	var b strings.Builder
	for i := range n {
		v := "base"
		if t, ok := tags[i]; ok {
			v = t
		}
		b.WriteString("resource \"aws_subnet\" \"s" + string(rune('a'+i%26)) + "\" {\n  tags = \"" + v + "\"\n}\n")
	}
	return b.String()
}

// history is a file's life: made in a deep directory, edited on main and
// on a merged branch, moved with an edit, deleted, added back, edited.
// Unrelated commits sit between; the work tree is clean.
func history(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write(oldPath, vpc(8, nil)).Write("README.md", "# infra\n").Commit("Add the VPC module")
	r.Write(oldPath, vpc(8, map[int]string{1: "v2"})).Commit("Widen subnet b")
	r.Checkout("feature", true)
	r.Write(oldPath, vpc(8, map[int]string{1: "v2", 6: "v2"})).Commit("Tag subnet g on a branch")
	r.Write("docs/notes.md", "branch notes\n").Commit("Notes on the branch")
	r.Checkout("main", false)
	r.Write("README.md", "# infra\n\nmain moves on\n").Commit("Unrelated change on main")
	r.Merge("Merge branch feature", "feature")
	r.Move(oldPath, newPath)
	r.Write(newPath, vpc(8, map[int]string{1: "v2", 6: "v2", 7: "v3"})).Commit("Move the VPC module, tag subnet h")
	r.Remove(newPath).Commit("Drop the VPC module")
	r.Write(newPath, vpc(8, map[int]string{0: "v4", 1: "v4"})).Commit("Bring the VPC module back")
	r.Write(newPath, vpc(8, map[int]string{0: "v5", 4: "v5"})).Commit("Retag subnets a and e")
	return r
}

func openRepo(t *testing.T, r *gittest.Repo) *gitops.Repo {
	t.Helper()
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return repo
}

// fixedNow keeps dates stable.
var fixedNow = time.Unix(gittest.Epoch, 0).Add(30 * 24 * time.Hour)

func testEnv(t *testing.T, repo *gitops.Repo) *pane.Env {
	t.Helper()
	return testEnvB(repo)
}

// testEnvB is the pane's environment: the dark theme, default keys.
func testEnvB(repo *gitops.Repo) *pane.Env {
	theme, _ := themes.Pick("dark", true)
	return &pane.Env{Ctx: context.Background(), Repo: repo, Styles: styles.New(theme), Keys: keys.Default(),
		Diff: pane.DiffDefaults{SideBySide: true, TabWidth: 4, MaxBytes: 1 << 20}, Now: func() time.Time { return fixedNow }}
}

// drain runs a command and feeds its messages back until none is left,
// as the program would (ticks included: they wait their time).
func drain(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	m, _ = said(t, m, cmd)
	return m
}

// said is drain, returning the status lines the pane asked for (errors
// as "error: ...").
func said(t *testing.T, m Model, cmd tea.Cmd) (Model, []string) {
	t.Helper()
	var lines []string
	for queue := []tea.Cmd{cmd}; len(queue) > 0; {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case pane.StatusMsg:
			if msg.Err != nil {
				lines = append(lines, "error: "+msg.Err.Error())
			} else {
				lines = append(lines, msg.Text)
			}
		default:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		}
	}
	return m, lines
}

// opened is a pane of w×h on path's history, fully walked and settled.
func opened(t *testing.T, repo *gitops.Repo, path string, w, h int, opts ...Option) Model {
	t.Helper()
	m := New(testEnv(t, repo), opts...)
	m.SetSize(w, h)
	m, cmd := m.Open(path, gitops.Hash{})
	return drain(t, m, cmd)
}

// press sends keys and runs what each starts.
func press(t *testing.T, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(keyMsg(k))
		m = drain(t, m, cmd)
	}
	return m
}

func keyMsg(key string) tea.KeyPressMsg {
	switch key {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	}
	r := []rune(key)[0]
	return tea.KeyPressMsg{Code: r, Text: key}
}

// ids are the list's commits, as full hashes.
func ids(m Model) []string {
	var out []string
	for _, e := range m.list.rows {
		out = append(out, e.commit.ID.String())
	}
	return out
}

// lines splits git's output into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// selectRow moves the cursor to the row of commit id.
func selectRow(t *testing.T, m Model, id string) Model {
	t.Helper()
	for i, e := range m.list.rows {
		if e.commit.ID.String() == id {
			mm, cmd := m.move(i - m.list.cursor)
			return drain(t, mm, cmd)
		}
	}
	t.Fatalf("commit %s is not listed", id)
	return m
}

// patch computes the diff the pane asks the root to show, as +/- lines.
func patch(t *testing.T, repo *gitops.Repo, m Model) []string {
	t.Helper()
	req, _ := m.DiffRequest()
	if len(req.Files) != 1 {
		t.Fatalf("the pane asks for %d files (detail: err %v, none %q)", len(req.Files), m.det.err, m.det.none)
	}
	fd, err := repo.FilePatch(context.Background(), req.Files[0], gitops.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range fd.Hunks {
		for _, l := range h.Lines {
			switch l.Kind {
			case gitops.LineAdded:
				out = append(out, "+"+l.Text)
			case gitops.LineRemoved:
				out = append(out, "-"+l.Text)
			}
		}
	}
	return out
}

// gitPatch is git diff's +/- lines.
func gitPatch(r *gittest.Repo, args ...string) []string {
	var out []string
	for _, l := range strings.Split(r.Git(append([]string{"diff", "--no-color", "-U3"}, args...)...), "\n") {
		if strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---") {
			continue
		}
		if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-") {
			out = append(out, l)
		}
	}
	return out
}
