// Package status computes a work tree's status the way `git status` does
// (git 2.39): changes staged between HEAD and the index, unstaged changes
// between the index and the work tree, conflicts from the index stages,
// staged renames, untracked and ignored files.
//
// It is reef's own because go-git's status is 14 times slower than git and
// wrong in many ways (see GOGIT-NOTES.md). Speed comes from what git does
// plus parallelism git lacks: HEAD is compared with the index through the
// index's cache tree (a directory whose cached tree id equals HEAD's is
// skipped unread), and the work tree is read one directory at a time on
// every core, each job listing its directory for untracked files and
// stat'ing its tracked files relative to the open directory. A file's
// content is read only when its stat data says it may have changed, or
// when it is racily clean.
//
// Nothing is ever written: git refreshes the index's stat data and writes
// it back during status; reef leaves the index alone, so an index.lock held
// by another process does not stop it.
package status

import (
	"context"
	"errors"

	"reef/gitops/gitconfig"
	"reef/gitops/index"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// ShowMode says which untracked files to list (git's --untracked-files).
type ShowMode uint8

const (
	ShowNo     ShowMode = iota // no untracked files (and no ignored ones)
	ShowNormal                 // untracked files, wholly untracked directories as "dir/"
	ShowAll                    // every untracked file
)

// Kind classifies an entry as porcelain v2 does.
type Kind uint8

const (
	KindOrdinary  Kind = iota // "1": changed, staged or not
	KindRenamed               // "2": renamed or copied (Staged or Unstaged is 'R' or 'C')
	KindUnmerged              // "u": a conflict
	KindUntracked             // "?"
	KindIgnored               // "!"
)

// Entry is one line of `git status --porcelain=v2`, with the same values:
// the modes and ids of a side that does not exist are zero, and the head
// columns repeat the index ones when nothing is staged.
type Entry struct {
	Path     string // slash-separated, relative to the top of the work tree; a directory ends in "/"
	OrigPath string // the source of a rename or copy
	Kind     Kind
	// Staged and Unstaged are porcelain v2's X and Y: 'M', 'A', 'D', 'R',
	// 'C', 'T' or '.'. For conflicts they are the two letters of the
	// conflict kind ("UU", "AA", "DD", "AU", "UA", "DU", "UD").
	Staged, Unstaged byte

	HeadMode, IndexMode, WorktreeMode uint32
	HeadID, IndexID                   oid.ID
	Score                             int // similarity of a rename or copy, percent

	IntentToAdd bool // `git add -N`: in the index, nothing staged yet
	Submodule   Submodule
	Stages      [3]Stage // conflicts: stages 1 (base), 2 (ours), 3 (theirs)
}

// Submodule is porcelain v2's S<c><m><u> field.
type Submodule struct {
	Is            bool // the path is (or was, or becomes) a submodule
	CommitChanged bool // its checked-out commit differs from the index
	Modified      bool // it has tracked changes
	Untracked     bool // it has untracked files
}

// Stage is one side of a conflict; Mode 0 when absent.
type Stage struct {
	Mode uint32
	ID   oid.ID
}

// Options says what to compare and how.
type Options struct {
	WorkTree  string // top of the work tree
	GitDir    string // the (per-worktree) git directory
	CommonDir string // the shared git directory (info/exclude lives there)
	Env       []string
	Config    *gitconfig.Config
	DB        *odb.DB
	Index     *index.Index
	// HeadTree is HEAD's tree; zero for an unborn branch (everything in
	// the index is then added).
	HeadTree oid.ID

	Untracked ShowMode
	Ignored   bool     // list ignored files too (git's --ignored)
	Paths     []string // pathspec relative to the top of the work tree; nil is everything

	// Renames overrides status.renames / diff.renames: 0 as configured,
	// -1 off, 1 on. RenameScore is the minimum similarity in percent (0:
	// git's 50).
	Renames     int
	RenameScore int

	// Submodule reports the state of the submodule checked out at path
	// (relative to the top of the work tree), as `git status` run inside
	// it would: tracked changes and untracked files (not asked for when
	// ignoreUntracked). Nil treats every submodule as clean.
	Submodule func(ctx context.Context, path string, ignoreUntracked bool) (modified, untracked bool, err error)

	// Workers bounds the parallel work-tree scan; 0 means one per CPU.
	Workers int
}

// Result is the status.
type Result struct {
	// Entries holds the tracked changes (ordinary, renamed and unmerged)
	// sorted by path, then the untracked entries sorted, then the ignored
	// ones sorted: git's order within each porcelain section.
	Entries []Entry
	// ViaGit lists why content had to be hashed by the git command line
	// (clean filters such as git-lfs, ident, working-tree-encoding).
	ViaGit []string
	// Warnings are problems git prints and carries on after (an unreadable
	// file or directory).
	Warnings []string
}

// ErrUnsupported is returned for an index that needs the git command line
// (split or sparse index); the caller falls back to `git status`.
var ErrUnsupported = errors.New("index shape not supported by reef's status")

// Compute runs the status.
func Compute(ctx context.Context, o Options) (*Result, error) {
	if o.Index.Split || o.Index.Sparse {
		return nil, ErrUnsupported
	}
	s, err := newRun(ctx, o)
	if err != nil {
		return nil, err
	}
	return s.run()
}
