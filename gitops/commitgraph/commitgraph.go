// Package commitgraph reads git's commit-graph file (and split chains): the
// parents, commit time and generation number of every commit in one mapped
// table, so a walk can reach the first page of history without inflating
// thousands of commit objects. go-git does not read it.
package commitgraph

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/internal/mapped"
	"reef/gitops/oid"
)

const (
	parentNone  = 0x70000000
	parentEdge  = 0x80000000
	lastEdge    = 0x80000000
	cdatRecord  = oid.Size + 16
	chunkRecord = 12
)

// Graph is a loaded commit-graph: one file or a chain of layers.
type Graph struct {
	layers []*layer // base first
	total  int
	// generations are usable only if every layer has non-zero levels.
	genOK bool
	// corrected: every layer has generation data v2 (GDA2).
	corrected bool
}

type layer struct {
	path   string
	data   []byte
	base   int // global position of this layer's first commit
	count  int
	fanout []byte
	oids   []byte
	cdat   []byte
	edges  []byte
	bidx   []byte
	bdat   []byte
	bloomK uint32
	bloomV uint32 // murmur version: 1 (git <= 2.39) or 2
	gda2   []byte // corrected commit date offsets, 4 bytes each
	gdo2   []byte // 8-byte overflow offsets
}

// Pos is a commit's position in the graph (0-based over all layers).
type Pos uint32

// Commit is a commit as the graph records it.
type Commit struct {
	Tree       oid.ID
	Parents    []Pos
	Time       int64  // committer time
	Generation uint32 // topological level: 1 for roots, 1 + max of parents otherwise
	// Corrected is the corrected commit date (generation number v2): the
	// commit time raised to exceed every parent's; 0 without GDA2.
	Corrected int64
}

// CorruptError reports a commit-graph file that cannot be trusted.
type CorruptError struct {
	Path string
	What string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("commit-graph file %s is corrupt (%s): delete it or run `git commit-graph write --reachable`", e.Path, e.What)
}

// ErrNone means the repository has no commit-graph.
var ErrNone = errors.New("no commit-graph")

// Open loads objectsDir/info/commit-graph, or else the chain in
// objectsDir/info/commit-graphs, as git does. ErrNone when neither exists.
func Open(objectsDir string) (*Graph, error) {
	single := filepath.Join(objectsDir, "info", "commit-graph")
	if data, err := mapped.Map(single); err == nil {
		l, err := parseLayer(single, data, 0)
		if err != nil {
			mapped.Unmap(data)
			return nil, err
		}
		return newGraph([]*layer{l}), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, &CorruptError{single, err.Error()}
	}
	chainDir := filepath.Join(objectsDir, "info", "commit-graphs")
	chainFile := filepath.Join(chainDir, "commit-graph-chain")
	f, err := os.Open(chainFile)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, ErrNone
		}
		return nil, &CorruptError{chainFile, err.Error()}
	}
	defer f.Close()
	var layers []*layer
	base := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		h := strings.TrimSpace(sc.Text())
		if h == "" {
			continue
		}
		if _, err := oid.FromHex(h); err != nil {
			closeLayers(layers)
			return nil, &CorruptError{chainFile, "bad line " + h}
		}
		path := filepath.Join(chainDir, "graph-"+h+".graph")
		data, err := mapped.Map(path)
		if err != nil {
			closeLayers(layers)
			return nil, &CorruptError{path, "missing layer of the chain"}
		}
		l, err := parseLayer(path, data, base)
		if err != nil {
			mapped.Unmap(data)
			closeLayers(layers)
			return nil, err
		}
		layers = append(layers, l)
		base += l.count
	}
	if len(layers) == 0 {
		return nil, ErrNone
	}
	return newGraph(layers), nil
}

func closeLayers(ls []*layer) {
	for _, l := range ls {
		mapped.Unmap(l.data)
	}
}

