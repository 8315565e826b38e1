package terraform

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// call evaluates the few built-in functions that shape the values rules
// read (policies, CIDR lists, tags); any other call is unknown. jsonencode
// returns its argument unchanged so that a policy stays a structure the
// rules can read even when parts of it are unknown.
func (e *env) call(f *parsedFile, t *hclsyntax.FunctionCallExpr) any {
	if t.ExpandFinal {
		return unknown{}
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = e.expr(f, a)
	}
	arg := func(i int) any {
		if i < len(args) {
			return args[i]
		}
		return unknown{}
	}
	switch strings.TrimPrefix(t.Name, "core::") {
	case "jsonencode", "yamlencode", "tolist", "toset", "tomap", "sensitive", "nonsensitive",
		"distinct", "sort":
		return arg(0)
	case "tostring":
		switch v := arg(0).(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(v)
		}
	case "tonumber":
		switch v := arg(0).(type) {
		case float64:
			return v
		case string:
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				return n
			}
		}
	case "tobool":
		switch v := arg(0).(type) {
		case bool:
			return v
		case string:
			if b, err := strconv.ParseBool(v); err == nil {
				return b
			}
		}
	case "jsondecode":
		if s, ok := arg(0).(string); ok {
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var v any
			if dec.Decode(&v) == nil {
				return plainJSON(v)
			}
		}
	case "merge":
		out := map[string]any{}
		for _, a := range args {
			m, ok := a.(map[string]any)
			if !ok {
				return unknown{}
			}
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	case "concat":
		var out []any
		for _, a := range args {
			l, ok := a.([]any)
			if !ok {
				return unknown{}
			}
			if len(out)+len(l) > maxValueSize {
				return unknown{}
			}
			out = append(out, l...)
		}
		return out
	case "flatten":
		if valueSize(arg(0), maxValueSize) >= maxValueSize {
			return unknown{}
		}
		return flatten(arg(0))
	case "lower", "upper", "trimspace":
		if s, ok := arg(0).(string); ok {
			switch t.Name {
			case "lower":
				return strings.ToLower(s)
			case "upper":
				return strings.ToUpper(s)
			}
			return strings.TrimSpace(s)
		}
	case "coalesce":
		for _, a := range args {
			switch v := a.(type) {
			case unknown, partial:
				return unknown{}
			case nil:
			case string:
				if v != "" {
					return v
				}
			default:
				return v
			}
		}
	case "try":
		for _, a := range args {
			if _, ok := a.(unknown); !ok {
				return a
			}
		}
	case "lookup":
		if v := index(arg(0), arg(1)); !isUnknown(v) || len(args) < 3 {
			return v
		}
		return arg(2)
	case "join":
		sep, ok := arg(0).(string)
		list, ok2 := arg(1).([]any)
		if !ok || !ok2 {
			return unknown{}
		}
		parts := make([]string, len(list))
		for i, el := range list {
			s, ok := el.(string)
			if !ok {
				return unknown{}
			}
			parts[i] = s
		}
		return strings.Join(parts, sep)
	}
	return unknown{}
}

func flatten(v any) any {
	l, ok := v.([]any)
	if !ok {
		return unknown{}
	}
	var out []any
	for _, el := range l {
		if inner, ok := el.([]any); ok {
			f, ok := flatten(inner).([]any)
			if !ok {
				return unknown{}
			}
			out = append(out, f...)
			continue
		}
		out = append(out, el)
	}
	return out
}

// isUnknown reports whether a value is not statically known.
func isUnknown(v any) bool {
	switch v.(type) {
	case unknown, partial:
		return true
	}
	return false
}
