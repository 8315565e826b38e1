package historypane

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/ui/pane"
	"reef/ui/syntax"
	"reef/ui/termtext"
)

// blameView is one blame of the stack: a version of the file, each line
// with the commit that last changed it.
type blameView struct {
	ver     version
	id      uint64
	cancel  context.CancelFunc
	loading bool
	err     error
	blame   *gitops.Blame
	spans   [][]syntax.Span
	level   []uint8 // each line's age level: 0 newest
	group   []int   // each line's group in blame.Groups
	widest  int

	cursor, top, left int
}

// blameAt starts blaming v with the cursor on line (0-based) once it is
// read.
func (m Model) blameAt(v version, line int) (blameView, tea.Cmd) {
	ctx, cancel := context.WithCancel(m.ctx())
	b := blameView{ver: v, id: m.seq.Next(), cancel: cancel, loading: true, cursor: line, top: max(line-3, 0)}
	return b, blameCmd(ctx, m.env.Repo, b.id, v, m.tab(), m.slowAfter)
}

// blameCmd blames a version and prepares its lines: colours, each
// line's group and step on the age scale. A blame that took longer than
// slow says so, as a slow walk does.
func blameCmd(ctx context.Context, repo *gitops.Repo, id uint64, v version, tab int, slow time.Duration) tea.Cmd {
	return func() tea.Msg {
		start := time.Now()
		b, err := repo.Blame(ctx, v.commit.String(), v.path, gitops.BlameOptions{})
		took := time.Since(start)
		if err != nil {
			return blameMsg{id: id, err: err}
		}
		var src strings.Builder
		texts := make([]string, len(b.Lines))
		for i, l := range b.Lines {
			src.WriteString(l.Text)
			src.WriteByte('\n')
			texts[i] = l.Text
		}
		group := make([]int, len(b.Lines))
		for gi, g := range b.Groups {
			for i := g.First; i < g.First+g.Count && i < len(group); i++ {
				group[i] = gi
			}
		}
		return blameMsg{id: id, blame: b, group: group, level: ageLevelsOf(b.Lines), widest: widest(texts, tab),
			spans: syntax.File(ctx, v.path, []byte(src.String())), slow: took > slow}
	}
}

// loaded takes the blame's answer.
func (b blameView) loaded(msg blameMsg) blameView {
	if msg.id != b.id {
		return b
	}
	b.loading, b.cancel, b.err = false, nil, msg.err
	b.blame, b.spans, b.level, b.group, b.widest = msg.blame, msg.spans, msg.level, msg.group, msg.widest
	return b
}

// ageLevelsOf ranks the dates of the blame's commits, newest first, and
// gives each line its commit's step on the age scale (commits of the same
// second share a step).
func ageLevelsOf(lines []gitops.BlameLine) []uint8 {
	seen := map[int64]bool{}
	var dates []int64
	for _, l := range lines {
		if t := l.Committer.When.Unix(); !seen[t] {
			seen[t] = true
			dates = append(dates, t)
		}
	}
	slices.Sort(dates)
	slices.Reverse(dates)
	level := make(map[int64]uint8, len(dates))
	for i, t := range dates {
		level[t] = uint8(i * ageLevels / len(dates))
	}
	out := make([]uint8, len(lines))
	for i, l := range lines {
		out[i] = level[l.Committer.When.Unix()]
	}
	return out
}

// ready reports whether the blame has lines to move over.
func (b *blameView) ready() bool {
	return !b.loading && b.err == nil && b.blame != nil && len(b.blame.Lines) > 0
}

func (b *blameView) clamp(h int) {
	h = max(h, 1)
	n := 0
	if b.blame != nil {
		n = len(b.blame.Lines)
	}
	b.cursor = min(max(b.cursor, 0), max(n-1, 0))
	if b.cursor < b.top {
		b.top = b.cursor
	}
	if b.cursor >= b.top+h {
		b.top = b.cursor - h + 1
	}
	b.top = max(min(b.top, n-h), 0)
	b.left = max(b.left, 0)
}

// top is the blame shown (nil when none is).
func (m *Model) topBlame() *blameView {
	if len(m.blames) == 0 {
		return nil
	}
	return &m.blames[len(m.blames)-1]
}

// blameSelected blames the selected version: a new stack, with the cursor
// on the file view's line when the file view was shown.
func (m Model) blameSelected() (Model, tea.Cmd) {
	v := m.selectedVersion()
	if v.commit.IsZero() {
		return m, nil
	}
	m.stopBlames()
	line := 0
	if m.content && m.file.ver == v {
		line = m.file.cursor
	}
	b, cmd := m.blameAt(v, line)
	m.blames = []blameView{b}
	m.blameCmp = false
	m.focus = areaDetail
	return m, cmd
}

// blameParent re-blames at the parent of the commit that last changed
// the line under the cursor ("blame before this change").
func (m Model) blameParent() (Model, tea.Cmd) {
	b := m.topBlame()
	if b == nil || !b.ready() {
		return m, nil
	}
	l := b.blame.Lines[b.cursor]
	g := b.blame.Groups[b.group[b.cursor]]
	if g.PrevCommit.IsZero() {
		why := fmt.Sprintf("line %d comes from %s, the first version of the file: there is nothing older to blame", l.Line, m.env.Repo.ShortHash(l.Commit))
		if l.Boundary {
			why = fmt.Sprintf("line %d comes from %s, the oldest commit here (a root or the edge of a shallow clone)", l.Line, m.env.Repo.ShortHash(l.Commit))
		}
		return m, status(why)
	}
	nb, cmd := m.blameAt(version{g.PrevCommit, g.PrevPath}, l.OrigLine-1)
	m.blames = append(slices.Clone(m.blames), nb)
	return m, cmd
}

