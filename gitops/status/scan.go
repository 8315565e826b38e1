package status

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// dirNode is a directory of the index: one that holds index entries,
// directly or below. The scan reads each in its own job.
type dirNode struct {
	path   string  // "" for the top, else "a/b"
	parent int32   // -1 for the top
	files  []int32 // index position of the first entry of each path directly inside
	subs   []int32 // child directories, in index order

	// Set by the scan.
	opened    bool     // opened as a real directory (no symbolic link at its end)
	valid     bool     // opened, and so were all its ancestors
	listing   []dirent // its entries, when untracked files are wanted
	gitignore []byte   // its .gitignore, when it has a regular one
	readErr   error    // why it could not be listed (other than not existing)
	// others: some entry is neither a tracked file nor a tracked
	// directory, so the untracked walk must look (set for the whole
	// subtree after the scan). A clean tree walks nothing.
	others bool
}

// dirent is one name of a directory listing.
type dirent struct {
	name string
	typ  fileType
}

type fileType uint8

const (
	typeUnknown fileType = iota
	typeReg
	typeDir
	typeLink
	typeOther // fifo, socket, device: git ignores them
)

// buildDirs lists the directories of the index in depth-first order
// (a parent before its children), with each path's first entry attached
// to its directory. The index is sorted, so a stack of open directories is
// enough: no map.
func (s *run) buildDirs() {
	entries := s.ix.Entries
	dirs := []dirNode{{path: "", parent: -1}}
	stack := []int32{0}
	for i := 0; i < len(entries); i++ {
		p := entries[i].Path
		if i > 0 && entries[i-1].Path == p {
			continue // another stage of the same path
		}
		dir := ""
		if j := strings.LastIndexByte(p, '/'); j >= 0 {
			dir = p[:j]
		}
		for len(stack) > 1 && !isAncestor(dirs[stack[len(stack)-1]].path, dir) {
			stack = stack[:len(stack)-1]
		}
		for top := dirs[stack[len(stack)-1]].path; top != dir; top = dirs[stack[len(stack)-1]].path {
			// Open the next component of dir below top.
			next := dir
			start := 0
			if top != "" {
				start = len(top) + 1
			}
			if k := strings.IndexByte(dir[start:], '/'); k >= 0 {
				next = dir[:start+k]
			}
			parent := stack[len(stack)-1]
			id := int32(len(dirs))
			dirs = append(dirs, dirNode{path: next, parent: parent})
			dirs[parent].subs = append(dirs[parent].subs, id)
			stack = append(stack, id)
		}
		top := stack[len(stack)-1]
		dirs[top].files = append(dirs[top].files, int32(i))
	}
	s.dirs = dirs
}

// isAncestor reports whether dir is a or lies below a.
func isAncestor(a, dir string) bool {
	if a == "" || a == dir {
		return true
	}
	return len(dir) > len(a) && dir[len(a)] == '/' && dir[:len(a)] == a
}

// scan reads every directory of the index in parallel: lists it (when
// untracked files are wanted) and compares its tracked files with their
// index entries.
func (s *run) scan(ctx context.Context) error {
	workers := s.o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(s.dirs))
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			sc := newScanner(s)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(s.dirs) {
					return
				}
				if i&63 == 0 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				if s.ps.simplifyAway(s.dirs[i].path) {
					// Nothing here can match the pathspec: a status of
					// one file need not open every directory.
					continue
				}
				if err := sc.dir(ctx, &s.dirs[i]); err != nil {
					errs[w] = err
					next.Store(int64(len(s.dirs))) // stop the others early
					return
				}
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for i := len(s.dirs) - 1; i > 0; i-- { // children after parents
		if s.dirs[i].others {
			s.dirs[s.dirs[i].parent].others = true
		}
	}
	// git treats a file below a symbolic link as removed
	// (has_symlink_leading_path): a directory counts only when every
	// ancestor was a real directory too. Parents come first.
	for i := range s.dirs {
		d := &s.dirs[i]
		d.valid = d.opened && (d.parent < 0 || s.dirs[d.parent].valid)
		if d.opened && !d.valid {
			for _, f := range d.files {
				s.res[f] = s.missing(int(f))
			}
		}
	}
	return nil
}

// markOthers sets d.others when its listing holds anything but tracked
// files and directories: an untracked or ignored file, a directory where
// the index has a file, a file where it has a directory.
func (s *run) markOthers(d *dirNode) {
	if d.readErr != nil {
		d.others = true
		return
	}
	// Names must match exactly: a match only under core.ignoreCase is
	// left to the walk.
	for _, ent := range d.listing {
		switch {
		case ent.name == ".git" || s.set.ignoreCase && strings.EqualFold(ent.name, ".git"):
		case ent.typ == typeDir:
			k, ok := s.childDir(d, ent.name)
			if ok && baseName(s.dirs[k].path) == ent.name {
				continue
			}
			if i, ok := s.fileIn(d, ent.name); ok && s.ix.Entries[i].Mode&sIFMT == sIFGITLNK && baseName(s.ix.Entries[i].Path) == ent.name {
				continue
			}
			d.others = true
			return
		default:
			if i, ok := s.fileIn(d, ent.name); ent.typ == typeUnknown || !ok || baseName(s.ix.Entries[i].Path) != ent.name {
				d.others = true
				return
			}
		}
	}
}
