package odb

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
)

// inflater decompresses zlib streams held in memory. Readers are pooled:
// allocating a flate reader costs more than inflating a typical commit.
type inflater struct {
	pool sync.Pool
}

type flateState struct {
	br bytes.Reader
	fr io.ReadCloser
}

var errZlibHeader = errors.New("bad zlib header")

// inflate decompresses the zlib stream at the start of src into a buffer of
// exactly size bytes. It returns the number of compressed bytes consumed
// only approximately (not needed by callers) and fails when the stream is
// shorter or longer than size.
func (z *inflater) inflate(src []byte, size int64) ([]byte, error) {
	out := make([]byte, size)
	if err := z.inflateInto(src, out, true); err != nil {
		return nil, err
	}
	return out, nil
}

// inflatePrefix decompresses only the first len(out) bytes of the stream,
// for readers that need an object's header lines, not its whole body.
func (z *inflater) inflatePrefix(src []byte, out []byte) (int, error) {
	st, err := z.get(src)
	if err != nil {
		return 0, err
	}
	defer z.pool.Put(st)
	n, err := io.ReadFull(st.fr, out)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return n, err
}

func zlibHeader(src []byte) error {
	if len(src) < 2 || src[0]&0x0f != 8 || (uint16(src[0])<<8|uint16(src[1]))%31 != 0 {
		return errZlibHeader
	}
	if src[1]&0x20 != 0 { // preset dictionary: git never writes one
		return errZlibHeader
	}
	return nil
}

func (z *inflater) get(src []byte) (*flateState, error) {
	if err := zlibHeader(src); err != nil {
		return nil, err
	}
	st, _ := z.pool.Get().(*flateState)
	if st == nil {
		st = &flateState{}
		st.br.Reset(src[2:])
		st.fr = flate.NewReader(&st.br)
		return st, nil
	}
	st.br.Reset(src[2:])
	if err := st.fr.(flate.Resetter).Reset(&st.br, nil); err != nil {
		return nil, err
	}
	return st, nil
}

func (z *inflater) inflateInto(src []byte, out []byte, exact bool) error {
	// A small object is cheaper to decode than to set a flate reader up
	// for: a commit or a tree (its own Huffman codes, whose tables flate
	// builds in two levels) and a tree delta (fixed codes or stored).
	if exact && len(out) <= smallObject && len(src) > 2 && src[2]>>1&3 != 3 {
		if err := zlibHeader(src); err != nil {
			return err
		}
		return inflateSmall(src[2:], out)
	}
	st, err := z.get(src)
	if err != nil {
		return err
	}
	defer z.pool.Put(st)
	if _, err := io.ReadFull(st.fr, out); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return errShort
		}
		return err
	}
	if exact {
		var one [1]byte
		if n, _ := st.fr.Read(one[:]); n != 0 {
			return errLong
		}
	}
	return nil
}

var (
	errShort = errors.New("compressed data shorter than its header says")
	errLong  = errors.New("compressed data longer than its header says")
)
