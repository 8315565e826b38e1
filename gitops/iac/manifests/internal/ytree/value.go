// Package ytree reads YAML into small immutable trees that keep what the
// manifests analyzer needs and plain-map decoding loses: custom tags as
// written (CloudFormation's !Ref, !GetAtt, !Sub), key order, line numbers
// and whether a scalar was quoted. Aliases and merge keys are resolved
// with a budget, so billion-laughs documents fail instead of exploding,
// and every later walk over a tree is linear in its bounded size.
package ytree

import (
	"strconv"
	"strings"
)

// Kind is the shape of a value.
type Kind uint8

// Value kinds.
const (
	Null Kind = iota
	Scalar
	Map
	Seq
)

// Value is one node of a document. Values are shared between the places an
// alias points at them, so they must never be modified after parsing.
type Value struct {
	Kind  Kind
	Tag   string // a custom tag as written ("!Ref"); core tags are dropped
	Text  string // a scalar's text, unquoted
	Style Style  // how a scalar was written
	// Comment is a scalar's end-of-line comment without the #: the
	// version next to a pinned SHA ("v4.1.1").
	Comment string
	Pairs   []Pair // a map's entries in document order
	Items   []*Value
	Line    int // 1-based line in the file

	index map[string]int // key → position in Pairs, for large maps
}

// Style is how a scalar was written, so it can be shown as written and
// so "true" in quotes is not read as a boolean.
type Style uint8

// Scalar styles.
const (
	Plain Style = iota
	SingleQuoted
	DoubleQuoted
	Literal // |
	Folded  // >
)

// Quoted reports a scalar that cannot be a boolean or a number: quoted or
// a block scalar.
func (s Style) Quoted() bool { return s != Plain }

// Block reports a block scalar (| or >), whose text starts on the line
// after its key.
func (s Style) Block() bool { return s == Literal || s == Folded }

// Pair is one entry of a map.
type Pair struct {
	Key      string
	KeyStyle Style
	Line     int
	Value    *Value
}

// indexFrom is the map size from which lookups use an index instead of a
// scan; manifests' maps are small, Helm values files' can be large.
const indexFrom = 16

func newMap(line int, pairs []Pair) *Value {
	v := &Value{Kind: Map, Pairs: pairs, Line: line}
	if len(pairs) >= indexFrom {
		v.index = make(map[string]int, len(pairs))
		for i, p := range pairs {
			v.index[p.Key] = i
		}
	}
	return v
}

// Get returns the value of key in a map, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Map {
		return nil
	}
	if v.index != nil {
		if i, ok := v.index[key]; ok {
			return v.Pairs[i].Value
		}
		return nil
	}
	for i := range v.Pairs {
		if v.Pairs[i].Key == key {
			return v.Pairs[i].Value
		}
	}
	return nil
}

// Has reports whether a map has key (even with a null value).
func (v *Value) Has(key string) bool {
	if v == nil || v.Kind != Map {
		return false
	}
	if v.index != nil {
		_, ok := v.index[key]
		return ok
	}
	for i := range v.Pairs {
		if v.Pairs[i].Key == key {
			return true
		}
	}
	return false
}

// At follows keys through nested maps; nil when any is missing.
func (v *Value) At(keys ...string) *Value {
	for _, k := range keys {
		v = v.Get(k)
		if v == nil {
			return nil
		}
	}
	return v
}

// Str returns a scalar's text; ok is false for anything else.
func (v *Value) Str() (string, bool) {
	if v == nil || v.Kind != Scalar {
		return "", false
	}
	return v.Text, true
}

// String returns a scalar's text, or "" for anything else.
func (v *Value) String() string {
	s, _ := v.Str()
	return s
}

// Bool reads an unquoted boolean the way Kubernetes' YAML 1.1 reader does
// (true, yes, on in any case); ok is false for anything else.
func (v *Value) Bool() (val, ok bool) {
	if v == nil || v.Kind != Scalar || v.Style.Quoted() || v.Tag != "" {
		return false, false
	}
	switch strings.ToLower(v.Text) {
	case "true", "yes", "on", "y":
		return true, true
	case "false", "no", "off", "n":
		return false, true
	}
	return false, false
}

// IsTrue reports whether v is an unquoted true.
func (v *Value) IsTrue() bool {
	b, ok := v.Bool()
	return ok && b
}

// IsFalse reports whether v is an unquoted false.
func (v *Value) IsFalse() bool {
	b, ok := v.Bool()
	return ok && !b
}

// LineOf is the line of the first occurrence of match in a scalar's
// text (a block scalar's text starts on the line after its key), or the
// scalar's own line.
func (v *Value) LineOf(match string) int {
	if v == nil {
		return 0
	}
	i := strings.Index(v.Text, match)
	if i < 0 {
		return v.Line
	}
	n := strings.Count(v.Text[:i], "\n")
	if v.Style.Block() {
		return v.Line + 1 + n
	}
	return v.Line + n
}

// Int reads an integer scalar (quoted ones too: "3" is often written for
// counts in Helm values).
func (v *Value) Int() (int64, bool) {
	if v == nil || v.Kind != Scalar || v.Tag != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.Text), 10, 64)
	return n, err == nil
}

// List returns a sequence's items; nil for anything else, so callers can
// range over a field that may be missing.
func (v *Value) List() []*Value {
	if v == nil || v.Kind != Seq {
		return nil
	}
	return v.Items
}

// Entries returns a map's entries; nil for anything else.
func (v *Value) Entries() []Pair {
	if v == nil || v.Kind != Map {
		return nil
	}
	return v.Pairs
}

// Is reports whether v is present and of kind k.
func (v *Value) Is(k Kind) bool { return v != nil && v.Kind == k }

// Len is the number of entries of a map or items of a sequence.
func (v *Value) Len() int {
	if v == nil {
		return 0
	}
	switch v.Kind {
	case Map:
		return len(v.Pairs)
	case Seq:
		return len(v.Items)
	}
	return 0
}

// Empty reports a missing value, a null, or an empty map, sequence or
// string.
func (v *Value) Empty() bool {
	if v == nil {
		return true
	}
	switch v.Kind {
	case Null:
		return true
	case Scalar:
		return v.Text == "" && v.Tag == ""
	}
	return v.Len() == 0
}

// Without returns a copy of a map without some keys (the original is
// shared and must not change).
func (v *Value) Without(keys ...string) *Value {
	if v == nil || v.Kind != Map {
		return v
	}
	pairs := make([]Pair, 0, len(v.Pairs))
	for _, p := range v.Pairs {
		drop := false
		for _, k := range keys {
			if p.Key == k {
				drop = true
				break
			}
		}
		if !drop {
			pairs = append(pairs, p)
		}
	}
	return newMap(v.Line, pairs)
}

// Only returns a copy of a map with just some keys, in its own order.
func (v *Value) Only(keys ...string) *Value {
	if v == nil || v.Kind != Map {
		return v
	}
	var pairs []Pair
	for _, p := range v.Pairs {
		for _, k := range keys {
			if p.Key == k {
				pairs = append(pairs, p)
				break
			}
		}
	}
	return newMap(v.Line, pairs)
}

// NewMap builds a map value from pairs (used for resources assembled from
// parts of a document).
func NewMap(line int, pairs []Pair) *Value { return newMap(line, pairs) }

// Equal compares two values deeply: scalars by tag and text, maps by their
// entries regardless of order, sequences item by item.
func Equal(a, b *Value) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	if a.Kind != b.Kind || a.Tag != b.Tag {
		return false
	}
	switch a.Kind {
	case Null:
		return true
	case Scalar:
		return a.Text == b.Text
	case Seq:
		if len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if !Equal(a.Items[i], b.Items[i]) {
				return false
			}
		}
		return true
	case Map:
		if len(a.Pairs) != len(b.Pairs) {
			return false
		}
		for _, p := range a.Pairs {
			q := b.Get(p.Key)
			if q == nil && !b.Has(p.Key) {
				return false
			}
			if !Equal(p.Value, q) {
				return false
			}
		}
		return true
	}
	return false
}

// Walk calls fn for v and every value below it, depth first, with the
// map key or sequence index path that leads there. fn returns false to
// skip a value's children.
func Walk(v *Value, fn func(path []string, v *Value) bool) {
	var walk func(path []string, v *Value)
	walk = func(path []string, v *Value) {
		if v == nil || !fn(path, v) {
			return
		}
		switch v.Kind {
		case Map:
			for _, p := range v.Pairs {
				walk(append(path[:len(path):len(path)], p.Key), p.Value)
			}
		case Seq:
			for i, it := range v.Items {
				walk(append(path[:len(path):len(path)], "["+strconv.Itoa(i)+"]"), it)
			}
		}
	}
	walk(nil, v)
}
