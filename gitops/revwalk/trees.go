package revwalk

import (
	"fmt"
	"strings"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// treeCache keeps parsed trees: neighbouring commits share almost every
// subtree on the way to a path, so a file's history reads each once.
type treeCache struct {
	db    *odb.DB
	limit int
	m     map[oid.ID][]byte
}

func newTreeCache(db *odb.DB) *treeCache {
	return &treeCache{db: db, limit: 8192, m: make(map[oid.ID][]byte)}
}

func (c *treeCache) tree(id oid.ID) ([]byte, error) {
	if t, ok := c.m[id]; ok {
		return t, nil
	}
	typ, data, err := c.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Tree {
		return nil, fmt.Errorf("object %s is a %s, not a tree", id, typ)
	}
	if len(c.m) >= c.limit {
		clear(c.m)
	}
	c.m[id] = data
	return data, nil
}

// entry is a tree entry found at a path; Mode 0 when absent.
type entry struct {
	mode uint32
	id   oid.ID
}

// compare looks up path in two trees in step, stopping as soon as the
// subtrees on the way have the same id (then the entries are equal).
func (c *treeCache) compare(a, b oid.ID, path string) (ea, eb entry, err error) {
	ea = entry{mode: object.ModeTree, id: a}
	eb = entry{mode: object.ModeTree, id: b}
	if path == "" {
		return ea, eb, nil
	}
	for rest := path; ; {
		if ea == eb {
			// Same subtree: what lies below is the same too.
			return ea, eb, nil
		}
		name, tail, more := strings.Cut(rest, "/")
		if ea, err = c.child(ea, name); err != nil {
			return
		}
		if eb, err = c.child(eb, name); err != nil {
			return
		}
		if !more {
			return ea, eb, nil
		}
		rest = tail
	}
}

func (c *treeCache) child(e entry, name string) (entry, error) {
	if e.mode != object.ModeTree {
		return entry{}, nil
	}
	t, err := c.tree(e.id)
	if err != nil {
		return entry{}, err
	}
	mode, id, found, err := object.FindEntry(t, name)
	if err != nil {
		return entry{}, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", e.id, err)
	}
	if !found {
		return entry{}, nil
	}
	return entry{mode: mode, id: id}, nil
}

// lookup finds the entry at path in a tree.
func (c *treeCache) lookup(tree oid.ID, path string) (entry, error) {
	e := entry{mode: object.ModeTree, id: tree}
	if path == "" {
		return e, nil
	}
	for _, name := range strings.Split(path, "/") {
		var err error
		if e, err = c.child(e, name); err != nil || e.mode == 0 {
			return e, err
		}
	}
	return e, nil
}
