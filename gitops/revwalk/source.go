// Package revwalk walks commit history in git's --date-order: children
// always before their parents and, among the commits whose children have all
// been shown, the newest first. With a commit-graph it reproduces git's
// incremental topological walk exactly (generation numbers say when every
// child of a commit has been counted); without one it streams in date order
// with a look-ahead window, so the first page never waits for the whole
// history (git itself walks everything first in that case).
package revwalk

import (
	"fmt"

	"reef/gitops/commitgraph"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// Source is where commits come from.
type Source struct {
	DB    *odb.DB
	Graph *commitgraph.Graph // nil when absent or unusable (replace refs, grafts)
	// Shallow commits are shown without parents, as git does.
	Shallow map[oid.ID]bool
	// Replace maps replaced commits to their replacements (refs/replace).
	Replace map[oid.ID]oid.ID
}

// header is what a walk needs of a commit.
type header struct {
	tree    oid.ID
	parents []oid.ID
	time    int64
	gen     int64             // generation (corrected date or level); 0 when not in the graph (infinite, as in git)
	ppos    []commitgraph.Pos // parents' graph positions, when inGraph
	pos     commitgraph.Pos   // its own, when inGraph
	inGraph bool
	raw     []byte // the commit object, when it had to be read
}

// ReadCommit reads a commit object, following tags and replacements.
func (s *Source) ReadCommit(id oid.ID) (*object.Commit, error) {
	data, err := s.commitInto(id, nil)
	if err != nil {
		return nil, err
	}
	c, err := object.ParseCommit(data)
	if err != nil {
		return nil, fmt.Errorf("commit %s is corrupt (%v): run `git fsck`", id, err)
	}
	if s.Shallow[id] {
		c.Parents = nil
	}
	return c, nil
}

// commitInto reads commit id (or its replacement): into a new slice when
// into is nil, else into *into, reused from one call to the next.
func (s *Source) commitInto(id oid.ID, into *[]byte) ([]byte, error) {
	if r, ok := s.Replace[id]; ok {
		id = r
	}
	var typ odb.Type
	var data []byte
	var err error
	if into == nil {
		typ, data, err = s.DB.Read(id)
	} else {
		typ, data, err = s.DB.ReadInto(id, into)
	}
	if err != nil {
		return nil, err
	}
	if typ != odb.Commit {
		return nil, fmt.Errorf("object %s is a %s, not a commit", id, typ)
	}
	return data, nil
}

func (s *Source) header(id oid.ID, buf []oid.ID) (header, error) {
	return s.headerInto(id, buf, nil)
}

// headerInto is header for a reader that keeps no commit text, when data
// is not nil: the commit is inflated into *data, reused from one call to
// the next, and the header's raw is nil. A walk shows few of the commits
// it reads, and reads those again (gitops does when an entry has no
// text); keeping every text was a sixth of what a follow walk allocated.
func (s *Source) headerInto(id oid.ID, buf []oid.ID, data *[]byte) (header, error) {
	if s.Graph != nil {
		if pos, ok := s.Graph.Lookup(id); ok {
			return s.graphHeader(pos, buf, nil)
		}
	}
	raw, err := s.commitInto(id, data)
	if err != nil {
		return header{}, err
	}
	h, err := object.ParseCommitHeader(raw, buf)
	if err != nil {
		return header{}, fmt.Errorf("commit %s is corrupt (%v): run `git fsck`", id, err)
	}
	out := header{tree: h.Tree, parents: h.Parents, time: h.Time}
	if data == nil {
		out.raw = raw
	}
	if s.Shallow[id] {
		out.parents = out.parents[:0]
	}
	return out, nil
}

// graphHeader reads a commit from the commit-graph; its parents and their
// positions are appended to buf and pbuf, which a walk reuses from one
// commit to the next rather than allocating two slices per commit.
func (s *Source) graphHeader(pos commitgraph.Pos, buf []oid.ID, pbuf []commitgraph.Pos) (header, error) {
	c, err := s.Graph.Commit(pos, pbuf)
	if err != nil {
		return header{}, err
	}
	h := header{tree: c.Tree, parents: buf[:0], time: c.Time, gen: int64(c.Generation), pos: pos, inGraph: true}
	if s.Graph.HasCorrectedDates() {
		h.gen = c.Corrected
	}
	if len(s.Shallow) > 0 && s.Shallow[s.Graph.ID(pos)] {
		return h, nil
	}
	h.ppos = c.Parents
	for _, p := range c.Parents {
		h.parents = append(h.parents, s.Graph.ID(p))
	}
	return h, nil
}
