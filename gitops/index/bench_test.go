package index

import (
	"crypto/sha1"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
)

// largeIndexes has git write an index of n entries (paths of ~45 bytes in
// 1,000 directories, as in a mid-sized monorepo) in versions 2 and 4, with a
// cache tree when withTree is set (writing the trees takes seconds), and
// returns copies of both files by version.
func largeIndexes(tb testing.TB, n int, withTree bool) map[int]string {
	tb.Helper()
	r := gittest.New(tb)
	blob := strings.TrimSpace(r.GitIn([]byte("package x\n"), "hash-object", "-w", "--stdin"))
	var in strings.Builder
	for i := range n {
		fmt.Fprintf(&in, "100644 %s\tsrc/module%02d/internal/sub%02d/file_name_%05d.go\n",
			blob, i/1000, i/20%50, i)
	}
	r.GitIn([]byte(in.String()), "update-index", "--add", "--index-info")
	if withTree {
		r.Git("write-tree")
	}
	paths := map[int]string{}
	for _, v := range []int{2, 4} {
		r.Git("update-index", "--index-version", strconv.Itoa(v))
		b, err := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
		if err != nil {
			tb.Fatal(err)
		}
		paths[v] = filepath.Join(tb.TempDir(), "index"+strconv.Itoa(v))
		if err := os.WriteFile(paths[v], b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return paths
}

func TestLargeIndex(t *testing.T) {
	for v, path := range largeIndexes(t, 20_000, false) {
		ix, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(ix.Entries) != 20_000 || ix.Version != v {
			t.Fatalf("v%d: %d entries, version %d", v, len(ix.Entries), ix.Version)
		}
		for _, i := range []int{0, 7260, 19_999} {
			want := fmt.Sprintf("src/module%02d/internal/sub%02d/file_name_%05d.go", i/1000, i/20%50, i)
			if j, ok := ix.Find(want); !ok || j != i {
				t.Errorf("v%d: Find(%s) = %d, %v", v, want, j, ok)
			}
		}
	}
}

// BenchmarkRead reads a 20,000-entry index with its cache tree: Read is the
// whole job (open, read, checksum beside decoding); decode starts from the
// bytes; decode-no-checksum and checksum-only are its two halves.
func BenchmarkRead(b *testing.B) {
	paths := largeIndexes(b, 20_000, true)
	for _, v := range []int{2, 4} {
		path := paths[v]
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("v%d/Read", v), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := Read(path); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
		b.Run(fmt.Sprintf("v%d/decode", v), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				if _, err := decode(data, path); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
		b.Run(fmt.Sprintf("v%d/decode-no-checksum", v), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			d := decoder{data: data, name: path}
			start := cpuTime()
			for b.Loop() {
				if _, err := d.body(v); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, start)
		})
		b.Run(fmt.Sprintf("v%d/checksum-only", v), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			start := cpuTime()
			for b.Loop() {
				sha1.Sum(data[:len(data)-hashSize])
			}
			reportCPU(b, start)
		})
	}
}

// reportCPU adds the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}
