package gitops

import (
	"bytes"
	"context"
	"runtime"
	"sync"

	"reef/gitops/odb"
	"reef/gitops/textdiff"
	"reef/gitops/treediff"
)

// FilePatch computes one file's diff: its hunks, or why it has none
// (binary, mode change only, too large). To show many files of one
// listing, a Patcher shares the work they have in common.
func (r *Repo) FilePatch(ctx context.Context, fc FileChange, o DiffOptions) (FileDiff, error) {
	return r.NewPatcher(o).FilePatch(ctx, fc)
}

// FilePatches computes the diffs of many files, in order, on all CPUs.
func (r *Repo) FilePatches(ctx context.Context, fcs []FileChange, o DiffOptions) ([]FileDiff, error) {
	return r.NewPatcher(o).FilePatches(ctx, fcs)
}

// Patcher computes the file diffs of one listing. It reads what every file
// needs once (.gitattributes files, for binary detection and line endings,
// and the index when the listing involved it). Safe for concurrent use;
// make a new one when the work tree may have changed.
type Patcher struct {
	r     *Repo
	src   *sources
	topts textdiff.Options
	max   int64
}

// NewPatcher starts a Patcher with the options FilePatch takes.
func (r *Repo) NewPatcher(o DiffOptions) *Patcher {
	return &Patcher{r: r, src: r.sources(context.Background(), nil, nil), topts: r.textOptions(o), max: o.MaxBytes}
}

// FilePatch computes one file's diff.
func (p *Patcher) FilePatch(ctx context.Context, fc FileChange) (FileDiff, error) {
	if err := ctx.Err(); err != nil {
		return FileDiff{}, err
	}
	return p.src.filePatch(fc, p.topts, p.max)
}

