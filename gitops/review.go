package gitops

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/plan"
	"reef/gitops/oid"
)

// ReviewKind selects what a review compares.
type ReviewKind uint8

// Review kinds.
const (
	// ReviewRevs compares two revisions (From zero: the empty tree, for a
	// root commit).
	ReviewRevs ReviewKind = iota
	// ReviewStaged compares HEAD with the index: what the next commit
	// would change (`git diff --cached`).
	ReviewStaged
	// ReviewWorktree compares HEAD with the tracked files of the work
	// tree: everything not yet committed, staged or not (`git diff
	// HEAD`). A review is about the whole local change; the index against
	// the work tree alone (`git diff`) would judge half of it. Untracked
	// files are left out as git leaves them out; `git add -N` includes a
	// new file.
	ReviewWorktree
)

// ReviewTarget is the change a review reads: ReviewTarget{Kind:
// ReviewStaged}, ReviewTarget{Kind: ReviewWorktree}, or revisions from
// ParseReviewTarget or ReviewCommit.
type ReviewTarget struct {
	Kind     ReviewKind
	From, To Hash // ReviewRevs: commits or trees
}

// ReviewCommit is the change a commit made: against its first parent (a
// root commit against the empty tree), as `git show` shows it.
func (r *Repo) ReviewCommit(id Hash) (ReviewTarget, error) {
	c, err := r.Commit(id)
	if err != nil {
		return ReviewTarget{}, err
	}
	t := ReviewTarget{Kind: ReviewRevs, To: id}
	if len(c.Parents) > 0 {
		t.From = c.Parents[0]
	}
	return t, nil
}

// ParseReviewTarget reads a revision range the way `reef review` takes
// it: "A..B" (A's tree to B's), "A...B" (from the merge base of A and B to
// B: what a pull request of B into A changes), or one revision (the
// commit against its first parent). An empty side of a range is HEAD.
func (r *Repo) ParseReviewTarget(ctx context.Context, spec string) (ReviewTarget, error) {
	resolve := func(rev string) (Hash, error) {
		if rev == "" {
			rev = "HEAD"
		}
		id, err := r.Resolve(rev)
		if err != nil {
			return oid.Zero, err
		}
		if _, err := r.treeOf(id); err != nil {
			return oid.Zero, err
		}
		return id, nil
	}
	for _, sep := range []string{"...", ".."} {
		left, right, ok := strings.Cut(spec, sep)
		if !ok {
			continue
		}
		a, err := resolve(left)
		if err != nil {
			return ReviewTarget{}, err
		}
		b, err := resolve(right)
		if err != nil {
			return ReviewTarget{}, err
		}
		if sep == "..." {
			if a, err = r.MergeBase(ctx, a, b); err != nil {
				return ReviewTarget{}, err
			}
		}
		return ReviewTarget{Kind: ReviewRevs, From: a, To: b}, nil
	}
	id, err := r.ResolveCommit(spec)
	if err != nil {
		return ReviewTarget{}, err
	}
	return r.ReviewCommit(id)
}

// ReviewOptions tunes Review.
type ReviewOptions struct {
	// Plan is the output of `terraform show -json PLANFILE`, if any.
	Plan []byte
	// Paths limits the review to files and directories, as in
	// DiffOptions.
	Paths []string
	// Analyzers read the files (nil: Analyzers()).
	Analyzers []iac.Analyzer
	// Cache keeps results between reviews: a UI keeps one for the
	// repository so showing a commit again is instant (nil: none).
	Cache *iac.Cache
	// Config replaces the repository's .reef/review.yaml when set.
	Config *iac.Config
}

// Review reads a change as infrastructure: per-resource changes with old
// and new values, and the risks it introduces, keeps or resolves (see
// package iac). Problems in .reef/review.yaml come back as notes on that
// file, and the review goes on with its valid parts.
//
// The configuration is read from the change's base for revisions (the
// From side, or To for a root commit): the policy in force before the
// change, so a change cannot relax the rules it is judged by; from the
// work tree for staged and work-tree reviews, where the user is editing
// it.
func (r *Repo) Review(ctx context.Context, t ReviewTarget, o ReviewOptions) (*iac.Result, error) {
	if t.Kind != ReviewRevs && r.IsBare() {
		return nil, ErrBare
	}
	if o.Plan != nil {
		// A plan the user gave that cannot be read is an error, not a
		// note: the review would silently lack what was asked for.
		if _, err := plan.Parse(o.Plan); err != nil {
			return nil, err
		}
	}
	analyzers := o.Analyzers
	if analyzers == nil {
		analyzers = Analyzers()
	}
	key, err := r.reviewKey(t, o, analyzers)
	if err != nil {
		return nil, err
	}
	if key != "" {
		if res, ok := o.Cache.LookupResult(key); ok {
			return &res, nil
		}
	}
	rv, err := r.newReview(ctx, t, o)
	if err != nil {
		return nil, err
	}
	in, notes, err := rv.input(ctx, analyzers)
	if err != nil {
		return nil, err
	}
	cfg, cfgNotes := rv.config(analyzers, o.Config)
	cfg.Cache = o.Cache
	cfg.DirID = rv.dirID
	res, err := iac.Review(ctx, in, analyzers, cfg)
	if err != nil {
		return nil, err
	}
	if len(notes)+len(cfgNotes) > 0 {
		res.Notes = append(append(cfgNotes, notes...), res.Notes...)
	}
	if key != "" {
		o.Cache.StoreResult(key, res)
	}
	return &res, nil
}

// reviewKey names a review of two revisions by what decides it: their
// trees (the configuration is read from them too), the paths, the plan
// and the analyzers. "" for reviews that cannot be named so (the index
// and the work tree change under the same name) or are not cached.
func (r *Repo) reviewKey(t ReviewTarget, o ReviewOptions, analyzers []iac.Analyzer) (string, error) {
	if o.Cache == nil || t.Kind != ReviewRevs || o.Config != nil {
		return "", nil
	}
	var from Hash
	if !t.From.IsZero() {
		var err error
		if from, err = r.treeOf(t.From); err != nil {
			return "", err
		}
	}
	to, err := r.treeOf(t.To)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %q %x", from, to, o.Paths, sha256.Sum256(o.Plan))
	for _, a := range analyzers {
		fmt.Fprintf(h, " %q", a.Name())
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// AllRules documents every rule the analyzers report, secret-literal
// last: the valid ids of .reef/review.yaml and the source of
// docs/rules.md. A rule two analyzers report (tf-deletion-protection-off
// for Terraform and CloudFormation) is documented once, with both
// analyzers' words.
func AllRules(analyzers []iac.Analyzer) []iac.RuleDoc {
	var out []iac.RuleDoc
	at := map[string]int{}
	for _, a := range analyzers {
		for _, d := range a.Rules() {
			i, seen := at[d.ID]
			if !seen {
				at[d.ID] = len(out)
				out = append(out, d)
				continue
			}
			out[i] = mergeRuleDocs(out[i], d)
		}
	}
	return append(out, iac.SecretRuleDoc())
}

// mergeRuleDocs joins two analyzers' documentation of one rule; the
// first one's severity stays the usual one.
func mergeRuleDocs(a, b iac.RuleDoc) iac.RuleDoc {
	join := func(x, y string) string {
		if y == "" || x == y {
			return x
		}
		return x + " For " + b.Applies + ": " + y
	}
	a.Matches = join(a.Matches, b.Matches)
	a.Why = join(a.Why, b.Why)
	a.Silence = join(a.Silence, b.Silence)
	a.Applies = a.Applies + "; " + b.Applies
	return a
}
