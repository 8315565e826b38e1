// Package confirm is the question reef asks before a dangerous action: a
// box naming what will be lost and how to get it back, answered with the
// Confirm bindings (y/enter yes, n/esc no).
package confirm

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"reef/ui/keys"
	"reef/ui/styles"
	"reef/ui/termtext"
)

// Answer is what a key press said.
type Answer int

// Answers.
const (
	None Answer = iota // not an answer: the question stays
	Yes
	No
)

// Model is one question.
type Model struct {
	Title string   // "Discard the changes to main.tf?"
	Lines []string // what is lost, how to undo it
}

// New asks a question; lines explain it.
func New(title string, lines ...string) Model { return Model{Title: title, Lines: lines} }

// Key answers the question with a key (as tea.KeyPressMsg.String names
// it); any other key is None.
func (m Model) Key(ks *keys.Map, k string) Answer {
	switch {
	case ks.Is("confirm.yes", k):
		return Yes
	case ks.Is("confirm.no", k):
		return No
	}
	return None
}

// View draws the box at most width cells wide: a frame, the title, the
// lines, and the answers.
func (m Model) View(st *styles.Styles, ks *keys.Map, width int) []string {
	w := min(max(width-4, 20), 72)
	inner := w - 4
	var body []string
	for _, l := range wrap(termtext.Clean(m.Title), inner) {
		body = append(body, st.Danger.Bold(true).Render(l))
	}
	body = append(body, "")
	for _, l := range m.Lines {
		for _, part := range wrap(termtext.Clean(l), inner) {
			body = append(body, st.Text.Render(part))
		}
	}
	body = append(body, "", st.HelpKey.Render(ks.Get("confirm.yes").KeyText())+" "+st.HelpText.Render("yes")+"   "+
		st.HelpKey.Render(ks.Get("confirm.no").KeyText())+" "+st.HelpText.Render("no"))
	return Frame(st, "", body, w)
}

// Frame draws lines in a rounded box w cells wide with title on its top
// edge; each line is cut or padded to fit.
func Frame(st *styles.Styles, title string, lines []string, w int) []string {
	inner := max(w-4, 1)
	b := st.Border
	var top string
	if title != "" {
		t := ansi.Truncate(title, inner, "…")
		top = b.Render("╭─ ") + st.Title.Render(t) + b.Render(" "+strings.Repeat("─", max(w-5-ansi.StringWidth(t), 0))+"╮")
	} else {
		top = b.Render("╭" + strings.Repeat("─", w-2) + "╮")
	}
	out := []string{top}
	side := b.Render("│")
	for _, l := range lines {
		out = append(out, side+" "+pad(l, inner)+" "+side)
	}
	out = append(out, b.Render("╰"+strings.Repeat("─", w-2)+"╯"))
	return out
}

// pad cuts or pads a styled line to w cells.
func pad(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-n)
}

// wrap breaks plain text into lines of at most w cells, at spaces when
// it can.
func wrap(s string, w int) []string {
	out := strings.Split(ansi.Wordwrap(s, w, " "), "\n")
	for i := range out {
		out[i] = ansi.Hardwrap(out[i], w, true)
	}
	return strings.Split(strings.Join(out, "\n"), "\n")
}

// Overlay puts box over the middle of a block of lines that is w cells
// wide, keeping what is left and right of it.
func Overlay(under []string, box []string, w int) []string {
	out := append([]string(nil), under...)
	bw := 0
	for _, l := range box {
		bw = max(bw, ansi.StringWidth(l))
	}
	x := max((w-bw)/2, 0)
	y := max((len(out)-len(box))/2, 0)
	for i, l := range box {
		if y+i >= len(out) {
			break
		}
		row := out[y+i]
		left := ansi.Truncate(row, x, "")
		left += strings.Repeat(" ", max(x-ansi.StringWidth(left), 0))
		right := ansi.TruncateLeft(row, x+bw, "")
		out[y+i] = left + l + right
	}
	return out
}
