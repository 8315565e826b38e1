package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchFile is a 10,000-line Go-like file.
func benchFile() []string {
	ls := make([]string, 0, 10000)
	for i := 0; len(ls) < 10000; i++ {
		ls = append(ls, fmt.Sprintf("func handler%d(w http.ResponseWriter, r *http.Request) {", i),
			fmt.Sprintf("\tid := r.URL.Query().Get(\"id%d\")", i),
			"\tif id == \"\" {",
			"\t\treturn",
			"\t}",
			fmt.Sprintf("\tfmt.Fprintf(w, \"%%s-%d\", id)", i),
			"}",
			"")
	}
	return ls[:10000]
}

func benchPair(b *testing.B, kind string) ([]byte, []byte) {
	b.Helper()
	old := benchFile()
	cur := append([]string{}, old...)
	r := rand.New(rand.NewPCG(1, 2))
	switch kind {
	case "scattered": // 50 edits: changes, insertions and deletions
		for e := 0; e < 50; e++ {
			i := r.IntN(len(cur) - 3)
			switch e % 3 {
			case 0:
				cur[i] += " // edited"
			case 1:
				cur = insertAt(cur, i, "\tlog.Println(\"inserted\")", "")
			default:
				cur = deleteRange(cur, i, i+2)
			}
		}
	case "rewrite": // every line different
		for i := range cur {
			cur[i] = "rewritten: " + cur[i]
		}
	case "shuffle": // the same lines in another order: the search's worst case
		r.Shuffle(len(cur), func(i, j int) { cur[i], cur[j] = cur[j], cur[i] })
	}
	return []byte(strings.Join(old, "\n") + "\n"), []byte(strings.Join(cur, "\n") + "\n")
}

func benchDiff(b *testing.B, kind string, o Options) {
	old, new := benchPair(b, kind)
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	for b.Loop() {
		if Diff(old, new, o) == nil {
			b.Fatal("no hunks")
		}
	}
}

func BenchmarkDiffScattered(b *testing.B) { benchDiff(b, "scattered", Options{}) }
func BenchmarkDiffScatteredIntraLine(b *testing.B) {
	benchDiff(b, "scattered", Options{IntraLine: true})
}
func BenchmarkDiffRewrite(b *testing.B)          { benchDiff(b, "rewrite", Options{}) }
func BenchmarkDiffRewriteIntraLine(b *testing.B) { benchDiff(b, "rewrite", Options{IntraLine: true}) }
func BenchmarkDiffShuffle(b *testing.B)          { benchDiff(b, "shuffle", Options{}) }
