package iac_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/iac"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md and the summary goldens")

// TestRulesDoc keeps docs/rules.md in step with the rules: it is made
// from every analyzer's Rules() and secret-literal's.
func TestRulesDoc(t *testing.T) {
	const path = "../../docs/rules.md"
	rules := gitops.AllRules(gitops.Analyzers())
	want := iac.RulesMarkdown(rules)
	got, err := os.ReadFile(path)
	if err == nil && string(got) == want {
		return
	}
	if !*update {
		t.Fatalf("docs/rules.md is out of date: run go test ./gitops/iac -run RulesDoc -update")
	}
	if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRulesAreDocumented checks every rule says what, why and how to
// silence it, and no id is used twice.
func TestRulesAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range gitops.AllRules(gitops.Analyzers()) {
		if seen[r.ID] {
			t.Errorf("rule %s is documented twice", r.ID)
		}
		seen[r.ID] = true
		if r.Severity < iac.Low || r.Severity > iac.Critical || strings.TrimSpace(r.Applies) == "" ||
			strings.TrimSpace(r.Matches) == "" || strings.TrimSpace(r.Why) == "" || strings.TrimSpace(r.Silence) == "" {
			t.Errorf("rule %s is not fully documented: %+v", r.ID, r)
		}
	}
}
