package status

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"reef/gitops/index"
	"reef/gitops/oid"
)

// File type bits of st_mode, as git stores them in index modes.
const (
	sIFMT     = 0o170000
	sIFREG    = 0o100000
	sIFDIR    = 0o040000
	sIFLNK    = 0o120000
	sIFGITLNK = 0o160000
)

// fileStat is what git compares of a work-tree file's lstat.
type fileStat struct {
	mode                               uint32 // st_mode: type bits and permissions
	mtime, mtimeNsec, ctime, ctimeNsec uint32
	ino, uid, gid, size                uint32
	partial                            bool // only mode, mtime and size are known
}

func (st fileStat) typ() uint32 { return st.mode & sIFMT }

// wtEntry is the work-tree side of one index path (git's diff-files).
type wtEntry struct {
	status       byte   // 0: unchanged; 'M', 'T', 'D', 'A' (intent-to-add), 'U'
	mode         uint32 // the work-tree mode git reports (0 when missing)
	newCommits   bool   // a submodule has another commit checked out
	subModified  bool
	subUntracked bool
	viaGit       bool // only git can hash it (clean filter): decided after the scan
}

// What ie_match_stat reports (git's *_CHANGED bits).
const (
	changedMtime = 1 << iota
	changedCtime
	changedOwner
	changedMode
	changedInode
	changedData
	changedType
)

// emptyBlob is the id of the empty file: an entry recorded with size 0
// ("smudged" by git for racily clean files) is trusted only for it.
var emptyBlob, _ = oid.FromHex("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")

// selected reports whether entry i is within the pathspec.
func (s *run) selected(i int) bool {
	if s.ps == nil {
		return true
	}
	e := &s.ix.Entries[i]
	return s.ps.match(e.Path, e.Mode == index.ModeGitlink, false) != matchNone
}

// needsStat reports whether the scan must look at entry i's file: git
// never looks at skip-worktree and assume-unchanged entries.
func (s *run) needsStat(i int) bool {
	e := &s.ix.Entries[i]
	if !s.selected(i) {
		return false
	}
	return e.Stage != 0 || !e.SkipWorktree && !e.AssumeValid
}

// missing is the result for an entry whose file is gone.
func (s *run) missing(i int) wtEntry {
	if !s.needsStat(i) {
		return wtEntry{}
	}
	if s.ix.Entries[i].Stage != 0 {
		return wtEntry{status: 'U'}
	}
	return wtEntry{status: 'D'}
}

// statFailed handles an lstat error: a missing file (or a file where a
// directory was expected) is removed; anything else git reports and skips.
func (s *run) statFailed(i int, err error) wtEntry {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return s.missing(i)
	}
	s.warn(fmt.Sprintf("%s: %v", s.ix.Entries[i].Path, err))
	return wtEntry{}
}

// compare decides entry i against its file's stat data, as git's
// refresh_index and run_diff_files do together.
func (s *run) compare(ctx context.Context, i int, st fileStat) error {
	e := &s.ix.Entries[i]
	// git's check_removed: a directory where a file or link was is a
	// removal, unless it is a repository (the path became a submodule).
	if st.typ() == sIFDIR && e.Mode != index.ModeGitlink {
		gitDir, commonDir, ok := repoAt(s.abs(e.Path))
		if ok {
			_, ok = headOf(gitDir, commonDir)
		}
		if !ok {
			s.res[i] = s.missing(i)
			return nil
		}
	}
	mode := s.modeFromStat(e.Mode, st.mode)
	switch {
	case e.Stage != 0:
		s.res[i] = wtEntry{status: 'U', mode: mode}
		return nil
	case e.IntentToAdd:
		s.res[i] = wtEntry{status: 'A', mode: mode}
		return nil
	case e.Mode == index.ModeGitlink:
		return s.gitlink(ctx, i, st, mode)
	}
	changed := s.matchStat(e, st)
	if changed == 0 && s.racy(e) {
		// Written in the same second as the index: a change made in that
		// second would not show in the stat data.
		c, err := s.checkContent(i, st)
		if err != nil {
			return err
		}
		changed = c
	} else if changed != 0 && changed&(changedMode|changedType) == 0 && (changed&changedData == 0 || e.Size == 0) {
		// Only stat data moved (or the recorded size was smudged): git
		// compares the content before calling the file modified. A
		// changed size is a modification without a look (ie_modified).
		c, err := s.checkContent(i, st)
		if err != nil {
			return err
		}
		changed = c
	}
	if changed == 0 {
		return nil
	}
	if changed == changedPending {
		s.res[i] = wtEntry{viaGit: true, mode: mode}
		return nil
	}
	// A file replaced by a repository: git's work-tree side has a null
	// id, which differs from the file's, so it counts as new commits.
	s.res[i] = wtEntry{status: pairStatus(e.Mode, mode), mode: mode, newCommits: mode == index.ModeGitlink}
	return nil
}

