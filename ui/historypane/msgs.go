package historypane

import (
	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/syntax"
)

// pageMsg carries entries of the walk started by id. A walk's first page
// also hands over the pager the next pages are read from.
type pageMsg struct {
	id      uint64
	pager   pager
	entries []entry
	done    bool
	err     error
	// slow: the walk ended after more than slowWalk or, on a page
	// before its end, has gone on for more than eight times that: the
	// repository may want changed-path filters, which make it quick.
	slow bool
	// searched: how far the walk has looked (a page before the end).
	searched searched
	// onDisk comes with the first page: the file is in the work tree.
	onDisk bool
}

// statsMsg carries +/- counts of some commits' change to the file.
type statsMsg struct {
	file  string // the history they belong to (path at its tip)
	stats map[gitops.Hash]stat
	err   error
}

// settleMsg fires once the selection has rested: only then is the
// selected version compared, reviewed and read.
type settleMsg struct{ id uint64 }

// compareMsg carries the file's change for the comparison id asked for;
// none says why there is nothing to show (the same content on both sides).
type compareMsg struct {
	id     uint64
	change gitops.FileChange
	none   string
	err    error
}

// findingsMsg carries the review findings of comparison id on the file.
type findingsMsg struct {
	id       uint64
	findings []iac.Finding
	err      error
}

// contentMsg carries the whole file of one version.
type contentMsg struct {
	id     uint64
	lines  []string
	spans  [][]syntax.Span
	binary bool
	size   int
	widest int // cells of the widest line
	err    error
}

// blameMsg carries a blame for the view on top of the blame stack.
type blameMsg struct {
	id     uint64
	blame  *gitops.Blame
	spans  [][]syntax.Span
	level  []uint8 // each line's step on the age scale
	group  []int   // each line's group
	widest int
	err    error
	slow   bool // the blame took long enough to want changed-path filters
}
