package gitlab

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// diffs reads the merge request's per-file diffs (GET .../diffs, every
// page; GitLab 15.7 and later).
func (f *Forge) diffs(ctx context.Context, op string, number int) ([]*gl.MergeRequestDiff, error) {
	all, resp, err := collect(0, func(page, size int64) ([]*gl.MergeRequestDiff, *gl.Response, error) {
		opt := &gl.ListMergeRequestDiffsOptions{ListOptions: gl.ListOptions{Page: page, PerPage: size}}
		return f.c.MergeRequests.ListMergeRequestDiffs(f.project, int64(number), opt, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, f.fail(ctx, op, resp, err)
	}
	return all, nil
}

// Files lists the changed files with their added and removed lines.
func (f *Forge) Files(ctx context.Context, number int) ([]forge.ChangedFile, error) {
	ds, err := f.diffs(ctx, "list changed files", number)
	if err != nil {
		return nil, err
	}
	files := make([]forge.ChangedFile, 0, len(ds))
	for _, d := range ds {
		cf := forge.ChangedFile{Path: d.NewPath, Status: "modified"}
		switch {
		case d.NewFile:
			cf.Status = "added"
		case d.DeletedFile:
			cf.Status = "removed"
		case d.RenamedFile:
			cf.Status, cf.OldPath = "renamed", d.OldPath
		}
		cf.Additions, cf.Deletions = countLines(d.Diff)
		files = append(files, cf)
	}
	return files, nil
}

// countLines counts the added and removed lines of a file's hunks.
func countLines(diff string) (added, removed int) {
	inHunk := false
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "@@"):
			inHunk = true
		case !inHunk:
		case strings.HasPrefix(l, "+"):
			added++
		case strings.HasPrefix(l, "-"):
			removed++
		}
	}
	return added, removed
}

// Diff is the merge request's unified diff, assembled from its per-file
// diffs as `git diff base...head` prints it: per file a "diff --git"
// line, the mode, new/deleted and rename lines, "---"/"+++" and the
// hunks GitLab computed. What the API does not give is left out: the
// "index" lines (no blob ids) and rename similarity. A file GitLab
// reports as too large to diff gets its header and no hunks.
func (f *Forge) Diff(ctx context.Context, number int) (string, error) {
	ds, err := f.diffs(ctx, "read the diff", number)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, d := range ds {
		writeFileDiff(&b, d)
	}
	return b.String(), nil
}

