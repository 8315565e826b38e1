package gitops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"reef/gitops/blame"
	"reef/gitops/oid"
	"reef/gitops/textdiff"
)

// ErrNoSuchPath is wrapped by Blame when the path is not a file in the
// revision (git: "no such path X in REV").
var ErrNoSuchPath = errors.New("no such path")

// LineRange is a span of lines to blame, 1-based and inclusive, as git's
// -L gives them: Start 0 means the first line, End 0 the last.
type LineRange struct{ Start, End int }

// BlameOptions configures Repo.Blame. The zero value is git blame's default.
type BlameOptions struct {
	// Ranges limits the blame to these lines (git's -L); empty: all.
	Ranges []LineRange
	// ShowRoot does not mark root commits as boundaries (--root).
	ShowRoot bool
	// IgnoreWhitespace compares lines ignoring all whitespace (-w).
	IgnoreWhitespace bool
}

// BlameLine is one line of a blamed file and the commit that last changed it.
type BlameLine struct {
	Line     int    // 1-based line number in the blamed version
	Commit   Hash   // zero for a line not committed yet
	OrigPath string // the file's path in Commit (differs after a rename)
	OrigLine int    // 1-based line number in Commit's version of the file
	Author   Signature
	// Committer is the committer of Commit.
	Committer Signature
	// Summary is the message's first line, as git blame shows it.
	Summary string
	// Boundary marks a commit blame could not look past (a root commit, or
	// the edge of a shallow clone): its lines may be older.
	Boundary bool
	Text     string // the line without "\n" (a CRLF line keeps its "\r")
}

// BlameGroup is a run of lines from one commit and path whose original
// lines are consecutive too: git's --porcelain groups.
type BlameGroup struct {
	First int // index in Blame.Lines of the group's first line
	Count int
	// PrevCommit and PrevPath say where blame went on for the lines this
	// commit did not write: the first parent with a different version of
	// the file (git's "previous"). PrevCommit is zero when there is none.
	PrevCommit Hash
	PrevPath   string
}

// Blame is a blamed file.
type Blame struct {
	Path   string // from the top of the work tree
	Rev    string // as asked for; empty for the work tree
	Commit Hash   // the commit blamed from; zero for the work tree
	Total  int    // lines in the file (Lines has fewer with Ranges)
	Lines  []BlameLine
	Groups []BlameGroup
	// Commits is how many commits passed blame on to their parents.
	Commits int
}

// Blame attributes each line of path (slash-separated, from the top of
// the tree) to the commit that last changed it, following whole-file
// renames, as `git blame rev -- path` does. With rev empty it blames the
// work-tree file, its uncommitted lines on "Not Committed Yet" (HEAD in a
// bare repository).
func (r *Repo) Blame(ctx context.Context, rev, path string, o BlameOptions) (*Blame, error) {
	path = strings.Trim(path, "/")
	src, err := r.source()
	if err != nil {
		return nil, err
	}
	opt := blame.Options{Path: path, ShowRoot: o.ShowRoot}
	if o.IgnoreWhitespace {
		opt.Whitespace = textdiff.IgnoreAllSpace
	}
	out := &Blame{Path: path, Rev: rev}
	var work *workFile
	if rev == "" && !r.IsBare() {
		if work, err = r.workFile(path); err != nil {
			return nil, err
		}
		opt.Work = work.blame
	} else {
		name := rev
		if name == "" {
			name = "HEAD"
		}
		if out.Commit, err = r.ResolveCommit(name); err != nil {
			return nil, err
		}
		if err := r.checkBlob(out.Commit, path, name); err != nil {
			return nil, err
		}
	}
	if len(o.Ranges) > 0 {
		// -L needs the line count first: resolve it on the final file.
		data, err := r.finalData(out.Commit, path, work)
		if err != nil {
			return nil, err
		}
		if opt.Ranges, err = resolveRanges(o.Ranges, len(textdiff.SplitLines(data)), path); err != nil {
			return nil, err
		}
	}
	res, err := blame.Run(ctx, src, out.Commit, opt)
	if errors.Is(err, blame.ErrNoPath) {
		return nil, fmt.Errorf("%w %s in %s", ErrNoSuchPath, path, rev)
	}
	if err != nil {
		return nil, err
	}
	out.Total, out.Commits = res.Lines, res.Commits
	if err := r.fillBlame(out, res, work); err != nil {
		return nil, err
	}
	return out, nil
}

