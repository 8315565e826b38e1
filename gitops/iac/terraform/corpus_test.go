package terraform

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

	"reef/gitops/iac"
)

// rulesDir is the labelled corpus (testdata/iac/README.md); this test
// reads the tf-* part of it.
const rulesDir = "../../../testdata/iac/rules"

// corpusCase is one change pair of the corpus.
type corpusCase struct {
	name     string
	Path     string   `yaml:"path"`
	Fire     []string `yaml:"fire"`
	Existing []string `yaml:"existing"`
	Resolved []string `yaml:"resolved"`
	Note     string   `yaml:"note"`
	Plan     string   `yaml:"plan"`

	before, after   []byte
	beforeD, afterD map[string][]byte
	plan            []byte
}

func loadCases(t testing.TB) []*corpusCase {
	t.Helper()
	rules, err := filepath.Glob(filepath.Join(rulesDir, "tf-*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []*corpusCase
	for _, r := range rules {
		dirs, err := os.ReadDir(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			if !d.IsDir() {
				continue
			}
			c, err := readCase(filepath.Join(r, d.Name()))
			if err != nil {
				t.Fatalf("%s/%s: %v", filepath.Base(r), d.Name(), err)
			}
			c.name = filepath.Base(r) + "/" + d.Name()
			out = append(out, c)
		}
	}
	return out
}

func readCase(dir string) (*corpusCase, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "case.yaml"))
	if err != nil {
		return nil, err
	}
	var c corpusCase
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("case.yaml: %v", err)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil
		}
		if b == nil {
			b = []byte{}
		}
		return b
	}
	c.before, c.after = read("before"), read("after")
	if c.Plan != "" {
		c.plan = read(c.Plan)
	}
	c.beforeD, c.afterD = readDir(filepath.Join(dir, "before.d")), readDir(filepath.Join(dir, "after.d"))
	if c.Path == "" || c.before == nil && c.after == nil {
		return nil, fmt.Errorf("a case needs a path and a before or an after")
	}
	return &c, nil
}

func readDir(dir string) map[string][]byte {
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
			out[e.Name()] = b
		}
	}
	return out
}

// input is the case as the engine gives it: one changed file, its
// directory's other files through Dir.
func (c *corpusCase) input() *iac.Input {
	in := &iac.Input{Files: []iac.File{{Path: c.Path, Before: c.before, After: c.after}}, Plan: c.plan}
	dir := path.Dir(c.Path)
	in.Dir = func(_ context.Context, side iac.Side, d string) (map[string][]byte, error) {
		out := map[string][]byte{}
		if d != dir {
			return out, nil
		}
		extra, own := c.afterD, c.after
		if side == iac.Before {
			extra, own = c.beforeD, c.before
		}
		for name, b := range extra {
			out[path.Join(dir, name)] = b
		}
		if own != nil {
			out[c.Path] = own
		}
		return out, nil
	}
	return in
}

// TestCorpus checks every tf-* case's expectations and reports precision
// and recall per rule; a rule below 0.95 fails, and so does any case whose
// existing or resolved findings differ from its labels.
func TestCorpus(t *testing.T) {
	cases := loadCases(t)
	if len(cases) == 0 {
		t.Fatal("no tf-* cases found")
	}
	type counts struct{ tp, fp, fn, fire, quiet int }
	per := map[string]*counts{}
	for _, d := range ruleDocs() {
		per[d.ID] = &counts{}
	}
	for _, c := range cases {
		in := c.input()
		res, err := New().Analyze(context.Background(), in, in.Files)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got := map[iac.State]map[string]bool{iac.Introduced: {}, iac.Existing: {}, iac.Resolved: {}}
		for _, f := range res.Findings {
			got[f.State][f.Rule] = true
		}
		want := func(list []string) map[string]bool {
			m := map[string]bool{}
			for _, r := range list {
				if strings.HasPrefix(r, "tf-") {
					m[r] = true
				}
			}
			return m
		}
		fire := want(c.Fire)
		for rule, n := range per {
			switch {
			case fire[rule] && got[iac.Introduced][rule]:
				n.tp++
			case fire[rule]:
				n.fn++
				t.Errorf("%s: %s did not fire (%s)\n%s", c.name, rule, c.Note, describe(res))
			case got[iac.Introduced][rule]:
				n.fp++
				t.Errorf("%s: %s fired unexpectedly (%s)\n%s", c.name, rule, c.Note, describe(res))
			}
			if fire[rule] {
				n.fire++
			} else if strings.HasPrefix(c.name, rule+"/") {
				n.quiet++
			}
		}
		for _, st := range []struct {
			state iac.State
			want  map[string]bool
		}{{iac.Existing, want(c.Existing)}, {iac.Resolved, want(c.Resolved)}} {
			if !sameSet(st.want, tfOnly(got[st.state])) {
				t.Errorf("%s: %s findings %v, want %v (%s)\n%s", c.name, st.state, keys(tfOnly(got[st.state])), keys(st.want), c.Note, describe(res))
			}
		}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := per[id]
		precision, recall := ratio(n.tp, n.tp+n.fp), ratio(n.tp, n.tp+n.fn)
		t.Logf("%-28s precision %.2f recall %.2f (tp %d, fp %d, fn %d; cases firing %d, quiet cases in its directory %d)",
			id, precision, recall, n.tp, n.fp, n.fn, n.fire, n.quiet)
		if precision < 0.95 || recall < 0.95 {
			t.Errorf("%s: precision %.2f, recall %.2f: both must reach 0.95", id, precision, recall)
		}
		if n.fire < 3 || n.quiet < 3 {
			t.Errorf("%s: %d cases fire and %d do not; the corpus needs at least 3 of each", id, n.fire, n.quiet)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func tfOnly(m map[string]bool) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		if strings.HasPrefix(k, "tf-") {
			out[k] = true
		}
	}
	return out
}

func sameSet(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// describe renders a result for a failure message.
func describe(r iac.Result) string {
	var sb strings.Builder
	_ = iac.Render(&sb, r, iac.RenderOptions{MaxValue: -1})
	return sb.String()
}
