package odb

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand"
	"testing"
)

// TestInflateSmallAgreesWithFlate checks the small-object inflater
// against Go's flate on zlib streams of every kind git's zlib writes
// (stored, fixed and dynamic blocks, every level), then on the same
// streams damaged: whatever it accepts, flate decodes to the same bytes.
func TestInflateSmallAgreesWithFlate(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	var inputs [][]byte
	for i := 0; i < 300; i++ {
		n := rnd.Intn(smallObject + 1)
		var b bytes.Buffer
		switch i % 4 {
		case 0: // commit-like text
			for b.Len() < n {
				fmt.Fprintf(&b, "tree %x\nparent %x\nauthor A U Thor <a@example.com> %d +0000\n\n", rnd.Int63(), rnd.Int63(), rnd.Int63())
			}
		case 1: // random bytes: stored blocks
			b.Write(randBytes(rnd, n))
		case 2: // long runs: overlapping copies
			for b.Len() < n {
				b.Write(bytes.Repeat([]byte{byte(rnd.Intn(4))}, rnd.Intn(300)))
			}
		default: // a few distinct symbols: short and one-code dynamic codes
			for b.Len() < n {
				b.WriteByte("ab"[rnd.Intn(2)])
			}
		}
		inputs = append(inputs, b.Bytes()[:min(n, b.Len())])
	}
	inputs = append(inputs, nil, []byte("x"))
	levels := []int{zlib.NoCompression, zlib.BestSpeed, 6, zlib.BestCompression, zlib.HuffmanOnly}
	for i, in := range inputs {
		for _, lvl := range levels {
			var z bytes.Buffer
			w, _ := zlib.NewWriterLevel(&z, lvl)
			w.Write(in)
			w.Close()
			stream := z.Bytes()
			out := make([]byte, len(in))
			if err := inflateSmall(stream[2:], out); err != nil || !bytes.Equal(out, in) {
				t.Fatalf("input %d level %d (%d bytes): %v", i, lvl, len(in), err)
			}
			if len(in) > 0 {
				if err := inflateSmall(stream[2:], make([]byte, len(in)-1)); err != errLong {
					t.Fatalf("input %d level %d: a buffer too small gave %v", i, lvl, err)
				}
			}
			if err := inflateSmall(stream[2:], make([]byte, len(in)+1)); err != errShort {
				t.Fatalf("input %d level %d: a buffer too large gave %v", i, lvl, err)
			}
			for m := 0; m < 10 && len(stream) > 6; m++ {
				bad := append([]byte(nil), stream[2:]...)
				bad[rnd.Intn(len(bad)-4)] ^= byte(1 << rnd.Intn(8))
				got := make([]byte, len(in))
				if inflateSmall(bad, got) != nil {
					continue
				}
				want := make([]byte, len(in))
				if _, err := io.ReadFull(flate.NewReader(bytes.NewReader(bad)), want); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("input %d level %d: damaged stream accepted, flate says %v", i, lvl, err)
				}
			}
		}
	}
}

func randBytes(rnd *rand.Rand, n int) []byte {
	b := make([]byte, n)
	rnd.Read(b)
	return b
}

// BenchmarkInflateCommit inflates commit-sized texts compressed with
// dynamic codes, as a walk without a commit-graph does tens of thousands
// of times: most of the cost is building the block's decoding tables.
func BenchmarkInflateCommit(b *testing.B) {
	rnd := rand.New(rand.NewSource(5))
	var streams, outs [][]byte
	dynamic := 0
	for i := 0; i < 256; i++ {
		var c bytes.Buffer
		fmt.Fprintf(&c, "tree %040x\nparent %040x\nauthor Ada Lovelace <ada@example.com> %d +0000\ncommitter Ada Lovelace <ada@example.com> %d +0000\n\n",
			rnd.Uint64(), rnd.Uint64(), 1700000000+rnd.Intn(1e7), 1700000000+rnd.Intn(1e7))
		fmt.Fprintf(&c, "Tune the %s module for %s (#%d)\n", []string{"vpc", "iam", "eks", "rds"}[rnd.Intn(4)], []string{"prod", "staging", "dev"}[rnd.Intn(3)], rnd.Intn(9999))
		var z bytes.Buffer
		w, _ := zlib.NewWriterLevel(&z, 6)
		w.Write(c.Bytes())
		w.Close()
		s := z.Bytes()[2:]
		if s[0]>>1&3 == 2 {
			dynamic++
		}
		streams, outs = append(streams, s), append(outs, make([]byte, c.Len()))
	}
	if dynamic < len(streams)/2 {
		b.Fatalf("only %d of %d streams use dynamic codes", dynamic, len(streams))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(streams)
		if err := inflateSmall(streams[k], outs[k]); err != nil {
			b.Fatal(err)
		}
	}
}
