package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrLocked reports that the index is locked by another process: its
// index.lock exists. Update returns it inside a *LockError.
var ErrLocked = errors.New("the index is locked")

// LockError is the error Update returns when the lock file exists.
// errors.Is(err, ErrLocked) is true for it.
type LockError struct {
	Path string // the lock file, e.g. .git/index.lock
}

func (e *LockError) Error() string {
	return fmt.Sprintf("another git process seems to be running in this repository (%s exists); "+
		"if none is, remove that file", e.Path)
}

func (e *LockError) Unwrap() error { return ErrLocked }

// ErrNeedsGit reports an index reef does not write itself: a split index,
// a sparse index, or one with assume-unchanged entries. The caller should
// make the change with the git command line instead; nothing was written.
var ErrNeedsGit = errors.New("this index needs the git command line")

// Update changes the index file at indexPath the way git does: it creates
// indexPath+".lock" exclusively (mode 0666 less the umask, as git's
// lockfile does), reads the index under the lock, lets fn change it,
// writes the result to the lock file, fsyncs it and renames it over the
// index. If the lock exists, fn is not called and a *LockError (ErrLocked)
// is returned, leaving that lock alone. If fn or anything else fails, the
// lock file is removed and the index is untouched.
//
// A split or sparse index, or one with an assume-unchanged entry, is not
// handed to fn: Update returns ErrNeedsGit with the reason. reef cannot
// write the shared index or sparse directories, and an assume-unchanged
// entry hides its work-tree state from reef's view of the change.
func Update(indexPath string, fn func(ix *Index) error) error {
	lockPath := indexPath + ".lock"
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return &LockError{Path: lockPath}
	}
	if err != nil {
		return fmt.Errorf("lock the index: %w", err)
	}
	done := false
	defer func() {
		// Also on a panic in fn: never leave a stale lock behind.
		if !done {
			f.Close()
			os.Remove(lockPath)
		}
	}()

	ix, err := Read(indexPath)
	if err != nil {
		return err
	}
	if err := needsGit(ix); err != nil {
		return err
	}
	if err := fn(ix); err != nil {
		return err
	}
	data, err := encode(ix)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", lockPath, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", lockPath, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", lockPath, err)
	}
	if err := os.Rename(lockPath, indexPath); err != nil {
		return fmt.Errorf("replace the index: %w", err)
	}
	done = true
	return nil
}

// needsGit says why Update must leave ix to git, or returns nil.
func needsGit(ix *Index) error {
	switch {
	case ix.Split:
		return fmt.Errorf("%w: the index is split (core.splitIndex)", ErrNeedsGit)
	case ix.Sparse:
		return fmt.Errorf("%w: the index is sparse (index.sparse)", ErrNeedsGit)
	}
	for i := range ix.Entries {
		if ix.Entries[i].AssumeValid {
			return fmt.Errorf("%w: %q is marked assume-unchanged", ErrNeedsGit, ix.Entries[i].Path)
		}
	}
	return nil
}
