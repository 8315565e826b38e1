package gitea

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/forgetest"
)

// TestContractLive runs the contract suite against a real Gitea whose
// page size is 2, so that every list spans pages. Each scenario sets the
// server up through the raw API and takes its expectations from git and
// from the raw API, not from the adapter.
func TestContractLive(t *testing.T) {
	t.Parallel() // each test has its own server
	l := startGitea(t, 2)
	head, base := l.git(t, "rev-parse", "feature"), l.git(t, "rev-parse", "main")
	pulls := 1 // pull requests opened so far (issue numbers are shared; there are no issues)
	open := func(branch, title string) int {
		l.branch(t, branch, branch+".md", "# "+branch+"\n")
		n := l.openPR(t, branch, title)
		pulls = n
		return n
	}
	skipFake := "a real Gitea cannot be made to do this on demand; the recorded run covers it"

	forgetest.Run(t, forgetest.Harness{
		Kind:  forge.Gitea,
		Token: l.UserToken,
		Real:  true,
		New:   func(t *testing.T, _ string) forge.Forge { return l.forge(t, l.UserToken) },
		Stubs: func(t *testing.T, _ *forgetest.Server, sc forgetest.Scenario) forgetest.Expect {
			mainGo := func(side forge.Side, line int, body string) forge.NewComment {
				return forge.NewComment{Anchor: forge.Anchor{Path: "main.go", Side: side, Line: line}, Body: body}
			}
			switch sc {
			case forgetest.ListPages:
				for i := 0; i < 3; i++ {
					open(fmt.Sprintf("topic-%d", i), fmt.Sprintf("Topic %d", i))
					time.Sleep(1100 * time.Millisecond) // distinct update times (seconds): one order
				}
				return forgetest.Expect{Numbers: l.rawPullNumbers(t)}
			case forgetest.ListReviewRequested:
				l.api(t, "POST", l.repoPath("/pulls/1/requested_reviewers"), l.OwnerToken, map[string][]string{"reviewers": {l.User}}, nil)
				return forgetest.Expect{Numbers: []int{1}}
			case forgetest.Get:
				return forgetest.Expect{Number: 1, PR: forge.PullRequest{
					Number: 1, Title: "Use fmt", Author: forge.User{Login: l.Owner}, State: forge.Open,
					Base: "main", Head: "feature", BaseSHA: base, HeadSHA: head,
					Reviewers: []forge.Reviewer{{User: forge.User{Login: l.User}, Verdict: forge.Pending}},
				}}
			case forgetest.Files:
				var files []forge.ChangedFile
				for _, line := range strings.Split(l.git(t, "diff", "--numstat", "main...feature"), "\n") {
					var f forge.ChangedFile
					fmt.Sscanf(line, "%d\t%d\t%s", &f.Additions, &f.Deletions, &f.Path)
					f.Status = "modified"
					files = append(files, f)
				}
				return forgetest.Expect{Number: 1, Files: files}
			case forgetest.Diff:
				var lines []string
				for _, line := range strings.Split(l.git(t, "diff", "main...feature"), "\n") {
					if strings.HasPrefix(line, "+") || strings.HasPrefix(line, "-") {
						lines = append(lines, line)
					}
				}
				return forgetest.Expect{Number: 1, DiffContains: lines}
			case forgetest.Threads:
				// alice leaves two comments in one review.
				l.api(t, "POST", l.repoPath("/pulls/1/reviews"), l.OwnerToken, map[string]any{"event": "COMMENT", "comments": []map[string]any{
					{"path": "main.go", "body": "new six", "new_position": 6},
					{"path": "README.md", "body": "old one", "old_position": 1},
				}}, nil)
				alice := forge.User{Login: l.Owner}
				return forgetest.Expect{Number: 1, Threads: []forge.ReviewThread{
					{Anchor: forge.Anchor{Path: "main.go", Side: forge.New, Line: 6, CommitSHA: head}, Comments: []forge.Comment{{Author: alice, Body: "new six"}}},
					{Anchor: forge.Anchor{Path: "README.md", Side: forge.Old, Line: 1}, Comments: []forge.Comment{{Author: alice, Body: "old one"}}},
				}}
			case forgetest.CommentAdded:
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.New, 7, "added")}
			case forgetest.CommentRemoved:
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.Old, 4, "removed")}
			case forgetest.CommentContext:
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.New, 5, "context")}
			case forgetest.CommentRange:
				c := mainGo(forge.New, 7, "range")
				c.Anchor.StartLine = 6
				return forgetest.Expect{Number: 1, Comment: c, Unsupported: true}
			case forgetest.Reply, forgetest.Resolve:
				id := l.commentAt(t, 1, "main.go", 6, 0)
				return forgetest.Expect{Number: 1, ThreadID: id, Body: "a reply", Resolved: true, Check: func(t *testing.T, _ any) {
					rc := l.rawComments(t, 1)[atoi(t, id)]
					if sc == forgetest.Resolve && (rc.Resolver == nil || rc.Resolver.Login != l.User) {
						t.Errorf("resolver of %s is %+v, want %s", id, rc.Resolver, l.User)
					}
				}}
			case forgetest.ReviewApprove:
				return forgetest.Expect{Number: 1, Check: l.verdictIs(forge.Approve)}
			case forgetest.ReviewRequestChanges:
				return forgetest.Expect{Number: 1, Review: forge.NewReview{Body: "not yet"}, Check: l.verdictIs(forge.RequestChanges)}
			case forgetest.ReviewCommentBatch:
				return forgetest.Expect{Number: 1, Review: forge.NewReview{Comments: []forge.NewComment{
					mainGo(forge.New, 3, "batch one"), mainGo(forge.Old, 1, "batch two"),
				}}}
			case forgetest.Create:
				l.branch(t, "docs", "docs.md", "# docs\n")
				pulls++
				return forgetest.Expect{Number: pulls, NewPR: forge.NewPullRequest{Title: "Add docs", Base: "main", Head: "docs"}}
			case forgetest.Merge:
				n := open("merge-me", "Merge me")
				l.waitMergeable(t, n)
				return forgetest.Expect{Number: n, Merge: forge.MergeOptions{Method: forge.MergeCommit}, Check: func(t *testing.T, _ any) {
					var pr struct{ Merged bool }
					l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls/%d", n)), l.OwnerToken, nil, &pr)
					if !pr.Merged {
						t.Errorf("pull request %d is not merged", n)
					}
				}}
			case forgetest.Checks:
				for _, st := range []map[string]string{
					{"state": "pending", "context": "ci/build"},
					{"state": "error", "context": "ci/build", "description": "runner lost"},
					{"state": "success", "context": "ci/test", "target_url": "https://ci.example.invalid/t"},
				} {
					l.api(t, "POST", l.repoPath("/statuses/"+head), l.OwnerToken, st, nil)
				}
				return forgetest.Expect{SHA: head, Checks: []forge.Check{
					{Name: "ci/build", State: forge.CheckError, Summary: "runner lost"},
					{Name: "ci/test", State: forge.CheckSuccess, URL: "https://ci.example.invalid/t"},
				}}
			case forgetest.Me:
				return forgetest.Expect{User: forge.User{Login: l.User}}
			case forgetest.Error401:
				return forgetest.Expect{Message: "invalid username, password or token", Call: func(ctx context.Context, _ forge.Forge) error {
					_, err := l.forge(t, strings.Repeat("0", 40)).PullRequest(ctx, 1)
					return err
				}}
			case forgetest.Error403:
				scoped := l.scopedToken(t, "read:user")
				return forgetest.Expect{Message: "required scope", Call: func(ctx context.Context, _ forge.Forge) error {
					_, err := l.forge(t, scoped).PullRequest(ctx, 1)
					return err
				}}
			case forgetest.Error404:
				return forgetest.Expect{Number: 999}
			case forgetest.Error422:
				return forgetest.Expect{NewPR: forge.NewPullRequest{Title: "Nothing", Base: "main", Head: "main"}}
			}
			return forgetest.Expect{Skip: skipFake} // rate limits, timeouts, broken JSON, cancellation
		},
	})
}

