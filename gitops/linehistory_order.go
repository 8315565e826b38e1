package gitops

import (
	"context"
	"fmt"

	"reef/gitops/commitgraph"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// lineHeader is what the line walk needs of a commit.
type lineHeader struct {
	tree    oid.ID
	parents []oid.ID
	pos     commitgraph.Pos
	inGraph bool
}

// header reads a commit's tree and parents, from the commit-graph when it
// has the commit. A commit is read twice (as a parent, then processed),
// so the last few are kept.
func (h *LineHistory) header(id oid.ID) (lineHeader, error) {
	if hd, ok := h.headers[id]; ok {
		return hd, nil
	}
	hd, err := h.readHeader(id)
	if err != nil {
		return hd, err
	}
	if h.headers == nil || len(h.headers) >= 4096 {
		h.headers = make(map[oid.ID]lineHeader)
	}
	h.headers[id] = hd
	return hd, nil
}

func (h *LineHistory) readHeader(id oid.ID) (lineHeader, error) {
	if g := h.src.Graph; g != nil {
		if pos, ok := g.Lookup(id); ok {
			c, err := g.Commit(pos, nil)
			if err != nil {
				return lineHeader{}, err
			}
			hd := lineHeader{tree: c.Tree, pos: pos, inGraph: true, parents: make([]oid.ID, len(c.Parents))}
			for i, p := range c.Parents {
				hd.parents[i] = g.ID(p)
			}
			return hd, nil
		}
	}
	real := id
	if r, ok := h.src.Replace[id]; ok {
		real = r
	}
	typ, data, err := h.r.db.Read(real)
	if err != nil {
		return lineHeader{}, err
	}
	if typ != odb.Commit {
		return lineHeader{}, fmt.Errorf("object %s is a %s, not a commit", real, typ)
	}
	ch, err := object.ParseCommitHeader(data, nil)
	if err != nil {
		return lineHeader{}, fmt.Errorf("commit %s is corrupt (%v): run `git fsck`", id, err)
	}
	hd := lineHeader{tree: ch.Tree, parents: ch.Parents}
	if h.src.Shallow[id] {
		hd.parents = nil
	}
	return hd, nil
}

// topoOrder is the order git log -L walks the history in: git's
// --topo-order for one starting commit. A commit comes out once all its
// children have, and the commits ready to come out wait on a stack, so
// after a merge its last parent's line comes first (git's
// REV_SORT_IN_GRAPH_ORDER). The order of two lines of history depends on
// every commit around them, so this reads the whole history, as git does
// before its first line without a commit-graph.
func (h *LineHistory) topoOrder(ctx context.Context) ([]oid.ID, error) {
	type node struct {
		id      oid.ID
		parents []int32
		indeg   int32 // children not yet out
	}
	var nodes []node
	index := map[oid.ID]int32{}
	intern := func(id oid.ID) int32 {
		if n, ok := index[id]; ok {
			return n
		}
		n := int32(len(nodes))
		nodes = append(nodes, node{id: id})
		index[id] = n
		return n
	}
	intern(h.start)
	for i := 0; i < len(nodes); i++ {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		hd, err := h.readHeader(nodes[i].id)
		if err != nil {
			return nil, err
		}
		ps := make([]int32, len(hd.parents))
		for k, p := range hd.parents {
			n := intern(p)
			ps[k] = n
			nodes[n].indeg++
		}
		nodes[i].parents = ps
	}
	order := make([]oid.ID, 0, len(nodes))
	stack := []int32{0}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, nodes[c].id)
		for _, p := range nodes[c].parents {
			if nodes[p].indeg--; nodes[p].indeg == 0 {
				stack = append(stack, p)
			}
		}
	}
	return order, nil
}
