package historypane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// Head is a file's history begun before the screen exists: reef history
// PATH reads the first page while the terminal is being set up, and the
// walk begins about 10 ms after the process starts instead of 20-28. The
// screen takes the walk over with OpenHead.
type Head struct {
	path   string
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	msg    pageMsg
}

// StartHead starts reading the history of path (from the top of the work
// tree) from HEAD, on its own goroutine.
func StartHead(ctx context.Context, repo *gitops.Repo, path string) *Head {
	ctx, cancel := context.WithCancel(ctx)
	h := &Head{path: path, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	read := startCmd(ctx, repo, 0, walkSpec{path: path}, slowWalk)
	go func() {
		defer close(h.done)
		h.msg = read().(pageMsg)
	}()
	return h
}

// Path is the file the head walks.
func (h *Head) Path() string { return h.path }

// OpenHead opens the screen on h's file, its walk already under way: the
// first page comes with the id of this screen's walk.
func (m Model) OpenHead(h *Head) (Model, tea.Cmd) {
	m = m.reset(h.path, gitops.Hash{})
	m.walk = walk{spec: walkSpec{path: h.path}, id: m.seq.Next(), ctx: h.ctx, cancel: h.cancel, loading: true}
	id := m.walk.id
	return m, func() tea.Msg {
		<-h.done
		msg := h.msg
		msg.id = id
		return msg
	}
}
