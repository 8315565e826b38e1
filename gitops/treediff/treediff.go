// Package treediff finds what changed between two snapshots of a
// repository: two trees, a tree and the index, or the index and the work
// tree. It reads tree objects straight from the object database, skips
// subtrees whose ids match (and index directories whose cache-tree entry
// matches), and never loads a blob unless a decision needs its content.
//
// Changes come out in git's order (bytewise by path), with renames and
// copies found the way git's diffcore-rename finds them (DetectRenames), so
// the lists reef shows and the patches it writes agree with `git diff`.
package treediff

import (
	"errors"
	"strings"

	"reef/gitops/odb"
	"reef/gitops/oid"
)

// Modes git stores for files and directories.
const (
	ModeTree    uint32 = 0o040000
	ModeFile    uint32 = 0o100644
	ModeExec    uint32 = 0o100755
	ModeSymlink uint32 = 0o120000
	ModeGitlink uint32 = 0o160000
)

// modeType is the S_IFMT part of a mode: 644 and 755 files share one.
func modeType(m uint32) uint32 { return m & 0o170000 }

// IsRegular reports whether mode is a regular file (executable or not).
func IsRegular(m uint32) bool { return modeType(m) == 0o100000 }

// Side is one side of a change. Mode 0 means the side is absent (the
// path was added or deleted).
type Side struct {
	Path string
	Mode uint32
	ID   oid.ID
}

// Exists reports whether the side is present.
func (s Side) Exists() bool { return s.Mode != 0 }

// Change statuses, as git's --name-status prints them.
const (
	Added       byte = 'A'
	Deleted     byte = 'D'
	Modified    byte = 'M'
	TypeChanged byte = 'T' // file <-> symlink <-> submodule
	Renamed     byte = 'R'
	Copied      byte = 'C'
	Unmerged    byte = 'U' // a conflicted index entry (index diffs only)
)

// Change is one changed path.
type Change struct {
	Status   byte // Added, Deleted, Modified, TypeChanged, Renamed, Copied, Unmerged
	Old, New Side
	// Score is the similarity of a rename or copy in percent (100 for an
	// exact one), as git prints it after R and C.
	Score int
	// Dirty marks a work-tree submodule with modified tracked files.
	Dirty bool
}

// Path is the path the change is listed under: the new path, or the old
// one for a deletion.
func (c Change) Path() string {
	if c.New.Exists() || c.Status == Unmerged {
		return c.New.Path
	}
	return c.Old.Path
}

// pairStatus is the status of a change with both sides present.
func pairStatus(old, new uint32) byte {
	if modeType(old) != modeType(new) {
		return TypeChanged
	}
	return Modified
}

// Reader reads objects; *odb.DB is one.
type Reader interface {
	Read(id oid.ID) (odb.Type, []byte, error)
}

// ErrCorrupt is wrapped by errors for malformed tree objects.
var ErrCorrupt = errors.New("corrupt object")

// Pathspec limits a diff to paths. Each element is a path relative to the
// top of the work tree: a file, or a directory meaning everything below
// it. An empty Pathspec (or one holding "" or ".") matches everything.
// Wildcards are not interpreted.
type Pathspec []string

// Clean normalises the elements: no leading "./", no trailing slash.
func (p Pathspec) Clean() Pathspec {
	out := make(Pathspec, 0, len(p))
	for _, s := range p {
		s = strings.TrimPrefix(s, "./")
		s = strings.Trim(s, "/")
		if s == "." || s == "" {
			return nil // the whole tree
		}
		out = append(out, s)
	}
	return out
}

// Match reports whether a file path is selected.
func (p Pathspec) Match(path string) bool {
	if len(p) == 0 {
		return true
	}
	for _, s := range p {
		if path == s || strings.HasPrefix(path, s) && path[len(s)] == '/' {
			return true
		}
	}
	return false
}

// Dir says what the pathspec wants below directory dir: all means every
// path below it is selected, some that at least one may be.
func (p Pathspec) Dir(dir string) (all, some bool) {
	if len(p) == 0 || dir == "" {
		return len(p) == 0, true
	}
	for _, s := range p {
		switch {
		case dir == s || strings.HasPrefix(dir, s) && dir[len(s)] == '/':
			return true, true
		case strings.HasPrefix(s, dir) && s[len(dir)] == '/':
			some = true
		}
	}
	return false, some
}
