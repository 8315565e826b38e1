package diffpane

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/ui/diffview"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/termtext"
)

// View draws the pane in width×height cells: a title line (file i of n,
// path, status, +/- counts, view mode), then the rows on screen. Only
// those rows are drawn, whatever the file's length.
func (m Model) View(width, height int, focused bool) string {
	width, height = max(width, 1), max(height, 1)
	if width != m.width || height != m.height {
		// The root did not tell Update the size: fit a copy for this
		// frame (correct, but the fit is redone each frame).
		m = m.SetSize(width, height)
	}
	p := m.painter
	if m.painterFor != m.env.Styles {
		p = newPainter(m.env.Styles)
	}
	lines := make([]string, 0, height)
	lines = append(lines, m.title(width, focused))
	body := m.bodyHeight()
	switch {
	case m.err != nil:
		lines = append(lines, m.line("error: "+termtext.Clean(m.err.Error()), width, true))
	case len(m.files) == 0:
		lines = append(lines, m.line("no file to show", width, false))
	case m.doc == nil || m.docIndex != m.index:
		lines = append(lines, m.line("loading…", width, false))
	default:
		lines = append(lines, m.frame.RenderCursor(p, m.top, body, m.left, m.drawnCursor(focused))...)
	}
	blank := strings.Repeat(" ", width)
	for len(lines) < 1+body {
		lines = append(lines, blank)
	}
	if m.hasMessageLine() {
		lines = append(lines[:1+body], m.messageLine(width))
	}
	for len(lines) < height {
		lines = append(lines, blank)
	}
	return strings.Join(lines[:height], "\n")
}

// line is a one-line message in the body, muted (or as an error).
func (m Model) line(s string, width int, isErr bool) string {
	st := lipgloss.NewStyle()
	if m.env.Styles != nil {
		st = m.env.Styles.Muted
		if isErr {
			st = m.env.Styles.Danger
		}
	}
	return st.Render(fit(" "+s, width))
}

// fit cuts or pads plain text to width cells.
func fit(s string, width int) string {
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}

// title is the pane's first line: "file 2/5  path  modified  +3 -1 ·
// side by side".
func (m Model) title(width int, focused bool) string {
	var title, muted, added, removed lipgloss.Style
	if st := m.env.Styles; st != nil {
		title, muted, added, removed = st.Title, st.Muted, st.Added, st.Removed
		if !focused {
			title = st.Muted
		}
	}
	if len(m.files) == 0 {
		return title.Render(fit(" diff", width))
	}
	fc := m.files[m.index]
	name := termtext.Clean(fc.NewPath)
	if fc.OldPath != fc.NewPath {
		name = termtext.Clean(fc.OldPath) + " → " + name
	}
	parts := []string{
		title.Render(fmt.Sprintf(" %d/%d ", m.index+1, len(m.files))),
		title.Render(name),
		muted.Render(statusWord(fc.Status)),
	}
	if d := m.Doc(); d != nil && (d.File().Added > 0 || d.File().Deleted > 0) {
		fd := d.File()
		parts = append(parts, added.Render(fmt.Sprintf("+%d", fd.Added))+" "+removed.Render(fmt.Sprintf("-%d", fd.Deleted)))
	}
	parts = append(parts, muted.Render(strings.Join(m.modes(), " · ")))
	s := strings.Join(parts, "  ")
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}

// modes describe how the diff is shown.
func (m Model) modes() []string {
	out := []string{"unified"}
	if m.effectiveSideBySide() {
		out[0] = "side by side"
	}
	if m.wrap {
		out = append(out, "wrap")
	}
	if m.staging {
		if m.src.Staged {
			out = append(out, "staged")
		} else {
			out = append(out, "unstaged")
		}
		if n := m.selectedCount(); m.sel >= 0 {
			out = append(out, fmt.Sprintf("%d changed line%s selected", n, plural(n)))
		}
	}
	if m.hideWhitespace() {
		out = append(out, "whitespace hidden")
	}
	if m.context != 0 {
		out = append(out, fmt.Sprintf("context %d", m.context))
	}
	if m.loading {
		out = append(out, "loading…")
	}
	return out
}

