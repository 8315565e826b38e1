package oid

import (
	"encoding/hex"
	"math/rand"
	"strings"
	"testing"
)

// TestFromHexBytes agrees with encoding/hex on valid names (both cases)
// and refuses any other character in any position, and wrong lengths.
func TestFromHexBytes(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		var raw [Size]byte
		rnd.Read(raw[:])
		s := hex.EncodeToString(raw[:])
		if i%2 == 1 {
			s = strings.ToUpper(s)
		}
		id, ok := FromHexBytes([]byte(s))
		if !ok || id != ID(raw) {
			t.Fatalf("%s: %v %x", s, ok, id)
		}
		b := []byte(s)
		b[rnd.Intn(HexSize)] = "gG/:@`zZ \x00\xff"[rnd.Intn(11)]
		if _, ok := FromHexBytes(b); ok {
			t.Fatalf("%q accepted", b)
		}
	}
	for _, n := range []int{0, 39, 41} {
		if _, ok := FromHexBytes([]byte(strings.Repeat("a", n))); ok {
			t.Errorf("%d characters accepted", n)
		}
	}
}

func BenchmarkFromHexBytes(b *testing.B) {
	s := []byte("0123456789abcdef0123456789abcdef01234567")
	for b.Loop() {
		if _, ok := FromHexBytes(s); !ok {
			b.Fatal("refused")
		}
	}
}
