package textdiff

import (
	"bytes"
	"fmt"
)

// Pick builds the file between old and new that takes only some of the
// changes of their diff: keep reports, for each Delete and Insert line of
// hunks, whether that line is in the result. Staging selected lines keeps
// the unselected Deletes and the selected Inserts; reverting them (unstage,
// discard) starts from the other end and keeps the selected Deletes and
// unselected Inserts. hunks must be Diff(old, new) with whitespace
// significant (Equal lines are copied from old).
//
// A line taken from the end of a file without a final newline gets one
// when another line follows it, so a partial result never joins two lines.
func Pick(old, new []byte, hunks []Hunk, keep func(Line) bool) ([]byte, error) {
	a, b := SplitLines(old), SplitLines(new)
	out := make([]byte, 0, max(len(old), len(new)))
	add := func(line []byte) {
		if n := len(out); n > 0 && out[n-1] != '\n' {
			if bytes.HasSuffix(line, []byte("\r\n")) {
				out = append(out, '\r')
			}
			out = append(out, '\n')
		}
		out = append(out, line...)
	}
	next := 0 // old lines before next are in out
	upTo := func(n int) error {
		if n > len(a) || n < next {
			return fmt.Errorf("textdiff.Pick: hunk line %d out of order (at %d of %d)", n, next, len(a))
		}
		for ; next < n; next++ {
			add(a[next])
		}
		return nil
	}
	// A change block (its deletions, then its insertions) is emitted row
	// by row, the k-th old line beside the k-th new one, as the
	// side-by-side view pairs them: staging one replaced line puts the
	// new line where the old one was, not after the rest of the block.
	var dels, ins []Line
	flush := func() error {
		if len(dels) > 0 {
			if err := upTo(dels[0].Old - 1); err != nil {
				return err
			}
		}
		for k := 0; k < max(len(dels), len(ins)); k++ {
			if k < len(dels) {
				if keep(dels[k]) {
					add(a[dels[k].Old-1])
				}
				next = dels[k].Old
			}
			if k < len(ins) {
				l := ins[k]
				if l.New < 1 || l.New > len(b) {
					return fmt.Errorf("textdiff.Pick: new line %d of %d", l.New, len(b))
				}
				if keep(l) {
					add(b[l.New-1])
				}
			}
		}
		dels, ins = dels[:0], ins[:0]
		return nil
	}
	for _, h := range hunks {
		for _, l := range h.Lines {
			switch l.Kind {
			case Equal:
				if err := flush(); err != nil {
					return nil, err
				}
				if err := upTo(l.Old); err != nil {
					return nil, err
				}
			case Delete:
				if len(ins) > 0 {
					if err := flush(); err != nil {
						return nil, err
					}
				}
				dels = append(dels, l)
			case Insert:
				ins = append(ins, l)
			}
		}
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := upTo(len(a)); err != nil {
		return nil, err
	}
	return out, nil
}
