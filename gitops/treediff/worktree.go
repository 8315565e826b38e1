package treediff

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"reef/gitops/index"
	"reef/gitops/oid"
)

// WorktreeOptions configures Worktree. The zero value is git's default
// configuration on Linux.
type WorktreeOptions struct {
	Root  string // top of the work tree
	Paths Pathspec
	// IgnoreFileMode is core.fileMode=false: the executable bit of
	// work-tree files is not compared.
	IgnoreFileMode bool
	// NoSymlinks is core.symlinks=false: symbolic links were checked out
	// as plain files holding the target.
	NoSymlinks bool
	// IgnoreCtime is core.trustCtime=false; MinimalStat is
	// core.checkStat=minimal (compare only mtime seconds and size).
	IgnoreCtime, MinimalStat bool
	// Clean converts a work-tree file's content to what git would store
	// (see Clean); nil compares the bytes as they are. e is the file's
	// index entry.
	Clean func(path string, e *index.Entry, data []byte) ([]byte, error)
	// Submodule returns the commit checked out in the submodule at path,
	// and false when none is (not initialised): that is no change.
	Submodule func(path string) (oid.ID, bool, error)
	// SubmoduleDirty reports whether a checked-out submodule's tracked
	// files are modified (git's "-dirty"); nil never looks.
	SubmoduleDirty func(path string) (bool, error)
}

// fileStat is the part of a stat git compares with index entries.
type fileStat struct {
	mtime, mtimeNsec, ctime, ctimeNsec uint32
	dev, ino, uid, gid, size           uint32
	partial                            bool // only mtime and size are known
}

