package ignore

import (
	"fmt"
	"strings"
)

// Options are the sources and settings shared by every directory.
type Options struct {
	// IgnoreCase is core.ignoreCase: ASCII letters match regardless of case.
	IgnoreCase bool
	// InfoExclude is $GIT_DIR/info/exclude. It beats ExcludesFile and is
	// beaten by every .gitignore.
	InfoExclude File
	// ExcludesFile is core.excludesFile (its path ~-expanded as git does),
	// the lowest precedence. When the setting is absent git reads
	// DefaultExcludesFile(env); a missing file is simply no patterns.
	ExcludesFile File
}

// globals parses the non-directory sources, highest precedence first.
func (o Options) globals() []*List {
	var out []*List
	for _, f := range []File{o.InfoExclude, o.ExcludesFile} {
		if l := Parse(f, "", o.IgnoreCase); len(l.Patterns) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// decide returns the pattern that decides path: the last matching line of
// the deepest .gitignore (dirs is ordered top-level first) that has one,
// then info/exclude, then core.excludesFile. nil means no pattern matched.
// It does not apply the excluded-parent rule; callers do.
func decide(dirs, globals []*List, path string, isDir bool) *Pattern {
	name := strings.LastIndexByte(path, '/') + 1
	return decideAt(dirs, globals, path, name, isDir)
}

// decideAt is decide for a path whose basename starts at offset name.
func decideAt(dirs, globals []*List, path string, name int, isDir bool) *Pattern {
	for i := len(dirs) - 1; i >= 0; i-- {
		if p := lastMatch(dirs[i], path, name, isDir); p != nil {
			return p
		}
	}
	for _, l := range globals {
		if p := lastMatch(l, path, name, isDir); p != nil {
			return p
		}
	}
	return nil
}

// Stack answers for the entries of one directory at a time, for a walker
// that descends the work tree depth first: Push each directory (its
// .gitignore content, nil when it has none) on entering it, ask Match for
// its entries, Pop on leaving. A Stack is not safe for concurrent use; give
// each walking goroutine its own.
type Stack struct {
	globals []*List
	fold    bool
	lists   []*List // .gitignore lists of the pushed directories, top first
	frames  []frame
}

type frame struct {
	dir      string
	nlists   int      // len(lists) once this frame was pushed
	excluded *Pattern // set when this directory or an ancestor is ignored
}

// NewStack returns an empty stack; Push the top directory ("") first.
func NewStack(opts Options) *Stack {
	return &Stack{globals: opts.globals(), fold: opts.IgnoreCase}
}

// Push enters dir (slash-separated, relative to the top of the work tree,
// "" for the top) with the content of its .gitignore (nil if none). dir
// must be "" on an empty stack and a direct child of the current directory
// otherwise.
//
// When dir itself is ignored, everything below it is too and its
// .gitignore is not read: git cannot re-include a file whose parent
// directory is excluded.
func (s *Stack) Push(dir string, gitignore []byte) {
	f := frame{dir: dir}
	if n := len(s.frames); n == 0 {
		if dir != "" {
			panic(fmt.Sprintf("ignore: first Push must be the top directory, not %q", dir))
		}
	} else {
		top := s.frames[n-1]
		if !isChild(top.dir, dir) {
			panic(fmt.Sprintf("ignore: Push(%q) is not a subdirectory of %q", dir, top.dir))
		}
		f.excluded = top.excluded
		if f.excluded == nil {
			if p := decide(s.lists, s.globals, dir, true); p != nil && !p.Negative {
				f.excluded = p
			}
		}
	}
	if f.excluded == nil && len(gitignore) > 0 {
		name := ".gitignore"
		if dir != "" {
			name = dir + "/.gitignore"
		}
		if l := Parse(File{Name: name, Data: gitignore}, dir, s.fold); len(l.Patterns) > 0 {
			s.lists = append(s.lists, l)
		}
	}
	f.nlists = len(s.lists)
	s.frames = append(s.frames, f)
}

// Pop leaves the current directory.
func (s *Stack) Pop() {
	n := len(s.frames) - 1
	s.frames = s.frames[:n]
	keep := 0
	if n > 0 {
		keep = s.frames[n-1].nlists
	}
	clear(s.lists[keep:])
	s.lists = s.lists[:keep]
}

// Dir returns the current directory, the last one pushed.
func (s *Stack) Dir() string { return s.frames[len(s.frames)-1].dir }

// Match reports whether path, an entry of the current directory, is
// ignored. isDir says whether it is a directory (patterns ending in '/'
// match only directories).
func (s *Stack) Match(path string, isDir bool) bool {
	p := s.Explain(path, isDir)
	return p != nil && !p.Negative
}

// Explain returns the pattern that decides path, an entry of the current
// directory, as `git check-ignore -v` reports it: a negative pattern means
// the path is explicitly not ignored, nil that no pattern matched. Under an
// ignored directory it is the pattern that ignored the directory.
func (s *Stack) Explain(path string, isDir bool) *Pattern {
	top := &s.frames[len(s.frames)-1]
	name := strings.LastIndexByte(path, '/') + 1
	if name == len(path) || (name == 0) != (top.dir == "") || name > 0 && path[:name-1] != top.dir {
		panic(fmt.Sprintf("ignore: %q is not an entry of %q", path, top.dir))
	}
	if top.excluded != nil {
		return top.excluded
	}
	return decideAt(s.lists, s.globals, path, name, isDir)
}

// isChild reports whether path is an entry directly inside dir.
func isChild(dir, path string) bool {
	if dir == "" {
		return path != "" && strings.IndexByte(path, '/') < 0
	}
	return len(path) > len(dir)+1 && path[len(dir)] == '/' && path[:len(dir)] == dir &&
		strings.IndexByte(path[len(dir)+1:], '/') < 0
}
