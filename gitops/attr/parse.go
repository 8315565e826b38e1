// Package attr reads .gitattributes as git 2.39 does: one file per
// directory, $GIT_DIR/info/attributes (highest precedence),
// core.attributesFile and the system file (lowest), the four states
// (set, unset, a value, unspecified), macros (the built-in `binary` and
// `[attr]` lines, honoured only in the top-level .gitattributes,
// info/attributes and the global and system files), and gitignore-style
// patterns without negation.
//
// Lookups do no I/O: callers hand over file contents, so a walker can load
// each directory's .gitattributes as it enters it (Stack), or use the index
// version of a file (git reads the work-tree file first and the index when
// it is missing; `check-attr --cached` reads only the index; git does not
// follow an in-tree .gitattributes that is a symbolic link). Matcher
// answers for arbitrary paths through a ReadFunc (WorkTreeReader is the
// plain one), caching what it read. DefaultAttributesFile says where
// core.attributesFile defaults to.
package attr

import (
	"bytes"
	"strings"

	"reef/gitops/ignore"
)

// File is one attributes source.
type File struct {
	Name string // for reports, e.g. ".gitattributes" or "sub/.gitattributes"
	Data []byte
}

// State is an attribute's state for a path.
type State uint8

const (
	// Unspecified: no line says anything (or `!name` reset it).
	Unspecified State = iota
	// Set: `name`.
	Set
	// Unset: `-name`.
	Unset
	// Valued: `name=value`.
	Valued
)

// Value is an attribute's state and, when Valued, its value.
type Value struct {
	State State
	Str   string
}

// String renders v as `git check-attr` does: "set", "unset",
// "unspecified" or the value itself.
func (v Value) String() string {
	switch v.State {
	case Set:
		return "set"
	case Unset:
		return "unset"
	case Valued:
		return v.Str
	}
	return "unspecified"
}

// Attr is a named attribute value.
type Attr struct {
	Name  string
	Value Value
}

// Limits git puts on attribute files: longer lines and larger files are
// ignored with a warning.
const (
	MaxLineLength = 2048
	MaxFileSize   = 100 << 20
)

// assign is one `name`, `-name`, `!name` or `name=value` of a line; a
// `!name` assigns Unspecified, which hides lower-precedence lines.
type assign struct {
	id int32
	v  Value
}

// rule is one parsed line: a pattern with assignments, or a macro.
type rule struct {
	pat     *ignore.Pattern // nil for a macro
	macro   int32           // the macro's attribute id
	assigns []assign
	line    int
}

// file is one parsed attributes source.
type file struct {
	name  string
	dir   string // "" for the top level and the non-tree files
	rules []rule
}

// parse reads data as an attributes file applying to dir. macros says
// whether `[attr]` lines are allowed; intern maps attribute names to ids.
func parse(f File, dir string, macros, fold bool, intern func(string) int32) *file {
	out := &file{name: f.Name, dir: dir}
	if len(f.Data) >= MaxFileSize {
		return out
	}
	data := f.Data
	for lineno := 1; len(data) > 0; lineno++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if lineno == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			line = line[:i]
		}
		if r, ok := parseLine(string(line), dir, macros, fold, intern); ok {
			r.line = lineno
			out.rules = append(out.rules, r)
		}
	}
	return out
}

const blank = " \t\r\n"

func skipBlank(s string) string { return strings.TrimLeft(s, blank) }

func token(s string) (tok, rest string) {
	if i := strings.IndexAny(s, blank); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

// parseLine parses one line as git's parse_attr_line does; ok is false for
// comments, blank lines and lines git rejects (too long, a macro where none
// is allowed, an invalid attribute name, a negative pattern).
func parseLine(line, dir string, macros, fold bool, intern func(string) int32) (r rule, ok bool) {
	cp := skipBlank(line)
	if cp == "" || cp[0] == '#' || len(line) >= MaxLineLength {
		return r, false
	}
	var name, states string
	if unq, rest, qok := unquote(cp); qok {
		name, states = unq, rest
	} else {
		name, states = token(cp)
	}
	isMacro := len(name) > len("[attr]") && strings.HasPrefix(name, "[attr]")
	if isMacro {
		if !macros {
			return r, false
		}
		name, _ = token(skipBlank(name[len("[attr]"):]))
		if !validName(name) {
			return r, false
		}
	}
	states = skipBlank(states)
	for s := states; s != ""; {
		tok, rest := token(s)
		n, _, _ := strings.Cut(tok, "=")
		if n != "" && (n[0] == '-' || n[0] == '!') {
			n = n[1:]
		}
		if !validName(n) {
			return r, false
		}
		s = skipBlank(rest)
	}
	if isMacro {
		r.macro = intern(name)
	} else {
		r.pat = ignore.NewPattern(name, dir, fold)
		if r.pat == nil || r.pat.Negative {
			return r, false // git warns that negative patterns are ignored
		}
	}
	for s := states; s != ""; {
		tok, rest := token(s)
		var a assign
		n, val, hasValue := strings.Cut(tok, "=")
		switch {
		case n != "" && n[0] == '-':
			n, a.v = n[1:], Value{State: Unset}
		case n != "" && n[0] == '!':
			n, a.v = n[1:], Value{State: Unspecified}
		case hasValue:
			a.v = Value{State: Valued, Str: val}
		default:
			a.v = Value{State: Set}
		}
		a.id = intern(n)
		r.assigns = append(r.assigns, a)
		s = skipBlank(rest)
	}
	return r, true
}

// validName is git's attr_name_valid: [-._0-9A-Za-z]+ not starting with '-'.
func validName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '.' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// unquote decodes a C-style quoted pattern at the start of s, as git's
// unquote_c_style does; rest is what follows the closing quote.
func unquote(s string) (out, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), s[i+1:], true
		case '\\':
		default:
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", "", false
		}
		switch c = s[i]; c {
		case 'a':
			c = '\a'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'v':
			c = '\v'
		case '\\', '"':
		case '0', '1', '2', '3':
			if i+2 >= len(s) || !isOctal(s[i+1]) || !isOctal(s[i+2]) {
				return "", "", false
			}
			c = (c-'0')<<6 | (s[i+1]-'0')<<3 | (s[i+2] - '0')
			i += 2
		default:
			return "", "", false
		}
		b.WriteByte(c)
	}
	return "", "", false
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }
