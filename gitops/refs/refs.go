// Package refs reads references: loose files, packed-refs and symbolic refs,
// with the split between a linked worktree's own refs (HEAD, refs/bisect,
// refs/worktree, refs/rewritten) and the shared ones in the common dir.
package refs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"reef/gitops/oid"
)

// ErrNotFound is returned for a reference that does not exist.
var ErrNotFound = errors.New("reference not found")

// Ref is one reference. Exactly one of ID and Symbolic is set.
type Ref struct {
	Name     string // full name: "HEAD", "refs/heads/main"
	ID       oid.ID
	Symbolic string // target of a symbolic ref, e.g. "refs/heads/main"
	Peeled   oid.ID // from packed-refs "^" lines: the object an annotated tag points to
}

// Store reads the references of one (work tree of a) repository.
type Store struct {
	gitDir, commonDir string

	once   sync.Once
	packed []Ref
	perr   error
}

// Open returns a store for gitDir (per-worktree) and commonDir (shared).
func Open(gitDir, commonDir string) *Store {
	return &Store{gitDir: gitDir, commonDir: commonDir}
}

// perWorktree reports whether a ref lives in the worktree's own git dir.
func perWorktree(name string) bool {
	if !strings.HasPrefix(name, "refs/") {
		return true // HEAD, ORIG_HEAD, MERGE_HEAD...
	}
	return strings.HasPrefix(name, "refs/bisect/") || strings.HasPrefix(name, "refs/worktree/") ||
		strings.HasPrefix(name, "refs/rewritten/")
}

func (s *Store) dirFor(name string) string {
	if perWorktree(name) {
		return s.gitDir
	}
	return s.commonDir
}

// Read reads one reference without following symbolic refs.
func (s *Store) Read(name string) (Ref, error) {
	if !validName(name) {
		return Ref{}, fmt.Errorf("%q is not a valid reference name", name)
	}
	path := filepath.Join(s.dirFor(name), filepath.FromSlash(name))
	b, err := os.ReadFile(path)
	if err == nil {
		return parseLoose(name, b)
	}
	if !errors.Is(err, os.ErrNotExist) && !isDirErr(err) {
		return Ref{}, fmt.Errorf("read %s: %w", name, err)
	}
	if !strings.HasPrefix(name, "refs/") || perWorktree(name) {
		return Ref{}, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	packed, err := s.packedRefs()
	if err != nil {
		return Ref{}, err
	}
	i := sort.Search(len(packed), func(i int) bool { return packed[i].Name >= name })
	if i < len(packed) && packed[i].Name == name {
		return packed[i], nil
	}
	return Ref{}, fmt.Errorf("%w: %s", ErrNotFound, name)
}

func isDirErr(err error) bool {
	var pe *os.PathError
	if errors.As(err, &pe) {
		if st, e := os.Stat(pe.Path); e == nil && st.IsDir() {
			return true
		}
	}
	return false
}

func parseLoose(name string, b []byte) (Ref, error) {
	line := bytes.TrimRight(b, "\r\n \t")
	if rest, ok := bytes.CutPrefix(line, []byte("ref:")); ok {
		target := string(bytes.TrimSpace(rest))
		if !validName(target) {
			return Ref{}, fmt.Errorf("reference %s is broken (points to %q): fix or delete it with `git update-ref -d %s`", name, target, name)
		}
		return Ref{Name: name, Symbolic: target}, nil
	}
	if len(line) > oid.HexSize {
		line = line[:oid.HexSize]
	}
	id, ok := oid.FromHexBytes(line)
	if !ok {
		return Ref{}, fmt.Errorf("reference %s is broken (%q is not an object id): fix or delete it with `git update-ref -d %s`", name, truncate(string(b), 50), name)
	}
	return Ref{Name: name, ID: id}, nil
}

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Resolve follows symbolic refs to an object id. An unborn branch (HEAD
// pointing at a branch that does not exist yet) gives ErrNotFound.
func (s *Store) Resolve(name string) (oid.ID, error) {
	cur := name
	for depth := 0; depth < 6; depth++ {
		r, err := s.Read(cur)
		if err != nil {
			return oid.Zero, err
		}
		if r.Symbolic == "" {
			return r.ID, nil
		}
		cur = r.Symbolic
	}
	return oid.Zero, fmt.Errorf("reference %s: symbolic refs nest too deeply", name)
}

// Head describes HEAD.
type Head struct {
	Branch string // full name of the checked-out branch; empty when detached
	ID     oid.ID // zero when Unborn
	Unborn bool   // the branch has no commit yet
}

// Head reads HEAD.
func (s *Store) Head() (Head, error) {
	r, err := s.Read("HEAD")
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Head{}, fmt.Errorf("HEAD is missing: the repository is damaged")
		}
		return Head{}, err
	}
	if r.Symbolic == "" {
		return Head{ID: r.ID}, nil
	}
	h := Head{Branch: r.Symbolic}
	id, err := s.Resolve(r.Symbolic)
	if errors.Is(err, ErrNotFound) {
		h.Unborn = true
		return h, nil
	}
	if err != nil {
		return h, err
	}
	h.ID = id
	return h, nil
}

