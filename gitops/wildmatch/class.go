package wildmatch

// A bracket expression is parsed into members once and then evaluated for
// all 256 byte values into a bit set, so matching a class is one lookup.

type memberKind uint8

const (
	memberByte  memberKind = iota // one byte (possibly escaped)
	memberRange                   // lo-hi
	memberNamed                   // [:name:]
)

type member struct {
	kind   memberKind
	lo, hi byte
	named  func(c byte, fold bool) bool
}

// parseClass parses the bracket expression at the start of s (s[0] == '[')
// the way git does, including its quirks: `]` first is a member, `-` next to
// `]` or after a range or a [:class:] is literal, a `[:` without its `:]` is
// a literal `[`, and an unknown class name or a missing `]` makes the whole
// pattern unmatchable (ok == false). n is the length consumed.
func parseClass(s string, flags Flags) (set [4]uint64, n int, ok bool) {
	var members []member
	i := 1
	negated := false
	if i < len(s) && (s[i] == '!' || s[i] == '^') {
		negated = true
		i++
	}
	var prev byte // the byte a following '-' would start a range from; 0 = none
	for first := true; first || i < len(s) && s[i] != ']'; first = false {
		if i >= len(s) {
			return set, 0, false
		}
		c := s[i]
		switch {
		case c == '\\':
			i++
			if i >= len(s) {
				return set, 0, false
			}
			c = s[i]
			members = append(members, member{kind: memberByte, lo: c})
			prev = c
		case c == '-' && prev != 0 && i+1 < len(s) && s[i+1] != ']':
			i++
			hi := s[i]
			if hi == '\\' {
				i++
				if i >= len(s) {
					return set, 0, false
				}
				hi = s[i]
			}
			members = append(members, member{kind: memberRange, lo: prev, hi: hi})
			prev = 0
		case c == '[' && i+1 < len(s) && s[i+1] == ':':
			start := i + 2
			end := start
			for end < len(s) && s[end] != ']' {
				end++
			}
			if end >= len(s) {
				return set, 0, false
			}
			if end-start < 1 || s[end-1] != ':' {
				// Not a [:class:]: a literal '[' and parsing goes on after it.
				members = append(members, member{kind: memberByte, lo: '['})
				prev = '['
				break
			}
			fn := namedClass(s[start : end-1])
			if fn == nil {
				return set, 0, false
			}
			members = append(members, member{kind: memberNamed, named: fn})
			i = end
			prev = 0
		default:
			members = append(members, member{kind: memberByte, lo: c})
			prev = c
		}
		i++
	}
	if i >= len(s) {
		return set, 0, false
	}
	fold := flags&CaseFold != 0
	for b := 0; b < 256; b++ {
		c := byte(b)
		if fold {
			c = lower(c)
		}
		if classHas(members, c, fold) != negated && !(b == '/' && flags&Pathname != 0) {
			set[b>>6] |= 1 << (b & 63)
		}
	}
	return set, i + 1, true
}

// classHas evaluates the members for c, which is already folded when fold
// is set; members are compared as written, as git does.
func classHas(members []member, c byte, fold bool) bool {
	for _, m := range members {
		switch m.kind {
		case memberByte:
			if c == m.lo {
				return true
			}
		case memberRange:
			if m.lo <= c && c <= m.hi {
				return true
			}
			if fold && isLower(c) {
				if u := c - 'a' + 'A'; m.lo <= u && u <= m.hi {
					return true
				}
			}
		case memberNamed:
			if m.named(c, fold) {
				return true
			}
		}
	}
	return false
}

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }
func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return isLower(c) || isUpper(c) }

// namedClass returns the POSIX class test for name, with git's ASCII-only
// definitions (its own ctype table: space is only \t \n \r and ' ').
func namedClass(name string) func(c byte, fold bool) bool {
	switch name {
	case "alnum":
		return func(c byte, _ bool) bool { return isAlpha(c) || isDigit(c) }
	case "alpha":
		return func(c byte, _ bool) bool { return isAlpha(c) }
	case "blank":
		return func(c byte, _ bool) bool { return c == ' ' || c == '\t' }
	case "cntrl":
		return func(c byte, _ bool) bool { return c < 0x20 || c == 0x7f }
	case "digit":
		return func(c byte, _ bool) bool { return isDigit(c) }
	case "graph":
		return func(c byte, _ bool) bool { return 0x21 <= c && c <= 0x7e }
	case "lower":
		return func(c byte, _ bool) bool { return isLower(c) }
	case "print":
		return func(c byte, _ bool) bool { return 0x20 <= c && c <= 0x7e }
	case "punct":
		return func(c byte, _ bool) bool { return 0x21 <= c && c <= 0x7e && !isAlpha(c) && !isDigit(c) }
	case "space":
		return func(c byte, _ bool) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	case "upper":
		return func(c byte, fold bool) bool { return isUpper(c) || fold && isLower(c) }
	case "xdigit":
		return func(c byte, _ bool) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
	}
	return nil
}
