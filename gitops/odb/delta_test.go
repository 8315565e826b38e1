package odb

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// TestApplyDeltaAgreesWithGoGit checks reef's delta patcher against
// go-git's on deltas go-git makes, and on the same deltas damaged: what
// reef rebuilds, go-git rebuilds the same. reef may refuse more: go-git
// reads a size cut short as if it were complete, git and reef do not.
func TestApplyDeltaAgreesWithGoGit(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	word := func() []byte { return []byte{byte('a' + rnd.Intn(26)), byte('a' + rnd.Intn(26)), ' '} }
	for i := 0; i < 400; i++ {
		var base []byte
		for n := rnd.Intn(3000) + 1; len(base) < n; {
			base = append(base, word()...)
		}
		target := append([]byte(nil), base...)
		for k := rnd.Intn(20); k > 0; k-- {
			at := rnd.Intn(len(target) + 1)
			switch rnd.Intn(3) {
			case 0:
				target = append(target[:at], append(word(), target[at:]...)...)
			case 1:
				target = append(target[:at], target[min(len(target), at+rnd.Intn(50)):]...)
			default:
				target = append(target, base[:rnd.Intn(len(base))]...)
			}
		}
		delta := packfile.DiffDelta(base, target)
		got, err := applyDelta(base, delta)
		if err != nil || !bytes.Equal(got, target) {
			t.Fatalf("case %d: delta of %d bytes did not rebuild the target (%v)", i, len(delta), err)
		}
		for m := 0; m < 20; m++ {
			bad := append([]byte(nil), delta...)
			switch rnd.Intn(3) {
			case 0:
				bad[rnd.Intn(len(bad))] ^= byte(1 << rnd.Intn(8))
			case 1:
				bad = bad[:rnd.Intn(len(bad))]
			default:
				bad = append(bad, byte(rnd.Intn(256)))
			}
			want, werr := packfile.PatchDelta(base, bad)
			got, gerr := applyDelta(base, bad)
			if gerr == nil && (werr != nil || !bytes.Equal(got, want)) {
				t.Fatalf("case %d/%d: go-git %v (%d bytes), reef %v (%d bytes)", i, m, werr, len(want), gerr, len(got))
			}
		}
	}
	if _, err := applyDelta(nil, []byte{0, 0}); err == nil {
		t.Error("a delta against an empty base was applied")
	}
	// A target size no delta of this length can produce is refused
	// before anything is allocated.
	if _, err := applyDelta([]byte("abc"), []byte{3, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x91, 0, 3}); err == nil {
		t.Error("a delta claiming a 4 GiB target was applied")
	}
}
