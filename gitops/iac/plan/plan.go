// Package plan reads the JSON form of a Terraform or OpenTofu plan
// (`terraform show -json PLANFILE`, `tofu show -json PLANFILE`) and joins
// its resource changes to reef's static summary: the real actions
// (create, update, delete, replace and why), attribute values before and
// after with every sensitive value masked, and the changes the plan makes
// that the configuration diff does not show (drift, replacements forced
// by -replace, changes in modules that did not change).
package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"reef/gitops/iac"
)

// Masked replaces every sensitive value.
const Masked = "(sensitive)"

// Unknown stands for a value known only after apply.
const Unknown = "(known after apply)"

// Plan is what reef reads of a plan.
type Plan struct {
	FormatVersion    string
	TerraformVersion string
	Resources        []Resource // in address order
	Outputs          []Output   // in name order
}

// Resource is one resource instance's planned change.
type Resource struct {
	// Address is the instance address: module.app[0].aws_instance.web["a"].
	Address string
	// Static is the configuration block's address without instance
	// keys: module.app.aws_instance.web.
	Static string
	// Local is the block's address inside its module: aws_instance.web,
	// data.aws_ami.ubuntu.
	Local string
	// Module is the instance's module path, "" for the root module.
	Module string
	// Key is the instance keys of the module path and the resource, in
	// order ("[0][\"a\"]"), "" for a single instance.
	Key             string
	PreviousAddress string
	Type            string
	// Actions are "create", "update", "delete", "replace", "read",
	// "forget" or "no-op".
	Actions      []string
	Reason       string   // action_reason, e.g. "replace_because_cannot_update"
	ReplacePaths []string // attribute paths forcing the replacement
	Attributes   []iac.Attribute
	Deposed      string
}

// Output is one root output's planned change.
type Output struct {
	Name      string
	Actions   []string
	Value     iac.Attribute
	Sensitive bool
}

