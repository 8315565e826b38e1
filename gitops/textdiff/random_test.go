package textdiff

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

var randomSeed = flag.Uint64("textdiff.seed", 1, "seed of the random corpus compared with git")

// scenarioGen makes random but code-like edit scenarios: files of small
// functions, braces, blank lines and repeated statements (the lines that
// make diffs ambiguous), edited by insertions, deletions, moves,
// duplications, wrapping in blocks, whitespace changes and line endings.
type scenarioGen struct {
	r    *rand.Rand
	uniq int
}

func newScenarioGen(seed uint64) *scenarioGen {
	return &scenarioGen{r: rand.New(rand.NewPCG(seed, 0x7e57))}
}

func (g *scenarioGen) chance(pct int) bool { return g.r.IntN(100) < pct }

var commonLines = []string{"", "}", "\t}", "{", "\treturn nil", "\treturn err", "end", "#", "\t\tbreak", "  ", "\t", ")", "\t\t}", "*/", "/*"}

func (g *scenarioGen) line() string {
	switch g.r.IntN(6) {
	case 0, 1:
		return commonLines[g.r.IntN(len(commonLines))]
	case 2:
		return fmt.Sprintf("\tx%d := y%d", g.r.IntN(4), g.r.IntN(4))
	case 3:
		return fmt.Sprintf("%sif v%d != nil {", strings.Repeat("\t", g.r.IntN(3)), g.r.IntN(3))
	default:
		g.uniq++
		return fmt.Sprintf("%sstatement%d()", strings.Repeat("\t", g.r.IntN(3)), g.uniq)
	}
}

func (g *scenarioGen) block() []string {
	g.uniq++
	b := []string{fmt.Sprintf("func f%d() {", g.uniq)}
	for n := g.r.IntN(6); n >= 0; n-- {
		if g.chance(30) {
			b = append(b, fmt.Sprintf("\tif c%d {", g.r.IntN(3)), "\t\t"+strings.TrimLeft(g.line(), "\t"), "\t}")
		} else {
			b = append(b, g.line())
		}
	}
	return append(b, "}", "")
}

func (g *scenarioGen) lines(n int) []string {
	var out []string
	for range n {
		out = append(out, g.line())
	}
	return out
}

func (g *scenarioGen) file() []string {
	var f []string
	switch g.r.IntN(4) {
	case 0: // a few letters: lots of repeats, many equal-cost scripts
		for n := g.r.IntN(40); n > 0; n-- {
			f = append(f, string(rune('a'+g.r.IntN(4))))
		}
	case 1:
		f = g.lines(g.r.IntN(60))
	default:
		for n := g.r.IntN(8); n > 0; n-- {
			f = append(f, g.block()...)
		}
	}
	return f
}

// edit applies one random edit to f.
func (g *scenarioGen) edit(f []string) []string {
	pos := func() int { return g.r.IntN(len(f) + 1) }
	span := func() (int, int) {
		if len(f) == 0 {
			return 0, 0
		}
		i := g.r.IntN(len(f))
		return i, min(len(f), i+1+g.r.IntN(6))
	}
	switch g.r.IntN(10) {
	case 0: // insert a block
		return insertAt(f, pos(), g.block()...)
	case 1: // insert lines
		return insertAt(f, pos(), g.lines(1+g.r.IntN(4))...)
	case 2: // delete
		i, j := span()
		return deleteRange(f, i, j)
	case 3: // replace
		i, j := span()
		return insertAt(deleteRange(f, i, j), i, g.lines(1+g.r.IntN(4))...)
	case 4: // move
		i, j := span()
		moved := append([]string{}, f[i:j]...)
		f = deleteRange(f, i, j)
		return insertAt(f, pos(), moved...)
	case 5: // duplicate next to itself
		i, j := span()
		return insertAt(f, j, f[i:j]...)
	case 6: // blank lines
		return insertAt(f, pos(), make([]string, 1+g.r.IntN(3))...)
	case 7: // wrap in a block, indenting
		i, j := span()
		body := make([]string, 0, j-i+2)
		body = append(body, "\tif wrapped {")
		for _, l := range f[i:j] {
			body = append(body, "\t"+l)
		}
		body = append(body, "\t}")
		return insertAt(deleteRange(f, i, j), i, body...)
	case 8: // whitespace changes
		i, j := span()
		for k := i; k < j; k++ {
			switch g.r.IntN(4) {
			case 0:
				f[k] += " "
			case 1:
				f[k] = strings.ReplaceAll(f[k], "\t", "    ")
			case 2:
				f[k] = strings.ReplaceAll(f[k], " ", "  ")
			default:
				f[k] = " " + f[k]
			}
		}
		return f
	default: // modify a line
		if len(f) == 0 {
			return f
		}
		k := g.r.IntN(len(f))
		f[k] += " // changed"
		return f
	}
}