// checkBlob fails the git way when path is not a file at commit id.
func (r *Repo) checkBlob(id Hash, path, rev string) error {
	c, err := r.Commit(id)
	if err != nil {
		return err
	}
	if _, err := r.blobAt(c.Tree, path); err != nil {
		return fmt.Errorf("%w %s in %s", ErrNoSuchPath, path, rev)
	}
	return nil
}

// blobAt returns the content of the file at path in tree.
func (r *Repo) blobAt(tree Hash, path string) ([]byte, error) {
	if path == "" {
		return nil, ErrNoSuchPath
	}
	id, err := r.treeLookup(tree, path)
	if err != nil {
		return nil, err
	}
	typ, data, err := r.db.Read(id)
	if err != nil {
		return nil, err
	}
	if typ.String() != "blob" {
		return nil, ErrNoSuchPath
	}
	return data, nil
}

func (r *Repo) finalData(id Hash, path string, work *workFile) ([]byte, error) {
	if work != nil {
		return work.blame.Data, nil
	}
	c, err := r.Commit(id)
	if err != nil {
		return nil, err
	}
	return r.blobAt(c.Tree, path)
}

// resolveRanges applies git's -L rules against a file of n lines: a
// missing or too large end means the last line, a start past the end is
// an error, and overlapping or touching ranges merge.
func resolveRanges(in []LineRange, n int, path string) ([]blame.Range, error) {
	var out []blame.Range
	for _, lr := range in {
		start, end := lr.Start, lr.End
		if start > 0 && end > 0 && end < start {
			start, end = end, start
		}
		if (n == 0 && (start > 0 || end > 0)) || n < start {
			unit := "lines"
			if n == 1 {
				unit = "line"
			}
			return nil, fmt.Errorf("file %s has only %d %s", path, n, unit)
		}
		if start < 1 {
			start = 1
		}
		if end < 1 || end > n {
			end = n
		}
		if start <= end && n > 0 {
			out = append(out, blame.Range{Start: start - 1, End: end})
		}
	}
	slices.SortFunc(out, func(a, b blame.Range) int { return a.Start - b.Start })
	merged := out[:0]
	for _, rg := range out {
		if k := len(merged); k > 0 && rg.Start <= merged[k-1].End {
			merged[k-1].End = max(merged[k-1].End, rg.End)
			continue
		}
		merged = append(merged, rg)
	}
	return merged, nil
}

// fillBlame turns the engine's groups into lines with commit details.
func (r *Repo) fillBlame(out *Blame, res *blame.Result, work *workFile) error {
	lines := textdiff.SplitLines(res.Data)
	type info struct {
		author, committer Signature
		summary           string
	}
	infos := map[Hash]*info{}
	for _, g := range res.Groups {
		o := g.Origin
		in := infos[o.Commit]
		if in == nil {
			if o.Commit == oid.Zero && work != nil {
				in = &info{author: work.sig, committer: work.sig, summary: work.summary}
			} else {
				c, err := r.Commit(o.Commit)
				if err != nil {
					return err
				}
				in = &info{author: c.Author, committer: c.Committer, summary: blameSummary(c.Message, c.ID)}
			}
			infos[o.Commit] = in
		}
		bg := BlameGroup{First: len(out.Lines), Count: g.Count}
		if p := o.Previous; p != nil {
			bg.PrevCommit, bg.PrevPath = p.Commit, p.Path
		}
		out.Groups = append(out.Groups, bg)
		for i := 0; i < g.Count; i++ {
			text := lines[g.Final+i]
			text = text[:len(text)-trailingNewline(text)]
			out.Lines = append(out.Lines, BlameLine{
				Line: g.Final + i + 1, Commit: o.Commit, OrigPath: o.Path, OrigLine: g.Orig + i + 1,
				Author: in.author, Committer: in.committer, Summary: in.summary,
				Boundary: o.Boundary, Text: string(text),
			})
		}
	}
	return nil
}

func trailingNewline(line []byte) int {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		return 1
	}
	return 0
}

// blameSummary is the first non-blank line of a message, as git blame
// shows it (not %s, which joins the first paragraph), or "(<hash>)" for
// an empty message.
func blameSummary(msg string, id Hash) string {
	for msg != "" {
		line, rest, ok := strings.Cut(msg, "\n")
		if strings.TrimRight(line, " \t\r\n") != "" {
			return line
		}
		if !ok {
			break
		}
		msg = rest
	}
	return "(" + id.String() + ")"
}
