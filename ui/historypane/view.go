package historypane

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"reef/ui/pane"
	"reef/ui/termtext"
)

// besideFrom is the width from which the detail sits beside the list
// (wide enough for a side-by-side diff next to a useful list); below it
// the detail goes under the list, at the screen's full width.
const besideFrom = 170

// rect is an area of the screen body.
type rect struct{ x, y, w, h int }

// layout places the list and the detail.
func (m *Model) layout() (lst, det rect) {
	if m.width >= besideFrom {
		dw := max(m.width*3/5, pane.MinSideBySide)
		lw := m.width - dw - 1
		return rect{0, 0, lw, m.height}, rect{lw + 1, 0, dw, m.height}
	}
	lh := min(max(m.height*2/5, 5), 15)
	if m.height < 10 {
		lh = max(m.height/2, 1)
	}
	return rect{0, 0, m.width, lh}, rect{0, lh, m.width, max(m.height-lh, 1)}
}

func (m *Model) listHeight() int {
	l, _ := m.layout()
	return max(l.h-1, 1)
}

func (m *Model) detailBodyHeight() int {
	_, d := m.layout()
	return max(d.h-1, 1)
}

// DetailSize is the size of the detail area: the root sizes the diff
// pane to it.
func (m Model) DetailSize() (w, h int) {
	_, d := m.layout()
	return d.w, d.h
}

// fileTextWidth and blameTextWidth are the columns left for code.
func (m *Model) fileTextWidth() int {
	_, d := m.layout()
	return max(d.w-len(fmt.Sprint(len(m.file.lines)))-3, 1)
}

func (m *Model) blameTextWidth() int {
	_, d := m.layout()
	b := m.topBlame()
	if b == nil || b.blame == nil {
		return d.w
	}
	g := 1 + blameHashW + 1 + blameDateW + 1
	if d.w >= 70 {
		g += blameAuthorW + 1
	}
	return max(d.w-g-len(fmt.Sprint(len(b.blame.Lines)))-3, 1)
}

// clampAll keeps every cursor in range and in view.
func (m *Model) clampAll() {
	m.list.clamp(m.listHeight())
	m.file.clamp(m.detailBodyHeight())
	if b := m.topBlame(); b != nil {
		b.clamp(m.detailBodyHeight())
	}
}

// DiffShown reports whether the detail area shows the root's diff pane
// (else the pane draws it itself: file, blame, or a message).
func (m Model) DiffShown() bool {
	if !m.open || m.shown() != showDiff || m.det.err != nil || m.det.none != "" {
		return false
	}
	return m.det.has || (m.det.loading && m.det.keep)
}

// DiffFocused reports whether the diff pane has the keyboard.
func (m Model) DiffFocused() bool { return m.DiffShown() && m.focus == areaDetail && m.focused }

// DetailAt translates body coordinates into the detail area's; ok is
// false outside it.
func (m Model) DetailAt(x, y int) (dx, dy int, ok bool) {
	_, d := m.layout()
	if x < d.x || y < d.y || x >= d.x+d.w || y >= d.y+d.h {
		return 0, 0, false
	}
	return x - d.x, y - d.y, true
}

