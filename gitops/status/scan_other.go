//go:build !linux

package status

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// scanner is one scan worker. Outside Linux it uses the os package: a
// full-path lstat per file and os.File.ReadDir per directory.
type scanner struct{ s *run }

func newScanner(s *run) *scanner { return &scanner{s: s} }

func fullReadFS(string) bool { return false }

func (s *run) openRoot() error {
	_, err := os.Stat(s.abs(""))
	return err
}

func (s *run) closeRoot() {}

func (sc *scanner) dir(ctx context.Context, d *dirNode) error {
	s := sc.s
	abs := s.abs(d.path)
	if d.path != "" {
		fi, err := os.Lstat(abs)
		if err != nil || !fi.IsDir() {
			for _, f := range d.files {
				s.res[f] = s.missing(int(f))
			}
			return nil
		}
	}
	d.opened = true
	if s.wantListing {
		d.listing, d.gitignore, d.readErr = readDirAt(abs)
		s.markOthers(d)
	}
	for _, f := range d.files {
		i := int(f)
		if !s.needsStat(i) {
			continue
		}
		st, err := lstatPath(abs + "/" + baseName(s.ix.Entries[i].Path))
		if err != nil {
			s.res[i] = s.statFailed(i, err)
			continue
		}
		if err := s.compare(ctx, i, st); err != nil {
			return err
		}
	}
	return nil
}

func lstatPath(path string) (fileStat, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileStat{}, err
	}
	return statFromInfo(fi), nil
}

// statFromInfo keeps what the portable FileInfo offers; the stat data
// git also compares (inode, ctime, owner) is unknown, so only mtime and
// size are compared.
func statFromInfo(fi fs.FileInfo) fileStat {
	st := fileStat{partial: true, size: uint32(fi.Size())}
	st.mtime, st.mtimeNsec = uint32(fi.ModTime().Unix()), uint32(fi.ModTime().Nanosecond())
	m := fi.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		st.mode = sIFLNK
	case m.IsDir():
		st.mode = sIFDIR
	case m.IsRegular():
		st.mode = sIFREG
	}
	st.mode |= uint32(m.Perm())
	return st
}

func readDirAt(path string) ([]dirent, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	des, err := f.ReadDir(-1)
	out := make([]dirent, 0, len(des))
	var gitignore []byte
	for _, de := range des {
		t := typeOther
		switch m := de.Type(); {
		case m.IsRegular():
			t = typeReg
		case m.IsDir():
			t = typeDir
		case m&fs.ModeSymlink != 0:
			t = typeLink
		}
		out = append(out, dirent{name: de.Name(), typ: t})
		if de.Name() == ".gitignore" && t == typeReg {
			gitignore, _ = os.ReadFile(path + "/.gitignore")
		}
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return out, gitignore, err
	}
	return out, gitignore, nil
}
