package gitops

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"reef/gitops/index"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/textdiff"
	"reef/gitops/treediff"
)

// Line diff values, shared with the textdiff package so the panes and the
// staging code work on exactly what the differ produced.
type (
	// Hunk is one "@@" section: line ranges, section text and lines.
	Hunk = textdiff.Hunk
	// Line is one line of a hunk with its old and new line numbers and,
	// when asked for, the changed spans of a paired line.
	Line = textdiff.Line
	// LineKind says whether a line is context, removed or added.
	LineKind = textdiff.Kind
	// Span is a changed byte range inside a line.
	Span = textdiff.Span
	// Whitespace selects which whitespace differences are ignored.
	Whitespace = textdiff.WSMode
)

// Line kinds and whitespace modes, re-exported.
const (
	LineContext = textdiff.Equal
	LineRemoved = textdiff.Delete
	LineAdded   = textdiff.Insert

	WhitespaceAll       = textdiff.WSNone
	IgnoreSpaceAtEOL    = textdiff.IgnoreSpaceAtEOL
	IgnoreSpaceChange   = textdiff.IgnoreSpaceChange
	IgnoreAllWhitespace = textdiff.IgnoreAllSpace
)

// RenameMode selects rename and copy detection.
type RenameMode uint8

// Rename modes.
const (
	RenamesDefault RenameMode = iota // diff.renames (git's default: renames)
	RenamesOff
	RenamesOn
	RenamesCopies // renames, and copies of modified files
)

// DiffOptions tunes the diff entry points and FilePatch. The zero value
// is what `git diff` does with the repository's configuration.
type DiffOptions struct {
	// Paths limits the diff to files and directories, relative to the top
	// of the work tree ("" or "." is everything). No wildcards.
	Paths []string
	// Renames selects rename and copy detection; RenameThreshold is the
	// minimum similarity in percent (0: 50) and RenameLimit the size of
	// the inexact search (0: diff.renameLimit, else 1000).
	Renames         RenameMode
	RenameThreshold int
	RenameLimit     int
	// Context is the number of context lines: 0 means diff.context (3
	// unless configured), negative means none.
	Context    int
	Whitespace Whitespace
	// IntraLine computes the changed spans of paired lines.
	IntraLine bool
	// MaxBytes, when positive, leaves files with a side larger than this
	// undiffed (FileDiff.Truncated); the UI sets it so a huge file cannot
	// stall a pane. git's core.bigFileThreshold (files shown as binary)
	// applies regardless.
	MaxBytes int64
}

// FileChange is one changed file of a diff listing. It is cheap to make:
// listing a commit reads trees only, never file contents (except to pair
// renames); FilePatch computes the lines when a file is shown.
type FileChange struct {
	// Status is git's letter: 'A'dded, 'D'eleted, 'M'odified, 'T'ype
	// changed (file, symlink, submodule), 'R'enamed, 'C'opied, 'U'nmerged.
	Status byte
	// OldPath and NewPath are equal unless the file was renamed or copied
	// (an absent side carries the present side's path, as git prints it).
	OldPath, NewPath string
	// OldMode and NewMode are git modes (0o100644...); 0 for an absent side.
	OldMode, NewMode uint32
	// OldID and NewID are blob ids (commit ids for submodules); zero for an
	// absent side. A work-tree NewID is the hash of its cleaned content.
	OldID, NewID Hash
	// Similarity is the rename or copy score in percent.
	Similarity int
	// Worktree says the new side is the file in the work tree.
	Worktree bool
	// SubmoduleDirty: the new side is a submodule whose tracked files are
	// modified; git prints its commit with "-dirty".
	SubmoduleDirty bool
	// indexed: the listing read the index, so, as in git, .gitattributes
	// missing from the work tree are read from it.
	indexed bool
}

// Path is the path a change is listed under (the new one).
func (c FileChange) Path() string { return c.NewPath }

// FileDiff is one file's diff: its change and its lines.
type FileDiff struct {
	FileChange
	// Binary files (by content or attributes) have no hunks; OldSize and
	// NewSize give their sizes in bytes.
	Binary           bool
	OldSize, NewSize int64
	// Submodule marks a gitlink: OldID and NewID are commits, and the
	// hunk is git's "Subproject commit" lines.
	Submodule bool
	// ModeOnly: the content is the same, only the mode changed.
	ModeOnly bool
	// Truncated: a side is larger than DiffOptions.MaxBytes; no hunks.
	Truncated bool
	// Hunks hold the line changes. For a type change (file <-> symlink)
	// they are the old content removed then the new content added, as git
	// prints it; Added and Deleted still count a plain diff of the two, as
	// git's --stat does.
	Hunks          []Hunk
	Added, Deleted int
}

