package gitops

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"reef/gitops/treediff"
)

// StatOptions tunes WriteStat like git's --stat=<width>,<name-width>
// and diff.statGraphWidth.
type StatOptions struct {
	Width      int // total columns; 0 means 80
	NameWidth  int // maximum columns for names; 0: no limit of its own
	GraphWidth int // maximum columns for the +/- graph; 0: no limit of its own
	// Colors colours the graph (New for '+', Old for '-').
	Colors *PatchColors
}

// statEntry is one line of a diffstat.
type statEntry struct {
	name           string
	added, deleted int64
	binary         bool
	unmerged       bool
}

// statEntries turns diffs into diffstat lines, leaving out modified files
// whose only changes a whitespace option hid, as git does.
func statEntries(diffs []FileDiff) []statEntry {
	out := make([]statEntry, 0, len(diffs))
	for i := range diffs {
		fd := &diffs[i]
		e := statEntry{name: QuotePath(fd.NewPath)}
		if fd.Status == treediff.Renamed || fd.Status == treediff.Copied {
			e.name = renameName(fd.OldPath, fd.NewPath)
		}
		switch {
		case fd.Status == treediff.Unmerged:
			e.unmerged = true
		case fd.Binary || fd.Truncated:
			e.binary = true
			if !fd.ModeOnly && fd.OldID != fd.NewID {
				if fd.OldMode != 0 {
					e.deleted = fd.OldSize
				}
				if fd.NewMode != 0 {
					e.added = fd.NewSize
				}
			}
		default:
			e.added, e.deleted = int64(fd.Added), int64(fd.Deleted)
			if fd.Status == treediff.Modified && e.added == 0 && e.deleted == 0 &&
				fd.OldMode == fd.NewMode && fd.OldID != fd.NewID {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

// WriteStat writes git's --stat: a line per file with its change count
// and a +/- graph scaled to the width, then the summary line.
func WriteStat(w io.Writer, diffs []FileDiff, o StatOptions) error {
	bw := bufio.NewWriter(w)
	files := statEntries(diffs)
	if len(files) == 0 {
		return nil
	}
	var maxChange, maxLen int64
	numberWidth, binWidth := 0, 0
	for _, f := range files {
		maxLen = max(maxLen, int64(len(f.name)))
		switch {
		case f.unmerged:
			binWidth = max(binWidth, 8) // "Unmerged"
		case f.binary:
			// "Bin XXX -> YYY bytes"
			binWidth = max(binWidth, 14+decimalWidth(f.added)+decimalWidth(f.deleted))
			numberWidth = 3 // counts align with "Bin"
		default:
			maxChange = max(maxChange, f.added+f.deleted)
		}
	}
	width := o.Width
	if width <= 0 {
		width = 80
	}
	numberWidth = max(numberWidth, decimalWidth(maxChange))
	width = max(width, 16+6+numberWidth)
	graphWidth := int(maxChange)
	if maxChange+4 <= int64(binWidth) {
		graphWidth = binWidth - 4
	}
	if o.GraphWidth > 0 && o.GraphWidth < graphWidth {
		graphWidth = o.GraphWidth
	}
	nameWidth := int(maxLen)
	if o.NameWidth > 0 && o.NameWidth < nameWidth {
		nameWidth = o.NameWidth
	}
	if nameWidth+numberWidth+6+graphWidth > width {
		if graphWidth > width*3/8-numberWidth-6 {
			graphWidth = max(width*3/8-numberWidth-6, 6)
		}
		if o.GraphWidth > 0 && graphWidth > o.GraphWidth {
			graphWidth = o.GraphWidth
		}
		if nameWidth > width-numberWidth-6-graphWidth {
			nameWidth = width - numberWidth - 6 - graphWidth
		} else {
			graphWidth = width - numberWidth - 6 - nameWidth
		}
	}
	var adds, dels int64
	total := 0
	for _, f := range files {
		prefix, name := "", f.name
		room := nameWidth
		if nameWidth < len(name) {
			// Keep the end of the name, from a slash if there is one.
			prefix, room = "...", max(nameWidth-3, 0)
			name = name[len(name)-room:]
			if i := strings.IndexByte(name, '/'); i >= 0 {
				name = name[i:]
			}
		}
		pad := strings.Repeat(" ", max(room-len(name), 0))
		switch {
		case f.unmerged:
			// git ends this line without a newline: the next line
			// follows on the same row. Kept for byte-equal output.
			fmt.Fprintf(bw, " %s%s%s | %*s", prefix, name, pad, numberWidth, "Unmerged")
			continue
		case f.binary:
			fmt.Fprintf(bw, " %s%s%s | %*s", prefix, name, pad, numberWidth, "Bin")
			if f.added != 0 || f.deleted != 0 {
				fmt.Fprintf(bw, " %s -> %s bytes", colored(o.Colors, oldColor, strconv.FormatInt(f.deleted, 10)),
					colored(o.Colors, newColor, strconv.FormatInt(f.added, 10)))
			}
			bw.WriteByte('\n')
		default:
			add, del := f.added, f.deleted
			if int64(graphWidth) <= maxChange {
				t := scaleLinear(add+del, graphWidth, maxChange)
				if t < 2 && add > 0 && del > 0 {
					t = 2
				}
				if add < del {
					add = scaleLinear(add, graphWidth, maxChange)
					del = t - add
				} else {
					del = scaleLinear(del, graphWidth, maxChange)
					add = t - del
				}
			}
			sep := ""
			if f.added+f.deleted > 0 {
				sep = " "
			}
			fmt.Fprintf(bw, " %s%s%s | %*d%s", prefix, name, pad, numberWidth, f.added+f.deleted, sep)
			if add > 0 {
				bw.WriteString(colored(o.Colors, newColor, strings.Repeat("+", int(add))))
			}
			if del > 0 {
				bw.WriteString(colored(o.Colors, oldColor, strings.Repeat("-", int(del))))
			}
			bw.WriteByte('\n')
			adds += f.added
			dels += f.deleted
		}
		total++
	}
	writeSummary(bw, total, adds, dels)
	return bw.Flush()
}

func oldColor(c *PatchColors) string { return c.Old }
func newColor(c *PatchColors) string { return c.New }

func colored(c *PatchColors, pick func(*PatchColors) string, s string) string {
	if c == nil || pick(c) == "" {
		return s
	}
	return pick(c) + s + c.Reset
}

// scaleLinear scales a count to the graph width, never to zero.
func scaleLinear(it int64, width int, maxChange int64) int64 {
	if it == 0 {
		return 0
	}
	return 1 + it*int64(width-1)/maxChange
}

func decimalWidth(n int64) int { return len(strconv.FormatInt(n, 10)) }

// writeSummary writes " N files changed, X insertions(+), Y deletions(-)".
func writeSummary(bw *bufio.Writer, files int, adds, dels int64) {
	if files == 0 {
		bw.WriteString(" 0 files changed\n")
		return
	}
	fmt.Fprintf(bw, " %d %s changed", files, plural(int64(files), "file", "files"))
	if adds > 0 || dels == 0 {
		fmt.Fprintf(bw, ", %d %s(+)", adds, plural(adds, "insertion", "insertions"))
	}
	if dels > 0 || adds == 0 {
		fmt.Fprintf(bw, ", %d %s(-)", dels, plural(dels, "deletion", "deletions"))
	}
	bw.WriteByte('\n')
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// WriteShortStat writes only the summary line of --stat (--shortstat).
func WriteShortStat(w io.Writer, diffs []FileDiff) error {
	bw := bufio.NewWriter(w)
	files := statEntries(diffs)
	if len(files) == 0 {
		return nil
	}
	total := 0
	var adds, dels int64
	for _, f := range files {
		if f.unmerged {
			continue
		}
		total++
		if !f.binary {
			adds += f.added
			dels += f.deleted
		}
	}
	writeSummary(bw, total, adds, dels)
	return bw.Flush()
}

// WriteNumStat writes git's --numstat: added and deleted lines per file
// ("-" for binary files) and the name.
func WriteNumStat(w io.Writer, diffs []FileDiff) error {
	bw := bufio.NewWriter(w)
	for _, f := range statEntries(diffs) {
		if f.binary {
			fmt.Fprintf(bw, "-\t-\t%s\n", f.name)
		} else {
			fmt.Fprintf(bw, "%d\t%d\t%s\n", f.added, f.deleted, f.name)
		}
	}
	return bw.Flush()
}

// WriteNameStatus writes git's --name-status: the status letter (with the
// score of renames and copies) and the path(s), tab-separated.
func WriteNameStatus(w io.Writer, changes []FileChange) error {
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		switch c.Status {
		case treediff.Renamed, treediff.Copied:
			fmt.Fprintf(bw, "%c%03d\t%s\t%s\n", c.Status, c.Similarity, QuotePath(c.OldPath), QuotePath(c.NewPath))
		default:
			fmt.Fprintf(bw, "%c\t%s\n", c.Status, QuotePath(c.NewPath))
		}
	}
	return bw.Flush()
}

// WriteNameOnly writes git's --name-only: one (new) path per line.
func WriteNameOnly(w io.Writer, changes []FileChange) error {
	bw := bufio.NewWriter(w)
	for _, c := range changes {
		bw.WriteString(QuotePath(c.NewPath))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
