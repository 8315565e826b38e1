package attr

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
)

var (
	randNames      = []string{"a", "b", "ab", "Ab", "d", "x.o", "y.log", "z.txt", "ba", "a.b"}
	randComponents = []string{"a", "b", "ab", "d", "x.o", "*", "**", "?", "a*", "*.o", "*.log", "[ab]",
		"[!a]*", "*b", "?b", "a?", "*.*", "[a-b]*", `\a`, "y.log", "z.txt"}
	randStates = []string{"p", "-p", "!p", "p=1", "q", "-q", "q=2", "text", "-text", "binary", "-binary",
		"!binary", "m1", "m2", "diff=x", "!diff", "-m1", "eol=lf"}
)

func randPattern(rng *rand.Rand) string {
	var b strings.Builder
	if rng.Intn(10) == 0 {
		b.WriteByte('!')
	}
	if rng.Intn(5) == 0 {
		b.WriteByte('/')
	}
	for n := 1 + rng.Intn(3); n > 0; n-- {
		b.WriteString(randComponents[rng.Intn(len(randComponents))])
		if n > 1 {
			b.WriteByte('/')
		}
	}
	if rng.Intn(6) == 0 {
		b.WriteByte('/')
	}
	return b.String()
}

func randLines(rng *rand.Rand, n int, macros bool) string {
	var b strings.Builder
	for ; n > 0; n-- {
		if macros && rng.Intn(4) == 0 {
			fmt.Fprintf(&b, "[attr]m%d", 1+rng.Intn(2))
		} else {
			b.WriteString(randPattern(rng))
		}
		for k := 1 + rng.Intn(3); k > 0; k-- {
			b.WriteString(" " + randStates[rng.Intn(len(randStates))])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRandomAgainstGit builds random trees with random attribute files and
// compares every path's attributes with git check-attr.
func TestRandomAgainstGit(t *testing.T) {
	rounds := 25
	if testing.Short() {
		rounds = 6
	}
	for seed := int64(1); seed <= int64(rounds); seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			r := newRepo(t)
			dirs := []string{""}
			for i := 0; i < 30; i++ {
				parent := dirs[rng.Intn(len(dirs))]
				name := randNames[rng.Intn(len(randNames))]
				if parent != "" {
					name = parent + "/" + name
				}
				_, err := os.Stat(r.Path(name))
				switch {
				case err == nil:
				case rng.Intn(3) == 0 && strings.Count(name, "/") < 3:
					dirs = append(dirs, name)
					r.Write(name+"/f", "")
				default:
					r.Write(name, "")
				}
			}
			for _, d := range dirs {
				if rng.Intn(2) == 0 || d == "" {
					name := ".gitattributes"
					if d != "" {
						name = d + "/.gitattributes"
					}
					r.Write(name, randLines(rng, 1+rng.Intn(6), true))
				}
			}
			if rng.Intn(2) == 0 {
				r.Write(".git/info/attributes", randLines(rng, 1+rng.Intn(3), true))
			}
			if rng.Intn(2) == 0 {
				r.Write("../home/.config/git/attributes", randLines(rng, 1+rng.Intn(3), true))
			}
			ignoreCase := rng.Intn(4) == 0
			if ignoreCase {
				r.Git("config", "core.ignoreCase", "true")
			}
			compareWithGit(t, r, standardOptions(t, r, ignoreCase), []string{"p", "q", "binary", "m1", "m2", "text"})
		})
	}
}