// Worktree compares the index with the work tree, like `git diff`: the
// New side of each change is the work-tree file, its ID the hash of its
// cleaned content. Files whose stat data matches their index entry are
// not read unless the entry is racily clean (written in the same instant
// as the index); others are hashed, so a touched but unchanged file is
// not reported. Intent-to-add entries show as added files, a conflicted
// path as an Unmerged change followed by the change from its "ours" stage
// to the work tree (git's listing), and skip-worktree and assume-unchanged
// entries as unchanged.
func Worktree(ctx context.Context, ix *index.Index, o WorktreeOptions) ([]Change, error) {
	ps := o.Paths.Clean()
	// One job per path: a stage-0 entry, or the first entry of a
	// conflicted path's stages.
	var jobs []int
	for i := 0; i < len(ix.Entries); i++ {
		e := &ix.Entries[i]
		if !ps.Match(e.Path) {
			continue
		}
		jobs = append(jobs, i)
		for e.Stage != 0 && i+1 < len(ix.Entries) && ix.Entries[i+1].Path == e.Path {
			i++
		}
	}
	// lstat dominates, and git spreads it over threads too (preload
	// index): each worker takes jobs in turn, results keep index order.
	results := make([][]Change, len(jobs))
	errs := make([]error, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), len(jobs)/256+1)
	var next atomic.Int64
	var wg sync.WaitGroup
	dirs := &dirCache{m: map[string]bool{}}
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := wtWalker{o: o, ps: ps, ix: ix, dirs: dirs}
			for n := 0; ; n++ {
				j := int(next.Add(1) - 1)
				if j >= len(jobs) {
					return
				}
				if n&255 == 0 {
					if err := ctx.Err(); err != nil {
						errs[j] = err
						return
					}
				}
				results[j], errs[j] = w.job(jobs[j])
				if errs[j] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	var out []Change
	for j := range jobs {
		if errs[j] != nil {
			return nil, errs[j]
		}
		out = append(out, results[j]...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// job compares the path whose first index entry is at i: one change for
// a merged entry; for a conflicted path an Unmerged change, then, as git
// lists it, "ours" (stage 2) against the work tree.
func (w *wtWalker) job(i int) ([]Change, error) {
	e := &w.ix.Entries[i]
	if e.Stage == 0 {
		c, changed, err := w.entry(e)
		if err != nil || !changed {
			return nil, err
		}
		return []Change{c}, nil
	}
	var ours *index.Entry
	for ; i < len(w.ix.Entries) && w.ix.Entries[i].Path == e.Path; i++ {
		if w.ix.Entries[i].Stage == 2 {
			ours = &w.ix.Entries[i]
		}
	}
	c, err := w.unmerged(e)
	if err != nil {
		return nil, err
	}
	out := []Change{c}
	if ours != nil {
		merged := *ours
		merged.Stage = 0
		c, changed, err := w.entry(&merged)
		if err != nil {
			return nil, err
		}
		if changed {
			out = append(out, c)
		}
	}
	return out, nil
}

// dirCache remembers, per directory, whether it is a real directory with
// no symbolic link on the way; the workers share it so each directory is
// looked at once.
type dirCache struct {
	mu sync.Mutex
	m  map[string]bool
}

func (d *dirCache) get(dir string) (bool, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ok, seen := d.m[dir]
	return ok, seen
}

func (d *dirCache) set(dir string, ok bool) {
	d.mu.Lock()
	d.m[dir] = ok
	d.mu.Unlock()
}

type wtWalker struct {
	o    WorktreeOptions
	ps   Pathspec
	ix   *index.Index
	dirs *dirCache
}

// realDir reports whether every component of dir is a directory, not a
// symbolic link: git does not look through links for tracked files.
func (w *wtWalker) realDir(dir string) bool {
	if dir == "" {
		return true
	}
	if ok, seen := w.dirs.get(dir); seen {
		return ok
	}
	parent := ""
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		parent = dir[:i]
	}
	ok := w.realDir(parent)
	if ok {
		fi, err := os.Lstat(w.abs(dir))
		ok = err == nil && fi.IsDir()
	}
	w.dirs.set(dir, ok)
	return ok
}

func (w *wtWalker) abs(path string) string {
	return filepath.Join(w.o.Root, filepath.FromSlash(path))
}

// entry compares one stage-0 index entry with its work-tree file.
func (w *wtWalker) entry(e *index.Entry) (Change, bool, error) {
	old := Side{Path: e.Path, Mode: e.Mode, ID: e.ID}
	parent := ""
	if i := strings.LastIndexByte(e.Path, '/'); i >= 0 {
		parent = e.Path[:i]
	}
	var fi fs.FileInfo
	var err error
	if w.realDir(parent) {
		fi, err = os.Lstat(w.abs(e.Path))
	} else {
		err = fs.ErrNotExist
	}
	if err != nil && !missing(err) {
		return Change{}, false, fmt.Errorf("%s: %w", e.Path, err)
	}
	if err == nil && fi.IsDir() && e.Mode != index.ModeGitlink {
		// A directory where a file was: deleted, unless it is a
		// repository of its own (then it became a submodule).
		if id, ok, serr := w.submodule(e.Path); serr != nil || !ok {
			err = fs.ErrNotExist
		} else {
			return Change{Status: TypeChanged, Old: old, New: Side{Path: e.Path, Mode: ModeGitlink, ID: id}}, true, nil
		}
	}
	if err != nil {
		// An intent-to-add file that is gone shows as deleted too: git
		// diff prints it against the empty blob the entry records.
		return Change{Status: Deleted, Old: old}, true, nil
	}
	if e.Mode == index.ModeGitlink {
		return w.gitlink(e, fi)
	}
	mode := w.modeOf(e, fi.Mode())
	id := e.ID
	if e.IntentToAdd || w.statDirty(e, fi) || w.racy(e) || mode != e.Mode {
		if id, err = w.hash(e, fi, mode); err != nil {
			return Change{}, false, err
		}
	}
	if e.IntentToAdd {
		return Change{Status: Added, New: Side{Path: e.Path, Mode: mode, ID: id}}, true, nil
	}
	if id == e.ID && mode == e.Mode {
		return Change{}, false, nil
	}
	return Change{Status: pairStatus(e.Mode, mode), Old: old, New: Side{Path: e.Path, Mode: mode, ID: id}}, true, nil
}

// unmerged describes a conflicted path: its New side is the work-tree
// file (what `git diff HEAD` compares), absent when there is none.
func (w *wtWalker) unmerged(e *index.Entry) (Change, error) {
	c := Change{Status: Unmerged, New: Side{Path: e.Path}}
	fi, err := os.Lstat(w.abs(e.Path))
	if err != nil || fi.IsDir() {
		if err != nil && !missing(err) {
			return c, fmt.Errorf("%s: %w", e.Path, err)
		}
		return c, nil
	}
	// No merged index entry: nothing to compare line endings with.
	noEntry := index.Entry{Path: e.Path, Mode: e.Mode}
	mode := w.modeOf(&noEntry, fi.Mode())
	id, err := w.hash(&noEntry, fi, mode)
	if err != nil {
		return c, err
	}
	c.New.Mode, c.New.ID = mode, id
	return c, nil
}

func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

func (w *wtWalker) submodule(path string) (oid.ID, bool, error) {
	if w.o.Submodule == nil {
		return oid.Zero, false, nil
	}
	return w.o.Submodule(path)
}

// gitlink compares a submodule entry with the commit checked out there.
func (w *wtWalker) gitlink(e *index.Entry, fi fs.FileInfo) (Change, bool, error) {
	old := Side{Path: e.Path, Mode: e.Mode, ID: e.ID}
	if !fi.IsDir() {
		mode := w.modeOf(e, fi.Mode())
		id, err := w.hash(e, fi, mode)
		if err != nil {
			return Change{}, false, err
		}
		return Change{Status: TypeChanged, Old: old, New: Side{Path: e.Path, Mode: mode, ID: id}}, true, nil
	}
	id, ok, err := w.submodule(e.Path)
	if err != nil {
		return Change{}, false, fmt.Errorf("submodule %s: %w", e.Path, err)
	}
	if !ok {
		return Change{}, false, nil
	}
	dirty := false
	if w.o.SubmoduleDirty != nil {
		if dirty, err = w.o.SubmoduleDirty(e.Path); err != nil {
			return Change{}, false, fmt.Errorf("submodule %s: %w", e.Path, err)
		}
	}
	if id == e.ID && !dirty {
		return Change{}, false, nil
	}
	return Change{Status: Modified, Old: old, New: Side{Path: e.Path, Mode: ModeGitlink, ID: id}, Dirty: dirty}, true, nil
}

// modeOf is the mode git would record for a work-tree file (git's
// ce_mode_from_stat).
func (w *wtWalker) modeOf(e *index.Entry, m fs.FileMode) uint32 {
	switch {
	case m&fs.ModeSymlink != 0:
		return ModeSymlink
	case m.IsDir():
		return ModeGitlink
	case w.o.NoSymlinks && e.Mode == ModeSymlink:
		return ModeSymlink
	case w.o.IgnoreFileMode && IsRegular(e.Mode):
		return e.Mode
	case w.o.IgnoreFileMode:
		return ModeFile
	case m&0o100 != 0:
		return ModeExec
	}
	return ModeFile
}

// statDirty reports whether the stat data says the content may differ.
func (w *wtWalker) statDirty(e *index.Entry, fi fs.FileInfo) bool {
	st := statOf(fi)
	if st.size != e.Size || st.mtime != e.MtimeSec {
		return true
	}
	if w.o.MinimalStat || st.partial {
		return st.partial && st.mtimeNsec != e.MtimeNsec
	}
	if st.mtimeNsec != e.MtimeNsec || st.ino != e.Ino || st.uid != e.UID || st.gid != e.GID {
		return true
	}
	return !w.o.IgnoreCtime && (st.ctime != e.CtimeSec || st.ctimeNsec != e.CtimeNsec)
}

// racy reports whether the entry was written no earlier than the index
// file: a change made in that same instant would not show in the stat
// data, so the content must be compared.
func (w *wtWalker) racy(e *index.Entry) bool {
	t := w.ix.ModTime
	if t.IsZero() {
		return false
	}
	sec, nsec := uint32(t.Unix()), uint32(t.Nanosecond())
	return sec < e.MtimeSec || sec == e.MtimeSec && nsec <= e.MtimeNsec
}

// hash computes the blob id of a work-tree file as git would store it.
func (w *wtWalker) hash(e *index.Entry, fi fs.FileInfo, mode uint32) (oid.ID, error) {
	data, err := ReadWorktree(w.abs(e.Path), fi.Mode())
	if err != nil {
		return oid.Zero, fmt.Errorf("read %s: %w", e.Path, err)
	}
	if IsRegular(mode) && w.o.Clean != nil {
		if data, err = w.o.Clean(e.Path, e, data); err != nil {
			return oid.Zero, err
		}
	}
	return HashBlob(data), nil
}

// ReadWorktree reads a work-tree file as git records it: a symbolic
// link's target, or the file's bytes (also for a link checked out as a
// plain file when symlinks are off).
func ReadWorktree(abs string, fm fs.FileMode) ([]byte, error) {
	if fm&fs.ModeSymlink != 0 {
		target, err := os.Readlink(abs)
		return []byte(target), err
	}
	return os.ReadFile(abs)
}

// HashBlob is the object id git gives a blob with this content.
func HashBlob(data []byte) oid.ID {
	h := sha1.New()
	h.Write([]byte("blob "))
	h.Write(strconv.AppendInt(nil, int64(len(data)), 10))
	h.Write([]byte{0})
	h.Write(data)
	var id oid.ID
	h.Sum(id[:0])
	return id
}
