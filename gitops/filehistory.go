package gitops

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"reef/gitops/graph"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
)

// FileHistoryOptions selects the history of some paths.
type FileHistoryOptions struct {
	Revs []string // as LogOptions.Revs; empty means HEAD
	All  bool
	// Paths are relative to the top of the work tree, slash-separated:
	// files or directories.
	Paths []string
	// Follow follows one file across renames (git log --follow).
	Follow bool
	Max    int
	// Graph lays out graph rows with parents rewritten to the nearest
	// commit shown, as git log --graph -- PATH does. It walks the whole
	// history before the first page.
	Graph bool
	// Soon makes Next return the commits found so far once this long has
	// passed, when it has found one (0: a page is always whole or the
	// end): a list fills as the walk goes. Having found none for a few
	// times that, Next returns an empty page, and Progress says how far
	// back the walk has searched.
	Soon time.Duration
}

// FileLogEntry is one commit of a file's history.
type FileLogEntry struct {
	Commit *Commit
	// Path is the file's name in this commit (it differs from the name
	// asked for when a rename was followed); OldPath is its name before
	// this commit when the commit renamed it.
	Path, OldPath string
	Row           graph.Row // set with FileHistoryOptions.Graph
}

// FileHistory is a paged path-limited history.
type FileHistory struct {
	r    *Repo
	walk *revwalk.FileWalker
	limit
	graph  bool
	queued []FileLogEntry // graph mode: everything, laid out
	layout *graph.Layout
}

// FileHistory starts the history of paths: with Follow, exactly git log
// --follow -- PATH; without, git log -- PATHS (default simplification).
func (r *Repo) FileHistory(ctx context.Context, o FileHistoryOptions) (*FileHistory, error) {
	if len(o.Paths) == 0 {
		return nil, fmt.Errorf("file history needs a path")
	}
	if o.Follow && len(o.Paths) != 1 {
		return nil, fmt.Errorf("--follow requires exactly one path")
	}
	for i, p := range o.Paths {
		clean := path.Clean("/" + strings.ReplaceAll(p, "\\", "/"))
		o.Paths[i] = strings.TrimPrefix(clean, "/")
	}
	src, err := r.source()
	if err != nil {
		return nil, err
	}
	opt, err := r.walkOptions(ctx, src, o.Revs, o.All)
	if err != nil {
		return nil, err
	}
	fo := revwalk.FileOptions{Include: opt.Include, Exclude: opt.Exclude, Paths: o.Paths, Follow: o.Follow, Visited: o.Graph, Soon: o.Soon}
	if o.Follow {
		fo.FindRename = r.findRenameSource
	}
	return &FileHistory{r: r, walk: revwalk.NewFileWalk(src, fo), limit: limit{max: o.Max}, graph: o.Graph}, nil
}

// Next returns up to n more commits; io.EOF at the end. With Soon it may
// return fewer, or none (with no error) while the walk finds nothing.
func (h *FileHistory) Next(ctx context.Context, n int) ([]FileLogEntry, error) {
	n, ok := h.room(n)
	if !ok {
		return nil, io.EOF
	}
	if h.graph {
		return h.nextGraph(ctx, n)
	}
	page, err := h.walk.Next(ctx, n)
	entries := make([]revwalk.Entry, len(page))
	for i := range page {
		entries[i] = page[i].Entry
	}
	commits, cerr := h.r.entryCommits(entries)
	if cerr != nil {
		return nil, cerr
	}
	out := make([]FileLogEntry, len(page))
	for i, e := range page {
		out[i] = FileLogEntry{Commit: commits[i], Path: e.Path, OldPath: e.OldPath}
	}
	if err := h.took(len(out), err); err != nil {
		return out, err
	}
	return out, nil
}

