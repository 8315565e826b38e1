package treediff

import (
	"context"
	"fmt"
	"runtime"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// Trees compares two trees (a zero id is the empty tree) and returns the
// changed files under ps, sorted by path, without rename detection.
// Subtrees with equal ids are never read, and no blob is read at all.
//
// Subtrees are compared on several goroutines (reading trees means
// inflating delta chains, which is most of the time), and the results
// put back in order.
func Trees(ctx context.Context, r Reader, a, b oid.ID, ps Pathspec) ([]Change, error) {
	if a == b {
		return nil, ctx.Err()
	}
	w := treeWalker{ctx: ctx, r: r, ps: ps.Clean()}
	if n := runtime.GOMAXPROCS(0); n > 1 {
		w.sem = make(chan struct{}, n)
	}
	var out []Change
	if err := w.diff("", a, b, len(w.ps) == 0, &out); err != nil {
		return nil, err
	}
	return out, nil
}

type treeWalker struct {
	ctx context.Context
	r   Reader
	ps  Pathspec
	sem chan struct{} // slots for walking subtrees concurrently; nil: sequential
}

// part is a run of changes in output order; a subtree walked on another
// goroutine fills its own part and closes done.
type part struct {
	changes []Change
	done    chan struct{}
	err     error
}

// readTree reads a tree object; the zero id is the empty tree.
func readTree(r Reader, id oid.ID, path string) ([]byte, error) {
	if id.IsZero() {
		return nil, nil
	}
	typ, data, err := r.Read(id)
	if err != nil {
		return nil, fmt.Errorf("read tree %s (%s): %w", id, displayDir(path), err)
	}
	if typ != odb.Tree {
		return nil, fmt.Errorf("%w: %s (%s) is a %s, not a tree: run `git fsck`", ErrCorrupt, id, displayDir(path), typ)
	}
	return data, nil
}

func displayDir(path string) string {
	if path == "" {
		return "top directory"
	}
	return path
}

// canonMode normalises a tree entry's mode as git does when it reads
// trees (old repositories hold modes like 100664).
func canonMode(m uint32) uint32 {
	switch modeType(m) {
	case 0o100000:
		if m&0o100 != 0 {
			return ModeExec
		}
		return ModeFile
	case 0o120000:
		return ModeSymlink
	case 0o040000:
		return ModeTree
	}
	return ModeGitlink
}

// entry is the current entry of a tree iterator.
type entry struct {
	it   *object.TreeIter
	ok   bool
	mode uint32
	dir  bool
}

func (e *entry) next() {
	e.ok = e.it.Next()
	if e.ok {
		e.mode = canonMode(e.it.Mode())
		e.dir = e.mode == ModeTree
	}
}

// treeCmp orders entries as git sorts trees: by name, a directory
// compared as if its name ended in '/'. This is also the bytewise order
// of the full paths below them.
func treeCmp(a []byte, aDir bool, b []byte, bDir bool) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	ca, cb := 0, 0
	switch {
	case len(a) > n:
		ca = int(a[n])
	case aDir:
		ca = '/'
	}
	switch {
	case len(b) > n:
		cb = int(b[n])
	case bDir:
		cb = '/'
	}
	return ca - cb
}

// diff compares the trees a and b found at prefix ("" or "dir/"). all
// says the pathspec selects everything below.
func (w *treeWalker) diff(prefix string, a, b oid.ID, all bool, out *[]Change) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	da, err := readTree(w.r, a, prefix)
	if err != nil {
		return err
	}
	db, err := readTree(w.r, b, prefix)
	if err != nil {
		return err
	}
	ea, eb := entry{it: object.NewTreeIter(da)}, entry{it: object.NewTreeIter(db)}
	ea.next()
	eb.next()
	parts := []*part{{}}
	for ea.ok || eb.ok {
		c := 0
		switch {
		case !ea.ok:
			c = 1
		case !eb.ok:
			c = -1
		default:
			c = treeCmp(ea.it.NameBytes(), ea.dir, eb.it.NameBytes(), eb.dir)
		}
		var name []byte
		if c <= 0 {
			name = ea.it.NameBytes()
		} else {
			name = eb.it.NameBytes()
		}
		switch {
		case c == 0 && ea.it.ID() == eb.it.ID() && ea.mode == eb.mode:
			// unchanged: the common case, decided without allocating
		case c == 0:
			parts = w.change(prefix, name, all, ea, eb, parts)
		case c < 0:
			parts = w.change(prefix, name, all, ea, entry{}, parts)
		default:
			parts = w.change(prefix, name, all, entry{}, eb, parts)
		}
		if c <= 0 {
			ea.next()
		}
		if c >= 0 {
			eb.next()
		}
	}
	if err := gather(parts, out); err != nil {
		return err
	}
	if err := ea.it.Err(); err != nil {
		return errCorruptTree(a, prefix, err)
	}
	if err := eb.it.Err(); err != nil {
		return errCorruptTree(b, prefix, err)
	}
	return nil
}

func errCorruptTree(id oid.ID, path string, err error) error {
	return fmt.Errorf("%w: tree %s (%s): %v: run `git fsck`", ErrCorrupt, id, displayDir(path), err)
}

// gather appends parts to out in order, waiting for concurrent ones, and
// returns the first error.
func gather(parts []*part, out *[]Change) error {
	var first error
	for _, p := range parts {
		if p.done != nil {
			<-p.done
		}
		if p.err != nil && first == nil {
			first = p.err
		}
		*out = append(*out, p.changes...)
	}
	return first
}

// change handles one name present on either side or both (an absent side
// has ok false), appending to the last of parts. Both present sides are of
// the same kind (dir or not). A subtree goes to another goroutine when a
// slot is free, else is walked here.
func (w *treeWalker) change(prefix string, name []byte, all bool, a, b entry, parts []*part) []*part {
	cur := parts[len(parts)-1]
	if cur.err != nil {
		return parts
	}
	path := prefix + string(name)
	isDir := a.ok && a.dir || b.ok && b.dir
	if !isDir {
		if all || w.ps.Match(path) {
			cur.changes = append(cur.changes, fileChange(path, a, b))
		}
		return parts
	}
	subAll := all
	if !all {
		var some bool
		if subAll, some = w.ps.Dir(path); !some {
			return parts
		}
	}
	var ida, idb oid.ID
	if a.ok {
		ida = a.it.ID()
	}
	if b.ok {
		idb = b.it.ID()
	}
	select {
	case w.sem <- struct{}{}:
		p := &part{done: make(chan struct{})}
		go func() {
			defer func() { <-w.sem; close(p.done) }()
			p.err = w.diff(path+"/", ida, idb, subAll, &p.changes)
		}()
		return append(parts, p, &part{})
	default: // no free slot (or sequential): walk it here
		cur.err = w.diff(path+"/", ida, idb, subAll, &cur.changes)
		return parts
	}
}

// fileChange describes a file present on either side or both.
func fileChange(path string, a, b entry) Change {
	c := Change{}
	if a.ok {
		c.Old = Side{Path: path, Mode: a.mode, ID: a.it.ID()}
	}
	if b.ok {
		c.New = Side{Path: path, Mode: b.mode, ID: b.it.ID()}
	}
	switch {
	case !a.ok:
		c.Status = Added
	case !b.ok:
		c.Status = Deleted
	default:
		c.Status = pairStatus(a.mode, b.mode)
	}
	return c
}
