package status

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"reef/gitops/ignore"
)

// What git's dir.c decides for a path (enum path_treatment), ordered so
// that a directory's state is the largest of its entries'.
type treatment uint8

const (
	pathNone treatment = iota
	pathRecurse
	pathExcluded
	pathUntracked
)

// walker finds untracked and ignored files: a port of git 2.39's
// read_directory_recursive, treat_path and treat_directory for the flags
// `git status` uses (normal mode: DIR_SHOW_OTHER_DIRECTORIES and
// DIR_HIDE_EMPTY_DIRECTORIES; --ignored: DIR_SHOW_IGNORED_TOO). Tracked
// directories come already listed by the scan; untracked ones are read
// here.
type walker struct {
	s          *run
	stack      *ignore.Stack
	otherDirs  bool // normal mode: show a wholly untracked directory as "dir/", hide empty ones
	ignoredToo bool
	untracked  []string
	ignored    []string
	gitDirReal string // our own git dir, resolved: not a nested repository
}

// walkDir is a directory being read: a directory of the index (node set)
// or an untracked one.
type walkDir struct {
	path      string // "" for the top, else "a/b"
	node      *dirNode
	listing   []dirent
	gitignore []byte
}

func (s *run) untracked() (untracked, ignored []string, err error) {
	o := ignore.Options{IgnoreCase: s.set.ignoreCase}
	if b, err := os.ReadFile(filepath.Join(s.o.CommonDir, "info", "exclude")); err == nil {
		o.InfoExclude = ignore.File{Name: ".git/info/exclude", Data: b}
	}
	name, err := excludesFile(s.o.Config, s.o.Env, s.o.WorkTree, ignore.DefaultExcludesFile)
	if err != nil {
		return nil, nil, err
	}
	if name != "" {
		if b, err := os.ReadFile(name); err == nil {
			o.ExcludesFile = ignore.File{Name: name, Data: b}
		}
	}
	w := &walker{
		s: s, stack: ignore.NewStack(o),
		otherDirs:  s.o.Untracked == ShowNormal,
		ignoredToo: s.o.Ignored,
	}
	top := &s.dirs[0]
	w.readDir(w.tracked(top), false, false)
	sort.Strings(w.untracked)
	sort.Strings(w.ignored)
	if w.ignoredToo {
		// Untracked contents of an untracked directory listed as "dir/"
		// go (git's read_directory without DIR_KEEP_UNTRACKED_CONTENTS).
		kept := w.untracked[:0]
		for _, p := range w.untracked {
			if n := len(kept); n > 0 && containsPath(kept[n-1], p) {
				continue
			}
			kept = append(kept, p)
		}
		w.untracked = kept
	}
	return s.others(w.untracked), s.others(w.ignored), nil
}

// others drops duplicates and the paths the index holds, a directory
// "d/" included when "d" is an index entry (git's index_name_is_other:
// a file replaced by a directory is a deletion, not an untracked dir).
func (s *run) others(list []string) []string {
	out := list[:0]
	for i, p := range list {
		if i > 0 && p == list[i-1] {
			continue
		}
		if _, ok := s.ix.Find(strings.TrimSuffix(p, "/")); ok {
			continue
		}
		out = append(out, p)
	}
	return out
}

func containsPath(dir, p string) bool {
	return len(dir) < len(p) && dir[len(dir)-1] == '/' && p[:len(dir)] == dir
}

func (w *walker) tracked(n *dirNode) *walkDir {
	d := &walkDir{path: n.path, node: n, listing: n.listing, gitignore: n.gitignore}
	if d.gitignore == nil {
		// No regular .gitignore in the work tree: git reads a
		// skip-worktree one from the index.
		d.gitignore, _ = w.s.indexFile(n.path, ".gitignore", true)
	}
	return d
}

// readDir is read_directory_recursive: it treats every entry of d, adds
// what it finds to the lists (unless checkOnly), and returns d's state.
func (w *walker) readDir(d *walkDir, checkOnly, stopEarly bool) treatment {
	if d.node != nil && d.node.path == d.path && !d.node.others {
		return pathNone // only tracked files below: nothing to find
	}
	w.stack.Push(d.path, d.gitignore)
	defer w.stack.Pop()
	dirState := pathNone
	for _, ent := range d.listing {
		state, path := w.treatPath(d, ent)
		dirState = max(dirState, state)
		if state == pathRecurse {
			sub := w.subdir(d, ent.name, path)
			dirState = max(dirState, w.readDir(sub, checkOnly, stopEarly))
		}
		if checkOnly {
			if stopEarly && dirState >= pathExcluded {
				return pathExcluded
			}
			if dirState == pathUntracked {
				break
			}
			continue
		}
		switch state {
		case pathExcluded:
			if w.ignoredToo {
				w.ignored = append(w.ignored, path)
			}
		case pathUntracked:
			w.untracked = append(w.untracked, path)
		}
	}
	return dirState
}

// subdir opens the directory name of d (path ends in '/').
func (w *walker) subdir(d *walkDir, name, path string) *walkDir {
	rel := strings.TrimSuffix(path, "/")
	if d.node != nil {
		if k, ok := w.s.childDir(d.node, name); ok {
			if n := &w.s.dirs[k]; n.path == rel {
				return w.tracked(n)
			}
			// core.ignoreCase matched a directory of the index spelt
			// otherwise: its entries count as tracked, but on a
			// case-sensitive file system its listing is another's.
			sub := &walkDir{path: rel, node: &w.s.dirs[k]}
			sub.listing, sub.gitignore, _ = readDirAt(w.s.abs(rel))
			return sub
		}
	}
	sub := &walkDir{path: rel}
	sub.listing, sub.gitignore, _ = readDirAt(w.s.abs(rel))
	return sub
}

