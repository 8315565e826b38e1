package historypane

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"context"
	"errors"
	"fmt"

	"reef/gitops"
	"reef/ui/syntax"
	"reef/ui/termtext"
)

// fileView is the whole file as of one version, with a line cursor and,
// while v is on, a range of selected lines.
type fileView struct {
	ver     version
	id      uint64
	cancel  context.CancelFunc
	loading bool
	err     error
	lines   []string
	spans   [][]syntax.Span
	binary  bool
	size    int
	widest  int // cells of the widest line
	// missing: the file does not exist in this version (the commit
	// deleted it).
	missing bool

	cursor, top, left int
	sel               int // the selection's other end (a line index); -1: none
}

// loadFile reads version v's whole file, unless it is shown already. The
// cursor stays on the same line number: paging through versions keeps
// the reader's place.
func (m Model) loadFile(v version) (Model, tea.Cmd) {
	tab := m.tab()
	if v == m.file.ver && (m.file.loading || m.file.err == nil) && !v.commit.IsZero() {
		return m, nil
	}
	if m.file.cancel != nil {
		m.file.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx())
	f := fileView{ver: v, id: m.seq.Next(), cancel: cancel, loading: true,
		cursor: m.file.cursor, top: m.file.top, left: m.file.left, sel: -1}
	m.file = f
	return m, contentCmd(ctx, m.env.Repo, f.id, v, tab)
}

// contentCmd reads and colours a version of the file.
func contentCmd(ctx context.Context, repo *gitops.Repo, id uint64, v version, tab int) tea.Cmd {
	return func() tea.Msg {
		data, err := fileAt(repo, v)
		if err != nil {
			return contentMsg{id: id, err: err}
		}
		msg := contentMsg{id: id, size: len(data)}
		if binaryData(data) {
			msg.binary = true
			return msg
		}
		msg.lines = splitLines(data)
		msg.widest = widest(msg.lines, tab)
		msg.spans = syntax.File(ctx, v.path, data)
		return msg
	}
}

// errMissing says the file is not in a version: the commit deleted it.
var errMissing = errors.New("the file does not exist in this version")

// fileAt reads path as of a commit.
func fileAt(repo *gitops.Repo, v version) ([]byte, error) {
	id, err := repo.Resolve(v.commit.String() + ":" + v.path)
	if err != nil {
		return nil, errMissing
	}
	return repo.Blob(id)
}

// loaded takes a content answer for the version shown.
func (f fileView) loaded(msg contentMsg) fileView {
	if msg.id != f.id {
		return f
	}
	f.loading, f.cancel = false, nil
	f.err = msg.err
	f.missing = errors.Is(msg.err, errMissing)
	f.lines, f.spans, f.binary, f.size, f.widest = msg.lines, msg.spans, msg.binary, msg.size, msg.widest
	return f
}

// ready reports whether the view has lines to move over.
func (f *fileView) ready() bool { return !f.loading && f.err == nil && !f.binary && len(f.lines) > 0 }

// selection is the selected range, 1-based and inclusive.
func (f *fileView) selection() (from, to int, ok bool) {
	if f.sel < 0 || !f.ready() {
		return 0, 0, false
	}
	a, b := f.sel, f.cursor
	if a > b {
		a, b = b, a
	}
	return a + 1, b + 1, true
}

// clamp keeps the cursor on a line and in a window of h lines.
func (f *fileView) clamp(h int) {
	h = max(h, 1)
	f.cursor = min(max(f.cursor, 0), max(len(f.lines)-1, 0))
	if f.sel >= len(f.lines) {
		f.sel = len(f.lines) - 1
	}
	if f.cursor < f.top {
		f.top = f.cursor
	}
	if f.cursor >= f.top+h {
		f.top = f.cursor - h + 1
	}
	f.top = max(min(f.top, len(f.lines)-h), 0)
	f.left = max(f.left, 0)
}

// view draws the file view in w×h: a title line, then numbered lines.
func (m Model) fileViewLines(w, h int, focused bool) []string {
	st := m.env.Styles
	f := &m.file
	title := m.detailTitle(fmt.Sprintf("%s @ %s", termtext.Clean(f.ver.path), m.env.Repo.ShortHash(f.ver.commit)), focused)
	switch {
	case f.loading:
		title += st.Muted.Render("  loading…")
	case f.ready():
		title += st.Muted.Render(fmt.Sprintf("  %d lines", len(f.lines)))
		if a, b, ok := f.selection(); ok {
			title += st.Info.Render(fmt.Sprintf("  lines %d–%d selected: enter lists the commits that changed them", a, b))
		}
	}
	out := []string{fitTo(title, w)}
	switch {
	case f.loading && len(f.lines) == 0:
		return out
	case f.missing:
		return append(out, fitTo(st.Muted.Render(" the file does not exist in this commit: it was deleted here (the row below is the last version)"), w))
	case f.err != nil:
		return append(out, fitTo(st.Danger.Render(" "+termtext.Clean(f.err.Error())), w))
	case f.binary:
		return append(out, fitTo(st.Muted.Render(fmt.Sprintf(" binary file, %d bytes", f.size)), w))
	case len(f.lines) == 0:
		return append(out, fitTo(st.Muted.Render(" empty file"), w))
	}
	numW := len(fmt.Sprint(len(f.lines)))
	textW := max(w-numW-3, 1)
	a, b, selecting := f.selection()
	for i := f.top; i < len(f.lines) && len(out) < h; i++ {
		num := st.Diff.LineNumber.Render(fmt.Sprintf("%*d", numW, i+1)) + st.Border.Render(" │ ")
		var spans []syntax.Span
		if i < len(f.spans) {
			spans = f.spans[i]
		}
		var look *lipgloss.Style
		switch {
		case focused && i == f.cursor:
			look = &st.Selected
		case selecting && i+1 >= a && i+1 <= b, !focused && i == f.cursor && m.focus == areaDetail:
			look = &st.SelectedBlur
		}
		out = append(out, num+codeLine(st, f.lines[i], spans, m.tab(), f.left, textW, look))
	}
	return out
}

// selectLines starts a line selection at the cursor (v), or ends it.
func (m Model) selectLines() (Model, tea.Cmd) {
	if !m.file.ready() {
		return m, nil
	}
	if m.file.sel >= 0 {
		return m.lineHistory()
	}
	m.file.sel = m.file.cursor
	return m, nil
}

// tab is the tab width files are drawn with.
func (m *Model) tab() int {
	if m.env.Diff.TabWidth > 0 {
		return m.env.Diff.TabWidth
	}
	return 4
}

// widest is the width of the widest line, drawn (once per file: h and l
// stop at it).
func widest(lines []string, tab int) int {
	w := 0
	for _, l := range lines {
		w = max(w, codeWidth(l, tab))
	}
	return w
}
