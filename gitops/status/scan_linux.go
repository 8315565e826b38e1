//go:build linux

package status

import (
	"context"
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// scanner is one scan worker's state. On Linux it reads directories with
// getdents and stats files relative to the open directory (fstatat): git's
// lstat of each full path walks every component again, and os.ReadDir
// costs extra system calls per directory; with 10,000 directories that is
// most of a status.
type scanner struct {
	s     *run
	buf   []byte // getdents buffer
	names []byte // names of the directory being listed
	ents  []rawEnt
	// fullReads: the file system fills getdents buffers until the
	// directory ends, so a read that leaves room for the longest entry
	// was the last one (the usual second, empty call is skipped).
	fullReads bool
}

// maxDirent is the size of the largest linux_dirent64: a 255-byte name
// after the 19-byte header, rounded up to 8.
const maxDirent = 280

// fullReadFS reports whether the file system at path is one whose
// readdir is known to fill the caller's buffer (ext2/3/4, xfs, btrfs,
// tmpfs, overlayfs). Network and FUSE file systems may return short
// reads before the end and always get the extra call.
func fullReadFS(path string) bool {
	var st unix.Statfs_t
	if unix.Statfs(path, &st) != nil {
		return false
	}
	switch uint32(st.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC, unix.TMPFS_MAGIC, unix.OVERLAYFS_SUPER_MAGIC:
		return true
	}
	return false
}

type rawEnt struct {
	off, n int
	typ    fileType
}

func newScanner(s *run) *scanner {
	return &scanner{s: s, buf: make([]byte, 32<<10), fullReads: s.fullReads}
}

// dir lists d and compares its files.
func (sc *scanner) dir(ctx context.Context, d *dirNode) error {
	s := sc.s
	abs := s.abs(d.path)
	flags := unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC
	rel := d.path
	if rel == "" {
		rel = "."
	} else {
		flags |= unix.O_NOFOLLOW // a symbolic link here is not the directory git tracks
	}
	if !s.wantListing {
		return sc.statOnly(ctx, d, rel, abs)
	}
	// Relative to the open top directory: the kernel resolves fewer
	// components than for the absolute path.
	fd, err := unix.Openat(s.rootFD, rel, flags, 0)
	if err != nil {
		if errors.Is(err, unix.ENOENT) {
			for _, f := range d.files {
				s.res[f] = s.missing(int(f))
			}
			return nil
		}
		// Not a directory reef can open: unreadable (its files may
		// still be reachable), or a symbolic link or a file. Ask for
		// each file by its full path, as git does: a missing one is
		// deleted, one reached through a link too (git's
		// has_symlink_leading_path), and any other error (a link loop)
		// is reported and the file left out.
		d.opened, d.readErr = errors.Is(err, unix.EACCES), err
		for _, f := range d.files {
			if err := sc.file(ctx, -1, d, abs, int(f)); err != nil {
				return err
			}
		}
		return nil
	}
	defer unix.Close(fd)
	d.opened = true
	if s.wantListing {
		if err := sc.list(fd, d); err != nil {
			d.readErr = err
		}
		s.markOthers(d)
	}
	for _, f := range d.files {
		if err := sc.file(ctx, fd, d, abs, int(f)); err != nil {
			return err
		}
	}
	return nil
}

// statOnly handles d when no listing is wanted (-uno): a stat of the
// directory says it is real, and each file is stat'ed from the top, one
// system call per file instead of an open, a stat and a close.
func (sc *scanner) statOnly(ctx context.Context, d *dirNode, rel, abs string) error {
	s := sc.s
	var st unix.Stat_t
	if err := unix.Fstatat(s.rootFD, rel, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || st.Mode&unix.S_IFMT != unix.S_IFDIR {
		for _, f := range d.files {
			if err := sc.file(ctx, -1, d, abs, int(f)); err != nil {
				return err
			}
		}
		return nil
	}
	d.opened = true
	for _, f := range d.files {
		if err := sc.file(ctx, s.rootFD, d, "", int(f)); err != nil {
			return err
		}
	}
	return nil
}

// file compares index entry i, found in directory d, open as fd (-1:
// use the full path).
func (sc *scanner) file(ctx context.Context, fd int, d *dirNode, dirAbs string, i int) error {
	s := sc.s
	if !s.needsStat(i) {
		return nil
	}
	name := baseName(s.ix.Entries[i].Path)
	var st unix.Stat_t
	var err error
	switch {
	case fd == s.rootFD:
		err = unix.Fstatat(fd, s.ix.Entries[i].Path, &st, unix.AT_SYMLINK_NOFOLLOW)
	case fd >= 0:
		err = unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	default:
		err = unix.Lstat(dirAbs+"/"+name, &st)
	}
	if err != nil {
		s.res[i] = s.statFailed(i, err)
		return nil
	}
	if fd < 0 && !d.opened {
		s.res[i] = s.missing(i) // reached through a symbolic link
		return nil
	}
	return s.compare(ctx, i, statFromUnix(&st))
}

// list reads the directory's entries, and its .gitignore when it has one.
func (sc *scanner) list(fd int, d *dirNode) error {
	sc.names, sc.ents = sc.names[:0], sc.ents[:0]
	for {
		n, err := unix.Getdents(fd, sc.buf)
		if err != nil {
			return err
		}
		if n <= 0 {
			break
		}
		b := sc.buf[:n]
		for len(b) >= 19 {
			reclen := int(b[16]) | int(b[17])<<8
			if reclen < 19 || reclen > len(b) {
				return io.ErrUnexpectedEOF
			}
			name := b[19:reclen]
			for k, c := range name {
				if c == 0 {
					name = name[:k]
					break
				}
			}
			if !(len(name) == 1 && name[0] == '.' || len(name) == 2 && name[0] == '.' && name[1] == '.') {
				sc.ents = append(sc.ents, rawEnt{off: len(sc.names), n: len(name), typ: direntType(b[18])})
				sc.names = append(sc.names, name...)
			}
			b = b[reclen:]
		}
		if sc.fullReads && n <= len(sc.buf)-maxDirent {
			break
		}
	}
	all := string(sc.names)
	d.listing = make([]dirent, len(sc.ents))
	for k, e := range sc.ents {
		d.listing[k] = dirent{name: all[e.off : e.off+e.n], typ: e.typ}
		if e.typ == typeUnknown {
			var st unix.Stat_t
			if unix.Fstatat(fd, d.listing[k].name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
				d.listing[k].typ = typeOfMode(st.Mode)
			}
		}
		if d.listing[k].name == ".gitignore" && d.listing[k].typ == typeReg {
			d.gitignore = readAt(fd, ".gitignore")
		}
	}
	return nil
}

// readAt reads a small file relative to a directory without following a
// symbolic link (git opens .gitignore with O_NOFOLLOW).
func readAt(dirfd int, name string) []byte {
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	b, _ := io.ReadAll(f)
	return b
}

// openRoot opens the top of the work tree for the scan's openat calls.
func (s *run) openRoot() error {
	fd, err := unix.Open(s.abs(""), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	s.rootFD = fd
	return nil
}

func (s *run) closeRoot() { unix.Close(s.rootFD) }

func direntType(t byte) fileType {
	switch t {
	case unix.DT_REG:
		return typeReg
	case unix.DT_DIR:
		return typeDir
	case unix.DT_LNK:
		return typeLink
	case unix.DT_UNKNOWN:
		return typeUnknown
	}
	return typeOther
}

func typeOfMode(m uint32) fileType {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return typeReg
	case unix.S_IFDIR:
		return typeDir
	case unix.S_IFLNK:
		return typeLink
	}
	return typeOther
}

func statFromUnix(st *unix.Stat_t) fileStat {
	return fileStat{
		mode:  st.Mode,
		mtime: uint32(st.Mtim.Sec), mtimeNsec: uint32(st.Mtim.Nsec),
		ctime: uint32(st.Ctim.Sec), ctimeNsec: uint32(st.Ctim.Nsec),
		ino: uint32(st.Ino), uid: st.Uid, gid: st.Gid, size: uint32(st.Size),
	}
}

// lstatPath stats a path the way the untracked walk needs it.
func lstatPath(path string) (fileStat, error) {
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		return fileStat{}, err
	}
	return statFromUnix(&st), nil
}

// readDirAt lists a directory that is not in the index (for the untracked
// walk): names and types, unsorted, and its .gitignore.
func readDirAt(path string) ([]dirent, []byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	defer unix.Close(fd)
	sc := scanner{buf: make([]byte, 8<<10)}
	var d dirNode
	err = sc.list(fd, &d)
	return d.listing, d.gitignore, err
}
