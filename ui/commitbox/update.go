package commitbox

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// Update handles the box's keys and the answers to its work.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case draftMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.head, m.branch = msg.head, msg.branch
		if m.state != loading {
			return m, nil
		}
		m.state = editing
		m.note = ""
		if msg.err != nil {
			m.note = "the draft could not be read (" + msg.err.Error() + "): starting empty"
		}
		m.SetMessage(msg.text)
		m.inBody = false
		m.body.Blur()
		return m, m.subject.Focus()
	case OutputMsg:
		if msg.run != m.run {
			return m, nil
		}
		m.out.add(msg.text)
		return m, read(m.ctx(), m.run, m.stream)
	case stepMsg:
		if msg.run != m.run {
			return m, nil
		}
		return m.step(msg.val)
	case editedMsg:
		if msg.run != m.run {
			return m, nil
		}
		if msg.err != nil {
			m.state = editing
			m.err = fmt.Errorf("the editor failed (%v): nothing was committed", msg.err)
			return m, m.focusField()
		}
		return m, finish(m.ctx(), m.env.Repo, m.run, m.stream, msg.p)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

// step handles the end of a step of a commit run.
func (m Model) step(v any) (Model, tea.Cmd) {
	switch v := v.(type) {
	case prepared:
		if v.err != nil {
			return m.failed(v.err)
		}
		m.editor = v.editor
		return m, edit(v.editor, m.env.Repo.WorkTree(), m.environ, m.run, v.p)
	case done:
		if v.err != nil {
			if v.message != "" {
				m.SetMessage(v.message)
			}
			return m.failed(v.err)
		}
		m.state = editing
		m.kept, m.hasKept = "", false
		amend := m.amend
		return m, func() tea.Msg { return CommittedMsg{Result: v.res, Amend: amend} }
	case error:
		return m.failed(v)
	}
	return m, nil
}

// failed shows a commit's failure under its output, back in the editor.
func (m Model) failed(err error) (Model, tea.Cmd) {
	m.state = editing
	m.err = err
	var he *gitops.HookError
	if errors.As(err, &he) && len(m.out.all()) == 0 && he.Output != "" {
		// The hook's output did not stream (or came only in the error):
		// show it all the same.
		m.out.add(he.Output)
	}
	return m, m.focusField()
}

func (m *Model) focusField() tea.Cmd {
	if m.inBody {
		m.subject.Blur()
		return m.body.Focus()
	}
	m.body.Blur()
	return m.subject.Focus()
}

func (m Model) key(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m.Busy() || m.state == loading {
		return m, nil
	}
	ks := m.env.Keys
	k := msg.String()
	switch {
	case ks.Is("commit.cancel", k):
		return m.Close()
	case ks.Is("commit.submit", k):
		if strings.TrimSpace(m.subject.Value()) == "" {
			m.err = errors.New("write a subject first: git refuses an empty message")
			return m, nil
		}
		m.state, m.err, m.out = running, nil, output{}
		m.run = m.seq.Next()
		m.stream = newStream()
		o := gitops.CommitOptions{Message: m.Message(), Amend: m.amend}
		return m, commit(m.ctx(), m.env.Repo, m.run, m.stream, o)
	case ks.Is("commit.next-field", k), k == "enter" && !m.inBody:
		m.inBody = !m.inBody
		return m, m.focusField()
	}
	var cmd tea.Cmd
	if m.inBody {
		m.body, cmd = m.body.Update(msg)
	} else {
		m.subject, cmd = m.subject.Update(msg)
	}
	return m, cmd
}

// draft is the box's text to keep ("" when the box is empty).
func (m Model) draft() string {
	if strings.TrimSpace(m.subject.Value()) == "" && strings.TrimSpace(m.body.Value()) == "" {
		return ""
	}
	return m.Message()
}

// Closable reports whether esc closes the box now (not while a commit
// runs or the draft loads).
func (m Model) Closable() bool { return !m.Busy() && m.state != loading }

// Close keeps the draft (for the next Open, and saved for the next
// start) and closes the box, as esc does; quitting with the box open runs
// it before leaving.
func (m Model) Close() (Model, tea.Cmd) {
	m.kept, m.hasKept = m.draft(), true
	return m, saveDraft(m.env.Repo, m.kept)
}
