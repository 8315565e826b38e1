package gitops

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"reef/gitops/iac"
	"reef/gitops/index"
	"reef/gitops/treediff"
)

// readCap is the size above which a file is not even read: the engine
// notes files over iac.MaxFileBytes anyway, and a huge one (a state dump,
// an archive) should not be loaded into memory to be told so.
const readCap = 4 * iac.MaxFileBytes

// review is one review being put together: the listing of the change and
// how to read both sides of it.
type review struct {
	r        *Repo
	t        ReviewTarget
	fromTree Hash // before: a tree (zero: empty)
	toTree   Hash // after, for ReviewRevs
	ix       *index.Index
	changes  []FileChange
	src      *sources
	// wt holds the work-tree changes by path (ReviewWorktree): their
	// new side is read from disk, a deleted one is absent.
	wt   map[string]treediff.Change
	dirs dirMemo
	plan []byte
}

func (r *Repo) newReview(ctx context.Context, t ReviewTarget, o ReviewOptions) (*review, error) {
	rv := &review{r: r, t: t, plan: o.Plan}
	do := DiffOptions{Paths: o.Paths}
	var err error
	switch t.Kind {
	case ReviewRevs:
		if !t.From.IsZero() {
			if rv.fromTree, err = r.treeOf(t.From); err != nil {
				return nil, err
			}
		}
		if rv.toTree, err = r.treeOf(t.To); err != nil {
			return nil, err
		}
		rv.changes, err = r.diffTrees(ctx, rv.fromTree, rv.toTree, do)
	case ReviewStaged:
		if rv.fromTree, err = r.headTree(); err != nil {
			return nil, err
		}
		if rv.ix, err = r.readIndex(); err != nil {
			return nil, err
		}
		var tc []treediff.Change
		if tc, err = treediff.TreeIndex(ctx, r.db, rv.fromTree, rv.ix, do.Paths); err != nil {
			return nil, err
		}
		rv.changes, err = r.finish(ctx, tc, do, nil, rv.ix)
	case ReviewWorktree:
		err = rv.listWorktree(ctx, do)
	default:
		return nil, fmt.Errorf("unknown review kind %d", t.Kind)
	}
	if err != nil {
		return nil, err
	}
	wt := map[string]bool{}
	for _, c := range rv.changes {
		if c.Worktree {
			wt[c.NewPath] = true
		}
	}
	rv.src = r.sources(ctx, wt, rv.ix)
	return rv, nil
}

// listWorktree lists HEAD against the work tree, as DiffWorktree does,
// keeping the index and the work-tree changes for the Dir accessor (and
// taking an unborn branch as the empty tree).
func (rv *review) listWorktree(ctx context.Context, do DiffOptions) error {
	r := rv.r
	var err error
	if rv.fromTree, err = r.headTree(); err != nil {
		return err
	}
	if rv.ix, err = r.readIndex(); err != nil {
		return err
	}
	changes, err := treediff.Worktree(ctx, rv.ix, r.worktreeOptions(rv.ix, nil))
	if err != nil {
		return err
	}
	rv.wt = make(map[string]treediff.Change, len(changes))
	for _, c := range changes {
		rv.wt[c.Path()] = c
	}
	tc, err := treediff.TreeEntries(ctx, r.db, rv.fromTree, overlay(rv.ix.Entries, changes), do.Paths)
	if err != nil {
		return err
	}
	wt := map[string]bool{}
	for _, c := range tc {
		if c.New.Exists() {
			wt[c.New.Path] = true
		}
	}
	rv.changes, err = r.finish(ctx, tc, do, wt, rv.ix)
	return err
}

// input reads both sides of every changed file, on all CPUs. Submodules,
// symlinks and unmerged entries are not files to analyze; files over
// readCap get a note when an analyzer would have read them.
func (rv *review) input(ctx context.Context, analyzers []iac.Analyzer) (*iac.Input, []iac.Note, error) {
	files := make([]iac.File, len(rv.changes))
	skip := make([]string, len(rv.changes)) // a note, or "-" for silently left out
	errs := make([]error, len(rv.changes))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(rv.changes)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(rv.changes) || ctx.Err() != nil {
					return
				}
				files[i], skip[i], errs[i] = rv.file(rv.changes[i])
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	in := &iac.Input{Plan: rv.plan, Dir: rv.dir}
	var notes []iac.Note
	for i, fc := range rv.changes {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		switch {
		case skip[i] == "":
			in.Files = append(in.Files, files[i])
		case skip[i] != "-" && claimed(analyzers, fc.NewPath):
			notes = append(notes, iac.Note{Path: fc.NewPath, Message: skip[i]})
		}
	}
	return in, notes, nil
}

// claimed reports whether an analyzer reads a path, judged by the name
// (a panicking analyzer counts as not claiming it).
func claimed(analyzers []iac.Analyzer, path string) bool {
	for _, a := range analyzers {
		ok := func() (ok bool) {
			defer func() {
				if recover() != nil {
					ok = false
				}
			}()
			return a.Claims(path, nil)
		}()
		if ok {
			return true
		}
	}
	return false
}

// file reads one changed file's two sides.
func (rv *review) file(fc FileChange) (iac.File, string, error) {
	f := iac.File{Path: fc.NewPath, OldPath: fc.OldPath}
	if fc.Status == treediff.Unmerged {
		return f, "unmerged: resolve the conflict to review it", nil
	}
	regular := func(mode uint32) bool { return mode == 0 || treediff.IsRegular(mode) }
	if !regular(fc.OldMode) || !regular(fc.NewMode) {
		return f, "-", nil
	}
	if fc.OldMode != 0 {
		n, err := rv.src.size(treediff.Side{Path: fc.OldPath, Mode: fc.OldMode, ID: fc.OldID})
		if err != nil {
			return f, "", err
		}
		if n > readCap {
			return f, fmt.Sprintf("%d MiB: too large to analyze, shown as a text diff", n>>20), nil
		}
		if f.Before, err = rv.src.blob(fc.OldID, fc.OldPath); err != nil {
			return f, "", err
		}
		if f.Before == nil {
			f.Before = []byte{}
		}
	}
	if fc.NewMode != 0 {
		data, note, err := rv.newSide(fc)
		if err != nil || note != "" {
			return f, note, err
		}
		f.After = data
	}
	return f, "", nil
}

// newSide reads the new side of a file: a blob, or the work-tree file
// cleaned as git would store it.
func (rv *review) newSide(fc FileChange) ([]byte, string, error) {
	side := treediff.Side{Path: fc.NewPath, Mode: fc.NewMode, ID: fc.NewID}
	var data []byte
	var err error
	if fc.Worktree && !rv.r.db.Has(fc.NewID) {
		if fi, serr := os.Lstat(filepath.Join(rv.r.workTree, filepath.FromSlash(fc.NewPath))); serr == nil && fi.Size() > readCap {
			return nil, fmt.Sprintf("%d MiB: too large to analyze, shown as a text diff", fi.Size()>>20), nil
		}
		data, err = rv.src.worktree(fc.NewPath)
	} else {
		n, serr := rv.src.size(side)
		if serr != nil {
			return nil, "", serr
		}
		if n > readCap {
			return nil, fmt.Sprintf("%d MiB: too large to analyze, shown as a text diff", n>>20), nil
		}
		data, err = rv.src.blob(fc.NewID, fc.NewPath)
	}
	if err != nil {
		return nil, "", err
	}
	if data == nil {
		data = []byte{}
	}
	return data, "", nil
}
