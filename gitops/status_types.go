package gitops

// StatusKind classifies a status entry as `git status --porcelain=v2`
// does.
type StatusKind uint8

// Status entry kinds.
const (
	StatusOrdinary  StatusKind = iota // changed, staged or not ("1" lines)
	StatusRenamed                     // renamed or copied ("2" lines)
	StatusUnmerged                    // a conflict ("u" lines)
	StatusUntracked                   // "?"
	StatusIgnored                     // "!"
)

// StatusEntry is one path of the status, with porcelain v2's values.
type StatusEntry struct {
	Path     string // relative to the top of the work tree, slash-separated; untracked directories end in "/"
	OrigPath string // the source of a rename or copy
	Kind     StatusKind
	// Staged and Unstaged are git's X and Y: 'M' modified, 'A' added, 'D'
	// deleted, 'R' renamed, 'C' copied, 'T' type changed, '.' unchanged.
	// For a conflict they spell its kind: "UU", "AA", "DD", "AU", "UA",
	// "DU" or "UD".
	Staged, Unstaged byte

	// Modes and ids in HEAD, the index and the work tree (no work-tree id:
	// git does not compute it). Absent sides are zero; when nothing is
	// staged the HEAD columns repeat the index's, as git prints them.
	HeadMode, IndexMode, WorktreeMode uint32
	HeadID, IndexID                   Hash
	Score                             int // rename or copy similarity, percent

	IntentToAdd bool // added with `git add -N`: nothing staged yet
	Submodule   SubmoduleStatus
	Stages      [3]StatusStage // a conflict's base, ours and theirs
}

// SubmoduleStatus is porcelain v2's S<c><m><u>.
type SubmoduleStatus struct {
	Is            bool // the path is a submodule on some side
	CommitChanged bool // another commit is checked out than the index records
	Modified      bool // its work tree has tracked changes
	Untracked     bool // its work tree has untracked files
}

// StatusStage is one side of a conflict; Mode 0 when that side is absent.
type StatusStage struct {
	Mode uint32
	ID   Hash
}

// UntrackedMode says which untracked files a status lists.
type UntrackedMode uint8

// Untracked modes (git's --untracked-files).
const (
	UntrackedDefault UntrackedMode = iota // status.showUntrackedFiles, else normal
	UntrackedNo
	UntrackedNormal // wholly untracked directories as "dir/"
	UntrackedAll    // every file
)

// StatusOptions configures Repo.Status.
type StatusOptions struct {
	Untracked UntrackedMode
	Ignored   bool     // list ignored files too (git's --ignored)
	Paths     []string // pathspec relative to the top of the work tree; nil: everything
	// Renames is 0 for status.renames/diff.renames, -1 for none
	// (--no-renames), 1 for renames (--find-renames); RenameScore is the
	// similarity threshold in percent (0: 50).
	Renames     int
	RenameScore int
	// QuickTracking only compares the branch with its upstream
	// (status.aheadBehind=false): StatusBranch.Differs instead of counts.
	QuickTracking bool
}

// Status is a work tree's status.
type Status struct {
	Branch StatusBranch
	State  StatusState
	// Entries: tracked changes sorted by path (conflicts among them), then
	// untracked paths, then ignored ones, each sorted.
	Entries []StatusEntry
	// Untracked is the mode used (after status.showUntrackedFiles).
	Untracked UntrackedMode
	// ViaGit is non-empty when git itself answered, in whole or in part,
	// and says why (a split or sparse index; files behind a clean filter).
	ViaGit []string
	// IndexLock is the path of an index.lock that exists: another git
	// process is (or was, and crashed) writing the index. The status is
	// still right, as git's is, but may soon be stale.
	IndexLock string
	Warnings  []string // problems git would print and carry on after
}

// StatusBranch is what `git status --branch` reports about HEAD.
type StatusBranch struct {
	Head     string // branch name without refs/heads/; empty when detached
	OID      Hash   // HEAD's commit; zero when Unborn
	Unborn   bool   // no commit yet (git's "initial")
	Detached bool
	// DetachedFrom names what HEAD was detached from, from the HEAD
	// reflog ("v1.0", "origin/main", "refs/heads/main" or an abbreviated
	// id); DetachedAt tells whether HEAD is still there.
	DetachedFrom string
	DetachedAt   bool

	Upstream      string // full name of the upstream; empty when none
	UpstreamShort string // as git abbreviates it ("origin/main")
	// UpstreamGone: an upstream is configured but it (or the branch)
	// cannot be compared: it does not exist, or the branch has no commit.
	UpstreamGone  bool
	Ahead, Behind int
	Differs       bool // with QuickTracking: the branch and its upstream differ
}

// StatusState tells which operation is in progress, for the long format.
type StatusState struct {
	Merge          bool
	CherryPick     bool
	CherryPickHead Hash // zero during a multi-commit cherry-pick between picks
	Revert         bool
	RevertHead     Hash
	Rebase         bool   // a rebase that is not interactive
	RebaseInteract bool   // git rebase -i (or the merge backend's interactive mode)
	RebaseBranch   string // the branch being rebased
	RebaseOnto     string // what it is rebased onto
	Am             bool   // git am
	Bisect         bool
	BisectBranch   string // the branch bisect started from
	// SparseCheckout is core.sparseCheckout with a non-empty index;
	// SparsePercent is the share of index entries present in the work
	// tree (git's rounding), -1 for a sparse index (git gives no figure).
	SparseCheckout bool
	SparsePercent  int
}