// List returns the references whose names start with prefix ("refs/" for
// all), sorted by name, loose files overriding packed entries. Symbolic
// refs (e.g. refs/remotes/origin/HEAD) are included with Symbolic set.
func (s *Store) List(prefix string) ([]Ref, error) {
	byName := map[string]Ref{}
	packed, err := s.packedRefs()
	if err != nil {
		return nil, err
	}
	for _, r := range packed {
		if strings.HasPrefix(r.Name, prefix) {
			byName[r.Name] = r
		}
	}
	var errs []error
	walk := func(base string, keep func(string) bool) {
		root := filepath.Join(base, "refs")
		_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(base, path)
			name := filepath.ToSlash(rel)
			if !strings.HasPrefix(name, prefix) || !keep(name) || strings.HasSuffix(name, ".lock") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			r, err := parseLoose(name, b)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			byName[name] = r
			return nil
		})
	}
	walk(s.commonDir, func(n string) bool { return !perWorktree(n) })
	if s.gitDir != s.commonDir {
		walk(s.gitDir, perWorktree)
	}
	if len(errs) > 0 {
		return nil, errs[0]
	}
	out := make([]Ref, 0, len(byName))
	for _, r := range byName {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *Store) packedRefs() ([]Ref, error) {
	s.once.Do(func() {
		b, err := os.ReadFile(filepath.Join(s.commonDir, "packed-refs"))
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				s.perr = err
			}
			return
		}
		s.packed, s.perr = parsePacked(b)
	})
	return s.packed, s.perr
}

func parsePacked(b []byte) ([]Ref, error) {
	var out []Ref
	sorted := true
	for n := 1; len(b) > 0; n++ {
		nl := bytes.IndexByte(b, '\n')
		if nl < 0 {
			nl = len(b)
		}
		line := bytes.TrimRight(b[:nl], "\r")
		if nl < len(b) {
			b = b[nl+1:]
		} else {
			b = nil
		}
		switch {
		case len(line) == 0 || line[0] == '#':
			continue
		case line[0] == '^':
			id, ok := oid.FromHexBytes(line[1:])
			if !ok || len(out) == 0 {
				return nil, fmt.Errorf("packed-refs is corrupt at line %d: run `git pack-refs --all` to rewrite it", n)
			}
			out[len(out)-1].Peeled = id
		default:
			if len(line) < oid.HexSize+2 || line[oid.HexSize] != ' ' {
				return nil, fmt.Errorf("packed-refs is corrupt at line %d: run `git pack-refs --all` to rewrite it", n)
			}
			id, ok := oid.FromHexBytes(line[:oid.HexSize])
			if !ok {
				return nil, fmt.Errorf("packed-refs is corrupt at line %d: run `git pack-refs --all` to rewrite it", n)
			}
			name := string(line[oid.HexSize+1:])
			if len(out) > 0 && out[len(out)-1].Name >= name {
				sorted = false
			}
			out = append(out, Ref{Name: name, ID: id})
		}
	}
	if !sorted {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	}
	return out, nil
}

// validName is a cheap guard against path tricks; git's full
// check-ref-format rules are enforced by git when refs are written.
func validName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") ||
		strings.ContainsAny(name, "\x00\\") || strings.HasSuffix(name, "/") {
		return false
	}
	return true
}
