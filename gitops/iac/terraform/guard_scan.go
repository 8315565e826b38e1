package terraform

import "bytes"

// scanContext is what the nesting scanner is inside.
type scanContext byte

const (
	ctxBracket scanContext = iota // ( [ {
	ctxInterp                     // ${ or %{ inside a string or heredoc
	ctxString                     // "..."
	ctxHeredoc                    // <<EOT ... EOT
)

// nativeTooDeep reports whether native-syntax source nests deeper than
// the parser may safely recurse into. It reads bytes rather than tokens:
// lexing a file twice (once here, once to parse) costs a third of a
// module's analysis. It over-counts rather than under-counts when the
// source is malformed, which only refuses files no one writes.
func nativeTooDeep(src []byte) bool {
	var stack []scanContext
	var markers [][]byte // heredoc end markers, innermost last
	unary, cond := 0, 0
	push := func(c scanContext) bool {
		stack = append(stack, c)
		return len(stack) > maxNesting
	}
	top := func() scanContext {
		if len(stack) == 0 {
			return ctxBracket
		}
		return stack[len(stack)-1]
	}
	pop := func() {
		if len(stack) > 0 {
			if stack[len(stack)-1] == ctxHeredoc {
				markers = markers[:len(markers)-1]
			}
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			cond = 0
		}
	}
	lineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		atLineStart := lineStart
		lineStart = c == '\n'
		inText := len(stack) > 0 && (top() == ctxString || top() == ctxHeredoc)
		if inText {
			switch {
			case top() == ctxString && c == '\\':
				i++
			case top() == ctxString && (c == '"' || c == '\n'):
				pop()
			case top() == ctxHeredoc && atLineStart:
				line := src[i:]
				if j := bytes.IndexByte(line, '\n'); j >= 0 {
					line = line[:j]
				}
				if bytes.Equal(bytes.TrimSpace(line), markers[len(markers)-1]) {
					i += len(line) - 1
					pop()
				}
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == c:
				i++ // $${ and %%{ are literal
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				i++
				if push(ctxInterp) {
					return true
				}
			}
			continue
		}
		if c == '!' || c == '-' {
			unary++
			if unary > maxUnaryRun {
				return true
			}
		} else if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			unary = 0
		}
		switch c {
		case '#':
			i = skipLine(src, i)
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				i = skipLine(src, i)
			} else if i+1 < len(src) && src[i+1] == '*' {
				if end := bytes.Index(src[i+2:], []byte("*/")); end >= 0 {
					i += end + 3
				} else {
					i = len(src)
				}
			}
		case '"':
			if push(ctxString) {
				return true
			}
		case '<':
			if m, n := heredocMarker(src[i:]); m != nil {
				markers = append(markers, m)
				i += n - 1
				lineStart = true
				if push(ctxHeredoc) {
					return true
				}
			}
		case '(', '[', '{':
			if push(ctxBracket) {
				return true
			}
		case ')', ']', '}':
			pop()
		case '?':
			cond++
			if cond > maxCondChain {
				return true
			}
		case '\n':
			if len(stack) == 0 {
				cond = 0
			}
			lineStart = true
		}
	}
	return false
}

// skipLine returns the index of the newline ending the line at i (the
// newline itself is then read by the caller's loop).
func skipLine(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j - 1
	}
	return len(src)
}

// heredocMarker reads "<<EOT\n" or "<<-EOT\n" at the start of b: the
// marker and the length of the opener including its newline.
func heredocMarker(b []byte) ([]byte, int) {
	if len(b) < 3 || b[0] != '<' || b[1] != '<' {
		return nil, 0
	}
	i := 2
	if b[i] == '-' {
		i++
	}
	start := i
	for i < len(b) && (b[i] == '_' || b[i] == '-' || b[i] >= 'a' && b[i] <= 'z' || b[i] >= 'A' && b[i] <= 'Z' || b[i] >= '0' && b[i] <= '9') {
		i++
	}
	if i == start {
		return nil, 0
	}
	marker := b[start:i]
	if i < len(b) && b[i] == '\r' {
		i++
	}
	if i >= len(b) || b[i] != '\n' {
		return nil, 0
	}
	return marker, i + 1
}
