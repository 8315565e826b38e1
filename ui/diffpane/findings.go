package diffpane

import (
	"fmt"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/diffview"
	"reef/ui/pane"
	"reef/ui/termtext"
)

// jumpContext is how many lines a jump to a line leaves above it.
const jumpContext = 3

// maxJumpContext bounds the context a jump adds to bring an unchanged
// line into view; past it the pane shows the nearest hunk and says so.
const maxJumpContext = 500

// jump is a line to show once its file is laid out.
type jump struct {
	pending  bool
	index    int // the file
	old      bool
	line     int
	expanded bool // context was added once to bring the line into a hunk
}

// focus is the finding line the message line speaks of first, while it is
// on screen.
type focus struct {
	set   bool
	index int
	old   bool
	line  int
}

// severityLevel is the gutter colour of a finding's severity.
func severityLevel(s iac.Severity) diffview.MarkLevel {
	switch {
	case s >= iac.High:
		return diffview.MarkDanger
	case s == iac.Medium:
		return diffview.MarkWarning
	}
	return diffview.MarkInfo
}

// onFile reports whether a finding is about a listed file: by its new
// path, or its old one (a deleted or renamed file's resolved finding).
func onFile(f iac.Finding, fc gitops.FileChange) bool {
	return f.Path == fc.NewPath || f.Path == fc.OldPath
}

// marks are the gutter marks of the file at index: one per finding on
// it, on the old side for resolved findings. Mark.ID indexes m.findings.
func (m *Model) marks(index int) []diffview.Mark {
	if len(m.findings) == 0 || index < 0 || index >= len(m.files) {
		return nil
	}
	fc := m.files[index]
	var out []diffview.Mark
	for i, f := range m.findings {
		if onFile(f, fc) {
			out = append(out, diffview.Mark{Old: f.State == iac.Resolved, Line: f.Line, Level: severityLevel(f.Severity), ID: i})
		}
	}
	return out
}

// hasMessageLine reports whether the file shown has findings, and so a
// message line at the bottom of the pane.
func (m *Model) hasMessageLine() bool {
	return m.doc != nil && m.docIndex == m.index && m.doc.HasMarks() && m.height > 2
}

// land scrolls to the pending jump's line once its file is shown. When
// the line is unchanged and outside every hunk, it reloads the file once
// with enough context to show it (reloading reports true).
func (m Model) land() (Model, tea.Cmd, bool) {
	j := m.jump
	if !j.pending || m.doc == nil || j.index != m.docIndex {
		return m, nil, false
	}
	sbs := m.frame.Options().SideBySide
	if row, ok := m.doc.RowOf(sbs, j.old, j.line); ok {
		m.jump.pending = false
		m.top = m.frame.Screen(row) - jumpContext
		m.clamp()
		return m, nil, false
	}
	if need := m.doc.ContextFor(j.old, j.line); !j.expanded && need > 0 && need <= maxJumpContext {
		m.jump.expanded = true
		m.context = max(m.context, m.defaultContext()) + need
		m.patcher = nil
		mm, cmd := m.load(false)
		return mm, cmd, true
	}
	m.jump.pending = false
	old, new := 0, j.line
	if j.old {
		old, new = j.line, 0
	}
	m.top = m.frame.Screen(m.doc.RowNear(sbs, old, new)) - jumpContext
	m.clamp()
	return m, nil, false
}

// window is the range of Doc rows on screen.
func (m *Model) window() (first, last int) {
	_, first, _ = m.frame.At(m.top)
	_, last, _ = m.frame.At(m.top + m.bodyHeight() - 1)
	return first, last
}

// focusRow is the row of the focused finding's line, if it is marked in
// the file shown.
func (m *Model) focusRow() (int, bool) {
	if !m.focus.set || m.focus.index != m.docIndex || m.doc == nil {
		return 0, false
	}
	return m.doc.MarkRow(m.frame.Options().SideBySide, m.focus.old, m.focus.line)
}

// shownMarks are the marks the message line speaks of: those of the
// focused line while it is on screen, else those of the first marked row
// on screen.
func (m *Model) shownMarks() []diffview.Mark {
	sbs := m.frame.Options().SideBySide
	first, last := m.window()
	if r, ok := m.focusRow(); ok && r >= first && r <= last {
		return m.doc.MarksAt(sbs, r)
	}
	rows := m.doc.MarkedRows(sbs)
	if i := sort.SearchInts(rows, first); i < len(rows) && rows[i] <= last {
		return m.doc.MarksAt(sbs, rows[i])
	}
	return nil
}

