package commitmsg

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultComment is the comment prefix when nothing is configured.
const DefaultComment = "#"

// ParseComment reads a core.commentChar or core.commentString value: the
// prefix, or auto when it is "auto" (any case), meaning AutoComment picks
// one per message. noValue is a variable written without "=".
func ParseComment(key, value string, noValue bool) (prefix string, auto bool, err error) {
	switch {
	case noValue:
		return "", false, fmt.Errorf("missing value for '%s' in the git configuration", key)
	case strings.EqualFold(value, "auto"):
		return DefaultComment, true, nil
	case value == "":
		return "", false, fmt.Errorf("%s must have at least one character: fix the git configuration", key)
	case strings.ContainsRune(value, '\n'):
		return "", false, fmt.Errorf("%s cannot contain newline: fix the git configuration", key)
	}
	return value, false, nil
}

// autoCandidates are the characters git tries, in order, for
// core.commentChar=auto.
const autoCandidates = "#;@!$%^&|:"

// ErrNoCommentChar is AutoComment's failure: every candidate starts a
// line of the message.
var ErrNoCommentChar = errors.New("unable to select a comment character that is not used in the current commit message: set core.commentChar")

// AutoComment picks the comment character for msg as git does for
// core.commentChar=auto: "#" when msg has no "#" at all, else the first of
// #;@!$%^&|: that starts no line.
func AutoComment(msg string) (string, error) {
	if !strings.Contains(msg, "#") {
		return "#", nil
	}
	used := [256]bool{}
	if msg != "" {
		used[msg[0]] = true
	}
	for i := 0; i+1 < len(msg); i++ {
		if msg[i] == '\n' || msg[i] == '\r' {
			used[msg[i+1]] = true
		}
	}
	for i := 0; i < len(autoCandidates); i++ {
		if c := autoCandidates[i]; !used[c] {
			return string(c), nil
		}
	}
	return "", ErrNoCommentChar
}
