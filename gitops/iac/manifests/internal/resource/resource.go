// Package resource turns the resources a file declares on each side into
// the review's changes and findings: it matches resources by address,
// diffs their attributes, and sorts rule hits into introduced, existing
// and resolved. Every kind of manifest (Kubernetes, Compose, Actions...)
// only has to say what its resources are and which risks each one holds.
package resource

import (
	"sort"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Resource is one thing a file declares: a Kubernetes object, a job, a
// service, a task.
type Resource struct {
	Address string
	Type    string
	Line    int
	Body    *ytree.Value // compared attribute by attribute
	// Doc is the whole value the resource comes from, for rules that
	// look beyond Body (a workflow's triggers for a job's steps).
	Doc *ytree.Value
}

// Risk is one hit of a rule on one side of a change. Key tells hits of the
// same rule on the same resource apart ("container web"), so a risk that
// moves to another container is resolved in one place and introduced in
// the other.
type Risk struct {
	Rule     string
	Severity iac.Severity
	Key      string
	Line     int
	Message  string
}

// Family is what a kind of file knows about its resources.
type Family interface {
	// Diff tunes the attribute diff (list identities, leaf values).
	Diff() ytree.Options
	// State lists the risks a resource holds on its own; they are
	// compared between sides.
	State(r *Resource) []Risk
	// Change lists risks that exist only as a change between two
	// versions of one resource (replicas reduced, a field that cannot
	// change); they are always introduced.
	Change(before, after *Resource) []Risk
	// Facts are notes worth a line of their own for a change (either
	// side may be nil).
	Facts(before, after *Resource) []string
	// Mask hides attribute values that must not be printed (Secret
	// data).
	Mask(r *Resource, a *iac.Attribute)
}

// Side is one side of a file.
type Side struct {
	Resources []Resource
	// Partial is set when some of the file could not be read: a resource
	// missing from this side may be in the unreadable part.
	Partial bool
}

// Compare builds the changes and findings of one file.
func Compare(path, env string, fam Family, before, after Side) ([]iac.Change, []iac.Finding) {
	old := make(map[string]*Resource, len(before.Resources))
	for i := range before.Resources {
		old[before.Resources[i].Address] = &before.Resources[i]
	}
	var changes []iac.Change
	risks := riskSet{}
	seen := make(map[string]bool, len(after.Resources))
	for i := range after.Resources {
		a := &after.Resources[i]
		seen[a.Address] = true
		b := old[a.Address]
		c := iac.Change{Path: path, Address: a.Address, Type: a.Type, Environment: env, Line: a.Line, Source: "static"}
		risks.state(a, fam.State(a), iac.After)
		if b == nil {
			c.Kind = iac.Added
			c.Notes = fam.Facts(nil, a)
			if before.Partial {
				c.Notes = append(c.Notes, "the old file has a document reef could not read; this may not be new")
			}
			changes = append(changes, c)
			continue
		}
		risks.state(b, fam.State(b), iac.Before)
		risks.change(a, fam.Change(b, a))
		c.Kind, c.OldLine = iac.Modified, b.Line
		c.Attributes = ytree.Diff(b.Body, a.Body, fam.Diff())
		for j := range c.Attributes {
			fam.Mask(a, &c.Attributes[j])
		}
		c.Notes = append(c.Notes, fam.Facts(b, a)...)
		if len(c.Attributes) > 0 || len(c.Notes) > 0 {
			changes = append(changes, c)
		}
	}
	for i := range before.Resources {
		b := &before.Resources[i]
		if seen[b.Address] {
			continue
		}
		c := iac.Change{Path: path, Address: b.Address, Type: b.Type, Environment: env, Kind: iac.Removed, OldLine: b.Line, Source: "static"}
		c.Notes = fam.Facts(b, nil)
		if after.Partial {
			// Its risks are unknown rather than resolved.
			c.Notes = append(c.Notes, "the new file has a document reef could not read; this may not be removed")
		} else {
			risks.state(b, fam.State(b), iac.Before)
		}
		changes = append(changes, c)
	}
	return changes, risks.findings(path, env)
}

type riskKey struct{ address, rule, key string }

type hit struct {
	risk    Risk
	address string
}

// riskSet collects hits per side and the change rules' hits.
type riskSet struct {
	before, after map[riskKey]hit
	changed       map[riskKey]hit
	order         []riskKey // first-seen order, for stable output
}

func (s *riskSet) add(m *map[riskKey]hit, address string, rs []Risk) {
	if *m == nil {
		*m = map[riskKey]hit{}
	}
	for _, r := range rs {
		k := riskKey{address, r.Rule, r.Key}
		if prev, ok := (*m)[k]; ok && prev.risk.Severity >= r.Severity {
			continue
		}
		if _, ok := s.before[k]; !ok {
			if _, ok := s.after[k]; !ok {
				if _, ok := s.changed[k]; !ok {
					s.order = append(s.order, k)
				}
			}
		}
		(*m)[k] = hit{risk: r, address: address}
	}
}

func (s *riskSet) state(r *Resource, rs []Risk, side iac.Side) {
	if side == iac.Before {
		s.add(&s.before, r.Address, rs)
	} else {
		s.add(&s.after, r.Address, rs)
	}
}

func (s *riskSet) change(r *Resource, rs []Risk) { s.add(&s.changed, r.Address, rs) }

// findings sorts hits into states: on the new side only, or worse than
// before, or raised by a change rule: introduced; on both: existing; on
// the old side only: resolved. When a change rule and a state rule hit
// the same thing, the message is the one that explains the finding: the
// state's when the risk is new ("runs as root (runAsUser: 0)" says more
// than "runAsNonRoot was removed"), the change's when the risk was there
// and the change made it worse ("gets a new value in plain text").
func (s *riskSet) findings(path, env string) []iac.Finding {
	var out []iac.Finding
	for _, k := range s.order {
		b, inBefore := s.before[k]
		a, inAfter := s.after[k]
		c, changed := s.changed[k]
		f := iac.Finding{Rule: k.rule, Path: path, Address: k.address, Environment: env}
		switch {
		case changed && (!inAfter || inBefore || c.risk.Severity > a.risk.Severity):
			f.State, f.Severity, f.Line, f.Message = iac.Introduced, c.risk.Severity, c.risk.Line, c.risk.Message
		case inAfter && (!inBefore || a.risk.Severity > b.risk.Severity || changed):
			f.State, f.Severity, f.Line, f.Message = iac.Introduced, a.risk.Severity, a.risk.Line, a.risk.Message
		case inAfter:
			f.State, f.Severity, f.Line, f.Message = iac.Existing, a.risk.Severity, a.risk.Line, a.risk.Message
		case inBefore:
			f.State, f.Severity, f.Line, f.Message = iac.Resolved, b.risk.Severity, b.risk.Line, b.risk.Message
		default:
			continue
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}
