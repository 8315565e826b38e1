package app

import (
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/ui/keys"
	"reef/ui/termtext"
)

// tabs are the screen names in the header, in key order.
var tabs = []struct {
	s    Screen
	name string
}{{ScreenStatus, "Status"}, {ScreenLog, "Log"}, {ScreenHistory, "History"}, {ScreenPulls, "Pulls"}, {ScreenReview, "Review"}}

// placeholders say what the screens later work fills will hold.
var placeholders = map[Screen][]string{
	ScreenPulls: {"Pull requests", "",
		"Open pull requests on GitHub, GitLab, Bitbucket and Gitea: review requested from you, yours,",
		"search; their checks, reviewers and verdicts.", "", "Coming with the forge work."},
}

// View draws header, body and footer.
func (m Model) View() tea.View {
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	body := m.body()
	lines := strings.Split(body, "\n")
	h := m.bodyHeight()
	for i := 0; i < h; i++ {
		if i < len(lines) {
			b.WriteString(lines[i])
		}
		b.WriteByte('\n')
	}
	b.WriteString(m.footer())
	v := tea.NewView(b.String())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "reef"
	if m.env != nil {
		if top := m.env.Repo.WorkTree(); top != "" {
			v.WindowTitle = "reef — " + termtext.Clean(top)
		}
	}
	return v
}

func (m Model) header() string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.Title.Render("reef"))
	for _, t := range tabs {
		label := fmt.Sprintf(" %d %s ", t.s, t.name)
		if t.s == m.screen {
			b.WriteString(st.Focus.Reverse(true).Render(label))
		} else {
			b.WriteString(st.Muted.Render(label))
		}
	}
	if m.env != nil {
		// The directory's name and the branch: the full path is in the
		// window title.
		where := m.env.Repo.WorkTree()
		if where == "" {
			where = m.env.Repo.GitDir()
		}
		b.WriteString("  " + st.Text.Render(termtext.Clean(filepath.Base(where))))
		if h, err := m.env.Repo.Head(); err == nil {
			switch {
			case h.Detached:
				b.WriteString(" " + st.Muted.Render("detached at "+m.env.Repo.ShortHash(h.ID)))
			default:
				b.WriteString(" " + st.Branch.Render(termtext.Clean(h.Branch)))
			}
		}
	}
	return fitLine(b.String(), m.width)
}

// tabAt finds the screen tab at column x of the header.
func (m Model) tabAt(x int) (Screen, bool) {
	col := len("reef")
	for _, t := range tabs {
		w := len(fmt.Sprintf(" %d %s ", t.s, t.name))
		if x >= col && x < col+w {
			return t.s, true
		}
		col += w
	}
	return 0, false
}

func (m Model) body() string {
	if m.help {
		return m.helpWindow()
	}
	if m.env == nil {
		return ""
	}
	switch m.bodyPane() {
	case "diff":
		return m.diff.View(m.width, m.bodyHeight(), true)
	case "log":
		return m.log.View()
	case "review":
		return m.review.View()
	case "status":
		return m.statusBody()
	case "history":
		return m.historyBody()
	}
	st := m.env.Styles
	lines := placeholders[m.screen]
	out := []string{"", "  " + st.Title.Render(lines[0])}
	for _, l := range lines[1:] {
		out = append(out, "  "+st.Muted.Render(l))
	}
	return strings.Join(out, "\n")
}

func (m Model) footer() string {
	st := m.styles
	if m.status != "" {
		s := st.Info
		if m.isErr {
			s = st.Danger
		}
		return fitLine(s.Render(termtext.Clean(m.status)), m.width)
	}
	var parts []string
	if m.env == nil {
		parts = append(parts, m.spin.View()+" opening "+termtext.Clean(m.path))
	} else if m.bodyPane() == "log" {
		if n, done := m.log.Loaded(); !done && m.log.Err() == nil {
			parts = append(parts, m.spin.View()+fmt.Sprintf(" %d commits", n))
		}
	} else if m.bodyPane() == "review" && m.review.Busy() {
		parts = append(parts, m.spin.View()+" reviewing")
	} else if m.bodyPane() == "status" && m.st.busy != "" {
		parts = append(parts, m.spin.View()+" "+m.st.busy)
	} else if m.bodyPane() == "status" && m.st.list.Loading() {
		parts = append(parts, m.spin.View()+" reading the status")
	} else if m.bodyPane() == "history" {
		if n, done := m.hist.pane.Loaded(); !done {
			parts = append(parts, m.spin.View()+fmt.Sprintf(" %d commits", n))
		}
	}
	for _, b := range m.hints() {
		if b.Enabled() {
			parts = append(parts, st.HelpKey.Render(b.KeyText())+" "+st.HelpText.Render(b.Help))
		}
	}
	return fitLine(strings.Join(parts, "  "), m.width)
}

