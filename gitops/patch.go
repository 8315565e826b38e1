package gitops

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"reef/gitops/treediff"
)

// PatchColors are the escape sequences a coloured patch uses, one per
// part, as git's color.diff.* slots; an empty string leaves a part plain.
type PatchColors struct {
	Meta, Frag, Func, Old, New, Context, Reset string
}

// DefaultPatchColors are git's default diff colours.
func DefaultPatchColors() PatchColors {
	return PatchColors{
		Meta: "\x1b[1m", Frag: "\x1b[36m", Old: "\x1b[31m", New: "\x1b[32m", Reset: "\x1b[m",
	}
}

// PatchOptions tunes WritePatch.
type PatchOptions struct {
	// Abbrev shortens object ids on "index" lines; nil uses 7 digits.
	// Repo.ShortHash gives git's unique abbreviations.
	Abbrev func(Hash) string
	// Colors, when set, colours the patch as `git diff --color` does.
	Colors *PatchColors
}

// WritePatch writes diffs in git's patch format, byte for byte what
// `git diff` prints for them (without colour), so `git apply` accepts it.
func WritePatch(w io.Writer, diffs []FileDiff, o PatchOptions) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	p := patchWriter{w: bw, o: o}
	if p.o.Abbrev == nil {
		p.o.Abbrev = func(id Hash) string { return id.Short(7) }
	}
	for i := range diffs {
		p.file(&diffs[i])
	}
	return bw.Flush()
}

type patchWriter struct {
	w *bufio.Writer
	o PatchOptions
}

// PatchSection is one "diff --git" section of a file's patch. A file has
// one, but a type change (file <-> symlink) has two, a deletion and a
// creation, as git prints it; an unmerged path has one with only the
// Notice "* Unmerged path <path>".
type PatchSection struct {
	// Header holds git's header lines without their newlines: "diff
	// --git", mode, similarity, rename or copy, "index", and the "---" and
	// "+++" lines when hunks follow. Empty when git prints nothing (a
	// change only whitespace options hide).
	Header []string
	// Notice is "Binary files a/x and b/x differ" (or reef's note for a
	// file too large to show), or the unmerged marker; "" otherwise.
	Notice string
	Hunks  []Hunk
}

// Sections lays a file diff out as git's patch does. abbrev shortens ids
// on the "index" line (nil: 7 digits).
func (fd *FileDiff) Sections(abbrev func(Hash) string) []PatchSection {
	if abbrev == nil {
		abbrev = func(id Hash) string { return id.Short(7) }
	}
	if fd.Status == treediff.Unmerged {
		return []PatchSection{{Notice: "* Unmerged path " + fd.OldPath}}
	}
	both := half{
		oldExists: fd.OldMode != 0, newExists: fd.NewMode != 0,
		oldMode: fd.OldMode, newMode: fd.NewMode, oldID: fd.OldID, newID: fd.NewID, hunks: fd.Hunks,
	}
	if fd.Status != treediff.TypeChanged {
		return []PatchSection{fd.section(both, abbrev)}
	}
	// A type change is a deletion followed by a creation.
	del, add := both, both
	del.newExists, del.newMode, del.newID = false, 0, Hash{}
	add.oldExists, add.oldMode, add.oldID = false, 0, Hash{}
	del.hunks, add.hunks = nil, nil
	for _, h := range fd.Hunks {
		if h.NewLines == 0 {
			del.hunks = append(del.hunks, h)
		} else {
			add.hunks = append(add.hunks, h)
		}
	}
	return []PatchSection{fd.section(del, abbrev), fd.section(add, abbrev)}
}

// half is one "diff --git" section: a file pair as git prints it.
type half struct {
	oldExists, newExists bool
	oldMode, newMode     uint32
	oldID, newID         Hash
	hunks                []Hunk
}

