package terraform

import (
	"context"
	"path"
	"sort"
	"strings"
	"testing"

	"reef/gitops/iac"
)

// tree is a repository's Terraform files on both sides; the files whose
// content differs are the change, the rest are seen through Dir.
type tree struct {
	before, after map[string]string
}

func (tr tree) input() *iac.Input {
	paths := map[string]bool{}
	for p := range tr.before {
		paths[p] = true
	}
	for p := range tr.after {
		paths[p] = true
	}
	var files []iac.File
	for p := range paths {
		b, inB := tr.before[p]
		a, inA := tr.after[p]
		if inB && inA && a == b {
			continue
		}
		f := iac.File{Path: p}
		if inB {
			f.Before = []byte(b)
		}
		if inA {
			f.After = []byte(a)
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return &iac.Input{Files: files, Dir: func(_ context.Context, side iac.Side, dir string) (map[string][]byte, error) {
		src := tr.after
		if side == iac.Before {
			src = tr.before
		}
		out := map[string][]byte{}
		for p, c := range src {
			if path.Dir(p) == dir {
				out[p] = []byte(c)
			}
		}
		return out, nil
	}}
}

func run(t testing.TB, in *iac.Input) iac.Result {
	t.Helper()
	res, err := New().Analyze(context.Background(), in, in.Files)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// change runs a one-file change.
func changeOf(t testing.TB, p, before, after string) iac.Result {
	t.Helper()
	tr := tree{before: map[string]string{}, after: map[string]string{}}
	if before != "" {
		tr.before[p] = before
	}
	if after != "" {
		tr.after[p] = after
	}
	return run(t, tr.input())
}

func byAddr(t testing.TB, r iac.Result, addr string) iac.Change {
	t.Helper()
	for _, c := range r.Changes {
		if c.Address == addr {
			return c
		}
	}
	t.Fatalf("no change %s in:\n%s", addr, describe(r))
	return iac.Change{}
}

func attrMap(c iac.Change) map[string]string {
	out := map[string]string{}
	for _, a := range c.Attributes {
		before, after := "(unset)", "(unset)"
		if a.HasBefore {
			before = a.Before
		}
		if a.HasAfter {
			after = a.After
		}
		out[a.Path] = before + " → " + after
	}
	return out
}

func findings(r iac.Result, rule string) []iac.Finding {
	var out []iac.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func hasNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}