// nextFinding moves the focus to the next (or previous) marked row and
// scrolls to it when it is off screen.
func (m *Model) nextFinding(back bool) bool {
	r, ok := m.findingRow(back)
	if !ok {
		return false
	}
	mk := m.doc.MarksAt(m.frame.Options().SideBySide, r)[0]
	m.focus = focus{set: true, index: m.docIndex, old: mk.Old, line: mk.Line}
	if y := m.frame.Screen(r); y < m.top || y >= m.top+m.bodyHeight() {
		m.top = y - jumpContext
		m.clamp()
	}
	return true
}

// findingRow is the marked row after (before) the focused one when it is
// on screen, else after the row above the window (before its first row).
func (m *Model) findingRow(back bool) (int, bool) {
	if m.doc == nil || m.docIndex != m.index {
		return 0, false
	}
	rows := m.doc.MarkedRows(m.frame.Options().SideBySide)
	first, last := m.window()
	cur := first - 1
	if back {
		cur = first
	}
	if r, ok := m.focusRow(); ok && r >= first && r <= last {
		cur = r
	}
	if back {
		i := sort.SearchInts(rows, cur) - 1
		if i >= 0 {
			return rows[i], true
		}
		return 0, false
	}
	i := sort.SearchInts(rows, cur+1)
	if i < len(rows) {
		return rows[i], true
	}
	return 0, false
}

// messageLine is the pane's last line when the file has findings: the
// finding on the focused or first marked line on screen, or how many the
// file has.
func (m Model) messageLine(width int) string {
	st := m.env.Styles
	pick := func(f func() lipgloss.Style) lipgloss.Style {
		if st == nil {
			return lipgloss.NewStyle()
		}
		return f()
	}
	muted := pick(func() lipgloss.Style { return st.Muted })
	text := pick(func() lipgloss.Style { return st.Text })
	marks := m.shownMarks()
	if len(marks) == 0 {
		n := len(m.doc.Marks())
		s := fmt.Sprintf(" %s %d finding%s in this file, none on screen: %s goes to the next", diffview.MarkGlyph, n, plural(n),
			m.env.Keys.Get("diff.next-finding").KeyText())
		return muted.Render(fit(s, width))
	}
	// The loudest first.
	best := marks[0]
	for _, mk := range marks[1:] {
		if m.findings[mk.ID].Severity > m.findings[best.ID].Severity {
			best = mk
		}
	}
	f := m.findings[best.ID]
	sev := pick(func() lipgloss.Style {
		switch severityLevel(f.Severity) {
		case diffview.MarkDanger:
			return st.Danger
		case diffview.MarkWarning:
			return st.Warning
		}
		return st.Info
	})
	head := " " + diffview.MarkGlyph + " " + f.Severity.String() + " "
	var b strings.Builder
	b.WriteString(termtext.Clean(f.Rule))
	if f.Address != "" {
		b.WriteString(" · " + termtext.Clean(f.Address))
	}
	b.WriteString(": " + termtext.Clean(f.Message))
	if f.State != iac.Introduced {
		b.WriteString(" (" + string(f.State) + ")")
	}
	if len(marks) > 1 {
		fmt.Fprintf(&b, " (+%d more on this line)", len(marks)-1)
	}
	rest := fit(strings.ReplaceAll(b.String(), "\t", " "), max(width-lipgloss.Width(head), 0))
	return sev.Render(head) + text.Render(rest)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Shows reports whether the pane shows msg's comparison already: the same
// source and files, opened at the same file and line. The History
// screen's findings arrive after its diff, and only their marks are new.
func (m Model) Shows(msg pane.OpenDiffMsg) bool {
	if msg.Source != m.src || len(msg.Files) != len(m.files) || msg.Staging || m.staging ||
		min(max(msg.Index, 0), max(len(msg.Files)-1, 0)) != m.index || msg.Line != m.opened.line || msg.OldSide != m.opened.old {
		return false
	}
	for i := range msg.Files {
		if msg.Files[i] != m.files[i] {
			return false
		}
	}
	return true
}

// SetFindings marks findings on the comparison shown, keeping the view on
// the lines it shows (Open would start it over).
func (m Model) SetFindings(findings []iac.Finding) (Model, tea.Cmd) {
	m.findings = findings
	return m.load(true)
}
