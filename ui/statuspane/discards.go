package statuspane

import (
	"fmt"
	"strings"
	"time"

	"reef/gitops"
	"reef/ui/pane"
	"reef/ui/termtext"
)

// Discards is the list of recorded discards `U` shows, newest first;
// enter restores the one under the cursor.
type Discards struct {
	env     *pane.Env
	list    []gitops.Discard
	loading bool
	err     error
	cursor  int
	top     int
}

// NewDiscards is the list while the records are read.
func NewDiscards(env *pane.Env) Discards { return Discards{env: env, loading: true} }

// Set fills the list with the records read (or the error reading them).
func (d Discards) Set(list []gitops.Discard, err error) Discards {
	d.list, d.err, d.loading = list, err, false
	d.cursor = min(d.cursor, max(len(list)-1, 0))
	return d
}

// Selected is the record under the cursor.
func (d Discards) Selected() (gitops.Discard, bool) {
	if d.loading || d.err != nil || len(d.list) == 0 {
		return gitops.Discard{}, false
	}
	return d.list[d.cursor], true
}

// Move moves the cursor by n records.
func (d Discards) Move(n int) Discards {
	d.cursor = min(max(d.cursor+n, 0), max(len(d.list)-1, 0))
	return d
}

// View draws the list in w×h cells.
func (d Discards) View(w, h int) string {
	st := d.env.Styles
	ks := d.env.Keys
	lines := []string{st.Title.Render("Discarded changes") + st.Muted.Render(fmt.Sprintf(" %d", len(d.list)))}
	switch {
	case d.loading:
		lines = append(lines, st.Muted.Render(" reading the records…"))
	case d.err != nil:
		lines = append(lines, st.Danger.Render(termtext.Clean(" "+d.err.Error())))
	case len(d.list) == 0:
		lines = append(lines, st.Muted.Render(" nothing discarded yet"))
	default:
		// Two lines a record: when and what, then its paths.
		per := 2
		rows := max((h-3)/per, 1)
		if d.cursor < d.top {
			d.top = d.cursor
		}
		if d.cursor >= d.top+rows {
			d.top = d.cursor - rows + 1
		}
		for i := d.top; i < min(d.top+rows, len(d.list)); i++ {
			r := d.list[i]
			head := fmt.Sprintf(" %s  %s", ago(d.env.Clock(), r.When), termtext.Clean(r.Summary))
			paths := "   " + termtext.Clean(strings.Join(r.Paths, ", "))
			if i == d.cursor {
				lines = append(lines, st.Selected.Render(pane.Fit(head, w)), st.Text.Render(paths))
			} else {
				lines = append(lines, st.Text.Render(head), st.Muted.Render(paths))
			}
		}
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:max(h-1, 1)], st.Muted.Render(" "+ks.Get("list.open").KeyText()+" restores the files (when they have not changed since)  "+
		ks.Get("global.back").KeyText()+" closes"))
	for i := range lines {
		lines[i] = pane.Fit(lines[i], w)
	}
	return strings.Join(lines[:h], "\n")
}

// ago is a short relative time: "12s ago", "5m ago", "3h ago", "2d ago".
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", max(int(d.Seconds()), 0))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}
