package gitconfig

import (
	"bytes"
	"fmt"
)

// ParseError reports a configuration file git refuses to read, with git's
// wording ("bad config line 3 in file .git/config").
type ParseError struct {
	File string // the file as git names it
	Line int    // the line git names
	// Cause is set when the line parsed but a directive on it failed,
	// e.g. include.path without a value.
	Cause error
}

func (e *ParseError) Error() string {
	msg := fmt.Sprintf("bad config line %d in file %s", e.Line, e.File)
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *ParseError) Unwrap() error { return e.Cause }

// softError is a directive failure that git reports with error() and then
// turns into "bad config line" for the line that holds it.
type softError struct{ msg string }

func (e *softError) Error() string { return e.msg }

func softErrorf(format string, args ...any) error {
	return &softError{msg: fmt.Sprintf(format, args...)}
}

// emitFunc receives one parsed variable. key and value are only valid
// during the call.
type emitFunc func(src *source, key, value []byte, hasValue bool, line int) error

// source is one configuration text parsed the way git's git_parse_source
// reads it: byte by byte, CRLF folded to LF, and the line counter moved
// exactly where git moves it so errors name the same line.
type source struct {
	name string // file path as git names it; "" for the command line
	data []byte
	pos  int
	line int
	eof  bool
	val  []byte
}

const utf8BOM = "\xef\xbb\xbf"

// next is git's get_next_char: end of input reads as a newline (and counts
// one more line each time it is read).
func (s *source) next() byte {
	if s.pos >= len(s.data) {
		s.eof = true
		s.line++
		return '\n'
	}
	c := s.data[s.pos]
	s.pos++
	if c == '\r' && s.pos < len(s.data) && s.data[s.pos] == '\n' {
		s.pos++
		c = '\n'
	}
	if c == '\n' {
		s.line++
	}
	return c
}

// parse reads the whole source, calling emit for each variable in order.
func (s *source) parse(emit emitFunc) error {
	s.line = 1
	key := make([]byte, 0, 64)
	baselen := 0
	comment := false
	bom := 0 // bytes of the UTF-8 BOM matched so far; -1 once past it
	for {
		c := s.next()
		if bom >= 0 {
			if c == utf8BOM[bom] {
				if bom++; bom == len(utf8BOM) {
					bom = -1
				}
				continue
			}
			if bom > 0 { // a partial BOM is an error, as in git
				return s.syntaxError()
			}
			bom = -1
		}
		switch {
		case c == '\n':
			if s.eof {
				return nil
			}
			comment = false
			continue
		case comment, isSpace(c):
			continue
		case c == '#' || c == ';':
			comment = true
			s.skipLine()
			continue
		case c == '[':
			key = key[:0]
			if !s.sectionHeader(&key) || len(key) < 1 {
				return s.syntaxError()
			}
			key = append(key, '.')
			baselen = len(key)
			continue
		case !isAlpha(c):
			return s.syntaxError()
		}
		key = append(key[:baselen], toLower(c))
		if err := s.variable(&key, emit); err != nil {
			return err
		}
	}
}

func (s *source) syntaxError() error {
	return &ParseError{File: s.name, Line: s.line}
}

// variable is git's get_value: the rest of the name, then nothing (an
// implicit true) or "=" and a value.
func (s *source) variable(key *[]byte, emit emitFunc) error {
	var c byte
	for {
		c = s.next()
		if s.eof || !isKeyChar(c) {
			break
		}
		*key = append(*key, toLower(c))
	}
	for c == ' ' || c == '\t' {
		c = s.next()
	}
	hasValue := false
	if c != '\n' {
		if c != '=' || !s.value() {
			return s.syntaxError()
		}
		hasValue = true
	}
	k, v := *key, s.val[:0]
	if hasValue {
		v = s.val
	}
	// A NUL ends the strings git hands on.
	if i := bytes.IndexByte(k, 0); i >= 0 {
		k = k[:i]
	}
	if i := bytes.IndexByte(v, 0); i >= 0 {
		v = v[:i]
	}
	// git has consumed the newline; the entry belongs to the line before.
	if err := emit(s, k, v, hasValue, s.line-1); err != nil {
		if se, ok := err.(*softError); ok {
			return &ParseError{File: s.name, Line: s.line - 1, Cause: se}
		}
		return err
	}
	return nil
}

