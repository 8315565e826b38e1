package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// parseFile reads one file of any claimed kind. It never panics: a file
// that cannot be read comes back with failed set.
func parseFile(p string, kind fileKind, src []byte) (f *parsedFile) {
	f = &parsedFile{path: p, kind: kind, src: src}
	if why := refusal(src); why != "" {
		f.failed = &parseError{msg: why}
		return f
	}
	defer func() {
		// The parsers are third-party code run on untrusted input; a
		// panic in them must cost one file, not the review.
		if r := recover(); r != nil {
			f.blocks = nil
			f.failed = &parseError{msg: fmt.Sprintf("parser failed (%v)", r)}
		}
	}()
	if kind.isJSON() {
		parseJSONFile(f)
		return f
	}
	if nativeTooDeep(src) {
		f.failed = &parseError{msg: fmt.Sprintf("nested more than %d levels deep", maxNesting)}
		return f
	}
	file, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
	if err := firstError(diags); err != nil {
		f.failed = err
		return f
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		f.failed = &parseError{msg: "not native HCL syntax"}
		return f
	}
	switch kind {
	case kindTF:
		f.blocks = moduleBlocks(f, body)
	case kindTFVars:
		f.blocks = assignmentBlocks(f, body, "var.", "tfvars")
	case kindTerragrunt, kindLock:
		f.blocks = genericBlocks(f, body)
	}
	return f
}

// firstError returns the first error of diags as the note shows it.
func firstError(diags hcl.Diagnostics) *parseError {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		e := &parseError{msg: d.Summary}
		if d.Subject != nil {
			e.line = d.Subject.Start.Line
		}
		return e
	}
	return nil
}

// moduleBlocks lists a Terraform file's top-level blocks with their
// addresses; a locals block contributes one block per local value.
func moduleBlocks(f *parsedFile, body *hclsyntax.Body) []*block {
	var out []*block
	for _, b := range body.Blocks {
		if b.Type == "locals" {
			out = append(out, assignmentBlocks(f, b.Body, "local.", "local")...)
			continue
		}
		addr, typ, ok := address(b.Type, b.Labels, func(name string) (string, bool) {
			return nativeAttrText(f, b.Body, name)
		})
		if !ok {
			continue
		}
		out = append(out, &block{addr: addr, typ: typ, kind: b.Type, file: f,
			line: b.TypeRange.Start.Line, nbody: b.Body, raw: b.Range().SliceBytes(f.src)})
	}
	return out
}

// assignmentBlocks makes one block per attribute of body: tfvars
// assignments, local values, Terragrunt inputs.
func assignmentBlocks(f *parsedFile, body *hclsyntax.Body, prefix, typ string) []*block {
	attrs := sortedAttrs(body)
	out := make([]*block, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, &block{addr: prefix + a.Name, typ: typ, kind: typ, file: f,
			line: a.SrcRange.Start.Line, nexpr: a.Expr, raw: a.SrcRange.SliceBytes(f.src)})
	}
	return out
}