func writeFileDiff(b *strings.Builder, d *gl.MergeRequestDiff) {
	oldPath, newPath := d.OldPath, d.NewPath
	if oldPath == "" {
		oldPath = newPath
	}
	if newPath == "" {
		newPath = oldPath
	}
	fmt.Fprintf(b, "diff --git %s %s\n", quotePath("a/"+oldPath), quotePath("b/"+newPath))
	switch {
	case d.NewFile:
		fmt.Fprintf(b, "new file mode %s\n", d.BMode)
	case d.DeletedFile:
		fmt.Fprintf(b, "deleted file mode %s\n", d.AMode)
	case d.AMode != "" && d.BMode != "" && d.AMode != d.BMode:
		fmt.Fprintf(b, "old mode %s\nnew mode %s\n", d.AMode, d.BMode)
	}
	if d.RenamedFile {
		fmt.Fprintf(b, "rename from %s\nrename to %s\n", quotePath(oldPath), quotePath(newPath))
	}
	text := d.Diff
	if text == "" {
		return // a pure rename or mode change, or a diff GitLab did not compute
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	if strings.HasPrefix(text, "Binary files") {
		b.WriteString(text)
		return
	}
	from, to := fileLine("a/"+oldPath), fileLine("b/"+newPath)
	if d.NewFile {
		from = "/dev/null"
	}
	if d.DeletedFile {
		to = "/dev/null"
	}
	fmt.Fprintf(b, "--- %s\n+++ %s\n", from, to)
	b.WriteString(text)
}

// fileLine is a path as git writes it after "---" and "+++": quoted if
// need be, and followed by a tab when it holds a space (for patch(1)).
func fileLine(p string) string {
	q := quotePath(p)
	if strings.Contains(p, " ") {
		q += "\t"
	}
	return q
}

// quotePath quotes a path as git does (core.quotePath): in double quotes
// with C escapes when it holds a quote, a backslash, a control character
// or a byte outside ASCII.
func quotePath(p string) string {
	need := false
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			need = true
			break
		}
	}
	if !need {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// diffLine is one line of a hunk with GitLab's two counters: an added
// line keeps the old-side number it was inserted before, a removed line
// the new-side number it sits before (GitLab's line codes use both).
type diffLine struct {
	kind     byte // '+', '-' or ' '
	old, new int
}

// hunk is a hunk header's ranges and its lines.
type hunk struct {
	oldStart, oldCount, newStart, newCount int
	lines                                  []diffLine
}

// parseHunks reads a file's hunks as GitLab's diff parser counts them.
func parseHunks(diff string) ([]hunk, error) {
	var hunks []hunk
	var cur *hunk
	var oldN, newN int
	for _, l := range strings.Split(strings.TrimSuffix(diff, "\n"), "\n") {
		if strings.HasPrefix(l, "@@") {
			h, err := parseHeader(l)
			if err != nil {
				return nil, err
			}
			hunks = append(hunks, h)
			cur = &hunks[len(hunks)-1]
			// GitLab counts from the header's numbers as written, even
			// for an empty side ("-0,0"), and so must its line codes.
			oldN, newN = h.oldStart, h.newStart
			continue
		}
		if cur == nil {
			continue // a binary notice or headers before the first hunk
		}
		kind := byte(' ')
		if l != "" {
			kind = l[0]
		}
		switch kind {
		case '+':
			cur.lines = append(cur.lines, diffLine{'+', oldN, newN})
			newN++
		case '-':
			cur.lines = append(cur.lines, diffLine{'-', oldN, newN})
			oldN++
		case '\\': // "\ No newline at end of file"
		default:
			cur.lines = append(cur.lines, diffLine{' ', oldN, newN})
			oldN++
			newN++
		}
	}
	return hunks, nil
}

// parseHeader reads "@@ -a,b +c,d @@ section".
func parseHeader(l string) (hunk, error) {
	fields := strings.Fields(l)
	if len(fields) < 3 || !strings.HasPrefix(fields[1], "-") || !strings.HasPrefix(fields[2], "+") {
		return hunk{}, fmt.Errorf("unreadable hunk header %q", l)
	}
	var h hunk
	var err1, err2 error
	h.oldStart, h.oldCount, err1 = parseRange(fields[1][1:])
	h.newStart, h.newCount, err2 = parseRange(fields[2][1:])
	if err1 != nil || err2 != nil {
		return hunk{}, fmt.Errorf("unreadable hunk header %q", l)
	}
	return h, nil
}

func parseRange(s string) (start, count int, err error) {
	a, b, found := strings.Cut(s, ",")
	if start, err = strconv.Atoi(a); err != nil {
		return 0, 0, err
	}
	if !found {
		return start, 1, nil
	}
	count, err = strconv.Atoi(b)
	return start, count, err
}

// located is a line of a file as GitLab positions it.
type located struct {
	kind     byte // '+' added, '-' removed, ' ' unchanged
	old, new int  // GitLab's counters (both set even for '+' and '-')
}

// locate finds the line on side in a file's hunks. An unchanged line
// outside every hunk (GitLab lets reviewers comment on expanded context)
// gets its other number from the shift the hunks before it made; added
// and deleted files have no such lines.
func locate(d *gl.MergeRequestDiff, hunks []hunk, side forge.Side, line int) (located, bool) {
	if line < 1 {
		return located{}, false
	}
	for _, h := range hunks {
		for _, l := range h.lines {
			switch {
			case side == forge.New && l.kind != '-' && l.new == line,
				side == forge.Old && l.kind != '+' && l.old == line:
				return located{l.kind, l.old, l.new}, true
			}
		}
	}
	if d.NewFile || d.DeletedFile {
		return located{}, false
	}
	shift := 0 // new minus old, from the hunks that end before line
	for _, h := range hunks {
		oldFirst, newFirst := firstLine(h.oldStart, h.oldCount), firstLine(h.newStart, h.newCount)
		oldEnd, newEnd := oldFirst+h.oldCount, newFirst+h.newCount
		if (side == forge.New && newEnd <= line) || (side == forge.Old && oldEnd <= line) {
			shift = newEnd - oldEnd
			continue
		}
		// line falls inside this hunk's range on its own side yet was
		// not found above: the wrong side for a changed line.
		if (side == forge.New && newFirst <= line) || (side == forge.Old && oldFirst <= line) {
			return located{}, false
		}
		break
	}
	if side == forge.New {
		if line-shift < 1 {
			return located{}, false
		}
		return located{' ', line - shift, line}, true
	}
	if line+shift < 1 {
		return located{}, false
	}
	return located{' ', line, line + shift}, true
}

// firstLine is a hunk side's first line: an empty side ("-3,0") names
// the line before the change.
func firstLine(start, count int) int {
	if count == 0 {
		return start + 1
	}
	return start
}

// lineCode is GitLab's name for a diff line: the SHA-1 of the file's
// path (the new path, or the old one for a deleted file), then the old
// and new counters.
func lineCode(d *gl.MergeRequestDiff, l located) string {
	p := d.NewPath
	if p == "" {
		p = d.OldPath
	}
	sum := sha1.Sum([]byte(p))
	return hex.EncodeToString(sum[:]) + "_" + strconv.Itoa(l.old) + "_" + strconv.Itoa(l.new)
}

// findFile is the diff of path: its new path, or its old one (a comment
// on a removed line of a renamed file names the file as it was).
func findFile(ds []*gl.MergeRequestDiff, path string) *gl.MergeRequestDiff {
	for _, d := range ds {
		if d.NewPath == path {
			return d
		}
	}
	for _, d := range ds {
		if d.OldPath == path {
			return d
		}
	}
	return nil
}
