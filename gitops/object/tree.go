package object

import (
	"bytes"
	"fmt"

	"reef/gitops/oid"
)

// Modes git writes in trees.
const (
	ModeTree    = 0o040000
	ModeFile    = 0o100644
	ModeExec    = 0o100755
	ModeSymlink = 0o120000
	ModeGitlink = 0o160000
)

// TreeEntry is one entry of a tree object.
type TreeEntry struct {
	Mode uint32
	Name string
	ID   oid.ID
}

// IsTree reports whether the entry is a subdirectory.
func (e TreeEntry) IsTree() bool { return e.Mode&0o170000 == ModeTree }

// TreeIter walks a tree object's entries in place, without allocating
// per entry except for names taken with Entry.
type TreeIter struct {
	data []byte
	err  error
	mode uint32
	name []byte
	id   oid.ID
}

// NewTreeIter starts iterating over a tree object's content.
func NewTreeIter(data []byte) *TreeIter { return &TreeIter{data: data} }

// Next advances to the next entry; false at the end or on a corrupt tree
// (see Err).
func (it *TreeIter) Next() bool {
	if len(it.data) == 0 || it.err != nil {
		return false
	}
	sp := bytes.IndexByte(it.data, ' ')
	if sp <= 0 {
		it.err = fmt.Errorf("corrupt tree: bad mode")
		return false
	}
	var mode uint32
	for _, c := range it.data[:sp] {
		if c < '0' || c > '7' {
			it.err = fmt.Errorf("corrupt tree: bad mode")
			return false
		}
		mode = mode<<3 | uint32(c-'0')
	}
	rest := it.data[sp+1:]
	nul := bytes.IndexByte(rest, 0)
	if nul <= 0 || nul+1+oid.Size > len(rest) {
		it.err = fmt.Errorf("corrupt tree: truncated entry")
		return false
	}
	it.mode = mode
	it.name = rest[:nul]
	copy(it.id[:], rest[nul+1:nul+1+oid.Size])
	it.data = rest[nul+1+oid.Size:]
	return true
}

// Mode, Name and ID describe the current entry; NameBytes is only valid
// until the next call to Next.
func (it *TreeIter) Mode() uint32      { return it.mode }
func (it *TreeIter) NameBytes() []byte { return it.name }
func (it *TreeIter) ID() oid.ID        { return it.id }

// Entry copies the current entry out.
func (it *TreeIter) Entry() TreeEntry {
	return TreeEntry{Mode: it.mode, Name: string(it.name), ID: it.id}
}

// Err is the parse error that stopped iteration, if any.
func (it *TreeIter) Err() error { return it.err }

// ParseTree returns all entries of a tree object.
func ParseTree(data []byte) ([]TreeEntry, error) {
	var out []TreeEntry
	it := NewTreeIter(data)
	for it.Next() {
		out = append(out, it.Entry())
	}
	return out, it.Err()
}

// FindEntry looks name up in a tree object's content without parsing the
// rest of it (history walks look one path up in thousands of trees).
func FindEntry(data []byte, name string) (mode uint32, id oid.ID, found bool, err error) {
	it := TreeIter{data: data}
	for it.Next() {
		if string(it.name) == name {
			return it.mode, it.id, true, nil
		}
	}
	return 0, oid.Zero, false, it.err
}
