package gitops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"reef/gitops/attr"
	"reef/gitops/index"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
	"reef/gitops/treediff"
)

// bigFileThreshold is git's core.bigFileThreshold default: larger files
// are shown as binary without being read.
const bigFileThreshold = 512 << 20

// sources reads the two sides of changes for one diff operation: blobs
// from the object database, work-tree files cleaned as git would store
// them, with .gitattributes read once per operation.
type sources struct {
	r   *Repo
	ctx context.Context
	wt  map[string]bool // paths whose new side is in the work tree
	// withIndex: the listing read the index (rename detection looks up
	// attributes the way the listing's git command would).
	withIndex bool

	// Two views of .gitattributes: the work tree's, and the work tree's
	// falling back to the index, which git uses only when it has loaded
	// the index (diffs against the index or the work tree, not between
	// commits).
	attrOnce [2]sync.Once
	attrs    [2]*attr.Matcher

	ixOnce sync.Once
	ix     *index.Index
	ixErr  error
}

// sources starts a diff operation; ix is the index when the caller has
// read it already (nil: read when needed).
func (r *Repo) sources(ctx context.Context, wt map[string]bool, ix *index.Index) *sources {
	return &sources{r: r, ctx: ctx, wt: wt, ix: ix, withIndex: ix != nil}
}

// index is the index, read once (for .gitattributes and line endings).
func (s *sources) index() (*index.Index, error) {
	s.ixOnce.Do(func() {
		if s.ix == nil {
			s.ix, s.ixErr = s.r.readIndex()
		}
	})
	return s.ix, s.ixErr
}

// matcher answers .gitattributes questions as git does for diff: the
// work-tree file of each directory, else (withIndex) its index version; in
// a bare repository only info/attributes and the global and system files.
func (s *sources) matcher(withIndex bool) *attr.Matcher {
	k := 0
	if withIndex {
		k = 1
	}
	s.attrOnce[k].Do(func() {
		r := s.r
		ignoreCase, _ := r.cfg.Bool("core.ignorecase", false)
		global, ok, _ := r.cfg.Path("core.attributesfile")
		o := attr.RepoOptions(r.commonDir, global, ok, r.env, ignoreCase)
		read := func(dir string) ([]byte, error) { return nil, nil }
		if !r.IsBare() {
			fromTree := attr.WorkTreeReader(r.workTree)
			read = fromTree
			if withIndex {
				read = func(dir string) ([]byte, error) {
					if b, err := fromTree(dir); err != nil || b != nil {
						return b, err
					}
					return s.indexAttributes(dir)
				}
			}
		}
		s.attrs[k] = attr.NewMatcher(o, read)
	})
	return s.attrs[k]
}

// indexAttributes reads dir/.gitattributes from the index, when staged.
func (s *sources) indexAttributes(dir string) ([]byte, error) {
	ix, err := s.index()
	if err != nil {
		return nil, nil // no index: no attributes from it
	}
	name := ".gitattributes"
	if dir != "" {
		name = dir + "/" + name
	}
	i, ok := ix.Find(name)
	if !ok || ix.Entries[i].Stage != 0 || ix.Entries[i].Mode != index.ModeRegular && ix.Entries[i].Mode != index.ModeExecutable {
		return nil, nil
	}
	_, b, err := s.r.db.Read(ix.Entries[i].ID)
	return b, err
}

// common returns the diff and conversion attributes of path.
func (s *sources) common(path string, withIndex bool) (attr.Common, error) {
	return s.matcher(withIndex).Common(path)
}

// binaryByAttr reports whether attributes or configuration make path
// binary for diff (-diff, the binary macro, or diff.<driver>.binary),
// and whether they decided at all.
func (s *sources) binaryByAttr(path string, withIndex bool) (binary, decided bool, err error) {
	a, err := s.common(path, withIndex)
	if err != nil {
		return false, false, err
	}
	if a.Binary() {
		return true, true, nil
	}
	if drv := a.DiffDriver(); drv != "" {
		if _, set := s.r.cfg.Get("diff." + drv + ".binary"); set {
			b, err := s.r.cfg.Bool("diff."+drv+".binary", false)
			return b, true, err
		}
	}
	return false, false, nil
}

// binaryForRename is the Binary hook of rename detection.
func (s *sources) binaryForRename(side treediff.Side, data []byte) bool {
	if b, decided, err := s.binaryByAttr(side.Path, s.withIndex); err == nil && decided {
		return b
	}
	return hasNUL(data)
}

// hasNUL is git's binary test: a NUL byte in the first 8000 bytes.
func hasNUL(data []byte) bool {
	for _, c := range data[:min(len(data), 8000)] {
		if c == 0 {
			return true
		}
	}
	return false
}

// isWorktree reports whether a side must be read from the work tree: its
// path is a work-tree side and its id is not a stored object (an id that
// is stored has the same content anyway).
func (s *sources) isWorktree(side treediff.Side) bool {
	return s.wt[side.Path] && !s.r.db.Has(side.ID)
}

// content returns a side's content as git compares it.
func (s *sources) content(side treediff.Side) ([]byte, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if side.Mode == treediff.ModeGitlink {
		return []byte("Subproject commit " + side.ID.String() + "\n"), nil
	}
	if s.isWorktree(side) {
		return s.worktree(side.Path)
	}
	return s.blob(side.ID, side.Path)
}

