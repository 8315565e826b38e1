package attr

import (
	"fmt"
	"strings"
)

// Stack answers for the entries of one directory at a time, for a walker
// that descends the work tree depth first: Push each directory (its
// .gitattributes content, nil when it has none) on entering it, ask about
// its entries, Pop on leaving. A Stack is not safe for concurrent use.
type Stack struct {
	e      *evaluator
	common []int32
	dirs   []string
	files  []*file // parallel to dirs; nil where a directory has no file
}

// NewStack returns an empty stack; Push the top directory ("") first.
func NewStack(opts Options) *Stack {
	e := newEvaluator(opts)
	return &Stack{e: e, common: commonIDs(e)}
}

// Push enters dir (slash-separated, relative to the top of the work tree,
// "" for the top) with its .gitattributes content. dir must be "" on an
// empty stack and a direct child of the current directory otherwise.
func (s *Stack) Push(dir string, gitattributes []byte) {
	if n := len(s.dirs); n == 0 && dir != "" || n > 0 && !isChild(s.dirs[n-1], dir) {
		panic(fmt.Sprintf("attr: Push(%q) does not enter a subdirectory of the current directory", dir))
	}
	f := s.e.parseDir(dir, gitattributes)
	if dir == "" {
		s.e.setRoot(f)
	}
	s.dirs = append(s.dirs, dir)
	s.files = append(s.files, f)
}

// Pop leaves the current directory.
func (s *Stack) Pop() {
	n := len(s.dirs) - 1
	s.dirs, s.files = s.dirs[:n], s.files[:n]
	if n == 0 {
		s.e.setRoot(nil)
	}
}

// Dir returns the current directory.
func (s *Stack) Dir() string { return s.dirs[len(s.dirs)-1] }

// Attrs returns the values of the named attributes for path, an entry of
// the current directory (a trailing '/' marks a directory, which patterns
// ending in '/' need), like `git check-attr NAMES -- PATH`.
func (s *Stack) Attrs(path string, names ...string) []Value {
	s.check(path)
	return s.e.lookup(s.files, path, names)
}

// All returns every attribute of path that is not unspecified, sorted by
// name, like `git check-attr -a`.
func (s *Stack) All(path string) []Attr {
	s.check(path)
	return s.e.all(s.files, path)
}

// Common returns the attributes git's diff, merge and conversion code use.
// It does not allocate.
func (s *Stack) Common(path string) Common {
	s.check(path)
	return s.e.common(s.files, path, s.common)
}

func (s *Stack) check(path string) {
	if !isChild(s.dirs[len(s.dirs)-1], strings.TrimSuffix(path, "/")) {
		panic(fmt.Sprintf("attr: %q is not an entry of %q", path, s.dirs[len(s.dirs)-1]))
	}
}

// isChild reports whether path is an entry directly inside dir.
func isChild(dir, path string) bool {
	name := strings.LastIndexByte(path, '/') + 1
	if name == len(path) {
		return false
	}
	if dir == "" {
		return name == 0
	}
	return name == len(dir)+1 && path[:len(dir)] == dir
}
