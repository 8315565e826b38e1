// Package odb reads Git's object database: packs (through mapped indexes
// searched in place), loose objects and alternates. It is reef's own because
// go-git decodes a whole pack index before its first read and reopens packs
// per object; git does neither, and the start-up of every reef command
// depends on it. A DB is safe for concurrent use.
package odb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"reef/gitops/oid"
)

// Type is an object type, numbered as in pack files.
type Type int8

// Object types.
const (
	Commit Type = 1
	Tree   Type = 2
	Blob   Type = 3
	Tag    Type = 4
)

func (t Type) String() string {
	switch t {
	case Commit:
		return "commit"
	case Tree:
		return "tree"
	case Blob:
		return "blob"
	case Tag:
		return "tag"
	}
	return fmt.Sprintf("type(%d)", int(t))
}

// ParseType is the inverse of String; 0 for unknown names.
func ParseType(s string) Type {
	switch s {
	case "commit":
		return Commit
	case "tree":
		return Tree
	case "blob":
		return Blob
	case "tag":
		return Tag
	}
	return 0
}

// ErrNotFound is wrapped by errors for objects that are in no pack, no loose
// file and no alternate.
var ErrNotFound = errors.New("object not found")

// NotFoundError names the missing object.
type NotFoundError struct{ ID oid.ID }

func (e *NotFoundError) Error() string {
	return "object " + e.ID.String() + " is missing from the repository: run `git fsck` to see what is lost"
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// Options tunes Open.
type Options struct {
	// Alternates are extra object directories, as in
	// GIT_ALTERNATE_OBJECT_DIRECTORIES; info/alternates files are always read.
	Alternates []string
	// CacheBytes bounds the delta base cache (default 64 MiB).
	CacheBytes int
	// Missing is asked for objects the database does not have; a partial
	// clone uses it to let git fetch them from the promisor remote.
	Missing func(oid.ID) (Type, []byte, error)
}

// DB is an object database.
type DB struct {
	missing func(oid.ID) (Type, []byte, error)
	dirs    []string // objects directories: own first, then alternates
	z       inflater
	cache   *baseCache

	mu       sync.RWMutex
	packs    []*pack
	broken   []error // packs that could not be opened, reported when an object is missing
	packSeen map[string]bool
	last     atomic.Int32 // index of the pack that answered last

	looseOnce     sync.Once
	loosePrefixes []map[string]bool // per objects dir: which xx/ subdirectories exist
}

// Open opens the object directory (".git/objects" or a common dir's).
func Open(objectsDir string, opt Options) (*DB, error) {
	if st, err := os.Stat(objectsDir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("object directory %s is missing: the repository is damaged", objectsDir)
	}
	limit := opt.CacheBytes
	if limit <= 0 {
		limit = 64 << 20
	}
	db := &DB{cache: newBaseCache(limit), packSeen: map[string]bool{}, missing: opt.Missing}
	seen := map[string]bool{}
	var add func(dir string, depth int)
	add = func(dir string, depth int) {
		dir = filepath.Clean(dir)
		if seen[dir] || depth > 5 {
			return
		}
		seen[dir] = true
		db.dirs = append(db.dirs, dir)
		for _, alt := range readAlternates(dir) {
			add(alt, depth+1)
		}
	}
	add(objectsDir, 0)
	for _, alt := range opt.Alternates {
		if alt != "" {
			add(alt, 1)
		}
	}
	db.scanPacks()
	return db, nil
}

func readAlternates(dir string) []string {
	f, err := os.Open(filepath.Join(dir, "info", "alternates"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(dir, line)
		}
		out = append(out, line)
	}
	return out
}

// scanPacks opens packs not seen before. Packs are tried newest first, as
// git does: recent objects are the ones asked for most.
func (db *DB) scanPacks() {
	type found struct {
		base  string
		mtime int64
	}
	var fresh []found
	for _, dir := range db.dirs {
		pdir := filepath.Join(dir, "pack")
		ents, err := os.ReadDir(pdir)
		if err != nil {
			continue
		}
		for _, e := range ents {
			name := e.Name()
			if !strings.HasSuffix(name, ".idx") || !strings.HasPrefix(name, "pack-") {
				continue
			}
			base := filepath.Join(pdir, strings.TrimSuffix(name, ".idx"))
			db.mu.RLock()
			seen := db.packSeen[base]
			db.mu.RUnlock()
			if seen {
				continue
			}
			var mt int64
			if info, err := os.Stat(base + ".pack"); err == nil {
				mt = info.ModTime().UnixNano()
			}
			fresh = append(fresh, found{base, mt})
		}
	}
	if len(fresh) == 0 {
		return
	}
	sort.SliceStable(fresh, func(i, j int) bool { return fresh[i].mtime > fresh[j].mtime })
	var opened []*pack
	var broken []error
	for _, f := range fresh {
		p, err := openPack(f.base)
		if err != nil {
			broken = append(broken, err)
			continue
		}
		if _, err := os.Stat(f.base + ".promisor"); err == nil {
			p.promisor = true
		}
		opened = append(opened, p)
	}
	db.mu.Lock()
	for _, f := range fresh {
		db.packSeen[f.base] = true
	}
	db.packs = append(db.packs, opened...)
	db.broken = append(db.broken, broken...)
	db.mu.Unlock()
}

// Close unmaps the packs. Objects returned earlier stay valid: they are
// always copies, never views into a mapping.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, p := range db.packs {
		p.close()
	}
	db.packs = nil
	return nil
}

