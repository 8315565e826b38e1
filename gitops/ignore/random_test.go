package ignore

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

var (
	randNames      = []string{"a", "b", "ab", "Ab", "d", "x.o", "y.log", "z.txt", "ba", "a.b"}
	randComponents = []string{"a", "b", "ab", "d", "x.o", "*", "**", "?", "a*", "*.o", "*.log", "[ab]",
		"[!a]*", "*b", "?b", "a?", "**", "*.*", "[a-b]*", `\a`, "y.log", "z.txt"}
)

func randPattern(rng *rand.Rand) string {
	var b strings.Builder
	if rng.Intn(4) == 0 {
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
	if rng.Intn(5) == 0 {
		b.WriteByte('/')
	}
	return b.String()
}

func randPatterns(rng *rand.Rand, n int) string {
	var b strings.Builder
	for ; n > 0; n-- {
		b.WriteString(randPattern(rng))
		b.WriteByte('\n')
	}
	return b.String()
}

// TestRandomAgainstGit builds random trees with random .gitignore files and
// compares every path's verdict with git's.
func TestRandomAgainstGit(t *testing.T) {
	rounds := 30
	if testing.Short() {
		rounds = 8
	}
	for seed := int64(1); seed <= int64(rounds); seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			r := gittest.New(t)
			dirs := []string{""}
			for i := 0; i < 40; i++ {
				parent := dirs[rng.Intn(len(dirs))]
				name := randNames[rng.Intn(len(randNames))]
				if parent != "" {
					name = parent + "/" + name
				}
				if rng.Intn(3) == 0 && strings.Count(name, "/") < 3 {
					if !contains(dirs, name) && !exists(r, name) {
						dirs = append(dirs, name)
					}
					continue
				}
				if !contains(dirs, name) {
					r.Write(name, "")
				}
			}
			for _, d := range dirs {
				if rng.Intn(2) == 0 || d == "" {
					name := ".gitignore"
					if d != "" {
						name = d + "/.gitignore"
					}
					r.Write(name, randPatterns(rng, 1+rng.Intn(6)))
				} else if !exists(r, d) {
					r.Write(d+"/f", "")
				}
			}
			if rng.Intn(2) == 0 {
				r.Write(".git/info/exclude", randPatterns(rng, 1+rng.Intn(3)))
			}
			ignoreCase := rng.Intn(4) == 0
			if ignoreCase {
				r.Git("config", "core.ignoreCase", "true")
			}
			compareWithGit(t, r, standardOptions(t, r, ignoreCase), true)
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func exists(r *gittest.Repo, rel string) bool {
	_, err := os.Stat(r.Path(rel))
	return err == nil
}