func (fd *FileDiff) section(h half, abbrev func(Hash) string) PatchSection {
	aName, bName := quotePrefixed("a/", fd.OldPath), quotePrefixed("b/", fd.NewPath)
	hdr := []string{"diff --git " + aName + " " + bName}
	mustShow := false
	switch {
	case !h.oldExists:
		hdr = append(hdr, fmt.Sprintf("new file mode %06o", h.newMode))
		mustShow = true
	case !h.newExists:
		hdr = append(hdr, fmt.Sprintf("deleted file mode %06o", h.oldMode))
		mustShow = true
	case h.oldMode != h.newMode:
		hdr = append(hdr, fmt.Sprintf("old mode %06o", h.oldMode), fmt.Sprintf("new mode %06o", h.newMode))
		mustShow = true
	}
	if fd.Status == treediff.Renamed || fd.Status == treediff.Copied {
		word := "rename"
		if fd.Status == treediff.Copied {
			word = "copy"
		}
		hdr = append(hdr, fmt.Sprintf("similarity index %d%%", fd.Similarity),
			word+" from "+QuotePath(fd.OldPath), word+" to "+QuotePath(fd.NewPath))
		mustShow = true
	}
	if h.oldID != h.newID {
		line := "index " + abbrev(h.oldID) + ".." + abbrev(h.newID)
		if h.oldMode == h.newMode {
			line += fmt.Sprintf(" %06o", h.oldMode)
		}
		hdr = append(hdr, line)
	}
	aLabel, bLabel := aName, bName
	if !h.oldExists {
		aLabel = "/dev/null"
	}
	if !h.newExists {
		bLabel = "/dev/null"
	}
	switch {
	case fd.Binary && !fd.ModeOnly && h.oldID != h.newID:
		return PatchSection{Header: hdr, Notice: "Binary files " + aLabel + " and " + bLabel + " differ"}
	case fd.Truncated && h.oldID != h.newID:
		// Not git's: said so the reader knows lines were left out. A
		// caller that wants a patch to apply does not set MaxBytes.
		return PatchSection{Header: hdr, Notice: "Files " + aLabel + " and " + bLabel + " differ (too large to show)"}
	case len(h.hunks) > 0:
		hdr = append(hdr, "--- "+aLabel+tabIfSpace(aLabel), "+++ "+bLabel+tabIfSpace(bLabel))
		return PatchSection{Header: hdr, Hunks: h.hunks}
	case mustShow:
		return PatchSection{Header: hdr}
	}
	return PatchSection{}
}

func (p *patchWriter) file(fd *FileDiff) {
	c := p.o.Colors
	for _, s := range fd.Sections(p.o.Abbrev) {
		for _, l := range s.Header {
			p.colored(c, func(c *PatchColors) string { return c.Meta }, l)
			p.w.WriteByte('\n')
		}
		if s.Notice != "" {
			p.w.WriteString(s.Notice)
			p.w.WriteByte('\n')
		}
		p.hunks(s.Hunks)
	}
}

// tabIfSpace is the tab git puts after a "---"/"+++" name with a space,
// so patch(1) can tell where the name ends.
func tabIfSpace(label string) string {
	if strings.IndexByte(label, ' ') >= 0 {
		return "\t"
	}
	return ""
}

const noEOL = "\\ No newline at end of file\n"

func (p *patchWriter) hunks(hunks []Hunk) {
	c := p.o.Colors
	var num []byte
	for _, h := range hunks {
		if c != nil {
			p.w.WriteString(c.Frag)
		}
		p.w.WriteString("@@ -")
		num = appendRange(num[:0], h.OldStart, h.OldLines)
		p.w.Write(num)
		p.w.WriteString(" +")
		num = appendRange(num[:0], h.NewStart, h.NewLines)
		p.w.Write(num)
		p.w.WriteString(" @@")
		if c != nil {
			p.w.WriteString(c.Reset)
		}
		if h.Section != "" {
			p.w.WriteByte(' ')
			p.colored(c, func(c *PatchColors) string { return c.Func }, h.Section)
		}
		p.w.WriteByte('\n')
		for _, l := range h.Lines {
			switch l.Kind {
			case LineRemoved:
				p.colored(c, func(c *PatchColors) string { return c.Old }, "-"+l.Text)
			case LineAdded:
				p.colored(c, func(c *PatchColors) string { return c.New }, "+"+l.Text)
			default:
				p.colored(c, func(c *PatchColors) string { return c.Context }, " "+l.Text)
			}
			p.w.WriteByte('\n')
			if l.NoEOL {
				p.w.WriteString(noEOL)
			}
		}
	}
}

// colored writes s in the colour slot picks, if any.
func (p *patchWriter) colored(c *PatchColors, pick func(*PatchColors) string, s string) {
	if c == nil || pick(c) == "" {
		p.w.WriteString(s)
		return
	}
	p.w.WriteString(pick(c))
	p.w.WriteString(s)
	p.w.WriteString(c.Reset)
}

// appendRange formats one side of a hunk header as git does: the count
// is left out when it is 1.
func appendRange(dst []byte, start, count int) []byte {
	dst = strconv.AppendInt(dst, int64(start), 10)
	if count != 1 {
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(count), 10)
	}
	return dst
}
