package iac_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"reef/gitops"
	"reef/gitops/iac"
)

// corpusCase is one labelled change pair of testdata/iac/rules (see
// testdata/iac/README.md).
type corpusCase struct {
	name, rule string   // directory names
	Path       string   `yaml:"path"`
	Fire       []string `yaml:"fire"`
	Existing   []string `yaml:"existing"`
	Resolved   []string `yaml:"resolved"`
	Note       string   `yaml:"note"`
	Plan       string   `yaml:"plan"` // optional: a plan JSON file of the case directory

	before, after   []byte
	beforeD, afterD map[string][]byte
	plan            []byte
}

const corpusDir = "../../testdata/iac/rules"

func loadCorpus(t *testing.T) []*corpusCase {
	t.Helper()
	rules, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []*corpusCase
	for _, r := range rules {
		if !r.IsDir() {
			continue
		}
		cases, err := os.ReadDir(filepath.Join(corpusDir, r.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if !c.IsDir() {
				continue
			}
			cc, err := readCase(filepath.Join(corpusDir, r.Name(), c.Name()))
			if err != nil {
				t.Errorf("%s/%s: %v", r.Name(), c.Name(), err)
				continue
			}
			cc.rule, cc.name = r.Name(), c.Name()
			out = append(out, cc)
		}
	}
	return out
}

func readCase(dir string) (*corpusCase, error) {
	b, err := os.ReadFile(filepath.Join(dir, "case.yaml"))
	if err != nil {
		return nil, err
	}
	var c corpusCase
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("case.yaml: %v", err)
	}
	if c.Path == "" {
		return nil, fmt.Errorf("case.yaml has no path")
	}
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if os.IsNotExist(err) {
			return nil, nil
		}
		if b == nil && err == nil {
			b = []byte{}
		}
		return b, err
	}
	if c.before, err = read("before"); err != nil {
		return nil, err
	}
	if c.after, err = read("after"); err != nil {
		return nil, err
	}
	if c.before == nil && c.after == nil {
		return nil, fmt.Errorf("neither before nor after")
	}
	if c.Plan != "" {
		if c.plan, err = read(c.Plan); err != nil || c.plan == nil {
			return nil, fmt.Errorf("plan %s: %v", c.Plan, err)
		}
	}
	for _, side := range []struct {
		name string
		m    *map[string][]byte
	}{{"before.d", &c.beforeD}, {"after.d", &c.afterD}} {
		entries, err := os.ReadDir(filepath.Join(dir, side.name))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		*side.m = map[string][]byte{}
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(dir, side.name, e.Name())); err == nil {
				(*side.m)[e.Name()] = b
			}
		}
	}
	return &c, nil
}

// input is the case as the engine sees it: one changed file, and its
// directory (the file and the before.d/after.d files) through Dir.
func (c *corpusCase) input() *iac.Input {
	in := &iac.Input{Files: []iac.File{{Path: c.Path, OldPath: c.Path, Before: c.before, After: c.after}}, Plan: c.plan}
	dir := path.Dir(c.Path)
	in.Dir = func(_ context.Context, side iac.Side, d string) (map[string][]byte, error) {
		m := map[string][]byte{}
		if strings.Trim(d, "/") != dir && !(d == "" && dir == ".") {
			return m, nil
		}
		extra, own := c.afterD, c.after
		if side == iac.Before {
			extra, own = c.beforeD, c.before
		}
		for name, b := range extra {
			m[path.Join(dir, name)] = b
		}
		if own != nil {
			m[c.Path] = own
		}
		return m, nil
	}
	return in
}

// counts are one rule's confusion counts over the corpus.
type counts struct{ cases, fire, quiet, tp, fp, fn int }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestCorpus runs the whole engine with every analyzer over the labelled
// corpus, checks each case's expectations and measures precision and
// recall per rule: below 0.95, overall or for a rule with three cases or
// more, fails.
func TestCorpus(t *testing.T) {
	analyzers := gitops.Analyzers()
	docs := gitops.AllRules(analyzers)
	known := map[string]bool{}
	per := map[string]*counts{}
	for _, d := range docs {
		known[d.ID] = true
		per[d.ID] = &counts{}
	}
	cases := loadCorpus(t)
	stateHits, stateWant := 0, 0
	for _, c := range cases {
		c.rule = ruleOfDir(c.rule, known)
		for _, list := range [][]string{c.Fire, c.Existing, c.Resolved, {c.rule}} {
			for _, id := range list {
				if !known[id] {
					t.Errorf("%s/%s: unknown rule %q", c.rule, c.name, id)
				}
			}
		}
		if pc := per[c.rule]; pc != nil {
			pc.cases++
			if contains(c.Fire, c.rule) {
				pc.fire++
			} else {
				pc.quiet++
			}
		}
		res, err := iac.Review(context.Background(), c.input(), analyzers, iac.Config{})
		if err != nil {
			t.Fatalf("%s/%s: %v", c.rule, c.name, err)
		}
		got := map[iac.State]map[string]bool{iac.Introduced: {}, iac.Existing: {}, iac.Resolved: {}}
		for _, f := range res.Findings {
			got[f.State][f.Rule] = true
		}
		for id, pc := range per {
			pred, want := got[iac.Introduced][id], contains(c.Fire, id)
			switch {
			case pred && want:
				pc.tp++
			case pred:
				pc.fp++
				t.Logf("false positive: %s on %s/%s (%s)", id, c.rule, c.name, messages(res, id))
			case want:
				pc.fn++
				t.Logf("missed: %s on %s/%s", id, c.rule, c.name)
			}
		}
		for _, st := range []iac.State{iac.Existing, iac.Resolved} {
			want := c.Existing
			if st == iac.Resolved {
				want = c.Resolved
			}
			for _, id := range want {
				stateWant++
				if got[st][id] {
					stateHits++
				} else {
					t.Logf("no %s finding: %s on %s/%s", st, id, c.rule, c.name)
				}
			}
		}
	}
	report(t, docs, per, stateHits, stateWant)
	checkCoverage(t, cases, docs)
}

