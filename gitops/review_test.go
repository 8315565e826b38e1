package gitops

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/iac"
)

// recorder is an analyzer that claims .tf files and reports, per file, a
// change whose attribute is the file's two sides and whose notes list the
// files of its directory on both sides (what Input.Dir gave).
type recorder struct {
	runs atomic.Int32
}

func (a *recorder) Name() string { return "recorder" }

func (a *recorder) Claims(p string, _ []byte) bool { return strings.HasSuffix(p, ".tf") }

func (a *recorder) Rules() []iac.RuleDoc {
	return []iac.RuleDoc{{ID: "rec-risk", Severity: iac.High}}
}

func (a *recorder) Analyze(ctx context.Context, in *iac.Input, files []iac.File) (iac.Result, error) {
	a.runs.Add(1)
	var r iac.Result
	for _, f := range files {
		c := iac.Change{Path: f.Path, Address: "file " + f.Path, Kind: iac.Modified, Line: 1,
			Attributes: []iac.Attribute{{Path: "content", Before: string(f.Before), After: string(f.After), HasBefore: f.Before != nil, HasAfter: f.After != nil}}}
		if f.OldPath != f.Path {
			c.Kind, c.From = iac.Moved, "file "+f.OldPath
		}
		for _, side := range []iac.Side{iac.Before, iac.After} {
			m, err := in.Dir(ctx, side, path.Dir(f.Path))
			if err != nil {
				return r, err
			}
			var names []string
			for n := range m {
				names = append(names, n)
			}
			sort.Strings(names)
			c.Notes = append(c.Notes, fmt.Sprintf("side %d: %s", side, strings.Join(names, ",")))
		}
		r.Changes = append(r.Changes, c)
		if strings.Contains(string(f.After), "RISK") {
			r.Findings = append(r.Findings, iac.Finding{Rule: "rec-risk", Severity: iac.High, State: iac.Introduced, Path: f.Path, Line: 1, Message: "risky."})
		}
	}
	return r, nil
}

// summary prints a result compactly: one line per change (address, kind,
// before → after, dir listings), finding and note.
func summary(r *iac.Result) string {
	var b strings.Builder
	for _, c := range r.Changes {
		a := c.Attributes[0]
		fmt.Fprintf(&b, "%s %s [%s] %q→%q %s\n", c.Address, c.Kind, c.Environment, a.Before, a.After, strings.Join(c.Notes, " | "))
	}
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "finding %s %s %s %s:%d\n", f.Rule, f.Severity, f.State, f.Path, f.Line)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note %s: %s\n", n.Path, n.Message)
	}
	return b.String()
}

func reviewRepo(t *testing.T) (*gittest.Repo, *Repo) {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", "one\n").Write("envs/prod/vars.tf", "v1\n").Write("modules/x/old.tf", "old\n").Write("README.md", "r\n")
	r.Commit("base")
	r.Write("envs/prod/main.tf", "two RISK\n").Remove("modules/x/old.tf").Write("envs/dev/new.tf", "new\n").Write("README.md", "s\n")
	r.Move("envs/prod/vars.tf", "envs/prod/variables.tf")
	r.Commit("second")
	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repo.Close() })
	return r, repo
}

