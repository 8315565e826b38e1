package gitops

import (
	"errors"
	"io"
)

// limit is the -n bookkeeping shared by the paged histories.
type limit struct {
	max   int // 0: none
	count int
	done  bool
}

// room caps a page request; false when the history is over.
func (l *limit) room(n int) (int, bool) {
	if l.done {
		return 0, false
	}
	if l.max > 0 && l.count+n > l.max {
		n = l.max - l.count
	}
	if n <= 0 {
		l.done = true
		return 0, false
	}
	return n, true
}

// took records a page of k entries that the walk returned with err, and
// says what the caller returns: io.EOF only for an empty last page.
func (l *limit) took(k int, err error) error {
	l.count += k
	if errors.Is(err, io.EOF) || (l.max > 0 && l.count >= l.max) {
		l.done = true
		if k == 0 {
			return io.EOF
		}
		return nil
	}
	return err
}