// blameOpen shows the diff of the commit that last changed the line under
// the cursor, at that line.
func (m Model) blameOpen() (Model, tea.Cmd) {
	b := m.topBlame()
	if b == nil || !b.ready() {
		return m, nil
	}
	l := b.blame.Lines[b.cursor]
	g := b.blame.Groups[b.group[b.cursor]]
	old := l.OrigPath
	if !g.PrevCommit.IsZero() && g.PrevPath != "" {
		old = g.PrevPath
	}
	c := comparison{kind: cmpCommit, old: version{path: old}, new: version{l.Commit, l.OrigPath}, line: l.OrigLine,
		title: m.env.Repo.ShortHash(l.Commit) + " " + l.Summary}
	m.blameCmp = true
	m, cmds := m.compare(c)
	return m, tea.Batch(cmds...)
}

// blameBack leaves a blamed line's diff for its blame, or pops the stack;
// at its bottom the list has the keyboard again. It reports false when
// there was no blame to leave.
func (m Model) blameBack() (Model, tea.Cmd, bool) {
	switch {
	case m.blameCmp:
		m.blameCmp = false
		mm, cmd := m.showSelected()
		return mm, cmd, true
	case len(m.blames) > 0:
		top := m.blames[len(m.blames)-1]
		if top.cancel != nil {
			top.cancel()
		}
		m.blames = slices.Clone(m.blames[:len(m.blames)-1])
		if len(m.blames) == 0 {
			m.blames = nil
			m.focus = areaList
		}
		return m, nil, true
	}
	return m, nil, false
}

func (m *Model) stopBlames() {
	for _, b := range m.blames {
		if b.cancel != nil {
			b.cancel()
		}
	}
	m.blames, m.blameCmp = nil, false
}

// status puts a line in the status bar.
func status(text string) tea.Cmd {
	return func() tea.Msg { return pane.StatusMsg{Text: text} }
}

// blame gutter widths.
const (
	blameHashW   = 8 // "^" for a boundary and an abbreviated hash
	blameAuthorW = 14
	blameDateW   = 10
)

// blameLines draws the blame on top of the stack in w×h.
func (m Model) blameLines(w, h int, focused bool) []string {
	st := m.env.Styles
	b := m.topBlame()
	title := "blame " + termtext.Clean(b.ver.path) + " @ " + m.env.Repo.ShortHash(b.ver.commit)
	head := m.detailTitle(title, focused)
	if n := len(m.blames); n > 1 {
		back := "1 version back"
		if n > 2 {
			back = fmt.Sprintf("%d versions back", n-1)
		}
		head += st.Muted.Render("  " + back + " (esc returns one)")
	}
	if b.loading {
		head += st.Muted.Render("  loading…")
	}
	out := []string{fitTo(head, w)}
	switch {
	case b.loading:
		return out
	case errors.Is(b.err, gitops.ErrNoSuchPath):
		return append(out, fitTo(st.Muted.Render(" nothing to blame: the file does not exist in this commit (it was deleted here)"), w))
	case b.err != nil:
		return append(out, fitTo(st.Danger.Render(" "+termtext.Clean(b.err.Error())), w))
	case len(b.blame.Lines) == 0:
		return append(out, fitTo(st.Muted.Render(" empty file"), w))
	}
	authorW := blameAuthorW
	if w < 70 {
		authorW = 0
	}
	numW := len(fmt.Sprint(len(b.blame.Lines)))
	gutterW := 1 + blameHashW + 1 + blameDateW + 1
	if authorW > 0 {
		gutterW += authorW + 1
	}
	textW := max(w-gutterW-numW-3, 1)
	ages := ageScale(st)
	for i := b.top; i < len(b.blame.Lines) && len(out) < h; i++ {
		l := b.blame.Lines[i]
		age := ages[min(int(b.level[i]), len(ages)-1)]
		info := strings.Repeat(" ", gutterW-1)
		if i == b.top || b.blame.Lines[i-1].Commit != l.Commit {
			info = m.blameInfo(l, authorW)
		}
		gutter := age.Render("▌" + info)
		num := st.Diff.LineNumber.Render(fmt.Sprintf("%*d", numW, l.Line)) + st.Border.Render(" │ ")
		var spans []syntax.Span
		if i < len(b.spans) {
			spans = b.spans[i]
		}
		var look *lipgloss.Style
		if i == b.cursor {
			look = &st.SelectedBlur
			if focused {
				look = &st.Selected
			}
		}
		out = append(out, gutter+num+codeLine(st, l.Text, spans, m.tab(), b.left, textW, look))
	}
	return out
}

// blameInfo is a line's commit, author and date, in the gutter's columns.
func (m Model) blameInfo(l gitops.BlameLine, authorW int) string {
	h := m.env.Repo.ShortHash(l.Commit)
	if l.Boundary {
		h = "^" + h
	}
	parts := []string{cell(h, blameHashW)}
	if authorW > 0 {
		parts = append(parts, cell(termtext.Clean(l.Author.Name), authorW))
	}
	parts = append(parts, l.Author.When.Format("2006-01-02"))
	return strings.Join(parts, " ") + " "
}

// cell cuts or pads plain text to w cells.
func cell(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w-1, "") + "…"
	}
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}