// Parse reads `terraform show -json` output. Plans of format_version 1.x
// are read; other majors, state files and anything else are refused with
// a message saying what was expected.
func Parse(data []byte) (*Plan, error) {
	var head struct {
		FormatVersion *string `json:"format_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("plan is not JSON (%v): give the output of `terraform show -json PLANFILE`", err)
	}
	if head.FormatVersion == nil {
		return nil, errors.New("plan has no format_version: give the output of `terraform show -json PLANFILE`")
	}
	v := *head.FormatVersion
	if major, _, _ := strings.Cut(v, "."); major != "1" {
		return nil, fmt.Errorf("plan format_version %s is not supported (reef reads 1.x)", v)
	}
	var raw tfjson.Plan
	raw.UseJSONNumber(true)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("plan not read: %v", err)
	}
	if raw.ResourceChanges == nil && raw.PlannedValues == nil && raw.OutputChanges == nil {
		return nil, errors.New("the JSON has no planned changes: give `terraform show -json` a plan file, not a state")
	}
	p := &Plan{FormatVersion: raw.FormatVersion, TerraformVersion: raw.TerraformVersion}
	for _, rc := range raw.ResourceChanges {
		if rc == nil || rc.Change == nil {
			continue
		}
		p.Resources = append(p.Resources, resource(rc))
	}
	sort.SliceStable(p.Resources, func(i, j int) bool { return p.Resources[i].Address < p.Resources[j].Address })
	sensitiveOutputs := map[string]bool{}
	if raw.PlannedValues != nil {
		for name, o := range raw.PlannedValues.Outputs {
			if o != nil && o.Sensitive {
				sensitiveOutputs[name] = true
			}
		}
	}
	if raw.Config != nil && raw.Config.RootModule != nil {
		for name, o := range raw.Config.RootModule.Outputs {
			if o != nil && o.Sensitive {
				sensitiveOutputs[name] = true
			}
		}
	}
	for name, ch := range raw.OutputChanges {
		if ch == nil {
			continue
		}
		p.Outputs = append(p.Outputs, output(name, ch, sensitiveOutputs[name]))
	}
	sort.Slice(p.Outputs, func(i, j int) bool { return p.Outputs[i].Name < p.Outputs[j].Name })
	return p, nil
}

func resource(rc *tfjson.ResourceChange) Resource {
	local := rc.Type + "." + rc.Name
	if rc.Mode == tfjson.DataResourceMode {
		local = "data." + local
	}
	r := Resource{
		Address:         rc.Address,
		Local:           local,
		Module:          rc.ModuleAddress,
		PreviousAddress: rc.PreviousAddress,
		Type:            rc.Type,
		Actions:         actions(rc.Change.Actions),
		Reason:          string(rc.ActionReason),
		Deposed:         rc.DeposedKey,
	}
	r.Static = local
	if rc.ModuleAddress != "" {
		r.Static = BaseAddress(rc.ModuleAddress) + "." + local
	}
	r.Key = moduleKeys(rc.ModuleAddress) + indexKey(rc.Index)
	if r.Address == "" {
		r.Address = r.Static + r.Key
	}
	for _, rp := range rc.Change.ReplacePaths {
		if steps, ok := rp.([]any); ok {
			r.ReplacePaths = append(r.ReplacePaths, pathText(steps))
		}
	}
	ch := rc.Change
	switch {
	case rc.Change.Actions.Delete():
		// The object goes: its old values are not what the reader
		// decides on, and a deleted database's settings are noise.
	default:
		r.Attributes = diff(ch.Before, ch.After, ch.BeforeSensitive, ch.AfterSensitive, ch.AfterUnknown,
			ch.Actions.Create())
	}
	return r
}

func output(name string, ch *tfjson.Change, sensitive bool) Output {
	o := Output{Name: name, Actions: actions(ch.Actions), Sensitive: sensitive}
	bs, as := ch.BeforeSensitive, ch.AfterSensitive
	if sensitive {
		bs, as = true, true
	}
	attrs := diff(map[string]any{"value": ch.Before}, map[string]any{"value": ch.After},
		map[string]any{"value": bs}, map[string]any{"value": as}, map[string]any{"value": ch.AfterUnknown},
		ch.Actions.Create())
	for _, a := range attrs {
		if a.Path == "value" || strings.HasPrefix(a.Path, "value") {
			o.Value = a
			if a.Path != "value" {
				// A collection output changed in parts: show it whole.
				o.Value = wholeValue(ch, bs, as)
			}
			break
		}
	}
	return o
}

// wholeValue renders an output's value whole, masked when any part of it
// is sensitive.
func wholeValue(ch *tfjson.Change, bs, as any) iac.Attribute {
	a := iac.Attribute{Path: "value", Source: "plan"}
	if ch.Before != nil {
		a.Before, a.HasBefore = render(ch.Before), true
	}
	if ch.After != nil || ch.AfterUnknown != nil {
		a.After, a.HasAfter = render(ch.After), true
	}
	if anySensitive(bs) || anySensitive(as) {
		a.Before, a.After, a.Sensitive = mask(a.HasBefore), mask(a.HasAfter), true
	}
	return a
}

func mask(has bool) string {
	if has {
		return Masked
	}
	return ""
}

// actions normalises a change's actions: a delete and a create in either
// order is one "replace".
func actions(a tfjson.Actions) []string {
	if a.Replace() {
		return []string{"replace"}
	}
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}

// BaseAddress strips instance keys from an address:
// module.a["x"].aws_b.c[0] → module.a.aws_b.c.
func BaseAddress(addr string) string {
	if !strings.Contains(addr, "[") {
		return addr
	}
	var sb strings.Builder
	depth, inStr := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case depth == 0:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// moduleKeys collects the instance keys of a module path, in order.
func moduleKeys(addr string) string {
	var sb strings.Builder
	depth, inStr := 0, false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		if depth > 0 {
			sb.WriteByte(c)
		}
		switch {
		case inStr:
			if c == '\\' && i+1 < len(addr) {
				i++
				sb.WriteByte(addr[i])
			} else if c == '"' {
				inStr = false
			}
		case c == '"' && depth > 0:
			inStr = true
		case c == '[':
			if depth == 0 {
				sb.WriteByte(c)
			}
			depth++
		case c == ']':
			depth--
		}
	}
	return sb.String()
}

// indexKey renders a resource's index: [0] or ["a"].
func indexKey(idx any) string {
	switch t := idx.(type) {
	case nil:
		return ""
	case string:
		b, _ := json.Marshal(t)
		return "[" + string(b) + "]"
	case json.Number:
		return "[" + t.String() + "]"
	case float64:
		return fmt.Sprintf("[%d]", int(t))
	}
	return fmt.Sprintf("[%v]", idx)
}
