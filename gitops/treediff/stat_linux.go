//go:build linux

package treediff

import (
	"io/fs"
	"syscall"
)

// statOf extracts the fields git keeps in index entries.
func statOf(fi fs.FileInfo) fileStat {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{mtime: uint32(fi.ModTime().Unix()), mtimeNsec: uint32(fi.ModTime().Nanosecond()), size: uint32(fi.Size()), partial: true}
	}
	return fileStat{
		mtime: uint32(st.Mtim.Sec), mtimeNsec: uint32(st.Mtim.Nsec),
		ctime: uint32(st.Ctim.Sec), ctimeNsec: uint32(st.Ctim.Nsec),
		dev: uint32(st.Dev), ino: uint32(st.Ino), uid: st.Uid, gid: st.Gid, size: uint32(st.Size),
	}
}
