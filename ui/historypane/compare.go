package historypane

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/pane"
)

// settleDelay is how long the selection rests before the selected
// version is compared, reviewed and read: holding j starts nothing.
const settleDelay = 60 * time.Millisecond

// cmpKind is what the diff compares.
type cmpKind uint8

const (
	cmpCommit   cmpKind = iota + 1 // a commit's change to the file, against its first parent
	cmpRange                       // two versions: marked and selected
	cmpWorktree                    // a version and the work-tree file
	cmpLine                        // a line history's commit: its change, at the range
)

// version is the file in a commit, under the name it has there.
type version struct {
	commit gitops.Hash
	path   string
}

// comparison is what the diff shows: old and new sides of the file.
// For cmpCommit only old.path is set on the old side (the parent is read
// with the commit); cmpWorktree's new side is the work tree.
type comparison struct {
	kind     cmpKind
	old, new version
	change   *gitops.FileChange // cmpLine: the walk found it already
	line     int                // a line of the new side to show first
	title    string
}

// detail is the comparison shown and its answers.
type detail struct {
	cmp     comparison
	id      uint64
	cancel  context.CancelFunc
	loading bool
	err     error
	none    string // why there is no diff: the two sides are the same
	change  gitops.FileChange
	has     bool // change holds the answer for cmp
	// keep: the diff shown before this one stays on screen while this
	// one is computed.
	keep      bool
	findings  []iac.Finding
	reviewing bool   // the review's answer is awaited
	gen       uint64 // bumped each time the diff to show changes
}

