package status

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"reef/gitops/attr"
	"reef/gitops/gitcli"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// hashFile returns the blob id git would give work-tree file i: its
// content after git's clean conversion for line endings. viaGit is true
// when a clean filter (git-lfs...), ident or working-tree-encoding applies:
// those run external programs or conversions reef does not reproduce, so
// git hashes such files after the scan.
func (s *run) hashFile(i int) (id oid.ID, viaGit bool, err error) {
	e := &s.ix.Entries[i]
	a, err := s.attributes(e.Path)
	if err != nil {
		return oid.Zero, false, err
	}
	if s.needsGit(a) {
		return oid.Zero, true, nil
	}
	data, err := os.ReadFile(s.abs(e.Path))
	if err != nil {
		return oid.Zero, false, fmt.Errorf("read %s: %w", e.Path, err)
	}
	data, err = treediff.Clean(data, a, s.set.autoCRLF, func() ([]byte, error) {
		return s.blob(e.ID)
	})
	if err != nil {
		return oid.Zero, false, err
	}
	return treediff.HashBlob(data), false, nil
}

// hashLink is the blob id of a symbolic link: its target.
func hashLink(abs string) (oid.ID, error) {
	target, err := os.Readlink(abs)
	if err != nil {
		return oid.Zero, err
	}
	return treediff.HashBlob([]byte(target)), nil
}

func (s *run) blob(id oid.ID) ([]byte, error) {
	typ, data, err := s.o.DB.Read(id)
	if err != nil {
		return nil, err
	}
	if typ != odb.Blob {
		return nil, fmt.Errorf("object %s is a %s, not a blob", id, typ)
	}
	return data, nil
}

// needsGit reports whether converting the file needs git itself.
func (s *run) needsGit(a attr.Common) bool {
	if d := a.FilterDriver(); d != "" {
		// An unconfigured driver is no filter at all, as in git.
		for _, k := range []string{".clean", ".process"} {
			if v, ok := s.o.Config.Get("filter." + d + k); ok && v != "" {
				return true
			}
		}
	}
	if a.Ident.State == attr.Set {
		return true
	}
	enc := a.WorkingTreeEncoding
	return enc.State == attr.Valued && enc.Str != "" && !strings.EqualFold(enc.Str, "utf-8")
}

// attributes returns the conversion attributes of path. The matcher is
// built on first use: a clean tree never needs it.
func (s *run) attributes(path string) (attr.Common, error) {
	s.attrOnce.Do(func() {
		global, ok, err := s.o.Config.Path("core.attributesfile")
		if err != nil {
			s.attrErr = err
			return
		}
		o := attr.RepoOptions(s.o.CommonDir, global, ok, s.o.Env, s.set.ignoreCase)
		// Checking files in, git reads each directory's .gitattributes
		// from the work tree, else from the index.
		fromTree := attr.WorkTreeReader(s.o.WorkTree)
		s.attrs = attr.NewMatcher(o, func(dir string) ([]byte, error) {
			if b, err := fromTree(dir); err != nil || b != nil {
				return b, err
			}
			return s.indexFile(dir, ".gitattributes", false)
		})
	})
	if s.attrErr != nil {
		return attr.Common{}, s.attrErr
	}
	return s.attrs.Common(path)
}

// indexFile returns the staged content of dir/name (nil when not staged;
// when skipWorktreeOnly, only for a skip-worktree entry, as git reads
// .gitignore from the index).
func (s *run) indexFile(dir, name string, skipWorktreeOnly bool) ([]byte, error) {
	if dir != "" {
		name = dir + "/" + name
	}
	i, ok := s.ix.Find(name)
	if !ok {
		return nil, nil
	}
	e := &s.ix.Entries[i]
	if e.Stage != 0 || e.Mode&sIFMT != sIFREG || skipWorktreeOnly && !e.SkipWorktree {
		return nil, nil
	}
	return s.blob(e.ID)
}

// hashViaGit asks `git hash-object --stdin-paths` for the files only git
// can convert, and settles their entries.
func (s *run) hashViaGit(ctx context.Context) error {
	var pending []int
	var stdin bytes.Buffer
	for i := range s.res {
		if !s.res[i].viaGit {
			continue
		}
		pending = append(pending, i)
		stdin.WriteString(stdinPath(s.ix.Entries[i].Path))
		stdin.WriteByte('\n')
	}
	if len(pending) == 0 {
		return nil
	}
	out, err := gitcli.Runner{Dir: s.o.WorkTree, Env: s.o.Env}.Output(ctx, stdin.Bytes(), "hash-object", "--stdin-paths")
	if err != nil {
		return err
	}
	lines := strings.Fields(string(out))
	if len(lines) != len(pending) {
		return fmt.Errorf("git hash-object returned %d ids for %d files", len(lines), len(pending))
	}
	for k, i := range pending {
		id, err := oid.FromHex(lines[k])
		if err != nil {
			return fmt.Errorf("git hash-object: %v", err)
		}
		r := &s.res[i]
		r.viaGit = false
		if e := &s.ix.Entries[i]; id != e.ID {
			r.status = pairStatus(e.Mode, r.mode)
		}
	}
	s.viaGit = append(s.viaGit, fmt.Sprintf("%d file(s) hashed by git: clean filters, ident or working-tree-encoding (e.g. %s)", len(pending), s.ix.Entries[pending[0]].Path))
	return nil
}

// stdinPath writes a path for --stdin-paths: git C-unquotes a line that
// starts with a double quote, so a path holding a newline (or starting
// with a quote) goes quoted.
func stdinPath(p string) string {
	if !strings.ContainsAny(p, "\n") && !strings.HasPrefix(p, `"`) {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
