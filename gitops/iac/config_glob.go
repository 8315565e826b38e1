package iac

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// glob is a compiled path pattern of .reef/review.yaml. The syntax is
// git's pathspec glob (`*` and `?` within a directory, `**` across
// directories, `[...]` classes), anchored at the top of the repository;
// a pattern without a slash matches a file name in any directory, as in
// .gitignore. Compiled to a regular expression because the `{env}`
// capture of environment patterns needs submatches, which wildmatch does
// not give.
type glob struct {
	src      string
	re       *regexp.Regexp
	captures bool // has {env}
}

// compileGlob compiles a pattern; env allows the {env} capture.
func compileGlob(src string, env bool) (*glob, error) {
	if strings.TrimSpace(src) == "" {
		return nil, errors.New("empty path pattern")
	}
	pat := strings.TrimPrefix(src, "/")
	var b strings.Builder
	b.WriteString("^")
	if !strings.Contains(strings.TrimSuffix(pat, "/"), "/") && !strings.HasPrefix(src, "/") {
		b.WriteString("(?:.*/)?")
	}
	g := &glob{src: src}
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case strings.HasPrefix(pat[i:], "{env}"):
			if !env {
				return nil, fmt.Errorf("pattern %q: {env} belongs in environment patterns only", src)
			}
			if g.captures {
				return nil, fmt.Errorf("pattern %q has more than one {env}", src)
			}
			g.captures = true
			b.WriteString("([^/]+)")
			i += len("{env}") - 1
		case strings.HasPrefix(pat[i:], "**"):
			atStart := i == 0 || pat[i-1] == '/'
			atEnd := i+2 == len(pat) || pat[i+2] == '/'
			if !atStart || !atEnd {
				return nil, fmt.Errorf("pattern %q: ** must stand alone between slashes", src)
			}
			if i+2 == len(pat) {
				b.WriteString(".*")
			} else {
				b.WriteString("(?:.*/)?")
				i++ // the slash
			}
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			end := classEnd(pat, i)
			if end < 0 {
				return nil, fmt.Errorf("pattern %q: unterminated [ class", src)
			}
			class, neg := pat[i+1:end], ""
			if strings.HasPrefix(class, "!") || strings.HasPrefix(class, "^") {
				class, neg = class[1:], "^"
			}
			b.WriteString("[" + neg + classEscaper().Replace(class) + "]")
			i = end
		case c == '\\':
			if i+1 == len(pat) {
				return nil, fmt.Errorf("pattern %q ends with a backslash", src)
			}
			i++
			b.WriteString(regexp.QuoteMeta(pat[i : i+1]))
		case c == '{' || c == '}':
			return nil, fmt.Errorf("pattern %q: braces are not supported (only {env} in environment patterns)", src)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	if strings.HasSuffix(pat, "/") {
		b.WriteString(".*") // a directory: everything below it
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %v", src, err)
	}
	g.re = re
	return g, nil
}

// classEscaper escapes what a regexp class would read specially; '-'
// keeps its range meaning.
func classEscaper() *strings.Replacer {
	return strings.NewReplacer(`\`, `\\`, "]", `\]`, "[", `\[`, "^", `\^`)
}

// classEnd finds the ] closing the class opened at i (a ] right after [
// or [! is a member), or -1.
func classEnd(s string, i int) int {
	j := i + 1
	if j < len(s) && (s[j] == '!' || s[j] == '^') {
		j++
	}
	if j < len(s) && s[j] == ']' {
		j++
	}
	for ; j < len(s); j++ {
		if s[j] == '/' {
			return -1
		}
		if s[j] == ']' {
			return j
		}
	}
	return -1
}

// match reports whether path matches, and the {env} part when captured.
func (g *glob) match(path string) (string, bool) {
	m := g.re.FindStringSubmatch(path)
	if m == nil {
		return "", false
	}
	if len(m) > 1 {
		return m[1], true
	}
	return "", true
}