func (d *detail) stop() {
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

// selectionChanged waits for the selection to rest before showing it.
func (m *Model) selectionChanged() tea.Cmd {
	m.settling = m.seq.Next()
	id := m.settling
	return tea.Tick(settleDelay, func(time.Time) tea.Msg { return settleMsg{id: id} })
}

// selection is the comparison the list's selection, mark and W ask for.
func (m *Model) selection() (comparison, bool) {
	e := m.list.selected()
	if e == nil {
		return comparison{}, false
	}
	repo := m.env.Repo
	short := repo.ShortHash(e.commit.ID)
	if m.worktree {
		// The work tree has the file under its name at the tip of the
		// history.
		return comparison{kind: cmpWorktree, old: version{e.commit.ID, e.path}, new: version{path: m.path},
			title: "work tree against " + short}, true
	}
	if mk := m.list.marked(); mk != nil && mk.commit.ID != e.commit.ID {
		older, newer := mk, e
		if m.list.abs(m.list.cursor) > m.list.mark-1 {
			older, newer = e, mk
		}
		return comparison{kind: cmpRange, old: version{older.commit.ID, older.path}, new: version{newer.commit.ID, newer.path},
			title: repo.ShortHash(older.commit.ID) + ".." + repo.ShortHash(newer.commit.ID)}, true
	}
	old := e.path
	if e.oldPath != "" {
		old = e.oldPath
	}
	c := comparison{kind: cmpCommit, old: version{path: old}, new: version{e.commit.ID, e.path}, title: short + " " + e.commit.Subject}
	if e.lineRow {
		c.line = e.from
		if e.change != nil {
			c.kind, c.change = cmpLine, e.change
		}
	}
	return c, true
}

// showSelected shows the selected version: its diff (or the comparison
// W or a mark ask for) and, in the file view, its whole file.
func (m Model) showSelected() (Model, tea.Cmd) {
	c, ok := m.selection()
	if !ok {
		m.det.stop()
		m.det = detail{gen: m.det.gen + 1}
		return m, nil
	}
	var cmds []tea.Cmd
	if !m.blameCmp {
		m, cmds = m.compare(c)
	}
	if m.content {
		var cmd tea.Cmd
		m, cmd = m.loadFile(m.selectedVersion())
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// selectedVersion is the selected row's version of the file.
func (m *Model) selectedVersion() version {
	if e := m.list.selected(); e != nil {
		return version{e.commit.ID, e.path}
	}
	return version{}
}

// compare starts computing comparison c and reviewing it.
func (m Model) compare(c comparison) (Model, []tea.Cmd) {
	if m.det.has && m.det.cmp == c && m.det.err == nil {
		return m, nil // shown already
	}
	m.det.stop()
	ctx, cancel := context.WithCancel(m.ctx())
	keep := m.det.has || (m.det.loading && m.det.keep)
	m.det = detail{cmp: c, id: m.seq.Next(), cancel: cancel, loading: true, keep: keep, gen: m.det.gen}
	cmds := []tea.Cmd{compareCmd(ctx, m.env.Repo, m.det.id, c)}
	if m.reviewer != nil {
		m.det.reviewing = true
		cmds = append(cmds, reviewCmd(ctx, m.env.Repo, m.reviewer, m.det.id, c))
	}
	return m, cmds
}

// compared takes a comparison's answer.
func (m Model) compared(msg compareMsg) (Model, tea.Cmd) {
	if msg.id != m.det.id {
		return m, nil
	}
	m.det.loading = false
	m.det.err, m.det.none = msg.err, msg.none
	m.det.change, m.det.has = msg.change, msg.err == nil && msg.none == ""
	m.det.gen++
	return m, nil
}

// reviewed takes a comparison's findings: the diff is opened again with
// them when there are any on the file (a failed review marks nothing: the
// Review screen is where its errors are read).
func (m Model) reviewed(msg findingsMsg) (Model, tea.Cmd) {
	if msg.id != m.det.id {
		return m, nil
	}
	m.det.reviewing = false
	if msg.err != nil || len(msg.findings) == 0 {
		return m, nil
	}
	m.det.findings = msg.findings
	if m.det.has {
		m.det.gen++
	}
	return m, nil
}

// DiffGen changes each time the diff to show changes.
func (m Model) DiffGen() uint64 { return m.det.gen }

// DiffRequest is what the root opens in the screen's diff pane, with
// DiffGen's value; no files when there is no diff to show.
func (m Model) DiffRequest() (pane.OpenDiffMsg, uint64) {
	if !m.det.has {
		return pane.OpenDiffMsg{}, m.det.gen
	}
	c := m.det.cmp
	src := pane.DiffSource{Title: c.title}
	switch c.kind {
	case cmpCommit, cmpLine:
		src.Commit = c.new.commit
	case cmpRange:
		src.Base, src.Target = c.old.commit, c.new.commit
	}
	return pane.OpenDiffMsg{Source: src, Files: []gitops.FileChange{m.det.change}, Line: c.line, Findings: m.det.findings}, m.det.gen
}

// compareCmd finds the file's change for c.
func compareCmd(ctx context.Context, repo *gitops.Repo, id uint64, c comparison) tea.Cmd {
	return func() tea.Msg {
		fc, none, err := change(ctx, repo, c)
		return compareMsg{id: id, change: fc, none: none, err: err}
	}
}

// change lists the file's change for c: both of its names are listed, so
// a rename pairs up as git pairs it.
func change(ctx context.Context, repo *gitops.Repo, c comparison) (gitops.FileChange, string, error) {
	paths := names(c.old.path, c.new.path)
	o := gitops.DiffOptions{Paths: paths}
	var (
		changes []gitops.FileChange
		oldRev  gitops.Hash
		err     error
		none    string
	)
	switch c.kind {
	case cmpLine:
		if c.change != nil {
			return *c.change, "", nil
		}
		fallthrough
	case cmpCommit:
		commit, cerr := repo.Commit(c.new.commit)
		if cerr != nil {
			return gitops.FileChange{}, "", cerr
		}
		if len(commit.Parents) > 0 {
			oldRev = commit.Parents[0]
		}
		changes, err = repo.DiffCommit(ctx, c.new.commit, o)
		none = "this commit leaves the file as it was"
	case cmpRange:
		oldRev = c.old.commit
		changes, err = repo.DiffRevs(ctx, c.old.commit, c.new.commit, o)
		none = "the two versions are the same"
	case cmpWorktree:
		oldRev = c.old.commit
		changes, err = repo.DiffWorktree(ctx, c.old.commit, o)
		none = "the work-tree file is the same as this version"
	}
	if err != nil {
		return gitops.FileChange{}, "", err
	}
	fc, ok := pair(repo, changes, oldRev, c.old.path, c.new.path)
	if c.kind == cmpWorktree && (!ok || fc.NewMode == 0) {
		// Not in the work tree under the name the history started from
		// (opened at an old commit): renamed since, in a later commit or
		// in the work tree. Where it went takes the whole listing.
		if moved, found, err := movedToWorktree(ctx, repo, c.old.commit, c.old.path); err != nil {
			return gitops.FileChange{}, "", err
		} else if found {
			return moved, "", nil
		}
	}
	if !ok {
		return fc, none, nil
	}
	return fc, "", nil
}

// movedToWorktree finds the work-tree file that path at rev became by a
// rename, as git diff -M rev pairs them.
func movedToWorktree(ctx context.Context, repo *gitops.Repo, rev gitops.Hash, path string) (gitops.FileChange, bool, error) {
	changes, err := repo.DiffWorktree(ctx, rev, gitops.DiffOptions{Renames: gitops.RenamesOn})
	if err != nil {
		return gitops.FileChange{}, false, err
	}
	for _, c := range changes {
		if c.Status == 'R' && c.OldPath == path {
			return c, true, nil
		}
	}
	return gitops.FileChange{}, false, nil
}

// names are the file's distinct names.
func names(a, b string) []string {
	if a == "" || a == b {
		return []string{b}
	}
	return []string{a, b}
}

// pair finds the file's change among changes: the change from oldPath to
// newPath; else the addition of newPath and the deletion of oldPath made
// into one rename (git pairs them only when similar enough); else the
// addition, its old side read at oldRev when the old name is still there
// (a copy's source).
func pair(repo *gitops.Repo, changes []gitops.FileChange, oldRev gitops.Hash, oldPath, newPath string) (gitops.FileChange, bool) {
	if oldPath == "" {
		oldPath = newPath
	}
	for _, c := range changes {
		if c.NewPath == newPath && c.OldPath == oldPath {
			return c, true
		}
	}
	var add, del *gitops.FileChange
	for i := range changes {
		c := &changes[i]
		if c.NewPath == newPath && c.NewMode != 0 {
			add = c
		}
		if c.OldPath == oldPath && c.OldMode != 0 && c.NewMode == 0 {
			del = c
		}
	}
	switch {
	case add != nil && del != nil:
		fc := *add
		fc.Status, fc.OldPath, fc.OldMode, fc.OldID, fc.Similarity = 'R', del.OldPath, del.OldMode, del.OldID, 0
		return fc, true
	case add != nil && oldPath != newPath && !oldRev.IsZero():
		fc := *add
		if id, err := repo.Resolve(oldRev.String() + ":" + oldPath); err == nil {
			fc.Status, fc.OldPath, fc.OldMode, fc.OldID, fc.Similarity = 'R', oldPath, add.NewMode, id, 0
		}
		return fc, true
	case add != nil:
		return *add, true
	case del != nil:
		return *del, true
	}
	return gitops.FileChange{}, false
}

// reviewCmd reviews c's change to the file.
func reviewCmd(ctx context.Context, repo *gitops.Repo, r Reviewer, id uint64, c comparison) tea.Cmd {
	return func() tea.Msg {
		var t gitops.ReviewTarget
		var err error
		switch c.kind {
		case cmpCommit, cmpLine:
			t, err = repo.ReviewCommit(c.new.commit)
		case cmpRange:
			t = gitops.ReviewTarget{Kind: gitops.ReviewRevs, From: c.old.commit, To: c.new.commit}
		case cmpWorktree:
			t = gitops.ReviewTarget{Kind: gitops.ReviewWorktree}
		}
		if err != nil {
			return findingsMsg{id: id, err: err}
		}
		paths := names(c.old.path, c.new.path)
		fs, err := r(ctx, t, paths)
		var out []iac.Finding
		for _, f := range fs {
			if f.Path != c.new.path && f.Path != c.old.path {
				continue
			}
			if c.kind == cmpWorktree && f.State == iac.Resolved {
				// The work tree is reviewed against HEAD, not against
				// the version on the old side: only the work tree's
				// lines can be marked.
				continue
			}
			out = append(out, f)
		}
		return findingsMsg{id: id, findings: out, err: err}
	}
}
