package app

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"reef/ui/termtext"
)

var (
	titleStyle  = lipgloss.NewStyle().Bold(true)
	hashStyle   = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(3))
	refStyle    = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(2)).Bold(true)
	mutedStyle  = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(8))
	selStyle    = lipgloss.NewStyle().Reverse(true)
	errStyle    = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(1)).Bold(true)
	laneColours = []lipgloss.ANSIColor{1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14}
)

// View draws the log screen: title, commit rows, footer.
func (m Model) View() tea.View {
	var b strings.Builder
	b.WriteString(m.title())
	b.WriteByte('\n')
	h := m.listHeight()
	switch {
	case m.err != nil && len(m.rows) == 0:
		b.WriteString(errStyle.Render(termtext.Clean("reef: " + m.err.Error())))
		b.WriteByte('\n')
		h--
	case len(m.rows) == 0 && m.loading:
		b.WriteString(mutedStyle.Render("loading history…") + "\n")
		h--
	case len(m.rows) == 0 && m.head.Unborn:
		b.WriteString(mutedStyle.Render("no commits yet on "+m.head.Branch) + "\n")
		h--
	}
	for i := m.top; i < len(m.rows) && i < m.top+h; i++ {
		b.WriteString(m.row(i))
		b.WriteByte('\n')
	}
	b.WriteString(m.footer())
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "reef"
	return v
}

func (m Model) title() string {
	name := m.path
	if m.repo != nil {
		name = m.repo.WorkTree()
		if name == "" {
			name = m.repo.GitDir()
		}
	}
	branch := m.head.Branch
	if m.head.Detached && m.repo != nil {
		branch = "detached at " + m.repo.ShortHash(m.head.ID)
	}
	return titleStyle.Render(termtext.Clean("reef  " + name + "  " + branch))
}

func (m Model) footer() string {
	state := fmt.Sprintf("%d commits", len(m.rows))
	if !m.done {
		state += "+"
	}
	if m.loading {
		state += "  loading…"
	}
	if m.err != nil && len(m.rows) > 0 {
		return errStyle.Render(termtext.Clean("reef: " + m.err.Error()))
	}
	return mutedStyle.Render(state + "  j/k move  g/G top/end  q quit")
}

func (m Model) row(i int) string {
	e := m.rows[i]
	var graph strings.Builder
	for _, c := range e.Row.Cells {
		g, gap := c.Runes()
		graph.WriteString(lipgloss.NewStyle().Foreground(laneColours[c.Color%len(laneColours)]).Render(string(g)))
		if gap == ' ' {
			graph.WriteByte(' ')
		} else {
			graph.WriteString(lipgloss.NewStyle().Foreground(laneColours[c.LinkColor%len(laneColours)]).Render(string(gap)))
		}
	}
	c := e.Commit
	hash := m.repo.ShortHash(c.ID)
	var refs string
	if names := m.decor[c.ID]; len(names) > 0 {
		refs = refStyle.Render(termtext.Clean("("+strings.Join(names, ", ")+")")) + " "
	}
	meta := termtext.Clean(c.Author.Name) + ", " + relative(c.Committer.When)
	subject := termtext.Clean(c.Subject)
	left := graph.String() + hashStyle.Render(hash) + " " + refs
	room := m.width - lipgloss.Width(left) - len(meta) - 3
	if room < 10 {
		room = 10
	}
	if lipgloss.Width(subject) > room {
		subject = truncate(subject, room)
	}
	line := left + subject
	pad := m.width - lipgloss.Width(line) - lipgloss.Width(meta) - 1
	if pad < 1 {
		pad = 1
	}
	line += strings.Repeat(" ", pad) + mutedStyle.Render(meta)
	if i == m.cursor {
		return selStyle.Render(lipgloss.NewStyle().MaxWidth(m.width).Render(line))
	}
	return lipgloss.NewStyle().MaxWidth(m.width).Render(line)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func relative(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 60*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	case d < 730*24*time.Hour:
		return fmt.Sprintf("%dmo ago", int(d.Hours()/24/30))
	}
	return fmt.Sprintf("%dy ago", int(d.Hours()/24/365))
}
