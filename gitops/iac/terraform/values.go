package terraform

import (
	"strconv"
	"strings"
)

// objects reads a nested block or attribute that may be one object or a
// list of them (JSON syntax and attribute-as-block forms allow both).
func objects(v any) []map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return []map[string]any{t}
	case []any:
		out := make([]map[string]any, 0, len(t))
		for _, el := range t {
			if m, ok := el.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// str reads a known string.
func str(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// strs reads a string or a list of strings, keeping the known ones.
func strs(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, el := range t {
			if s, ok := el.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// boolean reads a known bool, written as a bool or as "true"/"false".
func boolean(v any) (val, ok bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(t))
		return b, err == nil
	}
	return false, false
}

// isFalse reports whether a value is known to be false.
func isFalse(v any) bool {
	b, ok := boolean(v)
	return ok && !b
}

// isTrue reports whether a value is known to be true.
func isTrue(v any) bool {
	b, ok := boolean(v)
	return ok && b
}

// number reads a known number, written as a number or a numeric string.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f, err == nil
	}
	return 0, false
}

// lineOf is the line of an attribute of an object, else of the object.
func lineOf(m map[string]any, attr string) int {
	if l, ok := m[lineKey+attr].(int); ok && l > 0 {
		return l
	}
	l, _ := m[lineKey].(int)
	return l
}

// has reports whether an object sets an attribute (to anything but null).
func has(m map[string]any, attr string) bool {
	v, ok := m[attr]
	return ok && v != nil
}
