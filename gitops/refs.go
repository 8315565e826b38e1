package gitops

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/refs"
	"reef/gitops/revwalk"
)

// Head describes what is checked out.
func (r *Repo) Head() (HeadState, error) {
	h, err := r.refs.Head()
	if err != nil {
		return HeadState{}, err
	}
	st := HeadState{Ref: h.Branch, ID: h.ID, Unborn: h.Unborn, Detached: h.Branch == ""}
	st.Branch = strings.TrimPrefix(h.Branch, "refs/heads/")
	return st, nil
}

// Commit reads one commit (cached).
func (r *Repo) Commit(id Hash) (*Commit, error) {
	if c := r.cache.get(id); c != nil {
		return c, nil
	}
	src := revwalk.Source{DB: r.db, Shallow: r.shallow, Replace: r.replace}
	oc, err := src.ReadCommit(id)
	if err != nil {
		return nil, err
	}
	c := r.commitValue(id, oc)
	r.cache.put(id, c)
	return c, nil
}

// peel follows annotated tags to the object they point at.
func (r *Repo) peel(id Hash) (Hash, odb.Type, error) {
	for depth := 0; depth < 20; depth++ {
		typ, data, err := r.db.Read(id)
		if err != nil {
			return id, 0, err
		}
		if typ != odb.Tag {
			return id, typ, nil
		}
		t, err := object.ParseTag(data)
		if err != nil {
			return id, 0, fmt.Errorf("tag %s is corrupt (%v): run `git fsck`", id, err)
		}
		id = t.Object
	}
	return id, 0, fmt.Errorf("tag %s: tags nest too deeply", id)
}

// Refs lists branches, remote-tracking branches and tags, sorted by full
// name, with each local branch's upstream name. Counting ahead/behind
// walks history, so it is a separate step: Track.
func (r *Repo) Refs(ctx context.Context) ([]Ref, error) {
	list, err := r.refs.List("refs/")
	if err != nil {
		return nil, err
	}
	head, _ := r.refs.Head()
	var out []Ref
	for _, rr := range list {
		ref := Ref{Name: rr.Name, Symbolic: rr.Symbolic}
		switch {
		case strings.HasPrefix(rr.Name, "refs/heads/"):
			ref.Kind, ref.Short = RefBranch, strings.TrimPrefix(rr.Name, "refs/heads/")
		case strings.HasPrefix(rr.Name, "refs/remotes/"):
			ref.Kind, ref.Short = RefRemote, strings.TrimPrefix(rr.Name, "refs/remotes/")
		case strings.HasPrefix(rr.Name, "refs/tags/"):
			ref.Kind, ref.Short = RefTag, strings.TrimPrefix(rr.Name, "refs/tags/")
		default:
			continue // notes, stash, replace, bisect: not decorations
		}
		id := rr.ID
		if rr.Symbolic != "" {
			if id, err = r.refs.Resolve(rr.Name); err != nil {
				continue // a dangling symbolic ref (origin/HEAD to a deleted branch)
			}
		}
		if ref.Kind == RefTag {
			if !rr.Peeled.IsZero() {
				ref.Tag, id = id, rr.Peeled
			} else if peeled, _, err := r.peel(id); err == nil && peeled != id {
				ref.Tag, id = id, peeled
			} else if err != nil {
				return nil, fmt.Errorf("tag %s points to a missing or corrupt object: %v", ref.Short, err)
			}
		}
		ref.Target = id
		ref.Head = ref.Kind == RefBranch && rr.Name == head.Branch
		out = append(out, ref)
	}
	for i := range out {
		if out[i].Kind == RefBranch {
			out[i].Upstream = r.Upstream(out[i].Name)
		}
	}
	return out, nil
}

// Track counts how far each local branch with an upstream is ahead of and
// behind it, and marks upstreams that no longer exist.
func (r *Repo) Track(ctx context.Context, refs []Ref) error {
	for i := range refs {
		if refs[i].Kind != RefBranch || refs[i].Upstream == "" {
			continue
		}
		if err := r.track(ctx, &refs[i]); err != nil {
			return err
		}
	}
	return nil
}

// Upstream returns the full name of branch's upstream (branch.<b>.remote
// and branch.<b>.merge mapped through the remote's fetch refspecs), or "".
func (r *Repo) Upstream(branch string) string {
	short := strings.TrimPrefix(branch, "refs/heads/")
	remote, ok1 := r.cfg.Get("branch." + short + ".remote")
	merge, ok2 := r.cfg.Get("branch." + short + ".merge")
	if !ok1 || !ok2 || remote == "" || merge == "" {
		return ""
	}
	if remote == "." {
		return merge
	}
	for _, spec := range r.cfg.GetAll("remote." + remote + ".fetch") {
		if dst, ok := mapRefspec(spec, merge); ok {
			return dst
		}
	}
	return ""
}

// mapRefspec maps src through a fetch refspec such as
// "+refs/heads/*:refs/remotes/origin/*" (go-git's refspec rules).
func mapRefspec(spec, src string) (string, bool) {
	rs := config.RefSpec(spec)
	if rs.Validate() != nil || rs.IsDelete() || strings.HasPrefix(spec, "^") {
		return "", false
	}
	name := plumbing.ReferenceName(src)
	if !rs.Match(name) {
		return "", false
	}
	return rs.Dst(name).String(), true
}

func (r *Repo) track(ctx context.Context, ref *Ref) error {
	upID, err := r.refs.Resolve(ref.Upstream)
	if errors.Is(err, refs.ErrNotFound) {
		ref.UpstreamGone = true
		return nil
	}
	if err != nil {
		return err
	}
	ref.Ahead, ref.Behind, err = r.AheadBehind(ctx, ref.Target, upID)
	return err
}

// AheadBehind counts commits reachable from a but not b, and from b but not a.
func (r *Repo) AheadBehind(ctx context.Context, a, b Hash) (ahead, behind int, err error) {
	if a == b {
		return 0, 0, nil
	}
	src, err := r.source()
	if err != nil {
		return 0, 0, err
	}
	count := func(in, ex Hash) (int, error) {
		w := revwalk.New(src, revwalk.Options{Include: []Hash{in}, Exclude: []Hash{ex}})
		all, err := w.All(ctx)
		return len(all), err
	}
	if ahead, err = count(a, b); err != nil {
		return 0, 0, err
	}
	behind, err = count(b, a)
	return ahead, behind, err
}
