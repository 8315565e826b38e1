// Package app is reef's interactive program: a Bubble Tea model over the
// gitops repository model. Update never does I/O; it returns commands that
// call gitops and come back as messages.
package app

import (
	"context"
	"errors"
	"io"
	"sort"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

const pageSize = 200

// Model is the root model.
type Model struct {
	path string
	env  []string
	ctx  context.Context

	repo    *gitops.Repo
	head    gitops.HeadState
	decor   map[gitops.Hash][]string
	history *gitops.History
	gen     int

	rows    []gitops.LogEntry
	loading bool
	done    bool
	wantEnd bool // G pressed: keep loading until the end
	cursor  int
	top     int
	width   int
	height  int
	err     error
}

// New returns the model for the repository at path.
func New(ctx context.Context, path string, env []string) Model {
	return Model{ctx: ctx, path: path, env: env, loading: true, width: 80, height: 24}
}

// Init opens the repository in a command.
func (m Model) Init() tea.Cmd {
	return openRepo(m.ctx, m.path, m.env)
}

func openRepo(ctx context.Context, path string, env []string) tea.Cmd {
	return func() tea.Msg {
		repo, err := gitops.Open(path, gitops.Options{Env: env})
		if err != nil {
			return openedMsg{err: err}
		}
		head, err := repo.Head()
		if err != nil {
			return openedMsg{err: err}
		}
		refs, err := repo.Refs(ctx)
		if err != nil {
			return openedMsg{err: err}
		}
		decor := map[gitops.Hash][]string{}
		sort.Slice(refs, func(i, j int) bool {
			return refs[i].Kind < refs[j].Kind || refs[i].Kind == refs[j].Kind && refs[i].Short < refs[j].Short
		})
		for _, r := range refs {
			name := r.Short
			if r.Kind == gitops.RefTag {
				name = "tag: " + name
			}
			decor[r.Target] = append(decor[r.Target], name)
		}
		h, err := repo.Log(ctx, gitops.LogOptions{})
		return openedMsg{repo: repo, head: head, decor: decor, history: h, err: err}
	}
}

// nextPage reads one page in a command. The History is used by one
// command at a time: the model starts the next only when this one is back.
func nextPage(ctx context.Context, h *gitops.History, gen, n int) tea.Cmd {
	return func() tea.Msg {
		entries, err := h.Next(ctx, n)
		if errors.Is(err, io.EOF) {
			return pageMsg{gen: gen, entries: entries, done: true}
		}
		return pageMsg{gen: gen, entries: entries, err: err}
	}
}

// Update handles messages.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.clamp()
		return m, nil
	case openedMsg:
		if msg.err != nil {
			// Nothing to show: leave and let the caller print the error.
			m.err, m.loading = msg.err, false
			return m, tea.Quit
		}
		m.repo, m.head, m.decor, m.history = msg.repo, msg.head, msg.decor, msg.history
		m.gen++
		return m, nextPage(m.ctx, m.history, m.gen, pageSize)
	case pageMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.loading = false
		m.rows = append(m.rows, msg.entries...)
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		m.done = msg.done
		if m.wantEnd {
			m.cursor = len(m.rows) - 1
			m.clamp()
		}
		return m, m.maybeLoad()
	case tea.KeyPressMsg:
		return m.key(msg.String())
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelDown:
			m.move(3)
		case tea.MouseWheelUp:
			m.move(-3)
		}
		return m, m.maybeLoad()
	}
	return m, nil
}

func (m Model) key(k string) (tea.Model, tea.Cmd) {
	switch {
	case matches(logKeys[6], k):
		if m.repo != nil {
			m.repo.Close()
		}
		return m, tea.Quit
	case matches(logKeys[0], k):
		m.move(1)
	case matches(logKeys[1], k):
		m.move(-1)
	case matches(logKeys[2], k):
		m.move(m.listHeight() / 2)
	case matches(logKeys[3], k):
		m.move(-m.listHeight() / 2)
	case matches(logKeys[4], k):
		m.cursor, m.wantEnd = 0, false
		m.clamp()
	case matches(logKeys[5], k):
		m.wantEnd = !m.done
		m.cursor = len(m.rows) - 1
		m.clamp()
	}
	return m, m.maybeLoad()
}

func (m *Model) move(d int) {
	m.wantEnd = false
	m.cursor += d
	m.clamp()
}

func (m *Model) clamp() {
	if m.cursor >= len(m.rows) {
		m.cursor = len(m.rows) - 1
	}
	if m.cursor < 0 {
		m.cursor = 0
	}
	h := m.listHeight()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	if m.top < 0 {
		m.top = 0
	}
}

// maybeLoad asks for the next page when the cursor nears the end of what
// is loaded (or G asked for everything).
func (m *Model) maybeLoad() tea.Cmd {
	if m.history == nil || m.loading || m.done || m.err != nil {
		return nil
	}
	if !m.wantEnd && m.cursor < len(m.rows)-m.listHeight()*2 {
		return nil
	}
	m.loading = true
	n := pageSize
	if m.wantEnd {
		n = 5000
	}
	return nextPage(m.ctx, m.history, m.gen, n)
}

func (m Model) listHeight() int {
	h := m.height - 2 // title and footer
	if h < 1 {
		h = 1
	}
	return h
}

// Err is the error that stopped the program from showing history, if any.
func (m Model) Err() error { return m.err }
