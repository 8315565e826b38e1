package terraform

import (
	"bytes"
	"fmt"

	"reef/gitops/iac"
)

// The HCL parsers and reef's own tree walks recurse once per nesting level,
// and Go cannot recover from a stack overflow, so input nested deeper than
// any real configuration is refused before it is parsed.
const (
	maxNesting   = 200  // brackets, braces, parentheses, templates
	maxUnaryRun  = 100  // "!!!!x" and "----x" recurse per operator
	maxCondChain = 2000 // "a ? b : c ? d : ..." recurses per "?"; counted per top-level block
)

// refusal says why a file is not parsed at all; "" when it may be.
func refusal(src []byte) string {
	if len(src) > iac.MaxFileBytes {
		return fmt.Sprintf("larger than %d MiB", iac.MaxFileBytes>>20)
	}
	head := src
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return "binary content"
	}
	return ""
}

// jsonTooDeep reports whether JSON nests beyond maxNesting.
func jsonTooDeep(src []byte) bool {
	depth := 0
	inString, escaped := false, false
	for _, c := range src {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > maxNesting {
				return true
			}
		case '}', ']':
			if depth > 0 {
				depth--
			}
		}
	}
	return false
}
