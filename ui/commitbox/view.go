package commitbox

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/ui/confirm"
	"reef/ui/termtext"
)

// boxWidth is the box's width: the body's 72 columns, a guide and the
// frame, or the screen when narrower.
func (m Model) boxWidth() int { return min(m.width, BodyWidth+8) }

func (m Model) innerWidth() int { return max(m.boxWidth()-4, 10) }

// bodyRows is the height of the body field.
func (m Model) bodyRows() int { return min(max((m.height-8)/2, 3), 10) }

// showsOutput reports whether the hooks' pane is shown: while a commit
// runs, and after one failed.
func (m Model) showsOutput() bool { return m.Busy() || m.err != nil || len(m.out.all()) > 0 }

// View draws the box (its lines, at most the size given to SetSize);
// spin is the spinner's frame, shown while hooks run.
func (m Model) View(spin string) []string {
	st := m.env.Styles
	iw := m.innerWidth()
	var lines []string
	if m.state == loading {
		lines = append(lines, st.Muted.Render("reading the draft…"))
		return confirm.Frame(st, m.title(), lines, m.boxWidth())
	}
	n := ansi.StringWidth(m.subject.Value())
	label := "Subject"
	if !m.inBody {
		label = st.Focus.Render(label)
	} else {
		label = st.Muted.Render(label)
	}
	counter := m.lengthStyle(n).Render(counterText(n))
	lines = append(lines, label+strings.Repeat(" ", max(iw-ansi.StringWidth(label)-ansi.StringWidth(counter), 1))+counter)
	lines = append(lines, m.subject.View())
	lines = append(lines, m.ruler(n, iw))
	blabel := fmt.Sprintf("Body (wraps at %d)", BodyWidth)
	if m.inBody {
		lines = append(lines, st.Focus.Render(blabel))
	} else {
		lines = append(lines, st.Muted.Render(blabel))
	}
	guide := iw >= BodyWidth+2
	for _, l := range strings.Split(m.body.View(), "\n") {
		if guide {
			l = pad(l, BodyWidth) + " " + st.Muted.Render("┊")
		}
		lines = append(lines, l)
	}
	if m.showsOutput() {
		head := "hooks"
		if m.Busy() {
			head = spin + " running hooks…"
		}
		lines = append(lines, st.Muted.Render("── "+head+" "+strings.Repeat("─", max(iw-6-ansi.StringWidth(head), 0))))
		rows := max(m.height-2-len(lines)-1, 1)
		if m.err != nil {
			rows--
		}
		out := m.out.all()
		if len(out) == 0 && m.Busy() {
			out = []string{"(no output yet)"}
		} else if len(out) == 0 {
			out = []string{"(the hooks printed nothing)"}
		}
		if len(out) > rows {
			out = out[len(out)-max(rows, 0):]
		}
		for _, l := range out {
			lines = append(lines, st.Text.Render(l))
		}
		for i := len(out); i < rows; i++ {
			lines = append(lines, "")
		}
		if m.err != nil {
			lines = append(lines, st.Danger.Render(termtext.Clean(m.err.Error())))
		}
	}
	if m.note != "" {
		lines = append(lines, st.Warning.Render(termtext.Clean(m.note)))
	}
	lines = append(lines, m.hints())
	return confirm.Frame(st, m.title(), lines, m.boxWidth())
}

// title is the box's frame title: what the commit does, and where.
func (m Model) title() string {
	switch {
	case m.state == editorRun && m.editor != "":
		return "Commit through " + termtext.Clean(m.editor)
	case m.state == editorRun:
		return "Commit through the editor"
	case m.amend && m.head != "":
		return "Amending " + m.head + m.on()
	case m.amend:
		return "Amending the last commit" + m.on()
	}
	return "Commit" + m.on()
}

func (m Model) on() string {
	if m.branch == "" {
		return ""
	}
	return " on " + termtext.Clean(m.branch)
}

// hints are the keys the box answers.
func (m Model) hints() string {
	st := m.env.Styles
	if m.Busy() {
		return st.Muted.Render("the commit is running; the box closes when it is made")
	}
	var parts []string
	for _, b := range m.Keys() {
		parts = append(parts, st.HelpKey.Render(b.KeyText())+" "+st.HelpText.Render(b.Help))
	}
	return strings.Join(parts, "  ")
}

// lengthStyle colours a subject length against the guides.
func (m Model) lengthStyle(n int) lipgloss.Style {
	st := m.env.Styles
	switch {
	case n > SubjectMax:
		return st.Danger
	case n > SubjectGuide:
		return st.Warning
	}
	return st.Muted
}

// counterText is the subject's length against the guide.
func counterText(n int) string {
	if n > SubjectMax {
		return fmt.Sprintf("%d/%d: too long, tools cut at %d", n, SubjectGuide, SubjectMax)
	}
	return fmt.Sprintf("%d/%d", n, SubjectGuide)
}

// ruler draws the subject's length against the 50 and 72 column guides:
// filled up to the length, coloured past each guide.
func (m Model) ruler(n, w int) string {
	st := m.env.Styles
	var b strings.Builder
	for i := 0; i < min(max(n, SubjectMax+1), w); i++ {
		var ch string
		switch {
		case i < n:
			ch = m.lengthStyle(i + 1).Render("━")
			if i < SubjectGuide {
				ch = st.Added.Render("━")
			}
		case i == SubjectGuide || i == SubjectMax:
			ch = st.Muted.Render("│")
		default:
			ch = st.Muted.Render("·")
		}
		b.WriteString(ch)
	}
	return b.String()
}

// pad cuts or pads a styled line to w cells.
func pad(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-n)
}
