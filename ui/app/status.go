package app

import (
	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/commitbox"
	"reef/ui/confirm"
	"reef/ui/diffpane"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/statuspane"
)

// statusScreen is the Status screen: the file list, the selected file's
// diff beside it (a diff pane of its own, so the Log's stays as it was),
// and what opens over them: the commit box, a question before a
// dangerous action, the list of recorded discards.
type statusScreen struct {
	list      statuspane.Model
	diff      diffpane.Model
	diffFocus bool   // the diff has the keyboard
	diffGen   uint64 // the list's diff request the diff shows

	box     commitbox.Model
	boxOpen bool

	ask      *question            // nil: no question asked
	discards *statuspane.Discards // nil: the list is closed

	// session are this session's discards, oldest first: u restores the
	// newest.
	session []gitops.Discard
	// busy names the write running ("" when none): one at a time, as
	// each takes the index lock.
	busy string
	seq  pane.Seq
	want uint64 // the write whose answer is wanted
}

// question is a dangerous action waiting for its answer.
type question struct {
	box confirm.Model
	yes op
}

// stageDiffMsg is a result of the Status screen's diff pane, kept apart
// from the Log's diff pane (each numbers its requests from 1).
type stageDiffMsg struct{ msg tea.Msg }

// forStage tags what a command of the Status diff answers, so only that
// pane sees it; what the pane asks of the root passes as it is.
func forStage(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		switch msg := msg.(type) {
		case nil:
			return nil
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = forStage(c)
			}
			return out
		case pane.StatusMsg, pane.StageLinesMsg, pane.SwitchStageSideMsg, pane.OpenDiffMsg:
			return msg
		}
		return stageDiffMsg{msg}
	}
}

// newStatusScreen is the screen before its first refresh.
func newStatusScreen(env *pane.Env, environ []string) statusScreen {
	return statusScreen{list: statuspane.New(env), diff: diffpane.New(env), box: commitbox.New(env, environ)}
}

// statusSplit is the list's width and the diff's: about a third for
// the list, as lazygit gives it.
func (m Model) statusSplit() (listW, diffW int) {
	listW = min(max(m.width*35/100, 24), m.width/2)
	return listW, max(m.width-listW-1, 1)
}

func (m *Model) layoutStatus() {
	lw, dw := m.statusSplit()
	m.st.list.SetSize(lw, m.bodyHeight())
	m.st.diff = m.st.diff.SetSize(dw, m.bodyHeight())
	m.st.box.SetSize(m.width, m.bodyHeight())
}

// statusCapturing reports whether the Status screen takes every key:
// the commit box is being typed in, or a question waits for its answer.
func (m Model) statusCapturing() bool {
	return m.env != nil && m.screen == ScreenStatus && !m.help && (m.st.boxOpen || m.st.ask != nil)
}

// showStatus refreshes the list each time the screen comes up: the work
// tree may have changed behind reef's back. The old list shows until the
// new one arrives.
func (m Model) showStatus() (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.st.list, cmd = m.st.list.Refresh(false)
	return m, cmd
}

// focusStatusDiff gives the keyboard to the diff beside the list.
func (m *Model) focusStatusDiff(on bool) {
	m.st.diffFocus = on
	if on {
		m.st.list.Blur()
	} else {
		m.st.list.Focus()
	}
}

