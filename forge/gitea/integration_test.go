package gitea

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"reef/forge"
)

// TestReviewerFlow drives a real Gitea as bob, the reviewer, end to end;
// the raw API and git are the oracles.
func TestReviewerFlow(t *testing.T) {
	t.Parallel() // each test has its own server
	l := startGitea(t, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bob := l.forge(t, l.UserToken)
	alice := l.forge(t, l.OwnerToken)

	// alice asks bob for a review.
	l.api(t, "POST", l.repoPath("/pulls/1/requested_reviewers"), l.OwnerToken, map[string][]string{"reviewers": {l.User}}, nil)

	me, err := bob.Me(ctx)
	if err != nil || me.Login != l.User {
		t.Fatalf("Me = %+v, %v; want %s", me, err, l.User)
	}

	for _, c := range []struct {
		name string
		f    *Forge
		q    forge.ListQuery
		want []int
	}{
		{"open", bob, forge.ListQuery{}, []int{1}},
		{"review requested", bob, forge.ListQuery{ReviewRequested: true}, []int{1}},
		{"mine as bob", bob, forge.ListQuery{Mine: true}, nil},
		{"mine as alice", alice, forge.ListQuery{Mine: true}, []int{1}},
		{"search hit", bob, forge.ListQuery{Search: "FMT"}, []int{1}},
		{"search miss", bob, forge.ListQuery{Search: "nothing like it"}, nil},
		{"merged", bob, forge.ListQuery{State: forge.Merged}, nil},
	} {
		prs, err := c.f.ListPullRequests(ctx, c.q)
		if err != nil {
			t.Fatalf("list %s: %v", c.name, err)
		}
		if got := numbers(prs); !slices.Equal(got, c.want) {
			t.Errorf("list %s = %v, want %v", c.name, got, c.want)
		}
	}

	pr, err := bob.PullRequest(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	headSHA, baseSHA := l.git(t, "rev-parse", "feature"), l.git(t, "rev-parse", "main")
	if pr.Title != "Use fmt" || pr.Author.Login != l.Owner || pr.State != forge.Open || pr.Base != "main" ||
		pr.Head != "feature" || pr.HeadSHA != headSHA || pr.BaseSHA != baseSHA || pr.Draft || pr.URL == "" {
		t.Errorf("PullRequest(1) = %+v; want Use fmt by alice, main (%s) <- feature (%s)", pr, baseSHA, headSHA)
	}
	checkVerdict(t, pr, l.User, forge.Pending)

	// Files and diff against git's own numbers and patch.
	files, err := bob.Files(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	numstat := l.git(t, "diff", "--numstat", "main...feature")
	var gotStat []string
	for _, f := range files {
		gotStat = append(gotStat, fmt.Sprintf("%d\t%d\t%s", f.Additions, f.Deletions, f.Path))
		if f.Status != "modified" {
			t.Errorf("file %s status %q, want modified", f.Path, f.Status)
		}
	}
	slices.Sort(gotStat)
	if want := strings.Split(numstat, "\n"); !slices.Equal(gotStat, sorted(want)) {
		t.Errorf("Files = %q, want git's numstat %q", gotStat, want)
	}
	diff, err := bob.Diff(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(l.git(t, "diff", "main...feature"), "\n") {
		if (strings.HasPrefix(line, "+") || strings.HasPrefix(line, "-")) && !strings.Contains(diff, line) {
			t.Errorf("Diff lacks git's line %q", line)
		}
	}

	// Inline comments: main.go's new line 7 is added, its old line 4
	// removed, its new line 5 (old 3) a context line.
	anchors := []struct {
		name   string
		side   forge.Side
		line   int
		source string // the hunk line Gitea must have anchored on
	}{
		{"added", forge.New, 7, "+\tfmt.Println(\"bye\")"},
		{"removed", forge.Old, 4, "-\tprintln(\"hello\")"},
		{"context", forge.New, 5, " func main() {"},
	}
	ids := map[string]string{}
	for _, a := range anchors {
		c, err := bob.Comment(ctx, 1, forge.NewComment{Anchor: forge.Anchor{Path: "main.go", Side: a.side, Line: a.line}, Body: "on the " + a.name + " line"})
		if err != nil {
			t.Fatalf("comment on the %s line: %v", a.name, err)
		}
		if c.Anchor.Path != "main.go" || c.Anchor.Side != a.side || c.Anchor.Line != a.line || c.Author.Login != l.User {
			t.Errorf("comment on the %s line came back as %+v", a.name, c)
		}
		ids[a.name] = c.ID
	}
	raw := l.rawComments(t, 1)
	for _, a := range anchors {
		var rc rawComment
		for _, c := range raw {
			if fmt.Sprint(c.ID) == ids[a.name] {
				rc = c
			}
		}
		if got := lastHunkLine(rc.DiffHunk); got != a.source {
			t.Errorf("the %s-line comment is anchored on %q, want %q (hunk %q)", a.name, got, a.source, rc.DiffHunk)
		}
	}
	if _, err := bob.Comment(ctx, 1, forge.NewComment{Anchor: forge.Anchor{Path: "main.go", Side: forge.New, StartLine: 6, Line: 7}, Body: "range"}); !errors.Is(err, forge.ErrUnsupported) {
		t.Errorf("range comment: %v, want ErrUnsupported", err)
	}

	// Reply, then resolve and unresolve the thread.
	reply, err := bob.Reply(ctx, 1, ids["removed"], "and a reply")
	if err != nil {
		t.Fatal(err)
	}
	if reply.Anchor.Side != forge.Old || reply.Anchor.Line != 4 || reply.ID == ids["removed"] {
		t.Errorf("reply = %+v, want a new comment on old line 4", reply)
	}
	if err := bob.Resolve(ctx, 1, ids["removed"], true); err != nil {
		t.Fatal(err)
	}
	if rc := l.rawComments(t, 1)[atoi(t, ids["removed"])]; rc.Resolver == nil || rc.Resolver.Login != l.User {
		t.Errorf("after Resolve the thread's first comment has resolver %+v, want bob", rc.Resolver)
	}
	threads, err := bob.Threads(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantThreads := []string{
		"main.go new:7 resolved=false [on the added line]",
		"main.go old:4 resolved=true [on the removed line|and a reply]",
		"main.go new:5 resolved=false [on the context line]",
	}
	if got := describe(threads); !slices.Equal(got, wantThreads) {
		t.Errorf("Threads =\n%q\nwant\n%q", got, wantThreads)
	}
	if threads[1].ID != ids["removed"] || threads[1].Comments[1].ID != reply.ID {
		t.Errorf("thread ids %s/%s, want %s/%s", threads[1].ID, threads[1].Comments[1].ID, ids["removed"], reply.ID)
	}
	if err := bob.Resolve(ctx, 1, ids["removed"], false); err != nil {
		t.Fatal(err)
	}
	if rc := l.rawComments(t, 1)[atoi(t, ids["removed"])]; rc.Resolver != nil {
		t.Errorf("after unresolve the resolver is still %+v", rc.Resolver)
	}

	// Request changes with a batch of comments, then approve.
	rv, err := bob.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.RequestChanges, Body: "please keep the greeting", Comments: []forge.NewComment{
		{Anchor: forge.Anchor{Path: "main.go", Side: forge.New, Line: 6}, Body: "batch one"},
		{Anchor: forge.Anchor{Path: "README.md", Side: forge.New, Line: 3}, Body: "batch two"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if rv.Verdict != forge.RequestChanges || rv.Author.Login != l.User || rv.ID == "" {
		t.Errorf("request changes = %+v", rv)
	}
	if pr, err = bob.PullRequest(ctx, 1); err != nil {
		t.Fatal(err)
	}
	checkVerdict(t, pr, l.User, forge.RequestChanges)
	if threads, err = bob.Threads(ctx, 1); err != nil || len(threads) != 5 {
		t.Errorf("after the batch: %d threads (%v), want 5", len(threads), err)
	}
	if rv, err = bob.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.Approve}); err != nil || rv.Verdict != forge.Approve {
		t.Fatalf("approve = %+v, %v", rv, err)
	}
	if pr, err = bob.PullRequest(ctx, 1); err != nil {
		t.Fatal(err)
	}
	checkVerdict(t, pr, l.User, forge.Approve)
	if _, err := alice.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.Approve}); !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("alice approving her own pull request: %v, want ErrInvalid", err)
	}

	// Checks: alice's CI reports two contexts on the head, one of them
	// twice (pending, then success): the latest counts.
	for _, s := range []map[string]string{
		{"state": "pending", "context": "ci/build", "description": "building"},
		{"state": "success", "context": "ci/build", "description": "built", "target_url": "https://ci.example.invalid/1"},
		{"state": "failure", "context": "ci/lint", "description": "2 problems"},
	} {
		l.api(t, "POST", l.repoPath("/statuses/"+headSHA), l.OwnerToken, s, nil)
	}
	checks, err := bob.Checks(ctx, headSHA)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(checks, func(a, b forge.Check) int { return strings.Compare(a.Name, b.Name) })
	want := []forge.Check{
		{Name: "ci/build", State: forge.CheckSuccess, URL: "https://ci.example.invalid/1", Summary: "built"},
		{Name: "ci/lint", State: forge.CheckFailure, Summary: "2 problems"},
	}
	if !slices.Equal(checks, want) {
		t.Errorf("Checks = %+v, want %+v", checks, want)
	}

	// bob opens a draft and a pull request of his own and squashes the second in.
	l.branch(t, "docs", "docs.md", "# docs\n")
	l.branch(t, "wip", "wip.md", "# wip\n")
	draft, err := bob.CreatePullRequest(ctx, forge.NewPullRequest{Title: "Later", Base: "main", Head: "wip", Draft: true})
	if err != nil || !draft.Draft || draft.Title != "WIP: Later" {
		t.Errorf("draft = %+v, %v; want a draft titled WIP: Later", draft, err)
	}
	np, err := bob.CreatePullRequest(ctx, forge.NewPullRequest{Title: "Add docs", Body: "docs", Base: "main", Head: "docs"})
	if err != nil {
		t.Fatal(err)
	}
	if np.Number != 3 || np.Author.Login != l.User || np.State != forge.Open || np.Head != "docs" {
		t.Errorf("created %+v, want #3 by bob from docs", np)
	}
	if mine, err := bob.ListPullRequests(ctx, forge.ListQuery{Mine: true}); err != nil || !slices.Equal(sorted(numbers(mine)), []int{2, 3}) {
		t.Errorf("bob's pull requests = %v, %v; want 2 and 3", numbers(mine), err)
	}
	l.waitMergeable(t, np.Number)
	if err := bob.Merge(ctx, np.Number, forge.MergeOptions{Method: forge.Squash, SHA: strings.Repeat("0", 40)}); !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("merge with a stale head: %v, want ErrInvalid", err)
	}
	if err := bob.Merge(ctx, np.Number, forge.MergeOptions{Method: forge.Squash, Title: "Add docs (#3)", SHA: np.HeadSHA}); err != nil {
		t.Fatal(err)
	}
	merged, err := bob.PullRequest(ctx, np.Number)
	if err != nil || merged.State != forge.Merged || merged.Mergeable != nil {
		t.Errorf("after merge: %+v, %v", merged, err)
	}
	var commit struct {
		Commit  struct{ Message string }
		Parents []struct{ SHA string }
	}
	l.api(t, "GET", l.repoPath("/git/commits/main"), l.OwnerToken, nil, &commit)
	if !strings.HasPrefix(commit.Commit.Message, "Add docs (#3)") || len(commit.Parents) != 1 {
		t.Errorf("main's tip after a squash: %q with %d parents", commit.Commit.Message, len(commit.Parents))
	}
	if got, err := bob.ListPullRequests(ctx, forge.ListQuery{State: forge.Merged}); err != nil || !slices.Equal(numbers(got), []int{3}) {
		t.Errorf("merged = %v, %v; want [3]", numbers(got), err)
	}
	if err := bob.Merge(ctx, np.Number, forge.MergeOptions{}); !errors.Is(err, forge.ErrInvalid) || !strings.Contains(err.Error(), "already merged") {
		t.Errorf("merging again: %v, want ErrInvalid saying it is merged", err)
	}

	// Errors from the real server.
	if _, err := bob.PullRequest(ctx, 99); !errors.Is(err, forge.ErrNotFound) {
		t.Errorf("missing pull request: %v, want ErrNotFound", err)
	}
	nobody := l.forge(t, strings.Repeat("a", 40))
	_, err = nobody.PullRequest(ctx, 1)
	if !errors.Is(err, forge.ErrUnauthorized) || strings.Contains(err.Error(), strings.Repeat("a", 40)) {
		t.Errorf("bad token: %v, want ErrUnauthorized without the token", err)
	}
}

func numbers(prs []forge.PullRequest) []int {
	var out []int
	for _, p := range prs {
		out = append(out, p.Number)
	}
	return out
}

func sorted[T interface{ ~int | ~string }](xs []T) []T {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs
}

func checkVerdict(t *testing.T, pr forge.PullRequest, login string, want forge.Verdict) {
	t.Helper()
	for _, r := range pr.Reviewers {
		if r.User.Login == login {
			if r.Verdict != want {
				t.Errorf("%s's verdict %q, want %q", login, r.Verdict, want)
			}
			return
		}
	}
	t.Errorf("%s is not among the reviewers %+v", login, pr.Reviewers)
}

func describe(threads []forge.ReviewThread) []string {
	var out []string
	for _, th := range threads {
		var bodies []string
		for _, c := range th.Comments {
			bodies = append(bodies, c.Body)
		}
		out = append(out, fmt.Sprintf("%s %s:%d resolved=%v [%s]", th.Anchor.Path, th.Anchor.Side, th.Anchor.Line, th.Resolved, strings.Join(bodies, "|")))
	}
	return out
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}
