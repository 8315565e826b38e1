package manifests_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests"
)

const goodDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.25.5
`

func billionLaughs() string {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n")
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 10; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
	}
	return b.String()
}

// TestBadInputFallsBackToNote feeds the analyzer what a repository can
// hold by accident or malice; each file must come back quickly with a note
// and no changes, and never panic.
func TestBadInputFallsBackToNote(t *testing.T) {
	huge := bytes.Repeat([]byte("# padding line to make the file large\n"), (10<<20)/38)
	huge = append([]byte("apiVersion: v1\nkind: ConfigMap\n"), huge...)
	for _, tc := range []struct {
		name, path string
		after      []byte
		note       string
	}{
		{"unparseable", "k8s/app.yaml", []byte("apiVersion: v1\nkind: Service\nmetadata: {name: [\n"), "is not valid YAML (line 3"},
		{"binary", "k8s/app.yaml", append([]byte("apiVersion: v1\nkind: Secret\n"), 0, 1, 2, 0xff), "binary"},
		{"10 MB", "k8s/big.yaml", huge, "larger than"},
		{"deep nesting", "k8s/deep.yaml", []byte("apiVersion: v1\nkind: ConfigMap\ndata: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)), "deep"},
		{"deep block nesting", "charts/x/values.yaml", []byte(strings.Repeat("- ", 10000) + "x\n"), "nested"},
		{"billion laughs", "k8s/lol.yaml", []byte(billionLaughs()), "alias"},
		{"alias cycle", "k8s/cycle.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d {x: *d}\n"), ""},
		{"workflow not a map", ".github/workflows/ci.yml", []byte("- just\n- a list\n"), "not a map"},
		{"cfn tabs", "cloudformation/bad.yaml", []byte("AWSTemplateFormatVersion: 2010-09-09\nResources:\n\tBucket:\n\t\tType: AWS::S3::Bucket\n"), "not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := manifests.New()
			if !a.Claims(tc.path, tc.after) {
				t.Fatalf("%s is not claimed", tc.path)
			}
			start := time.Now()
			res, err := a.Analyze(context.Background(), &iac.Input{}, []iac.File{{Path: tc.path, Before: []byte(goodDeployment), After: tc.after}})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Notes) == 0 {
				t.Fatalf("no note: %+v", res)
			}
			if !strings.Contains(res.Notes[0].Message, tc.note) {
				t.Errorf("note %q does not mention %q", res.Notes[0].Message, tc.note)
			}
			if len(res.Findings) > 0 {
				t.Errorf("findings from an unreadable file: %+v", res.Findings)
			}
		})
	}
}

// TestBrokenDocumentKeepsOthers checks one bad document of a multi-document
// file hides nothing else and leaves what it held uncertain, not removed.
func TestBrokenDocumentKeepsOthers(t *testing.T) {
	before := goodDeployment + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\nspec: {clusterIP: 10.0.0.1}\n"
	after := "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod\n" +
		"---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: prod}\nspec: {clusterIP: 10.0.0.2}\n"
	res, err := manifests.New().Analyze(context.Background(), &iac.Input{}, []iac.File{{Path: "k8s/web.yaml", Before: []byte(before), After: []byte(after)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "document 1") {
		t.Errorf("notes: %+v", res.Notes)
	}
	kinds := map[string]iac.Kind{}
	for _, c := range res.Changes {
		kinds[c.Address] = c.Kind
	}
	if kinds["Service prod/web"] != iac.Modified || kinds["apps/Deployment prod/web"] != iac.Removed {
		t.Errorf("changes: %+v", kinds)
	}
	var immutable bool
	for _, f := range res.Findings {
		immutable = immutable || f.Rule == "k8s-immutable-field"
		if f.State == iac.Resolved {
			t.Errorf("a finding of the unreadable document is resolved: %+v", f)
		}
	}
	if !immutable {
		t.Error("the readable Service's clusterIP change is not reported")
	}
}

func TestContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := manifests.New().Analyze(ctx, &iac.Input{}, []iac.File{{Path: "k8s/a.yaml", After: []byte(goodDeployment)}})
	if err == nil {
		t.Error("Analyze must return the context's error")
	}
}

// FuzzAnalyze throws arbitrary contents at every kind of path: nothing may
// panic. Seeds are the corpus's own files.
func FuzzAnalyze(f *testing.F) {
	paths := []string{
		"k8s/app.yaml", "overlays/prod/kustomization.yaml", "charts/app/values.yaml", "charts/app/Chart.yaml",
		"cloudformation/t.yaml", "cloudformation/t.json", "docker-compose.yml", ".github/workflows/ci.yml",
		"roles/web/tasks/main.yml", "playbooks/site.yml",
	}
	seeds, _ := filepath.Glob(filepath.Join(corpusRoot, "*", "*", "*", "after"))
	for i, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(uint8(i), []byte(goodDeployment), b)
		}
	}
	f.Add(uint8(0), []byte("a: &a [*a]"), []byte(billionLaughs()))
	f.Add(uint8(5), []byte("{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}"), []byte("<<: *x"))
	a := manifests.New()
	f.Fuzz(func(t *testing.T, which uint8, before, after []byte) {
		p := paths[int(which)%len(paths)]
		a.Claims(p, after)
		in := &iac.Input{Dir: func(context.Context, iac.Side, string) (map[string][]byte, error) {
			return map[string][]byte{"kustomization.yaml": after}, nil
		}}
		if _, err := a.Analyze(context.Background(), in, []iac.File{{Path: p, Before: before, After: after}}); err != nil {
			t.Fatal(err)
		}
	})
}
