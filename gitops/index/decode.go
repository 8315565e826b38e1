package index

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strings"

	"reef/gitops/oid"
)

// On-disk layout (Documentation/gitformat-index.txt).
const (
	signature  = "DIRC"
	headerSize = 12
	hashSize   = oid.Size
	// statSize is ctime, mtime, dev, ino, mode, uid, gid, size: ten 32-bit words.
	statSize = 40
	// fixedSize is the part of an entry before its (extended) flags' end:
	// stat data, object id and the 16-bit flags.
	fixedSize = statSize + hashSize + 2
	// minEntrySize bounds the entry count a file of a given size can hold:
	// v2/v3 NUL-pad an empty path to 8 bytes (64), v4 has a varint and a NUL.
	minEntrySize = fixedSize + 2

	flagAssumeValid = 0x8000
	flagExtended    = 0x4000
	flagStageMask   = 0x3000
	flagStageShift  = 12
	flagNameMask    = 0x0fff

	xflagSkipWorktree = 0x4000
	xflagIntentToAdd  = 0x2000
	xflagKnown        = xflagSkipWorktree | xflagIntentToAdd
)

// decode parses a whole index file; name is only used in errors.
func decode(data []byte, name string) (*Index, error) {
	d := decoder{data: data, name: name}
	return d.decode()
}

type decoder struct {
	data []byte
	name string
}

