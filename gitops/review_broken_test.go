package gitops

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
	"reef/gitops/iac"
)

// TestReviewBrokenInput reviews, with the real analyzers, a commit full
// of files that cannot be read as infrastructure: each gets a note (or
// is skipped when it is not a kind reef reads), nothing crashes, and the
// whole review stays fast.
func TestReviewBrokenInput(t *testing.T) {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n")
	r.Write("k8s/prod/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n")
	r.Commit("base")

	// HCL that does not parse, next to a valid file of the same module
	r.Write("envs/prod/main.tf", "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  acl = \n")
	r.Write("envs/prod/ok.tf", "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"data\"\n}\n")
	// YAML that does not parse
	r.Write("k8s/prod/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: [unclosed\n")
	// binary content under an IaC name
	r.WriteBytes("envs/prod/blob.tf", append([]byte("resource \"x\" \"y\" {}\n"), 0, 1, 2, 3))
	// a 10 MB Terraform file
	var big bytes.Buffer
	for i := 0; big.Len() < 10<<20; i++ {
		fmt.Fprintf(&big, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n}\n", i, i)
	}
	r.WriteBytes("envs/prod/huge.tf", big.Bytes())
	// deeply nested YAML: 50,000 levels of flow sequences, 2,000 of maps
	r.Write("k8s/prod/nested-flow.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: "+strings.Repeat("[", 50000)+strings.Repeat("]", 50000)+"\n")
	var nested strings.Builder
	nested.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deeper\ndata:\n")
	for i := 0; i < 2000; i++ {
		nested.WriteString(strings.Repeat(" ", 2+i) + fmt.Sprintf("k%d:\n", i))
	}
	r.Write("k8s/prod/nested-block.yaml", nested.String())
	// billion laughs: nine levels of aliases, each ten times the last
	var laughs strings.Builder
	laughs.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	for i, c := range "bcdefghi" {
		prev := string(rune('a' + i))
		fmt.Fprintf(&laughs, "  %c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	r.Write("k8s/prod/laughs.yaml", laughs.String())
	// a document separator storm and a NUL-free but invalid UTF-8 file
	r.Write("k8s/prod/many.yaml", strings.Repeat("---\n", 100000))
	r.WriteBytes("k8s/prod/latin1.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n"))
	r.Commit("broken")

	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	tgt, err := repo.ParseReviewTarget(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := repo.Review(context.Background(), tgt, ReviewOptions{})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	// A hang guard, not a benchmark: the race detector on a loaded
	// 2-core machine has taken 12 s; a billion-laughs expansion would
	// take minutes.
	if took > 30*time.Second {
		t.Errorf("review took %s", took)
	}
	notes := map[string]string{}
	for _, n := range res.Notes {
		notes[n.Path] += n.Message + "; "
	}
	for _, p := range []string{"envs/prod/main.tf", "k8s/prod/deploy.yaml", "envs/prod/blob.tf", "envs/prod/huge.tf", "k8s/prod/laughs.yaml"} {
		if notes[p] == "" {
			t.Errorf("no note for %s", p)
		}
	}
	if !strings.Contains(notes["envs/prod/huge.tf"], "larger than 4 MiB") || !strings.Contains(notes["envs/prod/blob.tf"], "binary") {
		t.Errorf("notes: %q, %q", notes["envs/prod/huge.tf"], notes["envs/prod/blob.tf"])
	}
	for p, n := range notes {
		if strings.Contains(n, "analyzer failed") {
			t.Errorf("%s: an analyzer broke: %s", p, n)
		}
	}
	// the valid file of the broken module is still summarised
	found := false
	for _, c := range res.Changes {
		found = found || c.Address == "aws_s3_bucket.data"
	}
	if !found {
		var b strings.Builder
		iac.Render(&b, *res, iac.RenderOptions{})
		t.Errorf("the valid file's resource is missing:\n%s", b.String())
	}
	t.Logf("reviewed in %s; %d changes, %d notes", took, len(res.Changes), len(res.Notes))
	for _, n := range res.Notes {
		t.Logf("%s: %s", n.Path, n.Message)
	}
}
