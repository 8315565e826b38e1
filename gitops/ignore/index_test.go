package ignore

import (
	"math/rand"
	"strings"
	"testing"
)

// TestIndexAgreesWithScan checks the indexed lookup against trying every
// pattern, over the benchmark's realistic patterns and random ones.
func TestIndexAgreesWithScan(t *testing.T) {
	_, entries := benchTree()
	rng := rand.New(rand.NewSource(7))
	for round := 0; round < 60; round++ {
		fold := round%2 == 1
		base := ""
		if round%3 == 2 {
			base = "pkg0"
		}
		data := benchRoot
		if round > 0 {
			data = randPatterns(rng, minIndexed+rng.Intn(20))
		}
		indexed := Parse(File{Name: "x", Data: []byte(data)}, base, fold)
		if indexed.idx == nil {
			t.Fatal("no index built")
		}
		scanned := *indexed
		scanned.idx = nil
		check := func(path string, isDir bool) {
			name := strings.LastIndexByte(path, '/') + 1
			got, want := lastMatch(indexed, path, name, isDir), lastMatch(&scanned, path, name, isDir)
			if got != want {
				t.Fatalf("%q (dir %v) in %q fold %v: index found %v, scan %v", path, isDir, data, fold, got, want)
			}
		}
		for dir, es := range entries {
			if round > 0 && rng.Intn(8) != 0 {
				continue
			}
			for _, e := range es {
				check(e.path, e.isDir)
				_ = dir
			}
		}
		for i := 0; i < 300; i++ {
			var b strings.Builder
			b.WriteString(base)
			for n := 1 + rng.Intn(3); n > 0; n-- {
				if b.Len() > 0 {
					b.WriteByte('/')
				}
				b.WriteString(randNames[rng.Intn(len(randNames))])
			}
			check(b.String(), rng.Intn(2) == 0)
		}
	}
}

func TestFoldedMatchDoesNotAllocate(t *testing.T) {
	for _, fold := range []bool{false, true} {
		s := NewStack(Options{IgnoreCase: fold})
		s.Push("", []byte(benchRoot))
		s.Push("Pkg0", []byte(benchNested))
		path := "Pkg0/Some-Fairly-Long-File-Name-With-Mixed-Case.Generated.GO"
		if n := testing.AllocsPerRun(100, func() { s.Match(path, false) }); n != 0 {
			t.Errorf("fold %v: Match allocates %v times", fold, n)
		}
	}
}
