package textdiff

import "strings"

// buildHunks lays the edit script out as git does: edits closer than
// 2*ctx unchanged lines share a hunk, each hunk has up to ctx lines of
// context on both ends, and context lines show the new file's text.
func buildHunks(a, b *file, edits []Edit, ctx int) []Hunk {
	var hunks []Hunk
	sec := sectionFinder{f: a, prev: -1}
	for i := 0; i < len(edits); {
		j := i
		for j+1 < len(edits) && edits[j+1].OldStart-edits[j].OldEnd <= 2*ctx {
			j++
		}
		first, last := edits[i], edits[j]
		s1, s2 := max(first.OldStart-ctx, 0), max(first.NewStart-ctx, 0)
		post := min(ctx, a.len()-last.OldEnd, b.len()-last.NewEnd)
		e1, e2 := last.OldEnd+post, last.NewEnd+post

		dels := 0
		for _, e := range edits[i : j+1] {
			dels += e.OldEnd - e.OldStart
		}
		h := Hunk{
			OldStart: headerStart(s1, e1-s1), OldLines: e1 - s1,
			NewStart: headerStart(s2, e2-s2), NewLines: e2 - s2,
			Section: sec.find(s1 - 1),
			Lines:   make([]Line, 0, (e2-s2)+dels),
		}
		x, y := s1, s2 // next old and new line
		for _, e := range edits[i : j+1] {
			for ; x < e.OldStart && y < e.NewStart; x, y = x+1, y+1 {
				h.Lines = append(h.Lines, line(Equal, x+1, y+1, b))
			}
			for x = e.OldStart; x < e.OldEnd; x++ {
				h.Lines = append(h.Lines, line(Delete, x+1, 0, a))
			}
			for y = e.NewStart; y < e.NewEnd; y++ {
				h.Lines = append(h.Lines, line(Insert, 0, y+1, b))
			}
		}
		for ; y < e2; x, y = x+1, y+1 {
			h.Lines = append(h.Lines, line(Equal, x+1, y+1, b))
		}
		setTexts(h.Lines, a, b)
		hunks = append(hunks, h)
		i = j + 1
	}
	return hunks
}

// headerStart is the start git prints for a hunk side beginning at the
// 0-based line s: 1-based, or the line before when the side is empty.
func headerStart(s, n int) int {
	if n == 0 {
		return s
	}
	return s + 1
}

// line makes a Line without its Text; side holds the line's bytes (the
// new file's for Equal lines, as git prints them).
func line(k Kind, old, new int, side *file) Line {
	i := new - 1
	if k == Delete {
		i = old - 1
	}
	raw := side.line(i)
	return Line{Kind: k, Old: old, New: new, NoEOL: raw[len(raw)-1] != '\n'}
}

// text is the bytes a line's Text holds: its line without the "\n".
func text(l Line, a, b *file) []byte {
	var raw []byte
	if l.Kind == Delete {
		raw = a.line(l.Old - 1)
	} else {
		raw = b.line(l.New - 1)
	}
	if !l.NoEOL {
		raw = raw[:len(raw)-1]
	}
	return raw
}

// setTexts fills in the Text of a hunk's lines from one string: one
// allocation instead of one per line, which matters for big rewrites.
func setTexts(lines []Line, a, b *file) {
	n := 0
	for _, l := range lines {
		n += len(text(l, a, b))
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, l := range lines {
		sb.Write(text(l, a, b))
	}
	all, at := sb.String(), 0
	for i := range lines {
		n := len(text(lines[i], a, b))
		lines[i].Text = all[at : at+n]
		at += n
	}
}

// sectionFinder finds the text git prints after a hunk header: the nearest
// old line at or above a hunk's first context line minus one that starts
// with a letter, '_' or '$'. Like git it does not look above where the
// previous search started, keeping the previous answer when nothing newer
// is found.
type sectionFinder struct {
	f    *file
	prev int
	last string
}

// maxSection is the size of git's buffer for the section text.
const maxSection = 80

func (f *sectionFinder) find(from int) string {
	for l := from; l > f.prev && l >= 0 && l < f.f.len(); l-- {
		if s, ok := sectionText(f.f.line(l)); ok {
			f.last = s
			break
		}
	}
	f.prev = from
	return f.last
}

func sectionText(raw []byte) (string, bool) {
	if len(raw) == 0 {
		return "", false
	}
	c := raw[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$') {
		return "", false
	}
	if len(raw) > maxSection {
		raw = raw[:maxSection]
	}
	for len(raw) > 0 && isSpace(raw[len(raw)-1]) {
		raw = raw[:len(raw)-1]
	}
	// git prints the header only up to its first invalid UTF-8 sequence
	// (which the 80-byte cut can create by splitting a character).
	return string(raw[:validUTF8Prefix(raw)]), true
}

// validUTF8Prefix is the length of the longest prefix of b that git's UTF-8
// reader accepts. It is stricter than Go's in one way: U+FFFE and U+FFFF
// are refused.
func validUTF8Prefix(b []byte) int {
	cont := func(i int) bool { return i < len(b) && b[i]&0xc0 == 0x80 }
	i := 0
	for i < len(b) {
		c := b[i]
		n := 0
		switch {
		case c < 0x80:
			n = 1
		case c&0xe0 == 0xc0:
			if cont(i+1) && c&0xfe != 0xc0 {
				n = 2
			}
		case c&0xf0 == 0xe0:
			if cont(i+1) && cont(i+2) &&
				!(c == 0xe0 && b[i+1]&0xe0 == 0x80) && // overlong
				!(c == 0xed && b[i+1]&0xe0 == 0xa0) && // surrogate
				!(c == 0xef && b[i+1] == 0xbf && b[i+2]&0xfe == 0xbe) { // U+FFFE, U+FFFF
				n = 3
			}
		case c&0xf8 == 0xf0:
			if cont(i+1) && cont(i+2) && cont(i+3) &&
				!(c == 0xf0 && b[i+1]&0xf0 == 0x80) && // overlong
				!(c == 0xf4 && b[i+1] > 0x8f) && c <= 0xf4 { // beyond U+10FFFF
				n = 4
			}
		}
		if n == 0 {
			break
		}
		i += n
	}
	return i
}
