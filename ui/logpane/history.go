package logpane

import (
	"context"
	"errors"
	"io"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/graph"
)

// row is one line of the commit list: a commit and its graph row (no
// graph row when the list is a path filter's file history).
type row struct {
	commit *gitops.Commit
	graph  graph.Row
	path   string // for file history: the file's name in this commit
}

type decoration struct {
	name string
	kind gitops.RefKind
	head bool
}

// pager is the history a list reads from: the whole log, or the history
// of a path while a path filter is on. Exactly one command uses it at a
// time: the model sends the next request only when the last is answered.
type pager interface {
	next(ctx context.Context, n int) ([]row, error)
}

type logPager struct{ h *gitops.History }

func (p logPager) next(ctx context.Context, n int) ([]row, error) {
	entries, err := p.h.Next(ctx, n)
	out := make([]row, len(entries))
	for i, e := range entries {
		out[i] = row{commit: e.Commit, graph: e.Row}
	}
	return out, err
}

type filePager struct{ h *gitops.FileHistory }

func (p filePager) next(ctx context.Context, n int) ([]row, error) {
	entries, err := p.h.Next(ctx, n)
	out := make([]row, len(entries))
	for i, e := range entries {
		out[i] = row{commit: e.Commit, path: e.Path}
	}
	return out, err
}

// loadRefs reads HEAD and the refs that decorate rows.
func loadRefs(ctx context.Context, repo *gitops.Repo, req uint64) tea.Cmd {
	return func() tea.Msg {
		head, err := repo.Head()
		if err != nil {
			return refsMsg{req: req, err: err}
		}
		refs, err := repo.Refs(ctx)
		if err != nil {
			return refsMsg{req: req, err: err}
		}
		// HEAD's branch first, then tags, branches, remotes, by name.
		sort.SliceStable(refs, func(i, j int) bool {
			if refs[i].Head != refs[j].Head {
				return refs[i].Head
			}
			if rank(refs[i].Kind) != rank(refs[j].Kind) {
				return rank(refs[i].Kind) < rank(refs[j].Kind)
			}
			return refs[i].Short < refs[j].Short
		})
		decor := map[gitops.Hash][]decoration{}
		for _, r := range refs {
			if r.Kind == gitops.RefRemote && strings.HasSuffix(r.Short, "/HEAD") {
				continue
			}
			decor[r.Target] = append(decor[r.Target], decoration{name: r.Short, kind: r.Kind, head: r.Head})
		}
		if head.Detached && !head.Unborn {
			decor[head.ID] = append([]decoration{{name: "HEAD", kind: gitops.RefOther, head: true}}, decor[head.ID]...)
		}
		return refsMsg{req: req, head: head, decor: decor}
	}
}

func rank(k gitops.RefKind) int {
	switch k {
	case gitops.RefTag:
		return 0
	case gitops.RefBranch:
		return 1
	case gitops.RefRemote:
		return 2
	}
	return 3
}

// startLog begins the history walk from every ref and HEAD (what a
// reviewer wants to see: branches waiting to be merged) and reads the
// first page.
func startLog(ctx context.Context, repo *gitops.Repo, req uint64, n int) tea.Cmd {
	return func() tea.Msg {
		h, err := repo.Log(ctx, gitops.LogOptions{All: true})
		if err != nil {
			return pageMsg{req: req, err: err}
		}
		return firstPage(ctx, logPager{h}, req, n)
	}
}

// startFileLog begins a path filter's file history.
func startFileLog(ctx context.Context, repo *gitops.Repo, req uint64, path string, n int) tea.Cmd {
	return func() tea.Msg {
		h, err := repo.FileHistory(ctx, gitops.FileHistoryOptions{Paths: []string{path}, Follow: true})
		if err != nil {
			return pageMsg{req: req, err: err}
		}
		return firstPage(ctx, filePager{h}, req, n)
	}
}

// pagerMsg hands the pager to the model with its first page.
type pagerMsg struct {
	pageMsg
	p pager
}

func firstPage(ctx context.Context, p pager, req uint64, n int) tea.Msg {
	msg := readPage(ctx, p, req, n)
	return pagerMsg{pageMsg: msg, p: p}
}

func nextPage(ctx context.Context, p pager, req uint64, n int) tea.Cmd {
	return func() tea.Msg { return readPage(ctx, p, req, n) }
}

func readPage(ctx context.Context, p pager, req uint64, n int) pageMsg {
	entries, err := p.next(ctx, n)
	if errors.Is(err, io.EOF) {
		return pageMsg{req: req, entries: entries, done: true}
	}
	return pageMsg{req: req, entries: entries, err: err}
}
