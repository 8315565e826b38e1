package ignore

import (
	"bytes"
	"strings"
)

// An index spares a lookup from trying every pattern of a long list: literal
// basename patterns ("Thumbs.db", ".idea/") are found by one table lookup,
// anchored literal ones ("/build") by another, `*.ext` patterns by their
// extension, and only the rest are tried one by one, newest first, down to
// the best line found so far.
type index struct {
	exact   *table[slot]    // wildcard-free basename patterns
	paths   *table[slot]    // wildcard-free anchored patterns, by path below the base
	ext     *table[[]int32] // `*.ext` patterns by extension, highest line first
	generic []int32         // ascending
}

// slot holds the last line of a literal basename pattern that matches
// anything, and the last that matches only directories (-1: none).
type slot struct{ any, dir int32 }

func (s slot) with(i int32, dirOnly bool) slot {
	if s == (slot{}) {
		s = slot{-1, -1}
	}
	if dirOnly {
		s.dir = i
	} else {
		s.any = i
	}
	return s
}

func (s slot) best(isDir bool) int32 {
	if isDir {
		return max(s.any, s.dir)
	}
	return s.any
}

// minIndexed is the list length below which scanning beats the index.
const minIndexed = 8

func (l *List) buildIndex(fold bool) {
	if len(l.Patterns) < minIndexed {
		return
	}
	x := &index{}
	exact, paths, ext := map[string]slot{}, map[string]slot{}, map[string][]int32{}
	for i, p := range l.Patterns {
		i := int32(i)
		switch {
		case p.nodir && p.wm == nil && !p.endsWith:
			exact[foldKey(p.pat, fold)] = exact[foldKey(p.pat, fold)].with(i, p.DirOnly)
		case !p.nodir && p.wm == nil:
			paths[foldKey(p.pat, fold)] = paths[foldKey(p.pat, fold)].with(i, p.DirOnly)
		case p.endsWith && strings.Contains(p.pat[1:], "."):
			key := foldKey(p.pat[strings.LastIndexByte(p.pat, '.'):], fold)
			ext[key] = append([]int32{i}, ext[key]...)
		default:
			x.generic = append(x.generic, i)
		}
	}
	x.exact, x.paths, x.ext = toTable(exact), toTable(paths), toTable(ext)
	l.idx = x
}

func toTable[V any](m map[string]V) *table[V] {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	vals := make([]V, 0, len(m))
	for k, v := range m {
		keys = append(keys, k)
		vals = append(vals, v)
	}
	return newTable(keys, vals)
}

func foldKey(s string, fold bool) string {
	if fold {
		return strings.ToLower(s) // patterns' keys; ASCII folding as git's
	}
	return s
}

// lastMatch returns the last pattern of l that matches path, whose
// basename starts at offset name.
func lastMatch(l *List, path string, name int, isDir bool) *Pattern {
	ps := l.Patterns
	x := l.idx
	if x == nil {
		for i := len(ps) - 1; i >= 0; i-- {
			if p := ps[i]; (!p.DirOnly || isDir) && p.match(path, name) {
				return p
			}
		}
		return nil
	}
	fold := ps[0].fold
	// rel is the path below the list's base ("" when it is not below).
	rel := path
	if l.Base != "" {
		rel = ""
		if len(path) > len(l.Base) && path[len(l.Base)] == '/' && equal(path[:len(l.Base)], l.Base, fold) {
			rel = path[len(l.Base)+1:]
		}
	}
	var best int32
	var ext []int32
	if fold {
		// Folded copies on the stack; they reach the heap only for paths
		// longer than buf.
		var buf [256]byte
		r := appendLower(buf[:0], rel)
		k := appendLower(r[len(r):], path[name:])
		best, ext = x.seedBytes(k, r, isDir)
	} else {
		best, ext = x.seed(path[name:], rel, isDir)
	}
	for _, i := range ext {
		if i <= best {
			break
		}
		if p := ps[i]; (!p.DirOnly || isDir) && p.match(path, name) {
			best = i
			break
		}
	}
	for j := len(x.generic) - 1; j >= 0; j-- {
		i := x.generic[j]
		if i <= best {
			break
		}
		if p := ps[i]; (!p.DirOnly || isDir) && p.lead(path[name:]) && p.match(path, name) {
			best = i
			break
		}
	}
	if best < 0 {
		return nil
	}
	return ps[best]
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// seed looks up the basename key and the path rel in the tables: the best
// line they give and the `*.ext` lines to try.
func (x *index) seed(key, rel string, isDir bool) (best int32, ext []int32) {
	best = -1
	if x.exact != nil {
		if s, ok := x.exact.lookup(key); ok {
			best = s.best(isDir)
		}
	}
	if x.paths != nil && rel != "" {
		if s, ok := x.paths.lookup(rel); ok {
			best = max(best, s.best(isDir))
		}
	}
	if dot := strings.LastIndexByte(key, '.'); dot >= 0 && x.ext != nil {
		ext, _ = x.ext.lookup(key[dot:])
	}
	return best, ext
}

// seedBytes is seed for folded keys held in byte slices.
func (x *index) seedBytes(key, rel []byte, isDir bool) (best int32, ext []int32) {
	best = -1
	if x.exact != nil {
		if s, ok := x.exact.lookupBytes(key); ok {
			best = s.best(isDir)
		}
	}
	if x.paths != nil && len(rel) > 0 {
		if s, ok := x.paths.lookupBytes(rel); ok {
			best = max(best, s.best(isDir))
		}
	}
	if dot := bytes.LastIndexByte(key, '.'); dot >= 0 && x.ext != nil {
		ext, _ = x.ext.lookupBytes(key[dot:])
	}
	return best, ext
}
