package diffpane

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/ui/diffview"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"
)

// testStyles are fixed looks for tests: the diff's defaults and a local
// syntax table (the themes make the real ones).
func testStyles() *styles.Styles {
	c := lipgloss.Color
	s := lipgloss.NewStyle()
	return &styles.Styles{
		Dark: true, Title: s.Bold(true), Muted: s.Faint(true), Danger: s.Foreground(c("#ff5f5f")),
		Added: s.Foreground(c("#5fd75f")), Removed: s.Foreground(c("#ff5f5f")),
		Diff: diffview.DefaultStyles(true),
		Syntax: map[string]lipgloss.Style{
			"keyword": s.Foreground(c("#d787ff")), "string": s.Foreground(c("#afd787")),
			"comment": s.Foreground(c("#808080")), "number": s.Foreground(c("#ffaf5f")),
			"name": s.Foreground(c("#87d7ff")), "function": s.Foreground(c("#ffd787")), "type": s.Foreground(c("#5fd7d7")),
		},
	}
}

func testEnv(repo *gitops.Repo) *pane.Env {
	return &pane.Env{
		Ctx: context.Background(), Repo: repo, Styles: testStyles(), Keys: keys.Default(),
		Diff: pane.DiffDefaults{SideBySide: true, TabWidth: 4, MaxBytes: 1 << 20},
	}
}

// hcl is a Terraform file of n resources; change alters the resources
// whose index it returns true for.
func hcl(n int, change func(i int) bool) string {
	var b strings.Builder
	for i := range n {
		cidr, typ := "10.0.0.0/16", "t3.micro"
		if change(i) {
			cidr, typ = "10.1.0.0/16", "t3.large"
		}
		fmt.Fprintf(&b, "resource \"aws_vpc\" \"net%d\" {\n  cidr_block    = %q # network\n  instance_type = %q\n  count         = %d\n}\n\n", i, cidr, typ, i%3+1)
	}
	return b.String()
}

// scripted makes a repository whose second commit renames a YAML file
// (with an edit), changes a script's mode, replaces a binary file,
// changes HCL words, a CJK line, only whitespace, and adds a hostile line.
// It returns the repository and the second commit's changes.
func scripted(t *testing.T) (*gitops.Repo, []gitops.FileChange) {
	t.Helper()
	g := gittest.New(t)
	svc := "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  ports:\n    - port: 80\n      targetPort: 8080\n"
	g.Write("k8s/service.yaml", svc).
		Write("scripts/deploy.sh", "#!/bin/sh\nterraform apply \"$@\"\n").
		WriteBytes("assets/logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR old")).
		Write("modules/vpc/main.tf", hcl(12, func(int) bool { return false })).
		Write("modules/vpc/variables.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n").
		Write("envs/tokyo.tfvars", "region = \"ap-northeast-1\"\ncity   = \"東京\"\nowner  = \"ops\"\n").
		Write("notes.txt", "fine\n")
	g.Commit("first")
	g.Move("k8s/service.yaml", "k8s/svc.yaml")
	g.Write("k8s/svc.yaml", strings.Replace(svc, "targetPort: 8080", "targetPort: 9090", 1)).
		Chmod("scripts/deploy.sh", 0o755).
		WriteBytes("assets/logo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR new!")).
		Write("modules/vpc/main.tf", hcl(12, func(i int) bool { return i == 1 || i == 9 })).
		Write("modules/vpc/variables.tf", "variable  \"region\"  {\n    default =  \"eu-west-1\"\n}\n").
		Write("envs/tokyo.tfvars", "region = \"ap-northeast-1\"\ncity   = \"東京タワー 🗼\"\nowner  = \"ops\"\n").
		Write("notes.txt", "fine\n\x1b]0;owned\x07\x1b[2J\n")
	g.Commit("second")
	repo, err := gitops.Open(g.Dir, gitops.Options{Env: g.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	head, err := repo.ResolveCommit("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	files, err := repo.DiffCommit(context.Background(), head, gitops.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return repo, files
}

// indexOf is the index of the change listed under path.
func indexOf(t *testing.T, files []gitops.FileChange, path string) int {
	t.Helper()
	for i, f := range files {
		if f.NewPath == path {
			return i
		}
	}
	t.Fatalf("%s not in the listing", path)
	return -1
}

// drain runs a command and feeds its messages back until none is left,
// as the program would.
func drain(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m
}

// press sends a key and runs what it starts.
func press(t *testing.T, m Model, key string) Model {
	t.Helper()
	m, cmd := m.Update(keyMsg(key))
	return drain(t, m, cmd)
}

func keyMsg(key string) tea.KeyPressMsg {
	switch key {
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	}
	r := []rune(key)[0]
	return tea.KeyPressMsg{Code: r, Text: key}
}

// open opens files at index in a pane of the given size and waits for it.
func open(t *testing.T, repo *gitops.Repo, files []gitops.FileChange, index, width, height int) Model {
	t.Helper()
	m := New(testEnv(repo)).SetSize(width, height)
	m, cmd := m.Open(pane.OpenDiffMsg{Files: files, Index: index})
	return drain(t, m, cmd)
}