// hints are the few bindings the footer shows for the focused pane.
func (m Model) hints() []keys.Binding {
	ks := m.opts.Keys
	ids := []string{"global.help", "global.quit"}
	switch m.bodyPane() {
	case "diff":
		if m.diffOn == ScreenReview {
			ids = append([]string{"diff.next-finding", "diff.next-hunk", "diff.toggle-view", "global.back"}, ids...)
		} else {
			ids = append([]string{"diff.next-hunk", "diff.next-file", "diff.toggle-view", "global.back"}, ids...)
		}
	case "log":
		ids = append([]string{"list.open", "list.filter", "global.next-pane"}, ids...)
	case "review":
		ids = append([]string{"list.open", "global.next-pane", "review.staged", "review.worktree"}, ids...)
	case "status":
		ids = m.statusHints()
		if !m.statusCapturing() {
			ids = append(ids, "global.quit")
		}
	case "history":
		ids = m.hist.pane.Hints()
		if !m.hist.pane.Capturing() {
			ids = append(ids, "global.help", "global.quit")
		}
	}
	out := make([]keys.Binding, 0, len(ids))
	for _, id := range ids {
		out = append(out, ks.Get(id))
	}
	return out
}

// helpView lists the global bindings and those of the focused pane, with
// the reason beside any that does nothing right now.
func (m Model) helpView() string {
	st := m.styles
	var pane []keys.Binding
	title := "Keys"
	switch m.bodyPane() {
	case "diff":
		pane, title = append(m.diff.Keys(), m.opts.Keys.Get("files.history")), "Diff keys"
	case "log":
		pane, title = m.log.Keys(), "Log keys"
	case "review":
		pane, title = m.review.Keys(), "Review keys"
	case "status":
		pane, title = m.statusHelp()
	case "history":
		pane, title = m.hist.pane.Keys(), "File history keys"
		if m.hist.pane.DiffFocused() {
			pane = append(pane, m.hist.diff.Keys()...)
		}
	}
	out := []string{st.Title.Render(title)}
	row := func(b keys.Binding) string {
		k := st.HelpKey.Render(fmt.Sprintf("%-16s", b.KeyText()))
		if !b.Enabled() {
			return "  " + k + st.HelpDisabled.Render(b.Help+" — "+b.Disabled)
		}
		text := b.Help
		if b.Dangerous {
			text += " (asks first)"
		}
		return "  " + k + st.HelpText.Render(text)
	}
	for _, b := range pane {
		out = append(out, row(b))
	}
	out = append(out, "", st.Title.Render("Everywhere"))
	for _, b := range m.opts.Keys.In(keys.Global) {
		out = append(out, row(b))
	}
	if len(m.opts.Problems) > 0 {
		out = append(out, "", st.Title.Render("Configuration problems (reef uses defaults for these)"))
		for _, p := range m.opts.Problems {
			out = append(out, "  "+st.Danger.Render(termtext.Clean(p)))
		}
	}
	out = append(out, "", st.Muted.Render("  "+m.opts.Keys.Get("help.close").KeyText()+" closes this help"))
	return strings.Join(out, "\n")
}

// helpWindow is the part of the help that fits, from helpTop, with a
// line saying what is above and below when it does not all fit.
func (m Model) helpWindow() string {
	lines := strings.Split(m.helpView(), "\n")
	h := m.bodyHeight()
	if len(lines) <= h || h < 3 {
		return strings.Join(lines, "\n")
	}
	top := min(max(m.helpTop, 0), len(lines)-(h-1))
	shown := lines[top : top+h-1]
	st := m.styles
	more := fmt.Sprintf("  ↑ %d more  ↓ %d more  (j/k, ctrl+d/u scroll)", top, len(lines)-top-len(shown))
	return strings.Join(append(shown, st.Muted.Render(more)), "\n")
}

// fitLine cuts a styled line to the terminal width.
func fitLine(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "")
}