// rawPullNumbers lists the open pull requests page by page with the raw
// API, in the order the adapter asks for.
func (l *live) rawPullNumbers(t *testing.T) []int {
	t.Helper()
	var out []int
	for page := 1; ; page++ {
		var prs []struct{ Number int }
		l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls?state=open&sort=recentupdate&page=%d", page)), l.OwnerToken, nil, &prs)
		if len(prs) == 0 {
			return out
		}
		for _, p := range prs {
			out = append(out, p.Number)
		}
	}
}

// commentAt is the id of the first review comment on a line (new or
// old, the other 0), read with the raw API.
func (l *live) commentAt(t *testing.T, number int, path string, newLine, oldLine int) string {
	t.Helper()
	var best int64
	for id, c := range l.rawComments(t, number) {
		if c.Path == path && c.Position == newLine && c.Original == oldLine && (best == 0 || id < best) {
			best = id
		}
	}
	if best == 0 {
		t.Fatalf("no review comment on %s new %d old %d", path, newLine, oldLine)
	}
	return fmt.Sprint(best)
}

// verdictIs checks bob's latest review on #1 with the raw API.
func (l *live) verdictIs(want forge.Verdict) func(t *testing.T, _ any) {
	return func(t *testing.T, _ any) {
		t.Helper()
		state := map[forge.Verdict]string{forge.Approve: "APPROVED", forge.RequestChanges: "REQUEST_CHANGES"}[want]
		var last string
		for page := 1; ; page++ {
			var reviews []struct {
				State string
				User  struct{ Login string }
			}
			l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls/1/reviews?page=%d", page)), l.OwnerToken, nil, &reviews)
			if len(reviews) == 0 {
				break
			}
			for _, r := range reviews {
				if r.User.Login == l.User {
					last = r.State
				}
			}
		}
		if last != state {
			t.Errorf("bob's latest review is %q, want %q", last, state)
		}
	}
}
