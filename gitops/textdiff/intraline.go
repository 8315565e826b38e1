package textdiff

import (
	"slices"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// This file finds the changed words inside changed lines, for emphasis in
// the diff view. Deleted and inserted lines of one change are paired, then
// each pair is diffed at word granularity: every word, run of whitespace
// and punctuation byte becomes one rune (diffmatchpatch's line-to-rune
// trick applied to words), the rune strings are diffed and cleaned up
// semantically, and the changed runs are mapped back to byte offsets, so a
// span always covers whole words and never splits a UTF-8 sequence.

const (
	// maxSpanLine: longer lines (minified code, data) get no spans; a word
	// diff of them costs more than the emphasis helps.
	maxSpanLine = 1000
	// minSimilarityPct: a pair whose unchanged part is less than this share
	// of its bytes gets no spans; emphasising nearly everything says
	// nothing the line colours do not already say.
	minSimilarityPct = 30
	// maxAlignCells bounds the similarity alignment of changes with
	// unequal numbers of deleted and inserted lines (cells = dels * ins);
	// larger changes are paired by position.
	maxAlignCells = 2500
	// tokenRuneBase is the first rune tokens are mapped to (the Private Use
	// Area, so no token rune is a surrogate or has special meaning).
	tokenRuneBase = 0xE000
)

// addSpans sets Spans on the paired lines of each change in a hunk.
func addSpans(lines []Line) {
	for i := 0; i < len(lines); {
		if lines[i].Kind != Delete {
			i++
			continue
		}
		d := i
		for i < len(lines) && lines[i].Kind == Delete {
			i++
		}
		n := i
		for i < len(lines) && lines[i].Kind == Insert {
			i++
		}
		dels, ins := lines[d:n], lines[n:i]
		for _, p := range pairLines(dels, ins) {
			spanPair(&dels[p[0]], &ins[p[1]])
		}
	}
}

// pairLines pairs the k-th deleted line with the k-th inserted one when the
// counts match, as reviewers read such changes. Otherwise it aligns lines
// in order by shared words, so a line inserted in the middle does not shift
// every later pair; huge changes fall back to pairing by position.
func pairLines(dels, ins []Line) [][2]int {
	nd, ni := len(dels), len(ins)
	if nd == 0 || ni == 0 {
		return nil
	}
	if nd == ni || nd*ni > maxAlignCells {
		pairs := make([][2]int, min(nd, ni))
		for k := range pairs {
			pairs[k] = [2]int{k, k}
		}
		return pairs
	}
	bd, bi := make([][]string, nd), make([][]string, ni)
	for k := range dels {
		bd[k] = wordBag(dels[k].Text)
	}
	for k := range ins {
		bi[k] = wordBag(ins[k].Text)
	}
	// best[x][y]: the largest total similarity pairing dels[x:] with ins[y:].
	best := make([][]int, nd+1)
	for x := range best {
		best[x] = make([]int, ni+1)
	}
	sim := func(x, y int) int {
		s := bagSimilarity(bd[x], bi[y])
		if s < minSimilarityPct {
			return -1
		}
		return s
	}
	for x := nd - 1; x >= 0; x-- {
		for y := ni - 1; y >= 0; y-- {
			v := max(best[x+1][y], best[x][y+1])
			if s := sim(x, y); s >= 0 {
				v = max(v, best[x+1][y+1]+s)
			}
			best[x][y] = v
		}
	}
	var pairs [][2]int
	for x, y := 0, 0; x < nd && y < ni; {
		if s := sim(x, y); s >= 0 && best[x][y] == best[x+1][y+1]+s {
			pairs = append(pairs, [2]int{x, y})
			x, y = x+1, y+1
		} else if best[x][y] == best[x+1][y] {
			x++
		} else {
			y++
		}
	}
	return pairs
}

// wordBag is the sorted list of a line's non-space tokens.
func wordBag(s string) []string {
	var out []string
	for _, t := range tokens(s) {
		if w := s[t.Start:t.End]; !isBlankToken(w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// bagSimilarity is the Dice coefficient of two word bags, in percent.
func bagSimilarity(a, b []string) int {
	if len(a)+len(b) == 0 {
		return 100
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 200 * common / (len(a) + len(b))
}

// spanPair sets the changed runs of a deleted line and its inserted partner.
func spanPair(del, ins *Line) {
	a, b := del.Text, ins.Text
	if len(a) > maxSpanLine || len(b) > maxSpanLine {
		return
	}
	ta, tb := tokens(a), tokens(b)
	ids := make(map[string]rune, len(ta)+len(tb))
	ra, rb := tokenRunes(a, ta, ids), tokenRunes(b, tb, ids)
	if 100*2*sharedBytes(a, ta, ra, rb) < minSimilarityPct*(len(a)+len(b)) {
		return // even if every shared token matched, too little would
	}

	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // lines are short; a deadline would make spans depend on load
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))

	var sa, sb []Span
	i, j, same := 0, 0, 0
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if i+n > len(ta) || j+n > len(tb) {
				return
			}
			same += ta[i+n-1].End - ta[i].Start + tb[j+n-1].End - tb[j].Start
			i, j = i+n, j+n
		case diffmatchpatch.DiffDelete:
			if i+n > len(ta) {
				return
			}
			sa = addSpan(sa, Span{ta[i].Start, ta[i+n-1].End})
			i += n
		case diffmatchpatch.DiffInsert:
			if j+n > len(tb) {
				return
			}
			sb = addSpan(sb, Span{tb[j].Start, tb[j+n-1].End})
			j += n
		}
	}
	if i != len(ta) || j != len(tb) || 100*same < minSimilarityPct*(len(a)+len(b)) {
		return
	}
	// Paired lines get a non-nil slice even when one side only gained or
	// lost words, so "paired, nothing changed here" differs from "unpaired".
	if sa == nil {
		sa = []Span{}
	}
	if sb == nil {
		sb = []Span{}
	}
	del.Spans, ins.Spans = sa, sb
}

// sharedBytes bounds the unchanged bytes of a pair from above: the bytes of
// the tokens of a that also occur in b, counted no more often than in b.
// It lets spanPair skip the word diff of lines that cannot be similar.
func sharedBytes(a string, ta []Span, ra, rb []rune) int {
	left := make(map[rune]int, len(rb))
	for _, r := range rb {
		left[r]++
	}
	n := 0
	for k, r := range ra {
		if left[r] > 0 {
			left[r]--
			n += ta[k].End - ta[k].Start
		}
	}
	return n
}

// addSpan appends s, merging it with the previous span when they touch.
func addSpan(spans []Span, s Span) []Span {
	if s.Start == s.End {
		return spans
	}
	if n := len(spans); n > 0 && spans[n-1].End == s.Start {
		spans[n-1].End = s.End
		return spans
	}
	return append(spans, s)
}

// tokenRunes maps each token of s to a rune, the same rune for the same
// token text on either line.
func tokenRunes(s string, toks []Span, ids map[string]rune) []rune {
	out := make([]rune, len(toks))
	for k, t := range toks {
		w := s[t.Start:t.End]
		r, ok := ids[w]
		if !ok {
			r = tokenRuneBase + rune(len(ids))
			ids[w] = r
		}
		out[k] = r
	}
	return out
}

// tokens cuts s into words (letters, digits, '_' and any non-ASCII byte, so
// UTF-8 text stays whole), runs of whitespace, and single punctuation bytes.
func tokens(s string) []Span {
	var out []Span
	for i := 0; i < len(s); {
		j := i + 1
		switch c := s[i]; {
		case isWordByte(c):
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
		case isBlankByte(c):
			for j < len(s) && isBlankByte(s[j]) {
				j++
			}
		}
		out = append(out, Span{i, j})
		i = j
	}
	return out
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

func isBlankByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

func isBlankToken(w string) bool { return isBlankByte(w[0]) }
