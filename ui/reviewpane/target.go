package reviewpane

import (
	"context"
	"errors"
	"fmt"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/pane"
)

// Kind says what a review reads.
type Kind uint8

// Target kinds.
const (
	KindCommit   Kind = iota + 1 // a commit against its first parent
	KindRange                    // From..To
	KindStaged                   // HEAD against the index
	KindWorktree                 // HEAD against the work tree
)

// Target is what a review reads. It is a plain comparable value: the pane
// reviews a target once and keeps the answer until asked again.
type Target struct {
	Kind   Kind
	Commit gitops.Hash // KindCommit
	// From and To are revisions ("HEAD~1", "main"), read when the review
	// runs (KindRange).
	From, To string
}

// CommitTarget reviews a commit against its first parent.
func CommitTarget(id gitops.Hash) Target { return Target{Kind: KindCommit, Commit: id} }

// RangeTarget reviews the changes from one revision to another.
func RangeTarget(from, to string) Target { return Target{Kind: KindRange, From: from, To: to} }

// DefaultTarget is reviewed when no commit is selected: the last commit.
var DefaultTarget = RangeTarget("HEAD~1", "HEAD")

// StagedTarget reviews what is staged; WorktreeTarget every change in the
// work tree (staged or not) against HEAD.
var (
	StagedTarget   = Target{Kind: KindStaged}
	WorktreeTarget = Target{Kind: KindWorktree}
)

// Review is a finished review: what was read (a label and the comparison
// the diff pane opens), its changed files and the result.
type Review struct {
	Label  string
	Source pane.DiffSource
	Files  []gitops.FileChange
	Result *iac.Result
}

// Reviewer computes a review. It runs in a command, off the UI goroutine;
// the pane drops answers to targets it no longer shows.
type Reviewer func(ctx context.Context, t Target) (Review, error)

// Engine reviews a resolved comparison: gitops' review of a range, a
// commit, the staged changes or the work tree.
type Engine func(ctx context.Context, repo *gitops.Repo, c Comparison) (*iac.Result, error)

// Comparison is a target with its revisions read.
type Comparison struct {
	Kind     Kind
	From, To gitops.Hash // KindRange: From..To; KindCommit: To (From is zero)
}

// RepoReviewer reviews targets of a repository: it reads the target's
// revisions and changed files, then asks engine for the review.
func RepoReviewer(repo *gitops.Repo, engine Engine) Reviewer {
	return func(ctx context.Context, t Target) (Review, error) {
		rv, c, err := resolve(ctx, repo, t)
		if err != nil {
			return Review{}, err
		}
		res, err := engine(ctx, repo, c)
		if err != nil {
			return Review{}, err
		}
		if res == nil {
			res = &iac.Result{}
		}
		rv.Result = res
		return rv, nil
	}
}

// resolve reads a target's revisions and lists its changed files.
func resolve(ctx context.Context, repo *gitops.Repo, t Target) (Review, Comparison, error) {
	var (
		rv  Review
		c   = Comparison{Kind: t.Kind}
		err error
	)
	switch t.Kind {
	case KindCommit:
		return commitReview(ctx, repo, t.Commit, "")
	case KindRange:
		to, terr := repo.ResolveCommit(t.To)
		if terr != nil {
			return rv, c, fmt.Errorf("%s: %w", t.To, terr)
		}
		from, ferr := repo.ResolveCommit(t.From)
		if ferr != nil {
			if t.From == t.To+"~1" {
				// A root commit has no parent: review it against nothing.
				return commitReview(ctx, repo, to, t.From+".."+t.To)
			}
			return rv, c, fmt.Errorf("%s: %w", t.From, ferr)
		}
		c.From, c.To = from, to
		rv.Label = fmt.Sprintf("%s..%s (%s..%s)", t.From, t.To, repo.ShortHash(from), repo.ShortHash(to))
		if t.From == from.String() && t.To == to.String() {
			// A range marked in the Log names full hashes.
			rv.Label = repo.ShortHash(from) + ".." + repo.ShortHash(to)
		}
		rv.Source = pane.DiffSource{Base: from, Target: to, Title: rv.Label}
		rv.Files, err = repo.DiffRevs(ctx, from, to, gitops.DiffOptions{})
	case KindStaged:
		rv.Label = "staged changes"
		rv.Source = pane.DiffSource{Staged: true, Title: rv.Label}
		rv.Files, err = repo.DiffStaged(ctx, gitops.DiffOptions{})
	case KindWorktree:
		head, herr := repo.ResolveCommit("HEAD")
		if herr != nil {
			return rv, c, herr
		}
		c.From = head
		rv.Label = "work tree against HEAD"
		rv.Source = pane.DiffSource{Title: rv.Label}
		rv.Files, err = repo.DiffWorktree(ctx, head, gitops.DiffOptions{})
	default:
		return rv, c, errors.New("nothing to review")
	}
	return rv, c, err
}

// commitReview reads a commit's subject and changed files; label, when
// given, is how the user asked for it.
func commitReview(ctx context.Context, repo *gitops.Repo, id gitops.Hash, label string) (Review, Comparison, error) {
	c := Comparison{Kind: KindCommit, To: id}
	commit, err := repo.Commit(id)
	if err != nil {
		return Review{}, c, err
	}
	rv := Review{Label: repo.ShortHash(id) + " " + commit.Subject}
	if label != "" {
		rv.Label = label + " (" + rv.Label + ")"
	}
	rv.Source = pane.DiffSource{Commit: id, Title: rv.Label}
	rv.Files, err = repo.DiffCommit(ctx, id, gitops.DiffOptions{})
	return rv, c, err
}
