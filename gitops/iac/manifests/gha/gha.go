// Package gha reads GitHub Actions workflows: the workflow's own settings
// (triggers, permissions, env) and each job, with steps matched by id,
// name or action so reordering is not a change. It holds the gha-* rules.
package gha

import (
	"strconv"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Family is the GitHub Actions view of a workflow file.
type Family struct{}

// Resources lists "workflow" (everything but jobs) and "job ID" for each
// job.
func Resources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	root := d.Root
	if root.Kind != ytree.Map {
		return resource.Side{}, []string{"the workflow is not a map; it is shown as text only"}
	}
	var out []resource.Resource
	top := root.Without("jobs")
	if len(top.Pairs) > 0 {
		out = append(out, resource.Resource{Address: "workflow", Type: "workflow", Line: top.Pairs[0].Line, Body: top, Doc: root})
	}
	for _, p := range root.Get("jobs").Entries() {
		out = append(out, resource.Resource{Address: "job " + p.Key, Type: "job", Line: p.Line, Body: p.Value, Doc: root})
	}
	return resource.Side{Resources: out}, nil
}

// Diff matches steps by id, name or action.
func (Family) Diff() ytree.Options {
	return ytree.Options{
		ItemKey: func(_, name string, it *ytree.Value) string {
			if name != "steps" {
				return ""
			}
			return stepID(it)
		},
		// A SHA says nothing to a reader; the version comment next to
		// it does.
		Show: func(v *ytree.Value) string {
			s := ytree.Render(v)
			if v.Kind == ytree.Scalar && v.Comment != "" && strings.Contains(s, "@") {
				s += " # " + v.Comment
			}
			return s
		},
	}
}

// stepID is how a step is known across versions: its id, its name, or the
// action it uses without the version (so a version bump is a change to the
// step, not a new step). "" leaves it to its position.
func stepID(s *ytree.Value) string {
	if id := s.Get("id").String(); id != "" {
		return id
	}
	if n := s.Get("name").String(); n != "" {
		return n
	}
	if u := s.Get("uses").String(); u != "" {
		action, _, _ := strings.Cut(u, "@")
		return action
	}
	return ""
}

// stepLabel names a step in messages and risk keys: its id or name, else
// its action, else the first line of its script, so a risk stays with its
// step when steps move.
func stepLabel(s *ytree.Value, i int) string {
	if id := stepID(s); id != "" {
		return "step " + id
	}
	run := strings.TrimSpace(s.Get("run").String())
	if first, _, _ := strings.Cut(run, "\n"); first != "" {
		if len(first) > 40 {
			first = first[:40] + "…"
		}
		return "the step running " + first
	}
	return "step " + strconv.Itoa(i+1)
}

// Mask hides nothing: secrets are ${{ secrets.X }} references.
func (Family) Mask(*resource.Resource, *iac.Attribute) {}

// Facts adds nothing.
func (Family) Facts(_, _ *resource.Resource) []string { return nil }

// Change finds nothing beyond the state rules.
func (Family) Change(_, _ *resource.Resource) []resource.Risk { return nil }

// State runs the gha-* rules on the workflow settings or on one job.
func (Family) State(r *resource.Resource) []resource.Risk {
	var out []resource.Risk
	if r.Type == "workflow" {
		if p := r.Body.Get("permissions"); isWriteAll(p) {
			out = append(out, writeAll("The workflow", "permissions", p))
		}
		return out
	}
	job := r.Body
	if p := job.Get("permissions"); isWriteAll(p) {
		out = append(out, writeAll("The job", "permissions", p))
	}
	if u := job.Get("uses"); u != nil {
		out = appendRisk(out, unpinnedAction("the job", u))
	}
	prTarget := triggers(r.Doc)["pull_request_target"]
	for i, s := range job.Get("steps").List() {
		label := stepLabel(s, i)
		if u := s.Get("uses"); u != nil {
			out = appendRisk(out, unpinnedAction(label, u))
		}
		if prTarget {
			out = appendRisk(out, prCheckout(label, s))
		}
		out = append(out, injection(label, s)...)
	}
	return out
}

func appendRisk(out []resource.Risk, r *resource.Risk) []resource.Risk {
	if r != nil {
		out = append(out, *r)
	}
	return out
}

// triggers lists the events a workflow runs on, in any of on's three
// forms (a name, a list, a map).
func triggers(root *ytree.Value) map[string]bool {
	on := root.Get("on")
	if on == nil {
		on = root.Get("true") // YAML 1.1 readers turn on: into true:
	}
	out := map[string]bool{}
	if on == nil {
		return out
	}
	switch on.Kind {
	case ytree.Scalar:
		out[on.Text] = true
	case ytree.Seq:
		for _, it := range on.Items {
			out[it.String()] = true
		}
	case ytree.Map:
		for _, p := range on.Pairs {
			out[p.Key] = true
		}
	}
	return out
}
