package gitops

import "sort"

// The line-range algebra of git log -L (git's line-log.c), kept to the
// letter: which commits git shows depends on its exact rules, quirks
// included (a deletion at the very edge of a range does not touch it; a
// deletion inside one that no hunk touches shortens it in the parent).

// span is a run of lines [start, end), 0-based.
type span struct{ start, end int }

// spanDiff is a diff as parallel runs: hunk i replaced the parent's lines
// parent[i] by the commit's lines target[i] (one side may be empty).
type spanDiff struct{ parent, target []span }

// pathSpans are the tracked lines of one file, sorted, disjoint, non-empty.
type pathSpans struct {
	path  string
	spans []span
}

// lineSet is what a commit tracks: spans per file, sorted by path.
type lineSet []pathSpans

func (s lineSet) find(path string) int {
	for i := range s {
		if s[i].path == path {
			return i
		}
	}
	return -1
}

func (s lineSet) clone() lineSet {
	out := make(lineSet, len(s))
	for i, p := range s {
		out[i] = pathSpans{path: p.path, spans: append([]span(nil), p.spans...)}
	}
	return out
}

// trim drops files with no lines left: they can never make git show a
// commit again, so a walk holding only those is over.
func (s lineSet) trim() lineSet {
	out := s[:0]
	for _, p := range s {
		if len(p.spans) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// mergeLines is the union of two sets, file by file (git's
// line_log_data_merge, for a commit reached from several children).
func mergeLines(a, b lineSet) lineSet {
	out := a.clone()
	for _, p := range b {
		if i := out.find(p.path); i >= 0 {
			out[i].spans = unionSpans(out[i].spans, p.spans)
			continue
		}
		out = append(out, pathSpans{path: p.path, spans: unionSpans(nil, p.spans)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out.trim()
}

// unionSpans merges two sorted span lists into canonical form: empty
// spans dropped, overlapping and adjacent ones joined.
func unionSpans(a, b []span) []span {
	var out []span
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var s span
		switch {
		case i < len(a) && j < len(b):
			switch {
			case a[i].start < b[j].start:
				s, i = a[i], i+1
			case a[i].start > b[j].start:
				s, j = b[j], j+1
			case a[i].end < b[j].end:
				s, i = a[i], i+1
			default:
				s, j = b[j], j+1
			}
		case i < len(a):
			s, i = a[i], i+1
		default:
			s, j = b[j], j+1
		}
		switch n := len(out); {
		case s.start == s.end:
		case n == 0 || out[n-1].end < s.start:
			out = append(out, s)
		case out[n-1].end < s.end:
			out[n-1].end = s.end
		}
	}
	return out
}

// differenceSpans is a minus b: the tracked lines the commit did not write.
func differenceSpans(a, b []span) []span {
	var out []span
	j := 0
	for _, r := range a {
		start, end := r.start, r.end
		for start < end {
			for j < len(b) && start >= b[j].end {
				j++
			}
			if j >= len(b) || end < b[j].start {
				out = append(out, span{start, end})
				break
			}
			if start >= b[j].start {
				start = b[j].end
			} else if end > b[j].start {
				if start < b[j].start {
					out = append(out, span{start, b[j].start})
				}
				start = b[j].end
			}
		}
	}
	return out
}

func spansOverlap(a, b span) bool { return !(a.end <= b.start || b.end <= a.start) }

// touchedHunks keeps the hunks of d whose commit side overlaps a tracked
// span. rs must not be empty.
func touchedHunks(d spanDiff, rs []span) spanDiff {
	var out spanDiff
	j := 0
	for i, t := range d.target {
		for t.start > rs[j].end {
			j++
			if j == len(rs) {
				return out
			}
		}
		if spansOverlap(t, rs[j]) {
			out.parent = append(out.parent, d.parent[i])
			out.target = append(out.target, t)
		}
	}
	return out
}

// shiftSpans moves spans by the lines the hunks above them added or removed.
func shiftSpans(rs []span, d spanDiff) []span {
	out := make([]span, 0, len(rs))
	j, offset := 0, 0
	for _, r := range rs {
		for j < len(d.target) && r.start >= d.target[j].start {
			offset += (d.parent[j].end - d.parent[j].start) - (d.target[j].end - d.target[j].start)
			j++
		}
		out = append(out, span{r.start + offset, r.end + offset})
	}
	return out
}

// mapAcrossDiff says where the tracked lines rs of a commit's file were in
// its parent: the lines a touching hunk wrote are replaced by what that
// hunk replaced, the others are shifted. It also returns the touching
// hunks, which are the commit's change to the lines.
func mapAcrossDiff(rs []span, d spanDiff) ([]span, spanDiff) {
	touched := touchedHunks(d, rs)
	kept := shiftSpans(differenceSpans(rs, touched.target), d)
	return unionSpans(kept, touched.parent), touched
}
