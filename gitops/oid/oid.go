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

// FromHexBytes is FromHex for a byte slice, without allocating.
func FromHexBytes(b []byte) (ID, bool) {
	var id ID
	if len(b) != HexSize {
		return id, false
	}
	for i := 0; i < Size; i++ {
		hi, ok1 := unhex(b[2*i])
		lo, ok2 := unhex(b[2*i+1])
		if !ok1 || !ok2 {
			return id, false
		}
		id[i] = hi<<4 | lo
	}
	return id, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

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
