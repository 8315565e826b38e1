package odb

import (
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

var errDelta = errors.New("bad delta")

func deltaVarint(b []byte) (uint64, int) {
	var v uint64
	var shift uint
	for i, c := range b {
		if shift > 63 {
			return 0, 0
		}
		v |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// applyDelta rebuilds an object from its base and a git delta with
// go-git's patcher, which checks every copy against both buffers.
func applyDelta(base, delta []byte) ([]byte, error) {
	if len(base) == 0 {
		// go-git refuses an empty base; git never deltifies against one.
		return nil, errDelta
	}
	out, err := packfile.PatchDelta(base, delta)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errDelta, err)
	}
	return out, nil
}
