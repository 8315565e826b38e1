package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
)

// parser walks a config file's YAML tree, applying what it understands
// and collecting a Problem for everything else.
type parser struct {
	file     string // as shown
	problems []Problem
}

func (p *parser) fail(n *yaml.Node, key, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: n.Line, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// parse reads config file data (from path, shown as shown) over the
// defaults.
func parse(path, shown string, data []byte, env []string, keymap *keys.Map) (Config, []Problem) {
	c := Defaults()
	c.File = shown
	p := &parser{file: shown}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		fe := themes.SyntaxError(shown, err)
		return c, []Problem{{File: shown, Line: fe.Line, Msg: fe.Msg + "; using defaults for everything"}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil
	}
	root := doc.Content[0]
	if root.Tag == "!!null" {
		return c, nil // only comments
	}
	if root.Kind != yaml.MappingNode {
		p.fail(root, "", "expected settings (theme, theme_file, keys, diff, limits, history, forges), found a %s", kind(root))
		return c, p.problems
	}
	var themeFile *yaml.Node
	p.each(root, "", []string{"theme", "theme_file", "keys", "diff", "limits", "history", "forges"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "theme":
			if s, ok := p.str(v, key); ok {
				name := strings.ToLower(s)
				if !slices.Contains(themes.Names(), name) {
					p.fail(v, key, "%q is not a theme: reef has %s", s, strings.Join(themes.Names(), ", "))
					return
				}
				c.ThemeName = name
			}
		case "theme_file":
			themeFile = v // read once the theme is known, wherever it is in the file
		case "keys":
			p.keys(v, keymap)
		case "diff":
			p.diff(v, &c)
		case "forges":
			p.forges(v, &c, env)
		case "history":
			p.each(v, "history", []string{"index"}, func(key string, k, v *yaml.Node) {
				p.indexMode(v, key, &c)
			})
		case "limits":
			p.each(v, "limits", []string{"max_diff_bytes"}, func(key string, k, v *yaml.Node) {
				if n, ok := p.size(v, key); ok {
					c.Diff.MaxBytes = n
				}
			})
		}
	})
	// Problems in file order, whatever order the sections were checked in.
	slices.SortStableFunc(p.problems, func(a, b Problem) int { return a.Line - b.Line })
	if themeFile != nil {
		if s, ok := p.str(themeFile, "theme_file"); ok && s != "" {
			home := lookup(env, "HOME")
			tp := s
			if rest, ok := strings.CutPrefix(s, "~/"); ok && home != "" {
				tp = filepath.Join(home, rest)
			} else if !filepath.IsAbs(s) {
				tp = filepath.Join(filepath.Dir(path), s) // beside the config file
			}
			if strings.HasPrefix(tp, "~") {
				p.fail(themeFile, "theme_file", "%q starts with ~ but HOME is not set; give an absolute path", s)
			} else {
				p.problems = append(p.problems, c.readTheme(tp, shorten(tp, home), shown, themeFile.Line)...)
			}
		}
	}
	return c, p.problems
}

// each calls f for every key of a mapping section that is one of known,
// and reports the others, and repeated keys, as problems. A section left
// empty (null) is fine.
func (p *parser) each(n *yaml.Node, section string, known []string, f func(key string, k, v *yaml.Node)) {
	if n.Tag == "!!null" {
		return
	}
	if n.Kind != yaml.MappingNode {
		what := strings.Join(known, ", ")
		if known == nil {
			what = "binding IDs to keys"
		}
		p.fail(n, section, "expected a mapping of %s, found a %s", what, kind(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := k.Value
		if section != "" {
			key = section + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			p.fail(k, key, "set twice (first on line %d); the first is used", first)
			continue
		}
		seen[k.Value] = k.Line
		if known != nil && !slices.Contains(known, k.Value) {
			where := "reef's settings are"
			if section != "" {
				where = section + " has"
			}
			p.fail(k, key, "unknown setting (%s %s)", where, strings.Join(known, ", "))
			continue
		}
		if v.Tag == "!!null" && v.Kind == yaml.ScalarNode && section != "keys" {
			continue // an empty value leaves the default
		}
		f(key, k, v)
	}
}

func (p *parser) diff(n *yaml.Node, c *Config) {
	known := []string{"view", "wrap", "context", "ignore_whitespace", "tab_width"}
	p.each(n, "diff", known, func(key string, k, v *yaml.Node) {
		switch k.Value {
		case "view":
			if s, ok := p.str(v, key); ok {
				switch s {
				case "side-by-side":
					c.Diff.SideBySide = true
				case "unified":
					c.Diff.SideBySide = false
				default:
					p.fail(v, key, "%q is not side-by-side or unified", s)
				}
			}
		case "wrap":
			if b, ok := p.bool(v, key); ok {
				c.Diff.Wrap = b
			}
		case "ignore_whitespace":
			if b, ok := p.bool(v, key); ok {
				c.Diff.IgnoreWS = b
			}
		case "context":
			if n, ok := p.int(v, key, 0, 1000); ok {
				c.Diff.Context = n
			}
		case "tab_width":
			if n, ok := p.int(v, key, 1, 16); ok {
				c.Diff.TabWidth = n
			}
		}
	})
}

// indexMode reads history.index: auto, always or off (true and false
// mean auto and off).
func (p *parser) indexMode(v *yaml.Node, key string, c *Config) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!bool" {
		if b, ok := p.bool(v, key); ok {
			c.HistoryIndex = pane.IndexOff
			if b {
				c.HistoryIndex = pane.IndexAuto
			}
		}
		return
	}
	s, ok := p.str(v, key)
	if !ok {
		return
	}
	for _, m := range indexModes {
		if m.name == s {
			c.HistoryIndex = m.mode
			return
		}
	}
	p.fail(v, key, "%q is not auto, always or off", s)
}

