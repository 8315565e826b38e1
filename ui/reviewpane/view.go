package reviewpane

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops/iac"
	"reef/ui/pane"
)

// headerLines is the height of the header: what is reviewed, and counts.
const headerLines = 2

// split is the height of each section, its title line included: both
// whole when they fit, else the findings get up to what the summary
// leaves, and at least two fifths.
func (m Model) split() (findings, summary int) {
	avail := max(m.height-headerLines, 2)
	nf, ns := len(m.lists[AreaFindings].rows)+1, len(m.lists[AreaSummary].rows)+1
	if nf+ns <= avail {
		return nf, avail - nf
	}
	fh := min(nf, max(avail-ns, avail*2/5))
	fh = max(fh, min(2, avail-1))
	return fh, avail - fh
}

// listHeight is how many rows of a list show.
func (m Model) listHeight(a Area) int {
	f, s := m.split()
	if a == AreaFindings {
		return max(f-1, 1)
	}
	return max(s-1, 1)
}

// View draws the pane at its size.
func (m Model) View() string {
	st := m.env.Styles
	out := []string{m.titleLine(), m.countsLine()}
	switch {
	case !m.started:
		out = append(out, st.Muted.Render("  nothing reviewed yet: "+m.env.Keys.Get("review.selected").KeyText()+" reviews the commit selected in the Log"))
	case m.err != nil:
		out = append(out, st.Danger.Render(clean("  review failed: "+m.err.Error())))
	case !m.has:
		out = append(out, st.Muted.Render("  reviewing "+m.pendingLabel()+"…"))
	default:
		f, s := m.split()
		out = append(out, m.section(AreaFindings, f)...)
		out = append(out, m.section(AreaSummary, s)...)
	}
	return pane.Block(out, m.width, m.height)
}

// titleLine says what is reviewed.
func (m Model) titleLine() string {
	st := m.env.Styles
	label := m.pendingLabel()
	if m.has {
		label = clean(m.review.Label)
	}
	s := st.Title.Render("Review") + "  " + st.Text.Render(label)
	if m.busy {
		s += st.Muted.Render("  reviewing…")
	}
	return s
}

// pendingLabel names the target before its review answers.
func (m Model) pendingLabel() string {
	t := m.target
	switch t.Kind {
	case KindCommit:
		return "commit " + t.Commit.String()[:7]
	case KindRange:
		return clean(short(t.From) + ".." + short(t.To))
	case KindStaged:
		return "staged changes"
	case KindWorktree:
		return "work tree against HEAD"
	}
	return ""
}

// countsLine counts findings by severity and by state.
func (m Model) countsLine() string {
	st := m.env.Styles
	if !m.has {
		return ""
	}
	res := m.review.Result
	var sev [iac.Critical + 1]int
	state := map[iac.State]int{}
	for _, f := range res.Findings {
		if f.Severity >= iac.Low && f.Severity <= iac.Critical {
			sev[f.Severity]++
		}
		state[f.State]++
	}
	var parts []string
	for s := iac.Critical; s >= iac.Low; s-- {
		if sev[s] > 0 {
			parts = append(parts, m.style(sevRole(s)).Render(fmt.Sprintf("● %d %s", sev[s], s)))
		}
	}
	if len(parts) == 0 {
		return st.Muted.Render("no findings")
	}
	var states []string
	for _, s := range []iac.State{iac.Introduced, iac.Existing, iac.Resolved} {
		if state[s] > 0 {
			states = append(states, fmt.Sprintf("%d %s", state[s], s))
		}
	}
	return strings.Join(parts, "  ") + st.Muted.Render("  ·  "+strings.Join(states, ", "))
}

// section draws a list under its title in h lines.
func (m Model) section(a Area, h int) []string {
	st := m.env.Styles
	l := &m.lists[a]
	title := "Findings"
	count := fmt.Sprintf(" %d", len(m.review.Result.Findings))
	var extra string
	if a == AreaSummary {
		res := m.review.Result
		files := map[string]bool{}
		for _, c := range res.Changes {
			files[c.Path] = true
		}
		title = "Changes"
		count = fmt.Sprintf(" %d resource%s in %d file%s", len(res.Changes), plural(len(res.Changes)), len(files), plural(len(files)))
		if len(res.Notes) > 0 {
			extra = st.Warning.Render(fmt.Sprintf("  %d file%s read as text only", len(res.Notes), plural(len(res.Notes))))
		}
	}
	ts := st.Title
	if m.focused && m.area == a {
		ts = st.Focus
	}
	if len(l.rows) > h-1 && h > 1 {
		count += fmt.Sprintf("  (%d–%d of %d lines)", l.top+1, min(l.top+h-1, len(l.rows)), len(l.rows))
	}
	out := []string{ts.Render(title) + st.Muted.Render(count) + extra}
	cur := l.current()
	for i := l.top; i < len(l.rows) && len(out) < h; i++ {
		out = append(out, m.rowView(l.rows[i], i == cur && m.area == a))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}

// rowView draws a row; the selected one in the selection's colours.
func (m Model) rowView(r row, selected bool) string {
	st := m.env.Styles
	var b strings.Builder
	for i, s := range r.segs {
		ro := s.role
		if r.dim && i > 0 {
			ro = rMuted
		}
		b.WriteString(m.style(ro).Render(s.text))
	}
	if !selected {
		return b.String()
	}
	sel := st.SelectedBlur
	if m.focused {
		sel = st.Selected
	}
	return sel.Render(pane.Fit(ansi.Strip(b.String()), m.width))
}

// style is the theme's look of a role.
func (m Model) style(r role) lipgloss.Style {
	st := m.env.Styles
	switch r {
	case rMuted:
		return st.Muted
	case rTitle:
		return st.Title
	case rDanger:
		return st.Danger
	case rWarning:
		return st.Warning
	case rInfo:
		return st.Info
	case rAdded:
		return st.Added
	case rRemoved:
		return st.Removed
	case rChanged:
		return st.Changed
	}
	return st.Text
}

// click gives the list under the mouse the keyboard and selects the row
// clicked, when it opens something.
func (m *Model) click(c pane.ClickMsg) {
	if !m.has {
		return
	}
	f, s := m.split()
	y := c.Y - headerLines
	var a Area
	switch {
	case y >= 1 && y < f:
		a, y = AreaFindings, y-1
	case y >= f+1 && y < f+s:
		a, y = AreaSummary, y-f-1
	default:
		return
	}
	m.area = a
	l := &m.lists[a]
	if i := l.top + y; i < len(l.rows) && l.rows[i].open != nil {
		l.selectRow(i, m.listHeight(a))
	}
}

// short abbreviates a full hex hash (a range marked in the Log) the way
// git does; other revisions stay as typed.
func short(rev string) string {
	if len(rev) == 40 && strings.Trim(rev, "0123456789abcdef") == "" {
		return rev[:7]
	}
	return rev
}
