package gitops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"reef/gitops/graph"
	"reef/gitops/object"
	"reef/gitops/revwalk"
)

// LogOptions selects the commits of a history.
type LogOptions struct {
	// Revs are revisions and ranges as git log takes them: "main",
	// "^old", "a..b", "a...b". Empty means HEAD.
	Revs []string
	// All starts from every branch, remote branch and tag, plus HEAD.
	All bool
	// Max stops after this many commits (0: no limit).
	Max int
}

// LogEntry is one row of a history: the commit and its graph row.
type LogEntry struct {
	Commit *Commit
	Row    graph.Row
}

// History is a paged walk in git's --date-order. Pages are laid out in
// the graph as they come; rows already returned never change. It is not
// safe for concurrent use (the UI owns one per pane and runs Next in a
// command).
type History struct {
	r      *Repo
	walk   *revwalk.Walker
	layout *graph.Layout
	skewed int
	limit
	// Graph says whether the walk is ordered by the commit-graph file.
	Graph bool
}

// Log starts a history walk. Nothing is read beyond the starting refs
// until Next. An unborn branch gives an empty history, not an error.
func (r *Repo) Log(ctx context.Context, o LogOptions) (*History, error) {
	src, err := r.source()
	if err != nil {
		return nil, err
	}
	opt, err := r.walkOptions(ctx, src, o.Revs, o.All)
	if err != nil {
		return nil, err
	}
	return &History{r: r, walk: revwalk.New(src, opt), layout: graph.New(), limit: limit{max: o.Max}, Graph: src.Graph != nil}, nil
}

// walkOptions turns revisions and ranges (and --all) into a walk's start
// and stop points. No revision means HEAD; an unborn HEAD means nothing.
func (r *Repo) walkOptions(ctx context.Context, src *revwalk.Source, revs []string, all bool) (revwalk.Options, error) {
	var opt revwalk.Options
	if all {
		if err := r.allTips(&opt); err != nil {
			return opt, err
		}
	} else if len(revs) == 0 {
		revs = []string{"HEAD"}
	}
	for _, rev := range revs {
		if err := r.addRev(ctx, src, rev, &opt); err != nil {
			if errors.Is(err, ErrUnborn) && rev == "HEAD" {
				continue
			}
			return opt, err
		}
	}
	return opt, nil
}

// resolvePair resolves the two ends of a range; an empty end is HEAD.
func (r *Repo) resolvePair(a, b string) (Hash, Hash, error) {
	ia, err := r.ResolveCommit(orHead(a))
	if err != nil {
		return ia, ia, err
	}
	ib, err := r.ResolveCommit(orHead(b))
	return ia, ib, err
}

func (r *Repo) addRev(ctx context.Context, src *revwalk.Source, rev string, opt *revwalk.Options) error {
	if a, b, ok := strings.Cut(rev, "..."); ok {
		ia, ib, err := r.resolvePair(a, b)
		if err != nil {
			return err
		}
		bases, err := revwalk.MergeBases(ctx, src, ia, ib)
		if err != nil {
			return err
		}
		opt.Include = append(opt.Include, ia, ib)
		opt.Exclude = append(opt.Exclude, bases...)
		return nil
	}
	if a, b, ok := strings.Cut(rev, ".."); ok {
		ia, ib, err := r.resolvePair(a, b)
		if err != nil {
			return err
		}
		opt.Include = append(opt.Include, ib)
		opt.Exclude = append(opt.Exclude, ia)
		return nil
	}
	if ex, ok := strings.CutPrefix(rev, "^"); ok {
		id, err := r.ResolveCommit(ex)
		if err != nil {
			return err
		}
		opt.Exclude = append(opt.Exclude, id)
		return nil
	}
	id, err := r.ResolveCommit(rev)
	if err != nil {
		return err
	}
	opt.Include = append(opt.Include, id)
	return nil
}

func orHead(s string) string {
	if s == "" {
		return "HEAD"
	}
	return s
}

// Next returns up to n more entries; io.EOF once the history is exhausted.
func (h *History) Next(ctx context.Context, n int) ([]LogEntry, error) {
	n, ok := h.room(n)
	if !ok {
		return nil, io.EOF
	}
	page, err := h.walk.Next(ctx, n)
	commits, cerr := h.r.entryCommits(page)
	if cerr != nil {
		return nil, cerr
	}
	out := make([]LogEntry, len(page))
	for i, e := range page {
		out[i] = LogEntry{Commit: commits[i], Row: h.layout.Add(e.ID, e.Parents)}
	}
	err = h.took(len(out), err)
	if h.done && h.walk != nil {
		// The walk's state is the size of the history: let it go.
		h.skewed, h.walk = h.walk.Skewed(), nil
	}
	if err != nil {
		return out[:len(out):len(out)], err
	}
	return out, nil
}

// Skewed reports commits found after one of their parents was shown
// (clock skew beyond the walk's look-ahead, only without a commit-graph).
func (h *History) Skewed() int {
	if h.walk == nil {
		return h.skewed
	}
	return h.walk.Skewed()
}

// entryCommits reads a page's commits, spread over the CPUs: inflating
// commit objects is most of the cost of showing a page.
func (r *Repo) entryCommits(page []revwalk.Entry) ([]*Commit, error) {
	out := make([]*Commit, len(page))
	workers := min(runtime.GOMAXPROCS(0), (len(page)+31)/32)
	if workers <= 1 {
		for i, e := range page {
			c, err := r.entryCommit(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(page) || errs[w] != nil {
					return
				}
				out[i], errs[w] = r.entryCommit(page[i])
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// entryCommit parses the commit a walk read anyway, or reads it.
func (r *Repo) entryCommit(e revwalk.Entry) (*Commit, error) {
	if c := r.cache.get(e.ID); c != nil {
		return c, nil
	}
	if e.Raw == nil {
		return r.Commit(e.ID)
	}
	oc, err := object.ParseCommit(e.Raw)
	if err != nil {
		return nil, fmt.Errorf("commit %s is corrupt (%v): run `git fsck`", e.ID, err)
	}
	c := r.commitValue(e.ID, oc)
	c.Parents = e.Parents
	r.cache.put(e.ID, c)
	return c, nil
}

// Pending is the graph row below the last commit returned: the lanes still
// waiting for a commit, for drawing continuation lines (a multi-line
// message under a commit, or history beyond the loaded page).
func (h *History) Pending() graph.Row { return h.layout.Pending() }