// value is git's parse_value: unquoted whitespace runs inside the value
// become that many spaces, leading and trailing ones are dropped, ; and #
// start a comment outside quotes, and only \n \t \b \\ \" and
// backslash-newline are valid escapes.
func (s *source) value() bool {
	s.val = s.val[:0]
	quote, comment := false, false
	space := 0
	for {
		if comment {
			s.skipLine()
		} else if n := s.plainRun(); n > 0 {
			for ; space > 0; space-- {
				s.val = append(s.val, ' ')
			}
			s.val = append(s.val, s.data[s.pos:s.pos+n]...)
			s.pos += n
		}
		c := s.next()
		if c == '\n' {
			if quote {
				s.line--
				return false
			}
			return true
		}
		if comment {
			continue
		}
		if isSpace(c) && !quote {
			if len(s.val) > 0 {
				space++
			}
			continue
		}
		if !quote && (c == ';' || c == '#') {
			comment = true
			continue
		}
		for ; space > 0; space-- {
			s.val = append(s.val, ' ')
		}
		switch c {
		case '\\':
			switch c = s.next(); c {
			case '\n':
				continue
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'n':
				c = '\n'
			case '\\', '"':
			default:
				return false
			}
		case '"':
			quote = !quote
			continue
		}
		s.val = append(s.val, c)
	}
}

// plainRun counts the bytes ahead that the value loop would copy one by
// one with no other effect, so they can be copied at once.
func (s *source) plainRun() int {
	n := 0
	for _, c := range s.data[s.pos:] {
		if isSpace(c) || c == ';' || c == '#' || c == '\\' || c == '"' {
			break
		}
		n++
	}
	return n
}

// skipLine moves to the end of a comment: next() then reads the newline
// (or the end of input), counting it as usual. A lone CR on the way is
// ignored in a comment anyway.
func (s *source) skipLine() {
	if i := bytes.IndexByte(s.data[s.pos:], '\n'); i >= 0 {
		s.pos += i
	} else {
		s.pos = len(s.data)
	}
}

// sectionHeader is git's get_base_var: the name after "[" up to "]", or a
// name, whitespace and a quoted subsection. The deprecated [a.b] form is
// lower-cased whole.
func (s *source) sectionHeader(key *[]byte) bool {
	for {
		c := s.next()
		switch {
		case s.eof:
			return false
		case c == ']':
			return true
		case isSpace(c):
			return s.subsection(key, c)
		case !isKeyChar(c) && c != '.':
			return false
		}
		*key = append(*key, toLower(c))
	}
}

// subsection is git's get_extended_base_var: `"name"]` after whitespace; a
// backslash keeps the next character whatever it is.
func (s *source) subsection(key *[]byte, c byte) bool {
	for {
		if c == '\n' {
			s.line--
			return false
		}
		if c = s.next(); !isSpace(c) {
			break
		}
	}
	if c != '"' {
		return false
	}
	*key = append(*key, '.')
	for {
		c := s.next()
		if c == '\n' {
			s.line--
			return false
		}
		if c == '"' {
			break
		}
		if c == '\\' {
			if c = s.next(); c == '\n' {
				s.line--
				return false
			}
		}
		*key = append(*key, c)
	}
	return s.next() == ']'
}

// The character classes of git's sane_ctype (locale-independent ASCII).

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isKeyChar(c byte) bool { return isAlpha(c) || isDigit(c) || c == '-' }

func toLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
