// Package commitmsg cleans commit messages the way git commit does:
// stripspace, comment lines (core.commentChar / core.commentString,
// "auto" included), the scissors line, and the checks that abort a commit
// with an empty or untouched message. It is pure: no files, no processes.
package commitmsg

import (
	"fmt"
	"strings"
)

// Mode is a cleanup mode, as commit.cleanup names them.
type Mode uint8

// Cleanup modes.
const (
	Verbatim   Mode = iota // the message as written
	Whitespace             // trailing spaces, leading/trailing blank lines, repeated blank lines
	Strip                  // Whitespace, and comment lines removed
	Scissors               // everything from the scissors line on removed, then Whitespace
)

func (m Mode) String() string {
	switch m {
	case Verbatim:
		return "verbatim"
	case Whitespace:
		return "whitespace"
	case Strip:
		return "strip"
	case Scissors:
		return "scissors"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode resolves a commit.cleanup value ("" when unset) as git
// commit does: "default" strips comments only when the message went
// through an editor (`git commit -m` keeps them), and "scissors" means
// Whitespace unless editing.
func ParseMode(value string, editing bool) (Mode, error) {
	switch value {
	case "", "default":
		if editing {
			return Strip, nil
		}
		return Whitespace, nil
	case "verbatim":
		return Verbatim, nil
	case "whitespace":
		return Whitespace, nil
	case "strip":
		return Strip, nil
	case "scissors":
		if editing {
			return Scissors, nil
		}
		return Whitespace, nil
	}
	return 0, fmt.Errorf("invalid cleanup mode %q in commit.cleanup: use default, verbatim, whitespace, strip or scissors", value)
}

// isSpace is git's isspace: only space, tab, newline and carriage return
// (not \v or \f, unlike C's).
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Stripspace is git's strbuf_stripspace: trailing whitespace removed from
// every line, blank lines at the start and end dropped, runs of blank
// lines squeezed to one, and a final newline added to a non-empty
// result. Lines starting with comment are dropped when it is not "".
func Stripspace(msg, comment string) string {
	var b strings.Builder
	b.Grow(len(msg) + 1)
	empties := 0
	for rest := msg; rest != ""; {
		line := rest
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = ""
		}
		if comment != "" && strings.HasPrefix(line, comment) {
			continue
		}
		n := len(line)
		for n > 0 && isSpace(line[n-1]) {
			n--
		}
		if n == 0 {
			empties++
			continue
		}
		if empties > 0 && b.Len() > 0 {
			b.WriteByte('\n')
		}
		empties = 0
		b.WriteString(line[:n])
		b.WriteByte('\n')
	}
	return b.String()
}

// CutLine is the scissors line without its comment prefix and space.
const CutLine = "------------------------ >8 ------------------------\n"

// CutLineBlock is what git writes for the scissors line: the line and
// its explanation, each commented with comment.
func CutLineBlock(comment string) string {
	return comment + " " + CutLine + Commented(comment, "Do not modify or remove the line above.\nEverything below it will be ignored.")
}

// LocateEnd is git's wt_status_locate_end: the length of msg before the
// scissors line (all of it when there is none).
func LocateEnd(msg, comment string) int {
	pattern := "\n" + comment + " " + CutLine
	if strings.HasPrefix(msg, pattern[1:]) {
		return 0
	}
	if i := strings.Index(msg, pattern); i >= 0 {
		return i + 1
	}
	return len(msg)
}

// Clean applies mode m to msg with comment as the comment prefix. verbose
// also cuts at the scissors line, as `git commit -v` does.
func Clean(msg string, m Mode, comment string, verbose bool) string {
	if verbose || m == Scissors {
		msg = msg[:LocateEnd(msg, comment)]
	}
	switch m {
	case Verbatim:
		return msg
	case Strip:
		return Stripspace(msg, comment)
	}
	return Stripspace(msg, "")
}

const signOffHeader = "Signed-off-by: "

// restIsEmpty reports whether msg[start:] holds only whitespace and
// Signed-off-by lines (git's rest_is_empty).
func restIsEmpty(msg string, start int) bool {
	for rest := msg[start:]; rest != ""; {
		line := rest
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			line, rest = rest[:nl], rest[nl+1:]
		} else {
			rest = ""
		}
		if strings.HasPrefix(line, signOffHeader) {
			continue
		}
		for i := 0; i < len(line); i++ {
			if !isSpace(line[i]) {
				return false
			}
		}
	}
	return true
}

// IsEmpty reports whether a cleaned message makes git abort with "Aborting
// commit due to empty commit message": nothing but whitespace and
// Signed-off-by lines (a verbatim message is empty only when it is "").
func IsEmpty(msg string, m Mode) bool {
	if m == Verbatim && msg != "" {
		return false
	}
	return restIsEmpty(msg, 0)
}

// TemplateUntouched reports whether a cleaned message is the commit
// template with nothing added but whitespace and sign-offs, which makes
// git abort with "you did not edit the message".
func TemplateUntouched(msg, template string, m Mode, comment string) bool {
	if m == Verbatim && msg != "" {
		return false
	}
	if template == "" {
		return false
	}
	if m == Strip {
		template = Stripspace(template, comment)
	} else {
		template = Stripspace(template, "")
	}
	start := 0
	if strings.HasPrefix(msg, template) {
		start = len(template)
	}
	return restIsEmpty(msg, start)
}

// Commented prefixes every line of text with comment as git's
// strbuf_add_commented_lines does: a space after the prefix except before
// a tab or on an empty line. The result ends with a newline.
func Commented(comment, text string) string {
	var b strings.Builder
	text = strings.TrimSuffix(text, "\n")
	for _, line := range strings.Split(text, "\n") {
		b.WriteString(comment)
		if line != "" && line[0] != '\t' {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