// statusKey handles a key on the Status screen.
func (m Model) statusKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := msg.String()
	ks := m.opts.Keys
	switch {
	case m.st.ask != nil:
		switch m.st.ask.box.Key(ks, k) {
		case confirm.Yes:
			yes := m.st.ask.yes
			m.st.ask = nil
			return m.runOp(yes)
		case confirm.No:
			m.st.ask = nil
			m.status = "nothing was changed"
		}
		return m, nil
	case m.st.boxOpen && ks.Is("commit.cancel", k) && m.st.box.Closable():
		// Closed at once; the draft is saved behind.
		m.st.boxOpen = false
		var cmd tea.Cmd
		m.st.box, cmd = m.st.box.Close()
		return m, cmd
	case m.st.boxOpen:
		var cmd tea.Cmd
		m.st.box, cmd = m.st.box.Update(msg)
		return m, cmd
	case m.st.discards != nil:
		return m.discardsKey(k)
	case m.st.diffFocus:
		return m.stageDiffKey(msg)
	}
	switch {
	case ks.Is("list.open", k):
		if l, ok := m.st.list.ToggleDir(); ok {
			m.st.list = l
			return m, nil
		}
		if _, ok := m.st.list.SelectedItem(); ok {
			m.focusStatusDiff(true)
		}
		return m, nil
	case ks.Is("global.next-pane", k), ks.Is("global.prev-pane", k):
		if _, _, ok := m.st.list.Selected(); ok {
			m.focusStatusDiff(true)
		}
		return m, nil
	}
	for _, b := range ks.In(keys.Status) {
		if ks.Is(b.ID, k) {
			return m.statusAction(b.ID)
		}
	}
	var cmd tea.Cmd
	m.st.list, cmd = m.st.list.Update(msg)
	return m, cmd
}

// stageDiffKey handles a key while the diff has the keyboard: esc clears
// its selection, then comes back to the list; the commit, undo and
// refresh keys work from here too when the diff does not use them.
func (m Model) stageDiffKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := msg.String()
	ks := m.opts.Keys
	if ks.Is("global.back", k) {
		d, cleared := m.st.diff.Back()
		m.st.diff = d
		if !cleared {
			m.focusStatusDiff(false)
		}
		return m, nil
	}
	if !diffUses(ks, k) {
		for _, id := range []string{"status.commit", "status.commit-editor", "status.amend", "status.undo-discard", "status.refresh"} {
			if ks.Is(id, k) {
				return m.statusAction(id)
			}
		}
	}
	var cmd tea.Cmd
	m.st.diff, cmd = m.st.diff.Update(msg)
	return m, forStage(cmd)
}

// diffUses reports whether a Diff or Stage binding takes key k.
func diffUses(ks *keys.Map, k string) bool {
	for _, s := range []keys.Scope{keys.Diff, keys.Stage} {
		for _, b := range ks.In(s) {
			if ks.Is(b.ID, k) {
				return true
			}
		}
	}
	return false
}

// discardsKey moves in the discards list, restores one, or closes it.
func (m Model) discardsKey(k string) (tea.Model, tea.Cmd) {
	ks := m.opts.Keys
	d := *m.st.discards
	switch {
	case ks.Is("global.back", k), ks.Is("status.discards", k):
		m.st.discards = nil
	case ks.Is("list.down", k):
		d = d.Move(1)
	case ks.Is("list.up", k):
		d = d.Move(-1)
	case ks.Is("list.top", k):
		d = d.Move(-1 << 20)
	case ks.Is("list.bottom", k):
		d = d.Move(1 << 20)
	case ks.Is("list.open", k):
		rec, ok := d.Selected()
		if !ok {
			return m, nil
		}
		m.st.discards = nil
		return m.runOp(op{kind: opRestore, record: rec})
	}
	if m.st.discards != nil {
		m.st.discards = &d
	}
	return m, nil
}

