// Package k8s reads Kubernetes manifests (including Argo CD and Flux
// objects, which are Kubernetes kinds with a few extra facts) as
// resources identified by API group, kind, namespace and name, and holds
// the k8s-* and gitops-* rules.
package k8s

import (
	"fmt"
	"strconv"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Object is the identity of a Kubernetes object. The version is left
// out on purpose: apps/v1beta2 → apps/v1 is the same Deployment.
type Object struct {
	Group, Version, Kind, Namespace, Name string
}

// Identify reads the identity of a document; ok is false when it has no
// kind (not a Kubernetes object).
func Identify(doc *ytree.Value) (o Object, ok bool) {
	o.Kind = doc.Get("kind").String()
	api := doc.Get("apiVersion").String()
	if o.Kind == "" || api == "" {
		return o, false
	}
	if i := strings.LastIndexByte(api, '/'); i >= 0 {
		o.Group, o.Version = api[:i], api[i+1:]
	} else {
		o.Version = api
	}
	o.Group = canonicalGroup(o.Group, o.Kind)
	meta := doc.Get("metadata")
	o.Namespace = meta.Get("namespace").String()
	o.Name = meta.Get("name").String()
	if o.Name == "" {
		if g := meta.Get("generateName").String(); g != "" {
			o.Name = g + "*"
		}
	}
	return o, true
}

// canonicalGroup maps kinds that moved between API groups to their
// current group, so extensions/v1beta1 Ingress → networking.k8s.io/v1 is
// one Ingress whose apiVersion changed, not a removal and an addition.
func canonicalGroup(group, kind string) string {
	if group != "extensions" {
		return group
	}
	switch kind {
	case "Deployment", "DaemonSet", "ReplicaSet":
		return "apps"
	case "Ingress", "NetworkPolicy":
		return "networking.k8s.io"
	case "PodSecurityPolicy":
		return "policy"
	}
	return group
}

// Type is "apps/Deployment", or just "Service" for the core group.
func (o Object) Type() string {
	if o.Group == "" {
		return o.Kind
	}
	return o.Group + "/" + o.Kind
}

// Address is "apps/Deployment prod/web".
func (o Object) Address() string {
	name := o.Name
	if o.Namespace != "" {
		name = o.Namespace + "/" + name
	}
	return o.Type() + " " + name
}

// Resources lists the objects of a file's documents; a List's items are
// objects of their own. Broken documents give a note each and mark the
// side partial, so objects missing from it are not reported as removed
// with certainty.
func Resources(f *ytree.File) (side resource.Side, notes []string) {
	var addrs []string
	var res []resource.Resource
	add := func(doc *ytree.Value, line int, where string) {
		o, ok := Identify(doc)
		if !ok {
			notes = append(notes, where+" has no apiVersion and kind; it is not read as a Kubernetes object")
			return
		}
		if o.Name == "" {
			o.Name = "(unnamed)"
		}
		addrs = append(addrs, o.Address())
		res = append(res, resource.Resource{Type: o.Type(), Line: line, Body: doc, Doc: doc})
	}
	for _, d := range f.Docs {
		where := fmt.Sprintf("document %d (line %d)", d.Index, d.Line)
		switch {
		case d.Err != nil:
			notes = append(notes, fmt.Sprintf("%s %v; it is shown as text only", where, d.Err))
			side.Partial = true
		case d.Root == nil || d.Root.Kind == ytree.Null:
		case d.Root.Kind != ytree.Map:
			notes = append(notes, where+" is not a map; it is not read as a Kubernetes object")
		case strings.HasSuffix(d.Root.Get("kind").String(), "List") && d.Root.Get("items").Is(ytree.Seq):
			for i, it := range d.Root.Get("items").List() {
				if it.Kind == ytree.Map {
					add(it, it.Line, where+" item "+strconv.Itoa(i+1))
				}
			}
		default:
			add(d.Root, lineOf(d.Root), where)
		}
	}
	for i, a := range ytree.Unique(addrs) {
		res[i].Address = a
	}
	side.Resources = res
	return side, notes
}

// lineOf is where a document's object starts: its first key.
func lineOf(doc *ytree.Value) int {
	if len(doc.Pairs) > 0 {
		return doc.Pairs[0].Line
	}
	return doc.Line
}

// Family is the Kubernetes view of one file: where it lives decides how
// severe some rules are.
type Family struct {
	// Prod is set for files of a production environment.
	Prod bool
	// KustomizeImages are image names a kustomization.yaml next to the
	// file sets tags for, so a base without a tag is not unpinned.
	KustomizeImages map[string]bool
}

// Diff matches list items the way Kubernetes merges them: containers,
// env, volumes by name, ports by number, mounts by path.
func (Family) Diff() ytree.Options { return ytree.Options{ItemKey: ItemKey} }

// ItemKey names a list item by the field Kubernetes' strategic merge uses
// for it.
func ItemKey(_, name string, it *ytree.Value) string {
	if it.Kind != ytree.Map {
		return ""
	}
	if name == "ports" {
		// A port's name survives a number change; unnamed ones go by
		// number (and protocol: DNS serves 53 over TCP and UDP).
		if n := it.Get("name").String(); n != "" {
			return n
		}
		for _, k := range []string{"containerPort", "port"} {
			if p := it.Get(k).String(); p != "" {
				return withProtocol(p, it)
			}
		}
		return ""
	}
	for _, k := range []string{"name", "mountPath", "devicePath", "host", "path", "key", "ip", "repoURL"} {
		if s := it.Get(k).String(); s != "" {
			return s
		}
	}
	// volumeClaimTemplates and other embedded objects.
	return it.At("metadata", "name").String()
}

func withProtocol(port string, it *ytree.Value) string {
	if p := it.Get("protocol").String(); p != "" && p != "TCP" {
		return port + "/" + p
	}
	return port
}

// Mask hides Secret values: the review output goes to CI logs.
func (Family) Mask(r *resource.Resource, a *iac.Attribute) {
	if r.Type != "Secret" {
		return
	}
	if strings.HasPrefix(a.Path, "data") || strings.HasPrefix(a.Path, "stringData") {
		a.Sensitive = true
		if a.HasBefore {
			a.Before = "(sensitive)"
		}
		if a.HasAfter {
			a.After = "(sensitive)"
		}
	}
}

// State lists the risks an object holds.
func (f Family) State(r *resource.Resource) []resource.Risk {
	o, _ := Identify(r.Doc)
	var out []resource.Risk
	if p, ok := podOf(o, r.Doc); ok {
		out = append(out, f.podRisks(p)...)
	}
	out = append(out, secretRisks(o, r.Doc)...)
	out = append(out, gitopsRisks(o, r.Doc)...)
	return out
}

// Change lists the risks of a change to one object.
func (f Family) Change(b, a *resource.Resource) []resource.Risk {
	ob, _ := Identify(b.Doc)
	oa, _ := Identify(a.Doc)
	var out []resource.Risk
	pb, okb := podOf(ob, b.Doc)
	pa, oka := podOf(oa, a.Doc)
	if okb && oka {
		out = append(out, podChangeRisks(pb, pa)...)
	}
	out = append(out, replicaRisks(oa, b.Doc, a.Doc, f.Prod)...)
	out = append(out, immutableRisks(oa, b.Doc, a.Doc)...)
	out = append(out, secretChangeRisks(oa, b.Doc, a.Doc)...)
	return out
}

// Facts are the GitOps facts: sync mode and suspension.
func (Family) Facts(b, a *resource.Resource) []string {
	return gitopsFacts(b, a)
}
