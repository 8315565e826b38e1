package logpane

import "reef/gitops"

// refsMsg carries decorations and HEAD.
type refsMsg struct {
	req   uint64
	head  gitops.HeadState
	decor map[gitops.Hash][]decoration
	err   error
}

// pageMsg carries one page of history for the walk started by req.
type pageMsg struct {
	req     uint64
	entries []row
	done    bool
	err     error
}

// filesMsg carries the changed files of a commit.
type filesMsg struct {
	req    uint64
	commit gitops.Hash
	files  []gitops.FileChange
	err    error
}

// statsMsg carries +/- counts for some files of a commit.
type statsMsg struct {
	req    uint64
	commit gitops.Hash
	stats  map[int][2]int // file index -> added, deleted
}

// settleMsg fires after the cursor rests on a commit for a moment: only
// then are its files read, so holding j does not start a read per row.
type settleMsg struct {
	req    uint64
	commit gitops.Hash
}
