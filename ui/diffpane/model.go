// Package diffpane is reef's diff pane: one file of a comparison at a
// time, side by side (old left, new right) or unified, syntax-coloured
// under the diff's own backgrounds, with hunk and file navigation,
// horizontal scroll or soft wrap, whitespace hiding and context expansion.
//
// A file is laid out once when it arrives (diffview.Doc); keys only move
// a window over it, and View draws just the rows on screen, so a key costs
// the same in a 5,000-line diff as in a 5-line one.
package diffpane

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/diffview"
	"reef/ui/pane"
	"reef/ui/styles"
)

// expandStep is how many lines of context each press of "more context"
// adds around every hunk.
const expandStep = 10

// Model is the diff pane. The zero value is unusable: make one with New.
type Model struct {
	env *pane.Env

	seq    pane.Seq
	want   uint64             // id of the request whose answer is wanted
	cancel context.CancelFunc // cancels that request's work

	src     pane.DiffSource
	files   []gitops.FileChange
	index   int
	patcher *gitops.Patcher // one per comparison and diff options

	// The file shown: its diff laid out, fitted to the pane, and the pens
	// it is drawn with (remade when the theme changes).
	doc        *diffview.Doc
	docIndex   int
	frame      diffview.Frame
	painter    *diffview.Painter
	painterFor *styles.Styles
	loading    bool
	err        error
	// anchor: the lines at the top before a reload of the same file.
	anchorOld, anchorNew int
	reanchor             bool

	width, height int // the pane, title line included
	sideBySide    bool
	wrap          bool
	ignoreWS      bool
	context       int // lines of context; 0: the configured default
	top, left     int // first screen row and first text column shown

	// Review findings of the comparison, marked in the gutter of the
	// file they are on; the line to show when its file arrives; the
	// finding line the message line speaks of.
	findings []iac.Finding
	// opened is the line the last Open asked for (see Shows).
	opened focus
	jump   jump
	focus  focus

	// Staging (opened by the Status screen): the cursor's and the
	// selection's anchor's rows in the view shown (-1: none), and where
	// the cursor goes when the file is laid out again (stage.go).
	staging     bool
	cursor, sel int
	curAnchor   cursorAnchor
}

// New returns an empty diff pane; Open gives it files.
func New(env *pane.Env) Model {
	m := Model{env: env, width: 80, height: 24, cursor: -1, sel: -1,
		sideBySide: env.Diff.SideBySide, wrap: env.Diff.Wrap, ignoreWS: env.Diff.IgnoreWS}
	m.painter, m.painterFor = newPainter(env.Styles), env.Styles
	return m
}

// newPainter makes the pens of a theme (reef's default colours without
// one); gutter marks take the theme's danger, warning and info colours.
func newPainter(st *styles.Styles) *diffview.Painter {
	if st == nil {
		p := diffview.NewPainter(diffview.DefaultStyles(true), nil)
		p.SetMarks(diffview.DefaultMarkStyles(true))
		return p
	}
	p := diffview.NewPainter(st.Diff, st.Syntax)
	p.SetMarks(diffview.MarkStyles{Danger: st.Danger, Warning: st.Warning, Info: st.Info})
	p.SetCursor(diffview.CursorStyles{Cursor: st.Selected, Blur: st.SelectedBlur, Selected: st.SelectedBlur})
	return p
}

// Open shows the files of a comparison, starting with Files[Index] (at
// msg.Line when given), with msg.Findings marked in the gutter. With
// msg.Staging the pane has a line cursor, on the file's first change;
// opening the same file of the same diff again (the Status screen does
// after staging) keeps it near the lines it was on instead.
func (m Model) Open(msg pane.OpenDiffMsg) (Model, tea.Cmd) {
	refresh := m.refreshes(msg)
	var a cursorAnchor
	if refresh {
		s := newSide // staging changed the index, the old side of this diff
		if m.src.Staged {
			s = oldSide // unstaging changed the index, its new side
		}
		a = m.anchor(s)
	}
	m.src, m.files = msg.Source, msg.Files
	m.index = min(max(msg.Index, 0), max(len(msg.Files)-1, 0))
	a.index = m.index
	m.findings = msg.Findings
	m.jump = jump{pending: msg.Line > 0, index: m.index, old: msg.OldSide, line: msg.Line}
	m.focus = focus{set: msg.Line > 0, index: m.index, old: msg.OldSide, line: msg.Line}
	m.opened = m.focus
	m.staging, m.sel, m.curAnchor = msg.Staging, -1, a
	m.patcher = nil
	m.err = nil
	if refresh {
		// The old diff stays on screen until the new one is laid out (the
		// staging keys wait for it), with the context the user chose.
		m.docIndex = m.index
	} else {
		m.context = 0
		m.doc, m.cursor = nil, -1
	}
	return m.load(false)
}

// refreshes reports whether msg reopens the file a staging pane shows,
// in the same diff (unstaged or staged).
func (m *Model) refreshes(msg pane.OpenDiffMsg) bool {
	if !msg.Staging || !m.staging || !m.shown() || len(msg.Files) == 0 {
		return false
	}
	i := min(max(msg.Index, 0), len(msg.Files)-1)
	return msg.Source.Staged == m.src.Staged && msg.Source.Unstaged == m.src.Unstaged &&
		msg.Files[i].NewPath == m.files[m.docIndex].NewPath
}

