package reviewpane

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"
)

// testStyles are fixed looks for tests (the themes make the real ones).
func testStyles() *styles.Styles {
	c := lipgloss.Color
	s := lipgloss.NewStyle()
	return &styles.Styles{
		Dark: true, Text: s, Title: s.Bold(true), Muted: s.Faint(true), Focus: s.Bold(true).Underline(true),
		Danger: s.Foreground(c("#ff5f5f")), Warning: s.Foreground(c("#ffd75f")), Info: s.Foreground(c("#5fafff")),
		Added: s.Foreground(c("#5fd75f")), Removed: s.Foreground(c("#ff5f5f")), Changed: s.Foreground(c("#d7af5f")),
		Selected: s.Reverse(true), SelectedBlur: s.Underline(true),
	}
}

// fake is a Reviewer answering from a table of targets; it counts calls.
type fake struct {
	mu      sync.Mutex
	answers map[Target]Review
	calls   []Target
}

func (f *fake) review(_ context.Context, t Target) (Review, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, t)
	rv, ok := f.answers[t]
	if !ok {
		return Review{}, errors.New("no such \x1b[31mtarget\x1b[0m")
	}
	return rv, nil
}

func newPane(t *testing.T, f *fake, w, h int) Model {
	t.Helper()
	env := &pane.Env{Ctx: context.Background(), Styles: testStyles(), Keys: keys.Default()}
	m := New(env, WithReviewer(f.review))
	m.SetSize(w, h)
	return m
}

// drain runs a command and feeds its messages back until none is left,
// as the program would; it returns the messages the pane did not handle
// (those for the root).
func drain(t *testing.T, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		switch msg := msg.(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
			continue
		case pane.OpenDiffMsg, pane.StatusMsg:
			out = append(out, msg)
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m, out
}

func press(t *testing.T, m Model, key string) (Model, []tea.Msg) {
	t.Helper()
	m, cmd := m.Update(keyMsg(key))
	return drain(t, m, cmd)
}

func keyMsg(key string) tea.KeyPressMsg {
	switch key {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "ctrl+d":
		return tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(key)[0]
	return tea.KeyPressMsg{Code: r, Text: key}
}

// plain is the view without escape sequences, lines right-trimmed.
func plain(m Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

var head = gitops.Hash{0xab, 0xcd, 0xef, 0x12}

// sample is a hand-made review of a commit touching production and
// staging Terraform, a Kubernetes manifest, and a file that does not
// parse.
func sample() Review {
	files := []gitops.FileChange{
		{Status: 'M', OldPath: "envs/prod/sg.tf", NewPath: "envs/prod/sg.tf"},
		{Status: 'M', OldPath: "envs/prod/variables.tf", NewPath: "envs/prod/variables.tf"},
		{Status: 'D', OldPath: "envs/staging/db.tf", NewPath: "envs/staging/db.tf"},
		{Status: 'M', OldPath: "k8s/deploy.yaml", NewPath: "k8s/deploy.yaml"},
		{Status: 'A', OldPath: "envs/prod/broken.tf", NewPath: "envs/prod/broken.tf"},
	}
	res := &iac.Result{
		Changes: []iac.Change{
			{Path: "k8s/deploy.yaml", Address: "apps/Deployment default/web", Type: "apps/Deployment", Kind: iac.Modified, Line: 6, OldLine: 6, Source: "static",
				Attributes: []iac.Attribute{{Path: "spec.replicas", Before: "2", After: "1", HasBefore: true, HasAfter: true, Source: "static"}}},
			{Path: "envs/prod/sg.tf", Address: "aws_instance.bastion", Type: "aws_instance", Kind: iac.Added, Environment: "prod", Line: 14, Source: "plan", Actions: []string{"create"}},
			{Path: "envs/prod/sg.tf", Address: "aws_security_group.ssh", Type: "aws_security_group", Kind: iac.Modified, Environment: "prod", Line: 1, OldLine: 1, Source: "static",
				Attributes: []iac.Attribute{
					{Path: "ingress[0].cidr_blocks", Before: `["10.0.0.0/8"]`, After: `["0.0.0.0/0"]`, HasBefore: true, HasAfter: true, Source: "static"},
					{Path: "ingress[0].description", After: "ssh \x1b]0;owned\x07", HasAfter: true, Source: "static"},
					{Path: "password", Before: "(sensitive)", After: "(sensitive)", HasBefore: true, HasAfter: true, Sensitive: true, Source: "plan"},
				}},
			{Path: "envs/prod/variables.tf", Address: "var.region", Type: "variable", Kind: iac.Modified, Environment: "prod", Line: 2, OldLine: 2, Source: "static",
				Notes: []string{"var.region flows into aws_instance.bastion"}},
			{Path: "envs/staging/db.tf", Address: "aws_db_instance.main", Type: "aws_db_instance", Kind: iac.Removed, Environment: "staging", OldLine: 3, Source: "static"},
		},
		Findings: []iac.Finding{
			{Rule: "k8s-replicas-reduced", Severity: iac.Medium, State: iac.Introduced, Path: "k8s/deploy.yaml", Line: 6, Address: "apps/Deployment default/web", Message: "Replicas go from 2 to 1."},
			{Rule: "tf-open-ingress", Severity: iac.Critical, State: iac.Existing, Path: "envs/prod/sg.tf", Line: 20, Address: "aws_security_group.rdp", Message: "Port 3389 is open to 0.0.0.0/0.", Environment: "prod"},
			{Rule: "tf-public-database", Severity: iac.High, State: iac.Resolved, Path: "envs/staging/db.tf", Line: 7, Address: "aws_db_instance.main", Message: "The database is no longer public.", Environment: "staging"},
			{Rule: "tf-open-ingress", Severity: iac.Critical, State: iac.Introduced, Path: "envs/prod/sg.tf", Line: 5, Address: "aws_security_group.ssh", Message: "Port 22 is open to 0.0.0.0/0 \x1b[2J.", Environment: "prod"},
			{Rule: "tf-encryption-disabled", Severity: iac.High, State: iac.Introduced, Path: "envs/prod/sg.tf", Line: 16, Address: "aws_instance.bastion", Message: "The root volume is not encrypted.", Environment: "prod"},
			{Rule: "gha-unpinned-action", Severity: iac.Low, State: iac.Introduced, Path: ".github/workflows/ci.yml", Line: 9, Message: "actions/checkout@main is not pinned."},
		},
		Notes: []iac.Note{{Path: "envs/prod/broken.tf", Message: "does not parse (line 3: unclosed block); shown as a text diff"}},
	}
	return Review{Label: "abcdef1 Open SSH to the world", Source: pane.DiffSource{Commit: head}, Files: files, Result: res}
}

// opened is a pane of w×h showing the sample review of the commit head.
func opened(t *testing.T, w, h int) (Model, *fake) {
	t.Helper()
	f := &fake{answers: map[Target]Review{CommitTarget(head): sample()}}
	m := newPane(t, f, w, h)
	m, cmd := m.Offer(CommitTarget(head))
	m, _ = drain(t, m, cmd)
	if m.Result() == nil {
		t.Fatalf("no review shown: err %v", m.Err())
	}
	return m, f
}
