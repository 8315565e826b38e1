package odb

import "errors"

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

// applyDelta rebuilds an object from its base and a git delta (copy and
// insert instructions). Every bound is checked: the delta comes from disk.
func applyDelta(base, delta []byte) ([]byte, error) {
	srcSize, n := deltaVarint(delta)
	if n == 0 || srcSize != uint64(len(base)) {
		return nil, errDelta
	}
	delta = delta[n:]
	dstSize, n := deltaVarint(delta)
	if n == 0 || dstSize > 1<<40 {
		return nil, errDelta
	}
	delta = delta[n:]
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		op := delta[0]
		delta = delta[1:]
		if op&0x80 != 0 {
			var off, size uint64
			for i := uint(0); i < 4; i++ {
				if op&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					off |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			for i := uint(0); i < 3; i++ {
				if op&(0x10<<i) != 0 {
					if len(delta) == 0 {
						return nil, errDelta
					}
					size |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || uint64(len(out))+size > dstSize {
				return nil, errDelta
			}
			out = append(out, base[off:off+size]...)
		} else if op != 0 {
			size := int(op)
			if size > len(delta) || uint64(len(out)+size) > dstSize {
				return nil, errDelta
			}
			out = append(out, delta[:size]...)
			delta = delta[size:]
		} else {
			return nil, errDelta
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errDelta
	}
	return out, nil
}
