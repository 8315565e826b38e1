package manifests_test

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests"
)

// ownGroups are the corpus directories of this analyzer's rules (the
// CloudFormation cases of tf-deletion-protection-off live under cfn-).
func ownGroup(g string) bool {
	for _, p := range []string{"k8s-", "gha-", "ansible-", "gitops-", "cfn-"} {
		if strings.HasPrefix(g, p) {
			return true
		}
	}
	return false
}

var show = flag.Bool("show", false, "log every corpus case's result")

type tally struct{ tp, fp, fn, fire, quiet int }

// TestCorpusRules runs every labelled case of this analyzer's rules and
// checks its fire, existing and resolved lists exactly (for the rules the
// analyzer owns), then reports precision and recall per rule.
func TestCorpusRules(t *testing.T) {
	a := manifests.New()
	var ids []string
	for _, d := range a.Rules() {
		ids = append(ids, d.ID)
	}
	own := func(id string) bool { return slices.Contains(ids, id) }
	scores := map[string]*tally{}
	for _, id := range ids {
		scores[id] = &tally{}
	}
	// Every case whose file this analyzer reads counts: other analyzers'
	// cases (secret-literal in a Compose file) must not make these rules
	// fire either, or the engine's corpus run loses precision.
	cases := listCases(t, filepath.Join(corpusRoot, "rules"), func(string) bool { return true })
	if len(cases) == 0 {
		t.Fatal("no corpus cases")
	}
	for _, dir := range cases {
		c := loadCase(t, dir)
		name, _ := filepath.Rel(filepath.Join(corpusRoot, "rules"), dir)
		in, f := c.input()
		if !a.Claims(f.Path, pick(f.After, f.Before)) {
			if ownGroup(strings.SplitN(name, string(filepath.Separator), 2)[0]) {
				t.Errorf("%s: %s is not claimed", name, f.Path)
			}
			continue
		}
		res, err := a.Analyze(context.Background(), in, []iac.File{f})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if *show {
			t.Logf("%s:\n%s", name, render(res))
		}
		got := map[iac.State][]string{}
		for _, fd := range res.Findings {
			if own(fd.Rule) && !slices.Contains(got[fd.State], fd.Rule) {
				got[fd.State] = append(got[fd.State], fd.Rule)
			}
		}
		for _, want := range []struct {
			state iac.State
			rules []string
		}{{iac.Introduced, c.Fire}, {iac.Existing, c.Existing}, {iac.Resolved, c.Resolved}} {
			var w []string
			for _, id := range want.rules {
				if own(id) {
					w = append(w, id)
				}
			}
			g := got[want.state]
			sort.Strings(w)
			sort.Strings(g)
			if !slices.Equal(w, g) {
				t.Errorf("%s: %s findings: got %v, want %v\n%s", name, want.state, g, w, render(res))
			}
		}
		for _, id := range ids {
			s := scores[id]
			pred := slices.Contains(got[iac.Introduced], id)
			actual := slices.Contains(c.Fire, id)
			switch {
			case pred && actual:
				s.tp++
			case pred:
				s.fp++
			case actual:
				s.fn++
			}
		}
		group := strings.SplitN(name, string(filepath.Separator), 2)[0]
		rule := groupRule(group)
		if s, ok := scores[rule]; ok {
			if slices.Contains(c.Fire, rule) {
				s.fire++
			} else {
				s.quiet++
			}
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-28s %5s %5s %5s %9s %6s %5s %5s\n", "rule", "tp", "fp", "fn", "precision", "recall", "fire", "quiet")
	for _, id := range ids {
		s := scores[id]
		p, r := ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
		fmt.Fprintf(&report, "%-28s %5d %5d %5d %9.2f %6.2f %5d %5d\n", id, s.tp, s.fp, s.fn, p, r, s.fire, s.quiet)
		if p < 0.95 || r < 0.95 {
			t.Errorf("%s: precision %.2f, recall %.2f: both must be at least 0.95", id, p, r)
		}
		if s.fire < 3 || s.quiet < 3 {
			t.Errorf("%s: %d cases fire and %d do not; the corpus needs at least 3 of each", id, s.fire, s.quiet)
		}
	}
	t.Logf("%d cases\n%s", len(cases), report.String())
}

// groupRule maps a corpus directory to its rule id.
func groupRule(group string) string {
	if group == "cfn-tf-deletion-protection-off" {
		return "tf-deletion-protection-off"
	}
	return group
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func pick(a, b []byte) []byte {
	if a != nil {
		return a
	}
	return b
}
