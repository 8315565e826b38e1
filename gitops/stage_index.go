package gitops

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"reef/gitops/attr"
	"reef/gitops/gitcli"
	"reef/gitops/index"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// updateIndex runs fn on the index read under its lock and writes the
// result, or nothing when fn fails. errGit comes back when the index
// must be written by git (split or sparse index, assume-unchanged).
func (r *Repo) updateIndex(fn func(ix *index.Index) error) error {
	if r.IsBare() {
		return ErrBare
	}
	err := index.Update(r.indexPath(), fn)
	var le *index.LockError
	if errors.As(err, &le) {
		return fmt.Errorf("%w: %s exists; if no git command is running, remove that file and try again", ErrLocked, le.Path)
	}
	return err
}

// gitWrite runs a git command that writes, with pathspecs taken
// literally (file names may hold glob characters).
func (r *Repo) gitWrite(ctx context.Context, stdin []byte, args ...string) error {
	env := append(append([]string(nil), r.env...), "GIT_LITERAL_PATHSPECS=1")
	_, err := gitcli.Runner{Dir: r.workTree, Env: env}.Output(ctx, stdin, args...)
	if err != nil && strings.Contains(err.Error(), "index.lock") {
		return fmt.Errorf("%w: %v", ErrLocked, err)
	}
	return err
}

// convertedByGit reports whether storing path needs conversions only git
// can run (clean filters such as git-lfs, ident, working-tree-encoding).
func convertedByGit(c attr.Common) bool {
	set := func(v attr.Value) bool { return v.State != attr.Unspecified && v.State != attr.Unset }
	return set(c.Filter) || set(c.Ident) || set(c.WorkingTreeEncoding)
}

// worktreeEntry makes the index entry git add would make for the
// work-tree file at path, writing its blob; ok is false when the path is
// gone from the work tree. old is the current stage-0 entry, if any.
func (r *Repo) worktreeEntry(src *sources, path string, old *index.Entry) (e index.Entry, ok bool, err error) {
	abs := filepath.Join(r.workTree, filepath.FromSlash(path))
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return e, false, nil
	}
	if err != nil {
		return e, false, err
	}
	e.Path = path
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(abs)
		if err != nil {
			return e, false, err
		}
		e.Mode = index.ModeSymlink
		if e.ID, err = r.db.Write(odb.Blob, []byte(target)); err != nil {
			return e, false, err
		}
	case fi.IsDir():
		id, isRepo, err := r.submoduleHead(path)
		if err != nil {
			return e, false, err
		}
		if !isRepo {
			return e, false, fmt.Errorf("%s is a directory, not a file or a submodule", path)
		}
		e.Mode, e.ID = index.ModeGitlink, id
		return e, true, nil // git keeps no stat data worth trusting for gitlinks
	case fi.Mode().IsRegular():
		data, err := treediff.ReadWorktree(abs, fi.Mode())
		if err != nil {
			return e, false, err
		}
		var indexed Hash
		if old != nil && !old.IntentToAdd {
			indexed = old.ID
		}
		if data, err = src.clean(path, data, indexed); err != nil {
			return e, false, err
		}
		e.Mode = index.ModeRegular
		fileMode, _ := r.cfg.Bool("core.filemode", true)
		switch {
		case !fileMode && old != nil && (old.Mode == index.ModeRegular || old.Mode == index.ModeExecutable):
			e.Mode = old.Mode
		case fileMode && fi.Mode()&0o100 != 0:
			e.Mode = index.ModeExecutable
		}
		if e.ID, err = r.db.Write(odb.Blob, data); err != nil {
			return e, false, err
		}
	default:
		return e, false, fmt.Errorf("%s is not a regular file, symlink or submodule", path)
	}
	treediff.SetStat(&e, fi)
	return e, true, nil
}

// headEntry is path's mode and blob in HEAD; ok false when HEAD has no
// such file (or no commit yet).
func (r *Repo) headEntry(path string) (mode uint32, id Hash, ok bool, err error) {
	tree, err := r.headTree()
	if err != nil || tree.IsZero() {
		return 0, oid.Zero, false, err
	}
	dir, name := "", path
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		dir, name = path[:i], path[i+1:]
	}
	t, err := r.treeLookup(tree, dir)
	if errors.Is(err, ErrBadRevision) {
		return 0, oid.Zero, false, nil
	}
	if err != nil {
		return 0, oid.Zero, false, err
	}
	_, data, err := r.db.Read(t)
	if err != nil {
		return 0, oid.Zero, false, err
	}
	it := object.NewTreeIter(data)
	for it.Next() {
		if string(it.NameBytes()) == name {
			if it.Mode() == object.ModeTree {
				return 0, oid.Zero, false, nil
			}
			return it.Mode(), it.ID(), true, nil
		}
	}
	return 0, oid.Zero, false, it.Err()
}

// blobEntry is an entry for content that differs from the work-tree
// file: no stat data, so git compares content (what `git apply --cached`
// writes; copying the file's stat would hide the unstaged rest).
func blobEntry(path string, mode uint32, id Hash, size int) index.Entry {
	return index.Entry{Path: path, Mode: mode, ID: id, Size: uint32(size)}
}
