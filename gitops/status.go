package gitops

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/index"
	"reef/gitops/oid"
	"reef/gitops/status"
)

// Status computes the work tree's status as `git status` does: staged and
// unstaged changes, conflicts, staged renames, untracked and ignored files,
// and the branch with its upstream. It never writes the index (git
// refreshes it; reef leaves it alone), so an index.lock left by another
// process does not stop it: Status.IndexLock reports it.
//
// A split or sparse index is answered by `git status` itself
// (Status.ViaGit says so). A bare repository gives ErrBare; a damaged
// index, the index reader's *index.FormatError.
func (r *Repo) Status(ctx context.Context, o StatusOptions) (*Status, error) {
	if r.IsBare() {
		return nil, ErrBare
	}
	st := &Status{}
	mode, err := r.untrackedMode(o.Untracked)
	if err != nil {
		return nil, err
	}
	st.Untracked = mode
	if _, err := os.Lstat(r.indexPath() + ".lock"); err == nil {
		st.IndexLock = r.indexPath() + ".lock"
	}
	if st.State, err = r.statusState(); err != nil {
		return nil, err
	}
	// Counting commits ahead of and behind the upstream can take as long
	// as comparing the work tree: both run at once.
	var branchErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Branch, branchErr = r.statusBranch(ctx, o.QuickTracking)
	}()
	err = r.statusEntries(ctx, o, mode, st)
	<-done
	if err != nil {
		return nil, err
	}
	if branchErr != nil {
		return nil, branchErr
	}
	return st, nil
}

// statusEntries fills st's entries (and what comes with them: notes,
// warnings, the sparse checkout figure).
func (r *Repo) statusEntries(ctx context.Context, o StatusOptions, mode UntrackedMode, st *Status) error {
	ix, err := index.Read(r.indexPath())
	if err != nil {
		return err
	}
	st.State.SparseCheckout, st.State.SparsePercent = r.sparseCheckout(ix)
	if ix.Split || ix.Sparse {
		// The index reader cannot merge a shared index or expand sparse
		// directories: git answers instead.
		why := "split index (core.splitIndex)"
		if ix.Sparse {
			why = "sparse index (index.sparse)"
		}
		if st.Entries, err = r.statusViaGit(ctx, o, mode); err != nil {
			return err
		}
		st.ViaGit = append(st.ViaGit, "git status answered: a "+why+" is read by git only")
		return nil
	}
	var headTree oid.ID
	h, err := r.refs.Head()
	if err != nil {
		return err
	}
	if !h.Unborn {
		c, err := r.Commit(h.ID)
		if err != nil {
			return err
		}
		headTree = c.Tree
	}
	res, err := status.Compute(ctx, status.Options{
		WorkTree: r.workTree, GitDir: r.gitDir, CommonDir: r.commonDir,
		Env: r.env, Config: r.cfg, DB: r.db, Index: ix, HeadTree: headTree,
		Untracked: showMode(mode), Ignored: o.Ignored, Paths: o.Paths,
		Renames: o.Renames, RenameScore: o.RenameScore,
		Submodule: r.submoduleDirt,
	})
	if errors.Is(err, status.ErrUnsupported) {
		if st.Entries, err = r.statusViaGit(ctx, o, mode); err != nil {
			return err
		}
		st.ViaGit = append(st.ViaGit, "git status answered: a file needs git's clean filter and a path git hash-object cannot take")
		return nil
	}
	if err != nil {
		return err
	}
	st.Entries = make([]StatusEntry, len(res.Entries))
	for i, e := range res.Entries {
		st.Entries[i] = statusEntry(e)
	}
	st.ViaGit = append(st.ViaGit, res.ViaGit...)
	st.Warnings = res.Warnings
	return nil
}

// sparseCheckout is git's wt_status_check_sparse_checkout.
func (r *Repo) sparseCheckout(ix *index.Index) (bool, int) {
	if on, _ := r.cfg.Bool("core.sparsecheckout", false); !on || len(ix.Entries) == 0 {
		return false, 0
	}
	if ix.Sparse {
		return true, -1
	}
	skipped := 0
	for i := range ix.Entries {
		if ix.Entries[i].SkipWorktree {
			skipped++
		}
	}
	return true, 100 - 100*skipped/len(ix.Entries)
}

