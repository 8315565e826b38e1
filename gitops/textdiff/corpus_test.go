package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// lines joins ls as a file in which every line ends with "\n".
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// numbered is a file of n distinct lines made with format (which takes %d).
func numbered(n int, format string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, format+"\n", i)
	}
	return b.String()
}

// goFuncs is a Go-like file of n small functions, the kind of text the
// indent heuristic was tuned on.
func goFuncs(n int, body func(i int) []string) string {
	var b strings.Builder
	b.WriteString("package p\n\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "func f%d() {\n", i)
		for _, l := range body(i) {
			b.WriteString("\t" + l + "\n")
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

func simpleBody(i int) []string {
	return []string{fmt.Sprintf("x := %d", i), "if x > 0 {", "\treturn", "}", "println(x)"}
}

// editLines applies f to the lines of s (without terminators).
func editLines(s string, f func([]string) []string) string {
	ls := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	return strings.Join(f(ls), "\n") + "\n"
}

func insertAt(ls []string, at int, add ...string) []string {
	out := append([]string{}, ls[:at]...)
	out = append(out, add...)
	return append(out, ls[at:]...)
}

func deleteRange(ls []string, from, to int) []string {
	return append(append([]string{}, ls[:from]...), ls[to:]...)
}

// shuffled returns the lines of s in a random order (seeded).
func shuffled(s string, seed uint64) string {
	return editLines(s, func(ls []string) []string {
		r := rand.New(rand.NewPCG(seed, seed))
		r.Shuffle(len(ls), func(i, j int) { ls[i], ls[j] = ls[j], ls[i] })
		return ls
	})
}

// curated is the hand-written corpus: every case must come out exactly as
// git prints it.
func curated() []pair {
	big := numbered(10000, "line %d of a long file")
	bigEdited := editLines(big, func(ls []string) []string {
		for i := 37; i < len(ls); i += 199 {
			ls[i] = "edited " + ls[i]
		}
		ls = insertAt(ls, 5000, "inserted", "lines")
		return deleteRange(ls, 8000, 8003)
	})
	funcs := goFuncs(6, simpleBody)
	blanks := lines("a", "", "", "b", "", "c", "", "", "d")
	braces := strings.Repeat(lines("if x {", "\ty()", "}", ""), 8)
	commonTail := numbered(300, "common tail line %d")
	huge := numbered(40000, "h%d")
	// Swapped line pairs every ~25 lines make the search expensive enough
	// for its "long run" split heuristic (forward here, backward when the
	// first half is dense) to decide the result on a file this large.
	sparseSwaps := editLines(huge, func(ls []string) []string {
		for i := 5; i+1 < len(ls); i += 22 + i%5 {
			ls[i], ls[i+1] = ls[i+1], ls[i]
		}
		return ls
	})
	denseThenSparse := editLines(huge, func(ls []string) []string {
		for i := 5; i+1 < len(ls); i += pick(i < 20000, 3, 25+i%3) {
			ls[i], ls[i+1] = ls[i+1], ls[i]
		}
		return ls
	})
	jp := strings.Repeat("日本語", 13)

	return []pair{
		{"change in the middle", numbered(20, "l%d"), editLines(numbered(20, "l%d"), func(ls []string) []string { ls[9] = "changed"; return ls })},
		{"new file", "", lines("a", "b", "c")},
		{"all deleted", lines("a", "b", "c"), ""},
		{"single line", "a\n", "b\n"},
		{"single line to two", "a\n", "a\nb\n"},
		{"old without final newline", "a\nb", "a\nb\n"},
		{"new without final newline", "a\nb\n", "a\nb"},
		{"both without final newline", "a\nb", "a\nc"},
		{"append after missing newline", "a\nb", "a\nb\nc\n"},
		{"only a missing newline", "x\n" + numbered(10, "%d") + "z", "x\n" + numbered(10, "%d") + "z\n"},
		{"empty to no newline", "", "x"},
		{"no newline to empty", "x", ""},
		{"blank lines only", "\n\n\n", "\n\n\n\n\n"},
		{"whitespace lines", lines("a", "  ", "\t", "b"), lines("a", " ", "\t\t", "b")},
		{"crlf", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"},
		{"crlf to lf", "a\r\nb\r\nc\r\n", "a\nb\nc\n"},
		{"non-utf8", "caf\xe9\n\xff\xfe\n" + numbered(5, "%d"), "caf\xc3\xa9\n\xff\xfe\n" + numbered(5, "%d") + "\x80\n"},
		{"changes six apart merge", numbered(30, "l%d"), editLines(numbered(30, "l%d"), func(ls []string) []string { ls[5], ls[12] = "x", "y"; return ls })},
		{"changes seven apart split", numbered(30, "l%d"), editLines(numbered(30, "l%d"), func(ls []string) []string { ls[5], ls[13] = "x", "y"; return ls })},
		{"change at top", numbered(10, "l%d"), "new\n" + numbered(10, "l%d")},
		{"change at bottom", numbered(10, "l%d"), numbered(10, "l%d") + "new\n"},
		{"repeated line added", strings.Repeat("a\n", 50), strings.Repeat("a\n", 51)},
		{"repeated line added before a long tail", "x\n" + strings.Repeat("a\n", 600), "x\n" + strings.Repeat("a\n", 601)},
		{"repeated block added before a long tail", "x\n" + strings.Repeat("}\n\n", 400), "x\n" + strings.Repeat("}\n\n", 401)},
		{"repeated line removed", strings.Repeat("a\n", 50), strings.Repeat("a\n", 47)},
		{"function added between", funcs, editLines(funcs, func(ls []string) []string {
			return insertAt(ls, 9, "func added() {", "\tx := 1", "\tif x > 0 {", "\t\treturn", "\t}", "}", "")
		})},
		{"function removed", funcs, editLines(funcs, func(ls []string) []string { return deleteRange(ls, 9, 16) })},
		{"block wrapped", funcs, editLines(funcs, func(ls []string) []string {
			ls = insertAt(ls, 4, "\tif debug {")
			return insertAt(ls, 9, "\t}")
		})},
		{"blank lines inserted", blanks, lines("a", "", "", "", "b", "", "", "c", "", "", "d")},
		{"braces duplicated", braces, editLines(braces, func(ls []string) []string { return insertAt(ls, 8, "if x {", "\ty()", "}", "") })},
		{"block moved", numbered(40, "m%d"), editLines(numbered(40, "m%d"), func(ls []string) []string {
			moved := append([]string{}, ls[5:10]...)
			ls = deleteRange(ls, 5, 10)
			return insertAt(ls, 25, moved...)
		})},
		{"sections", lines("func a() {", "\tone", "\ttwo", "\tthree", "\tfour", "}", "$var = 1", "_under", "\tx", "\ty", "\tz", "\tw", "\tv"),
			lines("func a() {", "\tone", "\ttwo", "\tTHREE", "\tfour", "}", "$var = 1", "_under", "\tx", "\ty", "\tz", "\tw", "\tV")},
		{"long section line", lines(strings.Repeat("abcdefghij", 12)+"  ", "1", "2", "3", "4", "5"), lines(strings.Repeat("abcdefghij", 12)+"  ", "1", "2", "3", "4", "five")},
		{"section kept across hunks", lines("func a() {", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"),
			lines("func a() {", "1", "2", "3", "four", "5", "6", "7", "8", "9", "10", "11", "twelve")},
		{"10000 lines scattered edits", big, bigEdited},
		{"10000 lines rewritten", big, numbered(10000, "another line %d")},
		{"3000 lines shuffled", numbered(3000, "s%d"), shuffled(numbered(3000, "s%d"), 7)},
		{"long common tail", "head\n" + commonTail, "HEAD\n" + commonTail},
		{"change above long tail", numbered(50, "x%d") + commonTail, editLines(numbered(50, "x%d")+commonTail, func(ls []string) []string { return insertAt(ls, 49, "x49") })},
		{"40000 lines, sparse swaps", huge, sparseSwaps},
		{"40000 lines, dense then sparse swaps", huge, denseThenSparse},
		{"section cut inside a character", lines("A "+jp, "  B", "  C", "  D", "  E", "  F"), lines("A "+jp, "  B", "  C", "  D", "  E", "  F modified")},
		{"many common lines", strings.Repeat(lines("{", "a", "}", ""), 300), strings.Repeat(lines("{", "b", "}", ""), 300)},
	}
}

// TestCuratedMatchesGit requires every curated case to match git exactly,
// with several context sizes.
func TestCuratedMatchesGit(t *testing.T) {
	cases := curated()
	for _, o := range []Options{{}, {Context: -1}, {Context: 1}, {Context: 5}} {
		want := gitHunks(t, cases, o)
		for i, c := range cases {
			got := unified(t, c.old, c.new, o)
			if got != want[i] {
				t.Errorf("%s (git %v): %s\n--- git\n%s--- reef\n%s", c.name, gitArgs(o), firstDifference(want[i], got), clip(want[i]), clip(got))
			}
		}
	}
}

// clip shortens long diffs in failure messages.
func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "...\n"
	}
	return s
}
