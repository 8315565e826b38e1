package terraform

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Values the rules read are plain Go values: nil, string, float64, bool,
// []any, map[string]any, and these two for what static analysis cannot
// know.
type (
	// unknown is a value only known when Terraform runs (a resource's
	// id, a variable without a default).
	unknown struct{}
	// partial is a string with unknown parts; raw keeps the literal
	// parts and "${...}" for the rest, so that a policy written as JSON
	// with interpolations can still be read.
	partial struct{ raw string }
)

// evalBudget bounds how many values one module side may build, so that
// locals doubling each other cannot grow without end.
const evalBudget = 2_000_000

// maxEvalDepth bounds recursion through locals and variables.
const maxEvalDepth = 64

// maxValueSize bounds one variable's or local's value (in nodes, a string
// counting one per 64 bytes): locals that double each other would
// otherwise grow exponentially. A larger value is unknown.
const maxValueSize = 100_000

// env evaluates expressions of one side of one module, statically: it
// knows literal values, variable defaults (and auto-loaded tfvars), locals
// and aws_iam_policy_document data sources; everything else is unknown.
type env struct {
	vars   map[string]*block
	tfvars map[string]*block
	locals map[string]*block
	docs   map[string]*block
	cache  map[string]any
	busy   map[string]bool
	budget int
	depth  int
}

func newEnv(m *module) *env {
	e := &env{vars: map[string]*block{}, tfvars: map[string]*block{}, locals: map[string]*block{},
		docs: map[string]*block{}, cache: map[string]any{}, busy: map[string]bool{}, budget: evalBudget}
	if m == nil {
		return e
	}
	for _, b := range m.blocks {
		switch {
		case b.kind == "variable":
			e.vars[strings.TrimPrefix(b.addr, "var.")] = b
		case b.kind == "local":
			e.locals[strings.TrimPrefix(b.addr, "local.")] = b
		case b.kind == "data" && b.typ == "aws_iam_policy_document":
			e.docs[strings.TrimPrefix(b.addr, "data.aws_iam_policy_document.")] = b
		}
	}
	for _, b := range m.autoVars {
		e.tfvars[strings.TrimPrefix(b.addr, "var.")] = b
	}
	return e
}

