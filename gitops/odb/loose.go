package odb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"reef/gitops/oid"
)

func loosePath(dir string, id oid.ID) string {
	h := id.String()
	return filepath.Join(dir, h[:2], h[2:])
}

// readLoose reads a loose object; os.ErrNotExist when it is not there.
// With headerOnly the body is not inflated (size comes from the header).
func (db *DB) readLoose(dir string, id oid.ID, headerOnly bool) (Type, int64, []byte, error) {
	path := loosePath(dir, id)
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, nil, err
	}
	bad := func(what string) error {
		return fmt.Errorf("loose object %s (%s) is corrupt (%s): run `git fsck`; remove the file if another copy exists", id, path, what)
	}
	st, err := db.z.get(raw)
	if err != nil {
		return 0, 0, nil, bad(err.Error())
	}
	defer db.z.pool.Put(st)
	var hdr [64]byte
	n := 0
	for {
		if n == len(hdr) {
			return 0, 0, nil, bad("header too long")
		}
		if _, err := io.ReadFull(st.fr, hdr[n:n+1]); err != nil {
			return 0, 0, nil, bad("truncated header")
		}
		if hdr[n] == 0 {
			break
		}
		n++
	}
	sp := bytes.IndexByte(hdr[:n], ' ')
	if sp < 0 {
		return 0, 0, nil, bad("bad header")
	}
	typ := ParseType(string(hdr[:sp]))
	size, err := strconv.ParseInt(string(hdr[sp+1:n]), 10, 64)
	if typ == 0 || err != nil || size < 0 {
		return 0, 0, nil, bad("bad header")
	}
	if headerOnly {
		return typ, size, nil, nil
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(st.fr, body); err != nil {
		return 0, 0, nil, bad("truncated")
	}
	var one [1]byte
	if k, err := st.fr.Read(one[:]); k != 0 || (err != nil && !errors.Is(err, io.EOF)) {
		return 0, 0, nil, bad("trailing data")
	}
	return typ, size, body, nil
}
