package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// maxFlowNames is how many targets a flow note names before "and N more".
const maxFlowNames = 8

// references lists the addresses a block's expressions refer to
// ("var.region", "local.tags", "aws_s3_bucket.logs", "module.vpc").
func (b *block) references() []string {
	if b.done {
		return b.refs
	}
	b.done = true
	seen := map[string]bool{}
	add := func(trs []hcl.Traversal) {
		for _, tr := range trs {
			if r := refName(tr); r != "" && !seen[r] {
				seen[r] = true
				b.refs = append(b.refs, r)
			}
		}
	}
	switch {
	case b.nbody != nil:
		bodyRefs(b.nbody, add)
	case b.nexpr != nil:
		add(b.nexpr.Variables())
	case b.jbody != nil:
		jsonRefs(b.jbody, add)
	default:
		jsonRefs(b.jval, add)
	}
	return b.refs
}

func bodyRefs(body *hclsyntax.Body, add func([]hcl.Traversal)) {
	for _, a := range body.Attributes {
		add(a.Expr.Variables())
	}
	for _, b := range body.Blocks {
		bodyRefs(b.Body, add)
	}
}

// jsonRefs finds the references in a JSON value's template strings.
func jsonRefs(v any, add func([]hcl.Traversal)) {
	switch t := v.(type) {
	case map[string]any:
		for _, c := range t {
			jsonRefs(c, add)
		}
	case []any:
		for _, c := range t {
			jsonRefs(c, add)
		}
	case string:
		if strings.Contains(t, "${") {
			if _, x := parseTemplate(t); x != nil {
				add(x.Variables())
			}
		}
	}
}

// refName is the address a traversal refers to, "" for iteration and
// path symbols.
func refName(tr hcl.Traversal) string {
	attr := func(i int) string {
		if i < len(tr) {
			if a, ok := tr[i].(hcl.TraverseAttr); ok {
				return a.Name
			}
		}
		return ""
	}
	root := tr.RootName()
	switch root {
	case "each", "count", "path", "self", "terraform":
		return ""
	case "var", "local", "module":
		if n := attr(1); n != "" {
			return root + "." + n
		}
	case "data", "ephemeral":
		if t, n := attr(1), attr(2); t != "" && n != "" {
			return root + "." + t + "." + n
		}
	default:
		if n := attr(1); n != "" {
			return root + "." + n
		}
	}
	return ""
}

// flowTargets lists the resources, data sources, module calls and
// providers whose expressions use addr directly or through locals.
func (m *module) flowTargets(addr string) []string {
	m.all()
	if m.rev == nil {
		m.rev = map[string][]*block{}
		for _, b := range m.blocks {
			for _, r := range b.references() {
				m.rev[r] = append(m.rev[r], b)
			}
		}
	}
	seen := map[string]bool{addr: true}
	queue := []string{addr}
	var out []string
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, b := range m.rev[cur] {
			if seen[b.addr] {
				continue
			}
			seen[b.addr] = true
			switch b.kind {
			case "local":
				queue = append(queue, b.addr)
			case "resource", "data", "module", "provider", "ephemeral":
				out = append(out, b.addr)
			}
		}
	}
	sort.Strings(out)
	return out
}

// flowNote says where a changed variable or local goes.
func flowNote(addr string, targets []string) string {
	if len(targets) == 0 {
		return ""
	}
	shown := targets
	more := ""
	if len(shown) > maxFlowNames {
		shown = shown[:maxFlowNames]
		more = fmt.Sprintf(" and %d more", len(targets)-maxFlowNames)
	}
	return addr + " flows into " + strings.Join(shown, ", ") + more
}
