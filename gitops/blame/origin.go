package blame

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"reef/gitops/commitgraph"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
	"reef/gitops/textdiff"
)

const typeMask = 0o170000

func isRegular(mode uint32) bool { return mode&typeMask == 0o100000 }

// load reads the parents, tree and date of c: from the commit-graph when
// the commit is in it (no object to inflate), else from the object.
func (b *board) load(c *commit) error {
	if c.loaded {
		return nil
	}
	src := b.src
	if g := src.Graph; g != nil {
		if pos, ok := g.Lookup(c.id); ok {
			gc, err := g.Commit(pos, nil)
			if err != nil {
				return err
			}
			c.tree, c.time = gc.Tree, gc.Time
			for _, p := range gc.Parents {
				c.parents = append(c.parents, g.ID(p))
			}
			if src.Shallow[c.id] {
				c.parents = nil
			}
			c.loaded = true
			return nil
		}
	}
	var h header
	if b.prefetch != nil {
		h = b.prefetch.take(c.id)
	} else {
		h = readHeader(src, c.id)
	}
	if h.err != nil {
		return h.err
	}
	c.tree, c.time, c.parents = h.tree, h.time, h.parents
	c.loaded = true
	return nil
}

// readHeader reads a commit object for its tree, parents and date. It
// touches nothing but the source, so the prefetcher can call it too.
func readHeader(src *revwalk.Source, id oid.ID) header {
	obj := id
	if r, ok := src.Replace[id]; ok {
		obj = r
	}
	typ, data, err := src.DB.Read(obj)
	if err != nil {
		return header{err: err}
	}
	if typ != odb.Commit {
		return header{err: fmt.Errorf("object %s is a %s, not a commit", id, typ)}
	}
	h, err := object.ParseCommitHeader(data, nil)
	if err != nil {
		return header{err: fmt.Errorf("commit %s is corrupt (%v): run `git fsck`", id, err)}
	}
	out := header{tree: h.Tree, parents: h.Parents, time: h.Time}
	if src.Shallow[id] {
		out.parents = nil
	}
	return out
}

// finalOrigin sets up the origin blame starts from: the path in the
// starting commit, or the work-tree version on top of its parents.
func (b *board) finalOrigin(start oid.ID) (*origin, error) {
	if w := b.opt.Work; w != nil {
		c := &commit{parents: w.Parents, time: w.Time, loaded: true, work: true}
		o := b.origin(c, b.opt.Path, BlobID(w.Data), w.Mode, nil)
		o.data, o.lines = w.Data, splitLines(w.Data)
		return o, nil
	}
	c := b.commit(start)
	if err := b.load(c); err != nil {
		return nil, err
	}
	e, chain, err := b.lookup(c.tree, b.opt.Path, nil)
	if err != nil {
		return nil, err
	}
	if !e.found || e.mode&typeMask == object.ModeGitlink {
		return nil, ErrNoPath
	}
	return b.origin(c, b.opt.Path, e.id, e.mode, chain), nil
}

// BlobID is the id git gives content stored as a blob.
func BlobID(data []byte) oid.ID {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	var id oid.ID
	h.Sum(id[:0])
	return id
}

// data reads an origin's file (once) and splits its lines.
func (b *board) data(o *origin) ([]byte, error) {
	if o.data != nil || o.lines != nil {
		return o.data, nil
	}
	typ, data, err := b.src.DB.Read(o.blob)
	if err != nil {
		return nil, fmt.Errorf("cannot read blob %s for path %s: %w", o.blob, o.path, err)
	}
	if typ != odb.Blob {
		return nil, fmt.Errorf("object %s for path %s is a %s, not a blob", o.blob, o.path, typ)
	}
	o.data, o.lines = data, splitLines(data)
	return data, nil
}

// splitLines is textdiff.SplitLines, never nil so that a loaded empty file
// is told apart from one not loaded yet.
func splitLines(data []byte) [][]byte {
	if lines := textdiff.SplitLines(data); lines != nil {
		return lines
	}
	return [][]byte{}
}

// findOrigin is the common case: the same path in parent p. It returns
// the parent's origin when the path is a file of the same kind there, and
// whether the path is a file at all there (if not, it may have been
// renamed). Only trees that differ from the child's along the path are
// read.
func (b *board) findOrigin(p *commit, o *origin, first bool) (*origin, bool, error) {
	if po := p.originFor(o.path); po != nil {
		return po, true, nil
	}
	if first && b.unchanged(o) {
		// The child's chain stays a valid hint: any tree equal to one of
		// its trees holds the same file.
		return b.origin(p, o.path, o.blob, o.mode, o.chain), true, nil
	}
	e, chain, err := b.lookup(p.tree, o.path, o.chain)
	if err != nil {
		return nil, false, err
	}
	switch {
	case e.same:
		return b.origin(p, o.path, o.blob, o.mode, chain), true, nil
	case !e.found:
		return nil, false, nil
	case e.mode&typeMask != o.mode&typeMask:
		// A type change (file to symlink...): git starts over here.
		return nil, true, nil
	}
	return b.origin(p, o.path, e.id, e.mode, chain), true, nil
}