// scenario makes one old/new pair. tail, when set, is appended to both
// sides (a long common tail exercises git's -U0 tail trimming).
func (g *scenarioGen) scenario(name string, tail []string) pair {
	old := g.file()
	cur := append([]string{}, old...)
	for n := 1 + g.r.IntN(5); n > 0; n-- {
		cur = g.edit(cur)
	}
	crlf := g.chance(5)
	join := func(ls []string) string {
		ls = append(append([]string{}, ls...), tail...)
		if len(ls) == 0 {
			return ""
		}
		eol := "\n"
		if crlf {
			eol = "\r\n"
		}
		s := strings.Join(ls, eol) + eol
		if g.chance(10) {
			s = strings.TrimSuffix(s, eol)
		}
		return s
	}
	return pair{name: name, old: join(old), new: join(cur)}
}

// compareWithGit diffs every pair with reef and git and reports how many
// agree. Any pair where reef shows more changed lines than git fails.
func compareWithGit(t *testing.T, pairs []pair, o Options) (agree int) {
	t.Helper()
	want := gitHunks(t, pairs, o)
	shown := 0
	for i, p := range pairs {
		got := unified(t, p.old, p.new, o)
		if got == want[i] {
			agree++
			continue
		}
		if changedLines(got) > changedLines(want[i]) {
			t.Errorf("%s (git %v): reef changes %d lines, git %d", p.name, gitArgs(o), changedLines(got), changedLines(want[i]))
		}
		if shown++; shown <= 3 {
			t.Logf("%s (git %v) differs: %s\nold:\n%q\nnew:\n%q\n--- git\n%s--- reef\n%s",
				p.name, gitArgs(o), firstDifference(want[i], got), p.old, p.new, clip(want[i]), clip(got))
		}
	}
	return agree
}

// TestRandomAgainstGit compares reef with git on a seeded random corpus
// (run with -textdiff.seed=N for another one) and reports the agreement.
func TestRandomAgainstGit(t *testing.T) {
	g := newScenarioGen(*randomSeed)
	var tail []string
	for i := range 120 {
		tail = append(tail, fmt.Sprintf("\tshared tail line %d", i))
	}
	runs := []struct {
		o     Options
		n     int
		tails bool
	}{
		{Options{}, 1500, false},
		{Options{Context: -1}, 400, true},
		{Options{Context: 1}, 300, false},
		{Options{Context: 8}, 150, false},
		{Options{Whitespace: IgnoreAllSpace}, 200, false},
		{Options{Whitespace: IgnoreSpaceChange}, 200, false},
		{Options{Whitespace: IgnoreSpaceAtEOL}, 200, false},
	}
	total, agreed := 0, 0
	for _, run := range runs {
		pairs := make([]pair, run.n)
		for i := range pairs {
			var tl []string
			if run.tails && g.chance(50) {
				tl = tail
			}
			pairs[i] = g.scenario(fmt.Sprintf("random %v #%d", gitArgs(run.o), i), tl)
		}
		a := compareWithGit(t, pairs, run.o)
		t.Logf("git %v: %d/%d identical", gitArgs(run.o), a, run.n)
		total += run.n
		agreed += a
	}
	t.Logf("agreement with git: %d/%d (%.2f%%)", agreed, total, 100*float64(agreed)/float64(total))
	if agreed != total {
		t.Errorf("reef and git disagree on %d of %d random scenarios", total-agreed, total)
	}
}

// TestRandomLargeAgainstGit runs bigger files with many edits, including
// shuffled regions, so the search's cost bounds and the discarding of very
// common lines come into play; reef must still print what git prints.
func TestRandomLargeAgainstGit(t *testing.T) {
	g := newScenarioGen(*randomSeed + 1000)
	pairs := make([]pair, 40)
	for i := range pairs {
		var old []string
		for size := 300 + g.r.IntN(3000); len(old) < size; {
			if i%4 == 0 { // few distinct lines: each very common
				old = append(old, []string{"a", "b", "c", "", "}"}[g.r.IntN(5)])
			} else {
				old = append(old, g.block()...)
			}
		}
		cur := append([]string{}, old...)
		for n := 5 + g.r.IntN(60); n > 0; n-- {
			cur = g.edit(cur)
		}
		if g.chance(40) { // shuffle a region: expensive for the search
			i := g.r.IntN(len(cur))
			j := min(len(cur), i+200+g.r.IntN(1500))
			g.r.Shuffle(j-i, func(x, y int) { cur[i+x], cur[i+y] = cur[i+y], cur[i+x] })
		}
		pairs[i] = pair{name: fmt.Sprintf("large #%d", i), old: lines(old...), new: lines(cur...)}
	}
	for _, o := range []Options{{}, {Context: -1}} {
		if a := compareWithGit(t, pairs, o); a != len(pairs) {
			t.Errorf("git %v: %d/%d identical", gitArgs(o), a, len(pairs))
		} else {
			t.Logf("git %v: %d/%d identical", gitArgs(o), a, len(pairs))
		}
	}
}
