package terraform

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/iac"
)

var update = flag.Bool("update", false, "rewrite the Terraform summary goldens")

// summaryDir holds the Terraform summary goldens (testdata/iac/README.md).
const summaryDir = "../../../testdata/iac/summary/terraform"

// renderSummary is the text a golden holds: the review as `reef review`
// prints it (the engine's renderer), so that the goldens read the same as
// every other kind's.
func renderSummary(t *testing.T, in *iac.Input) string {
	t.Helper()
	res, err := iac.Review(context.Background(), in, []iac.Analyzer{New()}, iac.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := iac.Render(&sb, res, iac.RenderOptions{MaxValue: -1}); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

func TestSummaryGoldens(t *testing.T) {
	dirs, err := os.ReadDir(summaryDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		n++
		t.Run(d.Name(), func(t *testing.T) {
			dir := filepath.Join(summaryDir, d.Name())
			c, err := readCase(dir)
			if err != nil {
				t.Fatal(err)
			}
			got := renderSummary(t, c.input())
			golden := filepath.Join(dir, "summary.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("summary differs from %s (run with -update after checking):\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
	if n < 6 {
		t.Errorf("%d Terraform summary goldens; at least 6 are needed", n)
	}
}
