package bench

import (
	"bytes"
	"testing"
)

// Clean work trees from mkrepo: 3,000 files in 2,000 commits, and 20,000
// files (about 11,000 directories) in 2,000 commits.
func status3k(b *testing.B) string {
	return repo(b, "c2k-f3k", "--commits", "2000", "--files", "3000")
}

func status20k(b *testing.B) string {
	return repo(b, "c2k-f20k", "--commits", "2000", "--files", "20000")
}

// sameStatus checks reef printed exactly what git printed.
func sameStatus(b *testing.B, reefOut, gitOut []byte) {
	if !bytes.Equal(reefOut, gitOut) {
		b.Fatalf("reef and git disagree:\nreef:\n%.2000s\ngit:\n%.2000s", reefOut, gitOut)
	}
}

func BenchmarkStatus3k(b *testing.B) {
	b.Run("porcelain-v2", func(b *testing.B) {
		compare(b, status3k(b), []string{"status", "--porcelain=v2"}, []string{"status", "--porcelain=v2"}, sameStatus)
	})
	b.Run("long", func(b *testing.B) {
		compare(b, status3k(b), []string{"status"}, []string{"status"}, sameStatus)
	})
}

func BenchmarkStatus20k(b *testing.B) {
	b.Run("porcelain-v2", func(b *testing.B) {
		compare(b, status20k(b), []string{"status", "--porcelain=v2"}, []string{"status", "--porcelain=v2"}, sameStatus)
	})
	b.Run("long", func(b *testing.B) {
		compare(b, status20k(b), []string{"status"}, []string{"status"}, sameStatus)
	})
}
