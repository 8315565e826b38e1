package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/gitops/iac"
	"reef/ui/reviewpane"
)

// securityGroup is a Terraform file whose SSH ingress rule allows cidr;
// twelve subnets of newbits bits above it push the rule down (when they
// change too, the diff's one hunk is longer than a screen).
func securityGroup(cidr string, newbits int) string {
	var b strings.Builder
	b.WriteString("variable \"vpc_cidr\" {\n  type    = string\n  default = \"10.0.0.0/16\"\n}\n\n")
	for i := range 12 {
		fmt.Fprintf(&b, "resource \"aws_subnet\" \"private_%d\" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(var.vpc_cidr, %d, %d)\n}\n\n", i, newbits, i)
	}
	b.WriteString("resource \"aws_vpc\" \"main\" {\n  cidr_block = var.vpc_cidr\n}\n\n")
	b.WriteString("resource \"aws_security_group\" \"ssh\" {\n  name   = \"ssh\"\n  vpc_id = aws_vpc.main.id\n\n")
	fmt.Fprintf(&b, "  ingress {\n    description = \"ssh\"\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [%q]\n  }\n\n", cidr)
	b.WriteString("  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n")
	return b.String()
}

// lineOf is the first line of the security group file holding text.
func lineOf(text string) int {
	for i, l := range strings.Split(securityGroup("0.0.0.0/0", 8), "\n") {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	return 0
}

// openSSH is a history whose last commit opens SSH to the world.
func openSSH(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("envs/prod/network.tf", securityGroup("10.0.0.0/8", 8)).
		Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n").
		Commit("Private network for prod")
	r.Write("envs/prod/network.tf", securityGroup("0.0.0.0/0", 10)).
		Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n").
		Commit("Open SSH to the world")
	return r
}

// handMade is an engine answering every review with the same result: the
// goldens do not move when the real rules' wording does.
func handMade(_ context.Context, _ *gitops.Repo, _ reviewpane.Comparison) (*iac.Result, error) {
	line := lineOf(`cidr_blocks = ["0.0.0.0/0"]`)
	return &iac.Result{
		Changes: []iac.Change{
			{Path: "envs/prod/network.tf", Address: "aws_security_group.ssh", Type: "aws_security_group", Kind: iac.Modified,
				Environment: "prod", Line: lineOf("aws_security_group"), OldLine: lineOf("aws_security_group"), Source: "static", Attributes: []iac.Attribute{{Path: "ingress[0].cidr_blocks",
					Before: `["10.0.0.0/8"]`, After: `["0.0.0.0/0"]`, HasBefore: true, HasAfter: true, Source: "static"}}},
			{Path: "k8s/deploy.yaml", Address: "apps/Deployment web", Type: "apps/Deployment", Kind: iac.Modified, Line: 6, OldLine: 6,
				Source: "static", Attributes: []iac.Attribute{{Path: "spec.replicas", Before: "2", After: "1", HasBefore: true, HasAfter: true, Source: "static"}}},
		},
		Findings: []iac.Finding{
			{Rule: "tf-open-ingress", Severity: iac.Critical, State: iac.Introduced, Path: "envs/prod/network.tf", Line: line,
				Address: "aws_security_group.ssh", Message: "SSH (port 22) is open to 0.0.0.0/0.", Environment: "prod"},
			{Rule: "tf-open-ingress", Severity: iac.Low, State: iac.Existing, Path: "envs/prod/network.tf", Line: line + 8,
				Address: "aws_security_group.ssh", Message: "Egress to 0.0.0.0/0 on every port.", Environment: "prod"},
			{Rule: "k8s-replicas-reduced", Severity: iac.Medium, State: iac.Introduced, Path: "k8s/deploy.yaml", Line: 6,
				Address: "apps/Deployment web", Message: "Replicas go from 2 to 1."},
		},
	}, nil
}

func startWith(t *testing.T, r *gittest.Repo, w, h int, engine reviewpane.Engine) *teatest.TestModel {
	t.Helper()
	o := options(colorprofile.Ascii)
	o.ReviewEngine = engine
	m := New(context.Background(), r.Dir, r.Environ(), o)
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
}

// TestReviewGoldens pins the Review screen, and the diff a finding opens,
// at 80x24 and 120x40.
func TestReviewGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, view := range []string{"review", "review-diff"} {
			name := fmt.Sprintf("%s-%dx%d", view, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				r := openSSH(t)
				tm := startWith(t, r, size[0], size[1], handMade)
				waitFor(t, tm, "Open SSH to the world")
				key(tm, "5")
				waitFor(t, tm, "spec.replicas")
				if view == "review-diff" {
					key(tm, "enter")
					waitFor(t, tm, "critical tf-open-ingress")
				}
				got := screen(final(t, tm), r.Dir)
				golden(t, name, got)
			})
		}
	}
}

