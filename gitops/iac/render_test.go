package iac

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func sampleResult() Result {
	r := Result{
		Changes: []Change{
			{Path: "envs/prod/network/main.tf", Address: "aws_security_group.web", Type: "aws_security_group", Kind: Modified, Environment: "prod", Line: 12, OldLine: 12,
				Attributes: []Attribute{
					{Path: "ingress[0].cidr_blocks", Before: `["10.0.0.0/8"]`, After: `["0.0.0.0/0"]`, HasBefore: true, HasAfter: true, Source: "static"},
					{Path: "description", After: "web\x1b[2Jtraffic", HasAfter: true, Source: "static"},
					{Path: "user_data", Before: "#!/bin/sh\napt-get update\nstart web\n", After: "#!/bin/sh\napt-get update\ncurl -fsSL https://get.example.sh | sh\nstart web\n", HasBefore: true, HasAfter: true},
				}},
			{Path: "envs/prod/network/main.tf", Address: "aws_instance.bastion", Type: "aws_instance", Kind: Removed, Environment: "prod", OldLine: 30,
				Notes: []string{"no moved or removed block: terraform destroys it"}},
			{Path: "envs/prod/network/main.tf", Address: "aws_db_instance.main", Kind: Moved, From: "aws_db_instance.db", Environment: "prod", Line: 40, OldLine: 38},
			{Path: "modules/vpc/main.tf", Address: "aws_vpc.this", Kind: Added, Line: 1,
				Attributes: []Attribute{{Path: "policy", After: strings.Repeat("x", 200) + "\nmore", HasAfter: true}}},
		},
		Findings: []Finding{
			{Rule: "tf-open-ingress", Severity: Critical, State: Introduced, Path: "envs/prod/network/main.tf", Line: 14, Address: "aws_security_group.web", Message: "Port 22 is open to 0.0.0.0/0.", Environment: "prod"},
			{Rule: "tf-resource-destroyed", Severity: High, State: Introduced, Path: "envs/prod/network/main.tf", Line: 30, Address: "aws_instance.bastion", Message: "aws_instance.bastion is destroyed.", Environment: "prod"},
			{Rule: SecretRule, Severity: Critical, State: Resolved, Path: "envs/prod/network/main.tf", Line: 3, Message: "AWS access key ID AKIA******** (20 characters) is removed, but stays in Git history: rotate it.", Environment: "prod"},
			{Rule: "tf-encryption-disabled", Severity: Medium, State: Existing, Path: "modules/vpc/main.tf", Line: 5, Address: "aws_vpc.this", Message: "Flow logs are not encrypted."},
		},
		Notes: []Note{{Path: "charts/api/templates/deploy.yaml", Message: "not valid YAML (line 3: mapping values are not allowed here): shown as a text diff"}},
	}
	sortResult(&r)
	return r
}

const renderGolden = `no environment
  charts/api/templates/deploy.yaml
    note: not valid YAML (line 3: mapping values are not allowed here): shown as a text diff
  modules/vpc/main.tf
    + aws_vpc.this (added)
      policy: (unset) → 2 lines
        + xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…
        + more
      ! medium tf-encryption-disabled (existing, line 5): Flow logs are not encrypted.

environment prod (production)
  envs/prod/network/main.tf
    - aws_instance.bastion (removed)
      note: no moved or removed block: terraform destroys it
      ! high tf-resource-destroyed (introduced, line 30): aws_instance.bastion is destroyed.
    ~ aws_security_group.web (modified)
      ingress[0].cidr_blocks: ["10.0.0.0/8"] → ["0.0.0.0/0"]
      description: (unset) → web␛[2Jtraffic
      user_data: 3 lines → 4 lines
        + curl -fsSL https://get.example.sh | sh
      ! critical tf-open-ingress (introduced, line 14): Port 22 is open to 0.0.0.0/0.
    > aws_db_instance.main (moved from aws_db_instance.db)
    ! critical secret-literal (resolved, line 3 of the old file): AWS access key ID AKIA******** (20 characters) is removed, but stays in Git history: rotate it.

4 changes in 3 files; introduced: 1 critical, 1 high; existing: 1 medium; resolved: 1 critical; 1 note
`

