package gitops

import "time"

// Discard is one recorded discard: the work-tree (and, for untracked
// files, whole) contents reef replaced, kept as a commit on refs/reef/discards
// so they can be restored (and so git gc keeps them).
type Discard struct {
	ID      Hash // the record's commit
	When    time.Time
	Paths   []string
	Summary string // "3 lines of main.tf", "2 files"
}
