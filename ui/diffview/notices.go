package diffview

import (
	"fmt"

	"reef/gitops"
	"reef/ui/termtext"
)

// notice is a line about a file that its hunks do not show. Paths are
// shown as they are (CJK names readable, not git's octal quoting), made
// safe by termtext.Clean.
type notice struct {
	text string
	meta bool // a fact about the file (mode, rename) rather than a warning
}

// notices says what a file diff's hunks leave out: a rename or copy, a
// new or deleted file, a mode or type change, a submodule, and why there
// are no lines (binary, too large, only whitespace or mode changed).
func notices(fd *gitops.FileDiff, o DocOptions) []notice {
	var out []notice
	meta := func(format string, a ...any) { out = append(out, notice{text: fmt.Sprintf(format, a...), meta: true}) }
	note := func(format string, a ...any) { out = append(out, notice{text: fmt.Sprintf(format, a...)}) }
	switch fd.Status {
	case 'R':
		meta("renamed: %s → %s%s", termtext.Clean(fd.OldPath), termtext.Clean(fd.NewPath), similar(fd.Similarity))
	case 'C':
		meta("copied: %s → %s%s", termtext.Clean(fd.OldPath), termtext.Clean(fd.NewPath), similar(fd.Similarity))
	case 'U':
		note("unmerged: resolve the conflict to see a diff")
		return out
	}
	switch {
	case fd.OldMode == 0 && fd.NewMode != 0:
		meta("new file, mode %06o", fd.NewMode)
	case fd.NewMode == 0 && fd.OldMode != 0:
		meta("deleted file, mode %06o", fd.OldMode)
	case fd.Status == 'T':
		meta("type changed: %s → %s (mode %06o → %06o)", modeKind(fd.OldMode), modeKind(fd.NewMode), fd.OldMode, fd.NewMode)
	case fd.OldMode != fd.NewMode:
		meta("mode %06o → %06o", fd.OldMode, fd.NewMode)
	}
	if fd.Submodule {
		dirty := ""
		if fd.SubmoduleDirty {
			dirty = ", with modified files"
		}
		meta("submodule: commit %s → %s%s", fd.OldID.Short(7), fd.NewID.Short(7), dirty)
	}
	switch {
	case fd.Truncated:
		limit := o.MaxBytes
		if limit <= 0 {
			limit = max(fd.OldSize, fd.NewSize)
		}
		note("not shown: larger than %s (%s → %s)", size(limit), size(fd.OldSize), size(fd.NewSize))
	case fd.Binary:
		note("binary file: %s → %s", size(fd.OldSize), size(fd.NewSize))
	case fd.ModeOnly:
		note("content unchanged: only the mode changed")
	case len(fd.Hunks) == 0 && o.IgnoreWhitespace && fd.OldID != fd.NewID:
		note("only whitespace changed (hidden: w shows it)")
	case len(fd.Hunks) == 0 && (fd.Status == 'R' || fd.Status == 'C'):
		note("content unchanged")
	case len(fd.Hunks) == 0 && fd.Status == 'M' && fd.OldID == fd.NewID:
		note("no changes")
	}
	return out
}

// modeKind names what a git mode is.
func modeKind(m uint32) string {
	switch m & 0o170000 {
	case 0o120000:
		return "symbolic link"
	case 0o160000:
		return "submodule"
	case 0o040000:
		return "directory"
	}
	return "file"
}

// size is a byte count for people: "812 B", "4.2 KiB", "1.0 MiB".
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[i])
}

// similar is a rename's score as git prints it; a pairing reef made
// itself (two versions of a file under two names) has none.
func similar(score int) string {
	if score <= 0 {
		return ""
	}
	return fmt.Sprintf(" (%d%% similar)", score)
}
