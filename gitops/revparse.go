package gitops

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
)

// ErrBadRevision is wrapped by errors for revisions that do not resolve.
var ErrBadRevision = errors.New("unknown revision")

// refRules is git's order for completing a short ref name.
var refRules = []string{"%s", "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD"}

// Resolve turns a revision (HEAD, a branch or tag, a hash prefix, with
// ~N, ^N, ^{type} and @{upstream} suffixes, or REV:PATH) into an object id.
func (r *Repo) Resolve(rev string) (Hash, error) {
	id, err := r.resolve(rev)
	if err != nil {
		var nf *odb.NotFoundError
		if errors.As(err, &nf) || errors.Is(err, refs.ErrNotFound) {
			return oid.Zero, fmt.Errorf("%w %q: not a branch, tag or commit in this repository", ErrBadRevision, rev)
		}
		return oid.Zero, err
	}
	return id, nil
}

// ResolveCommit resolves rev and peels it to a commit.
func (r *Repo) ResolveCommit(rev string) (Hash, error) {
	id, err := r.Resolve(rev)
	if err != nil {
		return id, err
	}
	peeled, typ, err := r.peel(id)
	if err != nil {
		return id, err
	}
	if typ != odb.Commit {
		return id, fmt.Errorf("%w %q: it names a %s, not a commit", ErrBadRevision, rev, typ)
	}
	return peeled, nil
}

func (r *Repo) resolve(rev string) (Hash, error) {
	if rev == "" {
		return oid.Zero, fmt.Errorf("%w: empty revision", ErrBadRevision)
	}
	if base, path, ok := strings.Cut(rev, ":"); ok && !strings.HasPrefix(rev, ":") {
		tree, err := r.ResolveCommit(base)
		if err != nil {
			return oid.Zero, err
		}
		c, err := r.Commit(tree)
		if err != nil {
			return oid.Zero, err
		}
		return r.treeLookup(c.Tree, path)
	}
	// Split the base name from its suffix chain (~, ^, @{...}).
	i := len(rev)
	for j := 0; j < len(rev); j++ {
		if rev[j] == '~' || rev[j] == '^' || (rev[j] == '@' && j+1 < len(rev) && rev[j+1] == '{') {
			i = j
			break
		}
	}
	base, suffix := rev[:i], rev[i:]
	var id Hash
	var err error
	if strings.HasPrefix(suffix, "@{") {
		end := strings.IndexByte(suffix, '}')
		if end < 0 {
			return oid.Zero, fmt.Errorf("%w %q", ErrBadRevision, rev)
		}
		id, err = r.resolveAt(base, suffix[2:end])
		suffix = suffix[end+1:]
	} else {
		id, err = r.resolveBase(base)
	}
	if err != nil {
		return oid.Zero, err
	}
	for suffix != "" {
		switch {
		case strings.HasPrefix(suffix, "^{"):
			end := strings.IndexByte(suffix, '}')
			if end < 0 {
				return oid.Zero, fmt.Errorf("%w %q", ErrBadRevision, rev)
			}
			want := suffix[2:end]
			suffix = suffix[end+1:]
			if id, err = r.peelTo(id, want, rev); err != nil {
				return oid.Zero, err
			}
		case suffix[0] == '~' || suffix[0] == '^':
			op := suffix[0]
			j := 1
			for j < len(suffix) && suffix[j] >= '0' && suffix[j] <= '9' {
				j++
			}
			n := 1
			if j > 1 {
				n, _ = strconv.Atoi(suffix[1:j])
			}
			suffix = suffix[j:]
			if id, err = r.ancestor(id, op, n, rev); err != nil {
				return oid.Zero, err
			}
		default:
			return oid.Zero, fmt.Errorf("%w %q", ErrBadRevision, rev)
		}
	}
	return id, nil
}

func (r *Repo) resolveBase(name string) (Hash, error) {
	if name == "@" || name == "" {
		name = "HEAD"
	}
	for _, rule := range refRules {
		full := fmt.Sprintf(rule, name)
		if rule == "%s" && !rootRef(name) {
			continue
		}
		id, err := r.refs.Resolve(full)
		if err == nil {
			if !r.db.Has(id) {
				return oid.Zero, danglingRef(full, id)
			}
			return id, nil
		}
		if !errors.Is(err, refs.ErrNotFound) {
			return oid.Zero, err
		}
		if full == "HEAD" {
			return oid.Zero, ErrUnborn
		}
	}
	if len(name) >= 4 && isHex(name) {
		return r.db.ResolvePrefix(name)
	}
	return oid.Zero, fmt.Errorf("%w: %s", refs.ErrNotFound, name)
}

