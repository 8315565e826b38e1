package gitops

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/index"
	"reef/gitops/odb"
)

// DiscardPaths throws away the unstaged changes of paths, as `git restore
// -- paths` does (untracked files are deleted), after recording the files
// as they were in a discard record. Staged changes stay.
func (r *Repo) DiscardPaths(ctx context.Context, paths []string) (Discard, error) {
	if r.IsBare() {
		return Discard{}, ErrBare
	}
	st, err := r.Status(ctx, StatusOptions{Untracked: UntrackedAll, Paths: paths, Renames: -1})
	if err != nil {
		return Discard{}, err
	}
	var tracked, untracked, all []string
	for _, e := range st.Entries {
		switch {
		case e.Kind == StatusUnmerged:
			return Discard{}, fmt.Errorf("%s is in conflict: resolve it and stage the result; reef does not discard conflicts", e.Path)
		case e.Submodule.Is:
			return Discard{}, fmt.Errorf("%s is a submodule: discard its changes inside it", e.Path)
		case e.Kind == StatusUntracked:
			untracked = append(untracked, e.Path)
		case e.Kind == StatusOrdinary && e.Unstaged != '.':
			tracked = append(tracked, e.Path)
		default:
			continue
		}
		all = append(all, e.Path)
	}
	if len(all) == 0 {
		return Discard{}, fmt.Errorf("nothing to discard in %s: no unstaged changes", strings.Join(paths, ", "))
	}
	files, err := r.recordBefore(all)
	if err != nil {
		return Discard{}, err
	}
	if len(tracked) > 0 {
		if err := r.gitWrite(ctx, nil, append([]string{"restore", "--worktree", "--"}, tracked...)...); err != nil {
			return Discard{}, err
		}
	}
	for _, p := range untracked {
		if err := os.Remove(filepath.Join(r.workTree, filepath.FromSlash(p))); err != nil {
			return Discard{}, err
		}
	}
	summary := all[0]
	if len(all) > 1 {
		summary = fmt.Sprintf("%d files", len(all))
	}
	return r.commitRecord(files, summary)
}

// DiscardLines reverts the given changed lines of fc (a DiffUnstaged
// change, or an untracked file shown as added) in the work-tree file,
// after recording the file. ErrStale when the file no longer matches fc.
func (r *Repo) DiscardLines(ctx context.Context, fc FileChange, lines []LineRef) (Discard, error) {
	if lines == nil {
		return r.DiscardPaths(ctx, []string{fc.NewPath})
	}
	path := fc.NewPath
	ix, err := r.readIndex()
	if err != nil {
		return Discard{}, err
	}
	var base []byte
	if e, ok := ix.Get(path); ok && !e.IntentToAdd {
		if e.ID != fc.OldID {
			return Discard{}, ErrStale
		}
		if base, err = r.Blob(e.ID); err != nil {
			return Discard{}, err
		}
	}
	raw, mode, ok, err := r.fileState(path)
	if err != nil {
		return Discard{}, err
	}
	if !ok || mode == index.ModeSymlink {
		return Discard{}, fmt.Errorf("%s: discard the whole file", path)
	}
	src := r.sources(ctx, nil, ix)
	clean, err := src.clean(path, raw, fc.OldID)
	if err != nil {
		return Discard{}, err
	}
	if odb.HashObject(odb.Blob, clean) != fc.NewID {
		return Discard{}, ErrStale
	}
	out, _, err := pickLines(base, clean, lines, true)
	if err != nil {
		return Discard{}, err
	}
	if !bytes.Equal(clean, raw) {
		// The file is checked out with CRLF endings: write it back so.
		out = toCRLF(out)
	}
	files, err := r.recordBefore([]string{path})
	if err != nil {
		return Discard{}, err
	}
	if err := writeFileAtomic(filepath.Join(r.workTree, filepath.FromSlash(path)), out, mode); err != nil {
		return Discard{}, err
	}
	n := len(lines)
	summary := fmt.Sprintf("%d lines of %s", n, path)
	if n == 1 {
		summary = "1 line of " + path
	}
	return r.commitRecord(files, summary)
}

// toCRLF turns LF line endings into CRLF, leaving existing CRLFs.
func toCRLF(b []byte) []byte {
	out := make([]byte, 0, len(b)+bytes.Count(b, []byte{'\n'}))
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

// Ignore appends a rule matching exactly path to the top-level
// .gitignore (a directory path ending in "/" ignores the directory).
// Tracked files are refused: .gitignore does not apply to them.
func (r *Repo) Ignore(ctx context.Context, path string) error {
	if r.IsBare() {
		return ErrBare
	}
	ix, err := r.readIndex()
	if err != nil {
		return err
	}
	if _, ok := ix.Find(strings.TrimSuffix(path, "/")); ok {
		return fmt.Errorf("%s is tracked, and .gitignore does not apply to tracked files: untrack it first (git rm --cached)", path)
	}
	abs := filepath.Join(r.workTree, ".gitignore")
	old, err := os.ReadFile(abs)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, '\n')
	}
	rule := "/" + ignoreEscape(path) + "\n"
	return writeFileAtomic(abs, append(old, rule...), index.ModeRegular)
}

// ignoreEscape quotes the characters gitignore patterns give a meaning,
// so the rule matches the name literally.
func ignoreEscape(p string) string {
	var b strings.Builder
	dir := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '*', '?', '[', '\\', '!', '#':
			b.WriteByte('\\')
			b.WriteByte(c)
		case ' ':
			if i == len(p)-1 {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	if dir {
		b.WriteByte('/')
	}
	return b.String()
}
