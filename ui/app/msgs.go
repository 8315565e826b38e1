package app

import "reef/gitops"

// openedMsg carries the repository once it is open.
type openedMsg struct {
	repo    *gitops.Repo
	head    gitops.HeadState
	decor   map[gitops.Hash][]string
	history *gitops.History
	err     error
}

// pageMsg carries one page of history. gen ties it to the walk that asked
// for it: a page for an abandoned walk is dropped.
type pageMsg struct {
	gen     int
	entries []gitops.LogEntry
	done    bool
	err     error
}