// locate finds the pack holding id.
func (db *DB) locate(id *oid.ID) (*pack, int64, error) {
	db.mu.RLock()
	packs := db.packs
	db.mu.RUnlock()
	if n := int(db.last.Load()); n < len(packs) {
		if i, ok := packs[n].idx.find(id); ok {
			off, err := packs[n].idx.offsetAt(i)
			return packs[n], off, err
		}
	}
	for n, p := range packs {
		if i, ok := p.idx.find(id); ok {
			db.last.Store(int32(n))
			off, err := p.idx.offsetAt(i)
			return p, off, err
		}
	}
	return nil, 0, nil
}

// Read returns an object's type and content. The content is the caller's
// to keep but must not be modified when it came from the base cache.
func (db *DB) Read(id oid.ID) (Type, []byte, error) {
	return db.read(id)
}

// ReadShared is Read for callers that only look at the content: it may
// be the base cache's own copy, so it must never be modified. A walk
// reading tens of thousands of trees saves copying each.
func (db *DB) ReadShared(id oid.ID) (Type, []byte, error) {
	return db.readAs(id, true, nil)
}

// ReadInto is ReadShared for a caller that is done with each object
// before reading the next: an object rebuilt for this call (not one found
// in the base cache) is built in *buf's memory, grown as needed, so a
// walk reading one root tree per commit does not allocate one each time.
// The content is valid until the next call with the same buf.
func (db *DB) ReadInto(id oid.ID, buf *[]byte) (Type, []byte, error) {
	return db.readAs(id, true, buf)
}

func (db *DB) read(id oid.ID) (Type, []byte, error) {
	return db.readAs(id, false, nil)
}

func (db *DB) readAs(id oid.ID, shared bool, into *[]byte) (Type, []byte, error) {
	for attempt := 0; attempt < 2; attempt++ {
		p, off, err := db.locate(&id)
		if err != nil {
			return 0, nil, err
		}
		if p != nil {
			return db.readPacked(p, off, shared, into)
		}
		for _, dir := range db.dirs {
			t, _, b, err := db.readLoose(dir, id, false)
			if err == nil {
				return t, b, nil
			}
			if !errors.Is(err, os.ErrNotExist) {
				return 0, nil, err
			}
		}
		if attempt == 0 && !db.rescan() {
			break
		}
	}
	if db.missing != nil {
		return db.missing(id)
	}
	return 0, nil, db.notFound(id)
}

// Header returns an object's type and size without reading its content
// (except the first bytes of a delta).
func (db *DB) Header(id oid.ID) (Type, int64, error) {
	for attempt := 0; attempt < 2; attempt++ {
		p, off, err := db.locate(&id)
		if err != nil {
			return 0, 0, err
		}
		if p != nil {
			return db.headerPacked(p, off)
		}
		for _, dir := range db.dirs {
			t, size, _, err := db.readLoose(dir, id, true)
			if err == nil {
				return t, size, nil
			}
			if !errors.Is(err, os.ErrNotExist) {
				return 0, 0, err
			}
		}
		if attempt == 0 && !db.rescan() {
			break
		}
	}
	if db.missing != nil {
		t, b, err := db.missing(id)
		return t, int64(len(b)), err
	}
	return 0, 0, db.notFound(id)
}

// Has reports whether the object exists.
func (db *DB) Has(id oid.ID) bool {
	if p, _, _ := db.locate(&id); p != nil {
		return true
	}
	for _, dir := range db.dirs {
		if _, err := os.Lstat(loosePath(dir, id)); err == nil {
			return true
		}
	}
	return false
}

func (db *DB) notFound(id oid.ID) error {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if len(db.broken) > 0 {
		return fmt.Errorf("%w; %v", &NotFoundError{ID: id}, db.broken[0])
	}
	return &NotFoundError{ID: id}
}

// rescan looks for packs written since Open (a gc or fetch while reef
// runs). It reports whether anything new turned up.
func (db *DB) rescan() bool {
	db.mu.RLock()
	before := len(db.packs) + len(db.broken)
	db.mu.RUnlock()
	db.scanPacks()
	db.mu.RLock()
	after := len(db.packs) + len(db.broken)
	db.mu.RUnlock()
	return after > before
}

// Promisor reports whether any pack came from a promisor remote (a partial
// clone): missing objects may then be fetchable rather than lost.
func (db *DB) Promisor() bool {
	db.mu.RLock()
	defer db.mu.RUnlock()
	for _, p := range db.packs {
		if p.promisor {
			return true
		}
	}
	return false
}