// DiffCommit lists the changes a commit made against its first parent (a
// root commit against the empty tree).
func (r *Repo) DiffCommit(ctx context.Context, id Hash, o DiffOptions) ([]FileChange, error) {
	c, err := r.Commit(id)
	if err != nil {
		return nil, err
	}
	var parent Hash
	if len(c.Parents) > 0 {
		p, err := r.Commit(c.Parents[0])
		if err != nil {
			return nil, err
		}
		parent = p.Tree
	}
	return r.diffTrees(ctx, parent, c.Tree, o)
}

// DiffRevs lists the changes from a to b (commits, tags or trees).
func (r *Repo) DiffRevs(ctx context.Context, a, b Hash, o DiffOptions) ([]FileChange, error) {
	ta, err := r.treeOf(a)
	if err != nil {
		return nil, err
	}
	tb, err := r.treeOf(b)
	if err != nil {
		return nil, err
	}
	return r.diffTrees(ctx, ta, tb, o)
}

// DiffStaged lists what is staged: HEAD against the index (an unborn
// branch against the empty tree).
func (r *Repo) DiffStaged(ctx context.Context, o DiffOptions) ([]FileChange, error) {
	if r.IsBare() {
		return nil, ErrBare
	}
	head, err := r.headTree()
	if err != nil {
		return nil, err
	}
	return r.diffIndex(ctx, head, o)
}

// DiffIndex lists the changes from a revision to the index, like
// `git diff --cached REV`.
func (r *Repo) DiffIndex(ctx context.Context, rev Hash, o DiffOptions) ([]FileChange, error) {
	if r.IsBare() {
		return nil, ErrBare
	}
	tree, err := r.treeOf(rev)
	if err != nil {
		return nil, err
	}
	return r.diffIndex(ctx, tree, o)
}

func (r *Repo) diffIndex(ctx context.Context, tree Hash, o DiffOptions) ([]FileChange, error) {
	ix, err := r.readIndex()
	if err != nil {
		return nil, err
	}
	changes, err := treediff.TreeIndex(ctx, r.db, tree, ix, o.Paths)
	if err != nil {
		return nil, err
	}
	return r.finish(ctx, changes, o, nil, ix)
}

// DiffUnstaged lists what is not staged: the index against the work tree
// (untracked files are not listed).
func (r *Repo) DiffUnstaged(ctx context.Context, o DiffOptions) ([]FileChange, error) {
	if r.IsBare() {
		return nil, ErrBare
	}
	ix, err := r.readIndex()
	if err != nil {
		return nil, err
	}
	changes, err := treediff.Worktree(ctx, ix, r.worktreeOptions(ix, o.Paths))
	if err != nil {
		return nil, err
	}
	wt := map[string]bool{}
	for _, c := range changes {
		if c.New.Exists() {
			wt[c.New.Path] = true
		}
	}
	return r.finish(ctx, changes, o, wt, ix)
}

// DiffWorktree lists the changes from a revision to the work tree, like
// `git diff REV`: files the index tracks, as they are on disk.
func (r *Repo) DiffWorktree(ctx context.Context, rev Hash, o DiffOptions) ([]FileChange, error) {
	if r.IsBare() {
		return nil, ErrBare
	}
	tree, err := r.treeOf(rev)
	if err != nil {
		return nil, err
	}
	ix, err := r.readIndex()
	if err != nil {
		return nil, err
	}
	changes, err := treediff.Worktree(ctx, ix, r.worktreeOptions(ix, o.Paths))
	if err != nil {
		return nil, err
	}
	entries := overlay(ix.Entries, changes)
	tc, err := treediff.TreeEntries(ctx, r.db, tree, entries, o.Paths)
	if err != nil {
		return nil, err
	}
	wt := map[string]bool{}
	for _, c := range tc {
		if c.New.Exists() {
			wt[c.New.Path] = true
		}
	}
	return r.finish(ctx, tc, o, wt, ix)
}

