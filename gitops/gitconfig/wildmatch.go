package gitconfig

import "strings"

// This file is a small port of git's wildmatch with WM_PATHNAME (the only
// mode configuration conditions use): "*" and "?" stop at "/", "**"
// between slashes crosses them, "[...]" classes with ranges, "!"/"^"
// negation and [:name:] classes, and "\" quoting.

const (
	wmMatch           = 0
	wmNoMatch         = 1
	wmAbortAll        = -1
	wmAbortToStarStar = -2
)

// wildmatch reports whether text matches pattern with WM_PATHNAME, folding
// ASCII case when casefold is set (WM_CASEFOLD).
func wildmatch(pattern, text string, casefold bool) bool {
	return dowild(pattern, 0, text, 0, casefold) == wmMatch
}

// at reads s[i], or 0 past the end, standing in for C's terminating NUL.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func dowild(p string, pi int, t string, ti int, fold bool) int {
	for ; pi < len(p); pi, ti = pi+1, ti+1 {
		pch, tch := p[pi], at(t, ti)
		if tch == 0 && pch != '*' {
			return wmAbortAll
		}
		if fold {
			tch, pch = toLower(tch), toLower(pch)
		}
		switch pch {
		case '\\':
			// A literal next character (not case-folded, as in git).
			pi++
			if tch != at(p, pi) {
				return wmNoMatch
			}
		case '?':
			if tch == '/' {
				return wmNoMatch
			}
		case '*':
			r, ok := starMatch(p, &pi, t, &ti, tch, fold)
			if !ok {
				return r
			}
		case '[':
			if r := classMatch(p, &pi, tch, fold); r != wmMatch {
				return r
			}
		default:
			if tch != pch {
				return wmNoMatch
			}
		}
	}
	if ti < len(t) {
		return wmNoMatch
	}
	return wmMatch
}

// starMatch handles "*" or "**" at p[*pi]. It either decides the whole
// match (ok false, result r) or, for "*/", moves ti to the next slash and
// lets the caller's loop consume it (ok true).
func starMatch(p string, pi *int, t string, ti *int, tch byte, fold bool) (r int, ok bool) {
	matchSlash := false
	*pi++
	if at(p, *pi) == '*' {
		prev := *pi - 2
		for *pi++; at(p, *pi) == '*'; *pi++ {
		}
		c := at(p, *pi)
		if (prev < 0 || p[prev] == '/') && (c == 0 || c == '/' || c == '\\' && at(p, *pi+1) == '/') {
			if c == '/' && dowild(p, *pi+1, t, *ti, fold) == wmMatch {
				return wmMatch, false
			}
			matchSlash = true
		}
	}
	if *pi >= len(p) {
		// Trailing "**" matches everything, trailing "*" only without
		// another slash.
		if !matchSlash && strings.IndexByte(t[*ti:], '/') >= 0 {
			return wmNoMatch, false
		}
		return wmMatch, false
	}
	if !matchSlash && p[*pi] == '/' {
		// One "*" then "/" matches the rest of this directory name.
		slash := strings.IndexByte(t[*ti:], '/')
		if slash < 0 {
			return wmNoMatch, false
		}
		*ti += slash
		return 0, true
	}
	for tch != 0 {
		// Skip ahead to the next occurrence of a literal that follows the
		// star (not past a slash for a single star).
		if c := at(p, *pi); !isGlobSpecial(c) {
			pch := c
			if fold {
				pch = toLower(pch)
			}
			for {
				tch = at(t, *ti)
				if tch == 0 || !matchSlash && tch == '/' {
					break
				}
				if fold {
					tch = toLower(tch)
				}
				if tch == pch {
					break
				}
				*ti++
			}
			if tch != pch {
				return wmNoMatch, false
			}
		}
		if m := dowild(p, *pi, t, *ti, fold); m != wmNoMatch {
			if !matchSlash || m != wmAbortToStarStar {
				return m, false
			}
		} else if !matchSlash && tch == '/' {
			return wmAbortToStarStar, false
		}
		*ti++
		tch = at(t, *ti)
	}
	return wmAbortAll, false
}

// classMatch handles a bracket expression starting at p[*pi] == '[',
// leaving *pi on its closing ']'. It returns wmMatch when tch is in the
// class.
func classMatch(p string, pi *int, tch byte, fold bool) int {
	*pi++
	pch := at(p, *pi)
	if pch == '^' {
		pch = '!'
	}
	negated := pch == '!'
	if negated {
		*pi++
		pch = at(p, *pi)
	}
	var prev byte
	matched := false
	for {
		switch {
		case pch == 0:
			return wmAbortAll
		case pch == '\\':
			*pi++
			if pch = at(p, *pi); pch == 0 {
				return wmAbortAll
			}
			if tch == pch {
				matched = true
			}
		case pch == '-' && prev != 0 && at(p, *pi+1) != 0 && at(p, *pi+1) != ']':
			*pi++
			pch = at(p, *pi)
			if pch == '\\' {
				*pi++
				if pch = at(p, *pi); pch == 0 {
					return wmAbortAll
				}
			}
			if tch <= pch && tch >= prev {
				matched = true
			} else if fold && 'a' <= tch && tch <= 'z' {
				if up := tch - ('a' - 'A'); up <= pch && up >= prev {
					matched = true
				}
			}
			pch = 0 // the next character cannot start a range
		case pch == '[' && at(p, *pi+1) == ':':
			*pi += 2
			s := *pi
			for pch = at(p, *pi); pch != 0 && pch != ']'; pch = at(p, *pi) {
				*pi++
			}
			if pch == 0 {
				return wmAbortAll
			}
			if *pi-s-1 < 0 || p[*pi-1] != ':' {
				// Not "[:name:]": a literal '['.
				*pi = s - 2
				pch = '['
				if tch == pch {
					matched = true
				}
				break
			}
			in, known := namedClass(p[s:*pi-1], tch, fold)
			if !known {
				return wmAbortAll
			}
			matched = matched || in
			pch = 0
		default:
			if tch == pch {
				matched = true
			}
		}
		prev = pch
		*pi++
		if pch = at(p, *pi); pch == ']' {
			break
		}
	}
	if matched == negated || tch == '/' {
		return wmNoMatch
	}
	return wmMatch
}

// namedClass tests c against a POSIX class name in git's ASCII terms.
func namedClass(name string, c byte, fold bool) (in, known bool) {
	lower := 'a' <= c && c <= 'z'
	upper := 'A' <= c && c <= 'Z'
	graph := 0x21 <= c && c <= 0x7e
	switch name {
	case "alnum":
		return lower || upper || isDigit(c), true
	case "alpha":
		return lower || upper, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < 0x20 || c == 0x7f, true
	case "digit":
		return isDigit(c), true
	case "graph":
		return graph, true
	case "lower":
		return lower, true
	case "print":
		return graph || c == ' ', true
	case "punct":
		return graph && !lower && !upper && !isDigit(c), true
	case "space":
		return isSpace(c), true
	case "upper":
		return upper || fold && lower, true
	case "xdigit":
		return hexDigit(c) >= 0, true
	}
	return false, false
}

func isGlobSpecial(c byte) bool { return c == '*' || c == '?' || c == '[' || c == '\\' }

// asciiEqualFold is strncasecmp-style equality: only ASCII letters fold.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if toLower(a[i]) != toLower(b[i]) {
			return false
		}
	}
	return true
}
