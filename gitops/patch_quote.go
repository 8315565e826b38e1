package gitops

import "strings"

// Path quoting as git prints paths with core.quotePath on (its default):
// a path with control characters, '"', '\' or any byte from 0x80 up is
// written in double quotes with C escapes, so every path fits on one line
// and `git apply` reads it back.

// quoteEscape is the escape letter of a byte that needs a backslash, 1
// for one written in octal, 0 for one written as it is.
func quoteEscape(c byte) byte { return quoteEscapeHigh(c, true) }

// quoteEscapeHigh is quoteEscape with core.quotePath's choice for bytes
// from 0x80 up (false: written as they are).
func quoteEscapeHigh(c byte, high bool) byte {
	switch c {
	case '\a':
		return 'a'
	case '\b':
		return 'b'
	case '\t':
		return 't'
	case '\n':
		return 'n'
	case '\v':
		return 'v'
	case '\f':
		return 'f'
	case '\r':
		return 'r'
	case '"':
		return '"'
	case '\\':
		return '\\'
	}
	if c < 0x20 || c == 0x7f || (c >= 0x80 && high) {
		return 1
	}
	return 0
}

// needsQuote reports whether git quotes s (core.quotePath on).
func needsQuote(s string) bool { return needsQuoteHigh(s, true) }

func needsQuoteHigh(s string, high bool) bool {
	for i := 0; i < len(s); i++ {
		if quoteEscapeHigh(s[i], high) != 0 {
			return true
		}
	}
	return false
}

// appendEscaped writes s with C escapes, without the quotes.
func appendEscaped(b *strings.Builder, s string) { appendEscapedHigh(b, s, true) }

func appendEscapedHigh(b *strings.Builder, s string, high bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch e := quoteEscapeHigh(c, high); e {
		case 0:
			b.WriteByte(c)
		case 1:
			b.WriteByte('\\')
			b.WriteByte('0' + c>>6)
			b.WriteByte('0' + c>>3&7)
			b.WriteByte('0' + c&7)
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
}

// QuotePath returns a path as git prints it in patches and listings.
func QuotePath(s string) string { return QuotePathHigh(s, true) }

// QuotePathHigh is QuotePath with core.quotePath's setting for bytes from
// 0x80 up: false leaves UTF-8 names readable, as git then does.
func QuotePathHigh(s string, high bool) string {
	if !needsQuoteHigh(s, high) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	appendEscapedHigh(&b, s, high)
	b.WriteByte('"')
	return b.String()
}

// quotePrefixed quotes prefix+name as one string when either needs it
// ("a/" and a path in the "diff --git" line).
func quotePrefixed(prefix, name string) string {
	if !needsQuote(prefix) && !needsQuote(name) {
		return prefix + name
	}
	var b strings.Builder
	b.WriteByte('"')
	appendEscaped(&b, prefix)
	appendEscaped(&b, name)
	b.WriteByte('"')
	return b.String()
}

// renameName is git's short form of a rename for --stat: the common
// leading directories and trailing part written once around
// "{old => new}" ("a/{b => c}/d.tf"); quoted names are not shortened.
func renameName(a, b string) string {
	if needsQuote(a) || needsQuote(b) {
		return QuotePath(a) + " => " + QuotePath(b)
	}
	// Common prefix, ending at a slash.
	pfx := 0
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '/' {
			pfx = i + 1
		}
	}
	// Common suffix, starting at a slash, not reaching into the prefix
	// (with a prefix, it may reach the prefix's final slash).
	at := func(s string, i int) byte {
		if i == len(s) {
			return 0 // the terminator both strings share
		}
		return s[i]
	}
	adjust := 0
	if pfx > 0 {
		adjust = 1
	}
	sfx := 0
	for i, j := len(a), len(b); pfx-adjust <= i && pfx-adjust <= j && at(a, i) == at(b, j); i, j = i-1, j-1 {
		if at(a, i) == '/' {
			sfx = len(a) - i
		}
	}
	amid := max(len(a)-pfx-sfx, 0)
	bmid := max(len(b)-pfx-sfx, 0)
	var s strings.Builder
	if pfx+sfx > 0 {
		s.WriteString(a[:pfx])
		s.WriteByte('{')
	}
	s.WriteString(a[pfx : pfx+amid])
	s.WriteString(" => ")
	s.WriteString(b[pfx : pfx+bmid])
	if pfx+sfx > 0 {
		s.WriteByte('}')
		s.WriteString(a[len(a)-sfx:])
	}
	return s.String()
}
