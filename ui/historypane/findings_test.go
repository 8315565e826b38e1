package historypane

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"reef/gitops"
	"reef/gitops/iac"
)

// sshGroup is a Terraform security group whose SSH ingress allows cidr.
func sshGroup(cidr string) string {
	return "resource \"aws_security_group\" \"ssh\" {\n  name = \"ssh\"\n\n" +
		fmt.Sprintf("  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [%q]\n  }\n}\n", cidr)
}

// TestFindingsOfTheSelectedChange: the diff of a commit that opens SSH to
// the world carries the review's findings on the file (gitops' review,
// limited to the file); a commit that changes nothing risky has none.
func TestFindingsOfTheSelectedChange(t *testing.T) {
	r := history(t)
	r.Write("envs/prod/network.tf", sshGroup("10.0.0.0/8")).Commit("Private SSH")
	r.Write("envs/prod/network.tf", sshGroup("0.0.0.0/0")).Write("README.md", "# open\n").Commit("Open SSH to the world")
	r.Write("envs/prod/network.tf", sshGroup("0.0.0.0/0")+"# reviewed\n").Commit("Note the review")
	repo := openRepo(t, r)
	m := opened(t, repo, "envs/prod/network.tf", 120, 40)
	m = selectRow(t, m, r.Rev("HEAD~1"))
	req, _ := m.DiffRequest()
	if len(req.Findings) == 0 {
		t.Fatalf("no findings on the commit that opens SSH")
	}
	for _, f := range req.Findings {
		if f.Path != "envs/prod/network.tf" {
			t.Errorf("a finding on another file: %+v", f)
		}
	}
	m = selectRow(t, m, r.Rev("HEAD~2"))
	if req, _ := m.DiffRequest(); len(req.Findings) != 0 {
		t.Errorf("the private group's commit has findings: %+v", req.Findings)
	}
}

// TestReviewTargets: each comparison is reviewed as what it compares (a
// commit, marked..selected, the work tree), with the file's names.
func TestReviewTargets(t *testing.T) {
	r := history(t)
	r.Write(newPath, vpc(8, map[int]string{2: "wip"}))
	repo := openRepo(t, r)
	var mu sync.Mutex
	var asked []string
	rv := func(ctx context.Context, tg gitops.ReviewTarget, paths []string) ([]iac.Finding, error) {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, fmt.Sprintf("%d %s %s %s", tg.Kind, short(tg.From), short(tg.To), strings.Join(paths, ",")))
		return []iac.Finding{{Path: newPath, Line: 2, Severity: iac.High, Rule: "test-rule"}, {Path: "other.tf", Line: 1}}, nil
	}
	m := opened(t, repo, newPath, 120, 40, WithReviewer(rv))
	rows := m.list.rows
	move := rows[3]
	m = selectRow(t, m, move.commit.ID.String())
	m = press(t, m, "m")
	m = selectRow(t, m, rows[0].commit.ID.String())
	m = press(t, m, "W")
	head := rows[0].commit
	want := []string{
		fmt.Sprintf("0 %s %s %s", short(head.Parents[0]), short(head.ID), newPath),                           // the first row
		fmt.Sprintf("0 %s %s %s,%s", short(move.commit.Parents[0]), short(move.commit.ID), oldPath, newPath), // the move
		fmt.Sprintf("0 %s %s %s", short(move.commit.ID), short(head.ID), newPath),                            // marked..selected
		fmt.Sprintf("2 - - %s", newPath), // W
	}
	got := strings.Join(asked, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("no review of %q among:\n%s", w, got)
		}
	}
	req, _ := m.DiffRequest()
	if len(req.Findings) != 1 || req.Findings[0].Path != newPath {
		t.Errorf("the diff marks %+v; only the file's findings belong there", req.Findings)
	}
}

func short(id gitops.Hash) string {
	if id.IsZero() {
		return "-"
	}
	return id.String()[:7]
}
