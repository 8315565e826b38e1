package attr

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ReadFunc returns the content of the .gitattributes in dir
// (slash-separated, "" for the top), or nil when there is none.
type ReadFunc func(dir string) ([]byte, error)

// Matcher answers for arbitrary paths, reading the .gitattributes files
// along each path once and caching them. It is safe for concurrent use
// (lookups are serialised).
type Matcher struct {
	read ReadFunc

	mu     sync.Mutex
	e      *evaluator
	common []int32
	dirs   map[string][]*file // the files from the top down to the directory
}

// NewMatcher returns a Matcher reading .gitattributes files through read.
func NewMatcher(opts Options, read ReadFunc) *Matcher {
	e := newEvaluator(opts)
	return &Matcher{read: read, e: e, common: commonIDs(e), dirs: map[string][]*file{}}
}

// Attrs returns the values of the named attributes for path (relative to
// the top; a trailing '/' marks a directory).
func (m *Matcher) Attrs(path string, names ...string) ([]Value, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	dirs, err := m.chain(parentDir(path))
	if err != nil {
		return nil, err
	}
	return m.e.lookup(dirs, path, names), nil
}

// All returns every attribute of path that is not unspecified, by name.
func (m *Matcher) All(path string) ([]Attr, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	dirs, err := m.chain(parentDir(path))
	if err != nil {
		return nil, err
	}
	return m.e.all(dirs, path), nil
}

// Common returns the attributes git's diff, merge and conversion code use.
func (m *Matcher) Common(path string) (Common, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	dirs, err := m.chain(parentDir(path))
	if err != nil {
		return Common{}, err
	}
	return m.e.common(dirs, path, m.common), nil
}

func parentDir(path string) string {
	path = strings.TrimSuffix(path, "/")
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i]
	}
	return ""
}

// chain returns the files from the top down to dir, loading what is not
// cached yet. m.mu must be held.
func (m *Matcher) chain(dir string) ([]*file, error) {
	if c, ok := m.dirs[dir]; ok {
		return c, nil
	}
	var parent []*file
	if dir != "" {
		var err error
		if parent, err = m.chain(parentDir(dir)); err != nil {
			return nil, err
		}
	}
	data, err := m.read(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s/.gitattributes: %w", dir, err)
	}
	f := m.e.parseDir(dir, data)
	if dir == "" {
		m.e.setRoot(f)
	}
	c := append(parent[:len(parent):len(parent)], f)
	m.dirs[dir] = c
	return c, nil
}

// WorkTreeReader reads .gitattributes files from the work tree at root,
// treating a missing file as none. Like git, it does not follow a
// .gitattributes that is a symbolic link.
func WorkTreeReader(root string) ReadFunc {
	return func(dir string) ([]byte, error) {
		name := filepath.Join(root, filepath.FromSlash(dir), ".gitattributes")
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, nil
		}
		return os.ReadFile(name)
	}
}

// DefaultAttributesFile is where git looks for core.attributesFile when it
// is not set: $XDG_CONFIG_HOME/git/attributes, or
// $HOME/.config/git/attributes when XDG_CONFIG_HOME is unset or empty. env
// is in os.Environ form (the last assignment wins); "" when neither is set.
func DefaultAttributesFile(env []string) string {
	var xdg, home string
	var hasHome bool
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "XDG_CONFIG_HOME":
			xdg = v
		case "HOME":
			home, hasHome = v, true
		}
	}
	switch {
	case xdg != "":
		return xdg + "/git/attributes"
	case hasHome:
		return home + "/.config/git/attributes"
	}
	return ""
}
