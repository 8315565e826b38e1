package odb

import (
	"bytes"
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/zlib"

	"reef/gitops/oid"
)

// HashObject is git's object id of data stored as type t: the SHA-1 of
// "<type> <size>\x00" followed by data.
func HashObject(t Type, data []byte) oid.ID {
	h := sha1.New()
	h.Write(objectHeader(t, len(data)))
	h.Write(data)
	var id oid.ID
	h.Sum(id[:0])
	return id
}

func objectHeader(t Type, size int) []byte {
	b := make([]byte, 0, 32)
	b = append(b, t.String()...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(size), 10)
	return append(b, 0)
}

// zlib writers are pooled: each one allocates its compression tables.
var zwriters = sync.Pool{New: func() any {
	// git writes loose objects at core.looseCompression, which defaults
	// to the fastest level; the id does not depend on it.
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// Write stores an object as a loose file the way git does: deflated into a
// temporary file beside its final name (objects/xx/tmp_obj_*, a name
// `git prune` cleans up if reef dies half-way), fsynced, read-only, then
// hard-linked to objects/xx/<rest> (renamed where links are refused). An
// object already in the database, packed, loose or in an alternate, is not
// written again; like git, its file's mtime is refreshed so a concurrent
// `git gc` does not prune it before a ref points at it.
//
// Reads see the object at once: loose objects are looked up on disk on
// every read, never through a negative cache.
func (db *DB) Write(t Type, data []byte) (oid.ID, error) {
	if t < Commit || t > Tag {
		return oid.Zero, fmt.Errorf("cannot write an object of %s", t)
	}
	hdr := objectHeader(t, len(data))
	h := sha1.New()
	h.Write(hdr)
	h.Write(data)
	var id oid.ID
	h.Sum(id[:0])
	if db.freshen(id) {
		return id, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	zw := zwriters.Get().(*zlib.Writer)
	zw.Reset(&buf)
	_, err := zw.Write(hdr)
	if err == nil {
		_, err = zw.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	zwriters.Put(zw)
	if err != nil {
		return oid.Zero, fmt.Errorf("compress %s %s: %w", t, id, err)
	}
	if err := writeLoose(loosePath(db.dirs[0], id), buf.Bytes()); err != nil {
		return oid.Zero, fmt.Errorf("write %s %s: %w", t, id, err)
	}
	db.noteLoose(id.String()[:2])
	return id, nil
}

// freshen reports whether id is already stored, touching the file that
// holds it (loose object or pack) as git's freshen_*_object does. A file it
// cannot touch (an alternate owned by someone else) counts as absent, so
// the object gets a copy of its own, again as git does.
func (db *DB) freshen(id oid.ID) bool {
	now := time.Now()
	if p, _, _ := db.locate(&id); p != nil && p.dataErr == nil {
		if os.Chtimes(p.path+".pack", now, now) == nil {
			return true
		}
	}
	for _, dir := range db.dirs {
		path := loosePath(dir, id)
		if _, err := os.Lstat(path); err == nil && os.Chtimes(path, now, now) == nil {
			return true
		}
	}
	return false
}

// writeLoose puts the deflated object at path without ever leaving a
// partial file under the final name.
func writeLoose(path string, z []byte) error {
	dir := filepath.Dir(path)
	f, tmp, err := createTemp(dir)
	if errors.Is(err, os.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o777); err == nil {
			f, tmp, err = createTemp(dir)
		}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(z)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return finalize(tmp, path)
}

// createTemp creates objects/xx/tmp_obj_XXXXXX with mode 0444, as git's
// create_tmpfile does: the object is never meant to be modified.
func createTemp(dir string) (*os.File, string, error) {
	var rnd [6]byte
	for try := 0; ; try++ {
		if _, err := rand.Read(rnd[:]); err != nil {
			return nil, "", err
		}
		name := filepath.Join(dir, "tmp_obj_"+hex.EncodeToString(rnd[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o444)
		if err == nil {
			return f, name, nil
		}
		if !errors.Is(err, os.ErrExist) || try == 10 {
			return nil, "", err
		}
	}
}

// finalize moves tmp to its final name the way git's finalize_object_file
// does: a hard link, which fails instead of replacing an existing file, and
// a rename where the file system has no links. An object that appeared
// meanwhile (another writer) has the same content, so EEXIST is success.
func finalize(tmp, path string) error {
	err := os.Link(tmp, path)
	if err != nil && !errors.Is(err, os.ErrExist) {
		if rerr := os.Rename(tmp, path); rerr == nil {
			return nil
		}
		os.Remove(tmp)
		return err
	}
	os.Remove(tmp)
	return nil
}
