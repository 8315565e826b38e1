package ignore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ReadFunc returns the content of the .gitignore in dir (slash-separated,
// relative to the top of the work tree, "" for the top), or nil when there
// is none. It may serve the index blob instead of the work-tree file.
type ReadFunc func(dir string) ([]byte, error)

// Matcher answers for arbitrary paths, reading the .gitignore files along
// each path once through a ReadFunc and caching them. It is safe for
// concurrent use. For a walk over the work tree a Stack is cheaper.
type Matcher struct {
	read    ReadFunc
	fold    bool
	globals []*List

	mu   sync.Mutex
	dirs map[string]*dirState
}

type dirState struct {
	lists    []*List  // .gitignore lists from the top down to this directory
	excluded *Pattern // set when the directory or an ancestor is ignored
}

// NewMatcher returns a Matcher reading .gitignore files through read.
func NewMatcher(opts Options, read ReadFunc) *Matcher {
	return &Matcher{read: read, fold: opts.IgnoreCase, globals: opts.globals(), dirs: map[string]*dirState{}}
}

// Match reports whether path (slash-separated, relative to the top of the
// work tree) is ignored; isDir says whether it is a directory.
func (m *Matcher) Match(path string, isDir bool) (bool, error) {
	p, err := m.Explain(path, isDir)
	return p != nil && !p.Negative, err
}

// Explain returns the pattern deciding path, as Stack.Explain does.
func (m *Matcher) Explain(path string, isDir bool) (*Pattern, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil, nil
	}
	dir := ""
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		dir = path[:i]
	}
	m.mu.Lock()
	st, err := m.state(dir)
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if st.excluded != nil {
		return st.excluded, nil
	}
	return decide(st.lists, m.globals, path, isDir), nil
}

// state returns dir's cached state, computing its ancestors' first.
// m.mu must be held.
func (m *Matcher) state(dir string) (*dirState, error) {
	if st, ok := m.dirs[dir]; ok {
		return st, nil
	}
	st := &dirState{}
	if dir != "" {
		parentDir := ""
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			parentDir = dir[:i]
		}
		parent, err := m.state(parentDir)
		if err != nil {
			return nil, err
		}
		st.lists, st.excluded = parent.lists, parent.excluded
		if st.excluded == nil {
			if p := decide(parent.lists, m.globals, dir, true); p != nil && !p.Negative {
				st.excluded = p
			}
		}
	}
	if st.excluded == nil {
		data, err := m.read(dir)
		if err != nil {
			return nil, fmt.Errorf("read %s/.gitignore: %w", dir, err)
		}
		if len(data) > 0 {
			name := ".gitignore"
			if dir != "" {
				name = dir + "/.gitignore"
			}
			if l := Parse(File{Name: name, Data: data}, dir, m.fold); len(l.Patterns) > 0 {
				st.lists = append(st.lists[:len(st.lists):len(st.lists)], l)
			}
		}
	}
	m.dirs[dir] = st
	return st, nil
}

// WorkTreeReader reads .gitignore files from the work tree at root,
// treating a missing file as none. Like git, it does not follow a
// .gitignore that is a symbolic link.
func WorkTreeReader(root string) ReadFunc {
	return func(dir string) ([]byte, error) {
		name := filepath.Join(root, filepath.FromSlash(dir), ".gitignore")
		fi, err := os.Lstat(name)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, nil
		}
		return os.ReadFile(name)
	}
}

// DefaultExcludesFile is where git looks for core.excludesFile when it is
// not set: $XDG_CONFIG_HOME/git/ignore, or $HOME/.config/git/ignore when
// XDG_CONFIG_HOME is unset or empty. env is an environment in os.Environ
// form (the last assignment of a name wins); "" when neither is set.
func DefaultExcludesFile(env []string) string {
	return xdgConfigPath(env, "ignore")
}

// xdgConfigPath returns $XDG_CONFIG_HOME/git/name or
// $HOME/.config/git/name as git's xdg_config_home does, or "".
func xdgConfigPath(env []string, name string) string {
	xdg, hasXDG := lookup(env, "XDG_CONFIG_HOME")
	if hasXDG && xdg != "" {
		return xdg + "/git/" + name
	}
	if home, ok := lookup(env, "HOME"); ok {
		return home + "/.config/git/" + name
	}
	return ""
}

func lookup(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}
