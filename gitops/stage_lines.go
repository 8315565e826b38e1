package gitops

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"reef/gitops/index"
	"reef/gitops/odb"
	"reef/gitops/textdiff"
)

// selection is a set of chosen lines, checked against a fresh diff: a
// line the diff does not have means the file is not what the user saw.
type selection map[LineRef]bool

func newSelection(lines []LineRef) selection {
	s := make(selection, len(lines))
	for _, l := range lines {
		s[l] = true
	}
	return s
}

// check reports ErrStale unless every chosen line is a changed line of
// hunks; all is true when every changed line is chosen.
func (s selection) check(hunks []textdiff.Hunk) (all bool, err error) {
	found, changed := 0, 0
	for _, h := range hunks {
		for _, l := range h.Lines {
			if l.Kind == textdiff.Equal {
				continue
			}
			changed++
			if s[ref(l)] {
				found++
			}
		}
	}
	if found != len(s) {
		return false, ErrStale
	}
	return found == changed, nil
}

// pickLines is the file between before and after that the chosen lines
// make: applied, or with revert taken back from after. all reports that
// every changed line was chosen; a line the diff lacks is ErrStale.
func pickLines(before, after []byte, lines []LineRef, revert bool) (out []byte, all bool, err error) {
	hunks := textdiff.Diff(before, after, textdiff.Options{})
	sel := newSelection(lines)
	if all, err = sel.check(hunks); err != nil {
		return nil, false, err
	}
	kept := textdiff.Insert // applying keeps the chosen insertions
	if revert {
		kept = textdiff.Delete // reverting keeps the chosen deletions
	}
	out, err = textdiff.Pick(before, after, hunks, func(l textdiff.Line) bool {
		return sel[ref(l)] == (l.Kind == kept)
	})
	return out, all, err
}

func ref(l textdiff.Line) LineRef {
	if l.Kind == textdiff.Delete {
		return LineRef{Kind: l.Kind, Old: l.Old}
	}
	return LineRef{Kind: l.Kind, New: l.New}
}

// StageLines stages the given changed lines of fc, a change listed by
// DiffUnstaged (or an untracked file shown as added); nil lines stage the
// whole file. The file must still be what the user saw: its index entry
// fc.OldID, its cleaned work-tree content fc.NewID; otherwise ErrStale and
// nothing is written.
func (r *Repo) StageLines(ctx context.Context, fc FileChange, lines []LineRef) error {
	path := fc.NewPath
	src := r.sources(ctx, nil, nil)
	if c, err := src.common(path, true); err != nil {
		return err
	} else if convertedByGit(c) && lines != nil {
		return fmt.Errorf("%s goes through a git filter (.gitattributes): stage it whole", path)
	}
	err := r.updateIndex(func(ix *index.Index) error {
		cur, tracked := ix.Get(path)
		if tracked && !cur.IntentToAdd && cur.ID != fc.OldID || !tracked && !fc.OldID.IsZero() && fc.Status != 'A' {
			return ErrStale
		}
		var old *index.Entry
		if tracked {
			old = &cur
		}
		e, exists, err := r.worktreeEntry(src, path, old)
		if err != nil {
			return err
		}
		if exists && e.ID != fc.NewID || !exists && fc.Status != 'D' {
			return ErrStale
		}
		if lines == nil {
			if exists {
				ix.Add(e)
			} else {
				ix.Remove(path)
			}
			return nil
		}
		var before []byte
		if tracked && !cur.IntentToAdd {
			if before, err = r.Blob(cur.ID); err != nil {
				return err
			}
		}
		var after []byte
		if exists {
			if after, err = r.Blob(e.ID); err != nil {
				return err
			}
		}
		out, all, err := pickLines(before, after, lines, false)
		if err != nil {
			return err
		}
		if all {
			// Everything chosen is the whole file, stat data included.
			if exists {
				ix.Add(e)
			} else {
				ix.Remove(path)
			}
			return nil
		}
		id, err := r.db.Write(odb.Blob, out)
		if err != nil {
			return err
		}
		mode := e.Mode
		if tracked {
			mode = cur.Mode
		}
		ix.Add(blobEntry(path, mode, id, len(out)))
		return nil
	})
	if errors.Is(err, index.ErrNeedsGit) {
		return r.applyCached(ctx, fc, lines, false)
	}
	return err
}

// UnstageLines takes the given changed lines of fc, a change listed by
// DiffStaged (HEAD against the index), out of the index; nil lines
// unstage the whole file. ErrStale as in StageLines.
func (r *Repo) UnstageLines(ctx context.Context, fc FileChange, lines []LineRef) error {
	if lines == nil {
		paths := []string{fc.NewPath}
		if fc.OldPath != fc.NewPath {
			paths = append(paths, fc.OldPath)
		}
		return r.UnstagePaths(ctx, paths)
	}
	path := fc.NewPath
	before, err := r.Blob(fc.OldID)
	if fc.OldID.IsZero() {
		before, err = nil, nil
	}
	if err != nil {
		return err
	}
	err = r.updateIndex(func(ix *index.Index) error {
		cur, tracked := ix.Get(path)
		if tracked != !fc.NewID.IsZero() || tracked && cur.ID != fc.NewID {
			return ErrStale
		}
		var after []byte
		if tracked {
			var err error
			if after, err = r.Blob(cur.ID); err != nil {
				return err
			}
		}
		out, all, err := pickLines(before, after, lines, true)
		if err != nil {
			return err
		}
		if all && fc.OldID.IsZero() {
			ix.Remove(path) // an added file, wholly unstaged: untracked again
			return nil
		}
		mode := fc.OldMode
		if tracked {
			mode = cur.Mode
		}
		id, err := r.db.Write(odb.Blob, out)
		if err != nil {
			return err
		}
		if tracked && bytes.Equal(out, after) {
			return nil
		}
		ix.Add(blobEntry(path, mode, id, len(out)))
		return nil
	})
	if errors.Is(err, index.ErrNeedsGit) {
		return r.applyCached(ctx, fc, lines, true)
	}
	return err
}

// applyCached is the answer for indexes only git may write (split or
// sparse index, assume-unchanged entries): whole files go through git;
// single lines are refused rather than risked.
func (r *Repo) applyCached(ctx context.Context, fc FileChange, lines []LineRef, unstage bool) error {
	if lines != nil {
		return fmt.Errorf("%w: this index (split or sparse index, or assume-unchanged entries) is written by git only, so reef stages whole files here", ErrUnsupported)
	}
	if unstage {
		return r.UnstagePaths(ctx, []string{fc.NewPath})
	}
	return r.gitWrite(ctx, nil, "add", "-A", "--", fc.NewPath)
}