// size returns a side's size without reading work-tree files' content
// when no conversion can apply.
func (s *sources) size(side treediff.Side) (int64, error) {
	if side.Mode == treediff.ModeGitlink {
		return int64(len("Subproject commit \n") + oid.HexSize), nil
	}
	if s.isWorktree(side) {
		b, err := s.worktree(side.Path)
		return int64(len(b)), err
	}
	typ, n, err := s.r.db.Header(side.ID)
	if err != nil {
		return 0, s.missing(err, side.ID, side.Path)
	}
	if typ != odb.Blob {
		return 0, fmt.Errorf("%s: object %s is a %s, not a file: run `git fsck`", side.Path, s.r.ShortHash(side.ID), typ)
	}
	return n, nil
}

// blob reads a file's blob.
func (s *sources) blob(id Hash, path string) ([]byte, error) {
	if id.IsZero() {
		return nil, nil
	}
	typ, data, err := s.r.db.Read(id)
	if err != nil {
		return nil, s.missing(err, id, path)
	}
	if typ != odb.Blob {
		return nil, fmt.Errorf("%s: object %s is a %s, not a file: run `git fsck`", path, s.r.ShortHash(id), typ)
	}
	return data, nil
}

func (s *sources) missing(err error, id Hash, path string) error {
	if errors.Is(err, odb.ErrNotFound) {
		return fmt.Errorf("%s: object %s is missing from the repository (damaged, or not fetched in a partial clone): %w", path, id, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// worktree reads a work-tree file and cleans it as git would store it.
func (s *sources) worktree(path string) ([]byte, error) {
	abs := filepath.Join(s.r.workTree, filepath.FromSlash(path))
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	data, err := treediff.ReadWorktree(abs, fi.Mode())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return data, nil
	}
	var indexed Hash
	if ix, err := s.index(); err == nil {
		if i, ok := ix.Find(path); ok && ix.Entries[i].Stage == 0 {
			indexed = ix.Entries[i].ID
		}
	}
	return s.clean(path, data, indexed)
}

// clean applies git's line-ending conversion to work-tree content.
// indexed is the path's index blob (zero when none), whose CRLFs turn
// automatic conversion off.
func (s *sources) clean(path string, data []byte, indexed Hash) ([]byte, error) {
	a, err := s.common(path, true)
	if err != nil {
		return nil, err
	}
	v, _ := s.r.cfg.Get("core.autocrlf")
	auto := treediff.ParseAutoCRLF(strings.ToLower(v))
	return treediff.Clean(data, a, auto, func() ([]byte, error) {
		if indexed.IsZero() {
			return nil, nil
		}
		return s.blob(indexed, path)
	})
}

// worktreeOptions is how this repository's configuration compares the
// index with the work tree.
func (r *Repo) worktreeOptions(ix *index.Index, paths []string) treediff.WorktreeOptions {
	fileMode, _ := r.cfg.Bool("core.filemode", true)
	symlinks, _ := r.cfg.Bool("core.symlinks", true)
	ctime, _ := r.cfg.Bool("core.trustctime", true)
	check, _ := r.cfg.Get("core.checkstat")
	src := r.sources(context.Background(), nil, ix)
	return treediff.WorktreeOptions{
		Root: r.workTree, Paths: paths,
		IgnoreFileMode: !fileMode, NoSymlinks: !symlinks,
		IgnoreCtime: !ctime, MinimalStat: strings.EqualFold(check, "minimal"),
		Clean: func(path string, e *index.Entry, data []byte) ([]byte, error) {
			return src.clean(path, data, e.ID)
		},
		Submodule:      r.submoduleHead,
		SubmoduleDirty: r.submoduleDirty,
	}
}

// submoduleDirty reports whether the submodule checked out at path has
// modified tracked files, by running reef's status there (as git diff
// runs git status in it). The submodule gets the environment without this
// repository's GIT_DIR and friends, as git clears them.
func (r *Repo) submoduleDirty(path string) (bool, error) {
	var env []string
	for _, kv := range r.env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES":
			continue
		}
		env = append(env, kv)
	}
	sub, err := Open(filepath.Join(r.workTree, filepath.FromSlash(path)), Options{Env: env})
	if err != nil {
		return false, nil // not a readable checkout: nothing to call dirty
	}
	defer sub.Close()
	st, err := sub.Status(context.Background(), StatusOptions{Untracked: UntrackedNo})
	if err != nil {
		return false, err
	}
	return len(st.Entries) > 0, nil
}

// submoduleHead returns the commit checked out in the submodule at path
// (relative to the top), and false when it is not checked out.
func (r *Repo) submoduleHead(path string) (Hash, bool, error) {
	dotgit := filepath.Join(r.workTree, filepath.FromSlash(path), ".git")
	fi, err := os.Stat(dotgit)
	if err != nil {
		return oid.Zero, false, nil
	}
	gd := dotgit
	if !fi.IsDir() {
		if gd, err = readGitFile(dotgit); err != nil {
			return oid.Zero, false, nil
		}
	}
	if !isGitDir(gd) {
		return oid.Zero, false, nil
	}
	id, err := refs.Open(gd, commonDirOf(gd)).Resolve("HEAD")
	if errors.Is(err, refs.ErrNotFound) {
		return oid.Zero, false, nil
	}
	return id, err == nil, err
}
