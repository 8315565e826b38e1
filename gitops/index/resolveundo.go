package index

import (
	"bytes"

	"reef/gitops/oid"
)

// parseResolveUndo decodes the REUC extension: per path, the path and NUL,
// three octal modes each ended by NUL (stages 1 to 3, "0" when absent), then
// the ids of the stages present. It returns nil for a malformed extension:
// git reports "invalid resolve-undo information" and goes on without it. An
// empty extension gives an empty, non-nil list, which git writes back.
func parseResolveUndo(b []byte) []ResolveUndo {
	out := []ResolveUndo{}
	for len(b) > 0 {
		nul := bytes.IndexByte(b, 0)
		if nul < 0 {
			return nil
		}
		ru := ResolveUndo{Path: string(b[:nul])}
		b = b[nul+1:]
		for i := range ru.Mode {
			mode, n := octal(b)
			if n == 0 {
				return nil
			}
			ru.Mode[i] = mode
			b = b[n:]
		}
		for i, mode := range ru.Mode {
			if mode == 0 {
				continue
			}
			if len(b) < oid.Size {
				return nil
			}
			ru.ID[i] = oid.ID(b[:oid.Size])
			b = b[oid.Size:]
		}
		out = append(out, ru)
	}
	return out
}

// octal parses up to 10 octal digits ended by NUL; n counts the bytes
// consumed including the NUL, 0 means malformed.
func octal(b []byte) (v uint32, n int) {
	for ; n < len(b) && '0' <= b[n] && b[n] <= '7'; n++ {
		if n == 10 {
			return 0, 0
		}
		v = v<<3 | uint32(b[n]-'0')
	}
	if n == 0 || n >= len(b) || b[n] != 0 {
		return 0, 0
	}
	return v, n + 1
}