// unchanged asks the commit-graph's changed-path filter whether o's
// commit left the path as its first parent had it. A filter never says no
// wrongly, and most commits touch few paths, so most answers save reading
// trees.
func (b *board) unchanged(o *origin) bool {
	g := b.src.Graph
	if g == nil || o.c.work || !g.HasBloom() {
		return false
	}
	pos, ok := g.Lookup(o.c.id)
	if !ok {
		return false
	}
	key, ok := b.bloomKeys[o.path]
	if !ok {
		key = commitgraph.NewBloomKey(o.path)
		b.bloomKeys[o.path] = key
	}
	return !g.MaybeChanged(pos, key)
}

// treeEntry is what lookup found at the path.
type treeEntry struct {
	id    oid.ID
	mode  uint32
	found bool // a non-tree entry is at the path
	same  bool // the whole path matched the hint chain: the child's own entry
}

// lookup finds path in tree. hint is the child's chain of tree ids along
// the same path: where the tree ids agree, the rest is the child's and
// nothing more is read. It returns the chain of tree ids it went through.
func (b *board) lookup(tree oid.ID, path string, hint []oid.ID) (treeEntry, []oid.ID, error) {
	depth := strings.Count(path, "/") + 1
	chain := make([]oid.ID, 0, depth)
	cur := tree
	rest := path
	for level := 0; ; level++ {
		if level < len(hint) && hint[level] == cur {
			chain = append(chain, hint[level:]...)
			return treeEntry{same: true, found: true}, chain, nil
		}
		chain = append(chain, cur)
		name, tail, more := strings.Cut(rest, "/")
		data, err := b.trees.read(b.src.DB, cur)
		if err != nil {
			return treeEntry{}, nil, err
		}
		id, mode, ok, err := findEntry(data, name)
		if err != nil {
			return treeEntry{}, nil, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", cur, err)
		}
		if !ok {
			return treeEntry{}, chain, nil
		}
		isTree := mode&typeMask == object.ModeTree
		if !more {
			if isTree {
				return treeEntry{}, chain, nil // a directory: the file is new
			}
			return treeEntry{id: id, mode: mode, found: true}, chain, nil
		}
		if !isTree {
			return treeEntry{}, chain, nil
		}
		cur, rest = id, tail
	}
}

// findEntry scans a tree object for name without copying entries out.
// Entries are sorted by name (a directory as if it ended in "/"), so the
// scan stops at the first name past it that does not start with it.
func findEntry(data []byte, name string) (oid.ID, uint32, bool, error) {
	if name == "" {
		return oid.ID{}, 0, false, nil
	}
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp <= 0 {
			return oid.ID{}, 0, false, errors.New("bad mode")
		}
		nul := bytes.IndexByte(data[sp+1:], 0)
		if nul <= 0 || sp+1+nul+1+oid.Size > len(data) {
			return oid.ID{}, 0, false, errors.New("truncated entry")
		}
		n := data[sp+1 : sp+1+nul]
		idAt := sp + 1 + nul + 1
		switch {
		case n[0] < name[0]:
		case string(n) == name:
			var mode uint32
			for _, c := range data[:sp] {
				if c < '0' || c > '7' {
					return oid.ID{}, 0, false, errors.New("bad mode")
				}
				mode = mode<<3 | uint32(c-'0')
			}
			return oid.FromBytes(data[idAt : idAt+oid.Size]), mode, true, nil
		case n[0] > name[0] || (string(n) > name && !strings.HasPrefix(string(n), name)):
			return oid.ID{}, 0, false, nil
		}
		data = data[idAt+oid.Size:]
	}
	return oid.ID{}, 0, false, nil
}

// treeCache keeps recently read trees: a merge's parents, and the
// rename search, read the same trees again.
type treeCache struct {
	limit int
	m     map[oid.ID][]byte
}

func newTreeCache(limit int) *treeCache {
	return &treeCache{limit: limit, m: make(map[oid.ID][]byte)}
}

func (t *treeCache) read(db *odb.DB, id oid.ID) ([]byte, error) {
	if d, ok := t.m[id]; ok {
		return d, nil
	}
	typ, data, err := db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Tree {
		return nil, fmt.Errorf("object %s is a %s, not a tree", id, typ)
	}
	if len(t.m) >= t.limit {
		clear(t.m) // crude but bounded; the next commits refill it
	}
	t.m[id] = data
	return data, nil
}
