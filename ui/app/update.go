package app

import (
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"reef/ui/commitbox"
	"reef/ui/diffpane"
	"reef/ui/logpane"
	"reef/ui/pane"
	"reef/ui/reviewpane"
)

// Update routes messages: program events here, pane results to panes.
// The Status screen's diff then follows its list's selection.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	mm, cmd := m.update(msg)
	m, cmd = mm.(Model).followList(cmd)
	m, cmd = m.followHistory(cmd)
	if m.spinIdle && m.spinning() {
		// Something started loading: the spinner turns again.
		m.spinIdle = false
		cmd = tea.Batch(cmd, m.spin.Tick)
	}
	return m, cmd
}

// spinning reports whether a spinner frame is on screen: in the footer
// while the pane shown loads, in the commit box while hooks run.
func (m Model) spinning() bool {
	if m.env == nil {
		return true
	}
	switch m.bodyPane() {
	case "log":
		if _, done := m.log.Loaded(); !done && m.log.Err() == nil {
			return true
		}
	case "review":
		if m.review.Busy() {
			return true
		}
	case "status":
		if m.st.busy != "" || m.st.list.Loading() {
			return true
		}
	case "history":
		if _, done := m.hist.pane.Loaded(); !done {
			return true
		}
	}
	return m.st.box.Busy()
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		if !m.opts.DarkKnown {
			m.dark = msg.IsDark()
			m.styles = m.opts.Styles(m.dark)
			if m.env != nil {
				m.env.Styles = m.styles
			}
		}
		return m, nil
	case openedMsg:
		if msg.err != nil {
			// Nothing to show: leave and let main print the error.
			m.err = msg.err
			return m, tea.Quit
		}
		m.env = &pane.Env{Ctx: m.ctx, Repo: msg.repo, Styles: m.styles, Keys: m.opts.Keys, Diff: m.opts.Diff, HistoryIndex: m.opts.HistoryIndex, Now: m.opts.Now}
		m.log = logpane.New(m.env)
		var ro []reviewpane.Option
		if m.opts.ReviewEngine != nil {
			ro = append(ro, reviewpane.WithReviewer(reviewpane.RepoReviewer(msg.repo, m.opts.ReviewEngine)))
		}
		m.review = reviewpane.New(m.env, ro...)
		m.diff = diffpane.New(m.env)
		m.st = newStatusScreen(m.env, m.environ)
		m.hist = newHistoryScreen(m.env, m.opts.ReviewEngine)
		m.layout()
		m, open := m.openStartHistory(msg)
		return m, tea.Batch(m.startLog(), open)
	case spinner.TickMsg:
		if !m.spinning() {
			// Nothing to turn for: no more ticks, so an idle screen is not
			// drawn again a dozen times a second. Update starts them again.
			m.spinIdle = true
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case pane.OpenDiffMsg:
		if msg.Staging {
			// The Status screen's diff, beside its list.
			var cmd tea.Cmd
			m.st.diff, cmd = m.st.diff.Open(msg)
			return m, forStage(cmd)
		}
		if m.screen == ScreenStatus || m.screen == ScreenHistory {
			// A late answer from another screen: the Status and History
			// screens show their own diffs.
			return m, nil
		}
		if m.inDiff && m.diffOn != m.screen {
			// The diff leaves the screen it was on: that screen's pane
			// has its body back.
			m.focusOrigin()
		}
		m.inDiff, m.diffOn, m.diffSrc = true, m.screen, msg.Source
		var cmd tea.Cmd
		m.diff, cmd = m.diff.Open(msg)
		if m.screen == ScreenReview {
			m.review.Blur()
		} else {
			m.log.Blur()
		}
		return m, cmd
	case pane.OpenHistoryMsg:
		return m.openHistory(msg)
	case historyDiffMsg:
		if m.env == nil {
			return m, nil
		}
		var cmd tea.Cmd
		m.hist.diff, cmd = m.hist.diff.Update(msg.msg)
		return m, forHistory(cmd)
	case stageDiffMsg:
		if m.env == nil {
			return m, nil
		}
		var cmd tea.Cmd
		m.st.diff, cmd = m.st.diff.Update(msg.msg)
		return m, forStage(cmd)
	case pane.StageLinesMsg:
		return m.stageLines(msg)
	case pane.SwitchStageSideMsg:
		return m.switchSide(msg)
	case opDoneMsg:
		return m.opDone(msg)
	case discardsMsg:
		if m.st.discards != nil {
			d := m.st.discards.Set(msg.list, msg.err)
			m.st.discards = &d
		}
		return m, nil
	case commitbox.CommittedMsg:
		return m.committed(msg)
	case commitbox.ClosedMsg:
		if msg.Err != nil {
			m.status, m.isErr = "the draft could not be saved: "+msg.Err.Error(), true
		}
		return m, nil
	case pane.StatusMsg:
		m.status, m.isErr = msg.Text, msg.Err != nil
		if msg.Err != nil {
			m.status = msg.Err.Error()
		}
		return m, nil
	case tea.KeyPressMsg:
		// A message stays until the next key; then the hints come back.
		m.status, m.isErr = "", false
		return m.key(msg)
	case tea.MouseWheelMsg:
		return m.wheel(msg)
	case tea.MouseClickMsg:
		return m.click(msg)
	}
	if m.env == nil {
		return m, nil
	}
	// Everything else is a pane's own result; each drops what is not its.
	var c1, c2, c3, c4, c5, c6 tea.Cmd
	m.log, c1 = m.log.Update(msg)
	m.review, c2 = m.review.Update(msg)
	m.diff, c3 = m.diff.Update(msg)
	m.st.list, c4 = m.st.list.Update(msg)
	m.st.box, c5 = m.st.box.Update(msg)
	m.hist.pane, c6 = m.hist.pane.Update(msg)
	return m, tea.Batch(c1, c2, c3, c4, c5, c6)
}

