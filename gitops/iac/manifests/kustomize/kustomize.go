// Package kustomize reads kustomization.yaml files: resources, bases,
// patches, images, replicas, namespace and labels as one resource, with
// the k8s rules that apply to what a kustomization sets (image tags,
// replica counts, secretGenerator literals).
package kustomize

import (
	"fmt"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
	"reef/gitops/iac/manifests/k8s"
)

// Family is the kustomization view of one file.
type Family struct {
	Prod bool
}

// Resources reads a kustomization as one resource, "kustomization".
func Resources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	if d.Root.Kind != ytree.Map {
		return resource.Side{}, []string{"the kustomization is not a map; it is shown as text only"}
	}
	return resource.Side{Resources: []resource.Resource{{Address: "kustomization", Type: "kustomize/Kustomization", Line: 1, Body: d.Root, Doc: d.Root}}}, nil
}

// sets are lists of paths or URLs whose order does not matter to a
// reader: an added base is one line, not a shifted list.
var sets = map[string]bool{
	"resources": true, "bases": true, "components": true, "crds": true, "configurations": true,
	"patchesStrategicMerge": true, "generators": true, "transformers": true, "validators": true,
	"files": true, "envs": true, "literals": true,
}

// Diff keys images, replicas and generators by name, patches by their
// file or target, and path lists by the path itself.
func (Family) Diff() ytree.Options {
	return ytree.Options{ItemKey: func(_, name string, it *ytree.Value) string {
		if it.Kind == ytree.Scalar {
			if !sets[name] {
				return ""
			}
			if name == "literals" {
				k, _, _ := strings.Cut(it.Text, "=")
				return k
			}
			return it.Text
		}
		if name == "patches" || name == "patchesJson6902" {
			if p := it.Get("path").String(); p != "" {
				return p
			}
			if t := it.Get("target"); t != nil {
				return strings.TrimSpace(t.Get("kind").String() + " " + t.Get("name").String())
			}
			return ""
		}
		return it.Get("name").String()
	}}
}

// Mask hides secretGenerator literal values.
func (Family) Mask(_ *resource.Resource, a *iac.Attribute) {
	if strings.HasPrefix(a.Path, "secretGenerator[") && strings.Contains(a.Path, "].literals[") {
		a.Sensitive = true
		if a.HasBefore {
			a.Before = "(sensitive)"
		}
		if a.HasAfter {
			a.After = "(sensitive)"
		}
	}
}

// Facts adds nothing to a kustomization change.
func (Family) Facts(_, _ *resource.Resource) []string { return nil }

// State reports images set to latest and secret literals.
func (Family) State(r *resource.Resource) []resource.Risk {
	var out []resource.Risk
	for _, im := range r.Body.Get("images").List() {
		name := im.Get("name").String()
		tag := im.Get("newTag")
		if im.Get("digest").String() == "" && strings.EqualFold(tag.String(), "latest") {
			out = append(out, resource.Risk{Rule: "k8s-image-unpinned", Severity: iac.Medium, Key: "images[" + name + "]", Line: tag.Line,
				Message: fmt.Sprintf("The kustomization sets image %s to tag latest, which points at whatever was pushed last.", name)})
		}
	}
	for _, g := range r.Body.Get("secretGenerator").List() {
		for _, l := range g.Get("literals").List() {
			k, v, ok := strings.Cut(l.String(), "=")
			if !ok || strings.TrimSpace(v) == "" || strings.Contains(v, "${") {
				continue
			}
			name := g.Get("name").String()
			out = append(out, resource.Risk{Rule: "k8s-plaintext-secret", Severity: iac.High, Key: name + " " + k, Line: l.Line,
				Message: fmt.Sprintf("secretGenerator %s has the literal %s in plain text; read it from an ignored file or use SOPS.", name, k)})
		}
	}
	return out
}

// Change reports digests replaced by tags and reduced replica counts.
func (f Family) Change(b, a *resource.Resource) []resource.Risk {
	var out []resource.Risk
	old := map[string]*ytree.Value{}
	for _, im := range b.Body.Get("images").List() {
		old[im.Get("name").String()] = im
	}
	for _, im := range a.Body.Get("images").List() {
		name := im.Get("name").String()
		prev := old[name]
		if prev == nil || prev.Get("digest").String() == "" || im.Get("digest").String() != "" {
			continue
		}
		tag := im.Get("newTag")
		newName := im.Get("newName").String()
		if newName == "" {
			newName = name
		}
		r := k8s.DigestRisk("image "+name, lineOf(tag, im), k8s.ImageRef{Name: newName, Tag: tag.String()})
		r.Key = "images[" + name + "]"
		out = append(out, *r)
	}
	counts := map[string]int64{}
	for _, rp := range b.Body.Get("replicas").List() {
		if n, ok := rp.Get("count").Int(); ok {
			counts[rp.Get("name").String()] = n
		}
	}
	for _, rp := range a.Body.Get("replicas").List() {
		name := rp.Get("name").String()
		before, had := counts[name]
		after, ok := rp.Get("count").Int()
		if !had || !ok {
			continue
		}
		if r := k8s.ReplicasRisk("replicas["+name+"].count", before, after, f.Prod, rp.Get("count").Line); r != nil {
			out = append(out, *r)
		}
	}
	return out
}

func lineOf(v, parent *ytree.Value) *ytree.Value {
	if v != nil {
		return v
	}
	return parent
}