// statusAction runs a Status binding, or says why it does nothing now.
func (m Model) statusAction(id string) (tea.Model, tea.Cmd) {
	if why := m.st.list.Disabled(id, len(m.st.session)); why != "" {
		m.status = why
		return m, nil
	}
	row, items, _ := m.st.list.Selected()
	switch id {
	case "status.refresh":
		return m.showStatus()
	case "status.tree":
		m.st.list = m.st.list.ToggleTree()
		return m, nil
	case "status.commit", "status.amend":
		m.st.boxOpen = true
		var cmd tea.Cmd
		m.st.box, cmd = m.st.box.Open(id == "status.amend")
		return m, cmd
	case "status.commit-editor":
		m.st.boxOpen = true
		var cmd tea.Cmd
		m.st.box, cmd = m.st.box.OpenEditor()
		return m, cmd
	case "status.discards":
		d := statuspane.NewDiscards(m.env)
		m.st.discards = &d
		return m, listDiscards(m.env.Ctx, m.env.Repo)
	case "status.undo-discard":
		return m.runOp(op{kind: opRestore, record: m.st.session[len(m.st.session)-1]})
	case "status.stage":
		if row.Group == statuspane.Staged {
			return m.runOp(op{kind: opUnstage, paths: pathsOf(items, true)})
		}
		return m.runOp(op{kind: opStage, paths: pathsOf(items, false)})
	case "status.stage-all":
		if statuspane.AllStaged(m.st.list.Items()) {
			return m.runOp(op{kind: opUnstageAll})
		}
		return m.runOp(op{kind: opStageAll})
	case "status.discard":
		o := op{kind: opDiscard, paths: pathsOf(items, false)}
		m.st.ask = &question{box: discardQuestion(row, items), yes: o}
		return m, nil
	case "status.ignore":
		path := row.Dir
		if row.Kind == statuspane.RowFile {
			path = items[0].Path
		}
		m.st.ask = &question{box: confirm.New("Add "+path+" to .gitignore?",
			"git stops listing it as untracked; the file itself stays where it is.",
			"The rule goes at the end of the top-level .gitignore, which you can edit or commit."),
			yes: op{kind: opIgnore, paths: []string{path}}}
		return m, nil
	}
	return m, nil
}

// pathsOf is the paths of items (with a staged rename's source, so
// unstaging it puts both sides back).
func pathsOf(items []statuspane.Item, sources bool) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, it := range items {
		add(it.Path)
		if sources {
			add(it.OrigPath)
		}
	}
	return out
}

// stageLines answers the diff's request to stage, unstage or discard
// lines; discarding asks first.
func (m Model) stageLines(msg pane.StageLinesMsg) (tea.Model, tea.Cmd) {
	if _, ok := m.statusItem(msg.File.NewPath, statuspane.Conflicted); ok {
		m.status = "a conflict is staged whole: resolve it in the file, then space in the list stages it"
		return m, nil
	}
	o := op{kind: opLines, lines: msg}
	if item, ok := m.statusItem(msg.File.NewPath, statuspane.Untracked); ok && msg.Lines == nil {
		// A whole untracked file is simply added (or deleted).
		o = op{kind: opStage, paths: []string{item.Path}}
		if msg.Discard {
			o.kind = opDiscard
		}
	}
	if !msg.Discard {
		return m.runOp(o)
	}
	if msg.Staged {
		m.status = "discarding works in the unstaged diff: unstage the lines first (space), then discard them"
		return m, nil
	}
	m.st.ask = &question{box: discardLinesQuestion(msg), yes: o}
	return m, nil
}

// statusItem finds the item of path in group g.
func (m Model) statusItem(path string, g statuspane.Group) (statuspane.Item, bool) {
	for _, it := range m.st.list.Items() {
		if it.Group == g && it.Path == path {
			return it, true
		}
	}
	return statuspane.Item{}, false
}

// switchSide shows the file's other diff, when it has one.
func (m Model) switchSide(msg pane.SwitchStageSideMsg) (tea.Model, tea.Cmd) {
	want := statuspane.Staged
	if msg.Staged {
		want = statuspane.Unstaged
		if _, ok := m.statusItem(msg.File.NewPath, want); !ok {
			want = statuspane.Untracked
		}
	}
	l, cmd, ok := m.st.list.Select(statuspane.Key{Group: want, Path: msg.File.NewPath})
	if !ok {
		side := "staged"
		if msg.Staged {
			side = "unstaged"
		}
		m.status = msg.File.NewPath + " has no " + side + " changes"
		return m, nil
	}
	m.st.list = l
	return m, cmd
}

// followList opens the diff the list asks for, when it asks for another
// one than the diff shows.
func (m Model) followList(cmd tea.Cmd) (Model, tea.Cmd) {
	if m.env == nil {
		return m, cmd
	}
	if m.st.list.DiffGen() == m.st.diffGen {
		return m, cmd
	}
	req, gen := m.st.list.DiffRequest()
	m.st.diffGen = gen
	var open tea.Cmd
	m.st.diff, open = m.st.diff.Open(req)
	if len(req.Files) == 0 && m.st.diffFocus {
		m.focusStatusDiff(false)
	}
	return m, tea.Batch(cmd, forStage(open))
}