func statusWord(s byte) string {
	switch s {
	case 'A':
		return "added"
	case 'D':
		return "deleted"
	case 'M':
		return "modified"
	case 'T':
		return "type changed"
	case 'R':
		return "renamed"
	case 'C':
		return "copied"
	case 'U':
		return "unmerged"
	}
	return string(s)
}

// Keys returns the Diff bindings (while staging, the Stage ones first),
// each with the reason it does nothing now (Disabled) when it does
// nothing now.
func (m Model) Keys() []keys.Binding {
	var out []keys.Binding
	if m.staging {
		out = m.stageKeys()
	}
	for _, b := range m.env.Keys.In(keys.Diff) {
		b.Disabled = m.disabled(b.ID)
		if m.hasCursor() {
			b.Help = cursorHelp(b.ID, b.Help)
		}
		out = append(out, b)
	}
	return out
}

// cursorHelp is what a motion key does while it moves the line cursor.
func cursorHelp(id, help string) string {
	switch id {
	case "diff.down":
		return "next line"
	case "diff.up":
		return "previous line"
	case "diff.top":
		return "first line"
	case "diff.bottom":
		return "last line"
	}
	return help
}

// disabled is why binding id does nothing now ("" when it does something).
func (m Model) disabled(id string) string {
	shown := m.doc != nil && m.docIndex == m.index
	switch id {
	case "diff.next-file":
		if m.index+1 >= len(m.files) {
			return "last file"
		}
		return ""
	case "diff.prev-file":
		if m.index == 0 {
			return "first file"
		}
		return ""
	case "diff.toggle-view":
		if m.width < pane.MinSideBySide {
			return fmt.Sprintf("too narrow for side-by-side (needs %d columns)", pane.MinSideBySide)
		}
		return ""
	}
	if !shown {
		return "no diff shown"
	}
	if why, ok := m.cursorDisabled(id); ok {
		return why
	}
	switch id {
	case "diff.down", "diff.half-down", "diff.bottom":
		if m.top >= m.maxTop() {
			return "at the end"
		}
	case "diff.up", "diff.half-up", "diff.top":
		if m.top == 0 {
			return "at the top"
		}
	case "diff.next-hunk":
		if _, ok := m.nextHunk(); !ok {
			return "no more hunks"
		}
	case "diff.next-finding", "diff.prev-finding":
		if len(m.doc.MarkedRows(m.frame.Options().SideBySide)) == 0 {
			return "no review finding on this file's lines"
		}
		if _, ok := m.findingRow(id == "diff.prev-finding"); !ok {
			if id == "diff.prev-finding" {
				return "no finding above"
			}
			return "no more findings"
		}
	case "diff.prev-hunk":
		if _, ok := m.prevHunk(); !ok {
			return "no hunk above"
		}
	case "diff.left", "diff.right":
		switch {
		case m.wrap:
			return "soft wrap is on (z scrolls instead)"
		case m.frame.MaxLeft() == 0:
			return "every line fits"
		case id == "diff.left" && m.left == 0:
			return "at the left edge"
		case id == "diff.right" && m.left >= m.frame.MaxLeft():
			return "at the right edge"
		}
	case "diff.whitespace":
		if m.staging {
			return "staging shows every change, whitespace too"
		}
		if fd := m.doc.File(); !textual(fd) {
			return "no text to compare"
		}
	case "diff.expand":
		if m.doc.Hunks() == 0 {
			return "no hunks"
		}
	case "diff.collapse":
		if m.context == 0 {
			return "already the default context"
		}
	}
	return ""
}

// textual reports whether a file diff compares text (whitespace matters).
func textual(fd gitops.FileDiff) bool {
	return !fd.Binary && !fd.Truncated && !fd.Submodule && !fd.ModeOnly && fd.Status != 'U'
}

// Doc is the laid-out file on screen (nil while none is), for tests and
// the root's journeys.
func (m Model) Doc() *diffview.Doc {
	if m.docIndex != m.index {
		return nil
	}
	return m.doc
}