func newGraph(layers []*layer) *Graph {
	g := &Graph{layers: layers, genOK: true, corrected: true}
	for _, l := range layers {
		g.total += l.count
		// Old writers left all levels zero ("generation not computed").
		if l.count > 0 && l.generation(0) == 0 {
			g.genOK = false
		}
		if len(l.gda2) != l.count*4 {
			g.corrected = false
		}
	}
	return g
}

// Close unmaps the files.
func (g *Graph) Close() { closeLayers(g.layers) }

// Len is the number of commits in the graph.
func (g *Graph) Len() int { return g.total }

// HasGenerations reports whether generation numbers can order a walk.
func (g *Graph) HasGenerations() bool { return g.genOK }

// HasCorrectedDates reports whether every layer records corrected commit
// dates (generation numbers v2, which git writes by default since 2.36).
// They order walks far better than topological levels when a branch with
// few commits carries recent dates: git uses them when present.
func (g *Graph) HasCorrectedDates() bool { return g.corrected }

func parseLayer(path string, d []byte, base int) (*layer, error) {
	bad := func(what string) error { return &CorruptError{path, what} }
	if len(d) < 8+chunkRecord+oid.Size {
		return nil, bad("too small")
	}
	if !bytes.Equal(d[:4], []byte("CGPH")) {
		return nil, bad("bad signature")
	}
	if d[4] != 1 {
		return nil, bad(fmt.Sprintf("unsupported version %d", d[4]))
	}
	if d[5] != 1 {
		return nil, bad("not a SHA-1 graph")
	}
	nChunks := int(d[6])
	l := &layer{path: path, data: d, base: base}
	if 8+(nChunks+1)*chunkRecord > len(d) {
		return nil, bad("truncated chunk table")
	}
	end := uint64(len(d) - oid.Size)
	for i := 0; i < nChunks; i++ {
		rec := d[8+i*chunkRecord:]
		next := d[8+(i+1)*chunkRecord:]
		id := string(rec[:4])
		off := binary.BigEndian.Uint64(rec[4:12])
		noff := binary.BigEndian.Uint64(next[4:12])
		if off > noff || noff > end || off < uint64(8+(nChunks+1)*chunkRecord) {
			return nil, bad("chunk " + id + " out of bounds")
		}
		chunk := d[off:noff]
		switch id {
		case "OIDF":
			l.fanout = chunk
		case "OIDL":
			l.oids = chunk
		case "CDAT":
			l.cdat = chunk
		case "EDGE":
			l.edges = chunk
		case "BIDX":
			l.bidx = chunk
		case "GDA2":
			l.gda2 = chunk
		case "GDO2":
			l.gdo2 = chunk
		case "BDAT":
			l.bdat = chunk
		}
	}
	if len(l.fanout) != 256*4 || l.oids == nil || l.cdat == nil {
		return nil, bad("required chunk missing")
	}
	l.count = int(binary.BigEndian.Uint32(l.fanout[255*4:]))
	if len(l.oids) != l.count*oid.Size || len(l.cdat) != l.count*cdatRecord {
		return nil, bad("chunk sizes do not match the commit count")
	}
	prev := uint32(0)
	for i := 0; i < 256; i++ {
		v := binary.BigEndian.Uint32(l.fanout[i*4:])
		if v < prev {
			return nil, bad("fanout not sorted")
		}
		prev = v
	}
	if l.bidx != nil && l.bdat != nil && len(l.bidx) == l.count*4 && len(l.bdat) >= 12 {
		l.bloomV = binary.BigEndian.Uint32(l.bdat[0:4])
		l.bloomK = binary.BigEndian.Uint32(l.bdat[4:8])
		if bits := binary.BigEndian.Uint32(l.bdat[8:12]); l.bloomK == 0 || bits == 0 || (l.bloomV != 1 && l.bloomV != 2) {
			l.bidx, l.bdat = nil, nil
		}
	} else {
		l.bidx, l.bdat = nil, nil
	}
	return l, nil
}

