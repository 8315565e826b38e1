package gitops

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"reef/gitops/iac"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/treediff"
)

// dirMemo keeps the directories analyzers asked for during one review:
// several analyzer runs (and the cache's checks) ask for the same ones.
type dirMemo struct {
	mu sync.Mutex
	m  map[dirKey]*dirEntry
}

type dirKey struct {
	side iac.Side
	dir  string
}

type dirEntry struct {
	once  sync.Once
	files map[string][]byte
	err   error
}

// dir is the Input.Dir accessor: the regular files directly in dir on
// one side, keyed by their repository path ("envs/prod/main.tf"). The
// before side is a tree; the after side a tree for revisions, the index
// for staged changes, and the index with the work tree's changes on top
// for the work tree. Files over iac.MaxFileBytes are left out.
func (rv *review) dir(ctx context.Context, side iac.Side, dir string) (map[string][]byte, error) {
	dir = strings.Trim(dir, "/")
	if dir == "." {
		dir = ""
	}
	k := dirKey{side, dir}
	rv.dirs.mu.Lock()
	if rv.dirs.m == nil {
		rv.dirs.m = map[dirKey]*dirEntry{}
	}
	e, ok := rv.dirs.m[k]
	if !ok {
		e = &dirEntry{}
		rv.dirs.m[k] = e
	}
	rv.dirs.mu.Unlock()
	e.once.Do(func() { e.files, e.err = rv.loadDir(ctx, side, dir) })
	if e.err != nil {
		return nil, e.err
	}
	// A copy of the map, so that one analyzer cannot change what
	// another sees.
	out := make(map[string][]byte, len(e.files))
	for p, b := range e.files {
		out[p] = b
	}
	return out, nil
}

func (rv *review) loadDir(ctx context.Context, side iac.Side, dir string) (map[string][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case side == iac.Before:
		return rv.treeDir(rv.fromTree, dir)
	case rv.t.Kind == ReviewRevs:
		return rv.treeDir(rv.toTree, dir)
	}
	return rv.indexDir(dir)
}

// subtree finds dir in a tree; false when it is not there.
func (rv *review) subtree(tree Hash, dir string) (Hash, bool, error) {
	if tree.IsZero() {
		return Hash{}, false, nil
	}
	id, err := rv.r.treeLookup(tree, dir)
	if errors.Is(err, ErrBadRevision) {
		return Hash{}, false, nil
	}
	if err != nil {
		return Hash{}, false, err
	}
	return id, true, nil
}

func (rv *review) treeDir(tree Hash, dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	id, ok, err := rv.subtree(tree, dir)
	if err != nil || !ok {
		return out, err
	}
	typ, data, err := rv.r.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Tree {
		return out, nil // a file where a directory was asked for
	}
	it := object.NewTreeIter(data)
	for it.Next() {
		if !treediff.IsRegular(it.Mode()) {
			continue
		}
		p := joinPath(dir, string(it.NameBytes()))
		if b, ok, err := rv.smallBlob(it.ID(), p); err != nil {
			return nil, err
		} else if ok {
			out[p] = b
		}
	}
	if err := it.Err(); err != nil {
		return nil, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", id, err)
	}
	return out, nil
}

// smallBlob reads a blob unless it is over iac.MaxFileBytes.
func (rv *review) smallBlob(id Hash, path string) ([]byte, bool, error) {
	_, n, err := rv.r.db.Header(id)
	if err != nil {
		return nil, false, rv.src.missing(err, id, path)
	}
	if n > iac.MaxFileBytes {
		return nil, false, nil
	}
	b, err := rv.src.blob(id, path)
	if b == nil {
		b = []byte{}
	}
	return b, err == nil, err
}

// indexDir lists dir in the index, with the work tree's changes on top
// for a work-tree review.
func (rv *review) indexDir(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	lo, hi := rv.ix.DirRange(dir)
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	for _, e := range rv.ix.Entries[lo:hi] {
		if strings.Contains(e.Path[len(prefix):], "/") || e.Stage != 0 || !treediff.IsRegular(e.Mode) {
			continue
		}
		if c, ok := rv.wt[e.Path]; ok && rv.t.Kind == ReviewWorktree {
			if !c.New.Exists() || !treediff.IsRegular(c.New.Mode) {
				continue
			}
			b, err := rv.src.worktree(e.Path)
			if err != nil {
				return nil, err
			}
			if len(b) <= iac.MaxFileBytes {
				out[e.Path] = b
			}
			continue
		}
		if e.IntentToAdd {
			continue
		}
		b, ok, err := rv.smallBlob(e.ID, e.Path)
		if err != nil {
			return nil, err
		}
		if ok {
			out[e.Path] = b
		}
	}
	return out, nil
}

// dirID fingerprints a directory without reading its files, for the
// cache: a tree id, or a digest of the index entries (and work-tree
// changes) in it. False when it cannot (a work-tree file whose content
// hash is not known), and the cache hashes the contents instead.
func (rv *review) dirID(ctx context.Context, side iac.Side, dir string) (string, bool) {
	dir = strings.Trim(dir, "/")
	if dir == "." {
		dir = ""
	}
	if side == iac.Before || rv.t.Kind == ReviewRevs {
		tree := rv.fromTree
		if side == iac.After {
			tree = rv.toTree
		}
		id, ok, err := rv.subtree(tree, dir)
		switch {
		case err != nil:
			return "", false
		case !ok:
			return "absent", true
		}
		return "tree " + id.String(), true
	}
	h := sha256.New()
	lo, hi := rv.ix.DirRange(dir)
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	for _, e := range rv.ix.Entries[lo:hi] {
		if strings.Contains(e.Path[len(prefix):], "/") {
			continue
		}
		id, mode := e.ID, e.Mode
		if c, ok := rv.wt[e.Path]; ok && rv.t.Kind == ReviewWorktree {
			if c.New.Exists() && c.New.ID.IsZero() {
				return "", false
			}
			id, mode = c.New.ID, c.New.Mode
		}
		fmt.Fprintf(h, "%s %o %s %d %t\n", e.Path, mode, id, e.Stage, e.IntentToAdd)
	}
	return "index " + hex.EncodeToString(h.Sum(nil)), true
}

func joinPath(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}