// FilePatches computes many files' diffs on all CPUs, in order.
func (p *Patcher) FilePatches(ctx context.Context, fcs []FileChange) ([]FileDiff, error) {
	out := make([]FileDiff, len(fcs))
	errs := make([]error, len(fcs))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(fcs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(fcs) || ctx.Err() != nil {
					return
				}
				out[k], errs[k] = p.src.filePatch(fcs[k], p.topts, p.max)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// textOptions maps DiffOptions to the line differ's, with diff.context.
func (r *Repo) textOptions(o DiffOptions) textdiff.Options {
	t := textdiff.Options{Context: o.Context, Whitespace: o.Whitespace, IntraLine: o.IntraLine}
	if o.Context == 0 {
		if n, err := r.cfg.Int("diff.context", textdiff.DefaultContext); err == nil && n >= 0 {
			t.Context = int(n)
			if n == 0 {
				t.Context = -1
			}
		}
	}
	return t
}

// side is one loaded side of a file diff.
type side struct {
	exists bool
	path   string
	mode   uint32
	id     Hash
	wt     bool
	data   []byte
	size   int64
}

func (s *sources) filePatch(fc FileChange, topts textdiff.Options, maxBytes int64) (FileDiff, error) {
	fd := FileDiff{FileChange: fc}
	if fc.Status == treediff.Unmerged {
		return fd, nil
	}
	fd.Submodule = fc.OldMode == treediff.ModeGitlink || fc.NewMode == treediff.ModeGitlink
	old := side{exists: fc.OldMode != 0, path: fc.OldPath, mode: fc.OldMode, id: fc.OldID}
	new := side{exists: fc.NewMode != 0, path: fc.NewPath, mode: fc.NewMode, id: fc.NewID, wt: fc.Worktree}
	// Sizes are only looked up first when there is a limit: reading an
	// object's size costs a walk of its delta chain, and a file under
	// git's big-file threshold is read anyway.
	if maxBytes > 0 {
		for _, sd := range []*side{&old, &new} {
			if err := s.sideSize(sd); err != nil {
				return fd, err
			}
		}
		fd.OldSize, fd.NewSize = old.size, new.size
		if old.size > maxBytes || new.size > maxBytes {
			fd.Truncated = true
			return fd, nil
		}
	}
	if old.exists && new.exists && !new.wt && old.id == new.id {
		// Same content (a mode change or an exact rename): no lines to
		// compare, but --stat still says whether it is binary.
		fd.ModeOnly = old.mode != new.mode
		if !fd.Submodule {
			if err := s.load(&old); err != nil {
				return fd, err
			}
		}
		new.data = old.data
		fd.OldSize, fd.NewSize = int64(len(old.data)), int64(len(old.data))
		return fd, s.binaryFlag(&fd, &old, &new, fd.OldSize > bigFileThreshold)
	}
	for _, sd := range []*side{&old, &new} {
		if err := s.load(sd); err != nil {
			return fd, err
		}
	}
	if fc.SubmoduleDirty && new.mode == treediff.ModeGitlink {
		// The patch shows "-dirty"; git's counts (--stat) compare the
		// commits only.
		fd.Hunks = textdiff.Diff(old.data, []byte("Subproject commit "+new.id.String()+"-dirty\n"), topts)
		fd.Added, fd.Deleted = textdiff.Stat(textdiff.Diff(old.data, new.data, topts))
		fd.OldSize, fd.NewSize = int64(len(old.data)), int64(len(new.data))
		return fd, nil
	}
	fd.OldSize, fd.NewSize = int64(len(old.data)), int64(len(new.data))
	if new.wt && new.exists && fd.NewID.IsZero() && new.mode != treediff.ModeGitlink {
		// An untracked file listed without hashing: its id now, so
		// staging its lines can tell whether it changed since.
		fd.NewID = odb.HashObject(odb.Blob, new.data)
	}
	// git calls files over core.bigFileThreshold binary.
	tooBig := fd.OldSize > bigFileThreshold || fd.NewSize > bigFileThreshold
	if err := s.binaryFlag(&fd, &old, &new, tooBig); err != nil {
		return fd, err
	}
	if old.exists && new.exists && bytes.Equal(old.data, new.data) {
		fd.ModeOnly = old.mode != new.mode
		return fd, nil
	}
	if fd.Binary {
		return fd, nil
	}
	if fc.Status == treediff.TypeChanged {
		// git prints a type change as a deletion and a creation.
		fd.Hunks = append(textdiff.Diff(old.data, nil, topts), textdiff.Diff(nil, new.data, topts)...)
		fd.Added, fd.Deleted = textdiff.Stat(textdiff.Diff(old.data, new.data, topts))
		return fd, nil
	}
	fd.Hunks = textdiff.Diff(old.data, new.data, topts)
	fd.Added, fd.Deleted = textdiff.Stat(fd.Hunks)
	return fd, nil
}

// binaryFlag decides whether a file diff is binary: attributes first,
// then size, then content (submodules never are).
func (s *sources) binaryFlag(fd *FileDiff, old, new *side, tooBig bool) error {
	if fd.Submodule {
		return nil
	}
	for _, sd := range []*side{old, new} {
		if !sd.exists {
			continue
		}
		b, decided, err := s.binaryByAttr(sd.path, fd.indexed)
		if err != nil {
			return err
		}
		if decided {
			if b {
				fd.Binary = true
			}
			continue
		}
		if tooBig || hasNUL(sd.data) {
			fd.Binary = true
		}
	}
	return nil
}

func (s *sources) treeSide(sd *side) treediff.Side {
	return treediff.Side{Path: sd.path, Mode: sd.mode, ID: sd.id}
}

func (s *sources) sideSize(sd *side) error {
	if !sd.exists {
		return nil
	}
	if sd.wt {
		if err := s.load(sd); err != nil {
			return err
		}
		sd.size = int64(len(sd.data))
		return nil
	}
	n, err := s.size(s.treeSide(sd))
	sd.size = n
	return err
}

func (s *sources) load(sd *side) error {
	if !sd.exists || sd.data != nil {
		return nil
	}
	var err error
	switch {
	case sd.mode == treediff.ModeGitlink:
		sd.data, err = s.content(s.treeSide(sd))
	case sd.wt:
		sd.data, err = s.worktree(sd.path)
		if sd.data == nil && err == nil {
			sd.data = []byte{}
		}
	default:
		sd.data, err = s.blob(sd.id, sd.path)
	}
	return err
}
