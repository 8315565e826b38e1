package terraform

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"reef/gitops/iac"
)

// statement is one IAM policy statement, read from JSON, jsonencode or an
// aws_iam_policy_document.
type statement struct {
	allow     bool
	actions   []string
	resources []string
	principal any // nil when the statement has none (identity policies)
	condition bool
	line      int // of the statement in a policy document; 0 in JSON
}

// statements reads the statements of a policy value: a structure (from
// jsonencode or a policy document), a JSON string, or a string with
// interpolations whose JSON shape is still readable.
func statements(policy any) []statement {
	switch t := policy.(type) {
	case string:
		policy = decodePolicy(t)
	case partial:
		policy = decodePolicy(t.raw)
	}
	doc, ok := policy.(map[string]any)
	if !ok {
		return nil
	}
	var out []statement
	for _, s := range objects(doc["Statement"]) {
		effect, _ := str(s["Effect"])
		line, _ := s[lineKey].(int)
		out = append(out, statement{
			line:      line,
			allow:     effect == "" || strings.EqualFold(effect, "Allow"),
			actions:   strs(s["Action"]),
			resources: strs(s["Resource"]),
			principal: s["Principal"],
			condition: s["Condition"] != nil,
		})
	}
	return out
}

func decodePolicy(s string) any {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	return v
}

// policyFromDocument turns an aws_iam_policy_document's statements into
// the JSON policy shape.
func policyFromDocument(v map[string]any) any {
	var stmts []any
	for _, s := range objects(v["statement"]) {
		st := map[string]any{lineKey: lineOf(s, "actions")}
		if e, ok := s["effect"]; ok {
			st["Effect"] = e
		}
		if a, ok := s["actions"]; ok {
			st["Action"] = a
		}
		if r, ok := s["resources"]; ok {
			st["Resource"] = r
		}
		if p := objects(s["principals"]); len(p) > 0 {
			pr := map[string]any{}
			for _, one := range p {
				typ, _ := str(one["type"])
				pr[typ] = one["identifiers"]
			}
			st["Principal"] = pr
		}
		if len(objects(s["condition"])) > 0 {
			st["Condition"] = true
		}
		stmts = append(stmts, st)
	}
	return map[string]any{"Statement": stmts}
}

// publicPrincipal reports whether a principal is everyone: "*",
// {"AWS": "*"}, or a "*" type of a policy document.
func publicPrincipal(p any) bool {
	switch t := p.(type) {
	case string:
		return t == "*"
	case map[string]any:
		for k, v := range t {
			if k == "*" {
				return true
			}
			if k == "AWS" || k == "CanonicalUser" {
				for _, id := range strs(v) {
					if id == "*" {
						return true
					}
				}
			}
		}
	}
	return false
}

// iamPolicyAttrs lists, per resource type, the attributes holding an
// identity policy.
var iamPolicyAttrs = map[string][]string{
	"aws_iam_policy":                            {"policy"},
	"aws_iam_role_policy":                       {"policy"},
	"aws_iam_user_policy":                       {"policy"},
	"aws_iam_group_policy":                      {"policy"},
	"aws_ssoadmin_permission_set_inline_policy": {"inline_policy"},
}

// iamWildcard is tf-iam-wildcard.
func iamWildcard(b *block, v map[string]any) []hit {
	type source struct {
		policy any
		line   int
	}
	var srcs []source
	switch {
	case b.kind == "data" && b.typ == "aws_iam_policy_document":
		srcs = append(srcs, source{policyFromDocument(v), lineOf(v, "")})
	case b.kind == "resource" && b.typ == "aws_iam_role":
		for _, ip := range objects(v["inline_policy"]) {
			srcs = append(srcs, source{ip["policy"], lineOf(ip, "policy")})
		}
	case b.kind == "resource":
		for _, attr := range iamPolicyAttrs[b.typ] {
			// A policy taken from a policy document is reported on the
			// document, once.
			if refersToDocument(b, attr) {
				continue
			}
			srcs = append(srcs, source{v[attr], lineOf(v, attr)})
		}
	}
	var out []hit
	seen := map[string]bool{}
	for _, src := range srcs {
		for _, st := range statements(src.policy) {
			if !st.allow {
				continue
			}
			for _, h := range wildcardHits(b.addr, st) {
				if !seen[h.key] {
					seen[h.key] = true
					h.line = src.line
					if st.line > 0 {
						h.line = st.line
					}
					out = append(out, h)
				}
			}
		}
	}
	return out
}

func wildcardHits(addr string, st statement) []hit {
	allResources := false
	for _, r := range st.resources {
		if r == "*" {
			allResources = true
		}
	}
	var out []hit
	for _, a := range st.actions {
		switch {
		case a == "*" && allResources:
			out = append(out, hit{rule: ruleIAMWildcard, sev: iac.Critical, key: "*|*",
				msg: fmt.Sprintf("%s allows every action (\"*\") on every resource (\"*\").", addr)})
		case a == "*":
			out = append(out, hit{rule: ruleIAMWildcard, sev: iac.High, key: "*|" + strings.Join(st.resources, ","),
				msg: fmt.Sprintf("%s allows every action (\"*\") on %s.", addr, strings.Join(st.resources, ", "))})
		case strings.HasSuffix(a, ":*") && !strings.ContainsAny(strings.TrimSuffix(a, ":*"), "*?"):
			svc := strings.ToLower(strings.TrimSuffix(a, ":*"))
			out = append(out, hit{rule: ruleIAMWildcard, sev: iac.Medium, key: svc + ":*",
				msg: fmt.Sprintf("%s allows every %s action (%q).", addr, svc, a)})
		}
	}
	return out
}

// refersToDocument reports whether a native attribute is a reference to an
// aws_iam_policy_document's JSON.
func refersToDocument(b *block, attr string) bool {
	if b.nbody == nil {
		return false
	}
	a, ok := b.nbody.Attributes[attr]
	if !ok {
		return false
	}
	t, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr)
	return ok && strings.HasPrefix(refName(t.Traversal), "data.aws_iam_policy_document.")
}
