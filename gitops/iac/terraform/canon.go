package terraform

import "bytes"

// canonText is the canonical text of a native-syntax expression: its
// source without comments, and without whitespace except one space where
// two words would otherwise join ("for k in v"). String and heredoc
// contents are kept as written. Equal values written with a different
// layout get the same text; it costs a pass over the expression's bytes,
// where lexing would cost a pass over the whole file.
func canonText(src []byte) string {
	out := make([]byte, 0, len(src))
	var stack []scanContext
	var markers [][]byte
	pendingSpace := false
	top := func() scanContext {
		if len(stack) == 0 {
			return ctxBracket
		}
		return stack[len(stack)-1]
	}
	emit := func(c byte) {
		if pendingSpace && len(out) > 0 && isWordByte(out[len(out)-1]) && isWordByte(c) {
			out = append(out, ' ')
		}
		pendingSpace = false
		out = append(out, c)
	}
	lineStart := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		atLineStart := lineStart
		lineStart = c == '\n'
		if len(stack) > 0 && (top() == ctxString || top() == ctxHeredoc) {
			switch {
			case top() == ctxString && c == '\\' && i+1 < len(src):
				out = append(out, c, src[i+1])
				i++
				continue
			case top() == ctxString && c == '"':
				stack = stack[:len(stack)-1]
			case top() == ctxHeredoc && atLineStart:
				line := src[i:]
				if j := bytes.IndexByte(line, '\n'); j >= 0 {
					line = line[:j]
				}
				if bytes.Equal(bytes.TrimSpace(line), markers[len(markers)-1]) {
					out = append(out, bytes.TrimSpace(line)...)
					i += len(line) - 1
					stack = stack[:len(stack)-1]
					markers = markers[:len(markers)-1]
					continue
				}
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				out = append(out, c, '{')
				i++
				stack = append(stack, ctxInterp)
				continue
			}
			out = append(out, c)
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			pendingSpace = true
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(src)
			}
			pendingSpace = true
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
				i += j + 3
			} else {
				i = len(src)
			}
			pendingSpace = true
		case c == '"':
			emit(c)
			stack = append(stack, ctxString)
		case c == '<':
			if m, n := heredocMarker(src[i:]); m != nil {
				emit('<')
				out = append(out, src[i+1:i+n]...)
				markers = append(markers, m)
				stack = append(stack, ctxHeredoc)
				i += n - 1
				lineStart = true
				continue
			}
			emit(c)
		case c == '{' || c == '(' || c == '[':
			emit(c)
			stack = append(stack, ctxBracket)
		case c == '}' || c == ')' || c == ']':
			emit(c)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		default:
			emit(c)
		}
	}
	return string(out)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