func (d *decoder) corrupt(format string, args ...any) error {
	return &FormatError{Path: d.name, Err: ErrCorrupt, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) unsupported(format string, args ...any) error {
	return &FormatError{Path: d.name, Err: ErrUnsupported, Detail: fmt.Sprintf(format, args...)}
}

func (d *decoder) decode() (*Index, error) {
	data := d.data
	if len(data) < headerSize+hashSize {
		return nil, d.corrupt("truncated: %d bytes, smaller than a header and checksum", len(data))
	}
	if string(data[:4]) != signature {
		return nil, d.corrupt("bad signature %q (want %q)", data[:4], signature)
	}
	version := binary.BigEndian.Uint32(data[4:])
	if version < 2 || version > 4 {
		return nil, d.unsupported("version %d (reef reads versions 2 to 4)", version)
	}
	if len(data) < parallelChecksum {
		if err := d.verifyChecksum(); err != nil {
			return nil, err
		}
		return d.body(int(version))
	}
	// Hashing the whole file costs about as much as decoding it: do both at
	// once. A bad checksum wins over a decoding error, which it explains.
	sum := make(chan error, 1)
	go func() { sum <- d.verifyChecksum() }()
	ix, err := d.body(int(version))
	if sumErr := <-sum; sumErr != nil {
		return nil, sumErr
	}
	return ix, err
}

// parallelChecksum is the file size from which the checksum is computed in
// its own goroutine (about 1,000 entries).
const parallelChecksum = 64 << 10

// body decodes the entries and extensions after a valid header.
func (d *decoder) body(version int) (*Index, error) {
	body := len(d.data) - hashSize
	count := binary.BigEndian.Uint32(d.data[8:])
	if uint64(count) > uint64(body-headerSize)/minEntrySize {
		return nil, d.corrupt("truncated: header announces %d entries, the file holds at most %d",
			count, (body-headerSize)/minEntrySize)
	}
	ix := &Index{Version: version}
	off, err := d.entries(ix, int(count), body)
	if err != nil {
		return nil, err
	}
	if err := d.extensions(ix, off, body); err != nil {
		return nil, err
	}
	// Entries of a split index replace shared ones by position and may have
	// empty names, so only a complete index is checked (git fsck checks the
	// order too, after merging the shared index).
	if !ix.Split {
		if err := d.checkOrder(ix.Entries); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// verifyChecksum checks the trailing SHA-1 of everything before it. An
// all-zero trailer is written with index.skipHash and is accepted, as git does.
func (d *decoder) verifyChecksum() error {
	body := len(d.data) - hashSize
	want := d.data[body:]
	if oid.ID(want) == oid.Zero {
		return nil
	}
	if sum := sha1.Sum(d.data[:body]); !bytes.Equal(sum[:], want) {
		return d.corrupt("bad checksum (the file was damaged or truncated)")
	}
	return nil
}

// entries decodes count entries starting after the header and returns the
// offset of the first extension. All paths share one string, so decoding
// allocates a constant number of times whatever the entry count.
func (d *decoder) entries(ix *Index, count, end int) (int, error) {
	data := d.data[:end]
	v4 := ix.Version == 4
	entries := make([]Entry, count)
	// All paths go into one string; bounds[i] is where entry i's path ends
	// in it (it starts at bounds[i-1]).
	bounds := make([]int, count)
	// v2/v3 paths take at most what the fixed parts leave; v4 ones are
	// compressed: guess 64 bytes each.
	nameCap := end - headerSize - count*fixedSize
	if v4 {
		nameCap = max(nameCap, count*64)
	}
	// Each v4 path may repeat most of the previous one: bound the total so a
	// crafted file cannot expand into gigabytes. An entry takes at least 64
	// bytes, so this allows 8 KiB paths (twice Linux's PATH_MAX) throughout.
	maxPaths := 128*len(d.data) + 1<<20
	var names strings.Builder
	names.Grow(max(nameCap, 0))
	prev := 0 // start of the previous path in names (v4 prefix compression)
	off := headerSize
	for i := range entries {
		if end-off < fixedSize {
			return 0, d.corrupt("truncated: entry %d of %d is cut short", i+1, count)
		}
		b := data[off : off+fixedSize]
		e := &entries[i]
		e.CtimeSec = binary.BigEndian.Uint32(b[0:])
		e.CtimeNsec = binary.BigEndian.Uint32(b[4:])
		e.MtimeSec = binary.BigEndian.Uint32(b[8:])
		e.MtimeNsec = binary.BigEndian.Uint32(b[12:])
		e.Dev = binary.BigEndian.Uint32(b[16:])
		e.Ino = binary.BigEndian.Uint32(b[20:])
		e.Mode = binary.BigEndian.Uint32(b[24:])
		e.UID = binary.BigEndian.Uint32(b[28:])
		e.GID = binary.BigEndian.Uint32(b[32:])
		e.Size = binary.BigEndian.Uint32(b[36:])
		e.ID = oid.ID(b[40:60])
		flags := binary.BigEndian.Uint16(b[60:])
		e.AssumeValid = flags&flagAssumeValid != 0
		e.Stage = int(flags&flagStageMask) >> flagStageShift
		p := off + fixedSize
		if flags&flagExtended != 0 {
			if end-p < 2 {
				return 0, d.corrupt("truncated: entry %d of %d is cut short", i+1, count)
			}
			x := binary.BigEndian.Uint16(data[p:])
			if x&^xflagKnown != 0 {
				return 0, d.unsupported("entry %d has unknown extended flags %#04x", i+1, x)
			}
			e.SkipWorktree = x&xflagSkipWorktree != 0
			e.IntentToAdd = x&xflagIntentToAdd != 0
			p += 2
		}
		nameLen := int(flags & flagNameMask)
		start := names.Len()
		if v4 {
			strip, n := uvarint(data[p:])
			if n <= 0 {
				return 0, d.corrupt("entry %d of %d: bad path prefix length", i+1, count)
			}
			p += n
			if i == 0 {
				strip = 0 // nothing precedes the first path; git ignores it too
			}
			if strip > uint64(start-prev) {
				return 0, d.corrupt("entry %d of %d: path strips %d bytes from a %d-byte path",
					i+1, count, strip, start-prev)
			}
			nul := bytes.IndexByte(data[p:], 0)
			if nul < 0 {
				return 0, d.corrupt("truncated: path of entry %d of %d is cut short", i+1, count)
			}
			if start+nul+int(uint64(start-prev)-strip) > maxPaths {
				return 0, d.corrupt("entry %d of %d: paths expand to more than %d bytes", i+1, count, maxPaths)
			}
			// Appending never changes the bytes already written, so the
			// previous path can be copied from the builder's own string.
			names.WriteString(names.String()[prev : start-int(strip)])
			names.Write(data[p : p+nul])
			off = p + nul + 1
		} else {
			var nul int
			if nameLen < flagNameMask {
				// The length is in the flags; the NUL must follow it.
				if end-p <= nameLen {
					return 0, d.corrupt("truncated: path of entry %d of %d is cut short", i+1, count)
				}
				if data[p+nameLen] != 0 {
					return 0, d.corrupt("entry %d of %d: path is longer than its flags say (%d bytes)",
						i+1, count, nameLen)
				}
				nul = nameLen
			} else if nul = bytes.IndexByte(data[p:], 0); nul < 0 {
				return 0, d.corrupt("truncated: path of entry %d of %d is cut short", i+1, count)
			}
			names.Write(data[p : p+nul])
			// 1 to 8 NULs pad the entry to a multiple of 8 bytes.
			off += (p - off + nul + 8) &^ 7
			if off > end {
				return 0, d.corrupt("truncated: entry %d of %d is cut short", i+1, count)
			}
		}
		if got := names.Len() - start; got != nameLen && (nameLen < flagNameMask || got < flagNameMask) {
			return 0, d.corrupt("entry %d of %d: path is %d bytes, its flags say %d", i+1, count, got, nameLen)
		}
		bounds[i] = names.Len()
		prev = start
	}
	all := names.String()
	start := 0
	for i := range entries {
		entries[i].Path = all[start:bounds[i]]
		start = bounds[i]
	}
	ix.Entries = entries
	return off, nil
}

// uvarint decodes git's offset varint (varint.c): each continuation adds one
// before shifting, so every value has a single encoding. n is 0 when b ends
// too early and -1 on overflow.
func uvarint(b []byte) (v uint64, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	v = uint64(c & 0x7f)
	n = 1
	for c&0x80 != 0 {
		v++
		if v == 0 || v>>57 != 0 {
			return 0, -1
		}
		if n >= len(b) {
			return 0, 0
		}
		c = b[n]
		n++
		v = v<<7 | uint64(c&0x7f)
	}
	return v, n
}

// checkOrder enforces what git's check_ce_order does: paths ascending, stages
// ascending within a path, and no conflict stage beside a merged entry. Find
// relies on it.
func (d *decoder) checkOrder(entries []Entry) error {
	for i := 1; i < len(entries); i++ {
		a, b := &entries[i-1], &entries[i]
		if a.Path < b.Path {
			continue
		}
		if a.Path > b.Path {
			return d.corrupt("entries out of order: %q before %q", a.Path, b.Path)
		}
		switch {
		case a.Stage == b.Stage:
			return d.corrupt("path %q appears twice at stage %d", a.Path, a.Stage)
		case a.Stage == 0:
			return d.corrupt("path %q is both merged and in conflict", a.Path)
		case a.Stage > b.Stage:
			return d.corrupt("conflict stages of %q out of order", a.Path)
		}
	}
	return nil
}