// key handles a key press: help first, then a pane that captures typing,
// then global keys, then the focused pane.
func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := msg.String()
	ks := m.opts.Keys
	if m.help {
		switch {
		case ks.Is("help.close", k) || ks.Is("global.help", k):
			m.help = false
		case ks.Is("list.down", k):
			m.helpTop++
		case ks.Is("list.up", k):
			m.helpTop--
		case ks.Is("list.half-down", k):
			m.helpTop += m.bodyHeight() / 2
		case ks.Is("list.half-up", k):
			m.helpTop -= m.bodyHeight() / 2
		case ks.Is("list.top", k):
			m.helpTop = 0
		case ks.Is("list.bottom", k):
			m.helpTop = 1 << 20
		}
		n := strings.Count(m.helpView(), "\n") + 1
		m.helpTop = min(max(m.helpTop, 0), max(n-(m.bodyHeight()-1), 0))
		return m, nil
	}
	if m.statusCapturing() {
		if k == "ctrl+c" {
			// Quitting with the box open keeps its draft.
			if m.st.boxOpen {
				var save tea.Cmd
				m.st.box, save = m.st.box.Close()
				return m, tea.Sequence(save, tea.Quit)
			}
			return m, tea.Quit
		}
		return m.statusKey(msg)
	}
	if m.env != nil && m.screen == ScreenLog && !m.diffShown() && m.log.Capturing() {
		var cmd tea.Cmd
		m.log, cmd = m.log.Update(msg)
		return m, cmd
	}
	if m.env != nil && m.screen == ScreenHistory && m.hist.pane.Capturing() {
		return m.historyKey(msg)
	}
	switch {
	case ks.Is("global.quit", k):
		return m, tea.Quit
	case ks.Is("global.help", k):
		m.help, m.helpTop = true, 0
		return m, nil
	case ks.Is("global.status", k):
		return m.show(ScreenStatus)
	case ks.Is("global.log", k):
		return m.show(ScreenLog)
	case ks.Is("global.history", k):
		return m.show(ScreenHistory)
	case ks.Is("global.pulls", k):
		return m.show(ScreenPulls)
	case ks.Is("global.review", k):
		return m.show(ScreenReview)
	}
	if m.env == nil {
		return m, nil
	}
	if ks.Is("files.history", k) {
		if mm, cmd, ok := m.historyFromDiff(); ok {
			return mm, cmd
		}
	}
	if m.screen == ScreenStatus {
		return m.statusKey(msg)
	}
	if m.screen == ScreenHistory {
		return m.historyKey(msg)
	}
	if m.diffShown() {
		if ks.Is("global.back", k) {
			m.inDiff = false
			m.focusOrigin()
			return m, nil
		}
		var cmd tea.Cmd
		m.diff, cmd = m.diff.Update(msg)
		return m, cmd
	}
	switch m.screen {
	case ScreenReview:
		var cmd tea.Cmd
		m.review, cmd = m.review.Update(msg)
		return m, cmd
	case ScreenLog:
		return m.logKey(msg)
	}
	return m, nil
}

