package diffpane

import (
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/keys"
	"reef/ui/pane"
)

// stageKey runs a Stage binding; false when k is none.
func (m Model) stageKey(k string) (Model, tea.Cmd, bool) {
	ks := m.env.Keys
	var id string
	for _, b := range ks.In(keys.Stage) {
		if ks.Is(b.ID, k) {
			id = b.ID
			break
		}
	}
	if id == "" {
		return m, nil, false
	}
	if why := m.stageDisabled(id); why != "" {
		return m, status(why), true
	}
	switch id {
	case "stage.select":
		if m.sel >= 0 {
			m.sel = -1
		} else {
			m.sel = m.cursor
		}
		return m, nil, true
	case "stage.switch":
		return m, send(pane.SwitchStageSideMsg{File: m.files[m.index], Staged: m.src.Staged}), true
	}
	msg := pane.StageLinesMsg{File: m.doc.File().FileChange, Staged: m.src.Staged, Discard: id == "stage.discard"}
	if wholeFile(m.doc.File()) == "" {
		msg.Lines = m.chosenLines()
		if len(msg.Lines) == 0 {
			// nil would mean the whole file: never send it for a choice
			// of lines that holds no change.
			return m, status("no changed line selected (context lines are left as they are)"), true
		}
	}
	return m, send(msg), true
}

// send is a command that delivers msg.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// status is a command that puts a line in the status bar.
func status(text string) tea.Cmd { return send(pane.StatusMsg{Text: text}) }

// chosenLines are the changed lines space and d act on: those of the
// selected rows when there is a selection, else the hunk's under the
// cursor. They come in the diff's order whatever the view.
func (m *Model) chosenLines() []gitops.LineRef {
	fd := m.doc.File()
	rows := m.rows()
	if m.sel < 0 {
		h := rows[m.cursor].Hunk
		if h < 0 {
			return nil
		}
		var out []gitops.LineRef
		for _, l := range fd.Hunks[h].Lines {
			if ref, ok := lineRef(l); ok {
				out = append(out, ref)
			}
		}
		return out
	}
	sbs := m.frame.Options().SideBySide
	lo, hi := min(m.sel, m.cursor), max(m.sel, m.cursor)
	removed, added := map[int]bool{}, map[int]bool{}
	for i := lo; i <= hi; i++ {
		o, n := m.doc.Changed(sbs, i)
		if o > 0 {
			removed[o] = true
		}
		if n > 0 {
			added[n] = true
		}
	}
	var out []gitops.LineRef
	for h := max(rows[lo].Hunk, 0); h <= rows[hi].Hunk; h++ {
		for _, l := range fd.Hunks[h].Lines {
			if ref, ok := lineRef(l); ok && (removed[ref.Old] && ref.Kind == gitops.LineRemoved || added[ref.New] && ref.Kind == gitops.LineAdded) {
				out = append(out, ref)
			}
		}
	}
	return out
}

// lineRef names a changed line; false for context.
func lineRef(l gitops.Line) (gitops.LineRef, bool) {
	switch l.Kind {
	case gitops.LineRemoved:
		return gitops.LineRef{Kind: l.Kind, Old: l.Old}, true
	case gitops.LineAdded:
		return gitops.LineRef{Kind: l.Kind, New: l.New}, true
	}
	return gitops.LineRef{}, false
}

// wholeFile is why a file is staged only whole ("" when its lines can be
// staged one by one).
func wholeFile(fd gitops.FileDiff) string {
	const link = 0o120000
	switch {
	case fd.Binary:
		return "binary file"
	case fd.Submodule:
		return "submodule"
	case fd.Truncated:
		return "file too large to show"
	case fd.Status == 'U':
		return "file in conflict (stage the resolved file)"
	case fd.Status == 'T':
		return "type change"
	case fd.OldMode == link || fd.NewMode == link:
		return "symbolic link"
	case fd.ModeOnly:
		return "mode change only"
	case len(fd.Hunks) == 0:
		return "no changed lines"
	}
	return ""
}

// stageDisabled is why a Stage binding does nothing now ("" when it does
// something).
func (m *Model) stageDisabled(id string) string {
	if !m.staging {
		return "not a diff to stage from"
	}
	if len(m.files) == 0 {
		return "no file shown"
	}
	if id == "stage.switch" {
		return ""
	}
	switch {
	case m.err != nil:
		return "the diff did not load"
	case !m.shown() || m.loading:
		// Lines are only ever taken from the diff the user sees.
		return "the diff is loading"
	}
	whole := wholeFile(m.doc.File())
	switch id {
	case "stage.select":
		if whole != "" {
			return whole + ": whole-file only"
		}
	case "stage.discard":
		if m.src.Staged {
			return "discarding staged lines is not offered: unstage them first"
		}
	}
	if whole == "" && !m.hasCursor() {
		return "no line under the cursor"
	}
	return ""
}

// stageKeys are the Stage bindings with their Disabled reasons.
func (m Model) stageKeys() []keys.Binding {
	out := m.env.Keys.In(keys.Stage)
	for i := range out {
		out[i].Disabled = m.stageDisabled(out[i].ID)
	}
	return out
}