// blockValue is a block's body as values: attributes by name, nested
// blocks as lists of objects under their type, each object carrying its
// line under lineKey.
func (e *env) blockValue(b *block) map[string]any {
	switch {
	case b.nbody != nil:
		return e.bodyValue(b.file, b.nbody, b.line)
	case b.jbody != nil:
		m, _ := e.jsonValue(b.jbody).(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		m[lineKey] = b.line
		for k, l := range b.jlines {
			m[lineKey+k] = l
			// JSON keeps no lines inside a property: a nested block
			// is placed on its property's line.
			for _, nested := range objects(m[k]) {
				if _, ok := nested[lineKey]; !ok {
					nested[lineKey] = l
				}
			}
		}
		return m
	}
	return map[string]any{lineKey: b.line}
}

// lineKey prefixes the keys that carry source lines; HCL names cannot
// start with a NUL byte, so they never collide with attributes.
const lineKey = "\x00line"

func (e *env) bodyValue(f *parsedFile, body *hclsyntax.Body, line int) map[string]any {
	m := make(map[string]any, len(body.Attributes)+len(body.Blocks)+1)
	m[lineKey] = line
	for name, a := range body.Attributes {
		m[name] = e.expr(f, a.Expr)
		m[lineKey+name] = a.SrcRange.Start.Line
	}
	for _, b := range body.Blocks {
		typ, inner := b.Type, b.Body
		if b.Type == "dynamic" && len(b.Labels) == 1 {
			// A dynamic block's content is read as one block of its
			// type: values that depend on the iterator are unknown.
			typ = b.Labels[0]
			inner = nil
			for _, c := range b.Body.Blocks {
				if c.Type == "content" {
					inner = c.Body
				}
			}
			if inner == nil {
				continue
			}
		}
		list, _ := m[typ].([]any)
		m[typ] = append(list, e.bodyValue(f, inner, b.TypeRange.Start.Line))
	}
	return m
}

// expr evaluates a native expression.
func (e *env) expr(f *parsedFile, x hclsyntax.Expression) any {
	e.budget--
	if e.budget <= 0 || e.depth > maxEvalDepth {
		return unknown{}
	}
	switch t := x.(type) {
	case *hclsyntax.LiteralValueExpr:
		return fromCty(t.Val)
	case *hclsyntax.TemplateExpr:
		var sb strings.Builder
		known := true
		for _, p := range t.Parts {
			switch v := e.expr(f, p).(type) {
			case string:
				sb.WriteString(v)
			case float64:
				sb.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
			case bool:
				sb.WriteString(strconv.FormatBool(v))
			default:
				known = false
			}
			if sb.Len() > maxValueSize*64 {
				return unknown{}
			}
		}
		if !known {
			return partial{raw: templateRaw(f, t)}
		}
		return sb.String()
	case *hclsyntax.TemplateWrapExpr:
		return e.expr(f, t.Wrapped)
	case *hclsyntax.ParenthesesExpr:
		return e.expr(f, t.Expression)
	case *hclsyntax.TupleConsExpr:
		out := make([]any, len(t.Exprs))
		for i, el := range t.Exprs {
			out[i] = e.expr(f, el)
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		out := make(map[string]any, len(t.Items))
		for _, it := range t.Items {
			key, ok := e.key(f, it.KeyExpr)
			if !ok {
				return unknown{}
			}
			out[key] = e.expr(f, it.ValueExpr)
		}
		return out
	case *hclsyntax.ScopeTraversalExpr:
		return e.traversal(t.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		return applyTraversal(e.expr(f, t.Source), t.Traversal)
	case *hclsyntax.IndexExpr:
		return index(e.expr(f, t.Collection), e.expr(f, t.Key))
	case *hclsyntax.ConditionalExpr:
		switch c := e.expr(f, t.Condition).(type) {
		case bool:
			if c {
				return e.expr(f, t.TrueResult)
			}
			return e.expr(f, t.FalseResult)
		}
		return unknown{}
	case *hclsyntax.FunctionCallExpr:
		return e.call(f, t)
	}
	return unknown{}
}

// key evaluates an object key: a bare name is itself.
func (e *env) key(f *parsedFile, x hclsyntax.Expression) (string, bool) {
	if k, ok := x.(*hclsyntax.ObjectConsKeyExpr); ok {
		if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" && !k.ForceNonLiteral {
			return kw, true
		}
		x = k.Wrapped
	}
	s, ok := e.expr(f, x).(string)
	return s, ok
}

// traversal resolves var.*, local.* and data.aws_iam_policy_document.*.
func (e *env) traversal(tr hcl.Traversal) any {
	if len(tr) < 2 {
		return unknown{}
	}
	attr, ok := tr[1].(hcl.TraverseAttr)
	if !ok {
		return unknown{}
	}
	switch tr.RootName() {
	case "var":
		return applyTraversal(e.variable(attr.Name), tr[2:])
	case "local":
		return applyTraversal(e.local(attr.Name), tr[2:])
	case "data":
		if attr.Name != "aws_iam_policy_document" || len(tr) < 4 {
			return unknown{}
		}
		name, ok1 := tr[2].(hcl.TraverseAttr)
		out, ok2 := tr[3].(hcl.TraverseAttr)
		if !ok1 || !ok2 || (out.Name != "json" && out.Name != "minified_json") {
			return unknown{}
		}
		return e.memo("data."+name.Name, func() any {
			b, ok := e.docs[name.Name]
			if !ok {
				return unknown{}
			}
			return policyFromDocument(e.blockValue(b))
		})
	}
	return unknown{}
}

// variable is a variable's auto-loaded tfvars value, else its default.
func (e *env) variable(name string) any {
	return e.memo("var."+name, func() any {
		if b, ok := e.tfvars[name]; ok {
			return e.single(b)
		}
		b, ok := e.vars[name]
		if !ok {
			return unknown{}
		}
		if b.nbody != nil {
			if a, ok := b.nbody.Attributes["default"]; ok {
				return e.expr(b.file, a.Expr)
			}
			return unknown{}
		}
		if d, ok := b.jbody["default"]; ok {
			return plainJSON(d)
		}
		return unknown{}
	})
}

func (e *env) local(name string) any {
	return e.memo("local."+name, func() any {
		b, ok := e.locals[name]
		if !ok {
			return unknown{}
		}
		return e.single(b)
	})
}

// single evaluates a block holding one value.
func (e *env) single(b *block) any {
	if b.nexpr != nil {
		return e.expr(b.file, b.nexpr)
	}
	if b.kind == "tfvars" {
		return plainJSON(b.jval)
	}
	return e.jsonValue(b.jval)
}

// memo evaluates once per name and breaks reference cycles.
func (e *env) memo(key string, fn func() any) any {
	if v, ok := e.cache[key]; ok {
		return v
	}
	if e.busy[key] {
		return unknown{}
	}
	e.busy[key] = true
	e.depth++
	v := fn()
	e.depth--
	if valueSize(v, maxValueSize) >= maxValueSize {
		v = unknown{}
	}
	delete(e.busy, key)
	e.cache[key] = v
	return v
}

// jsonValue evaluates a JSON-syntax value: strings are templates.
func (e *env) jsonValue(v any) any {
	e.budget--
	if e.budget <= 0 {
		return unknown{}
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, c := range t {
			out[k] = e.jsonValue(c)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, c := range t {
			out[i] = e.jsonValue(c)
		}
		return out
	case string:
		if !strings.Contains(t, "${") && !strings.Contains(t, "%{") {
			return t
		}
		f, x := parseTemplate(t)
		if x == nil {
			return partial{raw: t}
		}
		return e.expr(f, x)
	}
	return plainJSON(v)
}

// parseTemplate parses a JSON string as an HCL template; nil when it does
// not parse or nests too deeply.
func parseTemplate(s string) (*parsedFile, hclsyntax.Expression) {
	src := []byte(s)
	// Wrapped in quotes, the template nests as a string does in a file.
	if nativeTooDeep(append(append([]byte{'"'}, src...), '"')) {
		return nil, nil
	}
	x, diags := hclsyntax.ParseTemplate(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil
	}
	return &parsedFile{src: src}, x
}
