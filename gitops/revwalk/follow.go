package revwalk

import (
	"context"
	"io"
	"runtime"
	"time"

	"reef/gitops/oid"
)

// followWindow is how many commits a follow walk orders ahead of the one
// it decides on. With --follow every parent is walked whatever is decided,
// so the order is known early and the trees of the commits ahead can be
// read on other goroutines meanwhile.
const followWindow = 512

// nextFollow is Next for git log --follow: commits are popped into a
// window in walk order (parents queued as they are popped, exactly as
// visit does), their trees are resolved at the path ahead of time, and
// decisions are made in order at the front of the window.
func (w *FileWalker) nextFollow(ctx context.Context, n int) ([]FileEntry, error) {
	w.rs = w.startResolvers()
	pf := w.startPrefetch()
	defer func() {
		w.stopPrefetch(pf)
		w.rs.stop()
		w.rs = nil
	}()
	// Jobs an earlier call left waiting go to this call's workers.
	for _, c := range w.win {
		if j := w.nodes[c].job; j != nil && j.state.Load() == jobWaiting {
			w.rs.offer(j)
		}
	}
	var out []FileEntry
	start := time.Now()
	for steps := 0; len(out) < n; steps++ {
		if steps%256 == 255 {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			if returnSoon(w.o.Soon, start, len(out)) {
				return out, nil
			}
		}
		if w.err == nil {
			w.fill()
		}
		if len(w.win) == 0 {
			if w.err != nil {
				return out, w.err
			}
			break
		}
		c := w.win[0]
		w.win = w.win[1:]
		if w.helped > 0 {
			w.helped--
		}
		e, show, err := w.decide(ctx, c)
		if err != nil {
			w.err, w.win = err, nil
			return out, err
		}
		w.walked(c)
		if show || w.o.Visited {
			e.Shown = show
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		if w.err != nil {
			return nil, w.err
		}
		return nil, io.EOF
	}
	return out, nil
}

// fill pops commits into the window, queues their parents as visit does
// and asks for the trees their decision will need.
func (w *FileWalker) fill() {
	for len(w.win) < followWindow && w.queue.len() > 0 && w.err == nil {
		c := w.queue.pop().node
		w.win = append(w.win, c)
		np := len(w.nodes[c].parents)
		if w.nodes[c].unint {
			for i := range np {
				pn := w.parent(c, i)
				w.nodes[pn].unint = true
				w.push(pn)
			}
			w.nodes[c].raw = nil
			continue
		}
		for i := range np {
			w.push(w.parent(c, i))
		}
		if w.err != nil {
			return
		}
		switch np {
		case 0:
			w.job(c)
		case 1:
			if !w.bloomSame(c) {
				w.job(c)
				w.job(w.parent(c, 0))
			}
		}
	}
}

// bloomSame reports whether the commit-graph's filter says commit c did
// not change the followed path.
func (w *FileWalker) bloomSame(c int32) bool {
	nd := &w.nodes[c]
	return w.bloom && nd.inGraph && !w.src.Graph.MaybeChanged(nd.pos, w.keys[0])
}

// job returns the job resolving node n's tree at the current path,
// making and offering one when there is none yet for that path.
func (w *FileWalker) job(n int32) *resolveJob {
	nd := &w.nodes[n]
	if nd.job == nil || nd.job.path != w.path {
		nd.job = w.newJob(nd.tree, w.path)
		w.rs.offer(nd.job)
	}
	return nd.job
}

// newJob makes a job in a block of them: a follow walk makes one or two
// per commit, and allocating them one by one was a good part of its
// garbage. Workers hold jobs only while the walk does.
func (w *FileWalker) newJob(tree oid.ID, path string) *resolveJob {
	if len(w.jobs) == 0 {
		w.jobs = make([]resolveJob, 256)
	}
	j := &w.jobs[0]
	w.jobs = w.jobs[1:]
	j.tree, j.path = tree, path
	return j
}

// entryAt waits for node n's entry at the current path, resolving it
// here when no worker has started it, and helping with the jobs ahead
// while a worker finishes it.
func (w *FileWalker) entryAt(n int32) (entry, error) {
	j := w.job(n)
	if j.claim() {
		j.run(w.own)
	}
	for j.state.Load() != jobDone {
		if !w.helpOne() {
			// A worker is a few microseconds from done: no need to
			// sleep on a channel for it.
			runtime.Gosched()
		}
	}
	return j.e, j.err
}

// helpOne runs one waiting job of the window; false when none is left.
// It helps from the middle of the window on: the workers take jobs in
// order from the front, and neighbouring trees share a delta chain, which
// two goroutines would otherwise rebuild at once.
func (w *FileWalker) helpOne() bool {
	w.helped = max(w.helped, len(w.win)/2)
	for pass := 0; pass < 2; pass++ {
		for ; w.helped < len(w.win); w.helped++ {
			if j := w.nodes[w.win[w.helped]].job; j != nil && j.path == w.path && j.claim() {
				w.helped++
				j.run(w.own)
				return true
			}
		}
		w.helped = 0
	}
	w.helped = len(w.win)
	return false
}

// decide applies git log --follow's rule to commit c.
func (w *FileWalker) decide(ctx context.Context, c int32) (FileEntry, bool, error) {
	nd := w.nodes[c]
	if nd.unint {
		return FileEntry{Entry: Entry{ID: nd.id}}, false, nil
	}
	e := FileEntry{Path: w.path}
	show := false
	switch len(nd.parents) {
	case 0:
		cur, err := w.entryAt(c)
		if err != nil {
			return e, false, err
		}
		show = cur.mode != 0
	case 1:
		p := w.parent(c, 0)
		if err := w.load(p); err != nil {
			return e, false, err
		}
		if w.bloomSame(c) {
			break
		}
		old, err := w.entryAt(p)
		if err != nil {
			return e, false, err
		}
		cur, err := w.entryAt(c)
		if err != nil {
			return e, false, err
		}
		if old == cur {
			break
		}
		show = true
		from, ok, err := renamedFrom(ctx, w.o.FindRename, old, cur, w.nodes[p].tree, nd.tree, w.path)
		if err != nil {
			return e, false, err
		}
		if ok {
			e.OldPath = from
			w.path = from
			w.setKeys()
			w.rs.setPath(from)
		}
	default:
		// Merges show no diff without -m, so git log --follow never
		// shows them.
	}
	e.Entry = Entry{ID: nd.id, Parents: nd.parents, Time: nd.time, Raw: nd.raw}
	w.nodes[c].raw = nil
	return e, show, nil
}

// renamedFrom applies git log --follow's rename rule to a commit that
// changed the followed path: when the path appears in it (absent from its
// parent), the name it had before, if the commit renamed it.
func renamedFrom(ctx context.Context, find func(ctx context.Context, parentTree, tree oid.ID, path string) (string, bool, error),
	old, cur entry, parentTree, tree oid.ID, path string) (string, bool, error) {
	if old.mode != 0 || cur.mode == 0 || find == nil {
		return "", false, nil
	}
	return find(ctx, parentTree, tree, path)
}