// TestReviewJourney reviews the last commit with gitops' engine, opens
// the diff at the finding, comes back, reviews the staged changes and
// the work tree.
func TestReviewJourney(t *testing.T) {
	r := openSSH(t)
	tm := startWith(t, r, 120, 40, nil)
	waitFor(t, tm, "Open SSH to the world")
	key(tm, "5")
	waitFor(t, tm, "tf-open-ingress")
	key(tm, "enter")
	waitFor(t, tm, "critical tf-open-ingress") // the diff's message line, drawn once the file is laid out
	m := final(t, tm)
	view := screen(m, r.Dir)
	res := m.review.Result()
	if res == nil || len(res.Findings) == 0 {
		t.Fatalf("no findings:\n%s", view)
	}
	// The list's first row: the most severe finding.
	var f iac.Finding
	for _, g := range res.Findings {
		if g.Severity > f.Severity {
			f = g
		}
	}
	if f.Rule != "tf-open-ingress" || f.Severity != iac.Critical || f.State != iac.Introduced || f.Path != "envs/prod/network.tf" {
		t.Fatalf("most severe finding %+v\n%s", f, view)
	}
	if !m.diffShown() || m.diffOn != ScreenReview {
		t.Fatalf("the diff is not shown:\n%s", view)
	}
	// The finding's line is on screen, marked, and its message below.
	if !regexp.MustCompile(fmt.Sprintf(`\b%d●`, f.Line)).MatchString(view) {
		t.Errorf("line %d is not marked on screen:\n%s", f.Line, view)
	}
	lines := strings.Split(view, "\n")
	if msg := lines[len(lines)-2]; !strings.Contains(msg, "critical tf-open-ingress") {
		t.Errorf("message line %q", msg)
	}
}

// TestReviewTargets: S and W review the staged changes and the work
// tree; esc from a diff opened in the Review screen comes back to it.
func TestReviewTargets(t *testing.T) {
	r := openSSH(t)
	r.Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 0\n")
	r.Git("add", "k8s/deploy.yaml")
	tm := startWith(t, r, 120, 40, handMade)
	waitFor(t, tm, "Open SSH to the world")
	key(tm, "5")
	waitFor(t, tm, "1 critical") // the commit selected in the Log, reviewed
	key(tm, "S")
	waitFor(t, tm, "staged changes")
	key(tm, "j") // the replicas finding: its file is staged
	key(tm, "enter")
	waitFor(t, tm, "1/1")
	key(tm, "esc")
	key(tm, "W")
	waitFor(t, tm, "work tree against HEAD")
	key(tm, "?")
	waitFor(t, tm, "review again")
	m := final(t, tm)
	if m.diffShown() || m.screen != ScreenReview || m.review.Target() != reviewpane.WorktreeTarget {
		t.Errorf("screen %d diff %v target %+v", m.screen, m.diffShown(), m.review.Target())
	}
	view := screen(m, r.Dir)
	for _, want := range []string{"review the staged changes", "review the work tree", "open the diff at the finding's line"} {
		if !strings.Contains(view, want) {
			t.Errorf("help lacks %q:\n%s", want, view)
		}
	}
}

// TestReviewRange: v in the Log marks one end of a range, the cursor the
// other, and the Review screen reads the whole range.
func TestReviewRange(t *testing.T) {
	r := openSSH(t)
	r.Write("README.md", "docs only\n").Commit("Docs")
	tm := startWith(t, r, 120, 40, nil)
	waitFor(t, tm, "Docs")
	key(tm, "j")
	key(tm, "j")
	key(tm, "v") // Open SSH to the world's parent: Private network for prod
	key(tm, "g")
	waitFor(t, tm, "range ")
	key(tm, "5")
	waitFor(t, tm, "tf-open-ingress")
	m := final(t, tm)
	got := m.review.Target()
	if got.Kind != reviewpane.KindRange || got.From != r.Rev("HEAD~2") || got.To != r.Rev("HEAD") {
		t.Fatalf("target %+v", got)
	}
	view := screen(m, r.Dir)
	if !strings.Contains(view, r.Rev("HEAD~2")[:7]+".."+r.Rev("HEAD")[:7]) {
		t.Errorf("the range is not named:\n%s", view)
	}
}