// treatPath decides one directory entry; path is its slash-separated path
// with a trailing '/' for a directory.
func (w *walker) treatPath(d *walkDir, ent dirent) (treatment, string) {
	name := ent.name
	if name == ".git" || w.s.set.ignoreCase && strings.EqualFold(name, ".git") {
		return pathNone, ""
	}
	path := name
	if d.path != "" {
		path = d.path + "/" + name
	}
	if w.s.ps.simplifyAway(path) {
		return pathNone, ""
	}
	typ := ent.typ
	if typ == typeUnknown {
		if st, err := lstatPath(w.s.abs(path)); err == nil {
			typ = typeOfStat(st)
		}
	}
	inIndex := d.node != nil && w.s.hasFile(d.node, name)
	if typ != typeDir && inIndex {
		return pathNone, ""
	}
	excluded := w.stack.Match(path, typ == typeDir)
	if excluded && !w.ignoredToo {
		return pathExcluded, path
	}
	switch typ {
	case typeDir:
		path += "/"
		return w.treatDirectory(d, name, path, excluded), path
	case typeReg, typeLink:
		if w.s.ps != nil && !w.s.ps.matches(path) {
			return pathNone, ""
		}
		if excluded {
			return pathExcluded, path
		}
		return pathUntracked, path
	}
	return pathNone, ""
}

// treatDirectory is git's treat_directory for dirname ("a/b/").
func (w *walker) treatDirectory(d *walkDir, name, dirname string, excluded bool) treatment {
	if d.node != nil {
		if _, ok := w.s.childDir(d.node, name); ok {
			return pathRecurse // a directory of the index
		}
		if w.s.isGitlink(d.node, name) {
			return pathNone // a submodule
		}
	}
	how := matchNone
	if w.s.ps != nil && !excluded {
		if how = w.s.ps.match(dirname, false, true); how == matchNone {
			return pathNone
		}
	}
	if w.nestedRepo(dirname) {
		if how == matchLeading {
			return pathNone
		}
		if excluded {
			return pathExcluded
		}
		return pathUntracked
	}
	if !w.otherDirs || how == matchLeading {
		return pathRecurse // list the files one by one
	}
	// Normal mode hides empty directories, so it must look inside: for
	// one untracked file (checkOnly), or, with --ignored, for everything.
	checkOnly := !w.ignoredToo
	stopEarly := checkOnly && excluded
	oldIgnored, oldUntracked := len(w.ignored), len(w.untracked)
	sub := &walkDir{path: strings.TrimSuffix(dirname, "/")}
	sub.listing, sub.gitignore, _ = readDirAt(w.s.abs(sub.path))
	state := w.readDir(sub, checkOnly, stopEarly)
	if state == pathExcluded {
		// Everything below is ignored: the directory is listed, not
		// its contents.
		w.ignored = w.ignored[:oldIgnored]
	}
	if w.ignoredToo {
		w.untracked = w.untracked[:oldUntracked]
	}
	return state
}

// nestedRepo reports whether dirname holds a repository of its own (not
// our own git directory).
func (w *walker) nestedRepo(dirname string) bool {
	abs := w.s.abs(strings.TrimSuffix(dirname, "/"))
	if !isNestedRepo(abs) {
		return false
	}
	real, err := filepath.EvalSymlinks(abs + "/.git")
	if err != nil {
		return true
	}
	if w.gitDirReal == "" {
		w.gitDirReal, _ = filepath.EvalSymlinks(w.s.o.GitDir)
	}
	return real != w.gitDirReal
}

func typeOfStat(st fileStat) fileType {
	switch st.typ() {
	case sIFREG:
		return typeReg
	case sIFDIR:
		return typeDir
	case sIFLNK:
		return typeLink
	}
	return typeOther
}

// hasFile reports whether n directly holds an index entry called name.
func (s *run) hasFile(n *dirNode, name string) bool {
	_, ok := s.fileIn(n, name)
	return ok
}

// isGitlink reports whether n's entry name is a submodule.
func (s *run) isGitlink(n *dirNode, name string) bool {
	i, ok := s.fileIn(n, name)
	return ok && s.ix.Entries[i].Mode&sIFMT == sIFGITLNK
}

func (s *run) fileIn(n *dirNode, name string) (int, bool) {
	files := n.files
	k := sort.Search(len(files), func(k int) bool { return baseName(s.ix.Entries[files[k]].Path) >= name })
	if k < len(files) && baseName(s.ix.Entries[files[k]].Path) == name {
		return int(files[k]), true
	}
	if s.set.ignoreCase {
		// core.ignoreCase: git's name hash matches "README" for
		// "Readme" (a file renamed by case on macOS).
		for _, f := range files {
			if strings.EqualFold(baseName(s.ix.Entries[f].Path), name) {
				return int(f), true
			}
		}
	}
	return 0, false
}

// childDir finds n's subdirectory name among the index's directories.
// They are in index order, where a directory sorts as its name plus '/'.
func (s *run) childDir(n *dirNode, name string) (int32, bool) {
	subs := n.subs
	k := sort.Search(len(subs), func(k int) bool {
		return cmpDir(baseName(s.dirs[subs[k]].path), name) >= 0
	})
	if k < len(subs) && baseName(s.dirs[subs[k]].path) == name {
		return subs[k], true
	}
	if s.set.ignoreCase {
		for _, d := range subs {
			if strings.EqualFold(baseName(s.dirs[d].path), name) {
				return d, true
			}
		}
	}
	return 0, false
}

// cmpDir compares a+"/" with b+"/" without building them.
func cmpDir(a, b string) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	switch {
	case len(a) == len(b):
		return 0
	case len(a) < len(b):
		return cmpByte('/', b[n])
	}
	return cmpByte(a[n], '/')
}

func cmpByte(x, y byte) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
