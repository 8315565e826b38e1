package cli

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// TestStatusRandomTrees applies random edits, stagings, ignores and
// commits to a work tree and compares reef with git after each round.
func TestStatusRandomTrees(t *testing.T) {
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	dirs := []string{"", "a/", "a/b/", "c/", "c/d/e/"}
	names := []string{"x.tf", "y.tf", "z.log", "w", "v.tmp"}
	contents := []string{"one\n", "two\n", strings.Repeat("shared body line\n", 8), strings.Repeat("shared body line\n", 8) + "tail\n", "crlf\r\nline\r\n", ""}
	patterns := []string{"*.log", "!keep.log", "*.tmp", "b/", "/w", "e", "d/*", "!x.tf"}
	formats := [][]string{
		{"--porcelain=v2", "-z", "--branch"},
		{"--porcelain=v2", "-z", "--untracked-files=all", "--ignored"},
		{"--porcelain=v2", "-z", "--ignored"},
		{"-s"},
	}
	for seed := int64(1); seed <= int64(rounds); seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewSource(seed))
			r := gittest.New(t)
			if seed%3 == 0 {
				r.Git("config", "core.autocrlf", "true")
			}
			pick := func() string { return dirs[rng.Intn(len(dirs))] + names[rng.Intn(len(names))] }
			for step := 0; step < 4; step++ {
				for op := 0; op < 12; op++ {
					p := pick()
					switch rng.Intn(14) {
					case 0, 1, 2:
						os.RemoveAll(r.Path(p)) // a directory may stand in the way
						r.Write(p, contents[rng.Intn(len(contents))])
					case 3:
						r.Remove(p)
					case 4:
						if _, err := os.Stat(r.Path(p)); err == nil {
							r.Chmod(p, os.FileMode(0o644|rng.Intn(2)*0o111))
						}
					case 5:
						d := dirs[rng.Intn(len(dirs))]
						var ps []string
						for k := rng.Intn(3) + 1; k > 0; k-- {
							ps = append(ps, patterns[rng.Intn(len(patterns))])
						}
						r.Write(d+".gitignore", strings.Join(ps, "\n")+"\n")
					case 6:
						r.GitErr("add", "-A")
					case 7:
						r.GitErr("add", "--", p)
					case 8:
						r.GitErr("rm", "-q", "--cached", "--", p)
					case 9:
						r.GitErr("add", "-N", "--", p)
					case 10:
						r.GitErr("mv", "--", p, pick())
					case 11:
						os.MkdirAll(r.Path(dirs[rng.Intn(len(dirs))]+"empty"), 0o755)
					case 12:
						os.RemoveAll(r.Path(p))
						os.MkdirAll(r.Path(p[:strings.LastIndexByte(p, '/')+1]), 0o755)
						os.Symlink(names[rng.Intn(len(names))], r.Path(p))
					case 13:
						os.RemoveAll(r.Path(p)) // a file becomes a directory
						r.Write(p+"/inner", "i\n")
					}
				}
				if step == 1 {
					r.GitErr("commit", "-q", "-m", "step")
				}
				checkStatus(t, r, "", formats...)
			}
		})
	}
}
