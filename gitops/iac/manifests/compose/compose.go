// Package compose reads Docker Compose files: services, volumes, networks,
// secrets and configs as resources, with x- extension blocks and their
// anchors resolved into the services that merge them.
package compose

import (
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Family is the Compose view of a file. Compose has no rules of its own
// yet; its value is the per-service summary.
type Family struct{}

var sections = [...]struct{ key, typ string }{
	{"services", "service"},
	{"volumes", "volume"},
	{"networks", "network"},
	{"secrets", "secret"},
	{"configs", "config"},
}

// Resources lists a file's services ("service web"), volumes, networks,
// secrets and configs, and the file's own settings ("compose": name,
// version, include). x- extension fields are templates merged into
// services, so they are not resources of their own.
func Resources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	root := d.Root
	if root.Kind != ytree.Map {
		return resource.Side{}, []string{"the Compose file is not a map; it is shown as text only"}
	}
	var out []resource.Resource
	for _, s := range sections {
		for _, p := range root.Get(s.key).Entries() {
			out = append(out, resource.Resource{Address: s.typ + " " + p.Key, Type: s.typ, Line: p.Line, Body: p.Value, Doc: p.Value})
		}
	}
	var top []ytree.Pair
	for _, p := range root.Pairs {
		known := strings.HasPrefix(p.Key, "x-")
		for _, s := range sections {
			known = known || p.Key == s.key
		}
		if !known {
			top = append(top, p)
		}
	}
	if len(top) > 0 {
		out = append(out, resource.Resource{Address: "compose", Type: "compose", Line: top[0].Line, Body: ytree.NewMap(top[0].Line, top), Doc: root})
	}
	return resource.Side{Resources: out}, nil
}

// Diff makes the short forms of ports, volumes and environment lists
// sets keyed by what identifies an entry: the variable name for
// FOO=bar, the string itself for "8080:80"; long forms by target.
func (Family) Diff() ytree.Options {
	return ytree.Options{ItemKey: func(_, name string, it *ytree.Value) string {
		if it.Kind == ytree.Scalar {
			switch name {
			case "environment", "labels", "build-args", "args":
				k, _, _ := strings.Cut(it.Text, "=")
				return k
			case "ports", "volumes", "expose", "cap_add", "cap_drop", "depends_on", "env_file",
				"secrets", "configs", "networks", "dns", "extra_hosts", "devices", "profiles", "security_opt":
				return it.Text
			}
			return ""
		}
		for _, k := range []string{"target", "source", "name"} {
			if s := it.Get(k).String(); s != "" {
				return s
			}
		}
		return ""
	}}
}

// Mask hides nothing.
func (Family) Mask(*resource.Resource, *iac.Attribute) {}

// State finds nothing yet (Compose has no rules).
func (Family) State(*resource.Resource) []resource.Risk { return nil }

// Change finds nothing yet.
func (Family) Change(_, _ *resource.Resource) []resource.Risk { return nil }

// Facts adds nothing.
func (Family) Facts(_, _ *resource.Resource) []string { return nil }
