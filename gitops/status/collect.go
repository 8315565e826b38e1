package status

import (
	"errors"
	"os"
	"sort"

	"reef/gitops/index"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// change is git's wt_status_change_data: what the two comparisons found
// for one path.
type change struct {
	indexStatus, worktreeStatus byte
	modeHead, modeIndex, modeWT uint32
	oidHead, oidIndex           oid.ID
	renameSource                string
	renameStatus                byte
	renameScore                 int
	stagemask                   int
	newCommits                  bool
	subModified, subUntracked   bool
}

// collect puts the work-tree results and the staged changes together the
// way git's wt_status_collect does: work tree first, then the index, each
// filling in the columns it knows; then porcelain v2's fix-ups.
func (s *run) collect(staged []treediff.Change) ([]Entry, error) {
	byPath := map[string]*change{}
	get := func(p string) *change {
		c := byPath[p]
		if c == nil {
			c = &change{}
			byPath[p] = c
		}
		return c
	}
	wt, err := s.worktreeChanges()
	if err != nil {
		return nil, err
	}
	for _, w := range wt {
		c := get(w.path())
		if c.worktreeStatus == 0 {
			c.worktreeStatus = w.Status
		}
		c.newCommits = w.newCommits
		c.subModified, c.subUntracked = w.subModified, w.subUntracked
		switch w.Status {
		case treediff.Added:
			c.modeWT = w.New.Mode
		case treediff.Deleted:
			c.modeIndex, c.oidIndex = w.Old.Mode, w.Old.ID
		default: // M, T, U, R, C
			if w.Status == treediff.Renamed || w.Status == treediff.Copied {
				c.renameSource, c.renameStatus, c.renameScore = w.Old.Path, w.Status, w.Score
			}
			c.modeIndex, c.modeWT, c.oidIndex = w.Old.Mode, w.New.Mode, w.Old.ID
		}
	}
	staged, err = s.stagedRenames(staged)
	if err != nil {
		return nil, err
	}
	for _, p := range staged {
		c := get(p.Path())
		if c.indexStatus == 0 {
			c.indexStatus = p.Status
		}
		switch p.Status {
		case treediff.Added:
			c.modeIndex, c.oidIndex = p.New.Mode, p.New.ID
		case treediff.Deleted:
			c.modeHead, c.oidHead = p.Old.Mode, p.Old.ID
		case treediff.Unmerged:
			c.stagemask = s.stagemask(p.New.Path)
		default: // M, T, R, C
			if p.Status == treediff.Renamed || p.Status == treediff.Copied {
				c.renameSource, c.renameStatus, c.renameScore = p.Old.Path, p.Status, p.Score
			}
			c.modeHead, c.modeIndex = p.Old.Mode, p.New.Mode
			c.oidHead, c.oidIndex = p.Old.ID, p.New.ID
		}
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	out := make([]Entry, 0, len(paths))
	for _, p := range paths {
		out = append(out, s.entry(p, byPath[p]))
	}
	return out, nil
}

// entry turns collected data into porcelain v2's values.
func (s *run) entry(path string, c *change) Entry {
	e := Entry{Path: path, OrigPath: c.renameSource, Score: c.renameScore}
	if i, ok := s.ix.Find(path); ok && s.ix.Entries[i].IntentToAdd {
		e.IntentToAdd = true
	}
	if c.stagemask != 0 {
		e.Kind = KindUnmerged
		key := [...]string{1: "DD", 2: "AU", 3: "UD", 4: "UA", 5: "DU", 6: "AA", 7: "UU"}[c.stagemask]
		e.Staged, e.Unstaged = key[0], key[1]
		e.WorktreeMode = c.modeWT
		i, _ := s.ix.Find(path)
		for ; i < len(s.ix.Entries) && s.ix.Entries[i].Path == path; i++ {
			if st := s.ix.Entries[i].Stage; st > 0 {
				e.Stages[st-1] = Stage{Mode: s.ix.Entries[i].Mode, ID: s.ix.Entries[i].ID}
			}
		}
		e.Submodule = s.submoduleState(c)
		return e
	}
	if c.indexStatus == 0 {
		c.modeHead, c.oidHead, c.indexStatus = c.modeIndex, c.oidIndex, '.'
	}
	if c.worktreeStatus == 0 {
		c.modeWT, c.worktreeStatus = c.modeIndex, '.'
	}
	e.Staged, e.Unstaged = c.indexStatus, c.worktreeStatus
	e.HeadMode, e.IndexMode, e.WorktreeMode = c.modeHead, c.modeIndex, c.modeWT
	e.HeadID, e.IndexID = c.oidHead, c.oidIndex
	if c.renameSource != "" {
		e.Kind = KindRenamed
	}
	e.Submodule = s.submoduleState(c)
	return e
}

func (s *run) submoduleState(c *change) Submodule {
	const gitlink = index.ModeGitlink
	if c.modeHead != gitlink && c.modeIndex != gitlink && c.modeWT != gitlink {
		return Submodule{}
	}
	return Submodule{Is: true, CommitChanged: c.newCommits, Modified: c.subModified, Untracked: c.subUntracked}
}

// stagemask is the set of conflict stages path has (bit 0: stage 1).
func (s *run) stagemask(path string) int {
	mask := 0
	i, _ := s.ix.Find(path)
	for ; i < len(s.ix.Entries) && s.ix.Entries[i].Path == path; i++ {
		if st := s.ix.Entries[i].Stage; st > 0 {
			mask |= 1 << (st - 1)
		}
	}
	return mask
}

// wtChange is a work-tree change with what only submodules carry.
type wtChange struct {
	treediff.Change
	newCommits, subModified, subUntracked bool
}

func (w wtChange) path() string { return w.Change.Path() }

// worktreeChanges turns the scan's per-entry results into diff-files
// changes (Old: the index, New: the work tree, ID zero for its content)
// and pairs intent-to-add files with deleted ones as git does.
func (s *run) worktreeChanges() ([]wtChange, error) {
	var out []wtChange
	adds, dels := 0, 0
	for i := range s.res {
		r := s.res[i]
		if r.status == 0 {
			continue
		}
		e := &s.ix.Entries[i]
		old := treediff.Side{Path: e.Path, Mode: e.Mode, ID: e.ID}
		c := treediff.Change{Status: r.status, Old: old, New: treediff.Side{Path: e.Path, Mode: r.mode}}
		switch r.status {
		case 'A':
			c.Old = treediff.Side{}
			adds++
			// git's exact-rename pass hashes the work-tree file; so
			// does reef, to pair it by id like any blob.
			c.New.ID = s.worktreeID(i)
		case 'D':
			c.New = treediff.Side{}
			dels++
		case 'U':
			c.Old = treediff.Side{Path: e.Path}
		}
		out = append(out, wtChange{Change: c, newCommits: r.newCommits, subModified: r.subModified, subUntracked: r.subUntracked})
	}
	if adds == 0 || dels == 0 || s.renameMode() == 0 {
		return out, nil
	}
	changes := make([]treediff.Change, len(out))
	for i := range out {
		changes[i] = out[i].Change
	}
	found, err := s.detectRenames(changes, s.renameMode() == 2)
	if err != nil {
		return nil, err
	}
	if len(found) == len(changes) {
		return out, nil // nothing paired
	}
	// Pairs replace their added path; the deleted one is gone. Submodule
	// details stay with their (unpaired) paths.
	extra := map[string]wtChange{}
	for _, w := range out {
		extra[w.path()] = w
	}
	res := make([]wtChange, 0, len(found))
	for _, c := range found {
		w := extra[c.Path()]
		w.Change = c
		res = append(res, w)
	}
	return res, nil
}

// renameMode is 0 (off), 1 (renames) or 2 (copies too).
func (s *run) renameMode() int {
	switch {
	case s.o.Renames < 0:
		return 0
	case s.o.Renames > 0:
		return 1
	}
	return s.set.renames
}

// stagedRenames pairs staged deletions and additions (and, with
// copies, modifications as sources).
func (s *run) stagedRenames(staged []treediff.Change) ([]treediff.Change, error) {
	if s.ps != nil {
		kept := staged[:0]
		for _, c := range staged {
			mode := c.New.Mode
			if mode == 0 {
				mode = c.Old.Mode
			}
			if s.ps.match(c.Path(), mode == index.ModeGitlink, false) != matchNone {
				kept = append(kept, c)
			}
		}
		staged = kept
	}
	mode := s.renameMode()
	if mode == 0 {
		return staged, nil
	}
	return s.detectRenames(staged, mode == 2)
}

func (s *run) detectRenames(changes []treediff.Change, copies bool) ([]treediff.Change, error) {
	o := treediff.RenameOptions{Copies: copies, Threshold: s.o.RenameScore, Limit: s.set.renameLimit}
	o.Size = func(sd treediff.Side) (int64, error) {
		if !sd.ID.IsZero() {
			_, n, err := s.o.DB.Header(sd.ID)
			if !errors.Is(err, odb.ErrNotFound) {
				return n, err
			}
		}
		fi, err := os.Lstat(s.abs(sd.Path)) // a work-tree file
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	}
	return treediff.DetectRenamesContext(s.ctx, changes, s.load, o)
}

// worktreeID is the blob id of entry i's work-tree file (zero when only
// git could compute it).
func (s *run) worktreeID(i int) oid.ID {
	abs := s.abs(s.ix.Entries[i].Path)
	fi, err := os.Lstat(abs)
	if err != nil {
		return oid.Zero
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		id, _ := hashLink(abs)
		return id
	}
	id, viaGit, err := s.hashFile(i)
	if err != nil || viaGit {
		return oid.Zero
	}
	return id
}

// load returns a side's content for rename detection: a blob, or a
// work-tree file as git would store it (its id is in no object
// database, or zero).
func (s *run) load(sd treediff.Side) ([]byte, error) {
	if !sd.ID.IsZero() {
		b, err := s.blob(sd.ID)
		if !errors.Is(err, odb.ErrNotFound) {
			return b, err
		}
	}
	abs := s.abs(sd.Path)
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, err
	}
	data, err := treediff.ReadWorktree(abs, fi.Mode())
	if err != nil || !fi.Mode().IsRegular() {
		return data, err
	}
	a, err := s.attributes(sd.Path)
	if err != nil {
		return nil, err
	}
	return treediff.Clean(data, a, s.set.autoCRLF, nil)
}
