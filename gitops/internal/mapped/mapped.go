// Package mapped maps whole files read-only. Pack indexes, packs and
// commit-graph files are mapped rather than read: a 370k-object index is
// 10 MB, and decoding it all before the first lookup is exactly the
// start-up cost reef exists to avoid.
package mapped

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Map maps the file at path; an empty file gives an empty slice.
func Map(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return []byte{}, nil
	}
	if int64(int(size)) != size {
		return nil, fmt.Errorf("%s: too large to map", path)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	return b, nil
}

// Unmap releases a mapping made by Map.
func Unmap(b []byte) {
	if len(b) > 0 {
		_ = unix.Munmap(b)
	}
}
