// Package index reads and writes git's index file (versions 2, 3 and 4)
// with its extensions, fast and as git does. Update changes it under
// index.lock; Encode writes it byte for byte as git would.
//
// Read verifies the header, the trailing SHA-1 checksum and the order of the
// entries, as `git fsck` does (other git commands skip the last two), so a
// damaged index is reported instead of shown as wrong data. A split index
// ("link") cannot be read on its own: Read reports it through Index.Split and
// the caller must use the git command line. The result is safe for
// concurrent reads; Add and Remove change it in place.
package index

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"reef/gitops/oid"
)

// File modes git stores in index entries.
const (
	ModeRegular    uint32 = 0o100644
	ModeExecutable uint32 = 0o100755
	ModeSymlink    uint32 = 0o120000
	ModeGitlink    uint32 = 0o160000 // submodule commit
	ModeDir        uint32 = 0o040000 // sparse-directory entry of a sparse index
)

// Entry is one index entry. The stat fields are git's truncated 32-bit
// copies, compared with a fresh lstat to tell whether the work-tree file may
// have changed (see Index.ModTime for racily clean entries).
type Entry struct {
	Path string // slash-separated, as stored; a sparse directory ends in "/"
	Mode uint32 // ModeRegular, ModeExecutable, ModeSymlink, ModeGitlink or ModeDir
	ID   oid.ID
	// Stage is 0 for a merged entry; 1 (base), 2 (ours) and 3 (theirs) for
	// the sides of an unresolved conflict.
	Stage int

	AssumeValid  bool // `git update-index --assume-unchanged`
	SkipWorktree bool // sparse checkout or `--skip-worktree`
	IntentToAdd  bool // `git add -N`: ID is the empty blob, nothing is staged yet

	CtimeSec, CtimeNsec, MtimeSec, MtimeNsec uint32
	Dev, Ino, UID, GID, Size                 uint32
}

// ResolveUndo is a resolved conflict remembered by the REUC extension, so that
// `git checkout -m` (and reef) can show or recreate it. Index 0..2 of Mode and
// ID are stages 1..3; Mode 0 means the stage was absent.
type ResolveUndo struct {
	Path string
	Mode [3]uint32
	ID   [3]oid.ID
}

// Index is the decoded index file.
type Index struct {
	// Version is the file format version (2, 3 or 4), or 0 when the file
	// does not exist (an unborn or freshly initialised repository): that is
	// an empty index, not an error.
	Version int
	// Entries are in file order: sorted by path bytewise, then by stage.
	// When Split is true they are only the split index's own entries: not
	// the whole index, not sorted, and entries replacing shared ones have
	// empty paths, so Find and DirRange mean nothing.
	Entries []Entry
	// Tree is the cache tree (TREE extension); nil when absent, or when it
	// cannot be parsed (git silently drops a malformed cache tree too).
	Tree *CacheTree
	// ResolveUndo lists resolved conflicts (REUC) in file order (git sorts
	// them by path); nil when absent or malformed (git ignores a malformed
	// one with a warning), empty but not nil when present and empty.
	ResolveUndo []ResolveUndo

	Split     bool // "link": split index; the caller must fall back to the git CLI
	Sparse    bool // "sdir": sparse index, Entries may hold directories (ModeDir)
	FsMonitor bool // "FSMN" present (not decoded)
	Untracked bool // "UNTR" untracked cache present (not decoded)

	// Extensions lists the signatures of all extensions in file order,
	// including the ones skipped (EOIE, IEOT, unknown optional ones).
	Extensions []string

	// ModTime is the modification time of the index file itself. An entry
	// whose mtime is not older than ModTime is "racily clean": its content
	// must be compared even when its stat data matches.
	ModTime time.Time

	fresh   map[string]struct{} // paths set by Add: their stat data is current (edit.go)
	editErr error               // the first Add refused (edit.go)
}

// Errors returned by Read, wrapped in a *FormatError.
var (
	// ErrCorrupt reports a damaged index file (truncated, bad signature,
	// bad checksum, malformed entry).
	ErrCorrupt = errors.New("index file corrupt")
	// ErrUnsupported reports a well-formed index that uses something reef
	// does not understand (a newer version, a required extension).
	ErrUnsupported = errors.New("unsupported index file")
)

// FormatError is the error Read returns for an index file it cannot decode.
// errors.Is(err, ErrCorrupt) or errors.Is(err, ErrUnsupported) tells which.
type FormatError struct {
	Path   string
	Err    error  // ErrCorrupt or ErrUnsupported
	Detail string // what is wrong, e.g. "bad checksum"
}

func (e *FormatError) Error() string {
	if e.Err == ErrUnsupported {
		return fmt.Sprintf("%s: %v: %s; use the git command line for this repository",
			e.Path, e.Err, e.Detail)
	}
	return fmt.Sprintf("%s: %v: %s; remove it and run `git reset` to rebuild it from HEAD "+
		"(staged changes are lost, work-tree files are kept)", e.Path, e.Err, e.Detail)
}

func (e *FormatError) Unwrap() error { return e.Err }

// Read reads and verifies the index file at path (usually .git/index, or
// $GIT_INDEX_FILE). A missing file is an empty index with Version 0 and a nil
// error, as git treats it.
func Read(path string) (*Index, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Index{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("read index: %s is a directory", path)
	}
	// git replaces the index by renaming a new file over it, so the open
	// file cannot change under us; a short read means someone truncated it
	// in place, which the checksum then reports.
	data := make([]byte, fi.Size())
	n, err := io.ReadFull(f, data)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("read index: %w", err)
	}
	ix, err := decode(data[:n], path)
	if err != nil {
		return nil, err
	}
	ix.ModTime = fi.ModTime()
	return ix, nil
}

// Find returns the position of the first entry for path (stage 0 when the
// path is merged, else its lowest conflict stage) and true, or the position
// where path would be inserted and false. Paths are compared bytewise, as git
// sorts them.
func (ix *Index) Find(path string) (int, bool) {
	i := ix.search(path)
	return i, i < len(ix.Entries) && ix.Entries[i].Path == path
}

// DirRange returns the half-open range [lo, hi) of entries under directory
// dir (slash-separated, no trailing slash; "" is the whole index). A valid
// cache-tree node for dir covers exactly this range.
func (ix *Index) DirRange(dir string) (lo, hi int) {
	if dir == "" {
		return 0, len(ix.Entries)
	}
	// Every path with prefix dir+"/" sorts in [dir+"/", dir+"0"): '0' is '/'+1.
	return ix.search(dir + "/"), ix.search(dir + "0")
}

// search is the first position whose path is not less than path.
func (ix *Index) search(path string) int {
	lo, hi := 0, len(ix.Entries)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ix.Entries[m].Path < path {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
