package blame

import (
	"sort"

	"reef/gitops/textdiff"
)

// splitRuns divides an origin's suspected runs (ordered by orig line) by
// the edit script from its parent's file (old) to its own (new): lines
// outside every edit are passed to the parent at their line there, lines
// inside an edit's new range stay. Runs may overlap (two final lines can
// come from one line through different merge parents), so each run finds
// its first edit by binary search rather than by a shared cursor.
func splitRuns(runs []run, edits []textdiff.Edit) (passed, kept []run) {
	if len(edits) == 0 {
		return runs, nil
	}
	for _, r := range runs {
		s, end, f := r.orig, r.orig+r.n, r.final
		// The first edit not wholly before s; a pure deletion at s is
		// before it (it only moves the lines from s on).
		i := sort.Search(len(edits), func(k int) bool {
			return edits[k].NewEnd > s || edits[k].NewStart > s
		})
		off := 0
		if i > 0 {
			off = edits[i-1].OldEnd - edits[i-1].NewEnd
		}
		for s < end {
			if i < len(edits) && edits[i].NewStart <= s {
				// Inside the edit's new lines: this commit's own.
				stop := min(end, edits[i].NewEnd)
				kept = appendRun(kept, run{final: f, orig: s, n: stop - s})
				f += stop - s
				s = stop
				off = edits[i].OldEnd - edits[i].NewEnd
				i++
				continue
			}
			stop := end
			if i < len(edits) {
				stop = min(end, edits[i].NewStart)
			}
			if stop > s {
				passed = appendRun(passed, run{final: f, orig: s + off, n: stop - s})
				f += stop - s
				s = stop
			}
			if i < len(edits) && edits[i].NewStart == s && edits[i].NewEnd == s {
				// A pure deletion here: the lines after it sit further
				// down in the parent.
				off = edits[i].OldEnd - edits[i].NewEnd
				i++
			}
		}
	}
	return passed, kept
}

// appendRun adds r, joining it to the last run when it continues it.
func appendRun(rs []run, r run) []run {
	if n := len(rs); n > 0 {
		last := &rs[n-1]
		if last.final+last.n == r.final && last.orig+last.n == r.orig {
			last.n += r.n
			return rs
		}
	}
	return append(rs, r)
}