// SetSize sets the pane's size (title line included), as a
// tea.WindowSizeMsg sent to Update does.
func (m Model) SetSize(width, height int) Model {
	m.width, m.height = max(width, 1), max(height, 1)
	m.refit()
	return m
}

// diffOptions are the options the current patcher computes with.
func (m *Model) diffOptions() gitops.DiffOptions {
	o := gitops.DiffOptions{Context: m.context, IntraLine: true, MaxBytes: m.env.Diff.MaxBytes}
	if o.Context == 0 {
		o.Context = m.env.Diff.Context
	}
	if m.hideWhitespace() {
		// -w, as GitHub's "hide whitespace": also hides `terraform fmt`
		// realignment and "a=1" → "a = 1", not just indentation.
		o.Whitespace = gitops.IgnoreAllWhitespace
	}
	return o
}

// docOptions are the layout options of the current request: the file
// at index's findings are its marks.
func (m *Model) docOptions() diffview.DocOptions {
	return diffview.DocOptions{TabWidth: m.env.Diff.TabWidth, MaxBytes: m.env.Diff.MaxBytes, IgnoreWhitespace: m.hideWhitespace(),
		Marks: m.marks(m.index)}
}

// load asks for Files[index]. reload: the same file with other options,
// so the view stays at the lines it showed.
func (m Model) load(reload bool) (Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.err = nil
	if len(m.files) == 0 || m.env.Repo == nil {
		m.loading = false
		return m, nil
	}
	if m.patcher == nil {
		// One Patcher per comparison and options: files of the same
		// listing share its reads of attributes and the index.
		m.patcher = m.env.Repo.NewPatcher(m.diffOptions())
	}
	m.reanchor = reload && m.doc != nil && m.docIndex == m.index
	if m.reanchor {
		r, _, _ := m.frame.At(m.top)
		m.anchorOld, m.anchorNew = r.Old, r.New
		if m.staging {
			m.curAnchor = m.anchor(bothSides)
		}
	}
	ctx, cancel := context.WithCancel(m.ctx())
	m.cancel = cancel
	m.want = m.seq.Next()
	m.loading = true
	rq := request{id: m.want, index: m.index, fc: m.files[m.index], patcher: m.patcher, doc: m.docOptions()}
	return m, loadCmd(ctx, rq)
}

func (m *Model) ctx() context.Context {
	if m.env.Ctx != nil {
		return m.env.Ctx
	}
	return context.Background()
}

// show puts a laid-out file on screen.
func (m *Model) show(doc *diffview.Doc, index int, keepTop bool) {
	m.doc, m.docIndex = doc, index
	m.refit()
	switch {
	case keepTop:
	case m.reanchor:
		m.top = m.frame.Screen(doc.RowNear(m.frame.Options().SideBySide, m.anchorOld, m.anchorNew))
	default:
		m.top, m.left = 0, 0
	}
	m.reanchor = false
	m.clamp()
	if m.staging && !keepTop {
		m.placeCursor()
	}
}

// hideWhitespace reports whether the diff hides whitespace changes: never
// while staging, where the lines staged must be the lines shown.
func (m *Model) hideWhitespace() bool { return m.ignoreWS && !m.staging }

// effectiveSideBySide is whether the pane draws side by side now: when
// wanted and wide enough.
func (m *Model) effectiveSideBySide() bool {
	return m.sideBySide && m.width >= pane.MinSideBySide
}

// refit fits the doc to the pane's width and view, keeping the lines at
// the top of the window there.
func (m *Model) refit() {
	if m.doc == nil {
		m.frame = diffview.Frame{}
		return
	}
	o := diffview.FrameOptions{Width: m.width, SideBySide: m.effectiveSideBySide(), Wrap: m.wrap}
	if m.frame.Doc() == m.doc && m.frame.Options() == o {
		return
	}
	row := -1
	same := m.frame.Doc() == m.doc
	var cur diffview.Row
	if same {
		r, i, _ := m.frame.At(m.top)
		row = i
		if m.frame.Options().SideBySide != o.SideBySide {
			row = m.doc.RowNear(o.SideBySide, r.Old, r.New)
		}
		if m.hasCursor() {
			cur = m.rows()[m.cursor]
		}
	}
	viewChanged := same && m.frame.Options().SideBySide != o.SideBySide
	m.frame = m.doc.Frame(o)
	if row >= 0 {
		m.top = m.frame.Screen(row)
	}
	m.clamp()
	if m.staging && same && m.cursor >= 0 {
		if viewChanged {
			m.remapCursor(cur)
		}
		m.follow()
	}
}

// bodyHeight is the number of diff rows: under the title line, above the
// message line when the file has findings.
func (m *Model) bodyHeight() int {
	if m.hasMessageLine() {
		return max(m.height-2, 1)
	}
	return max(m.height-1, 1)
}

// maxTop is the furthest the window scrolls down: the last row at the
// bottom of the pane.
func (m *Model) maxTop() int {
	if m.doc == nil {
		return 0
	}
	return max(m.frame.Len()-m.bodyHeight(), 0)
}

func (m *Model) clamp() {
	m.top = min(max(m.top, 0), m.maxTop())
	if m.doc != nil {
		m.left = min(max(m.left, 0), m.frame.MaxLeft())
	}
}

// defaultContext is the context the configuration asks for.
func (m *Model) defaultContext() int {
	if m.env.Diff.Context > 0 {
		return m.env.Diff.Context
	}
	return 3
}