func (h *FileHistory) nextGraph(ctx context.Context, n int) ([]FileLogEntry, error) {
	if h.layout == nil {
		visited, err := h.walk.All(ctx)
		if err != nil {
			return nil, err
		}
		h.layout = graph.New()
		for _, e := range rewriteParents(visited) {
			c, err := h.r.entryCommit(e.Entry)
			if err != nil {
				return nil, err
			}
			h.queued = append(h.queued, FileLogEntry{Commit: c, Path: e.Path, OldPath: e.OldPath, Row: h.layout.Add(e.ID, e.Parents)})
		}
	}
	n = min(n, len(h.queued))
	out := h.queued[:n]
	h.queued = h.queued[n:]
	var err error
	if len(h.queued) == 0 {
		err = io.EOF
	}
	return out, h.took(n, err)
}

// Progress says how far the walk has got after the last Next: how many
// commits it has looked at, and the commit date it has searched back to
// (zero before the first).
func (h *FileHistory) Progress() (walked int, reached time.Time) {
	p := h.walk.Progress()
	if p.Walked > 0 {
		reached = time.Unix(p.Reached, 0)
	}
	return p.Walked, reached
}

// Pending is the graph row below the last entry returned (graph mode).
func (h *FileHistory) Pending() graph.Row {
	if h.layout == nil {
		return graph.Row{Node: -1}
	}
	return h.layout.Pending()
}

// rewriteParents keeps the shown commits and replaces each one's parents
// by the nearest shown ancestors along the walked (simplified) parents.
func rewriteParents(visited []revwalk.FileEntry) []revwalk.FileEntry {
	index := make(map[oid.ID]int, len(visited))
	for i, e := range visited {
		index[e.ID] = i
	}
	rep := make([][]oid.ID, len(visited))
	done := make([]bool, len(visited))
	var resolve func(i int) []oid.ID
	resolve = func(root int) []oid.ID {
		// Iterative post-order: histories are long chains.
		stack := []int{root}
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			if done[i] {
				stack = stack[:len(stack)-1]
				continue
			}
			ready := true
			for _, p := range visited[i].Parents {
				if j, ok := index[p]; ok && !done[j] && !visited[j].Shown {
					stack = append(stack, j)
					ready = false
				}
			}
			if !ready {
				continue
			}
			var set []oid.ID
			for _, p := range visited[i].Parents {
				j, ok := index[p]
				if !ok {
					continue
				}
				if visited[j].Shown {
					set = appendUnique(set, p)
					continue
				}
				for _, q := range rep[j] {
					set = appendUnique(set, q)
				}
			}
			rep[i], done[i] = set, true
			stack = stack[:len(stack)-1]
		}
		return rep[root]
	}
	var out []revwalk.FileEntry
	for i, e := range visited {
		if !e.Shown {
			continue
		}
		e.Parents = resolve(i)
		out = append(out, e)
	}
	return out
}

func appendUnique(s []oid.ID, id oid.ID) []oid.ID {
	for _, x := range s {
		if x == id {
			return s
		}
	}
	return append(s, id)
}

func (r *Repo) allTips(opt *revwalk.Options) error {
	list, err := r.refs.List("refs/")
	if err != nil {
		return err
	}
	for _, ref := range list {
		if !strings.HasPrefix(ref.Name, "refs/heads/") && !strings.HasPrefix(ref.Name, "refs/remotes/") &&
			!strings.HasPrefix(ref.Name, "refs/tags/") {
			continue
		}
		id, err := r.refs.Resolve(ref.Name)
		if err != nil {
			continue // dangling symbolic ref
		}
		if !r.db.Has(id) {
			return danglingRef(ref.Name, id)
		}
		id, typ, err := r.peel(id)
		if err != nil {
			return fmt.Errorf("%s: %w", ref.Name, err)
		}
		if typ == 1 {
			opt.Include = append(opt.Include, id)
		}
	}
	if h, err := r.refs.Head(); err == nil && !h.Unborn {
		opt.Include = append(opt.Include, h.ID)
	}
	return nil
}