func runReview(t *testing.T, repo *Repo, tgt ReviewTarget, o ReviewOptions) *iac.Result {
	t.Helper()
	if o.Analyzers == nil {
		o.Analyzers = []iac.Analyzer{&recorder{}}
	}
	res, err := repo.Review(context.Background(), tgt, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestReviewCommitAndRange(t *testing.T) {
	r, repo := reviewRepo(t)
	want := `file modules/x/old.tf modified [] "old\n"→"" side 0: modules/x/old.tf | side 1: 
file envs/dev/new.tf modified [dev] ""→"new\n" side 0:  | side 1: envs/dev/new.tf
file envs/prod/main.tf modified [prod] "one\n"→"two RISK\n" side 0: envs/prod/main.tf,envs/prod/vars.tf | side 1: envs/prod/main.tf,envs/prod/variables.tf
file envs/prod/variables.tf moved [prod] "v1\n"→"v1\n" side 0: envs/prod/main.tf,envs/prod/vars.tf | side 1: envs/prod/main.tf,envs/prod/variables.tf
finding rec-risk high introduced envs/prod/main.tf:1
`
	for _, spec := range []string{"HEAD", "HEAD~1..HEAD", "HEAD~..", "HEAD~1...HEAD", r.Rev("HEAD")} {
		tgt, err := repo.ParseReviewTarget(context.Background(), spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := summary(runReview(t, repo, tgt, ReviewOptions{})); got != want {
			t.Errorf("%s:\n%s\nwant:\n%s", spec, got, want)
		}
	}
	// the deleted file's After is nil (not empty), the added file's Before too
	tgt, _ := repo.ParseReviewTarget(context.Background(), "HEAD")
	res := runReview(t, repo, tgt, ReviewOptions{})
	for _, c := range res.Changes {
		a := c.Attributes[0]
		if c.Path == "modules/x/old.tf" && a.HasAfter || c.Path == "envs/dev/new.tf" && a.HasBefore {
			t.Errorf("%s: has before %v, after %v", c.Path, a.HasBefore, a.HasAfter)
		}
	}
	// a root commit is reviewed against the empty tree
	root, _ := repo.ParseReviewTarget(context.Background(), "HEAD~1")
	if got := summary(runReview(t, repo, root, ReviewOptions{})); strings.Count(got, "\n") != 3 || !strings.Contains(got, `file envs/prod/vars.tf modified [prod] ""→"v1\n"`) {
		t.Errorf("root commit:\n%s", got)
	}
	// paths limit the review
	if got := summary(runReview(t, repo, tgt, ReviewOptions{Paths: []string{"envs/dev"}})); strings.Count(got, "\n") != 1 {
		t.Errorf("paths:\n%s", got)
	}
	for _, bad := range []string{"nope", "nope..HEAD", "HEAD..nope"} {
		if _, err := repo.ParseReviewTarget(context.Background(), bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestReviewStagedAndWorktree(t *testing.T) {
	r, repo := reviewRepo(t)
	r.Write("envs/prod/main.tf", "staged\n").Git("add", "envs/prod/main.tf")
	r.Write("envs/prod/main.tf", "unstaged RISK\r\n") // line endings are cleaned as git stores them (none here)
	r.Write("envs/prod/extra.tf", "added\n").Git("add", "-N", "envs/prod/extra.tf")
	r.Write("envs/prod/untracked.tf", "untracked\n")
	r.Remove("envs/dev/new.tf")

	staged := summary(runReview(t, repo, ReviewTarget{Kind: ReviewStaged}, ReviewOptions{}))
	wantStaged := `file envs/prod/main.tf modified [prod] "two RISK\n"→"staged\n" side 0: envs/prod/main.tf,envs/prod/variables.tf | side 1: envs/prod/main.tf,envs/prod/variables.tf
`
	if staged != wantStaged {
		t.Errorf("staged:\n%s\nwant:\n%s", staged, wantStaged)
	}
	work := summary(runReview(t, repo, ReviewTarget{Kind: ReviewWorktree}, ReviewOptions{}))
	wantWork := `file envs/dev/new.tf modified [dev] "new\n"→"" side 0: envs/dev/new.tf | side 1: 
file envs/prod/extra.tf modified [prod] ""→"added\n" side 0: envs/prod/main.tf,envs/prod/variables.tf | side 1: envs/prod/extra.tf,envs/prod/main.tf,envs/prod/variables.tf
file envs/prod/main.tf modified [prod] "two RISK\n"→"unstaged RISK\r\n" side 0: envs/prod/main.tf,envs/prod/variables.tf | side 1: envs/prod/extra.tf,envs/prod/main.tf,envs/prod/variables.tf
finding rec-risk high introduced envs/prod/main.tf:1
`
	if work != wantWork {
		t.Errorf("worktree:\n%s\nwant:\n%s", work, wantWork)
	}
}

func TestReviewWorktreeReadsDisk(t *testing.T) {
	r, repo := reviewRepo(t)
	r.Write("envs/prod/variables.tf", "changed on disk\n")
	r.Write("envs/prod/main.tf", "main changed\n")
	var seen string
	var mu sync.Mutex
	probe := &probeAnalyzer{f: func(ctx context.Context, in *iac.Input) {
		m, _ := in.Dir(ctx, iac.After, "envs/prod")
		mu.Lock()
		seen = string(m["envs/prod/variables.tf"])
		mu.Unlock()
	}}
	runReview(t, repo, ReviewTarget{Kind: ReviewWorktree}, ReviewOptions{Analyzers: []iac.Analyzer{probe}, Paths: []string{"envs/prod/main.tf"}})
	if seen != "changed on disk\n" {
		t.Errorf("work-tree Dir gave %q for a file changed on disk", seen)
	}
}

type probeAnalyzer struct {
	f func(ctx context.Context, in *iac.Input)
}

func (p *probeAnalyzer) Name() string               { return "probe" }
func (p *probeAnalyzer) Claims(string, []byte) bool { return true }
func (p *probeAnalyzer) Rules() []iac.RuleDoc       { return nil }
func (p *probeAnalyzer) Analyze(ctx context.Context, in *iac.Input, _ []iac.File) (iac.Result, error) {
	p.f(ctx, in)
	return iac.Result{}, nil
}

func TestReviewConfigFromBase(t *testing.T) {
	r := gittest.New(t)
	r.Write(".reef/review.yaml", "severity:\n  - rule: rec-risk\n    level: critical\n").Write("a.tf", "x\n").Commit("policy")
	// the change relaxes its own policy and adds a risk
	r.Write(".reef/review.yaml", "disable: [rec-risk]\n").Write("a.tf", "RISK\n").Commit("sneaky")
	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	tgt, _ := repo.ParseReviewTarget(context.Background(), "HEAD")
	got := summary(runReview(t, repo, tgt, ReviewOptions{}))
	if !strings.Contains(got, "finding rec-risk critical introduced a.tf:1") ||
		!strings.Contains(got, "note .reef/review.yaml: changed by this change: the review applies the version before it") {
		t.Errorf("range review:\n%s", got)
	}
	// the work tree's file applies to work-tree reviews, problems and all
	r.Write(".reef/review.yaml", "disable: [rec-risk, no-such-rule]\nfail: true\n").Write("a.tf", "RISK again\n")
	got = summary(runReview(t, repo, ReviewTarget{Kind: ReviewWorktree}, ReviewOptions{}))
	want := `file a.tf modified [] "RISK\n"→"RISK again\n" side 0: a.tf | side 1: a.tf
note .reef/review.yaml: line 1: disable[1]: unknown rule "no-such-rule"; docs/rules.md lists the rules
note .reef/review.yaml: line 2: fail: unknown key (disable, severity and environments are known)
`
	if got != want {
		t.Errorf("worktree review:\n%s\nwant:\n%s", got, want)
	}
}

func TestReviewCacheMakesRepeatsInstant(t *testing.T) {
	r, repo := reviewRepo(t)
	rec := &recorder{}
	cache := iac.NewCache(64)
	tgt, _ := repo.ParseReviewTarget(context.Background(), "HEAD")
	o := ReviewOptions{Analyzers: []iac.Analyzer{rec}, Cache: cache}
	first := runReview(t, repo, tgt, o)
	runs := rec.runs.Load()
	// The same trees again: the whole result, without reading a file.
	first.Changes[0].Address = "changed by the caller"
	second := runReview(t, repo, tgt, o)
	if rec.runs.Load() != runs || second.Changes[0].Address == "changed by the caller" {
		t.Errorf("second review ran the analyzer again (%d → %d runs) or shares the caller's lists", runs, rec.runs.Load())
	}
	rng, _ := repo.ParseReviewTarget(context.Background(), "HEAD~1..HEAD")
	runReview(t, repo, rng, o)
	if rec.runs.Load() != runs {
		t.Errorf("same change as a range ran %d more times", rec.runs.Load()-runs)
	}
	// The work tree is read each time, but unchanged directories come
	// from the per-directory entries: an edit in envs/dev runs only that.
	r.Write("envs/dev/new.tf", "edited\n").Write("envs/prod/main.tf", "edited too\n")
	wt := ReviewTarget{Kind: ReviewWorktree}
	runReview(t, repo, wt, o)
	runs = rec.runs.Load()
	runReview(t, repo, wt, o)
	if rec.runs.Load() != runs {
		t.Errorf("an unchanged work tree ran %d more times", rec.runs.Load()-runs)
	}
	r.Write("envs/dev/new.tf", "edited again\n")
	got := summary(runReview(t, repo, wt, o))
	if rec.runs.Load() != runs+1 || !strings.Contains(got, `"edited again\n"`) || !strings.Contains(got, `"edited too\n"`) {
		t.Errorf("after one edit: %d more runs\n%s", rec.runs.Load()-runs, got)
	}
}

func TestReviewBigAndOddFiles(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.tf", "x\n").Commit("base")
	r.WriteBytes("huge.tf", make([]byte, readCap+1))
	r.Git("update-index", "--add", "--cacheinfo", "120000,"+strings.TrimSpace(r.GitIn([]byte("a.tf"), "hash-object", "-w", "--stdin"))+",link.tf")
	r.CommitStaged("odd")
	r.Git("add", "huge.tf")
	r.CommitStaged("huge")
	repo, err := Open(r.Dir, Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	tgt, _ := repo.ParseReviewTarget(context.Background(), "HEAD~2..HEAD")
	got := summary(runReview(t, repo, tgt, ReviewOptions{}))
	if got != "note huge.tf: 16 MiB: too large to analyze, shown as a text diff\n" {
		t.Errorf("got:\n%s", got)
	}
}