func TestRenderText(t *testing.T) {
	var b bytes.Buffer
	clean := func(s string) string { return strings.ReplaceAll(s, "\x1b", "␛") }
	if err := Render(&b, sampleResult(), RenderOptions{Clean: clean}); err != nil {
		t.Fatal(err)
	}
	if b.String() != renderGolden {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), renderGolden)
	}
	// colour wraps marks and severities, and changes nothing else
	b.Reset()
	Render(&b, sampleResult(), RenderOptions{Clean: clean, Color: true})
	if !strings.Contains(b.String(), "\x1b[1;31m! critical tf-open-ingress\x1b[m") {
		t.Errorf("no colour:\n%s", b.String())
	}
	if stripANSI(b.String()) != renderGolden {
		t.Errorf("coloured text differs:\n%s", stripANSI(b.String()))
	}
	b.Reset()
	Render(&b, Result{}, RenderOptions{})
	if b.String() != "0 changes in 0 files; no findings\n" {
		t.Errorf("empty: %q", b.String())
	}
}

func TestRenderLabelsPlanFacts(t *testing.T) {
	r := Result{Changes: []Change{{Path: "main.tf", Address: "aws_instance.web", Kind: Modified, Actions: []string{"delete", "create"}, Source: "plan",
		Attributes: []Attribute{
			{Path: "ami", Before: "ami-1", After: "ami-2", HasBefore: true, HasAfter: true, Source: "plan"},
			{Path: "password", Before: "(sensitive)", After: "(sensitive)", HasBefore: true, HasAfter: true, Sensitive: true, Source: "plan"},
			{Path: "tags.team", Before: "a", After: "b", HasBefore: true, HasAfter: true, Source: "static"},
		}}}}
	var b bytes.Buffer
	Render(&b, r, RenderOptions{})
	want := `no environment
  main.tf
    ~ aws_instance.web (modified; plan: delete, create; from plan)
      ami: ami-1 → ami-2 (from plan)
      password: (sensitive) → (sensitive) (from plan)
      tags.team: a → b (static)

1 change in 1 file; no findings
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleResult()); err != nil {
		t.Fatal(err)
	}
	// The shape, read back with only its fields.
	var doc struct {
		Changes []struct {
			Path, Address, Kind, Environment string
			Attributes                       []struct{ Path, Before, After string }
		}
		Findings []struct {
			Rule, Severity, State, Path, Address, Message string
			Line                                          int
		}
	}
	dec := json.NewDecoder(&b)
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Changes) != 4 || doc.Changes[2].Kind != "modified" || doc.Changes[2].Attributes[0].After != `["0.0.0.0/0"]` || doc.Changes[2].Environment != "prod" {
		t.Errorf("changes %+v", doc.Changes)
	}
	if len(doc.Findings) != 4 || doc.Findings[1].Severity != "critical" || doc.Findings[1].State != "resolved" || doc.Findings[2].Line != 14 {
		t.Errorf("findings %+v", doc.Findings)
	}
	b.Reset()
	WriteJSON(&b, Result{})
	if b.String() != "{\n  \"changes\": [],\n  \"findings\": [],\n  \"notes\": []\n}\n" {
		t.Errorf("empty: %q", b.String())
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestRenderLineDiff(t *testing.T) {
	var before, after []string
	for i := 0; i < 40; i++ {
		before = append(before, fmt.Sprintf("line %d", i))
		after = append(after, fmt.Sprintf("line %d", i))
		if i%2 == 0 {
			after[i] = fmt.Sprintf("LINE %d", i)
		}
	}
	r := Result{Changes: []Change{{Path: "cm.yaml", Address: "v1/ConfigMap a/b", Kind: Modified,
		Attributes: []Attribute{{Path: "data.script", Before: strings.Join(before, "\n"), After: strings.Join(after, "\n"), HasBefore: true, HasAfter: true}}}}}
	var b bytes.Buffer
	Render(&b, r, RenderOptions{})
	out := b.String()
	if !strings.Contains(out, "data.script: 40 lines → 40 lines\n        - line 0\n        + LINE 0\n        - line 2\n") ||
		strings.Count(out, "\n        ") != maxDiffLines+1 || !strings.Contains(out, "… 20 more changed lines") {
		t.Errorf("got:\n%s", out)
	}
	if got := diffLines([]string{"a", "b", "c"}, []string{"a", "x", "c", "d"}); fmt.Sprint(got) != "[{32 a} {45 b} {43 x} {32 c} {43 d}]" {
		t.Errorf("diffLines: %v", got)
	}
}
