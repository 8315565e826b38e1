package plan

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"reef/gitops/iac"
)

// actionOrder is the order actions are listed in on a change.
var actionOrder = []string{"create", "update", "replace", "delete", "forget", "read", "no-op"}

// Join attaches the plan to static changes by address and returns them
// with the changes only the plan shows appended (Source "plan", no Path).
// A plan address is matched to the static block it is an instance of:
// module.app[0].aws_x.y["k"] → module.app.aws_x.y when the static summary
// names blocks from the root, else → aws_x.y in the directory named like
// the module, else → the only aws_x.y outside the root module. The input
// is not modified.
func Join(changes []iac.Change, p *Plan) []iac.Change {
	out := make([]iac.Change, len(changes))
	copy(out, changes)
	if p == nil {
		return out
	}
	byAddr := map[string][]int{}
	for i, c := range out {
		byAddr[c.Address] = append(byAddr[c.Address], i)
	}
	match := make([]int, len(p.Resources))
	rootOwned := map[int]bool{}
	// Pass 1: addresses written out from the root.
	for i, r := range p.Resources {
		match[i] = -1
		if idx := byAddr[r.Static]; len(idx) > 0 {
			match[i] = idx[0]
			rootOwned[idx[0]] = true
		}
	}
	// Pass 2: the module's own address, in a directory named like it.
	for i, r := range p.Resources {
		if match[i] >= 0 || r.Module == "" {
			continue
		}
		name := lastModule(r.Module)
		for _, ci := range byAddr[r.Local] {
			if !rootOwned[ci] && path.Base(path.Dir(out[ci].Path)) == name {
				match[i] = ci
				break
			}
		}
	}
	// Pass 3: the only block of that address not claimed by the root.
	for i, r := range p.Resources {
		if match[i] >= 0 || r.Module == "" {
			continue
		}
		var cands []int
		for _, ci := range byAddr[r.Local] {
			if !rootOwned[ci] {
				cands = append(cands, ci)
			}
		}
		if len(cands) == 1 {
			match[i] = cands[0]
		}
	}
	attached := map[int]bool{}
	planOnly := map[string]*iac.Change{}
	var planOrder []string
	for i, r := range p.Resources {
		if ci := match[i]; ci >= 0 {
			c := &out[ci]
			if !attached[ci] {
				// Copies, so appending cannot write into the caller's
				// arrays.
				c.Attributes = append([]iac.Attribute(nil), c.Attributes...)
				c.Notes = append([]string(nil), c.Notes...)
				c.Actions = nil
				attached[ci] = true
			}
			attach(c, r)
			continue
		}
		if len(r.Actions) == 1 && (r.Actions[0] == "no-op" || r.Actions[0] == "read") {
			continue
		}
		c, ok := planOnly[r.Static]
		if !ok {
			c = &iac.Change{Address: r.Static, Type: r.Type, Source: "plan"}
			planOnly[r.Static] = c
			planOrder = append(planOrder, r.Static)
		}
		attach(c, r)
		if r.PreviousAddress != "" && r.PreviousAddress != r.Address {
			c.From = BaseAddress(r.PreviousAddress)
		}
	}
	for _, o := range p.Outputs {
		addr := "output." + o.Name
		if idx := byAddr[addr]; len(idx) > 0 {
			c := &out[idx[0]]
			c.Actions = mergeActions(c.Actions, o.Actions)
			if o.Value.Path != "" {
				c.Attributes = append(append([]iac.Attribute(nil), c.Attributes...), o.Value)
			}
			continue
		}
		if len(o.Actions) == 1 && o.Actions[0] == "no-op" || o.Value.Path == "" {
			continue
		}
		planOnly[addr] = &iac.Change{Address: addr, Type: "output", Source: "plan", Actions: o.Actions,
			Attributes: []iac.Attribute{o.Value}, Kind: kindOf(o.Actions, "")}
		planOrder = append(planOrder, addr)
	}
	sort.Strings(planOrder)
	for _, a := range planOrder {
		c := planOnly[a]
		if c.Type != "output" {
			c.Kind = kindOf(c.Actions, c.From)
		}
		out = append(out, *c)
	}
	return out
}

// attach adds one instance's planned change to a change.
func attach(c *iac.Change, r Resource) {
	c.Actions = mergeActions(c.Actions, r.Actions)
	prefix := ""
	if r.Key != "" {
		prefix = r.Key
	}
	for _, a := range r.Attributes {
		if prefix != "" {
			if a.Path == "" || strings.HasPrefix(a.Path, "[") {
				a.Path = prefix + a.Path
			} else {
				a.Path = prefix + "." + a.Path
			}
		}
		// The plan knows better than the static reading: where both speak
		// of the same attribute, keep the plan's values only.
		if i := staticAttr(c.Attributes, a.Path); i >= 0 {
			c.Attributes[i] = a
			continue
		}
		c.Attributes = append(c.Attributes, a)
	}
	if n := instanceNote(r); n != "" {
		c.Notes = append(c.Notes, n)
	}
}

// instanceNote tells what happens to an instance when it is more than an
// update: a replacement and what forces it, a destroy, a forget, a reason.
func instanceNote(r Resource) string {
	verb := ""
	for _, a := range r.Actions {
		switch a {
		case "replace":
			verb = "is replaced"
		case "delete":
			verb = "is destroyed"
		case "forget":
			verb = "is forgotten (removed from the state, not destroyed)"
		}
	}
	if verb == "" && r.Reason == "" {
		return ""
	}
	if verb == "" {
		verb = "is " + strings.Join(r.Actions, ", ")
	}
	s := fmt.Sprintf("plan: %s %s", r.Address, verb)
	if r.Deposed != "" {
		s += " (deposed object " + r.Deposed + ")"
	}
	if len(r.ReplacePaths) > 0 {
		s += " because of " + strings.Join(r.ReplacePaths, ", ")
	}
	if r.Reason != "" {
		s += " (" + r.Reason + ")"
	}
	return s
}

// mergeActions adds actions to a set, in actionOrder.
func mergeActions(have, add []string) []string {
	set := map[string]bool{}
	for _, a := range have {
		set[a] = true
	}
	for _, a := range add {
		set[a] = true
	}
	var out []string
	for _, a := range actionOrder {
		if set[a] {
			out = append(out, a)
			delete(set, a)
		}
	}
	var rest []string
	for a := range set {
		rest = append(rest, a)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// kindOf reads a plan-only change's kind from its actions.
func kindOf(actions []string, from string) iac.Kind {
	if from != "" {
		return iac.Moved
	}
	all := func(want string) bool {
		for _, a := range actions {
			if a != want {
				return false
			}
		}
		return len(actions) > 0
	}
	switch {
	case all("create"):
		return iac.Added
	case all("delete"), all("forget"):
		return iac.Removed
	}
	return iac.Modified
}

// lastModule is the name of a module path's innermost module call.
func lastModule(mod string) string {
	s := BaseAddress(mod)
	if i := strings.LastIndex(s, "module."); i >= 0 {
		return s[i+len("module."):]
	}
	return s
}

// staticAttr finds a static attribute with this path.
func staticAttr(attrs []iac.Attribute, path string) int {
	for i, a := range attrs {
		if a.Path == path && a.Source != "plan" {
			return i
		}
	}
	return -1
}
