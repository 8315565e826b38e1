// Package wildmatch matches paths against glob patterns with the rules git
// uses for .gitignore, .gitattributes and pathspecs (git's wildmatch.c):
// `*`, `?`, bracket expressions with ranges, `!`/`^` negation and POSIX
// classes, backslash escapes, and — with Pathname — `**` that crosses
// directories only when it stands alone between slashes.
//
// A pattern is compiled once; Match then runs without allocating.
package wildmatch

import "strings"

// Flags select the matching mode.
type Flags uint8

const (
	// Pathname makes `*`, `?` and bracket expressions stop at '/', and gives
	// `**` its directory-crossing meaning (git's WM_PATHNAME).
	Pathname Flags = 1 << iota
	// CaseFold compares ASCII letters without regard to case, as git does
	// under core.ignoreCase (git's WM_CASEFOLD, quirks included: a bracket
	// expression's single upper-case member never matches).
	CaseFold
)

type op uint8

const (
	opLit   op = iota // one byte, already folded when CaseFold
	opAny             // `?`
	opClass           // `[...]`, a 256-bit set with negation and '/' folded in
	opStar            // a run of `*`
)

type token struct {
	op    op
	c     byte   // opLit: the byte
	set   uint16 // opClass: index into Pattern.sets
	slash bool   // opStar: may match '/'
	skip  bool   // opStar: a `**/` that may also match no directory at all
}

// Pattern is a compiled pattern. The zero value matches only the empty text.
type Pattern struct {
	src   string
	toks  []token
	sets  [][4]uint64
	flags Flags
	never bool // malformed: git never matches it

	// Quick rejects: a match needs at least minLen bytes and ends with
	// suffix (the trailing literal tokens, folded under CaseFold).
	minLen int
	suffix string
}

// Compile prepares pattern for matching with flags. Malformed patterns (an
// unterminated bracket expression, an unknown [:class:], a trailing
// backslash) compile to a pattern that matches nothing, as in git.
func Compile(pattern string, flags Flags) *Pattern {
	p := &Pattern{src: pattern, flags: flags}
	p.compile()
	n := len(p.toks)
	for n > 0 && p.toks[n-1].op == opLit {
		n--
	}
	if n > 0 && p.toks[n-1].skip {
		n++ // the '/' of a `**/` is optional
	}
	suffix := make([]byte, 0, len(p.toks)-n)
	for _, t := range p.toks[n:] {
		suffix = append(suffix, t.c)
	}
	p.suffix = string(suffix)
	for _, t := range p.toks {
		switch {
		case t.op != opStar:
			p.minLen++
		case t.skip:
			p.minLen-- // the '/' after a `**/` is optional
		}
	}
	return p
}

// Match reports whether text matches pattern under flags. It compiles the
// pattern on every call; compile once with Compile for repeated use.
func Match(pattern, text string, flags Flags) bool {
	return Compile(pattern, flags).Match(text)
}

// String returns the source pattern.
func (p *Pattern) String() string { return p.src }

// LiteralSuffix returns the literal text every match ends with (folded to
// lower case under CaseFold), possibly "".
func (p *Pattern) LiteralSuffix() string { return p.suffix }

// Flags returns the flags the pattern was compiled with.
func (p *Pattern) Flags() Flags { return p.flags }

func (p *Pattern) compile() {
	s := p.src
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) {
				p.never = true
				return
			}
			p.lit(s[i+1])
			i += 2
		case '?':
			p.toks = append(p.toks, token{op: opAny})
			i++
		case '[':
			set, n, ok := parseClass(s[i:], p.flags)
			if !ok {
				p.never = true
				return
			}
			p.toks = append(p.toks, token{op: opClass, set: uint16(len(p.sets))})
			p.sets = append(p.sets, set)
			i += n
		case '*':
			j := i
			for j < len(s) && s[j] == '*' {
				j++
			}
			t := token{op: opStar, slash: p.flags&Pathname == 0}
			if !t.slash && j-i >= 2 && (i == 0 || s[i-1] == '/') {
				rest := s[j:]
				if rest == "" || rest[0] == '/' || strings.HasPrefix(rest, `\/`) {
					t.slash = true
					t.skip = rest != "" && rest[0] == '/'
				}
			}
			p.toks = append(p.toks, t)
			i = j
		default:
			p.lit(c)
			i++
		}
	}
}

func (p *Pattern) lit(c byte) {
	if p.flags&CaseFold != 0 {
		c = lower(c)
	}
	p.toks = append(p.toks, token{op: opLit, c: c})
}

// Match reports whether text matches the pattern.
func (p *Pattern) Match(text string) bool {
	if p.never || len(text) < p.minLen || !p.hasSuffix(text) {
		return false
	}
	return p.match(p.toks, text) == matched
}

type result uint8

const (
	matched  result = iota
	noMatch         // this alignment failed; an enclosing star may go on
	abortAll        // the text ran out: no longer star can help either
	// abortToStar: a single star met a '/' it cannot cross; only an
	// enclosing `**` can still help.
	abortToStar
)

func (p *Pattern) match(toks []token, s string) result {
	fold := p.flags&CaseFold != 0
	for i, t := range toks {
		if t.op == opStar {
			return p.star(t, toks[i+1:], s)
		}
		if s == "" {
			return abortAll
		}
		c := s[0]
		switch t.op {
		case opLit:
			if fold {
				c = lower(c)
			}
			if c != t.c {
				return noMatch
			}
		case opAny:
			if c == '/' && p.flags&Pathname != 0 {
				return noMatch
			}
		case opClass:
			set := &p.sets[t.set]
			if set[c>>6]&(1<<(c&63)) == 0 {
				return noMatch
			}
		}
		s = s[1:]
	}
	if s == "" {
		return matched
	}
	return noMatch
}

// star matches a star token t followed by rest against s.
func (p *Pattern) star(t token, rest []token, s string) result {
	if t.skip && p.match(rest[1:], s) == matched {
		return matched // `**/` standing for no directory at all
	}
	if len(rest) == 0 {
		if t.slash || strings.IndexByte(s, '/') < 0 {
			return matched
		}
		return noMatch
	}
	if !t.slash && rest[0].op == opLit && rest[0].c == '/' {
		// A single star before a slash takes the rest of this component.
		i := strings.IndexByte(s, '/')
		if i < 0 {
			return noMatch
		}
		return p.match(rest[1:], s[i+1:])
	}
	fold := p.flags&CaseFold != 0
	for i := 0; i < len(s); i++ {
		if rest[0].op == opLit {
			// Skip ahead to the next place the literal can start.
			want := rest[0].c
			for i < len(s) && (t.slash || s[i] != '/') {
				c := s[i]
				if fold {
					c = lower(c)
				}
				if c == want {
					break
				}
				i++
			}
			if i == len(s) || (!t.slash && s[i] == '/' && want != '/') {
				return noMatch
			}
		}
		r := p.match(rest, s[i:])
		if r != noMatch {
			if !t.slash || r != abortToStar {
				return r
			}
		} else if !t.slash && s[i] == '/' {
			return abortToStar
		}
	}
	return abortAll
}

func (p *Pattern) hasSuffix(text string) bool {
	if len(text) < len(p.suffix) {
		return false
	}
	tail := text[len(text)-len(p.suffix):]
	if p.flags&CaseFold == 0 {
		return tail == p.suffix
	}
	for i := 0; i < len(tail); i++ {
		if lower(tail[i]) != p.suffix[i] {
			return false
		}
	}
	return true
}

// lower folds an ASCII upper-case letter; other bytes are unchanged.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
