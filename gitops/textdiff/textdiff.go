// Package textdiff makes line diffs the way git does: the same Myers
// algorithm with git's pre-processing and cost bounds, the same sliding of
// ambiguous changes (including the indent heuristic git enables by default),
// and the same hunk layout and headers. Matching git line for line matters
// because blame and the diff view must agree with what `git diff` and
// `git blame` print for the same commits.
//
// The package works on bytes and knows nothing about repositories: callers
// decide what is binary, write the "diff --git" headers and pick the
// whitespace mode.
package textdiff

import "bytes"

// Kind says which side of the diff a line belongs to. Its value is the
// prefix byte unified diffs print for it.
type Kind byte

// Line kinds.
const (
	Equal  Kind = ' '
	Delete Kind = '-'
	Insert Kind = '+'
)

// WSMode selects which whitespace differences make two lines unequal,
// mirroring git's options of the same meaning.
type WSMode uint8

// Whitespace modes.
const (
	// WSNone compares lines byte for byte (git's default).
	WSNone WSMode = iota
	// IgnoreSpaceAtEOL ignores whitespace at the end of lines
	// (--ignore-space-at-eol).
	IgnoreSpaceAtEOL
	// IgnoreSpaceChange ignores changes in the amount of whitespace and
	// whitespace at the end of lines (-b).
	IgnoreSpaceChange
	// IgnoreAllSpace ignores all whitespace (-w).
	IgnoreAllSpace
)

// Span is a changed run inside Line.Text, as byte offsets [Start, End)
// that are valid for slicing Text.
type Span struct{ Start, End int }

// Line is one line of a hunk.
type Line struct {
	Kind Kind
	// Old and New are 1-based line numbers; 0 when the line does not exist
	// on that side (Old is 0 for an Insert, New is 0 for a Delete).
	Old, New int
	// Text is the line without its "\n"; the "\r" of a CRLF line stays.
	// Equal lines carry the new side's text, as git shows them, which
	// matters when a whitespace mode makes different lines equal.
	Text string
	// NoEOL marks the last line of its side when the file does not end
	// with a newline (git's "\ No newline at end of file"). For Equal lines
	// it describes the new side, as git prints it.
	NoEOL bool
	// Spans are the changed runs of a Delete paired with an Insert (or the
	// reverse) when Options.IntraLine is set, in order. They are empty but
	// not nil when the partner only added or removed words elsewhere, and
	// nil when the line is unpaired, longer than 1000 bytes, or too
	// different from its partner for word emphasis to help.
	Spans []Span
}

// Hunk is one "@@" section of a unified diff.
type Hunk struct {
	// OldStart and NewStart are what git prints in the header: the first
	// line of the hunk (1-based), or, when that side has no lines in the
	// hunk, the line after which the other side's lines go (0 at the top).
	OldStart, OldLines int
	NewStart, NewLines int
	// Section is the text git prints after the header: the nearest line
	// above the hunk in the old file that starts with a letter, "_" or "$"
	// (git's rule when no diff driver sets a funcname pattern), trimmed
	// and cut to 80 bytes. Empty when there is none.
	Section string
	Lines   []Line
}

// Options tunes Diff. The zero value is git's default: three lines of
// context, whitespace significant, no intra-line spans.
type Options struct {
	// Context is the number of context lines around changes: 0 means the
	// default 3 and a negative value means none (git's -U0).
	Context int
	// Whitespace selects which whitespace differences are ignored.
	Whitespace WSMode
	// IntraLine computes Line.Spans for paired changed lines.
	IntraLine bool
}

// DefaultContext is git's default number of context lines.
const DefaultContext = 3

func (o Options) context() int {
	switch {
	case o.Context == 0:
		return DefaultContext
	case o.Context < 0:
		return 0
	}
	return o.Context
}

// Edit is one change of an edit script: the old lines [OldStart, OldEnd)
// are replaced by the new lines [NewStart, NewEnd). Indexes are 0-based;
// one of the two ranges may be empty, never both.
type Edit struct{ OldStart, OldEnd, NewStart, NewEnd int }

// Diff compares old and new and returns the hunks of their unified diff, or
// nil when they are equal (under the chosen whitespace mode). Binary
// detection is the caller's job: Diff treats any bytes as lines.
func Diff(old, new []byte, o Options) []Hunk {
	ctx := o.context()
	a, b := newFile(old), newFile(new)
	edits := script(a, b, o.Whitespace, ctx == 0)
	if len(edits) == 0 {
		return nil
	}
	// More context than either file has lines changes nothing; capping it
	// keeps 2*ctx from overflowing.
	hunks := buildHunks(a, b, edits, min(ctx, max(a.len(), b.len())))
	if o.IntraLine {
		for i := range hunks {
			addSpans(hunks[i].Lines)
		}
	}
	return hunks
}

// Edits returns the edit script git finds between two files given as lines
// with their terminators (as SplitLines returns them). It is what git's
// zero-context users see, blame first among them: like `git diff -U0`, it
// includes git's trimming of a long common tail before diffing, which can
// change where an ambiguous change is placed near the end of a file.
func Edits(old, new [][]byte, ws WSMode) []Edit {
	return script(joinLines(old), joinLines(new), ws, true)
}

// Stat counts the added and deleted lines of hunks, like git's --numstat.
func Stat(hunks []Hunk) (added, deleted int) {
	for _, h := range hunks {
		for _, l := range h.Lines {
			switch l.Kind {
			case Insert:
				added++
			case Delete:
				deleted++
			}
		}
	}
	return added, deleted
}

// SplitLines cuts b into lines the way git does: each line keeps its "\n"
// (so "\r\n" lines keep both bytes) and the last line may have none.
// The lines share b's memory; joining them gives b back. An empty input
// has no lines.
func SplitLines(b []byte) [][]byte {
	if len(b) == 0 {
		return nil
	}
	n := bytes.Count(b, []byte{'\n'})
	if b[len(b)-1] != '\n' {
		n++
	}
	lines := make([][]byte, 0, n)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b) - 1
		}
		lines = append(lines, b[:i+1:i+1])
		b = b[i+1:]
	}
	return lines
}
