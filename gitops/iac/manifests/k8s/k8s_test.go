package k8s

import (
	"testing"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/ytree"
)

func TestParseImage(t *testing.T) {
	for ref, want := range map[string]string{
		"nginx":                            "no tag",
		"nginx:latest":                     "latest",
		"nginx:1.25":                       "",
		"registry:5000/team/app":           "no tag",
		"registry:5000/team/app:2.1":       "",
		"ghcr.io/acme/api@sha256:abcd":     "",
		"ghcr.io/acme/api:latest@sha256:a": "",
	} {
		r, ok := ParseImage(ref)
		if !ok || r.Unpinned() != want {
			t.Errorf("ParseImage(%q) = %+v, unpinned %q, want %q", ref, r, r.Unpinned(), want)
		}
	}
	for _, ref := range []string{"${IMAGE}", "{{ .Values.image }}", ""} {
		if _, ok := ParseImage(ref); ok {
			t.Errorf("ParseImage(%q) must not read a placeholder", ref)
		}
	}
}

func TestReplicasRisk(t *testing.T) {
	for _, tc := range []struct {
		before, after int64
		prod          bool
		want          iac.Severity
	}{
		{3, 0, false, iac.High},
		{3, 0, true, iac.Critical},
		{1, 0, false, iac.High},
		{2, 1, false, iac.Medium},
		{5, 1, true, iac.High},
		{3, 2, true, 0},
		{1, 1, false, 0},
		{0, 3, false, 0},
	} {
		r := ReplicasRisk("spec.replicas", tc.before, tc.after, tc.prod, 1)
		got := iac.Severity(0)
		if r != nil {
			got = r.Severity
		}
		if got != tc.want {
			t.Errorf("%d → %d (prod %v): %v, want %v", tc.before, tc.after, tc.prod, got, tc.want)
		}
	}
}

func TestRevisionPinning(t *testing.T) {
	for rev, unpinned := range map[string]bool{
		"": true, "HEAD": true, "main": true, "release/2.x": true,
		"v1.2.3": false, "1.2.3": false, "refs/tags/v2": false, "9f3c2a1b7e6d5c4b3a29181716151413121110ff": false,
	} {
		src := ytree.NewMap(1, []ytree.Pair{
			{Key: "repoURL", Value: &ytree.Value{Kind: ytree.Scalar, Text: "https://github.com/acme/deploy.git"}},
			{Key: "targetRevision", Value: &ytree.Value{Kind: ytree.Scalar, Text: rev}},
		})
		if got := argoRevision("spec.source.targetRevision", "spec.source", src) != nil; got != unpinned {
			t.Errorf("targetRevision %q: unpinned %v, want %v", rev, got, unpinned)
		}
	}
	for v, isRange := range map[string]bool{"": true, "*": true, ">=1.2.0": true, "^1.2": true, "1.x": true, "1.2.3": false, "v4.10.1": false} {
		if chartRange(v) != isRange {
			t.Errorf("chartRange(%q) = %v", v, !isRange)
		}
	}
}
