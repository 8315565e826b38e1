package statuspane

import (
	"reef/ui/keys"
)

// Keys returns the list's bindings and the Status screen's, each with
// the reason it does nothing now (Disabled) when it does nothing now.
// undoable is how many discards of this session can be undone.
func (m Model) Keys(undoable int) []keys.Binding {
	var out []keys.Binding
	for _, b := range m.env.Keys.In(keys.List) {
		switch b.ID {
		case "list.filter":
			continue
		case "list.open":
			b.Help = "focus the file's diff (on a directory: fold / unfold it)"
			if _, ok := m.selectedRow(); !ok {
				b.Disabled = "no file selected"
			}
		case "list.bottom":
			b.Help = "last file"
		}
		out = append(out, b)
	}
	h := m.env.Keys.Get("files.history")
	h.Disabled = m.historyDisabled()
	out = append(out, h)
	for _, b := range m.env.Keys.In(keys.Status) {
		b.Disabled = m.disabled(b.ID, undoable)
		if b.ID == "status.stage-all" && AllStaged(m.items) {
			b.Help = "unstage all"
		} else if b.ID == "status.stage-all" && b.Disabled == "" {
			b.Help = "stage all"
		}
		out = append(out, b)
	}
	return out
}

// Disabled is why Status binding id does nothing now ("" when it does
// something), for help and for the status bar when it is pressed anyway.
func (m Model) Disabled(id string, undoable int) string { return m.disabled(id, undoable) }

func (m Model) disabled(id string, undoable int) string {
	if !m.loaded {
		switch id {
		case "status.refresh", "status.tree", "status.discards", "status.undo-discard":
		default:
			return "the status is still loading"
		}
	}
	r, items, selected := m.Selected()
	n := Counts(m.items)
	switch id {
	case "status.stage":
		if !selected {
			return "no file selected"
		}
	case "status.stage-all":
		if len(m.items) == 0 {
			return "nothing to stage: the work tree is clean"
		}
	case "status.discard":
		switch {
		case !selected:
			return "no file selected"
		case r.Group == Staged:
			return "only staged changes here: unstage them first (space), then discard"
		case r.Group == Conflicted:
			return "a conflict: edit the file and stage it, or take a side with git checkout --ours/--theirs"
		case len(items) == 0:
			return "nothing to discard"
		}
	case "status.ignore":
		switch {
		case !selected:
			return "no file selected"
		case r.Group != Untracked:
			return "only untracked files can be ignored: git keeps tracking the others"
		}
	case "status.commit", "status.commit-editor":
		merging := m.status != nil && m.status.State.Merge
		switch {
		case n[Conflicted] > 0:
			return "conflicts are left: resolve them and stage the files first"
		case n[Staged] == 0 && !merging:
			return "nothing staged: space stages the file, a stages all"
		}
	case "status.amend":
		if m.status != nil && m.status.Branch.Unborn {
			return "no commit to amend yet"
		}
	case "status.undo-discard":
		if undoable == 0 {
			return "no discard made since reef started (U lists older ones)"
		}
	}
	return ""
}
