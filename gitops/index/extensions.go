package index

import "encoding/binary"

// Extension signatures git writes. An extension whose signature starts with
// an uppercase letter is optional (a reader may skip it); any other is
// required: not understanding it means misreading the index.
const (
	extTree        = "TREE" // cache tree
	extResolveUndo = "REUC" // resolve undo
	extLink        = "link" // split index: entries live partly in sharedindex.<hash>
	extUntracked   = "UNTR" // untracked cache
	extFsMonitor   = "FSMN" // file system monitor state
	extEndOfIndex  = "EOIE" // end of index entries: offset for threaded loading
	extOffsetTable = "IEOT" // index entry offset table: blocks for threaded loading
	extSparse      = "sdir" // sparse index: directory entries
)

// extensions walks the extensions between off and end (the checksum) and
// records them in ix. As in git, fewer than 8 bytes left before the checksum
// are ignored.
func (d *decoder) extensions(ix *Index, off, end int) error {
	data := d.data
	for end-off >= 8 {
		sig := data[off : off+4]
		size := binary.BigEndian.Uint32(data[off+4:])
		if uint64(size) > uint64(end-off-8) {
			return d.corrupt("truncated: extension %q announces %d bytes, %d remain",
				sig, size, end-off-8)
		}
		body := data[off+8 : off+8+int(size)]
		off += 8 + int(size)
		name := string(sig)
		ix.Extensions = append(ix.Extensions, name)
		switch name {
		case extTree:
			ix.Tree = parseCacheTree(body)
		case extResolveUndo:
			ix.ResolveUndo = parseResolveUndo(body)
		case extLink:
			ix.Split = true
		case extSparse:
			ix.Sparse = true
		case extUntracked:
			ix.Untracked = true
		case extFsMonitor:
			ix.FsMonitor = true
		case extEndOfIndex, extOffsetTable:
			// Only offsets for multi-threaded loading: nothing to read.
		default:
			if sig[0] < 'A' || sig[0] > 'Z' {
				return d.unsupported("uses required extension %q, which reef does not understand", sig)
			}
		}
	}
	return nil
}
