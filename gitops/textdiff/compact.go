package textdiff

// This file moves changes to where a reader expects them. A run of added
// (or deleted) lines whose first line equals the line after it can slide
// down, and one whose last line equals the line before it can slide up,
// without changing the diff's meaning. Like git, each run is first slid as
// far as it goes (merging with runs it bumps into), then placed: level
// with a change on the other side when it can be, otherwise where the
// indent heuristic scores best. Git enables that heuristic by default
// (diff.indentHeuristic); its scoring, by Michael Haggerty, rates each
// possible cut by the blank lines and indentation around it, and the
// weights below are the ones git tuned on a corpus of real commits, so
// they must stay as they are for our hunks to match git's.

// side is one file as the compaction sees it.
type side struct {
	f     *file
	class []int32
	ch    []bool // line i changed at ch[i+1]; ch[0] and ch[len] stay false
}

func (s *side) changed(i int) bool { return s.ch[i+1] }

// group is a run of changed lines [start, end); when empty it sits just
// above the unchanged line start.
type group struct{ start, end int }

func (s *side) firstGroup() group {
	g := group{}
	for s.changed(g.end) {
		g.end++
	}
	return g
}

// next moves g to the following group; false at the end of the file.
func (s *side) next(g *group) bool {
	if g.end == len(s.class) {
		return false
	}
	g.start = g.end + 1
	g.end = g.start
	for s.changed(g.end) {
		g.end++
	}
	return true
}

// prev moves g to the preceding group; false at the start of the file.
func (s *side) prev(g *group) bool {
	if g.start == 0 {
		return false
	}
	g.end = g.start - 1
	g.start = g.end
	for s.changed(g.start - 1) {
		g.start--
	}
	return true
}

// slideDown moves g one line down when its first line equals the line
// after it, absorbing a group it runs into.
func (s *side) slideDown(g *group) bool {
	if g.end >= len(s.class) || s.class[g.start] != s.class[g.end] {
		return false
	}
	s.ch[g.start+1] = false
	s.ch[g.end+1] = true
	g.start++
	g.end++
	for s.changed(g.end) {
		g.end++
	}
	return true
}

// slideUp moves g one line up when its last line equals the line before
// it, absorbing a group it runs into.
func (s *side) slideUp(g *group) bool {
	if g.start == 0 || s.class[g.start-1] != s.class[g.end-1] {
		return false
	}
	g.start--
	g.end--
	s.ch[g.start+1] = true
	s.ch[g.end+1] = false
	for s.changed(g.start - 1) {
		g.start--
	}
	return true
}

// mustStep panics when the groups of the two sides fall out of step, which
// would mean the changed flags no longer describe a valid edit script.
func mustStep(ok bool, where string) {
	if !ok {
		panic("textdiff: change groups out of step " + where)
	}
}

// compact slides the changes of s, keeping the groups of the other side o
// in step (o's group between the same unchanged lines).
func compact(s, o *side) {
	g, og := s.firstGroup(), o.firstGroup()
	for {
		if g.end != g.start {
			var size, earliestEnd int
			for {
				size = g.end - g.start
				alignedEnd := -1 // an end where g lines up with a change of o
				for s.slideUp(&g) {
					mustStep(o.prev(&og), "sliding up")
				}
				earliestEnd = g.end
				if og.end > og.start {
					alignedEnd = g.end
				}
				for s.slideDown(&g) {
					mustStep(o.next(&og), "sliding down")
					if og.end > og.start {
						alignedEnd = g.end
					}
				}
				if size == g.end-g.start {
					if g.end != earliestEnd {
						s.place(&g, &og, o, size, earliestEnd, alignedEnd)
					}
					break
				}
			}
		}
		if !s.next(&g) {
			break
		}
		mustStep(o.next(&og), "moving on")
	}
	mustStep(!o.next(&og), "at the end")
}

// place slides the group, now as low as it goes, back up to its best spot:
// level with the lowest change of the other side it can line up with, or
// else where the indent heuristic scores best.
func (s *side) place(g, og *group, o *side, size, earliestEnd, alignedEnd int) {
	if alignedEnd != -1 {
		for og.end == og.start {
			mustStep(s.slideUp(g), "aligning")
			mustStep(o.prev(og), "aligning")
		}
		return
	}
	best := s.bestShift(*g, size, earliestEnd)
	for g.end > best {
		mustStep(s.slideUp(g), "placing")
		mustStep(o.prev(og), "placing")
	}
}

// maxSliding bounds how many positions the indent heuristic scores.
const maxSliding = 100

