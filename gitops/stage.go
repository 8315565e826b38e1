package gitops

import (
	"errors"

	"reef/gitops/textdiff"
)

// LineRef names one changed line of a FileDiff as the user saw it: its
// kind (textdiff.Delete or textdiff.Insert) and its line numbers (Old for
// a Delete, New for an Insert; the other is 0).
type LineRef struct {
	Kind     textdiff.Kind
	Old, New int
}

// ErrStale reports that a file changed on disk or in the index since its
// diff was shown: nothing was written, and the diff should be reloaded.
var ErrStale = errors.New("the file changed since its diff was shown: nothing was staged, the diff is refreshed")

// ErrLocked reports that another git process holds the index (or a ref)
// lock: nothing was written.
var ErrLocked = errors.New("another git process seems to be running in this repository")
