package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPickEnds: taking every change gives new, taking none gives old,
// on the corpus shapes (CRLF, no final newline, empty sides).
func TestPickEnds(t *testing.T) {
	for _, c := range applyCorpus() {
		hunks := Diff([]byte(c.old), []byte(c.new), Options{})
		all, err := Pick([]byte(c.old), []byte(c.new), hunks, func(l Line) bool { return l.Kind == Insert })
		if err != nil || string(all) != c.new {
			t.Errorf("%s: all changes: %q, %v", c.name, trim(string(all)), err)
		}
		none, err := Pick([]byte(c.old), []byte(c.new), hunks, func(l Line) bool { return l.Kind == Delete })
		if err != nil || string(none) != c.old {
			t.Errorf("%s: no change: %q, %v", c.name, trim(string(none)), err)
		}
	}
}

func trim(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// TestPickThenRest: staging a random subset of lines, then diffing the
// result against new and taking all of that, lands on new; and the
// subset's diff from old has exactly the chosen lines.
func TestPickThenRest(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for i := range 300 {
		old := randomFile(rng)
		new := mutate(rng, old)
		hunks := Diff([]byte(old), []byte(new), Options{})
		chosen := map[[3]int]bool{}
		var ins, del int
		for _, h := range hunks {
			for _, l := range h.Lines {
				if l.Kind != Equal && rng.IntN(2) == 0 {
					chosen[key(l)] = true
					if l.Kind == Insert {
						ins++
					} else {
						del++
					}
				}
			}
		}
		mid, err := Pick([]byte(old), []byte(new), hunks, func(l Line) bool { return chosen[key(l)] == (l.Kind == Insert) })
		if err != nil {
			t.Fatal(err)
		}
		gotIns, gotDel := Stat(Diff([]byte(old), mid, Options{}))
		// The diff of old and mid may pair lines differently, but never
		// needs more changes than were chosen.
		// A line added after old's unterminated last line gives that
		// line its newline: one more change, as git's would be.
		slack := 0
		if old != "" && !strings.HasSuffix(old, "\n") {
			slack = 1
		}
		if gotIns > ins+slack || gotDel > del+slack {
			t.Errorf("case %d: chose +%d -%d, old→mid is +%d -%d\nold %q\nnew %q\nmid %q", i, ins, del, gotIns, gotDel, old, new, mid)
		}
		rest := Diff(mid, []byte(new), Options{})
		end, err := Pick(mid, []byte(new), rest, func(l Line) bool { return l.Kind == Insert })
		if err != nil || string(end) != new {
			t.Errorf("case %d: mid→new does not reach new: %q %v", i, end, err)
		}
	}
}

func key(l Line) [3]int { return [3]int{int(l.Kind), l.Old, l.New} }

func randomFile(rng *rand.Rand) string {
	var b strings.Builder
	for i := range rng.IntN(12) {
		fmt.Fprintf(&b, "line %d\n", rng.IntN(6)+i%3)
	}
	s := b.String()
	if s != "" && rng.IntN(4) == 0 {
		s = strings.TrimSuffix(s, "\n")
	}
	return s
}

func mutate(rng *rand.Rand, s string) string {
	lines := strings.SplitAfter(s, "\n")
	var out []string
	for _, l := range lines {
		switch rng.IntN(5) {
		case 0:
		case 1:
			out = append(out, "new "+l)
		case 2:
			out = append(out, l, fmt.Sprintf("added %d\n", rng.IntN(9)))
		default:
			out = append(out, l)
		}
	}
	r := strings.Join(out, "")
	if r != "" && rng.IntN(4) == 0 {
		r = strings.TrimSuffix(r, "\n")
	}
	return r
}