// View draws the screen; diff is the diff pane drawn at DetailSize, used
// when DiffShown.
func (m Model) View(diff string) string {
	if !m.open {
		return m.emptyView()
	}
	lr, dr := m.layout()
	left := m.listLines(lr.w, lr.h)
	var right []string
	if m.DiffShown() {
		right = strings.Split(diff, "\n")
	} else {
		right = m.detailLines(dr.w, dr.h)
	}
	out := make([]string, 0, m.height)
	if lr.w == m.width {
		for i := 0; i < lr.h; i++ {
			out = append(out, fitTo(lineAt(left, i), m.width))
		}
		for i := 0; i < dr.h; i++ {
			out = append(out, fitTo(lineAt(right, i), m.width))
		}
		return strings.Join(out, "\n")
	}
	sep := m.env.Styles.Border.Render("│")
	for i := 0; i < m.height; i++ {
		out = append(out, fitTo(lineAt(left, i), lr.w)+sep+fitTo(lineAt(right, i), dr.w))
	}
	return strings.Join(out, "\n")
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// fitTo cuts or pads a styled line to exactly w cells.
func fitTo(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if n := ansi.StringWidth(s); n > w {
		return ansi.Truncate(s, w-1, "") + "…"
	} else if n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// emptyView says how to pick a file.
func (m Model) emptyView() string {
	st := m.env.Styles
	out := []string{"", "  " + st.Title.Render("File history"), "",
		"  " + st.Text.Render("No file chosen. Press H on a file to follow it through time:"),
		"  " + st.Muted.Render("  1 Status: a changed file      2 Log: a commit's files (tab goes to them)"),
		"  " + st.Muted.Render("  a diff, on any screen         5 Review: a finding or a change"),
		"  " + st.Text.Render("or start reef with ") + st.HelpKey.Render("reef history PATH") + st.Text.Render("."),
	}
	return strings.Join(out, "\n")
}

// detailTitle is a detail view's title line.
func (m Model) detailTitle(text string, focused bool) string {
	st := m.env.Styles.Title
	if focused {
		st = m.env.Styles.Focus
	} else if m.focus != areaDetail || !m.focused {
		st = m.env.Styles.Muted
	}
	return st.Render(" " + text)
}

// detailLines draws what the pane shows itself in the detail area.
func (m Model) detailLines(w, h int) []string {
	focused := m.focus == areaDetail && m.focused
	switch m.shown() {
	case showBlame:
		return m.blameLines(w, h, focused)
	case showFile:
		return m.fileViewLines(w, h, focused)
	}
	st := m.env.Styles
	title := m.detailTitle("diff", focused)
	d := m.det
	switch {
	case d.err != nil:
		return []string{title, st.Danger.Render(" " + termtext.Clean(d.err.Error()))}
	case d.none != "":
		return []string{title + st.Muted.Render("  "+termtext.Clean(d.cmp.title)), st.Muted.Render(" " + d.none)}
	case m.list.selected() == nil:
		return []string{title}
	}
	return []string{title, st.Muted.Render(" loading…")}
}

// listLines draws the list in w×h: a title line, then the rows.
func (m Model) listLines(w, h int) []string {
	st := m.env.Styles
	focused := m.focus == areaList && m.focused
	tst := st.Title
	if focused {
		tst = st.Focus
	}
	var head string
	if m.lines != nil {
		head = tst.Render(fmt.Sprintf("Lines %d–%d of %s", m.lines.from, m.lines.to, termtext.Clean(m.lines.ver.path))) +
			st.Muted.Render(" @ "+m.env.Repo.ShortHash(m.lines.ver.commit)+" (esc: the whole file's history)")
	} else {
		head = tst.Render("History of " + termtext.Clean(m.path))
		if !m.rev.IsZero() {
			head += st.Muted.Render(" from " + m.env.Repo.ShortHash(m.rev))
		}
	}
	n := len(m.list.rows)
	count := fmt.Sprintf(" %d commit%s", n, plural(n))
	if m.list.visible != nil {
		count = fmt.Sprintf(" %d of %d", len(m.list.visible), n)
	}
	if m.walk.loading {
		count += " …"
		if s := m.walk.searched; s.walked > 0 {
			count += fmt.Sprintf(" searched back to %s (%d commits)", s.reached.Format("2006-01-02"), s.walked)
		}
	}
	head += st.Muted.Render(count)
	switch mk := m.list.marked(); {
	case m.worktree:
		head += st.Head.Render("  W: work tree against the selected version")
	case mk != nil:
		head += st.Head.Render("  ▶" + m.env.Repo.ShortHash(mk.commit.ID) + " marked: the diff compares it with the selected")
	}
	if m.typing {
		head = m.filter.View()
	} else if m.list.query != "" {
		head += st.Info.Render("  /" + termtext.Clean(m.list.query))
	}
	out := []string{head}
	switch {
	case m.walk.err != nil && n == 0:
		return append(out, st.Danger.Render(" "+termtext.Clean(m.walk.err.Error())))
	case n == 0 && m.walk.loading:
		return append(out, st.Muted.Render(" reading history…"))
	case n == 0 && m.lines != nil:
		return append(out, st.Muted.Render(" no commit changed these lines"))
	case n == 0 && m.walk.onDisk:
		return append(out, st.Muted.Render(" no commit has "+termtext.Clean(m.path)+" yet: it is only in the work tree"))
	case n == 0:
		return append(out, st.Muted.Render(" no commit changed "+termtext.Clean(m.path)+": is the name right?"))
	case m.list.count() == 0:
		return append(out, st.Muted.Render(" no commit matches the filter"))
	}
	for i := m.list.top; i < m.list.count() && len(out) < h; i++ {
		out = append(out, m.rowLine(i, w, focused))
	}
	if m.walk.err != nil && len(out) < h {
		out = append(out, st.Danger.Render(" "+termtext.Clean(m.walk.err.Error())))
	}
	return out
}

// list column widths.
const (
	dateW   = 10
	authorW = 14
)

// rowLine draws row i: mark, hash, date, author, the file's name when it
// differs, subject, and +/- counts on the right.
func (m Model) rowLine(i, w int, focused bool) string {
	st := m.env.Styles
	j := m.list.abs(i)
	e := &m.list.rows[j]
	c := e.commit
	var b strings.Builder
	if m.list.mark == j+1 {
		b.WriteString(st.Head.Render("▶"))
	} else {
		b.WriteByte(' ')
	}
	b.WriteString(st.Hash.Render(m.env.Repo.ShortHash(c.ID)) + " ")
	b.WriteString(st.Muted.Render(c.Author.When.Format("2006-01-02")) + " ")
	aw := authorW
	if w < 70 {
		aw = 10
	}
	b.WriteString(st.Text.Render(cell(termtext.Clean(c.Author.Name), aw)) + " ")
	if e.path != m.path || e.oldPath != "" {
		name := termtext.Clean(e.path)
		if e.oldPath != "" {
			name = termtext.Clean(e.oldPath) + " → " + name
		}
		b.WriteString(st.Changed.Render(name) + " ")
	}
	counts := m.counts(e)
	left := b.String()
	room := w - ansi.StringWidth(left) - ansi.StringWidth(counts) - 1
	subject := termtext.Clean(c.Subject)
	if ansi.StringWidth(subject) > room {
		subject = ansi.Truncate(subject, max(room-1, 0), "") + "…"
	}
	line := left + subject
	line += strings.Repeat(" ", max(w-ansi.StringWidth(line)-ansi.StringWidth(counts), 1)) + counts
	if i == m.list.cursor {
		sel := st.SelectedBlur
		if focused {
			sel = st.Selected
		}
		return sel.Render(fitTo(ansi.Strip(line), w))
	}
	return line
}

// counts is a row's "+a -d", when known.
func (m Model) counts(e *entry) string {
	st := m.env.Styles
	var a, d int
	var bin bool
	switch s, ok := m.stats[e.commit.ID]; {
	case e.lineRow:
		a, d = e.added, e.deleted
	case ok:
		a, d, bin = s.added, s.deleted, s.binary
	default:
		return ""
	}
	if bin {
		return st.Muted.Render("binary")
	}
	return st.Added.Render(fmt.Sprintf("+%d", a)) + " " + st.Removed.Render(fmt.Sprintf("-%d", d))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
