package themes

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A theme file, built-in or the user's, is YAML:
//
//	name: my-theme            # optional; defaults to the base's name
//	base: catppuccin-mocha    # optional; the theme whose colours the file changes
//	dark: true                # optional; whether the colours suit a dark background
//	background: "#1e1e2e"     # optional; the background the colours were chosen for
//	colors:                   # role: colour ("#rrggbb" or ANSI index 0-255)
//	  added: "#00ff00"
//	  lane0: 75
//
// Hex colours must be quoted: an unquoted # starts a YAML comment.

// FileError is one problem in a theme file, with where it is.
type FileError struct {
	File string // as the user should see it, e.g. ~/.config/reef/theme.yaml
	Line int    // 1-based; 0 when the problem has no line (an unreadable file)
	Key  string // dotted path of the offending key, e.g. "colors.added"; may be empty
	Msg  string
}

// Error reads "file:line: key: message", as compilers write it, so that
// editors and terminals can jump to the place.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// file is a parsed theme file: what it sets, nothing filled in.
type file struct {
	name, base string
	baseLine   int
	dark       *bool
	background Color
	colors     map[Role]Color
}

// Apply lays a user theme file over a theme. The file's colours replace
// base's for the roles it names; a file that names its own `base:` is laid
// over that built-in theme instead (picked for darkBackground when it is a
// family such as "catppuccin"). Every valid entry applies even when others
// are wrong, and each wrong one is returned as a *FileError naming path,
// line and key: reef still starts, with the colours that were understood.
func Apply(base Theme, path string, data []byte, darkBackground bool) (Theme, []error) {
	f, errs := parse(path, data)
	if f.base != "" {
		picked, err := Pick(f.base, darkBackground)
		if err != nil {
			errs = append(errs, &FileError{File: path, Line: f.baseLine, Key: "base", Msg: err.Error()})
		} else {
			base = picked
		}
	}
	out := base
	out.colors = maps.Clone(base.colors)
	if out.colors == nil {
		out.colors = map[Role]Color{}
	}
	maps.Copy(out.colors, f.colors)
	if f.name != "" {
		out.Name = f.name
	}
	if f.dark != nil {
		out.Dark = *f.dark
	}
	if f.background != "" {
		out.Background = f.background
	}
	return out, errs
}

// parse reads a theme file. It keeps every entry it understands and
// returns one error per entry it does not, so that a typo in one colour
// costs only that colour.
func parse(path string, data []byte) (file, []error) {
	f := file{colors: map[Role]Color{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return f, []error{SyntaxError(path, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return f, nil // an empty file changes nothing
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f, nil // only comments
	}
	fail := func(n *yaml.Node, key, format string, args ...any) error {
		return &FileError{File: path, Line: n.Line, Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	if root.Kind != yaml.MappingNode {
		return f, []error{fail(root, "", "a theme file is a mapping of name, base, dark, background and colors")}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if first, dup := seen[k.Value]; dup {
			errs = append(errs, fail(k, k.Value, "set twice (first on line %d); the first is used", first))
			continue
		}
		seen[k.Value] = k.Line
		switch k.Value {
		case "name", "base":
			s, err := scalar(v)
			if err != nil {
				errs = append(errs, fail(v, k.Value, "%v", err))
				continue
			}
			if k.Value == "name" {
				f.name = s
			} else {
				f.base, f.baseLine = s, v.Line
			}
		case "dark":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" || v.Decode(&b) != nil {
				errs = append(errs, fail(v, k.Value, "%q is not true or false", v.Value))
				continue
			}
			f.dark = &b
		case "background":
			c, err := colour(v)
			if err != nil {
				errs = append(errs, fail(v, k.Value, "%v", err))
				continue
			}
			f.background = c
		case "colors":
			errs = append(errs, parseColors(path, v, f.colors)...)
		default:
			errs = append(errs, fail(k, k.Value, "unknown key: a theme file has name, base, dark, background and colors"))
		}
	}
	return f, errs
}

// parseColors reads the colors mapping into into.
func parseColors(path string, n *yaml.Node, into map[Role]Color) []error {
	if n.Kind != yaml.MappingNode {
		if n.Tag == "!!null" {
			return nil
		}
		return []error{&FileError{File: path, Line: n.Line, Key: "colors", Msg: "expected a mapping of role: colour"}}
	}
	var errs []error
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		key := "colors." + k.Value
		fail := func(line int, format string, args ...any) {
			errs = append(errs, &FileError{File: path, Line: line, Key: key, Msg: fmt.Sprintf(format, args...)})
		}
		if first, dup := seen[k.Value]; dup {
			fail(k.Line, "set twice (first on line %d); the first is used", first)
			continue
		}
		seen[k.Value] = k.Line
		role, ok := lookupRole(k.Value)
		if !ok {
			msg := "unknown role"
			if s := suggest(k.Value); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			fail(k.Line, "%s", msg)
			continue
		}
		c, err := colour(v)
		if err != nil {
			fail(v.Line, "%v", err)
			continue
		}
		into[role] = c
	}
	return errs
}

// resolve follows a YAML alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

func scalar(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Value == "" {
		return "", errors.New("expected a name")
	}
	return n.Value, nil
}

// colour reads a colour value. YAML reads an unquoted #rrggbb as a
// comment, leaving no value at all, so that case gets its own hint.
func colour(n *yaml.Node) (Color, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		if n.Kind == yaml.ScalarNode {
			return "", errors.New(`no colour given (quote hex colours: "#00ff00"; an unquoted # starts a comment)`)
		}
		return "", errors.New(`expected a colour: "#rrggbb" or an ANSI index 0-255`)
	}
	return ParseColor(n.Value)
}

// SyntaxError turns a YAML parser error ("yaml: line 3: mapping values
// are not allowed in this context") into a FileError at the parser's line.
// ui/config reads its own file with the same parser and reports the same way.
func SyntaxError(path string, err error) *FileError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		digits, after, found := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(digits); found && err == nil {
			line, msg = n, after
		}
	}
	return &FileError{File: path, Line: line, Msg: "not valid YAML: " + msg}
}

func lookupRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// suggest returns the role closest to a misspelt name, or "" when none
// is within two edits.
func suggest(s string) string {
	best, bestD := "", 3
	for _, r := range Roles {
		if d := editDistance(s, string(r)); d < bestD {
			best, bestD = string(r), d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes
// (role names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
