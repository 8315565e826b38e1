package treediff

import (
	"io/fs"

	"reef/gitops/index"
)

// SetStat records fi's stat data in e, as git does when it stages a file
// whole, so the next status can trust the entry without reading the file.
func SetStat(e *index.Entry, fi fs.FileInfo) {
	s := statOf(fi)
	e.CtimeSec, e.CtimeNsec = s.ctime, s.ctimeNsec
	e.MtimeSec, e.MtimeNsec = s.mtime, s.mtimeNsec
	e.Dev, e.Ino, e.UID, e.GID, e.Size = s.dev, s.ino, s.uid, s.gid, s.size
}
