package gha

import (
	"testing"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/ytree"
)

func scalar(s string) *ytree.Value { return &ytree.Value{Kind: ytree.Scalar, Text: s, Line: 1} }

func TestUnpinnedAction(t *testing.T) {
	for uses, want := range map[string]iac.Severity{
		"actions/checkout@v4":                                       iac.Low,
		"github/codeql-action/init@v3":                              iac.Low,
		"aws-actions/configure-aws-credentials@v4":                  iac.Medium,
		"acme/workflows/.github/workflows/deploy.yml@main":          iac.Medium,
		"docker/login-action":                                       iac.Medium,
		"actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11": 0,
		"./.github/actions/setup":                                   0,
		"docker://alpine:3.19":                                      0,
		"acme/action@${{ inputs.ref }}":                             0,
		"actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae1":  iac.Low, // 39 characters: not a SHA
	} {
		r := unpinnedAction("step x", scalar(uses))
		got := iac.Severity(0)
		if r != nil {
			got = r.Severity
		}
		if got != want {
			t.Errorf("uses %s: %v, want %v", uses, got, want)
		}
	}
}

func TestUntrustedContexts(t *testing.T) {
	for expr, want := range map[string]bool{
		"github.event.issue.title":                      true,
		"github.event.pull_request.body":                true,
		"github.event.comment.body":                     true,
		"github.head_ref":                               true,
		"github.event.pull_request.head.ref":            true,
		"github.event.commits[0].message":               true,
		"github.event.head_commit.author.email":         true,
		"github.event.workflow_run.head_branch":         true,
		"github.event.pull_request.number":              false,
		"github.event.pull_request.head.sha":            false,
		"github.sha":                                    false,
		"secrets.TOKEN":                                 false,
		"github.event.issue.title == 'x' && 'a' || 'b'": true,
	} {
		if got := untrusted.MatchString(expr); got != want {
			t.Errorf("%s: untrusted %v, want %v", expr, got, want)
		}
	}
}
