package attr

import (
	"slices"
	"strings"
)

// builtin is git's built-in macro table.
const builtin = "[attr]binary -diff -merge -text\n"

// Options are the sources and settings shared by every directory.
type Options struct {
	// IgnoreCase is core.ignoreCase: patterns match regardless of ASCII case.
	IgnoreCase bool
	// Info is $GIT_DIR/info/attributes, the highest precedence.
	Info File
	// Global is core.attributesFile; when the setting is absent git reads
	// DefaultAttributesFile(env). Beaten by every .gitattributes.
	Global File
	// System is $(prefix)/etc/gitattributes (usually /etc/gitattributes),
	// which git skips when GIT_ATTR_NOSYSTEM is true. The lowest
	// precedence but for the built-in `binary` macro.
	System File
}

// evaluator is what every lookup shares: the attribute names, the files
// outside the tree, the macro table and scratch space. Not safe for
// concurrent use.
type evaluator struct {
	fold                          bool
	ids                           map[string]int32
	names                         []string
	info, global, system, builtin *file
	root                          *file
	macros                        []*rule // by attribute id: the winning definition

	gen  uint32
	seen []uint32 // seen[id] == gen: vals[id] is decided
	want []uint32 // want[id] == gen: the caller asked for id
	vals []Value
}

func newEvaluator(o Options) *evaluator {
	e := &evaluator{fold: o.IgnoreCase, ids: map[string]int32{}}
	e.builtin = parse(File{Name: "[builtin]", Data: []byte(builtin)}, "", true, false, e.intern)
	e.system = parse(o.System, "", true, o.IgnoreCase, e.intern)
	e.global = parse(o.Global, "", true, o.IgnoreCase, e.intern)
	e.info = parse(o.Info, "", true, o.IgnoreCase, e.intern)
	e.setRoot(nil)
	return e
}

func (e *evaluator) intern(name string) int32 {
	if id, ok := e.ids[name]; ok {
		return id
	}
	id := int32(len(e.names))
	e.ids[name] = id
	e.names = append(e.names, name)
	return id
}

// parseDir parses the .gitattributes of dir; only the top-level one may
// define macros.
func (e *evaluator) parseDir(dir string, data []byte) *file {
	if len(data) == 0 {
		return nil
	}
	name := ".gitattributes"
	if dir != "" {
		name = dir + "/.gitattributes"
	}
	f := parse(File{Name: name, Data: data}, dir, dir == "", e.fold, e.intern)
	if len(f.rules) == 0 {
		return nil
	}
	return f
}

// setRoot installs the top-level .gitattributes and recomputes the macro
// table: the last definition in the highest-precedence file wins.
func (e *evaluator) setRoot(root *file) {
	e.root = root
	e.macros = make([]*rule, len(e.names))
	for _, f := range []*file{e.info, root, e.global, e.system, e.builtin} {
		if f == nil {
			continue
		}
		for i := len(f.rules) - 1; i >= 0; i-- {
			if r := &f.rules[i]; r.pat == nil && e.macros[r.macro] == nil {
				e.macros[r.macro] = r
			}
		}
	}
}

// collect decides the attributes of path. dirs holds the .gitattributes
// files from the top down to path's directory (nil entries allowed). want
// lists the ids the caller needs, so the walk can stop early; nil means all.
// Results are read with value.
func (e *evaluator) collect(dirs []*file, path string, isDir bool, want []int32) {
	e.gen++
	if e.gen == 0 { // wrapped: forget every old mark
		clear(e.seen)
		clear(e.want)
		e.gen = 1
	}
	if n := len(e.names); len(e.seen) < n {
		e.seen = slices.Grow(e.seen, n-len(e.seen))[:n]
		e.want = slices.Grow(e.want, n-len(e.want))[:n]
		e.vals = slices.Grow(e.vals, n-len(e.vals))[:n]
	}
	rem := -1
	if want != nil {
		rem = 0
		for _, id := range want {
			if e.want[id] != e.gen {
				e.want[id] = e.gen
				rem++
			}
		}
	}
	if e.scan(e.info, path, isDir, &rem) {
		return
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if e.scan(dirs[i], path, isDir, &rem) {
			return
		}
	}
	for _, f := range []*file{e.global, e.system, e.builtin} {
		if e.scan(f, path, isDir, &rem) {
			return
		}
	}
}

// scan applies f's matching lines, last first; it reports whether every
// wanted attribute is decided.
func (e *evaluator) scan(f *file, path string, isDir bool, rem *int) bool {
	if f == nil {
		return false
	}
	for i := len(f.rules) - 1; i >= 0; i-- {
		r := &f.rules[i]
		if r.pat == nil || !r.pat.Matches(path, isDir) {
			continue
		}
		e.fill(r, rem)
		if *rem == 0 {
			return true
		}
	}
	return false
}

// fill applies a line's assignments, last first, to the attributes not yet
// decided; setting a macro applies its definition right there, with the
// precedence of the line that set it.
func (e *evaluator) fill(r *rule, rem *int) {
	for i := len(r.assigns) - 1; i >= 0 && *rem != 0; i-- {
		a := r.assigns[i]
		if e.seen[a.id] == e.gen {
			continue
		}
		e.seen[a.id], e.vals[a.id] = e.gen, a.v
		if *rem > 0 && e.want[a.id] == e.gen {
			*rem--
		}
		if a.v.State == Set && int(a.id) < len(e.macros) && e.macros[a.id] != nil {
			e.fill(e.macros[a.id], rem)
		}
	}
}

// value is id's value after collect.
func (e *evaluator) value(id int32) Value {
	if e.seen[id] == e.gen {
		return e.vals[id]
	}
	return Value{}
}

// lookup answers names for path (a trailing '/' marks a directory).
func (e *evaluator) lookup(dirs []*file, path string, names []string) []Value {
	want := make([]int32, len(names))
	for i, n := range names {
		want[i] = e.intern(n)
	}
	path, isDir := strings.CutSuffix(path, "/")
	e.collect(dirs, path, isDir, want)
	out := make([]Value, len(names))
	for i, id := range want {
		out[i] = e.value(id)
	}
	return out
}

// all answers every attribute that is not unspecified, sorted by name.
func (e *evaluator) all(dirs []*file, path string) []Attr {
	path, isDir := strings.CutSuffix(path, "/")
	e.collect(dirs, path, isDir, nil)
	var out []Attr
	for id, name := range e.names {
		if v := e.value(int32(id)); v.State != Unspecified {
			out = append(out, Attr{Name: name, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b Attr) int { return strings.Compare(a.Name, b.Name) })
	return out
}