// bestShift scores the end positions the group can take, from the lowest
// (where it is now) up to size+1 positions higher (never more than
// maxSliding, never above where it can go), and returns the best one; on
// a tie the position further down the file wins.
func (s *side) bestShift(g group, size, earliestEnd int) int {
	shift := max(earliestEnd, g.end-size-1, g.end-maxSliding)
	best := -1
	var bestScore splitScore
	for ; shift <= g.end; shift++ {
		var sc splitScore
		sc.add(s.measure(shift))
		sc.add(s.measure(shift - size))
		if best == -1 || sc.cmp(bestScore) <= 0 {
			bestScore, best = sc, shift
		}
	}
	return best
}

const (
	maxIndent = 200 // indentation beyond this is not measured
	maxBlanks = 20  // blank lines beyond this are not counted
)

// indent is the indentation of line in columns (tabs to multiples of 8),
// or -1 for a line of only whitespace.
func indent(line []byte) int {
	n := 0
	for _, c := range line {
		switch {
		case !isSpace(c):
			return n
		case c == ' ':
			n++
		case c == '\t':
			n += 8 - n%8
		}
		if n >= maxIndent {
			return maxIndent
		}
	}
	return -1
}

// cut describes the surroundings of a cut just above line split.
type cut struct {
	endOfFile  bool
	indent     int // of the line after the cut, -1 if blank
	preBlank   int // blank lines just above the cut
	preIndent  int // of the first non-blank line above, -1 if none
	postBlank  int // blank lines after the line after the cut
	postIndent int // of the first non-blank line after those, -1 if none
}

func (s *side) measure(split int) cut {
	var c cut
	n := s.f.len()
	if split >= n {
		c.endOfFile, c.indent = true, -1
	} else {
		c.indent = indent(s.f.line(split))
	}
	c.preIndent = -1
	for i := split - 1; i >= 0; i-- {
		if c.preIndent = indent(s.f.line(i)); c.preIndent != -1 {
			break
		}
		if c.preBlank++; c.preBlank == maxBlanks {
			c.preIndent = 0
			break
		}
	}
	c.postIndent = -1
	for i := split + 1; i < n; i++ {
		if c.postIndent = indent(s.f.line(i)); c.postIndent != -1 {
			break
		}
		if c.postBlank++; c.postBlank == maxBlanks {
			c.postIndent = 0
			break
		}
	}
	return c
}

// Weights of the indent heuristic (git's tuned values; larger is worse).
const (
	startOfFilePenalty              = 1   // no non-blank line above
	endOfFilePenalty                = 21  // no non-blank line below
	totalBlankWeight                = -30 // per blank line around the cut
	postBlankWeight                 = 6   // per blank line below the cut
	relativeIndentPenalty           = -4  // next line indented more than previous
	relativeIndentWithBlankPenalty  = 10
	relativeOutdentPenalty          = 24 // less than both previous and following
	relativeOutdentWithBlankPenalty = 17
	relativeDedentPenalty           = 23 // less than previous, not following
	relativeDedentWithBlankPenalty  = 17
	indentWeight                    = 60 // weight of comparing effective indents
)

// splitScore accumulates the badness of a group position (both its cuts).
type splitScore struct{ effectiveIndent, penalty int }

func (sc *splitScore) add(c cut) {
	if c.preIndent == -1 && c.preBlank == 0 {
		sc.penalty += startOfFilePenalty
	}
	if c.endOfFile {
		sc.penalty += endOfFilePenalty
	}
	postBlank := 0
	if c.indent == -1 {
		postBlank = 1 + c.postBlank
	}
	totalBlank := c.preBlank + postBlank
	sc.penalty += totalBlankWeight*totalBlank + postBlankWeight*postBlank

	ind := c.indent
	if ind == -1 {
		ind = c.postIndent
	}
	blanks := totalBlank != 0
	sc.effectiveIndent += ind
	switch {
	case ind == -1 || c.preIndent == -1 || ind == c.preIndent:
	case ind > c.preIndent:
		sc.penalty += pick(blanks, relativeIndentWithBlankPenalty, relativeIndentPenalty)
	case c.postIndent != -1 && c.postIndent > ind:
		// Less indented than the line above but not the line below: likely
		// the start of a new block.
		sc.penalty += pick(blanks, relativeOutdentWithBlankPenalty, relativeOutdentPenalty)
	default:
		// Likely the end of a block.
		sc.penalty += pick(blanks, relativeDedentWithBlankPenalty, relativeDedentPenalty)
	}
}

func pick(cond bool, yes, no int) int {
	if cond {
		return yes
	}
	return no
}

// cmp is negative when sc is better than o.
func (sc splitScore) cmp(o splitScore) int {
	c := 0
	if sc.effectiveIndent > o.effectiveIndent {
		c = 1
	} else if sc.effectiveIndent < o.effectiveIndent {
		c = -1
	}
	return indentWeight*c + sc.penalty - o.penalty
}