// indexModes are history.index's values, as the config file writes them.
var indexModes = []struct {
	name string
	mode pane.IndexMode
}{{"auto", pane.IndexAuto}, {"always", pane.IndexAlways}, {"off", pane.IndexOff}}

// keys applies key overrides. Rebind refuses a key another binding in
// scope holds, so a chain of moves (A takes B's key while B takes a new
// one) is retried until no more succeed; a swap between two bindings
// cannot be done one at a time and is reported.
func (p *parser) keys(n *yaml.Node, keymap *keys.Map) {
	type rebind struct {
		id   string
		keys []string
		node *yaml.Node
	}
	var pending []rebind
	p.each(n, "keys", nil, func(key string, k, v *yaml.Node) {
		var ks []string
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			ks = []string{v.Value}
		case v.Kind == yaml.SequenceNode:
			for _, e := range v.Content {
				e = resolve(e)
				if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
					p.fail(e, key, "expected key names such as j, ctrl+d or enter, found a %s", kind(e))
					return
				}
				ks = append(ks, e.Value)
			}
		default:
			p.fail(v, key, "expected a key or a list of keys, such as [n, J]")
			return
		}
		for _, s := range ks {
			if strings.TrimSpace(s) == "" || strings.TrimSpace(s) != s {
				p.fail(v, key, "%q is not a key name", s)
				return
			}
		}
		pending = append(pending, rebind{k.Value, ks, k})
	})
	if keymap == nil {
		return
	}
	for {
		var left []rebind
		failed := map[string]error{}
		for _, r := range pending {
			if err := keymap.Rebind(r.id, r.keys); err != nil {
				left = append(left, r)
				failed[r.id] = err
			}
		}
		if len(left) == len(pending) {
			for _, r := range left {
				msg := failed[r.id].Error()
				msg = strings.TrimPrefix(msg, fmt.Sprintf("key binding %q: ", r.id))
				if strings.HasPrefix(msg, "unknown key binding") {
					p.fail(r.node, "keys."+r.id, "unknown key binding (README.md's key table lists them)")
					continue
				}
				p.fail(r.node, "keys."+r.id, "%s; keeping %s", msg, keymap.Get(r.id).KeyText())
			}
			return
		}
		pending = left
	}
}

func (p *parser) str(n *yaml.Node, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, key, "expected a word, found a %s", kind(n))
		return "", false
	}
	return n.Value, true
}

func (p *parser) bool(n *yaml.Node, key string) (bool, bool) {
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		p.fail(n, key, "%q is not true or false", n.Value)
		return false, false
	}
	return b, true
}

func (p *parser) int(n *yaml.Node, key string, lo, hi int) (int, bool) {
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
		p.fail(n, key, "%q is not a whole number", n.Value)
		return 0, false
	}
	if v < lo || v > hi {
		p.fail(n, key, "%d is outside %d-%d", v, lo, hi)
		return 0, false
	}
	return v, true
}

// size reads a byte count: a number with an optional k, m or g suffix
// (powers of 1024; "kb", "KiB" and "MB" read the same).
func (p *parser) size(n *yaml.Node, key string) (int64, bool) {
	bad := func() (int64, bool) {
		p.fail(n, key, "%q is not a size: use bytes, or a number with k, m or g (1048576, 512k, 1m)", n.Value)
		return 0, false
	}
	if n.Kind != yaml.ScalarNode {
		return bad()
	}
	s := strings.ToLower(strings.TrimSpace(n.Value))
	digits := strings.TrimRight(s, "kmgib ")
	unit := strings.TrimSpace(s[len(digits):])
	mult := map[string]int64{"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30}[unit]
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || mult == 0 {
		return bad()
	}
	if v <= 0 || v > (1<<62)/mult {
		p.fail(n, key, "%q is not a size reef can use: give at least one byte", n.Value)
		return 0, false
	}
	return v * mult, true
}

// resolve follows a YAML alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// kind names a node's shape for messages.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	if n.Tag == "!!null" {
		return "empty value"
	}
	return fmt.Sprintf("value %q", n.Value)
}
