package bench

import (
	"bytes"
	"testing"
)

// Clean work trees from mkrepo, as the issue names them: the 50,000-commit
// repository with 3,000 files, and one with 20,000 files (about 11,000
// directories).
func status3k(b *testing.B) string { return big(b) }

func status20k(b *testing.B) string {
	return repo(b, "c50k-f20k", "--commits", "50000", "--files", "20000")
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
