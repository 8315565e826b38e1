// Package helm reads a chart's Chart.yaml and its values files. Values are
// summarised as flattened key paths (image.tag: 1.4 → 1.5); the keys whose
// meaning is unambiguous across charts (securityContext.privileged,
// image.tag, replicaCount, resources.limits, hostNetwork) fire the k8s
// rules.
package helm

import (
	"strconv"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
	"reef/gitops/iac/manifests/k8s"
)

// Values is the family of values*.yaml files: the whole file is one
// resource.
type Values struct {
	Prod bool
}

// ValuesResources reads a values file as one resource named "values".
func ValuesResources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	return resource.Side{Resources: []resource.Resource{{Address: "values", Type: "helm/values", Line: 1, Body: d.Root, Doc: d.Root}}}, nil
}

// Diff matches list items by name, like Kubernetes does for the env and
// volumes lists values files pass through.
func (Values) Diff() ytree.Options { return ytree.Options{ItemKey: k8s.ItemKey} }

// Mask hides nothing: values files hold no secrets reef can tell apart.
func (Values) Mask(*resource.Resource, *iac.Attribute) {}

// Facts adds nothing to values changes.
func (Values) Facts(_, _ *resource.Resource) []string { return nil }

// node is a value with its path, segment by segment.
type node struct {
	segs []string
	v    *ytree.Value
}

func (n node) path() string {
	p := ""
	for _, s := range n.segs {
		if strings.HasPrefix(s, "[") {
			p += s
		} else {
			p = ytree.PathKey(p, s)
		}
	}
	return p
}

func (n node) last() string {
	if len(n.segs) == 0 {
		return ""
	}
	return n.segs[len(n.segs)-1]
}

func collect(root *ytree.Value) []node {
	var out []node
	ytree.Walk(root, func(segs []string, v *ytree.Value) bool {
		out = append(out, node{segs: segs, v: v})
		return true
	})
	return out
}

// lookup follows a path from Walk in another tree.
func lookup(root *ytree.Value, segs []string) *ytree.Value {
	v := root
	for _, s := range segs {
		if strings.HasPrefix(s, "[") {
			i, err := strconv.Atoi(strings.Trim(s, "[]"))
			if err != nil || v == nil || v.Kind != ytree.Seq || i >= len(v.Items) {
				return nil
			}
			v = v.Items[i]
			continue
		}
		v = v.Get(s)
		if v == nil {
			return nil
		}
	}
	return v
}

func isSecurityContext(key string) bool {
	return strings.HasSuffix(strings.ToLower(key), "securitycontext")
}

func isImage(key string) bool {
	return strings.HasSuffix(strings.ToLower(key), "image")
}

func subject(n node) string {
	if strings.Contains(strings.ToLower(n.last()), "pod") {
		return "the pod that " + n.path() + " configures"
	}
	return "the container that " + n.path() + " configures"
}

// State lists the risks a values file sets.
func (Values) State(r *resource.Resource) []resource.Risk {
	var out []resource.Risk
	for _, n := range collect(r.Body) {
		key := n.last()
		switch {
		case n.v.Kind == ytree.Map && isSecurityContext(key):
			s := subject(n)
			if p := k8s.Privileged(s, n.v); p != nil {
				out = append(out, *p)
			}
			out = append(out, k8s.Escalation(s, n.v)...)
			if p := k8s.RunAsRoot(s, n.v.Get("runAsUser"), n.v.Get("runAsNonRoot")); p != nil {
				out = append(out, *p)
			}
		case key == "hostNetwork" || key == "hostPID" || key == "hostIPC":
			if n.v.IsTrue() {
				out = append(out, resource.Risk{Rule: "k8s-host-namespace", Severity: iac.High, Key: n.path(), Line: n.v.Line,
					Message: "The chart's pods share a namespace of the node (" + n.path() + ": true)."})
			}
		case isImage(key):
			if r := imageRisk(n); r != nil {
				out = append(out, *r)
			}
		}
	}
	return out
}

func imageRisk(n node) *resource.Risk {
	var tag *ytree.Value
	var what string
	switch n.v.Kind {
	case ytree.Map:
		tag = n.v.Get("tag")
		if !strings.EqualFold(tag.String(), "latest") || n.v.Get("digest").String() != "" {
			return nil
		}
		what = ytree.PathKey(n.path(), "tag") + " to " + tag.String()
	case ytree.Scalar:
		ref, ok := k8s.ParseImage(n.v.Text)
		if !ok || ref.Unpinned() != "latest" {
			return nil
		}
		tag, what = n.v, n.path()+" to "+n.v.Text
	default:
		return nil
	}
	return &resource.Risk{Rule: "k8s-image-unpinned", Severity: iac.Medium, Key: n.path(), Line: tag.Line,
		Message: "The values set " + what + ", which points at whatever was pushed last."}
}

// Change lists the risks of a change to a values file.
func (v Values) Change(b, a *resource.Resource) []resource.Risk {
	var out []resource.Risk
	for _, n := range collect(b.Body) {
		key := n.last()
		after := lookup(a.Body, n.segs)
		switch {
		case key == "replicaCount" || key == "replicas":
			nb, okb := n.v.Int()
			na, oka := after.Int()
			if okb && oka {
				if r := k8s.ReplicasRisk(n.path(), nb, na, v.Prod, after.Line); r != nil {
					out = append(out, *r)
				}
			}
		case key == "resources" && n.v.Kind == ytree.Map:
			line := 1
			if parent := lookup(a.Body, n.segs[:len(n.segs)-1]); parent != nil {
				line = parent.Line
			}
			if r := k8s.LimitsRemoved(subject(n), n.v, after, line); r != nil {
				r.Key = n.path()
				out = append(out, *r)
			}
		case isSecurityContext(key) && n.v.Kind == ytree.Map && after != nil:
			s := subject(n)
			line := after.Line
			if nr := after.Get("runAsNonRoot"); nr != nil {
				line = nr.Line
			}
			if r := k8s.NonRootRemoved(s, n.v.Get("runAsNonRoot"), after.Get("runAsUser"), after.Get("runAsNonRoot"), line); r != nil {
				out = append(out, *r)
			}
		case isImage(key) && n.v.Kind == ytree.Map && after != nil && after.Kind == ytree.Map:
			if n.v.Get("digest").String() != "" && after.Get("digest").String() == "" && after.Get("tag").String() != "" {
				ref := k8s.ImageRef{Name: after.Get("repository").String(), Tag: after.Get("tag").String()}
				r := k8s.DigestRisk("the image that "+n.path()+" configures", after.Get("tag"), ref)
				r.Key = n.path()
				out = append(out, *r)
			}
		}
	}
	return out
}
