package terraform

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/iac"
)

// FuzzAnalyze feeds arbitrary before/after contents to the analyzer as
// native syntax, JSON and tfvars: it must neither panic nor recover from
// a panic of its own (which would show as an "analysis failed" or
// "parser failed" note).
func FuzzAnalyze(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(rulesDir, "tf-*", "*", "after"))
	for i, p := range seeds {
		if i%4 != 0 {
			continue
		}
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b[:len(b)/2], b)
		}
	}
	f.Add([]byte(""), []byte(`resource "a" "b" { x = [for k, v in var.m : k => v if v != null]... }`))
	f.Add([]byte(`locals { a = <<EOT
${x}
EOT
}`), []byte(`moved { from = a.b[0] to = a.b["x"] }`))
	f.Add([]byte(`{"resource": {"a": {"b": {"c": "${var.x}"}}}}`), []byte(`{"locals": {"x": [1, {"y": "%{if a}b%{endif}"}]}}`))
	f.Fuzz(func(t *testing.T, before, after []byte) {
		for _, p := range []string{"m/main.tf", "m/main.tf.json", "m/x.tfvars", "m/terragrunt.hcl"} {
			in := &iac.Input{Files: []iac.File{{Path: p, Before: before, After: after}}}
			res, err := New().Analyze(context.Background(), in, in.Files)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range res.Notes {
				if strings.Contains(n.Message, "failed (") {
					t.Fatalf("%s: %s", p, n.Message)
				}
			}
		}
	})
}