// ruleOfDir reads a case directory's rule: its name, or a known rule
// after a family prefix ("cfn-tf-deletion-protection-off" holds the
// CloudFormation cases of tf-deletion-protection-off).
func ruleOfDir(dir string, known map[string]bool) string {
	if known[dir] {
		return dir
	}
	for i := 0; i < len(dir); i++ {
		if dir[i] == '-' && known[dir[i+1:]] {
			return dir[i+1:]
		}
	}
	return dir
}

func messages(r iac.Result, rule string) string {
	var m []string
	for _, f := range r.Findings {
		if f.Rule == rule && f.State == iac.Introduced {
			m = append(m, fmt.Sprintf("line %d: %s", f.Line, f.Message))
		}
	}
	return strings.Join(m, "; ")
}

// report logs the table and fails below the bar.
func report(t *testing.T, docs []iac.RuleDoc, per map[string]*counts, stateHits, stateWant int) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-28s %5s %4s %5s %4s %4s %4s %9s %6s\n", "rule", "cases", "fire", "quiet", "tp", "fp", "fn", "precision", "recall")
	var all counts
	ids := make([]string, 0, len(docs))
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c := per[id]
		p, r := ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn)
		fmt.Fprintf(&b, "%-28s %5d %4d %5d %4d %4d %4d %9.3f %6.3f\n", id, c.cases, c.fire, c.quiet, c.tp, c.fp, c.fn, p, r)
		all.cases += c.cases
		all.fire += c.fire
		all.quiet += c.quiet
		all.tp += c.tp
		all.fp += c.fp
		all.fn += c.fn
		if c.cases >= 3 && (p < 0.95 || r < 0.95) {
			t.Errorf("%s: precision %.3f, recall %.3f (at least 0.95 each)", id, p, r)
		}
	}
	p, r := ratio(all.tp, all.tp+all.fp), ratio(all.tp, all.tp+all.fn)
	fmt.Fprintf(&b, "%-28s %5d %4d %5d %4d %4d %4d %9.3f %6.3f\n", "overall", all.cases, all.fire, all.quiet, all.tp, all.fp, all.fn, p, r)
	fmt.Fprintf(&b, "existing/resolved expectations met: %d of %d\n", stateHits, stateWant)
	t.Log(b.String())
	if p < 0.95 || r < 0.95 {
		t.Errorf("overall precision %.3f, recall %.3f (at least 0.95 each)", p, r)
	}
	if ratio(stateHits, stateWant) < 0.95 {
		t.Errorf("existing/resolved expectations: %d of %d met (at least 95%%)", stateHits, stateWant)
	}
}

// checkCoverage holds the corpus to its own rule: for every rule, three
// cases that fire and three that do not.
func checkCoverage(t *testing.T, cases []*corpusCase, docs []iac.RuleDoc) {
	type cover struct{ fire, quiet, existing, resolved int }
	by := map[string]*cover{}
	for _, c := range cases {
		cv := by[c.rule]
		if cv == nil {
			cv = &cover{}
			by[c.rule] = cv
		}
		switch {
		case contains(c.Fire, c.rule):
			cv.fire++
		default:
			cv.quiet++
		}
		if contains(c.Existing, c.rule) {
			cv.existing++
		}
		if contains(c.Resolved, c.rule) {
			cv.resolved++
		}
	}
	for _, d := range docs {
		cv := by[d.ID]
		if cv == nil {
			cv = &cover{}
		}
		if cv.fire < 3 || cv.quiet < 3 {
			t.Errorf("corpus for %s: %d firing and %d quiet cases; want 3 of each", d.ID, cv.fire, cv.quiet)
		}
		// A rule about the change itself (a destroy, a replica cut) has
		// no existing or resolved state; the others should show both.
		if cv.existing == 0 || cv.resolved == 0 {
			t.Logf("corpus for %s: %d existing and %d resolved cases (fine only for a rule about the change itself)", d.ID, cv.existing, cv.resolved)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
