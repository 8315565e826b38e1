package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/diffpane"
	"reef/ui/historypane"
	"reef/ui/pane"
	"reef/ui/reviewpane"
)

// historyScreen is the File history screen: the pane (list, file and
// blame views) and the diff beside it, a diff pane of its own so the
// Log's and the Status screen's stay as they were.
type historyScreen struct {
	pane    historypane.Model
	diff    diffpane.Model
	diffGen uint64 // the pane's diff request the diff shows
}

// historyDiffMsg is a result of the History screen's diff pane, kept
// apart from the other diff panes (each numbers its requests from 1).
type historyDiffMsg struct{ msg tea.Msg }

// forHistory tags what a command of the History diff answers, so only
// that pane sees it; what the pane asks of the root passes as it is.
func forHistory(cmd tea.Cmd) tea.Cmd {
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
				out[i] = forHistory(c)
			}
			return out
		case pane.StatusMsg, pane.OpenDiffMsg, pane.OpenHistoryMsg:
			return msg
		}
		return historyDiffMsg{msg}
	}
}

// newHistoryScreen is the screen before a file is opened. A review
// engine given in the options (tests) reviews for it too.
func newHistoryScreen(env *pane.Env, engine reviewpane.Engine) historyScreen {
	var opts []historypane.Option
	if engine != nil {
		opts = append(opts, historypane.WithReviewer(engineReviewer(env.Repo, engine)))
	}
	return historyScreen{pane: historypane.New(env, opts...), diff: diffpane.New(env)}
}

// engineReviewer reviews through a Review screen engine, the whole
// comparison; the pane keeps the findings on its file.
func engineReviewer(repo *gitops.Repo, engine reviewpane.Engine) historypane.Reviewer {
	return func(ctx context.Context, t gitops.ReviewTarget, _ []string) ([]iac.Finding, error) {
		c := reviewpane.Comparison{Kind: reviewpane.KindRange, From: t.From, To: t.To}
		switch t.Kind {
		case gitops.ReviewStaged:
			c = reviewpane.Comparison{Kind: reviewpane.KindStaged}
		case gitops.ReviewWorktree:
			c = reviewpane.Comparison{Kind: reviewpane.KindWorktree}
		}
		res, err := engine(ctx, repo, c)
		if err != nil || res == nil {
			return nil, err
		}
		return res.Findings, nil
	}
}

func (m *Model) layoutHistory() {
	m.hist.pane.SetSize(m.width, m.bodyHeight())
	w, h := m.hist.pane.DetailSize()
	m.hist.diff = m.hist.diff.SetSize(w, h)
}

// openHistory shows the File history screen on a file.
func (m Model) openHistory(msg pane.OpenHistoryMsg) (Model, tea.Cmd) {
	if m.env == nil || msg.Path == "" {
		return m, nil
	}
	m.screen = ScreenHistory
	var cmd tea.Cmd
	m.hist.pane, cmd = m.hist.pane.Open(msg.Path, msg.Rev)
	m.hist.pane.Focus()
	return m, cmd
}

// openStartHistory opens the file reef was started on (reef history
// PATH), a path relative to the directory reef started in.
func (m Model) openStartHistory(opened openedMsg) (Model, tea.Cmd) {
	if opened.relErr != nil {
		m.status, m.isErr = opened.relErr.Error(), true
		return m, nil
	}
	if opened.head == nil {
		return m, nil
	}
	m.screen = ScreenHistory
	var cmd tea.Cmd
	m.hist.pane, cmd = m.hist.pane.OpenHead(opened.head)
	m.hist.pane.Focus()
	return m, cmd
}

// repoPath turns a path given on the command line (relative to dir, the
// directory reef was started in) into one from the top of the work tree.
func repoPath(dir, top, p string) (string, error) {
	if top == "" {
		return filepath.ToSlash(filepath.Clean(p)), nil
	}
	cwd, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = resolved
	}
	if resolved, err := filepath.EvalSymlinks(top); err == nil {
		top = resolved
	}
	abs := p
	if !filepath.IsAbs(p) {
		abs = filepath.Join(cwd, p)
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the repository at %s: give a file inside it", p, top)
	}
	if rel == "." {
		return "", fmt.Errorf("%s is the repository itself: give a file inside it", p)
	}
	return filepath.ToSlash(rel), nil
}

