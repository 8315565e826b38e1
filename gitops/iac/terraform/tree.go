package terraform

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// comparison returns the block's comparison tree, building it on first use
// so that blocks of unchanged files cost nothing.
func (b *block) comparison() *node {
	if b.tree != nil {
		return b.tree
	}
	switch {
	case b.nbody != nil:
		b.tree = bodyNode(b.file, b.nbody, b.line)
		switch {
		case b.file.kind == kindLock:
			b.tree = withoutField(b.tree, "hashes")
		case b.kind == "moved" || b.kind == "removed" || b.kind == "import":
			// from and to are the block's address already.
			b.tree = withoutField(withoutField(b.tree, "from"), "to")
		}
	case b.nexpr != nil:
		b.tree = valueNode(exprNode(b.file, b.nexpr))
	case b.jbody != nil:
		b.tree = jsonBodyNode(b.jbody, b.jlines, b.line)
		if b.kind == "moved" || b.kind == "removed" || b.kind == "import" {
			b.tree = withoutField(withoutField(b.tree, "from"), "to")
		}
	default:
		b.tree = valueNode(jsonNode(b.jval, b.line, false))
	}
	return b.tree
}

// valueNode wraps a single value (a local, an assignment) so that its
// changes read "value: 1 → 2" and "value.Environment: ...".
func valueNode(n *node) *node {
	return (&node{kind: objectNode, line: n.line, fields: []field{{"value", n}}, text: n.display()}).finish()
}

// withoutField drops one child of an object (a lock file's hashes change
// with every version and say nothing a reader can check).
func withoutField(n *node, key string) *node {
	out := &node{kind: objectNode, line: n.line, src: n.src}
	for _, f := range n.fields {
		if f.key != key {
			out.fields = append(out.fields, f)
		}
	}
	return out.finish()
}

// bodyNode is the tree of a native block body: attributes by name, nested
// blocks grouped by type (and labels) into lists.
func bodyNode(f *parsedFile, body *hclsyntax.Body, line int) *node {
	type item struct {
		pos int
		fld field
	}
	var items []item
	for _, a := range body.Attributes {
		items = append(items, item{a.SrcRange.Start.Byte, field{a.Name, exprNode(f, a.Expr)}})
	}
	groups := map[string]*node{}
	for _, b := range body.Blocks {
		key := b.Type
		if len(b.Labels) > 0 {
			key += "." + strings.Join(b.Labels, ".")
		}
		g, ok := groups[key]
		if !ok {
			g = &node{kind: listNode, blocks: true, line: b.TypeRange.Start.Line}
			groups[key] = g
			items = append(items, item{b.TypeRange.Start.Byte, field{key, g}})
		}
		el := bodyNode(f, b.Body, b.TypeRange.Start.Line)
		el.src = b.Range().SliceBytes(f.src)
		g.elems = append(g.elems, el)
	}
	for _, g := range groups {
		g.finish()
	}
	sort.Slice(items, func(i, j int) bool { return items[i].pos < items[j].pos })
	n := &node{kind: objectNode, line: line, src: body.SrcRange.SliceBytes(f.src)}
	for _, it := range items {
		n.fields = append(n.fields, it.fld)
	}
	return n.finish()
}

