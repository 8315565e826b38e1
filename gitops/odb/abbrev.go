package odb

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/oid"
)

// ErrAmbiguous is wrapped by ResolvePrefix when several objects match.
var ErrAmbiguous = errors.New("ambiguous object name")

// DefaultAbbrev is git's automatic abbreviation length (core.abbrev=auto):
// enough hex digits for the packed object count to make collisions
// unlikely, never fewer than 7.
func (db *DB) DefaultAbbrev() int {
	db.mu.RLock()
	count := 0
	for _, p := range db.packs {
		count += p.idx.count
	}
	db.mu.RUnlock()
	if count == 0 {
		return 7
	}
	n := bits.Len(uint(count)) // msb index + 1
	n = (n + 1) / 2
	if n < 7 {
		n = 7
	}
	return n
}

// Abbrev returns the shortest prefix of id, at least min digits long, that
// no other object in the database shares.
func (db *DB) Abbrev(id oid.ID, min int) string {
	need := min
	db.mu.RLock()
	packs := db.packs
	db.mu.RUnlock()
	for _, p := range packs {
		i, found := p.idx.find(&id)
		if found {
			if i > 0 {
				need = max(need, commonHex(p.idx.idAt(i-1), id[:])+1)
			}
			if i+1 < p.idx.count {
				need = max(need, commonHex(p.idx.idAt(i+1), id[:])+1)
			}
			continue
		}
		if i > 0 {
			need = max(need, commonHex(p.idx.idAt(i-1), id[:])+1)
		}
		if i < p.idx.count {
			need = max(need, commonHex(p.idx.idAt(i), id[:])+1)
		}
	}
	hexID := id.String()
	for _, dir := range db.looseDirs(hexID[:2]) {
		ents, err := os.ReadDir(filepath.Join(dir, hexID[:2]))
		if err != nil {
			continue
		}
		for _, e := range ents {
			other := hexID[:2] + e.Name()
			if other == hexID || len(other) != oid.HexSize {
				continue
			}
			k := 0
			for k < oid.HexSize && other[k] == hexID[k] {
				k++
			}
			need = max(need, k+1)
		}
	}
	return id.Short(need)
}

func commonHex(a, b []byte) int {
	n := 0
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] == b[i] {
			n += 2
			continue
		}
		if a[i]>>4 == b[i]>>4 {
			n++
		}
		break
	}
	return n
}

// ResolvePrefix finds the one object whose hexadecimal name starts with
// prefix (at least 4 digits, as git requires).
func (db *DB) ResolvePrefix(prefix string) (oid.ID, error) {
	prefix = strings.ToLower(prefix)
	if len(prefix) < 4 || len(prefix) > oid.HexSize {
		return oid.Zero, fmt.Errorf("%q is not an object name prefix", prefix)
	}
	if len(prefix) == oid.HexSize {
		id, err := oid.FromHex(prefix)
		if err != nil {
			return oid.Zero, err
		}
		if !db.Has(id) {
			return oid.Zero, &NotFoundError{ID: id}
		}
		return id, nil
	}
	padded := prefix + strings.Repeat("0", oid.HexSize-len(prefix))
	var low oid.ID
	if _, err := hex.Decode(low[:], []byte(padded)); err != nil {
		return oid.Zero, fmt.Errorf("%q is not an object name prefix", prefix)
	}
	var match oid.ID
	matches := 0
	note := func(cand []byte) {
		id := oid.FromBytes(cand)
		if strings.HasPrefix(id.String(), prefix) && id != match {
			match = id
			matches++
		}
	}
	db.mu.RLock()
	packs := db.packs
	db.mu.RUnlock()
	for _, p := range packs {
		i, _ := p.idx.find(&low)
		for ; i < p.idx.count; i++ {
			cand := p.idx.idAt(i)
			if !strings.HasPrefix(hex.EncodeToString(cand), prefix) {
				break
			}
			note(cand)
			if matches > 1 {
				return oid.Zero, fmt.Errorf("%w: %s", ErrAmbiguous, prefix)
			}
		}
	}
	for _, dir := range db.dirs {
		ents, _ := os.ReadDir(filepath.Join(dir, prefix[:2]))
		for _, e := range ents {
			name := prefix[:2] + e.Name()
			if strings.HasPrefix(name, prefix) {
				if id, err := oid.FromHex(name); err == nil {
					note(id[:])
				}
			}
		}
	}
	switch {
	case matches == 0:
		return oid.Zero, fmt.Errorf("%w: no object name starts with %s", ErrNotFound, prefix)
	case matches > 1:
		return oid.Zero, fmt.Errorf("%w: %s", ErrAmbiguous, prefix)
	}
	return match, nil
}

// looseDirs returns the object directories that have a loose-object
// subdirectory for the two-digit prefix. The listing of each objects
// directory is read once: a packed repository has none, and abbreviating
// a page of hashes must not cost a failed open per hash. (An object
// written later under a new prefix can only make an abbreviation one digit
// too short, never wrong about which object it names for this process.)
func (db *DB) looseDirs(prefix string) []string {
	db.looseOnce.Do(func() {
		db.loosePrefixes = make([]map[string]bool, len(db.dirs))
		for i, dir := range db.dirs {
			ents, _ := os.ReadDir(dir)
			m := map[string]bool{}
			for _, e := range ents {
				if len(e.Name()) == 2 && e.IsDir() {
					m[e.Name()] = true
				}
			}
			db.loosePrefixes[i] = m
		}
	})
	var out []string
	db.mu.RLock()
	for i, dir := range db.dirs {
		if db.loosePrefixes[i][prefix] {
			out = append(out, dir)
		}
	}
	db.mu.RUnlock()
	return out
}

// noteLoose records that the first objects directory now has a loose
// object under prefix, so abbreviations made later consider it.
func (db *DB) noteLoose(prefix string) {
	db.looseDirs(prefix)
	db.mu.Lock()
	db.loosePrefixes[0][prefix] = true
	db.mu.Unlock()
}
