package helm

import (
	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Chart is the family of Chart.yaml files: the chart is one resource,
// its dependencies matched by alias or name.
type Chart struct{}

// ChartResources reads a Chart.yaml as one resource, "chart NAME".
func ChartResources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	if d.Root.Kind != ytree.Map {
		return resource.Side{}, []string{"Chart.yaml is not a map; it is shown as text only"}
	}
	name := d.Root.Get("name").String()
	if name == "" {
		name = "(unnamed)"
	}
	return resource.Side{Resources: []resource.Resource{{Address: "chart " + name, Type: "helm/Chart", Line: 1, Body: d.Root, Doc: d.Root}}}, nil
}

// Diff matches dependencies by alias, then name (a chart can depend on
// the same chart twice under two aliases).
func (Chart) Diff() ytree.Options {
	return ytree.Options{ItemKey: func(_, _ string, it *ytree.Value) string {
		if a := it.Get("alias").String(); a != "" {
			return a
		}
		return it.Get("name").String()
	}}
}

// State finds nothing in a Chart.yaml.
func (Chart) State(*resource.Resource) []resource.Risk { return nil }

// Change finds nothing in a Chart.yaml.
func (Chart) Change(_, _ *resource.Resource) []resource.Risk { return nil }

// Facts adds nothing to a Chart.yaml change.
func (Chart) Facts(_, _ *resource.Resource) []string { return nil }

// Mask hides nothing.
func (Chart) Mask(*resource.Resource, *iac.Attribute) {}