// changedPending marks content only git can hash.
const changedPending = 1 << 30

func pairStatus(old, new uint32) byte {
	if old&sIFMT != new&sIFMT {
		return 'T'
	}
	return 'M'
}

// matchStat is git's ce_match_stat_basic.
func (s *run) matchStat(e *index.Entry, st fileStat) int {
	changed := 0
	switch e.Mode & sIFMT {
	case sIFREG:
		if st.typ() != sIFREG {
			changed |= changedType
		}
		if s.set.fileMode && (e.Mode^st.mode)&0o100 != 0 {
			changed |= changedMode
		}
	case sIFLNK:
		if st.typ() != sIFLNK && (s.set.symlinks || st.typ() != sIFREG) {
			changed |= changedType
		}
	}
	if e.MtimeSec != st.mtime {
		changed |= changedMtime
	}
	check := s.set.checkStat && !st.partial
	if s.set.trustCtime && check && e.CtimeSec != st.ctime {
		changed |= changedCtime
	}
	// git as distributed compares seconds only (no USE_NSEC); comparing
	// nanoseconds too only sends more files to the content check, whose
	// answer is right either way.
	if (check || st.partial) && e.MtimeNsec != st.mtimeNsec {
		changed |= changedMtime
	}
	if s.set.trustCtime && check && e.CtimeNsec != st.ctimeNsec {
		changed |= changedCtime
	}
	if check {
		if e.UID != st.uid || e.GID != st.gid {
			changed |= changedOwner
		}
		if e.Ino != st.ino {
			changed |= changedInode
		}
	}
	if e.Size != st.size {
		changed |= changedData
	}
	if e.Size == 0 && e.ID != emptyBlob {
		changed |= changedData // racily smudged entry
	}
	return changed
}

// racy is git's is_racy_timestamp at second precision: the entry's mtime
// is not older than the index file.
func (s *run) racy(e *index.Entry) bool {
	return s.indexSec != 0 && s.indexSec <= e.MtimeSec
}

// checkContent is git's ce_modified_check_fs: compare the file's content
// (cleaned as git would store it) or link target with the index.
func (s *run) checkContent(i int, st fileStat) (int, error) {
	e := &s.ix.Entries[i]
	switch st.typ() {
	case sIFREG:
		id, viaGit, err := s.hashFile(i)
		if err != nil {
			return 0, err
		}
		if viaGit {
			return changedPending, nil
		}
		if id != e.ID {
			return changedData, nil
		}
		return 0, nil
	case sIFLNK:
		id, err := hashLink(s.abs(e.Path))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return changedType, nil
			}
			return 0, fmt.Errorf("read link %s: %w", e.Path, err)
		}
		if id != e.ID {
			return changedData, nil
		}
		return 0, nil
	}
	return changedType, nil
}

// gitlink compares a submodule entry: the commit checked out there, and
// (as git status always asks) whether its work tree is dirty.
func (s *run) gitlink(ctx context.Context, i int, st fileStat, mode uint32) error {
	e := &s.ix.Entries[i]
	if st.typ() != sIFDIR {
		s.res[i] = wtEntry{status: pairStatus(e.Mode, mode), mode: mode}
		return nil
	}
	gitDir, commonDir, ok := repoAt(s.abs(e.Path))
	if !ok {
		return nil // not checked out: nothing to compare, as git says
	}
	var r wtEntry
	if head, ok := headOf(gitDir, commonDir); ok && head != e.ID {
		r.newCommits = true
	}
	if s.o.Submodule != nil {
		mod, untracked, err := s.o.Submodule(ctx, e.Path, s.o.Untracked == ShowNo)
		if err != nil {
			return fmt.Errorf("submodule %s: %w", e.Path, err)
		}
		r.subModified, r.subUntracked = mod, untracked
	}
	if r.newCommits || r.subModified || r.subUntracked {
		r.status, r.mode = 'M', index.ModeGitlink
	}
	s.res[i] = r
	return nil
}

// modeFromStat is git's ce_mode_from_stat: the mode git would record for
// the file, given the index entry's.
func (s *run) modeFromStat(ceMode, m uint32) uint32 {
	t := m & sIFMT
	if !s.set.symlinks && t == sIFREG && ceMode&sIFMT == sIFLNK {
		return ceMode
	}
	if !s.set.fileMode && t == sIFREG {
		if ceMode&sIFMT == sIFREG {
			return ceMode
		}
		return index.ModeRegular
	}
	switch t {
	case sIFLNK:
		return index.ModeSymlink
	case sIFDIR:
		return index.ModeGitlink
	}
	if m&0o100 != 0 {
		return index.ModeExecutable
	}
	return index.ModeRegular
}

func baseName(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }
