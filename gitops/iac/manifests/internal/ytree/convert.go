package ytree

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// converter turns a yaml.v3 Node tree into Values. Each anchored node is
// converted once and shared by its aliases; the budget counts the values
// a full expansion would have, so walks over the result stay bounded.
type converter struct {
	lineOffset int
	budget     int
	active     map[*yaml.Node]bool // anchors being converted: an alias to one is a cycle
	memo       map[*yaml.Node]memo
}

type memo struct {
	v    *Value
	size int
}

// errBudget is wrapped with the numbers when aliases expand too far.
type errBudget struct{ limit int }

func (e errBudget) Error() string {
	return fmt.Sprintf("has aliases that expand to more than %d values (an alias bomb?)", e.limit)
}

func (c *converter) spend(n int) error {
	c.budget -= n
	if c.budget < 0 {
		return errBudget{limit: aliasAllowance}
	}
	return nil
}

func (c *converter) convert(n *yaml.Node, depth int) (*Value, error) {
	v, _, err := c.node(n, depth)
	return v, err
}

// node converts n and returns the size of the expanded value.
func (c *converter) node(n *yaml.Node, depth int) (*Value, int, error) {
	if depth > MaxDepth {
		return nil, 0, fmt.Errorf("is nested more than %d levels deep (line %d)", MaxDepth, n.Line+c.lineOffset)
	}
	if n.Kind == yaml.AliasNode {
		return c.alias(n, depth)
	}
	if m, ok := c.memo[n]; ok {
		if err := c.spend(m.size); err != nil {
			return nil, 0, err
		}
		return m.v, m.size, nil
	}
	if n.Anchor != "" {
		// The maps are made on the first anchor: most documents have
		// none.
		if c.active == nil {
			c.active, c.memo = map[*yaml.Node]bool{}, map[*yaml.Node]memo{}
		}
		c.active[n] = true
		defer delete(c.active, n)
	}
	if err := c.spend(1); err != nil {
		return nil, 0, err
	}
	line := n.Line + c.lineOffset
	var v *Value
	size := 1
	switch n.Kind {
	case yaml.ScalarNode:
		v = &Value{Kind: Scalar, Text: n.Value, Tag: customTag(n.Tag), Line: line,
			Style: style(n.Style), Comment: strings.TrimSpace(strings.TrimPrefix(n.LineComment, "#"))}
		if n.Tag == "!!null" && v.Tag == "" {
			v = &Value{Kind: Null, Line: line}
		}
	case yaml.SequenceNode:
		v = &Value{Kind: Seq, Tag: customTag(n.Tag), Line: line, Items: make([]*Value, 0, len(n.Content))}
		for _, ch := range n.Content {
			cv, s, err := c.node(ch, depth+1)
			if err != nil {
				return nil, 0, err
			}
			v.Items = append(v.Items, cv)
			size += s
		}
	case yaml.MappingNode:
		pairs, s, err := c.mapping(n, depth)
		if err != nil {
			return nil, 0, err
		}
		size += s
		v = newMap(line, pairs)
		v.Tag = customTag(n.Tag)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &Value{Kind: Null, Line: line}, 1, nil
		}
		return c.node(n.Content[0], depth)
	default:
		return nil, 0, fmt.Errorf("has a YAML node of unknown kind %d (line %d)", n.Kind, line)
	}
	if n.Anchor != "" {
		c.memo[n] = memo{v: v, size: size}
	}
	return v, size, nil
}

func (c *converter) alias(n *yaml.Node, depth int) (*Value, int, error) {
	target := n.Alias
	if target == nil {
		return nil, 0, fmt.Errorf("has an alias *%s with no anchor (line %d)", n.Value, n.Line+c.lineOffset)
	}
	if c.active[target] {
		return nil, 0, fmt.Errorf("has an alias *%s inside the value it refers to (line %d)", n.Value, n.Line+c.lineOffset)
	}
	if m, ok := c.memo[target]; ok {
		if err := c.spend(m.size); err != nil {
			return nil, 0, err
		}
		return m.v, m.size, nil
	}
	// An anchor is always converted before its aliases in document
	// order; reaching one unconverted means it sits in a part we are
	// converting through another path (a merge), so convert it now.
	return c.node(target, depth+1)
}

// mapping converts a map's entries, resolving merge keys (<<: *base or
// <<: [*a, *b]): entries written in the map win over merged ones, and
// earlier merged maps win over later ones, as YAML's merge spec says.
func (c *converter) mapping(n *yaml.Node, depth int) ([]Pair, int, error) {
	pairs := make([]Pair, 0, len(n.Content)/2)
	seen := make(map[string]int, len(n.Content)/2)
	size := 0
	var merges []*Value
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			mv, s, err := c.node(val, depth+1)
			if err != nil {
				return nil, 0, err
			}
			size += s
			switch mv.Kind {
			case Map:
				merges = append(merges, mv)
			case Seq:
				for _, it := range mv.Items {
					if it.Kind != Map {
						return nil, 0, fmt.Errorf("has a merge key (<<) on %s instead of maps (line %d)", kindName(it.Kind), k.Line+c.lineOffset)
					}
					merges = append(merges, it)
				}
			default:
				return nil, 0, fmt.Errorf("has a merge key (<<) on %s instead of a map (line %d)", kindName(mv.Kind), k.Line+c.lineOffset)
			}
			continue
		}
		key, err := c.key(k, depth)
		if err != nil {
			return nil, 0, err
		}
		cv, s, err := c.node(val, depth+1)
		if err != nil {
			return nil, 0, err
		}
		size += s
		p := Pair{Key: key, KeyStyle: style(k.Style), Line: k.Line + c.lineOffset, Value: cv}
		if j, dup := seen[key]; dup {
			// A repeated key: the last one wins, as in every reader
			// Kubernetes and Compose use.
			pairs[j] = p
			continue
		}
		seen[key] = len(pairs)
		pairs = append(pairs, p)
	}
	for _, m := range merges {
		for _, p := range m.Pairs {
			if _, ok := seen[p.Key]; ok {
				continue
			}
			seen[p.Key] = len(pairs)
			pairs = append(pairs, p)
		}
	}
	return pairs, size, nil
}

func style(s yaml.Style) Style {
	switch {
	case s&yaml.DoubleQuotedStyle != 0:
		return DoubleQuoted
	case s&yaml.SingleQuotedStyle != 0:
		return SingleQuoted
	case s&yaml.LiteralStyle != 0:
		return Literal
	case s&yaml.FoldedStyle != 0:
		return Folded
	}
	return Plain
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Style == 0)
}

// key renders a map key; complex keys (maps or sequences as keys) are
// rare and rendered in flow style.
func (c *converter) key(k *yaml.Node, depth int) (string, error) {
	if k.Kind == yaml.ScalarNode {
		if t := customTag(k.Tag); t != "" {
			return t + " " + k.Value, nil
		}
		return k.Value, nil
	}
	kv, _, err := c.node(k, depth+1)
	if err != nil {
		return "", err
	}
	return Render(kv), nil
}

// customTag keeps tags that carry meaning (!Ref, !GetAtt, !vault) and
// drops YAML's core ones, which only restate the scalar's type.
func customTag(tag string) string {
	if tag == "" || strings.HasPrefix(tag, "!!") || strings.HasPrefix(tag, "tag:yaml.org,2002:") {
		return ""
	}
	return tag
}

func kindName(k Kind) string {
	switch k {
	case Map:
		return "a map"
	case Seq:
		return "a list"
	case Scalar:
		return "a scalar"
	}
	return "null"
}
