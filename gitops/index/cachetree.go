package index

import (
	"bytes"
	"strings"

	"reef/gitops/oid"
)

// TreeNode is one directory of the cache tree: the tree object the index
// entries under Path would be written as, if still valid.
type TreeNode struct {
	Path string // slash-separated, no trailing slash; "" is the root
	// EntryCount is the number of index entries the tree covers (the range
	// Index.DirRange(Path)), or -1 when the node is invalid: an entry below
	// it changed since the tree was written, and ID is zero.
	EntryCount int
	Subtrees   int // number of child directories recorded
	ID         oid.ID
}

// Valid reports whether ID is the tree of the index entries under Path.
func (n TreeNode) Valid() bool { return n.EntryCount >= 0 }

// CacheTree is the TREE extension: for each directory recorded, the tree id
// its index entries hash to. A valid node whose ID equals the HEAD tree at
// the same path means nothing under it is staged, so a status can skip it.
// Directories git never recorded (or dropped) are absent.
type CacheTree struct {
	nodes  []TreeNode
	byPath map[string]int
}

// Lookup returns the node for directory dir ("" for the root, no trailing
// slash) in constant time.
func (t *CacheTree) Lookup(dir string) (TreeNode, bool) {
	i, ok := t.byPath[dir]
	if !ok {
		return TreeNode{}, false
	}
	return t.nodes[i], true
}

// Nodes returns every node in file order: a directory before its
// subdirectories, the root first. The slice must not be modified.
func (t *CacheTree) Nodes() []TreeNode { return t.nodes }

// Len is the number of directories recorded.
func (t *CacheTree) Len() int { return len(t.nodes) }

// minTreeNode is the smallest encoding of a node: NUL, "-1 0\n".
const minTreeNode = 6

// parseCacheTree decodes the TREE extension. Each node is its name relative
// to its parent, NUL, "<entry count> <subtree count>\n", and the tree id when
// the count is not negative; its subtrees follow it, depth first. It returns
// nil for a malformed extension, which git also discards silently (the cache
// tree is only a shortcut: without it everything gets compared).
func parseCacheTree(b []byte) *CacheTree {
	if len(b) == 0 || b[0] != 0 { // the root has an empty name
		return nil
	}
	t := &CacheTree{byPath: make(map[string]int, len(b)/32+1)}
	// Full paths are gathered in one string (appending never changes what
	// was written, so a parent's path stays valid while children copy it).
	var paths strings.Builder
	paths.Grow(2 * len(b))
	type frame struct {
		path string
		left int // subtrees still to read
	}
	stack := []frame{{left: 1}} // a virtual parent expecting the root
	p := 0
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.left == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		top.left--
		nul := bytes.IndexByte(b[p:], 0)
		if nul < 0 {
			return nil
		}
		start := paths.Len()
		if top.path != "" {
			paths.WriteString(top.path)
			paths.WriteByte('/')
		}
		paths.Write(b[p : p+nul])
		path := paths.String()[start:]
		p += nul + 1
		count, n := atoi(b[p:], ' ')
		if n == 0 {
			return nil
		}
		p += n
		subtrees, n := atoi(b[p:], '\n')
		if n == 0 || subtrees < 0 || subtrees > (len(b)-p)/minTreeNode {
			return nil
		}
		p += n
		node := TreeNode{Path: path, EntryCount: -1, Subtrees: subtrees}
		if count >= 0 {
			if len(b)-p < oid.Size {
				return nil
			}
			node.EntryCount = count
			node.ID = oid.ID(b[p : p+oid.Size])
			p += oid.Size
		}
		if _, dup := t.byPath[path]; dup {
			return nil
		}
		t.byPath[path] = len(t.nodes)
		t.nodes = append(t.nodes, node)
		if subtrees > 0 {
			stack = append(stack, frame{path: path, left: subtrees})
		}
	}
	return t
}

// atoi parses an optionally negative decimal number of at most 9 digits
// followed by term. n counts the bytes consumed including term; 0 means
// malformed.
func atoi(b []byte, term byte) (v, n int) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		n = 1
	}
	digits := 0
	for ; n < len(b) && '0' <= b[n] && b[n] <= '9'; n++ {
		if digits++; digits > 9 {
			return 0, 0
		}
		v = v*10 + int(b[n]-'0')
	}
	if digits == 0 || n >= len(b) || b[n] != term {
		return 0, 0
	}
	if neg {
		v = -v
	}
	return v, n + 1
}
