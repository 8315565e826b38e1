package historypane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// Head is a file's history begun before the screen exists: reef history
// PATH reads the first page while the terminal is being set up, which
// took a fifth of the time to a big history's first screen. The screen
// takes the walk over with OpenHead.
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
	read := startCmd(ctx, repo, 0, walkSpec{path: path})
	go func() {
		defer close(h.done)
		h.msg = read().(pageMsg)
	}()
	return h
}

// Path is the file the head walks.
func (h *Head) Path() string { return h.path }

// Stop cancels the walk when no screen takes it.
func (h *Head) Stop() { h.cancel() }

// OpenHead opens the screen on h's file, its walk already under way.
func (m Model) OpenHead(h *Head) (Model, tea.Cmd) {
	m, _ = m.Open(h.path, gitops.Hash{})
	m.walk.stop() // the walk Open started: h's is the same
	m.walk.id, m.walk.ctx, m.walk.cancel = m.seq.Next(), h.ctx, h.cancel
	m.walk.loading = true
	id := m.walk.id
	return m, func() tea.Msg {
		<-h.done
		msg := h.msg
		msg.id = id
		return msg
	}
}