// indexPath is $GIT_INDEX_FILE or the git dir's index.
func (r *Repo) indexPath() string {
	if v, ok := lookupEnv(r.env, "GIT_INDEX_FILE"); ok && v != "" {
		if !filepath.IsAbs(v) {
			v = filepath.Join(r.workTree, v)
		}
		return v
	}
	return filepath.Join(r.gitDir, "index")
}

func (r *Repo) untrackedMode(m UntrackedMode) (UntrackedMode, error) {
	if m != UntrackedDefault {
		return m, nil
	}
	sm, err := status.ConfiguredShowMode(r.cfg)
	if err != nil {
		return UntrackedNormal, err
	}
	switch sm {
	case status.ShowNo:
		return UntrackedNo, nil
	case status.ShowAll:
		return UntrackedAll, nil
	}
	return UntrackedNormal, nil
}

func showMode(m UntrackedMode) status.ShowMode {
	switch m {
	case UntrackedNo:
		return status.ShowNo
	case UntrackedAll:
		return status.ShowAll
	}
	return status.ShowNormal
}

func statusEntry(e status.Entry) StatusEntry {
	out := StatusEntry{
		Path: e.Path, OrigPath: e.OrigPath, Kind: StatusKind(e.Kind),
		Staged: e.Staged, Unstaged: e.Unstaged,
		HeadMode: e.HeadMode, IndexMode: e.IndexMode, WorktreeMode: e.WorktreeMode,
		HeadID: e.HeadID, IndexID: e.IndexID, Score: e.Score,
		IntentToAdd: e.IntentToAdd,
		Submodule: SubmoduleStatus{
			Is: e.Submodule.Is, CommitChanged: e.Submodule.CommitChanged,
			Modified: e.Submodule.Modified, Untracked: e.Submodule.Untracked,
		},
	}
	for i, s := range e.Stages {
		out.Stages[i] = StatusStage{Mode: s.Mode, ID: s.ID}
	}
	return out
}

// submoduleDirt runs status inside the submodule at path, as git's
// is_submodule_modified runs `git status --porcelain=2` there: any
// tracked change makes it modified, any untracked file (or a nested
// submodule with only untracked files) untracked.
func (r *Repo) submoduleDirt(ctx context.Context, path string, ignoreUntracked bool) (modified, untracked bool, err error) {
	dir := filepath.Join(r.workTree, filepath.FromSlash(path))
	sub, err := Open(dir, Options{Env: submoduleEnv(r.env)})
	if err != nil {
		return false, false, err
	}
	defer sub.Close()
	mode := UntrackedNo
	if !ignoreUntracked {
		if mode, err = sub.untrackedMode(UntrackedDefault); err != nil {
			return false, false, err
		}
	}
	// Only the entries: the submodule's branch is no one's business here.
	st := &Status{}
	if err := sub.statusEntries(ctx, StatusOptions{}, mode, st); err != nil {
		return false, false, err
	}
	for _, e := range st.Entries {
		switch e.Kind {
		case StatusUntracked:
			untracked = true
		case StatusOrdinary, StatusRenamed, StatusUnmerged:
			sm := e.Submodule
			if sm.Is && sm.Untracked {
				untracked = true
			}
			if e.Kind != StatusOrdinary || !sm.Is || sm.CommitChanged || sm.Modified || !sm.Untracked {
				modified = true
			}
		}
	}
	return modified, untracked, nil
}

// submoduleEnv is git's prepare_submodule_repo_env: the variables that
// point at this repository are dropped so the submodule is found from
// its own directory.
func submoduleEnv(env []string) []string {
	local := map[string]bool{
		"GIT_ALTERNATE_OBJECT_DIRECTORIES": true, "GIT_CONFIG": true, "GIT_OBJECT_DIRECTORY": true,
		"GIT_DIR": true, "GIT_WORK_TREE": true, "GIT_IMPLICIT_WORK_TREE": true, "GIT_GRAFT_FILE": true,
		"GIT_INDEX_FILE": true, "GIT_NO_REPLACE_OBJECTS": true, "GIT_REPLACE_REF_BASE": true,
		"GIT_PREFIX": true, "GIT_SHALLOW_FILE": true, "GIT_COMMON_DIR": true,
	}
	out := make([]string, 0, len(env))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !local[k] {
			out = append(out, kv)
		}
	}
	return out
}
