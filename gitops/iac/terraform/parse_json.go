package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// jsonSchema lists the top-level blocks of a .tf.json file; JSON carries no
// block structure of its own, so labels come from the schema.
var jsonSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "check", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "terraform"},
	{Type: "moved"},
	{Type: "removed"},
	{Type: "import"},
}}

// parseJSONFile reads a .tf.json or .tfvars.json file.
func parseJSONFile(f *parsedFile) {
	if jsonTooDeep(f.src) {
		f.failed = &parseError{msg: fmt.Sprintf("nested more than %d levels deep", maxNesting)}
		return
	}
	file, diags := hcljson.Parse(f.src, f.path)
	if err := firstError(diags); err != nil {
		f.failed = err
		return
	}
	if f.kind == kindTFVarsJSON {
		attrs, diags := file.Body.JustAttributes()
		if err := firstError(diags); err != nil {
			f.failed = err
			return
		}
		for _, a := range sortedHCLAttrs(attrs) {
			f.blocks = append(f.blocks, &block{addr: "var." + a.Name, typ: "tfvars", kind: "tfvars",
				file: f, line: a.Range.Start.Line, jval: decodeJSON(f, a.Expr.Range())})
		}
		return
	}
	content, _, diags := file.Body.PartialContent(jsonSchema)
	if err := firstError(diags); err != nil {
		f.failed = err
		return
	}
	for _, b := range content.Blocks {
		attrs, diags := b.Body.JustAttributes()
		if err := firstError(diags); err != nil {
			f.failed = err
			f.blocks = nil
			return
		}
		body := make(map[string]any, len(attrs))
		lines := make(map[string]int, len(attrs))
		for _, a := range sortedHCLAttrs(attrs) {
			body[a.Name] = decodeJSON(f, a.Expr.Range())
			lines[a.Name] = a.Range.Start.Line
		}
		if b.Type == "locals" {
			for _, a := range sortedHCLAttrs(attrs) {
				f.blocks = append(f.blocks, &block{addr: "local." + a.Name, typ: "local", kind: "local",
					file: f, line: a.Range.Start.Line, jval: body[a.Name], jline: a.Range.Start.Line})
			}
			continue
		}
		addr, typ, ok := address(b.Type, b.Labels, func(name string) (string, bool) {
			s, ok := body[name].(string)
			return compactRef(s), ok
		})
		if !ok {
			continue
		}
		f.blocks = append(f.blocks, &block{addr: addr, typ: typ, kind: b.Type, file: f,
			line: b.DefRange.Start.Line, jbody: body, jlines: lines, jline: b.DefRange.Start.Line})
	}
	sort.SliceStable(f.blocks, func(i, j int) bool { return f.blocks[i].line < f.blocks[j].line })
}

// decodeJSON reads the JSON value in rng of the file, numbers kept as
// written.
func decodeJSON(f *parsedFile, rng hcl.Range) any {
	dec := json.NewDecoder(bytes.NewReader(rng.SliceBytes(f.src)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}

func sortedHCLAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out
}
