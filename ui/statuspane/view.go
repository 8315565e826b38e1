package statuspane

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"reef/gitops"
	"reef/ui/pane"
	"reef/ui/termtext"
)

// View draws the list at its size: a title line (counts, view), then the
// rows in the window.
func (m Model) View() string {
	st := m.env.Styles
	lines := make([]string, 0, m.height)
	lines = append(lines, m.titleLine())
	h := m.listHeight()
	switch {
	case m.err != nil:
		lines = append(lines, st.Danger.Render(termtext.Clean(" status failed: "+m.err.Error())))
	case !m.loaded:
		lines = append(lines, st.Muted.Render(" reading the status…"))
	case len(m.rows) == 0:
		lines = append(lines, st.Muted.Render(" nothing to commit: the work tree is clean"))
	default:
		for i := m.top; i < min(m.top+h, len(m.rows)); i++ {
			lines = append(lines, m.rowLine(i))
		}
	}
	return pane.Block(lines, m.width, m.height)
}

// titleLine: "Files 5  tree  refreshing…", with the branch's state
// (merging, rebasing) when one is in progress.
func (m Model) titleLine() string {
	st := m.env.Styles
	title := st.Title
	if m.focused {
		title = st.Focus
	}
	s := title.Render("Files") + st.Muted.Render(fmt.Sprintf(" %d", len(m.items)))
	view := "flat"
	if m.tree {
		view = "tree"
	}
	s += st.Muted.Render("  " + view)
	if m.status != nil {
		if w := state(m.status.State); w != "" {
			s += "  " + st.Warning.Render(w)
		}
	}
	if m.loading && m.loaded {
		s += st.Muted.Render("  refreshing…")
	}
	return s
}

// rowLine draws row i, highlighted when it is the cursor's.
func (m Model) rowLine(i int) string {
	st := m.env.Styles
	r := m.rows[i]
	indent := strings.Repeat("  ", r.Depth)
	var s string
	switch r.Kind {
	case RowGroup:
		return st.Title.Render(fmt.Sprintf("%s (%d)", r.Group.Name(), r.Count))
	case RowDir:
		fold := "▾ "
		label := termtext.Clean(r.Name) + "/"
		if r.Collapsed {
			fold = "▸ "
			label += fmt.Sprintf(" (%d)", r.Count)
		}
		s = indent + fold + label
	case RowFile:
		it := m.items[r.Item]
		name := termtext.Clean(r.Name)
		if it.OrigPath != "" && it.Group == Staged {
			if m.tree {
				name += " ← " + termtext.Clean(it.OrigPath)
			} else {
				name = termtext.Clean(it.OrigPath) + " → " + name
			}
		}
		letters := fmt.Sprintf("%-2s", it.Letters)
		if i == m.cursor {
			s = indent + letters + " " + name
			break
		}
		return indent + m.letterStyle(it.Group).Render(letters) + " " + st.Text.Render(name)
	}
	if i == m.cursor {
		sel := st.SelectedBlur
		if m.focused {
			sel = st.Selected
		}
		return sel.Render(pane.Fit(s, m.width))
	}
	return st.Text.Render(s)
}

// letterStyle colours status letters as git does: staged green,
// unstaged and untracked red, conflicts as danger.
func (m Model) letterStyle(g Group) lipgloss.Style {
	st := m.env.Styles
	switch g {
	case Staged:
		return st.Added
	case Conflicted:
		return st.Danger
	case Untracked:
		return st.Muted
	}
	return st.Removed
}

// state names an operation in progress.
func state(s gitops.StatusState) string {
	switch {
	case s.Merge:
		return "merging"
	case s.Rebase, s.RebaseInteract:
		return "rebasing"
	case s.CherryPick:
		return "cherry-picking"
	case s.Revert:
		return "reverting"
	case s.Am:
		return "applying patches"
	}
	return ""
}
