package manifests_test

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"reef/gitops/iac"
)

var update = flag.Bool("update", false, "rewrite the summary goldens")

// corpusRoot is testdata/iac from this package.
const corpusRoot = "../../../testdata/iac"

// corpusCase is one labelled change pair of testdata/iac.
type corpusCase struct {
	Dir      string
	Path     string   `yaml:"path"`
	Fire     []string `yaml:"fire"`
	Existing []string `yaml:"existing"`
	Resolved []string `yaml:"resolved"`
	Note     string   `yaml:"note"`
	Before   []byte
	After    []byte
	beforeD  map[string][]byte
	afterD   map[string][]byte
}

// loadCase reads dir/case.yaml, before, after and the optional before.d
// and after.d directories.
func loadCase(t testing.TB, dir string) corpusCase {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := corpusCase{Dir: dir}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("%s/case.yaml: %v", dir, err)
	}
	if c.Path == "" {
		t.Fatalf("%s/case.yaml: no path", dir)
	}
	c.Before = readOptional(t, filepath.Join(dir, "before"))
	c.After = readOptional(t, filepath.Join(dir, "after"))
	if c.Before == nil && c.After == nil {
		t.Fatalf("%s: neither before nor after", dir)
	}
	c.beforeD = readDir(t, filepath.Join(dir, "before.d"))
	c.afterD = readDir(t, filepath.Join(dir, "after.d"))
	return c
}

func readOptional(t testing.TB, p string) []byte {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readDir(t testing.TB, dir string) map[string][]byte {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		if !e.IsDir() {
			out[e.Name()] = readOptional(t, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// input builds the analyzer's input: the changed file, and its directory
// on each side from before.d/after.d plus the file itself.
func (c corpusCase) input() (*iac.Input, iac.File) {
	f := iac.File{Path: c.Path, Before: c.Before, After: c.After}
	dir := path.Dir(c.Path)
	in := &iac.Input{Files: []iac.File{f}}
	in.Dir = func(_ context.Context, side iac.Side, d string) (map[string][]byte, error) {
		if d != dir {
			return nil, nil
		}
		src, self := c.beforeD, c.Before
		if side == iac.After {
			src, self = c.afterD, c.After
		}
		out := map[string][]byte{}
		for name, b := range src {
			out[path.Join(dir, name)] = b
		}
		if self != nil {
			out[c.Path] = self
		}
		return out, nil
	}
	return in, f
}

// listCases returns the case directories under root/<group>/ for groups
// accepted by keep.
func listCases(t testing.TB, root string, keep func(group string) bool) []string {
	t.Helper()
	groups, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range groups {
		if !g.IsDir() || !keep(g.Name()) {
			continue
		}
		cases, err := os.ReadDir(filepath.Join(root, g.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.IsDir() {
				out = append(out, filepath.Join(root, g.Name(), c.Name()))
			}
		}
	}
	sort.Strings(out)
	return out
}

// render is the text a summary golden holds: the review as `reef review`
// prints it, with the engine's renderer, so the goldens of every kind read
// the same.
func render(r iac.Result) string {
	var b strings.Builder
	if err := iac.Render(&b, r, iac.RenderOptions{MaxValue: -1}); err != nil {
		return err.Error()
	}
	return b.String()
}