// exprNode is the tree of an expression: object constructors and tuples of
// objects are followed so that a policy's changed statement reads as its
// own path; everything else is a leaf shown as its source.
func exprNode(f *parsedFile, e hclsyntax.Expression) *node {
	switch t := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		n := &node{kind: objectNode, line: t.SrcRange.Start.Line, src: t.SrcRange.SliceBytes(f.src)}
		for _, it := range t.Items {
			n.fields = append(n.fields, field{objectKey(f, it.KeyExpr), exprNode(f, it.ValueExpr)})
		}
		return n.finish()
	case *hclsyntax.TupleConsExpr:
		if structured(t) {
			n := &node{kind: listNode, line: t.SrcRange.Start.Line, src: t.SrcRange.SliceBytes(f.src)}
			for _, el := range t.Exprs {
				n.elems = append(n.elems, exprNode(f, el))
			}
			return n.finish()
		}
	case *hclsyntax.FunctionCallExpr:
		if (t.Name == "jsonencode" || t.Name == "yamlencode") && len(t.Args) == 1 && !t.ExpandFinal {
			inner := exprNode(f, t.Args[0])
			if inner.kind != leafNode {
				inner.src = t.Range().SliceBytes(f.src)
				inner.canon = t.Name + "(" + inner.canon + ")"
				return inner
			}
		}
	case *hclsyntax.TemplateExpr:
		// A JSON document in a string or heredoc (an IAM policy) is
		// compared as JSON, interpolations kept as text.
		raw := templateRaw(f, t)
		if s := strings.TrimSpace(raw); strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[") {
			var v any
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			if dec.Decode(&v) == nil && !dec.More() {
				n := jsonNode(v, t.SrcRange.Start.Line, false)
				n.src = t.SrcRange.SliceBytes(f.src)
				return n
			}
		}
	}
	rng := e.Range()
	src := rng.SliceBytes(f.src)
	return &node{kind: leafNode, line: rng.Start.Line, src: src, canon: canonText(src)}
}

// structured reports whether a tuple holds objects, so that its elements
// are compared one by one rather than as one value.
func structured(t *hclsyntax.TupleConsExpr) bool {
	for _, el := range t.Exprs {
		switch x := el.(type) {
		case *hclsyntax.ObjectConsExpr:
			return true
		case *hclsyntax.TupleConsExpr:
			if structured(x) {
				return true
			}
		}
	}
	return false
}

// templateRaw is a template's text with its literal parts as written and
// its interpolations as "${source}".
func templateRaw(f *parsedFile, t *hclsyntax.TemplateExpr) string {
	var sb strings.Builder
	for _, p := range t.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().Equals(cty.String) && lit.Val.IsKnown() && !lit.Val.IsNull() {
			sb.WriteString(lit.Val.AsString())
			continue
		}
		sb.WriteString("${")
		sb.Write(p.Range().SliceBytes(f.src))
		sb.WriteString("}")
	}
	return sb.String()
}

// jsonBodyNode is the tree of a JSON block body; a property holding a list
// of objects is a list of nested blocks.
func jsonBodyNode(body map[string]any, lines map[string]int, line int) *node {
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if lines[keys[i]] != lines[keys[j]] {
			return lines[keys[i]] < lines[keys[j]]
		}
		return keys[i] < keys[j]
	})
	n := &node{kind: objectNode, line: line}
	for _, k := range keys {
		c := jsonNode(body[k], lines[k], true)
		n.fields = append(n.fields, field{k, c})
	}
	n.text = "{…}"
	return n.finish()
}

// jsonNode is the tree of a decoded JSON value. In a .tf.json body
// (inBody) a list of objects is a list of nested blocks.
func jsonNode(v any, line int, inBody bool) *node {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := &node{kind: objectNode, line: line, text: jsonText(v)}
		for _, k := range keys {
			n.fields = append(n.fields, field{k, jsonNode(t[k], line, inBody)})
		}
		return n.finish()
	case []any:
		for _, el := range t {
			switch el.(type) {
			case map[string]any, []any:
				n := &node{kind: listNode, line: line, text: jsonText(v), blocks: inBody}
				for _, el := range t {
					n.elems = append(n.elems, jsonNode(el, line, inBody))
				}
				return n.finish()
			}
		}
	}
	text := jsonText(v)
	return &node{kind: leafNode, line: line, text: text, canon: text}
}

// jsonText renders a JSON value compactly, keys sorted.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// display is how the node's value reads in a change: its source text with
// runs of whitespace collapsed to one space.
func (n *node) display() string {
	if n.text == "" && n.src != nil {
		n.text = strings.Join(strings.Fields(string(n.src)), " ")
	}
	return n.text
}