// logKey handles a key for the Log screen's list and files.
func (m Model) logKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := msg.String()
	ks := m.opts.Keys
	switch {
	case ks.Is("global.next-pane", k):
		m.log.NextArea(false)
		return m, nil
	case ks.Is("global.prev-pane", k):
		m.log.NextArea(true)
		return m, nil
	case ks.Is("global.back", k):
		var cmd tea.Cmd
		m.log, cmd, _ = m.log.Back()
		return m, cmd
	}
	var cmd tea.Cmd
	m.log, cmd = m.log.Update(msg)
	return m, cmd
}

// show switches screens. The Review screen reviews the commit selected
// in the Log when that changed since it last came up.
func (m Model) show(s Screen) (tea.Model, tea.Cmd) {
	prev := m.screen
	m.screen = s
	if m.env != nil && prev == ScreenHistory && s != ScreenHistory {
		m.hist.pane = m.hist.pane.Pause()
	}
	if m.env != nil && s == ScreenHistory && prev != ScreenHistory {
		var cmd tea.Cmd
		m.hist.pane, cmd = m.hist.pane.Resume()
		return m, cmd
	}
	if s == ScreenStatus && m.env != nil {
		return m.showStatus()
	}
	if s == ScreenReview && m.env != nil {
		var cmd tea.Cmd
		m.review, cmd = m.review.Offer(m.reviewTarget())
		return m, cmd
	}
	return m, m.startLog()
}

// startLog reads the Log's first page the first time the Log is shown.
// Opened on a file's history, reef leaves it until then: reading it
// beside the history's first page would take half the processor from it.
func (m *Model) startLog() tea.Cmd {
	if m.env == nil || m.screen != ScreenLog || m.logStarted {
		return nil
	}
	m.logStarted = true
	return m.log.Init()
}

// pane says which pane has the body now.
func (m Model) bodyPane() string {
	switch {
	case m.env == nil:
		return ""
	case m.screen == ScreenStatus:
		return "status"
	case m.screen == ScreenHistory:
		return "history"
	case m.diffShown():
		return "diff"
	case m.screen == ScreenLog:
		return "log"
	case m.screen == ScreenReview:
		return "review"
	}
	return ""
}

// wheel scrolls whatever is under the mouse.
func (m Model) wheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	if m.bodyPane() == "" || m.help {
		return m, nil
	}
	d := 3
	if msg.Mouse().Button == tea.MouseWheelUp {
		d = -3
	} else if msg.Mouse().Button != tea.MouseWheelDown {
		return m, nil
	}
	if m.bodyPane() == "history" {
		return m.historyMouse(msg.Mouse().X, msg.Mouse().Y-1, pane.WheelMsg{Delta: d})
	}
	return m.toBody(pane.WheelMsg{Delta: d})
}

// toBody sends a message to the pane that has the body.
func (m Model) toBody(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.bodyPane() {
	case "diff":
		m.diff, cmd = m.diff.Update(msg)
	case "log":
		m.log, cmd = m.log.Update(msg)
	case "review":
		m.review, cmd = m.review.Update(msg)
	case "history":
		m.hist.pane, cmd = m.hist.pane.Update(msg)
	case "status":
		if m.st.diffFocus || m.st.discards != nil {
			m.st.diff, cmd = m.st.diff.Update(msg)
			return m, forStage(cmd)
		}
		m.st.list, cmd = m.st.list.Update(msg)
	}
	return m, cmd
}

// click focuses and selects under the mouse; the header switches screens.
func (m Model) click(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft || m.help {
		return m, nil
	}
	if mouse.Y == 0 {
		if s, ok := m.tabAt(mouse.X); ok {
			return m.show(s)
		}
		return m, nil
	}
	if m.bodyPane() == "" || mouse.Y > m.bodyHeight() {
		return m, nil
	}
	switch m.bodyPane() {
	case "log":
		m.log.Focus()
	case "review":
		m.review.Focus()
	case "status":
		return m.statusClick(mouse.X, mouse.Y-1)
	case "history":
		return m.historyMouse(mouse.X, mouse.Y-1, pane.ClickMsg{X: mouse.X, Y: mouse.Y - 1})
	}
	return m.toBody(pane.ClickMsg{X: mouse.X, Y: mouse.Y - 1})
}
