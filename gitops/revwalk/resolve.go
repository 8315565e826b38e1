package revwalk

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// A follow walk's cost is reading one root tree per commit (every commit
// has its own) and the trees below it on the way to the path. Those reads
// do not depend on the walk's decisions, so they run ahead on other
// goroutines while the walk itself goes on: each commit's tree is a
// resolveJob, claimed by whichever goroutine gets to it first.

// resolveJob finds the entry at one path in one tree.
type resolveJob struct {
	tree  oid.ID
	path  string
	state atomic.Int32 // jobWaiting, jobClaimed, jobDone
	e     entry
	err   error
}

const (
	jobWaiting = iota
	jobClaimed
	jobDone
)

// claim takes the job when it is still waiting. The load first keeps the
// job's line shared while another goroutine has it: a compare-and-swap
// that fails still takes the line for writing.
func (j *resolveJob) claim() bool {
	return j.state.Load() == jobWaiting && j.state.CompareAndSwap(jobWaiting, jobClaimed)
}

func (j *resolveJob) run(r *resolver) {
	j.e, j.err = r.resolve(j.tree, j.path)
	j.state.Store(jobDone)
}

// resolver looks paths up in trees for one goroutine. It remembers, per
// subtree id and depth, where the rest of the path leads: neighbouring
// commits share almost every subtree, so only their root trees are read.
type resolver struct {
	db   *odb.DB
	path string
	memo map[memoKey]entry
	buf  []byte // the tree last read: only looked at before the next read
}

type memoKey struct {
	id    oid.ID
	depth int32
}

const memoLimit = 1 << 16

func newResolver(db *odb.DB) *resolver {
	return &resolver{db: db, memo: make(map[memoKey]entry)}
}

// resolve returns the entry at path in tree (mode 0 when absent), as
// treeCache.lookup does.
func (r *resolver) resolve(tree oid.ID, path string) (entry, error) {
	e := entry{mode: object.ModeTree, id: tree}
	if path == "" {
		return e, nil
	}
	if path != r.path || len(r.memo) >= memoLimit {
		r.path = path
		clear(r.memo)
	}
	var stack [16]memoKey
	seen := stack[:0]
	rest := path
	for depth := int32(0); ; depth++ {
		if e.mode != object.ModeTree {
			e = entry{}
			break
		}
		// Root trees are one per commit: remembering them would only
		// fill the map.
		if depth > 0 {
			k := memoKey{e.id, depth}
			if m, ok := r.memo[k]; ok {
				e = m
				break
			}
			seen = append(seen, k)
		}
		name, tail, more := strings.Cut(rest, "/")
		var err error
		if e, err = r.child(e.id, name); err != nil {
			return entry{}, err
		}
		if !more || e.mode == 0 {
			break
		}
		rest = tail
	}
	for _, k := range seen {
		r.memo[k] = e
	}
	return e, nil
}

func (r *resolver) child(tree oid.ID, name string) (entry, error) {
	typ, data, err := r.db.ReadInto(tree, &r.buf)
	if err != nil {
		return entry{}, err
	}
	if typ != odb.Tree {
		return entry{}, fmt.Errorf("object %s is a %s, not a tree", tree, typ)
	}
	mode, id, found, err := object.FindEntry(data, name)
	if err != nil {
		return entry{}, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", tree, err)
	}
	if !found {
		return entry{}, nil
	}
	return entry{mode: mode, id: id}, nil
}

// resolvers runs jobs on background goroutines for the length of one
// Next call, so that no goroutine outlives a walk that is dropped.
type resolvers struct {
	jobs chan *resolveJob
	quit atomic.Bool
	wg   sync.WaitGroup
	// path is the followed name: jobs for a name left behind at a rename
	// are skipped rather than resolved.
	path atomic.Pointer[string]
}

// maxWorkers bounds the background resolvers; one goroutine (the walk's
// own) is always busy ordering commits and helping.
const maxWorkers = 3

// startResolvers starts up to GOMAXPROCS-1 workers with the walker's
// per-worker resolvers; nil when there is no spare processor.
func (w *FileWalker) startResolvers() *resolvers {
	k := min(runtime.GOMAXPROCS(0)-1, maxWorkers)
	if k <= 0 {
		return nil
	}
	for len(w.workers) < k {
		w.workers = append(w.workers, newResolver(w.src.DB))
	}
	rs := &resolvers{jobs: make(chan *resolveJob, 4*followWindow)}
	rs.setPath(w.path)
	for i := 0; i < k; i++ {
		r := w.workers[i]
		rs.wg.Add(1)
		go func() {
			defer rs.wg.Done()
			for j := range rs.jobs {
				if rs.quit.Load() {
					return
				}
				if j.path == *rs.path.Load() && j.claim() {
					j.run(r)
				}
			}
		}()
	}
	return rs
}

func (rs *resolvers) setPath(path string) {
	if rs != nil {
		rs.path.Store(&path)
	}
}

// offer hands a job to the workers, unless they are busy enough already
// (the walk then resolves it itself when it gets there).
func (rs *resolvers) offer(j *resolveJob) {
	if rs == nil {
		return
	}
	select {
	case rs.jobs <- j:
	default:
	}
}

// stop ends the workers once the jobs they are running are done; jobs
// not started stay waiting for the walk or the next call's workers.
func (rs *resolvers) stop() {
	if rs == nil {
		return
	}
	rs.quit.Store(true)
	close(rs.jobs)
	rs.wg.Wait()
}
