package logpane

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/ui/pane"
	"reef/ui/termtext"
)

// wide is the width from which details sit beside the list.
const wide = 100

func (m Model) split() (listW, sideW int) {
	if m.width < wide {
		return m.width, 0
	}
	sideW = max(m.width*2/5, 40)
	return m.width - sideW - 1, sideW
}

// stackedList is the list's height when the terminal is too narrow for
// details beside it: the files go below the list instead.
func (m Model) stackedList() int { return max(m.height*3/5, 3) }

// listHeight is how many commit rows show (the title line aside).
func (m Model) listHeight() int {
	if _, side := m.split(); side == 0 {
		return max(m.stackedList()-1, 1)
	}
	return max(m.height-1, 1)
}

func (m Model) detailsHeight() int { return min(max(m.height/2, 8), m.height) }

func (m Model) filesHeight() int {
	if _, side := m.split(); side == 0 {
		return max(m.height-m.stackedList()-1, 1)
	}
	return max(m.height-m.detailsHeight()-1, 1)
}

// View draws the pane at its size.
func (m Model) View() string {
	listW, sideW := m.split()
	if sideW == 0 {
		lines := m.listView(m.width, m.stackedList())
		for len(lines) < m.stackedList() {
			lines = append(lines, "")
		}
		lines = append(lines, m.filesView(m.width, m.height-m.stackedList())...)
		for i := range lines {
			lines[i] = pane.Fit(lines[i], m.width)
		}
		return strings.Join(lines, "\n")
	}
	left := m.listView(listW, m.height)
	right := append(m.detailsView(sideW, m.detailsHeight()), m.filesView(sideW, m.height-m.detailsHeight())...)
	sep := m.env.Styles.Border.Render("│")
	var b strings.Builder
	for i := 0; i < m.height; i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(pane.Fit(l, listW))
		b.WriteString(sep)
		b.WriteString(pane.Fit(r, sideW))
		if i < m.height-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func (m Model) title(text string, focused bool) string {
	st := m.env.Styles.Title
	if focused && m.focused {
		st = m.env.Styles.Focus
	}
	return st.Render(text)
}

func (m Model) listView(w, h int) []string {
	st := m.env.Styles
	head := "Commits"
	if m.fileMode != "" {
		head = "History of " + termtext.Clean(m.fileMode)
	}
	n, done := len(m.rows), m.done
	count := fmt.Sprintf(" %d", n)
	if !done {
		count += "+"
	}
	if m.visible != nil {
		count = fmt.Sprintf(" %d of %d", len(m.visible), n)
	}
	if m.loading {
		count += " loading…"
	}
	line := m.title(head, m.focus == AreaList) + st.Muted.Render(count)
	if from, to, ok := m.Range(); ok {
		line += st.Head.Render("  range " + m.env.Repo.ShortHash(from) + ".." + m.env.Repo.ShortHash(to))
	} else if id := m.Marked(); !id.IsZero() {
		line += st.Head.Render("  ▶" + m.env.Repo.ShortHash(id) + " marked")
	}
	if m.typing {
		line = m.filter.View()
	} else if m.query != "" {
		line += st.Info.Render("  /" + termtext.Clean(m.query))
	}
	out := []string{line}
	switch {
	case m.err != nil && len(m.rows) == 0:
		out = append(out, st.Danger.Render(termtext.Clean("reef: "+m.err.Error())))
	case len(m.rows) == 0 && !m.loading && m.head.Unborn:
		out = append(out, st.Muted.Render("no commits yet on "+termtext.Clean(m.head.Branch)))
	case m.count() == 0 && !m.loading:
		out = append(out, st.Muted.Render("no commits match"))
	}
	for i := m.top; i < m.count() && len(out) < h; i++ {
		out = append(out, m.rowView(i, w))
	}
	if m.err != nil && len(m.rows) > 0 && len(out) < h {
		out = append(out, st.Danger.Render(termtext.Clean("reef: "+m.err.Error())))
	}
	return out
}

// absRow is the index into rows of visible row i.
func (m Model) absRow(i int) int {
	if m.visible != nil {
		return m.visible[i]
	}
	return i
}

func (m Model) rowView(i, w int) string {
	st := m.env.Styles
	r := m.rowAt(i)
	c := r.commit
	var b strings.Builder
	if m.fileMode != "" {
		b.WriteString(st.Lane(0).Render("●") + " ")
	} else {
		for _, cell := range r.graph.Cells {
			g, gap := cell.Runes()
			b.WriteString(st.Lane(cell.Color).Render(string(g)))
			if gap == ' ' {
				b.WriteByte(' ')
			} else {
				b.WriteString(st.Lane(cell.LinkColor).Render(string(gap)))
			}
		}
	}
	if m.mark != 0 && m.absRow(i) == m.mark-1 {
		b.WriteString(st.Head.Render("▶"))
	}
	b.WriteString(st.Hash.Render(m.env.Repo.ShortHash(c.ID)))
	b.WriteByte(' ')
	for _, d := range m.decor[c.ID] {
		b.WriteString(m.decoration(d))
		b.WriteByte(' ')
	}
	if m.fileMode != "" && r.path != "" && r.path != m.fileMode {
		b.WriteString(st.Changed.Render(termtext.Clean(r.path)) + " ")
	}
	meta := termtext.Clean(c.Author.Name) + "  " + ago(m.env.Clock(), c.Committer.When)
	left := b.String()
	subject := termtext.Clean(c.Subject)
	room := w - ansi.StringWidth(left) - ansi.StringWidth(meta) - 2
	if room < 8 {
		meta, room = "", w-ansi.StringWidth(left)
	}
	if ansi.StringWidth(subject) > room {
		subject = ansi.Truncate(subject, max(room-1, 0), "") + "…"
	}
	line := left + subject
	if meta != "" {
		pad := w - ansi.StringWidth(line) - ansi.StringWidth(meta)
		line += strings.Repeat(" ", max(pad, 1)) + st.Muted.Render(meta)
	}
	if i == m.cursor {
		sel := st.SelectedBlur
		if m.focused && m.focus == AreaList {
			sel = st.Selected
		}
		return sel.Render(ansi.Strip(pane.Fit(line, w)))
	}
	return line
}

func (m Model) decoration(d decoration) string {
	st := m.env.Styles
	name := termtext.Clean(d.name)
	switch {
	case d.head && d.kind == gitops.RefBranch:
		return st.Head.Render("HEAD → " + name)
	case d.head:
		return st.Head.Render(name)
	case d.kind == gitops.RefTag:
		return st.Tag.Render("tag: " + name)
	case d.kind == gitops.RefRemote:
		return st.Remote.Render(name)
	}
	return st.Branch.Render(name)
}

func (m Model) detailsView(w, h int) []string {
	st := m.env.Styles
	out := []string{m.title("Details", false)}
	r := m.selectedRow()
	if r == nil {
		return out
	}
	c := r.commit
	label := func(k, v string) string { return st.Muted.Render(fmt.Sprintf("%-10s", k)) + v }
	out = append(out, st.Hash.Render(c.ID.String()))
	out = append(out, label("Author", termtext.Clean(c.Author.Name+" <"+c.Author.Email+">")))
	out = append(out, label("", st.Muted.Render(when(m.env.Clock(), c.Author.When))))
	if c.Committer.Name != c.Author.Name || c.Committer.Email != c.Author.Email || !c.Committer.When.Equal(c.Author.When) {
		out = append(out, label("Committer", termtext.Clean(c.Committer.Name+" <"+c.Committer.Email+">")))
		out = append(out, label("", st.Muted.Render(when(m.env.Clock(), c.Committer.When))))
	}
	if len(c.Parents) > 0 {
		var ps []string
		for _, p := range c.Parents {
			ps = append(ps, st.Hash.Render(m.env.Repo.ShortHash(p)))
		}
		out = append(out, label("Parents", strings.Join(ps, " ")))
	}
	if ds := m.decor[c.ID]; len(ds) > 0 {
		var names []string
		for _, d := range ds {
			names = append(names, m.decoration(d))
		}
		out = append(out, label("Refs", strings.Join(names, " ")))
	}
	out = append(out, "")
	for _, l := range strings.Split(strings.TrimRight(c.Message, "\n"), "\n") {
		if len(out) >= h {
			break
		}
		out = append(out, termtext.ExpandTabs(termtext.Clean(l), 4))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out[:h]
}

func (m Model) filesView(w, h int) []string {
	st := m.env.Styles
	d := m.detail
	head := "Files"
	if len(d.files) > 0 {
		head = fmt.Sprintf("Files %d", len(d.files))
	}
	out := []string{m.title(head, m.focus == AreaFiles)}
	switch {
	case d.err != nil:
		return append(out, st.Danger.Render(termtext.Clean("reef: "+d.err.Error())))
	case d.loading:
		return append(out, st.Muted.Render("loading…"))
	case len(d.files) == 0 && !d.commit.IsZero():
		return append(out, st.Muted.Render("no file changes"))
	}
	for i := d.top; i < len(d.files) && len(out) < h; i++ {
		out = append(out, m.fileView(i, w))
	}
	return out
}

func (m Model) fileView(i, w int) string {
	st := m.env.Styles
	f := m.detail.files[i]
	letter := string(f.Status)
	var ls lipgloss.Style
	switch f.Status {
	case 'A':
		ls = st.Added
	case 'D':
		ls = st.Removed
	default:
		ls = st.Changed
	}
	name := termtext.Clean(f.NewPath)
	if f.OldPath != f.NewPath {
		name = termtext.Clean(f.OldPath) + " → " + termtext.Clean(f.NewPath)
	}
	counts := ""
	if s, ok := m.detail.stats[i]; ok {
		counts = st.Added.Render(fmt.Sprintf("+%d", s[0])) + " " + st.Removed.Render(fmt.Sprintf("-%d", s[1]))
	}
	left := ls.Render(letter) + " " + name
	room := w - ansi.StringWidth(counts) - 1
	if ansi.StringWidth(left) > room {
		// Keep the end of a long path: the file name matters most.
		left = ls.Render(letter) + " …" + ansi.TruncateLeft(name, ansi.StringWidth(name)-(room-3), "")
	}
	line := left + strings.Repeat(" ", max(w-ansi.StringWidth(left)-ansi.StringWidth(counts), 1)) + counts
	if i == m.detail.cursor && m.focus == AreaFiles {
		sel := st.SelectedBlur
		if m.focused {
			sel = st.Selected
		}
		return sel.Render(ansi.Strip(pane.Fit(line, w)))
	}
	return line
}

func when(now, t time.Time) string {
	return t.Format("2006-01-02 15:04 -0700") + " (" + ago(now, t) + ")"
}

// ago is a short relative date for list rows.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "in the future"
	case d < time.Minute:
		return "now"
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