// followHistory opens the diff the History pane asks for, when it asks
// for another one than the diff shows.
func (m Model) followHistory(cmd tea.Cmd) (Model, tea.Cmd) {
	if m.env == nil || m.hist.pane.DiffGen() == m.hist.diffGen {
		return m, cmd
	}
	req, gen := m.hist.pane.DiffRequest()
	m.hist.diffGen = gen
	if len(req.Files) == 0 {
		return m, cmd
	}
	var open tea.Cmd
	if m.hist.diff.Shows(req) {
		// Only the findings are new: keep the diff where the user is.
		m.hist.diff, open = m.hist.diff.SetFindings(req.Findings)
	} else {
		m.hist.diff, open = m.hist.diff.Open(req)
	}
	return m, tea.Batch(cmd, forHistory(open))
}

// historyKey handles a key on the History screen: the pane's first, the
// rest scroll the diff when it has the keyboard.
func (m Model) historyKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	var handled bool
	m.hist.pane, cmd, handled = m.hist.pane.Key(msg)
	if handled || !m.hist.pane.DiffFocused() {
		return m, cmd
	}
	m.hist.diff, cmd = m.hist.diff.Update(msg)
	return m, forHistory(cmd)
}

// historyFromDiff is H in a diff: the history of the file it shows (in
// the Log's or Review's diff, as of the commit compared; in the Status
// screen's, from HEAD).
func (m Model) historyFromDiff() (Model, tea.Cmd, bool) {
	var d diffpane.Model
	var rev gitops.Hash
	switch {
	case m.screen == ScreenStatus && m.st.diffFocus && m.st.discards == nil:
		d = m.st.diff
	case m.screen != ScreenStatus && m.screen != ScreenHistory && m.diffShown():
		d = m.diff
		rev = m.diffSrc.Commit
		if rev.IsZero() {
			rev = m.diffSrc.Target
		}
	default:
		return m, nil, false
	}
	doc := d.Doc()
	if doc == nil {
		m.status = "wait for the diff to load, then H shows the file's history"
		return m, nil, true
	}
	fc := doc.File()
	path := fc.NewPath
	if fc.NewMode == 0 && !rev.IsZero() {
		path = fc.OldPath // deleted there: its history goes back from that commit
	}
	mm, cmd := m.openHistory(pane.OpenHistoryMsg{Path: path, Rev: rev})
	return mm, cmd, true
}

// historyBody draws the History screen.
func (m Model) historyBody() string {
	diff := ""
	if m.hist.pane.DiffShown() {
		w, h := m.hist.pane.DetailSize()
		diff = m.hist.diff.View(w, h, m.hist.pane.DiffFocused())
	}
	return m.hist.pane.View(diff)
}

// historyMouse routes a click or the wheel at body coordinates: the diff
// pane's when it is under the mouse, else the History pane's.
func (m Model) historyMouse(x, y int, msg tea.Msg) (tea.Model, tea.Cmd) {
	if dx, dy, ok := m.hist.pane.DetailAt(x, y); ok && m.hist.pane.DiffShown() {
		var cmd tea.Cmd
		if _, click := msg.(pane.ClickMsg); click {
			m.hist.pane, _ = m.hist.pane.Update(pane.ClickMsg{X: x, Y: y})
			msg = pane.ClickMsg{X: dx, Y: dy}
		}
		m.hist.diff, cmd = m.hist.diff.Update(msg)
		return m, forHistory(cmd)
	}
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case pane.WheelMsg:
		m.hist.pane, cmd = m.hist.pane.Wheel(x, y, msg.Delta)
	default:
		m.hist.pane, cmd = m.hist.pane.Update(pane.ClickMsg{X: x, Y: y})
	}
	return m, cmd
}