func (l *layer) find(id *oid.ID) (int, bool) {
	lo := 0
	if id[0] > 0 {
		lo = int(binary.BigEndian.Uint32(l.fanout[int(id[0]-1)*4:]))
	}
	hi := int(binary.BigEndian.Uint32(l.fanout[int(id[0])*4:]))
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c := bytes.Compare(l.oids[mid*oid.Size:mid*oid.Size+oid.Size], id[:])
		switch {
		case c == 0:
			return mid, true
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

func (l *layer) generation(i int) uint32 {
	rec := l.cdat[i*cdatRecord+oid.Size+8:]
	return binary.BigEndian.Uint32(rec) >> 2
}

// Lookup finds a commit's position.
func (g *Graph) Lookup(id oid.ID) (Pos, bool) {
	for i := len(g.layers) - 1; i >= 0; i-- {
		l := g.layers[i]
		if j, ok := l.find(&id); ok {
			return Pos(l.base + j), true
		}
	}
	return 0, false
}

func (g *Graph) layerOf(p Pos) (*layer, int) {
	for i := len(g.layers) - 1; i >= 0; i-- {
		l := g.layers[i]
		if int(p) >= l.base {
			return l, int(p) - l.base
		}
	}
	return g.layers[0], int(p)
}

// ID returns the commit id at p.
func (g *Graph) ID(p Pos) oid.ID {
	l, i := g.layerOf(p)
	return oid.FromBytes(l.oids[i*oid.Size : i*oid.Size+oid.Size])
}

// Commit reads the record at p; parents are appended to buf's storage.
func (g *Graph) Commit(p Pos, buf []Pos) (Commit, error) {
	if int(p) >= g.total {
		return Commit{}, &CorruptError{g.layers[0].path, "position out of range"}
	}
	l, i := g.layerOf(p)
	rec := l.cdat[i*cdatRecord : (i+1)*cdatRecord]
	c := Commit{Tree: oid.FromBytes(rec[:oid.Size]), Parents: buf[:0]}
	p1 := binary.BigEndian.Uint32(rec[oid.Size:])
	p2 := binary.BigEndian.Uint32(rec[oid.Size+4:])
	w := binary.BigEndian.Uint32(rec[oid.Size+8:])
	lo := binary.BigEndian.Uint32(rec[oid.Size+12:])
	c.Generation = w >> 2
	c.Time = int64(w&3)<<32 | int64(lo)
	if g.corrected {
		off := binary.BigEndian.Uint32(l.gda2[i*4:])
		if off&0x80000000 != 0 {
			j := int(off &^ 0x80000000)
			if (j+1)*8 > len(l.gdo2) {
				return Commit{}, &CorruptError{l.path, "generation overflow out of range"}
			}
			c.Corrected = c.Time + int64(binary.BigEndian.Uint64(l.gdo2[j*8:]))
		} else {
			c.Corrected = c.Time + int64(off)
		}
	}
	bad := func(what string) (Commit, error) { return Commit{}, &CorruptError{l.path, what} }
	if p1 != parentNone {
		if int(p1) >= g.total {
			return bad("parent position out of range")
		}
		c.Parents = append(c.Parents, Pos(p1))
	}
	switch {
	case p2 == parentNone:
	case p2&parentEdge == 0:
		if int(p2) >= g.total {
			return bad("parent position out of range")
		}
		c.Parents = append(c.Parents, Pos(p2))
	default:
		e := int(p2 &^ parentEdge)
		for {
			if (e+1)*4 > len(l.edges) {
				return bad("edge list out of range")
			}
			v := binary.BigEndian.Uint32(l.edges[e*4:])
			if int(v&^lastEdge) >= g.total {
				return bad("parent position out of range")
			}
			c.Parents = append(c.Parents, Pos(v&^lastEdge))
			if v&lastEdge != 0 {
				break
			}
			e++
		}
	}
	return c, nil
}
