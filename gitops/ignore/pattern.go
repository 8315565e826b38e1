// Package ignore decides which paths git ignores: patterns from the
// .gitignore file of every directory, $GIT_DIR/info/exclude and
// core.excludesFile, with git 2.39's parsing, matching and precedence rules.
//
// Matching does no I/O: callers hand over file contents, so a work-tree
// walker can load each directory's .gitignore as it enters it (Stack), and
// can substitute the index version of a .gitignore (git reads the index
// blob when the work-tree file is absent and marked skip-worktree; like
// git, a reader should not follow a .gitignore that is a symbolic link).
// Matcher answers for arbitrary paths, loading .gitignore files through a
// caller-supplied ReadFunc (WorkTreeReader is the plain one) and caching
// them. DefaultExcludesFile says where core.excludesFile defaults to.
//
// Paths are slash-separated and relative to the top of the work tree;
// isDir means a real directory (git treats a symbolic link to one as a
// file).
package ignore

import (
	"bytes"
	"strings"

	"reef/gitops/wildmatch"
)

// File is one source of patterns.
type File struct {
	// Name is how results name the source; git prints e.g. ".gitignore",
	// "sub/.gitignore", ".git/info/exclude" or the core.excludesFile path.
	Name string
	Data []byte
}

// Pattern is one pattern line of a source.
type Pattern struct {
	// Text is the pattern as git shows it in `check-ignore -v`: without
	// the leading '!' and the trailing '/', with any leading '/' kept.
	Text     string
	Negative bool // the line started with '!': a match re-includes
	DirOnly  bool // the line ended with '/': only directories match
	Source   string
	Line     int    // 1-based line number in Source
	Base     string // directory of the .gitignore, "" for the top and global files

	nodir    bool   // no slash: matches the basename at any depth below Base
	endsWith bool   // `*literal` basename pattern: a suffix compare
	fold     bool   // core.ignoreCase
	pat      string // what is matched: Text, minus a leading '/' when anchored
	prefix   int    // length of pat's literal (wildcard-free) prefix
	wm       *wildmatch.Pattern
	first    byte // a basename pattern's first byte when literal, folded; 0 if none
	last     byte // the byte every match ends with, folded; 0 if unknown
}

// lead is a cheap pre-check of a basename pattern's first literal byte.
func (p *Pattern) lead(base string) bool {
	if p.first == 0 {
		return true
	}
	c := base[0]
	if p.fold && 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c == p.first
}

// String returns the pattern as written in its file (less trailing spaces
// and escapes that git trims).
func (p *Pattern) String() string {
	s := p.Text
	if p.Negative {
		s = "!" + s
	}
	if p.DirOnly {
		s += "/"
	}
	return s
}

// List is the parsed patterns of one source, applying below Base.
type List struct {
	Source   string
	Base     string
	Patterns []*Pattern
	idx      *index
}

// Parse reads a .gitignore-format file. base is the directory the file
// applies to, relative to the top of the work tree without a trailing
// slash ("" for the top-level .gitignore, info/exclude and
// core.excludesFile); ignoreCase is core.ignoreCase.
//
// As git does, Parse skips a UTF-8 BOM, blank lines and lines starting with
// '#', strips a CR before each LF, trims unescaped trailing spaces (not
// tabs), and stops a line at a NUL byte.
func Parse(f File, base string, ignoreCase bool) *List {
	l := &List{Source: f.Name, Base: base}
	data := bytes.TrimPrefix(f.Data, []byte("\xef\xbb\xbf"))
	for lineno := 1; len(data) > 0; lineno++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if i := bytes.IndexByte(line, 0); i >= 0 {
			line = line[:i]
		}
		if p := newPattern(trimTrailingSpaces(string(line)), base, ignoreCase); p != nil {
			p.Source, p.Line = f.Name, lineno
			l.Patterns = append(l.Patterns, p)
		}
	}
	l.buildIndex(ignoreCase)
	return l
}

// trimTrailingSpaces drops the run of spaces ending the line unless the
// first of them is escaped with a backslash.
func trimTrailingSpaces(s string) string {
	cut := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if cut < 0 {
				cut = i
			}
		case '\\':
			i++
			if i == len(s) {
				return s
			}
			cut = -1
		default:
			cut = -1
		}
	}
	if cut >= 0 {
		return s[:cut]
	}
	return s
}

// NewPattern parses a single pattern as git's parse_path_pattern does, for
// other files that use gitignore patterns (.gitattributes): no comment or
// trailing-space handling. base is as for Parse. It returns nil for a
// pattern that can never match anything ("", "!", "/").
func NewPattern(text, base string, ignoreCase bool) *Pattern {
	return newPattern(text, base, ignoreCase)
}

