package plan

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"

	"reef/gitops/iac"
)

// maxDepth bounds the walk through nested values; deeper parts are
// compared whole.
const maxDepth = 64

// diff lists the attributes whose values differ between before and after.
// Sensitive parts (before_sensitive, after_sensitive) are masked on both
// sides; parts known only after apply read Unknown. For a create, only the
// values the configuration sets are listed (not the computed ones).
func diff(before, after, bs, as, au any, create bool) []iac.Attribute {
	var out []iac.Attribute
	w := walker{out: &out, create: create}
	w.walk("", before, after, before != nil && !create, after != nil, bs, as, au, 0)
	return out
}

type walker struct {
	out    *[]iac.Attribute
	create bool
}

func (w walker) walk(p string, b, a any, hasB, hasA bool, bs, as, au any, depth int) {
	if isTrue(bs) || isTrue(as) {
		if hasB && hasA && reflect.DeepEqual(b, a) && !isTrue(au) {
			return
		}
		if w.create && a == nil {
			return
		}
		*w.out = append(*w.out, iac.Attribute{Path: p, Before: mask(hasB), After: mask(hasA || isTrue(au)),
			HasBefore: hasB, HasAfter: hasA || isTrue(au), Sensitive: true, Source: "plan"})
		return
	}
	if isTrue(au) {
		if w.create {
			return
		}
		attr := iac.Attribute{Path: p, After: Unknown, HasAfter: true, Source: "plan"}
		if hasB && b != nil {
			attr.Before, attr.HasBefore = render(b), true
		}
		*w.out = append(*w.out, attr)
		return
	}
	bm, bIsMap := b.(map[string]any)
	am, aIsMap := a.(map[string]any)
	if (bIsMap || b == nil) && (aIsMap || a == nil) && (bIsMap || aIsMap) && depth < maxDepth {
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		if m, ok := au.(map[string]any); ok {
			for k := range m {
				keys[k] = true
			}
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			bv, inB := bm[k]
			av, inA := am[k]
			w.walk(joinKey(p, k), bv, av, hasB && inB, hasA && inA, child(bs, k), child(as, k), child(au, k), depth+1)
		}
		return
	}
	bl, bIsList := b.([]any)
	al, aIsList := a.([]any)
	if (bIsList || b == nil) && (aIsList || a == nil) && (bIsList || aIsList) && depth < maxDepth &&
		(structuredList(bl) || structuredList(al) || anySensitive(bs) || anySensitive(as) || anySensitive(au)) {
		n := max(len(bl), len(al))
		for i := 0; i < n; i++ {
			var bv, av any
			if i < len(bl) {
				bv = bl[i]
			}
			if i < len(al) {
				av = al[i]
			}
			w.walk(p+"["+strconv.Itoa(i)+"]", bv, av, hasB && i < len(bl), hasA && i < len(al),
				index(bs, i), index(as, i), index(au, i), depth+1)
		}
		return
	}
	if hasB && hasA && reflect.DeepEqual(b, a) {
		return
	}
	if w.create && (a == nil || isEmpty(a)) {
		return
	}
	attr := iac.Attribute{Path: p, Source: "plan"}
	if hasB && b != nil {
		attr.Before, attr.HasBefore = render(b), true
	}
	if hasA && a != nil {
		attr.After, attr.HasAfter = render(a), true
	}
	if !attr.HasBefore && !attr.HasAfter {
		return
	}
	*w.out = append(*w.out, attr)
}

// structuredList reports whether a list holds objects or lists, whose
// changes are shown element by element.
func structuredList(l []any) bool {
	for _, el := range l {
		switch el.(type) {
		case map[string]any, []any:
			return true
		}
	}
	return false
}

func isEmpty(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		return len(t) == 0
	case []any:
		return len(t) == 0
	case string:
		return false
	}
	return false
}

func isTrue(v any) bool {
	b, ok := v.(bool)
	return ok && b
}

// anySensitive reports whether a sensitivity (or unknown) tree marks
// anything.
func anySensitive(v any) bool {
	switch t := v.(type) {
	case bool:
		return t
	case map[string]any:
		for _, c := range t {
			if anySensitive(c) {
				return true
			}
		}
	case []any:
		for _, c := range t {
			if anySensitive(c) {
				return true
			}
		}
	}
	return false
}

// child steps into a sensitivity or unknown tree; a true marks the whole
// subtree.
func child(tree any, key string) any {
	switch t := tree.(type) {
	case bool:
		return t
	case map[string]any:
		return t[key]
	}
	return nil
}

func index(tree any, i int) any {
	switch t := tree.(type) {
	case bool:
		return t
	case []any:
		if i < len(t) {
			return t[i]
		}
	}
	return nil
}

// render shows a value the way HCL literals read: strings quoted, numbers
// as written, collections as compact JSON.
func render(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}

// joinKey extends an attribute path like the static summary does.
func joinKey(p, key string) string {
	if !isIdent(key) {
		return p + "[" + strconv.Quote(key) + "]"
	}
	if p == "" {
		return key
	}
	return p + "." + key
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r == '-' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

// pathText renders a replace path (a list of keys and indexes).
func pathText(steps []any) string {
	p := ""
	for _, s := range steps {
		switch t := s.(type) {
		case string:
			p = joinKey(p, t)
		case json.Number:
			p += "[" + t.String() + "]"
		case float64:
			p += "[" + strconv.Itoa(int(t)) + "]"
		}
	}
	return p
}
