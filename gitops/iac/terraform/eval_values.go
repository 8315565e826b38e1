package terraform

import (
	"encoding/json"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// plainJSON converts decoded JSON (numbers as json.Number) to values.
func plainJSON(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return unknown{}
		}
		return f
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, c := range t {
			out[k] = plainJSON(c)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, c := range t {
			out[i] = plainJSON(c)
		}
		return out
	}
	return v
}

// fromCty converts a literal's value.
func fromCty(v cty.Value) any {
	if v.IsMarked() {
		v, _ = v.Unmark()
	}
	switch {
	case !v.IsKnown():
		return unknown{}
	case v.IsNull():
		return nil
	case v.Type() == cty.String:
		return v.AsString()
	case v.Type() == cty.Bool:
		return v.True()
	case v.Type() == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f
	}
	return unknown{}
}

// applyTraversal follows attribute and index steps into a value.
func applyTraversal(v any, tr hcl.Traversal) any {
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseAttr:
			v = index(v, s.Name)
		case hcl.TraverseIndex:
			v = index(v, fromCty(s.Key))
		default:
			return unknown{}
		}
	}
	return v
}

// index looks a key up in a map or a position up in a list.
func index(coll, key any) any {
	switch c := coll.(type) {
	case map[string]any:
		k, ok := key.(string)
		if !ok {
			return unknown{}
		}
		if v, ok := c[k]; ok {
			return v
		}
		return unknown{}
	case []any:
		var i int
		switch k := key.(type) {
		case float64:
			i = int(k)
		case string:
			n, err := strconv.Atoi(k)
			if err != nil {
				return unknown{}
			}
			i = n
		default:
			return unknown{}
		}
		if i >= 0 && i < len(c) {
			return c[i]
		}
	}
	return unknown{}
}

// valueSize counts a value's nodes, stopping at limit. Shared parts are
// counted each time they appear, as a walk over the value would visit them.
func valueSize(v any, limit int) int {
	n := 0
	var walk func(any)
	walk = func(v any) {
		if n >= limit {
			return
		}
		n++
		switch t := v.(type) {
		case string:
			n += len(t) / 64
		case []any:
			for _, c := range t {
				walk(c)
			}
		case map[string]any:
			for _, c := range t {
				walk(c)
			}
		}
	}
	walk(v)
	return n
}
