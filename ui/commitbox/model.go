// Package commitbox is the commit message box: a subject line with a
// 50/72 guide, a body wrapped at 72 columns, ctrl+s to commit and esc to
// close keeping the draft. While the commit runs it shows the hooks'
// output as it comes; a failing hook leaves that output on screen with
// the error, and the message as it was.
package commitbox

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/keys"
	"reef/ui/pane"
)

// Subject and body guides: git's tools show 50 columns of a subject in
// one-line views and cut past 72; bodies wrap at 72.
const (
	SubjectGuide = 50
	SubjectMax   = 72
	BodyWidth    = 72
)

// state is what the box is doing.
type state int

const (
	editing   state = iota
	loading         // the draft is being read
	running         // a commit runs: hooks' output streams in
	editorRun       // a commit through the editor runs
)

// Model is the box. The zero value is closed; make one with New.
type Model struct {
	env     *pane.Env
	environ []string
	seq     pane.Seq
	run     uint64 // the commit run or draft load whose answers are wanted
	stream  *stream

	state   state
	amend   bool
	head    string // HEAD's short hash (the commit amended)
	branch  string
	subject textinput.Model
	body    textarea.Model
	inBody  bool
	out     output
	err     error  // the last commit's failure, shown under the output
	note    string // a problem reading the draft
	editor  string // the editor a commit through the editor runs
	// kept is the text the box had when it was last closed.
	kept    string
	hasKept bool
	width   int
	height  int
}

// CommittedMsg says a commit was made; the root closes the box.
type CommittedMsg struct {
	Result gitops.CommitResult
	Amend  bool
}

// ClosedMsg says the box closed without committing (its draft saved).
type ClosedMsg struct{ Err error }

// New returns a closed box; Open opens it.
func New(env *pane.Env, environ []string) Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = "Subject: what the change does, in the imperative"
	tst := ti.Styles()
	tst.Cursor.Blink = false
	ti.SetStyles(tst)
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.Placeholder = "Body: why, and what a reviewer should know"
	ast := textarea.DefaultStyles(env.Styles == nil || env.Styles.Dark)
	ast.Cursor.Blink = false
	ast.Focused.CursorLine = ast.Focused.Text
	ta.SetStyles(ast)
	return Model{env: env, environ: environ, subject: ti, body: ta, width: 80, height: 20}
}

// Open starts the box from the draft git would offer (CommitDraft):
// for an amend, HEAD's message, titled "amending <short hash>".
func (m Model) Open(amend bool) (Model, tea.Cmd) {
	m.state, m.amend, m.err, m.out, m.note = loading, amend, nil, output{}, ""
	m.head, m.branch = "", ""
	m.run = m.seq.Next()
	load := loadDraft(m.ctx(), m.env.Repo, m.run, amend)
	if m.hasKept {
		// Closed earlier in this session: its text at once, not the
		// file's (whose save may still be on its way); the load only
		// names the commit in the title.
		m.state, m.inBody = editing, false
		m.SetMessage(m.kept)
		m.body.Blur()
		return m, tea.Batch(load, m.subject.Focus())
	}
	return m, load
}

// OpenEditor commits through the editor git would run: pre-commit and
// prepare-commit-msg run first (their output shown here), then the
// program gives the terminal to the editor, then the commit is made.
func (m Model) OpenEditor() (Model, tea.Cmd) {
	m.state, m.amend, m.err, m.out = editorRun, false, nil, output{}
	m.run = m.seq.Next()
	m.stream = newStream()
	return m, prepare(m.ctx(), m.env.Repo, m.run, m.stream)
}

func (m *Model) ctx() context.Context {
	if m.env.Ctx != nil {
		return m.env.Ctx
	}
	return context.Background()
}

// SetSize sets the size the box may take (the screen's body).
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 20), max(h, 8)
	iw := m.innerWidth()
	m.subject.SetWidth(max(iw-1, 10))
	m.body.SetWidth(min(BodyWidth, iw-2))
	m.body.SetHeight(m.bodyRows())
}

// Busy reports whether a commit is running (keys other than quitting
// wait for it).
func (m Model) Busy() bool { return m.state == running || m.state == editorRun }

// Amending reports whether the box amends HEAD.
func (m Model) Amending() bool { return m.amend }

// Message is the text a commit would take: the subject, a blank line
// and the body.
func (m Model) Message() string {
	subject := strings.TrimSpace(m.subject.Value())
	body := strings.TrimRight(m.body.Value(), " \n")
	if body == "" {
		return subject + "\n"
	}
	return subject + "\n\n" + body + "\n"
}

// SetMessage fills the box: the first line is the subject, the rest
// (after one blank line) the body.
func (m *Model) SetMessage(text string) {
	subject, body, _ := strings.Cut(strings.TrimLeft(text, "\n"), "\n")
	m.subject.SetValue(subject)
	m.body.SetValue(strings.TrimRight(strings.TrimPrefix(body, "\n"), "\n"))
	m.subject.CursorEnd()
}

// Err is the last failure shown in the box.
func (m Model) Err() error { return m.err }

// Output is the hook output shown, line by line.
func (m Model) Output() []string { return m.out.all() }

// Keys are the box's bindings, with why they do nothing now.
func (m Model) Keys() []keys.Binding {
	out := m.env.Keys.In(keys.Commit)
	for i := range out {
		switch {
		case m.Busy():
			out[i].Disabled = "the commit is running"
		case m.state == loading:
			out[i].Disabled = "the draft is being read"
		case out[i].ID == "commit.submit" && strings.TrimSpace(m.subject.Value()) == "":
			out[i].Disabled = "write a subject first"
		}
	}
	return out
}