// overlay applies work-tree changes to index entries: the index as it
// would be after `git add -u` of the tracked files.
func overlay(entries []index.Entry, changes []treediff.Change) []index.Entry {
	by := make(map[string]treediff.Change, len(changes))
	for _, c := range changes {
		by[c.Path()] = c
	}
	out := make([]index.Entry, 0, len(entries))
	for i := 0; i < len(entries); i++ {
		e := entries[i]
		c, changed := by[e.Path]
		if e.Stage != 0 {
			for i+1 < len(entries) && entries[i+1].Path == e.Path {
				i++
			}
			e.Stage = 0
		}
		if e.IntentToAdd && !changed {
			continue
		}
		if changed {
			if !c.New.Exists() {
				continue
			}
			e.Mode, e.ID, e.IntentToAdd = c.New.Mode, c.New.ID, false
		}
		out = append(out, e)
	}
	return out
}

// diffTrees lists the changes between two trees.
func (r *Repo) diffTrees(ctx context.Context, a, b oid.ID, o DiffOptions) ([]FileChange, error) {
	changes, err := treediff.Trees(ctx, r.db, a, b, o.Paths)
	if err != nil {
		return nil, err
	}
	return r.finish(ctx, changes, o, nil, nil)
}

// finish detects renames and turns changes into FileChange values. wt
// holds the paths whose new side is a work-tree file; ix is the index when
// the listing read it.
func (r *Repo) finish(ctx context.Context, changes []treediff.Change, o DiffOptions, wt map[string]bool, ix *index.Index) ([]FileChange, error) {
	mode := o.Renames
	if mode == RenamesDefault {
		mode = r.configRenames()
	}
	if mode != RenamesOff && len(changes) > 1 {
		limit := o.RenameLimit
		if limit == 0 {
			n, err := r.cfg.Int("diff.renamelimit", 0)
			if err != nil {
				return nil, err
			}
			limit = int(n)
		}
		src := r.sources(ctx, wt, ix)
		var err error
		changes, err = treediff.DetectRenamesContext(ctx, changes, src.content, treediff.RenameOptions{
			Copies: mode == RenamesCopies, Threshold: o.RenameThreshold, Limit: limit,
			Size: src.size, Binary: src.binaryForRename,
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]FileChange, len(changes))
	for i, c := range changes {
		fc := FileChange{
			Status: c.Status, OldPath: c.Old.Path, NewPath: c.New.Path,
			OldMode: c.Old.Mode, NewMode: c.New.Mode, OldID: c.Old.ID, NewID: c.New.ID,
			Similarity: c.Score,
		}
		if fc.OldPath == "" {
			fc.OldPath = fc.NewPath
		}
		if fc.NewPath == "" {
			fc.NewPath = fc.OldPath
		}
		fc.Worktree = c.New.Exists() && wt[c.New.Path]
		fc.SubmoduleDirty = c.Dirty
		fc.indexed = ix != nil
		out[i] = fc
	}
	return out, nil
}

// configRenames reads diff.renames (true, false, copies).
func (r *Repo) configRenames() RenameMode {
	v, ok := r.cfg.Get("diff.renames")
	if !ok {
		return RenamesOn
	}
	switch strings.ToLower(v) {
	case "copies", "copy":
		return RenamesCopies
	}
	if on, err := r.cfg.Bool("diff.renames", true); err == nil && !on {
		return RenamesOff
	}
	return RenamesOn
}

// treeOf peels a commit, tag or tree id to a tree.
func (r *Repo) treeOf(id Hash) (Hash, error) {
	peeled, typ, err := r.peel(id)
	if err != nil {
		return oid.Zero, err
	}
	switch typ {
	case odb.Tree:
		return peeled, nil
	case odb.Commit:
		c, err := r.Commit(peeled)
		if err != nil {
			return oid.Zero, err
		}
		return c.Tree, nil
	}
	return oid.Zero, fmt.Errorf("%w: %s is a %s, not a commit or tree", ErrBadRevision, r.ShortHash(id), typ)
}

// headTree is HEAD's tree, zero on an unborn branch.
func (r *Repo) headTree() (Hash, error) {
	h, err := r.refs.Head()
	if err != nil {
		return oid.Zero, err
	}
	if h.Unborn {
		return oid.Zero, nil
	}
	return r.treeOf(h.ID)
}

// readIndex reads the index ($GIT_INDEX_FILE or the git dir's).
func (r *Repo) readIndex() (*index.Index, error) {
	path := filepath.Join(r.gitDir, "index")
	if v, ok := lookupEnv(r.env, "GIT_INDEX_FILE"); ok && v != "" {
		path = v
	}
	ix, err := index.Read(path)
	if err != nil {
		return nil, err
	}
	if ix.Split {
		return nil, fmt.Errorf("%w: split index (core.splitIndex); use git for this repository", ErrUnsupported)
	}
	return ix, nil
}
