// Package manifests is the iac analyzer for YAML infrastructure:
// Kubernetes (with Argo CD and Flux objects), Kustomize, Helm charts and
// values, CloudFormation (YAML and JSON), Docker Compose, GitHub Actions
// and Ansible. Each family lives in its own package and says what its
// resources are and which risks they hold; this package tells files apart,
// reads them safely and assembles the result.
package manifests

import (
	"context"
	"fmt"
	"path"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/ansible"
	"reef/gitops/iac/manifests/cfn"
	"reef/gitops/iac/manifests/compose"
	"reef/gitops/iac/manifests/gha"
	"reef/gitops/iac/manifests/helm"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
	"reef/gitops/iac/manifests/k8s"
	"reef/gitops/iac/manifests/kustomize"
)

type analyzer struct{}

// New returns the YAML analyzer ("yaml").
func New() iac.Analyzer { return analyzer{} }

func (analyzer) Name() string { return "yaml" }

// Claims reports whether the file is one of the YAML kinds reef reads.
func (analyzer) Claims(path string, content []byte) bool {
	return detect(path, content) != unknown
}

// Rules documents the rules of every family.
func (analyzer) Rules() []iac.RuleDoc {
	var out []iac.RuleDoc
	out = append(out, k8s.Rules()...)
	out = append(out, gha.Rules()...)
	out = append(out, ansible.Rules()...)
	out = append(out, cfn.Rules()...)
	return out
}

// Analyze reads each file on its own (no YAML kind spans files, except
// that a kustomization's images tell a base's untagged images apart).
func (a analyzer) Analyze(ctx context.Context, in *iac.Input, files []iac.File) (iac.Result, error) {
	var res iac.Result
	dirs := dirCache{in: in, seen: map[dirKey]map[string]bool{}}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		a.file(ctx, f, &dirs, &res)
	}
	return res, nil
}

// loader reads one side of a file into resources, with notes for what it
// could not read.
type loader func(*ytree.File) (resource.Side, []string)

func (analyzer) file(ctx context.Context, f iac.File, dirs *dirCache, res *iac.Result) {
	content := f.After
	if content == nil {
		content = f.Before
	}
	k := detect(f.Path, content)
	if k == unknown && f.After != nil && f.Before != nil {
		k = detect(f.Path, f.Before)
	}
	if k == unknown {
		return
	}
	note := func(msg string) { res.Notes = append(res.Notes, iac.Note{Path: f.Path, Message: msg}) }
	if len(f.Before) > iac.MaxFileBytes || len(f.After) > iac.MaxFileBytes {
		note(fmt.Sprintf("the %s is larger than %d MiB; it is shown as text only", k, iac.MaxFileBytes>>20))
		return
	}
	before, errB := parse(f.Before)
	after, errA := parse(f.After)
	if errB != nil || errA != nil {
		side := "new"
		if errA == nil {
			side = "old"
		}
		note(fmt.Sprintf("the %s version of the %s is binary; it is shown as text only", side, k))
		return
	}
	// The environment comes from the review's configured patterns (the
	// engine puts them in ctx), else the built-in layouts; production
	// makes k8s-replicas-reduced one level more severe.
	env := iac.EnvironmentOf(ctx, f.Path)
	fam, load := family(k, iac.IsProd(env), func() map[string]bool {
		return dirs.kustomizeImages(ctx, path.Dir(f.Path))
	})
	if k != kubernetes {
		// Every other kind is one document; a broken one hides the
		// whole file.
		if msg := singleDoc(k, before, after); msg != "" {
			note(msg)
			return
		}
	} else if msg := allBroken(k, before, after); msg != "" {
		// Nothing readable on a side: listing the other side's objects
		// as removed or added would only mislead.
		note(msg)
		return
	}
	sb, notesB := load(before)
	sa, notesA := load(after)
	for _, n := range notesA {
		note(n)
	}
	for _, n := range notesB {
		if !contains(notesA, n) {
			note("in the old version, " + n)
		}
	}
	changes, findings := resource.Compare(f.Path, env, fam, sb, sa)
	res.Changes = append(res.Changes, changes...)
	res.Findings = append(res.Findings, findings...)
}

// family picks what knows a kind's resources and rules; images is called
// only for Kubernetes files, which are the only ones that need the
// directory's kustomization.
func family(k kind, prod bool, images func() map[string]bool) (resource.Family, loader) {
	switch k {
	case kubernetes:
		return k8s.Family{Prod: prod, KustomizeImages: images()}, k8s.Resources
	case kustomization:
		return kustomize.Family{Prod: prod}, kustomize.Resources
	case helmValues:
		return helm.Values{Prod: prod}, helm.ValuesResources
	case helmChart:
		return helm.Chart{}, helm.ChartResources
	case cloudFormation:
		return cfn.Family{}, cfn.Resources
	case composeFile:
		return compose.Family{}, compose.Resources
	case actions:
		return gha.Family{}, gha.Resources
	}
	return ansible.Family{}, ansible.Resources
}

// parse reads one side; a missing side is an empty file.
func parse(b []byte) (*ytree.File, error) {
	if b == nil {
		return &ytree.File{}, nil
	}
	return ytree.Parse(b)
}

// singleDoc checks the sides of a one-document kind: a broken document
// makes the file unreadable; extra documents are ignored with a note.
func singleDoc(k kind, sides ...*ytree.File) string {
	var msgs []string
	for i, f := range sides {
		side := "old"
		if i == 1 {
			side = "new"
		}
		if d := f.First(); d != nil && d.Err != nil {
			msgs = append(msgs, fmt.Sprintf("the %s version %v", side, d.Err))
		}
	}
	if len(msgs) > 0 {
		return "the " + k.String() + " cannot be read: " + strings.Join(msgs, "; ") + "; it is shown as text only"
	}
	return ""
}

// allBroken reports a side whose every document is unreadable.
func allBroken(k kind, sides ...*ytree.File) string {
	var msgs []string
	for i, f := range sides {
		side := "old"
		if i == 1 {
			side = "new"
		}
		n := f.Broken()
		if n == 0 {
			continue
		}
		empty := true
		for _, d := range f.Docs {
			if d.Root != nil {
				empty = false
			}
		}
		if empty {
			msgs = append(msgs, fmt.Sprintf("the %s version %v", side, f.First().Err))
		}
	}
	if len(msgs) > 0 {
		return "the " + k.String() + " cannot be read: " + strings.Join(msgs, "; ") + "; it is shown as text only"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
