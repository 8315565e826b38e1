package index

import (
	"crypto/sha1"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// seedIndexes returns real index files of every shape git writes.
func seedIndexes(tb testing.TB) [][]byte {
	r := gittest.New(tb)
	r.Write("a", "a").Write("d/b", "b").Write("d/e/f", "f").Write("日本", "x").Write("sp ace", "s")
	r.Commit("init")
	r.Checkout("side", true)
	r.Write("a", "side").Write("d/b", "side")
	r.Commit("side")
	r.Checkout("main", false)
	r.Write("a", "main").Write("d/b", "main")
	r.Commit("main")
	var seeds [][]byte
	grab := func() {
		b, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	grab()
	if _, err := r.GitErr("merge", "side"); err == nil {
		tb.Fatal("merge succeeded, want a conflict")
	}
	grab() // conflict stages
	r.Git("add", "a")
	grab() // REUC
	r.Git("merge", "--abort")
	r.Git("update-index", "--skip-worktree", "d/b")
	grab() // v3
	r.Git("update-index", "--index-version", "4")
	r.Git("-c", "index.threads=2", "-c", "index.recordOffsetTable=true",
		"-c", "index.recordEndOfIndexEntries=true", "update-index", "--force-write-index")
	grab() // v4, EOIE, IEOT
	r.Git("update-index", "--no-skip-worktree", "d/b")
	r.Git("sparse-checkout", "init", "--cone", "--sparse-index")
	r.Git("sparse-checkout", "set", "d/e")
	grab() // sdir
	r.Git("sparse-checkout", "disable")
	r.Git("update-index", "--split-index")
	grab() // link
	return seeds
}

// fixChecksum lets mutations reach the parser behind the checksum.
func fixChecksum(b []byte) []byte {
	b = slices.Clone(b)
	sum := sha1.Sum(b[:len(b)-hashSize])
	copy(b[len(b)-hashSize:], sum[:])
	return b
}

func FuzzRead(f *testing.F) {
	for _, s := range seedIndexes(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, data)
		if len(data) >= headerSize+hashSize {
			checkDecode(t, fixChecksum(data))
		}
	})
}

// checkDecode decodes data and checks the result's invariants.
func checkDecode(t *testing.T, data []byte) {
	ix, err := decode(data, "fuzz/index")
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("error %q is not a one-line *FormatError", err)
		}
		return
	}
	if ix.Version < 2 || ix.Version > 4 {
		t.Fatalf("Version %d", ix.Version)
	}
	if ix.Split {
		return // split entries are neither complete nor ordered
	}
	for i, e := range ix.Entries {
		if j, ok := ix.Find(e.Path); !ok || j > i {
			t.Fatalf("Find(%q) = %d, %v for entry %d", e.Path, j, ok, i)
		}
	}
	if ix.Tree != nil {
		for _, n := range ix.Tree.Nodes() {
			if got, ok := ix.Tree.Lookup(n.Path); !ok || got != n {
				t.Fatalf("Lookup(%q) = %+v, %v", n.Path, got, ok)
			}
		}
	}
}

func TestSeedsDecode(t *testing.T) {
	seeds := seedIndexes(t)
	for i, s := range seeds {
		ix, err := decode(s, "seed")
		if err != nil {
			t.Fatalf("seed %d: %v", i, err)
		}
		if len(ix.Entries) == 0 && !ix.Split {
			t.Errorf("seed %d: no entries", i)
		}
		// Every truncation is an error, never a panic.
		for n := range len(s) {
			if _, err := decode(s[:n], "seed"); err == nil {
				t.Fatalf("seed %d cut to %d bytes decodes", i, n)
			}
			if n >= headerSize+hashSize {
				checkDecode(t, fixChecksum(s[:n]))
			}
		}
	}
}
