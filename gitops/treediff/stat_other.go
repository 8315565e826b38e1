//go:build !linux && !darwin

package treediff

import "io/fs"

// statOf extracts what the platform offers of the fields git keeps in
// index entries; the rest is compared by content.
func statOf(fi fs.FileInfo) fileStat {
	return fileStat{mtime: uint32(fi.ModTime().Unix()), mtimeNsec: uint32(fi.ModTime().Nanosecond()), size: uint32(fi.Size()), partial: true}
}