// Matches reports whether the pattern matches path (relative to the top of
// the work tree); a DirOnly pattern matches only when isDir. It does not
// look at Negative.
func (p *Pattern) Matches(path string, isDir bool) bool {
	if p.DirOnly && !isDir || path == "" || !p.tailOK(path) {
		return false
	}
	return p.match(path, strings.LastIndexByte(path, '/')+1)
}

// newPattern parses one line the way git's parse_path_pattern does. It
// returns nil for lines that can never match anything.
func newPattern(s, base string, fold bool) *Pattern {
	p := &Pattern{Base: base, fold: fold}
	if strings.HasPrefix(s, "!") {
		p.Negative = true
		s = s[1:]
	}
	literal := simpleLength(s) // counted before the trailing '/' goes
	if strings.HasSuffix(s, "/") {
		p.DirOnly = true
		s = s[:len(s)-1]
	}
	if s == "" {
		return nil
	}
	p.Text = s
	p.prefix = min(literal, len(s))
	p.nodir = !strings.Contains(s, "/")
	flags := wildmatch.Flags(0)
	if fold {
		flags = wildmatch.CaseFold
	}
	if p.nodir {
		p.pat = s
		if p.prefix > 0 {
			p.first = s[0]
			if fold && 'A' <= p.first && p.first <= 'Z' {
				p.first += 'a' - 'A'
			}
		}
		p.endsWith = s[0] == '*' && simpleLength(s[1:]) == len(s)-1
		if p.prefix < len(s) && !p.endsWith {
			p.wm = wildmatch.Compile(s, flags)
		}
		p.setLast()
		return p
	}
	p.pat = s
	if s[0] == '/' {
		p.pat = s[1:]
		p.prefix--
	}
	if p.prefix < len(p.pat) {
		// git matches the literal prefix by comparison and hands only the
		// rest to wildmatch, so a `**` right after the prefix counts as
		// starting the pattern ("foo**/bar" matches "foo/x/bar").
		p.wm = wildmatch.Compile(p.pat[p.prefix:], flags|wildmatch.Pathname)
	}
	p.setLast()
	return p
}

// tailOK is a quick check of the last byte of a non-empty path.
func (p *Pattern) tailOK(path string) bool {
	if p.last == 0 {
		return true
	}
	c := path[len(path)-1]
	if p.fold && 'A' <= c && c <= 'Z' {
		c += 'a' - 'A'
	}
	return c == p.last
}

// setLast records the byte every match must end with, for a quick reject.
func (p *Pattern) setLast() {
	tail := p.pat
	switch {
	case p.wm != nil:
		tail = p.wm.LiteralSuffix()
	case p.endsWith:
		tail = p.pat[1:]
	}
	if tail == "" {
		return
	}
	p.last = tail[len(tail)-1]
	if p.fold && 'A' <= p.last && p.last <= 'Z' {
		p.last += 'a' - 'A'
	}
}

// simpleLength is the length of s's prefix free of glob specials.
func simpleLength(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			return i
		}
	}
	return len(s)
}

// match reports whether the pattern matches path, whose basename starts at
// offset name. DirOnly is the caller's business.
func (p *Pattern) match(path string, name int) bool {
	if !p.tailOK(path) {
		return false
	}
	if p.nodir {
		base := path[name:]
		switch {
		case p.wm != nil:
			return p.wm.Match(base)
		case p.endsWith:
			suffix := p.pat[1:]
			return len(suffix) <= len(base) && equal(base[len(base)-len(suffix):], suffix, p.fold)
		default:
			return len(base) == len(p.pat) && equal(base, p.pat, p.fold)
		}
	}
	rest := path
	if b := p.Base; b != "" {
		if len(path) <= len(b) || path[len(b)] != '/' || !equal(path[:len(b)], b, p.fold) {
			return false
		}
		rest = path[len(b)+1:]
	}
	if p.wm == nil {
		return len(rest) == len(p.pat) && equal(rest, p.pat, p.fold)
	}
	if p.prefix > len(rest) || !equal(rest[:p.prefix], p.pat[:p.prefix], p.fold) {
		return false
	}
	return p.wm.Match(rest[p.prefix:])
}

// equal compares two strings of equal length, folding ASCII case when fold
// is set (git's fspathncmp under core.ignoreCase).
func equal(a, b string, fold bool) bool {
	if !fold {
		return a == b
	}
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
