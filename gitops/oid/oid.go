// Package oid holds the object id type: a 20-byte SHA-1, the only object
// format reef reads natively (SHA-256 repositories are refused plainly).
package oid

import (
	"bytes"
	"encoding/hex"
	"errors"
)

// Size is the byte length of an ID; HexSize its hexadecimal length.
const (
	Size    = 20
	HexSize = 40
)

// ID is a Git object name.
type ID [Size]byte

// Zero is the all-zero id git uses for "no object".
var Zero ID

// ErrSyntax reports a string that is not a full hexadecimal object name.
var ErrSyntax = errors.New("not a 40-character hexadecimal object id")

// FromHex parses a full 40-character hexadecimal id.
func FromHex(s string) (ID, error) {
	var id ID
	if len(s) != HexSize {
		return id, ErrSyntax
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, ErrSyntax
	}
	return id, nil
}

// FromHexBytes is FromHex for a byte slice, without allocating. Walks
// without a commit-graph parse two or three of these per commit read.
func FromHexBytes(b []byte) (ID, bool) {
	var id ID
	if len(b) != HexSize {
		return id, false
	}
	bad := byte(0)
	for i := 0; i < Size; i++ {
		hi, lo := unhexTab[b[2*i]], unhexTab[b[2*i+1]]
		bad |= hi | lo
		id[i] = hi<<4 | lo
	}
	if bad > 0x0f {
		return ID{}, false
	}
	return id, true
}

// unhexTab maps a hexadecimal digit (either case) to its value, anything
// else to 0xff.
var unhexTab = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 10
		t[c-'a'+'A'] = byte(c-'a') + 10
	}
	return t
}()

// FromBytes copies a raw 20-byte id.
func FromBytes(b []byte) ID {
	var id ID
	copy(id[:], b)
	return id
}

// String is the full hexadecimal form.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether id is the all-zero id.
func (id ID) IsZero() bool { return id == Zero }

// Compare orders ids bytewise, as pack indexes sort them.
func (id ID) Compare(o ID) int { return bytes.Compare(id[:], o[:]) }

// Short is the first n hexadecimal digits (n clamped to 1..40). It does not
// check uniqueness; odb.DB.Abbrev does.
func (id ID) Short(n int) string {
	if n < 1 {
		n = 1
	}
	if n > HexSize {
		n = HexSize
	}
	return id.String()[:n]
}

// AppendHex appends the hexadecimal form to dst.
func (id ID) AppendHex(dst []byte) []byte {
	return hex.AppendEncode(dst, id[:])
}