// genericBlocks addresses the blocks of Terragrunt and lock files by type
// and labels, their attributes by name, and each Terragrunt input and
// local on its own.
func genericBlocks(f *parsedFile, body *hclsyntax.Body) []*block {
	var out []*block
	for _, a := range sortedAttrs(body) {
		if obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok && a.Name == "inputs" {
			for _, it := range obj.Items {
				key := objectKey(f, it.KeyExpr)
				out = append(out, &block{addr: "inputs." + key, typ: "input", kind: "input", file: f,
					line: it.KeyExpr.Range().Start.Line, nexpr: it.ValueExpr})
			}
			continue
		}
		out = append(out, &block{addr: a.Name, typ: "attribute", kind: "attribute", file: f,
			line: a.SrcRange.Start.Line, nexpr: a.Expr})
	}
	for _, b := range body.Blocks {
		if b.Type == "locals" {
			out = append(out, assignmentBlocks(f, b.Body, "local.", "local")...)
			continue
		}
		addr := b.Type
		if f.kind == kindLock && b.Type == "provider" && len(b.Labels) == 1 {
			addr = fmt.Sprintf("provider[%q]", b.Labels[0])
		} else if len(b.Labels) > 0 {
			addr += "." + strings.Join(b.Labels, ".")
		}
		out = append(out, &block{addr: addr, typ: b.Type, kind: b.Type, file: f,
			line: b.TypeRange.Start.Line, nbody: b.Body})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

// address names a top-level Terraform block the way Terraform writes it.
// attr reads a static attribute (a provider's alias, a moved block's from
// and to). ok is false for blocks Terraform itself would reject.
func address(typ string, labels []string, attr func(string) (string, bool)) (addr, ctype string, ok bool) {
	label := func(n int) bool { return len(labels) == n }
	switch typ {
	case "resource":
		if label(2) {
			return labels[0] + "." + labels[1], labels[0], true
		}
	case "data":
		if label(2) {
			return "data." + labels[0] + "." + labels[1], labels[0], true
		}
	case "ephemeral":
		if label(2) {
			return "ephemeral." + labels[0] + "." + labels[1], labels[0], true
		}
	case "module":
		if label(1) {
			return "module." + labels[0], "module", true
		}
	case "variable":
		if label(1) {
			return "var." + labels[0], "variable", true
		}
	case "output":
		if label(1) {
			return "output." + labels[0], "output", true
		}
	case "check":
		if label(1) {
			return "check." + labels[0], "check", true
		}
	case "provider":
		if label(1) {
			addr := "provider." + labels[0]
			if alias, ok := attr("alias"); ok {
				addr += "." + unquote(alias)
			}
			return addr, "provider", true
		}
	case "moved":
		from, _ := attr("from")
		to, _ := attr("to")
		return "moved " + from + " → " + to, "moved", true
	case "removed":
		from, _ := attr("from")
		return "removed " + from, "removed", true
	case "import":
		to, _ := attr("to")
		return "import " + to, "import", true
	case "terraform":
		return "terraform", "terraform", true
	default:
		return strings.Join(append([]string{typ}, labels...), "."), typ, true
	}
	return "", "", false
}

// nativeAttrText is the compact source text of a block's attribute.
func nativeAttrText(f *parsedFile, body *hclsyntax.Body, name string) (string, bool) {
	a, ok := body.Attributes[name]
	if !ok {
		return "", false
	}
	return compactRef(string(a.Expr.Range().SliceBytes(f.src))), true
}

// compactRef removes the spaces from a reference ("aws_x.y[ 0 ]").
func compactRef(s string) string { return strings.Join(strings.Fields(s), "") }

// unquote strips the quotes of a quoted string's source text.
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// sortedAttrs lists a body's attributes in source order (the parser keeps
// them in a map).
func sortedAttrs(body *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

// objectKey is an object item's key as a name: a bare word or a quoted
// string without its quotes; anything else keeps its source text.
func objectKey(f *parsedFile, e hclsyntax.Expression) string {
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" && !k.ForceNonLiteral {
			return kw
		}
		e = k.Wrapped
	}
	if s, ok := literalString(e); ok {
		return s
	}
	return string(e.Range().SliceBytes(f.src))
}

// literalString is the value of a string written without interpolation.
func literalString(e hclsyntax.Expression) (string, bool) {
	switch t := e.(type) {
	case *hclsyntax.TemplateExpr:
		var sb strings.Builder
		for _, p := range t.Parts {
			lit, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok || !lit.Val.Type().Equals(cty.String) || lit.Val.IsNull() {
				return "", false
			}
			sb.WriteString(lit.Val.AsString())
		}
		return sb.String(), true
	case *hclsyntax.TemplateWrapExpr:
		return literalString(t.Wrapped)
	case *hclsyntax.LiteralValueExpr:
		if t.Val.Type().Equals(cty.String) && !t.Val.IsNull() && t.Val.IsKnown() {
			return t.Val.AsString(), true
		}
	}
	return "", false
}
