package manifests_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests"
)

// summaryKinds are the summary golden directories this analyzer owns.
var summaryKinds = map[string]bool{
	"kubernetes": true, "kustomize": true, "helm": true, "cloudformation": true, "compose": true,
	"actions": true, "ansible": true, "argocd": true, "flux": true,
}

// TestSummaryGoldens renders each summary case and compares it with its
// summary.golden (go test ./gitops/iac/manifests -update rewrites them).
func TestSummaryGoldens(t *testing.T) {
	a := manifests.New()
	root := filepath.Join(corpusRoot, "summary")
	dirs := listCases(t, root, func(g string) bool { return summaryKinds[g] })
	seen := map[string]int{}
	for _, dir := range dirs {
		name, _ := filepath.Rel(root, dir)
		seen[filepath.Dir(name)]++
		t.Run(name, func(t *testing.T) {
			c := loadCase(t, dir)
			in, f := c.input()
			if !a.Claims(f.Path, pick(f.After, f.Before)) {
				t.Fatalf("%s is not claimed", f.Path)
			}
			// Through the engine, as `reef review` runs it: the golden
			// is what a user reads.
			res, err := iac.Review(context.Background(), in, []iac.Analyzer{a}, iac.Config{})
			if err != nil {
				t.Fatal(err)
			}
			got := render(res)
			golden := filepath.Join(dir, "summary.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("summary differs from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
	for k := range summaryKinds {
		if seen[k] == 0 {
			t.Errorf("no summary golden for %s", k)
		}
	}
	if seen["kubernetes"] < 2 {
		t.Errorf("kubernetes needs two summary goldens, has %d", seen["kubernetes"])
	}
}