// rootRef reports names git looks up directly in the git dir (HEAD,
// FETCH_HEAD, ORIG_HEAD...) or full names.
func rootRef(name string) bool {
	if strings.HasPrefix(name, "refs/") {
		return true
	}
	for _, c := range name {
		if (c < 'A' || c > 'Z') && c != '_' {
			return false
		}
	}
	return name != ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func (r *Repo) resolveAt(branch, what string) (Hash, error) {
	switch strings.ToLower(what) {
	case "u", "upstream", "push":
		if branch == "" || branch == "@" {
			h, err := r.refs.Head()
			if err != nil {
				return oid.Zero, err
			}
			if h.Branch == "" {
				return oid.Zero, fmt.Errorf("%w: HEAD is detached, so it has no upstream", ErrBadRevision)
			}
			branch = h.Branch
		}
		full := branch
		if !strings.HasPrefix(full, "refs/heads/") {
			full = "refs/heads/" + branch
		}
		up := r.Upstream(full)
		if up == "" {
			return oid.Zero, fmt.Errorf("%w: no upstream configured for branch %q", ErrBadRevision, strings.TrimPrefix(full, "refs/heads/"))
		}
		return r.refs.Resolve(up)
	}
	return oid.Zero, fmt.Errorf("%w: @{%s} (reflog revisions are not supported yet)", ErrUnsupported, what)
}

func (r *Repo) peelTo(id Hash, want, rev string) (Hash, error) {
	if want == "" {
		p, _, err := r.peel(id)
		return p, err
	}
	for depth := 0; depth < 20; depth++ {
		typ, data, err := r.db.Read(id)
		if err != nil {
			return oid.Zero, err
		}
		if typ.String() == want || want == "object" {
			return id, nil
		}
		switch typ {
		case odb.Tag:
			t, err := object.ParseTag(data)
			if err != nil {
				return oid.Zero, err
			}
			id = t.Object
		case odb.Commit:
			if want != "tree" {
				return oid.Zero, fmt.Errorf("%w %q: a commit cannot be peeled to a %s", ErrBadRevision, rev, want)
			}
			c, err := object.ParseCommit(data)
			if err != nil {
				return oid.Zero, err
			}
			id = c.Tree
		default:
			return oid.Zero, fmt.Errorf("%w %q: a %s cannot be peeled to a %s", ErrBadRevision, rev, typ, want)
		}
	}
	return oid.Zero, fmt.Errorf("%w %q", ErrBadRevision, rev)
}

// ancestor applies ~n (n first parents) or ^n (the n-th parent).
func (r *Repo) ancestor(id Hash, op byte, n int, rev string) (Hash, error) {
	id, err := r.peelTo(id, "commit", rev)
	if err != nil {
		return oid.Zero, err
	}
	if op == '^' {
		if n == 0 {
			return id, nil
		}
		c, err := r.Commit(id)
		if err != nil {
			return oid.Zero, err
		}
		if n > len(c.Parents) {
			return oid.Zero, fmt.Errorf("%w %q: commit %s has no parent %d", ErrBadRevision, rev, r.ShortHash(id), n)
		}
		return c.Parents[n-1], nil
	}
	for i := 0; i < n; i++ {
		c, err := r.Commit(id)
		if err != nil {
			return oid.Zero, err
		}
		if len(c.Parents) == 0 {
			return oid.Zero, fmt.Errorf("%w %q: history ends %d commits back", ErrBadRevision, rev, i)
		}
		id = c.Parents[0]
	}
	return id, nil
}

// treeLookup finds path (slash-separated) in a tree.
func (r *Repo) treeLookup(tree Hash, path string) (Hash, error) {
	path = strings.Trim(path, "/")
	if path == "" {
		return tree, nil
	}
	cur := tree
	for _, part := range strings.Split(path, "/") {
		typ, data, err := r.db.Read(cur)
		if err != nil {
			return oid.Zero, err
		}
		if typ != odb.Tree {
			return oid.Zero, fmt.Errorf("%w: path %q: %s is not a directory", ErrBadRevision, path, part)
		}
		found := false
		it := object.NewTreeIter(data)
		for it.Next() {
			if string(it.NameBytes()) == part {
				cur, found = it.ID(), true
				break
			}
		}
		if err := it.Err(); err != nil {
			return oid.Zero, fmt.Errorf("tree %s is corrupt (%v): run `git fsck`", cur, err)
		}
		if !found {
			return oid.Zero, fmt.Errorf("%w: path %q does not exist there", ErrBadRevision, path)
		}
	}
	return cur, nil
}

// danglingRef explains a reference whose object is missing.
func danglingRef(name string, id Hash) error {
	if !strings.HasPrefix(name, "refs/") {
		return fmt.Errorf("%s points to %s, which does not exist: the repository is damaged; run `git fsck` to see what is lost", name, id)
	}
	return fmt.Errorf("%s points to %s, which does not exist: delete the reference with `git update-ref -d %s`, or run `git fsck` to find what else is lost", name, id, name)
}
