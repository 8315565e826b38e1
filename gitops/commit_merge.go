package gitops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/object"
	"reef/gitops/oid"
	"reef/gitops/revwalk"
)

// mergeState is what an interrupted merge or cherry-pick left in the git
// dir, which decides a commit's parents, author and reflog message.
type mergeState struct {
	heads      []oid.ID // MERGE_HEAD, in order: the merge's other parents
	noFF       bool     // MERGE_MODE is "no-ff": keep parents that are ancestors of others
	cherryPick oid.ID   // CHERRY_PICK_HEAD: the commit whose author is kept
}

func (m mergeState) merging() bool { return len(m.heads) > 0 }

// readMergeState reads MERGE_HEAD, MERGE_MODE and CHERRY_PICK_HEAD. A
// cherry-pick or revert sequence, or a cherry-pick inside a rebase, is
// left to git: its state goes beyond one commit.
func (r *Repo) readMergeState() (mergeState, error) {
	var m mergeState
	b, err := os.ReadFile(filepath.Join(r.gitDir, "MERGE_HEAD"))
	switch {
	case err == nil:
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			id, err := r.ResolveCommit(line)
			if err != nil {
				return m, fmt.Errorf("corrupt MERGE_HEAD file (%q): conclude the merge with git, or abort it with git merge --abort", line)
			}
			m.heads = append(m.heads, id)
		}
		mode, _ := os.ReadFile(filepath.Join(r.gitDir, "MERGE_MODE"))
		m.noFF = string(mode) == "no-ff"
		return m, nil
	case !errors.Is(err, os.ErrNotExist):
		return m, err
	}
	b, err = os.ReadFile(filepath.Join(r.gitDir, "CHERRY_PICK_HEAD"))
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	for _, dir := range []string{"sequencer", "rebase-merge", "rebase-apply"} {
		if _, err := os.Stat(filepath.Join(r.gitDir, dir)); err == nil {
			return m, fmt.Errorf("%w: a cherry-pick, revert or rebase sequence is in progress; commit and continue it with git (git cherry-pick --continue, git rebase --continue)", ErrUnsupported)
		}
	}
	id, err := r.ResolveCommit(strings.TrimSpace(string(b)))
	if err != nil {
		return m, fmt.Errorf("corrupt CHERRY_PICK_HEAD file: %w", err)
	}
	m.cherryPick = id
	return m, nil
}

// reduceHeads drops repeated parents and those that are ancestors of
// another parent, keeping the order (git's reduce_heads, which git commit
// applies to a merge's parents unless MERGE_MODE is "no-ff").
func (r *Repo) reduceHeads(ctx context.Context, heads []oid.ID) ([]oid.ID, error) {
	var uniq []oid.ID
	seen := map[oid.ID]bool{}
	for _, h := range heads {
		if !seen[h] {
			seen[h] = true
			uniq = append(uniq, h)
		}
	}
	if len(uniq) < 2 {
		return uniq, nil
	}
	src, err := r.source()
	if err != nil {
		return nil, err
	}
	var out []oid.ID
	for i, a := range uniq {
		redundant := false
		for j, b := range uniq {
			if i == j {
				continue
			}
			bases, err := revwalk.MergeBases(ctx, src, a, b)
			if err != nil {
				return nil, err
			}
			for _, base := range bases {
				// a is a common ancestor of a and b: an ancestor of b.
				redundant = redundant || base == a
			}
			if redundant {
				break
			}
		}
		if !redundant {
			out = append(out, a)
		}
	}
	return out, nil
}

// clearMergeState removes what a finished merge, cherry-pick or revert
// leaves behind, as git commit does after moving HEAD.
func (r *Repo) clearMergeState() {
	for _, name := range []string{"CHERRY_PICK_HEAD", "REVERT_HEAD", "AUTO_MERGE", "MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "SQUASH_MSG"} {
		os.Remove(filepath.Join(r.gitDir, name))
	}
}

// chooseParents sets the parents and the reflog message as git commit
// does for an initial commit, an amend, a merge and a plain commit.
func (p *PendingCommit) chooseParents(ctx context.Context, state mergeState, headRaw []byte) error {
	r := p.repo
	switch {
	case p.head.Unborn:
		p.reflog = "commit (initial)"
	case headRaw != nil:
		c, err := object.ParseCommit(headRaw)
		if err != nil {
			return fmt.Errorf("read HEAD: %w", err)
		}
		p.reflog = "commit (amend)"
		p.obj.parents = c.Parents
		p.obj.extra = extraHeaders(headRaw)
	case state.merging():
		p.reflog = "commit (merge)"
		parents := append([]oid.ID{p.head.ID}, state.heads...)
		if !state.noFF {
			var err error
			if parents, err = r.reduceHeads(ctx, parents); err != nil {
				return err
			}
		}
		p.obj.parents = parents
	default:
		p.reflog = "commit"
		if !state.cherryPick.IsZero() {
			p.reflog = "commit (cherry-pick)"
		}
		p.obj.parents = []oid.ID{p.head.ID}
	}
	if v, ok := lookupEnv(r.env, "GIT_REFLOG_ACTION"); ok {
		p.reflog = v
	}
	return nil
}

// checkNotEmpty refuses a commit that changes nothing, unless allowed, a
// merge, or the amend of a merge (git's rule). The tree is compared with
// the first parent's (the amended commit's parent when amending); with no
// such parent, an empty index is what is refused.
func (p *PendingCommit) checkNotEmpty(entries int, state mergeState, headRaw []byte) error {
	if p.opts.AllowEmpty || state.merging() || (headRaw != nil && len(p.obj.parents) > 1) {
		return nil
	}
	var base oid.ID
	switch {
	case headRaw != nil && len(p.obj.parents) > 0:
		base = p.obj.parents[0]
	case headRaw == nil && !p.head.Unborn:
		base = p.head.ID
	}
	committable := entries > 0
	if !base.IsZero() {
		tree, err := p.repo.treeOf(base)
		if err != nil {
			return err
		}
		committable = tree != p.obj.tree
	}
	if committable {
		return nil
	}
	if headRaw != nil {
		return fmt.Errorf("%w (amending would leave the last commit empty)", ErrNothingToCommit)
	}
	return ErrNothingToCommit
}
