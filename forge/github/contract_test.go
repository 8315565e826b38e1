package github

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/forgetest"
)

// The contract runs against a GitHub Enterprise Server layout (REST under
// /api/v3/, GraphQL at /api/graphql); the package's own tests use
// github.com's (REST at the root, /graphql).
const ghes = "/api/v3/"

func TestContract(t *testing.T) {
	forgetest.Run(t, forgetest.Harness{
		Kind:  forge.GitHub,
		Token: testToken,
		New: func(t *testing.T, serverURL string) forge.Forge {
			return newForgeAt(t, serverURL, ghes)
		},
		Stubs: contractStubs,
	})
}

func contractStubs(t *testing.T, s *forgetest.Server, sc forgetest.Scenario) forgetest.Expect {
	s.RequireHeader("Authorization", "Bearer "+testToken)
	s.RequireHeader("X-GitHub-Api-Version", APIVersion)
	pulls := repoPath(ghes, "pulls")
	pr := repoPath(ghes, "pulls/1347")
	switch sc {
	case forgetest.ListPages:
		return stubListPages(t, s)
	case forgetest.ListReviewRequested:
		s.Stub(forgetest.Stub{Path: ghes + "search/issues", Query: map[string]string{
			"q":    "repo:octocat/Hello-World is:pr is:open review-requested:@me",
			"sort": "updated", "order": "desc", "per_page": "100",
		}, RespBody: fixture(t, "octokit-openapi/issue-search-result-item-paginated.json")})
		return forgetest.Expect{Numbers: []int{132}}
	case forgetest.Get:
		s.Stub(forgetest.Stub{Path: pr, Header: map[string]string{"Accept": "application/vnd.github+json"},
			RespBody: fixture(t, "octokit-openapi/pull-request.json")})
		s.Stub(forgetest.Stub{Path: pr + "/reviews", Query: map[string]string{"per_page": "100"},
			RespBody: fixture(t, "octokit-openapi/pull-request-review-items.json")})
		return forgetest.Expect{Number: 1347, PR: examplePR()}
	case forgetest.Files:
		s.Stub(forgetest.Stub{Path: pr + "/files", Query: map[string]string{"per_page": "100"},
			RespBody: fixture(t, "octokit-openapi/diff-entry-items.json")})
		return forgetest.Expect{Number: 1347, Files: []forge.ChangedFile{
			{Path: "file1.txt", Status: "added", Additions: 103, Deletions: 21}}}
	case forgetest.Diff:
		s.Stub(forgetest.Stub{Path: pr, Header: map[string]string{"Accept": "application/vnd.github.diff"},
			RespHeader: map[string]string{"Content-Type": "application/vnd.github.diff; charset=utf-8"},
			RespBody:   fixture(t, "octokit-openapi/diff-media-type.diff")})
		return forgetest.Expect{Number: 1347, DiffContains: []string{"diff --git a/testfile b/testfile", "-test\n+test change"}}
	case forgetest.Threads:
		s.Stub(forgetest.Stub{Path: pr + "/comments", Query: map[string]string{"per_page": "100"}, RespBody: threadComments(t)})
		s.Stub(forgetest.Stub{Method: "POST", Path: "/api/graphql", Body: wantGraphQL("reviewThreads", 1347),
			RespBody: threadsAnswerJSON(t, gqlThread{"PRRT_kwDOFd42Pc4rQOUv", true, false, 8}, gqlThread{"PRRT_kwDOFd42Pc4rQOUw", false, true, 20})})
		return forgetest.Expect{Number: 1347, Threads: exampleThreads()}
	case forgetest.CommentAdded:
		a := forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 2, CommitSHA: headSHA}
		stubComment(t, s, a, map[string]any{"line": 2.0, "side": "RIGHT", "start_line": absent, "start_side": absent})
		return forgetest.Expect{Number: 1347, Comment: forge.NewComment{Anchor: a, Body: "Great stuff!"}, CommentID: "10"}
	case forgetest.CommentRemoved:
		a := forge.Anchor{Path: "file1.txt", Side: forge.Old, Line: 1, CommitSHA: headSHA}
		stubComment(t, s, a, map[string]any{"line": 1.0, "side": "LEFT", "start_line": absent})
		return forgetest.Expect{Number: 1347, Comment: forge.NewComment{Anchor: a, Body: "Great stuff!"}, CommentID: "10"}
	case forgetest.CommentContext:
		// No commit given: the adapter reads the head SHA first.
		s.Stub(forgetest.Stub{Path: pr, RespBody: fixture(t, "octokit-openapi/pull-request.json")})
		a := forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 3}
		stubComment(t, s, a, map[string]any{"line": 3.0, "side": "RIGHT", "commit_id": headSHA})
		return forgetest.Expect{Number: 1347, Comment: forge.NewComment{Anchor: a, Body: "Great stuff!"}, CommentID: "10"}
	case forgetest.CommentRange:
		a := forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 2, StartLine: 1, CommitSHA: headSHA}
		// The recorded multi-line example is exactly this range.
		s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/comments", Status: 201,
			Body: wantJSON(map[string]any{"body": "Great stuff!", "commit_id": headSHA, "path": "file1.txt",
				"line": 2.0, "side": "RIGHT", "start_line": 1.0, "start_side": "RIGHT", "position": absent}),
			RespBody: fixture(t, "octokit-openapi/pull-request-review-comment-example-for-a-multi-line-comment.json")})
		return forgetest.Expect{Number: 1347, Comment: forge.NewComment{Anchor: a, Body: "Great stuff!"}, CommentID: "10"}
	case forgetest.Reply:
		s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/comments/8/replies", Status: 201,
			Body:     wantJSON(map[string]any{"body": "Great stuff!", "in_reply_to": absent}),
			RespBody: fixture(t, "octokit-openapi/pull-request-review-comment.json")})
		return forgetest.Expect{Number: 1347, ThreadID: "8", Body: "Great stuff!", CommentID: "10"}
	case forgetest.Resolve:
		s.Stub(forgetest.Stub{Method: "POST", Path: "/api/graphql", Body: wantGraphQL("reviewThreads", 1347),
			RespBody: threadsAnswerJSON(t, gqlThread{"PRRT_kwDOFd42Pc4rQOUv", false, false, 8})})
		s.Stub(forgetest.Stub{Method: "POST", Path: "/api/graphql", Body: wantMutation("resolveReviewThread", "PRRT_kwDOFd42Pc4rQOUv"),
			RespBody: []byte(`{"data":{"resolveReviewThread":{"thread":{"id":"PRRT_kwDOFd42Pc4rQOUv","isResolved":true}}}}`)})
		return forgetest.Expect{Number: 1347, ThreadID: "8", Resolved: true}
	case forgetest.ReviewApprove:
		s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/reviews",
			Body:     wantJSON(map[string]any{"event": "APPROVE", "comments": absent}),
			RespBody: fixture(t, "octokit-openapi/pull-request-review-4.json")})
		return forgetest.Expect{Number: 1347, ReviewID: "80"}
	case forgetest.ReviewRequestChanges:
		body := "This is close to perfect! Please address the suggested inline change."
		s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/reviews",
			Body:     wantJSON(map[string]any{"event": "REQUEST_CHANGES", "body": body, "commit_id": headSHA}),
			RespBody: fixture(t, "octokit-openapi/pull-request-review.json")})
		return forgetest.Expect{Number: 1347, ReviewID: "80", Review: forge.NewReview{Body: body, CommitSHA: headSHA}}
	case forgetest.ReviewCommentBatch:
		return stubReviewBatch(t, s, pr)
	case forgetest.Create:
		s.Stub(forgetest.Stub{Method: "POST", Path: pulls, Status: 201,
			Body: wantJSON(map[string]any{"title": "Amazing new feature", "body": "Please pull these awesome changes in!",
				"head": "new-topic", "base": "master", "draft": true}),
			RespBody: fixture(t, "octokit-openapi/pull-request.json")})
		return forgetest.Expect{Number: 1347, NewPR: forge.NewPullRequest{Title: "Amazing new feature",
			Body: "Please pull these awesome changes in!", Base: "master", Head: "new-topic", Draft: true}}
	case forgetest.Merge:
		s.Stub(forgetest.Stub{Method: "PUT", Path: pr + "/merge",
			Body: wantJSON(map[string]any{"merge_method": "squash", "sha": headSHA, "commit_title": "Amazing new feature (#1347)",
				"commit_message": absent}),
			RespBody: fixture(t, "octokit-openapi/pull-request-merge-result-response-if-merge-was-successful.json")})
		return forgetest.Expect{Number: 1347, Merge: forge.MergeOptions{Method: forge.Squash, SHA: headSHA, Title: "Amazing new feature (#1347)"}}
	case forgetest.Checks:
		s.Stub(forgetest.Stub{Path: repoPath(ghes, "commits/%s/check-runs", headSHA), Query: map[string]string{"per_page": "100"},
			RespBody: fixture(t, "octokit-openapi/check-run-paginated.json")})
		s.Stub(forgetest.Stub{Path: repoPath(ghes, "commits/%s/status", headSHA), Query: map[string]string{"per_page": "100"},
			RespBody: fixture(t, "octokit-openapi/combined-commit-status.json")})
		return forgetest.Expect{SHA: headSHA, Checks: []forge.Check{
			{Name: "mighty_readme", State: forge.CheckSkipped, URL: "https://github.com/github/hello-world/runs/4", Summary: "Mighty Readme report"},
			{Name: "continuous-integration/jenkins", State: forge.CheckSuccess, URL: "https://ci.example.com/1000/output", Summary: "Build has completed successfully"},
			{Name: "security/brakeman", State: forge.CheckSuccess, URL: "https://ci.example.com/2000/output", Summary: "Testing has completed successfully"},
		}}
	case forgetest.Me:
		s.Stub(forgetest.Stub{Path: ghes + "user", RespBody: fixture(t, "octokit-openapi/private-user-response-with-public-and-private-profile-information.json")})
		return forgetest.Expect{User: forge.User{Login: "octocat"}}
	}
	return errorStubs(t, s, sc, pr, pulls)
}

// errorStubs answer the error scenarios. 422 replays a recorded answer
// (@octokit/fixtures); the other bodies are GitHub's documented ones.
func errorStubs(t *testing.T, s *forgetest.Server, sc forgetest.Scenario, pr, pulls string) forgetest.Expect {
	switch sc {
	case forgetest.Error401:
		s.Stub(forgetest.Stub{Path: pr, Status: 401, RespBody: []byte(`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)})
		return forgetest.Expect{Number: 1347, Message: "Bad credentials"}
	case forgetest.Error403:
		s.Stub(forgetest.Stub{Path: pr, Status: 403, RespHeader: map[string]string{"X-Accepted-GitHub-Permissions": "pull_requests=read"},
			RespBody: []byte(`{"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request","status":"403"}`)})
		return forgetest.Expect{Number: 1347, Message: "Resource not accessible by personal access token",
			Check: func(t *testing.T, got any) {
				if !strings.Contains(got.(error).Error(), "pull_requests=read") {
					t.Errorf("the 403 does not name the permission GitHub asked for: %v", got)
				}
			}}
	case forgetest.Error404:
		s.Stub(forgetest.Stub{Path: pr, Status: 404, RespBody: []byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request","status":"404"}`)})
		return forgetest.Expect{Number: 1347, Message: "Not Found"}
	case forgetest.Error422:
		var rec struct {
			Response json.RawMessage `json:"response"`
		}
		if err := json.Unmarshal(fixture(t, "octokit-fixtures/errors-422.json"), &rec); err != nil {
			t.Fatal(err)
		}
		s.Stub(forgetest.Stub{Method: "POST", Path: pulls, Status: 422, RespBody: rec.Response})
		return forgetest.Expect{NewPR: forge.NewPullRequest{Title: "t", Base: "master", Head: "new-topic"},
			Message: "Validation Failed: Label color invalid"}
	case forgetest.Error429:
		reset := time.Now().Add(42 * time.Minute).Truncate(time.Second)
		s.Stub(forgetest.Stub{Path: pr, Status: 429, RespHeader: map[string]string{
			"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Used": "5000",
			"X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10), "X-RateLimit-Resource": "core"},
			RespBody: []byte(`{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)})
		return forgetest.Expect{Number: 1347, Reset: reset, Message: "API rate limit exceeded"}
	case forgetest.ErrorSecondaryRateLimit:
		s.Stub(forgetest.Stub{Path: pr, Status: 403, RespHeader: map[string]string{"Retry-After": "90"},
			RespBody: []byte(`{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)})
		return forgetest.Expect{Number: 1347, RetryAfter: 90 * time.Second, Message: "secondary rate limit"}
	case forgetest.ErrorTimeout, forgetest.Cancel:
		s.Stub(forgetest.Stub{Path: pr, Delay: 5 * time.Second, RespBody: fixture(t, "octokit-openapi/pull-request.json")})
		return forgetest.Expect{Number: 1347}
	case forgetest.ErrorMalformedJSON:
		whole := fixture(t, "octokit-openapi/pull-request.json")
		s.Stub(forgetest.Stub{Path: pr, RespHeader: map[string]string{"Content-Type": "application/json; charset=utf-8"},
			RespBody: whole[:len(whole)/2]}) // the connection dropped mid-answer
		return forgetest.Expect{Number: 1347, Check: func(t *testing.T, got any) {
			if !strings.Contains(got.(error).Error(), "JSON") {
				t.Errorf("a cut answer is not reported as broken JSON: %v", got)
			}
		}}
	}
	t.Fatalf("no stubs for scenario %s", sc)
	return forgetest.Expect{}
}

// stubListPages serves three pages of the pulls list. The Link headers
// have the form GitHub sends (the next page under /repositories/ID/, as
// @octokit/fixtures' paginate-issues recorded); each page is the
// recorded list example with its number changed so pages differ.
func stubListPages(t *testing.T, s *forgetest.Server) forgetest.Expect {
	items := fixture(t, "octokit-openapi/pull-request-simple-items.json")
	page := func(n int) []byte {
		return derive(t, items, func(v any) any {
			v.([]any)[0].(map[string]any)["number"] = float64(1346 + n)
			return v
		})
	}
	next := func(n int) string {
		return "<" + s.URL + ghes + "repositories/1296269/pulls?state=open&sort=updated&direction=desc&per_page=100&page=" +
			strconv.Itoa(n) + `>; rel="next", <` + s.URL + ghes + "repositories/1296269/pulls?page=3>; rel=\"last\""
	}
	s.Stub(forgetest.Stub{Path: repoPath(ghes, "pulls"),
		Query:    map[string]string{"state": "open", "sort": "updated", "direction": "desc", "per_page": "100", "page": forgetest.Absent},
		RespBody: page(1), RespHeader: map[string]string{"Link": next(2)}})
	s.Stub(forgetest.Stub{Path: ghes + "repositories/1296269/pulls", Query: map[string]string{"page": "2", "state": "open"},
		RespBody: page(2), RespHeader: map[string]string{"Link": next(3)}})
	s.Stub(forgetest.Stub{Path: ghes + "repositories/1296269/pulls", Query: map[string]string{"page": "3"},
		RespBody: page(3), RespHeader: map[string]string{"Link": "<" + s.URL + ghes + `repositories/1296269/pulls?page=2>; rel="prev"`}})
	return forgetest.Expect{Numbers: []int{1347, 1348, 1349}}
}

// stubComment expects one inline comment and answers with the recorded
// example, its anchor set to what was posted (as GitHub echoes it).
func stubComment(t *testing.T, s *forgetest.Server, a forge.Anchor, want map[string]any) {
	want["body"], want["path"], want["position"] = "Great stuff!", a.Path, absent
	if _, ok := want["commit_id"]; !ok {
		want["commit_id"] = a.CommitSHA
	}
	resp := derive(t, fixture(t, "octokit-openapi/pull-request-review-comment-example-for-a-multi-line-comment.json"), set(map[string]any{
		"line": float64(a.Line), "original_line": float64(a.Line), "side": apiSide(a.Side),
		"start_line": nil, "original_start_line": nil, "start_side": nil,
	}))
	s.Stub(forgetest.Stub{Method: "POST", Path: repoPath(ghes, "pulls/1347/comments"), Status: 201, Body: wantJSON(want), RespBody: resp})
}

// stubReviewBatch expects GitHub's two-step review: a PENDING review
// holding the comments (no event), then its submission. The answers are
// the recorded review example with the state each step reports.
func stubReviewBatch(t *testing.T, s *forgetest.Server, pr string) forgetest.Expect {
	review := fixture(t, "octokit-openapi/pull-request-review.json")
	s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/reviews",
		Body: func(t *testing.T, body []byte) {
			wantJSON(map[string]any{"event": absent, "body": absent, "commit_id": headSHA})(t, body)
			var r struct {
				Comments []map[string]any `json:"comments"`
			}
			_ = json.Unmarshal(body, &r)
			want := []map[string]any{
				{"path": "file1.txt", "line": 2.0, "side": "RIGHT", "body": "Please add more information here, and fix this typo."},
				{"path": "file1.txt", "line": 5.0, "side": "LEFT", "start_line": 3.0, "start_side": "LEFT", "body": "Why remove these?"},
			}
			if len(r.Comments) != len(want) {
				t.Errorf("review has %d comments, want %d", len(r.Comments), len(want))
				return
			}
			for i, w := range want {
				for k, v := range w {
					if r.Comments[i][k] != v {
						t.Errorf("review comment %d %s = %v, want %v", i, k, r.Comments[i][k], v)
					}
				}
				if _, ok := w["start_line"]; !ok && r.Comments[i]["start_line"] != nil {
					t.Errorf("review comment %d has start_line %v", i, r.Comments[i]["start_line"])
				}
			}
		},
		RespBody: derive(t, review, set(map[string]any{"state": "PENDING", "submitted_at": nil, "body": ""}))})
	s.Stub(forgetest.Stub{Method: "POST", Path: pr + "/reviews/80/events",
		Body:     wantJSON(map[string]any{"event": "COMMENT", "body": "A few notes."}),
		RespBody: derive(t, review, set(map[string]any{"state": "COMMENTED", "body": "A few notes."}))})
	return forgetest.Expect{Number: 1347, ReviewID: "80", Review: forge.NewReview{Body: "A few notes.", Comments: []forge.NewComment{
		{Anchor: forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 2, CommitSHA: headSHA}, Body: "Please add more information here, and fix this typo."},
		{Anchor: forge.Anchor{Path: "file1.txt", Side: forge.Old, Line: 5, StartLine: 3, CommitSHA: headSHA}, Body: "Why remove these?"},
	}}}
}

// examplePR is what the recorded pull-request example and its reviews
// list say: octocat approved; other_user and a team are requested.
func examplePR() forge.PullRequest {
	yes := true
	return forge.PullRequest{
		Number: 1347, Title: "Amazing new feature", Body: "Please pull these awesome changes in!",
		Author: forge.User{Login: "octocat"}, State: forge.Open, Base: "master", Head: "new-topic",
		BaseSHA: headSHA, HeadSHA: headSHA, Mergeable: &yes, Labels: []string{"bug"},
		URL:     "https://github.com/octocat/Hello-World/pull/1347",
		Created: time.Date(2011, 1, 26, 19, 1, 12, 0, time.UTC), Updated: time.Date(2011, 1, 26, 19, 1, 12, 0, time.UTC),
		Reviewers: []forge.Reviewer{
			{User: forge.User{Login: "octocat"}, Verdict: forge.Approve},
			{User: forge.User{Login: "other_user"}, Verdict: forge.Pending},
			{User: forge.User{Login: "github/justice-league"}, Verdict: forge.Pending},
		},
	}
}

// threadComments is a review comment list of two threads built from the
// recorded examples: the reply (id 10, in_reply_to_id 8) as recorded;
// its first comment (8) is the recorded single comment with that id and
// no in_reply_to_id; and an outdated comment (20) whose line and
// position GitHub has nulled.
func threadComments(t *testing.T) []byte {
	var items []any
	if err := json.Unmarshal(fixture(t, "octokit-openapi/pull-request-review-comment-items.json"), &items); err != nil {
		t.Fatal(err)
	}
	one := fixture(t, "octokit-openapi/pull-request-review-comment.json")
	root := derive(t, one, set(map[string]any{"id": 8.0, "in_reply_to_id": nil}))
	outdated := derive(t, one, set(map[string]any{"id": 20.0, "in_reply_to_id": nil, "line": nil, "position": nil,
		"start_line": nil, "body": "Outdated now."}))
	var r, o any
	_ = json.Unmarshal(root, &r)
	_ = json.Unmarshal(outdated, &o)
	return jsonOf(t, []any{r, items[0], o})
}

func exampleThreads() []forge.ReviewThread {
	c := func(id, body string) forge.Comment {
		return forge.Comment{ID: id, Author: forge.User{Login: "octocat"}, Body: body}
	}
	return []forge.ReviewThread{
		{ID: "8", Resolved: true, Comments: []forge.Comment{c("8", "Great stuff!"), c("10", "Great stuff!")},
			Anchor: forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 2, StartLine: 1, StartSide: forge.New, CommitSHA: headSHA}},
		{ID: "20", Comments: []forge.Comment{c("20", "Outdated now.")},
			Anchor: forge.Anchor{Path: "file1.txt", Side: forge.New, Line: 2, StartLine: 1, StartSide: forge.New,
				CommitSHA: "9c48853fa3dc5c1c3d6f1f1cd1f2743e72652840", Outdated: true}},
	}
}

// gqlThread is one node of a reviewThreads answer.
type gqlThread struct {
	id                 string
	resolved, outdated bool
	firstComment       int64
}

// threadsAnswerJSON is a reviewThreads answer shaped as GitHub's schema
// says (the test checks the query against it): no recorded GraphQL
// answers are published.
func threadsAnswerJSON(t *testing.T, nodes ...gqlThread) []byte {
	var ns []any
	for _, n := range nodes {
		ns = append(ns, map[string]any{"id": n.id, "isResolved": n.resolved, "isOutdated": n.outdated,
			"comments": map[string]any{"nodes": []any{map[string]any{"fullDatabaseId": strconv.FormatInt(n.firstComment, 10)}}}})
	}
	return jsonOf(t, map[string]any{"data": map[string]any{"repository": map[string]any{"pullRequest": map[string]any{
		"reviewThreads": map[string]any{"pageInfo": map[string]any{"hasNextPage": false, "endCursor": nil}, "nodes": ns}}}}})
}

type graphqlBody struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables"`
}

// wantGraphQL checks a reviewThreads query for this repository's pull
// request.
func wantGraphQL(field string, number int) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var b graphqlBody
		if err := json.Unmarshal(body, &b); err != nil {
			t.Errorf("GraphQL body %q: %v", body, err)
			return
		}
		if !strings.Contains(b.Query, field) {
			t.Errorf("GraphQL query lacks %s: %s", field, b.Query)
		}
		if b.Variables["owner"] != owner || b.Variables["repo"] != repo || b.Variables["number"] != float64(number) {
			t.Errorf("GraphQL variables %v", b.Variables)
		}
	}
}

func wantMutation(field, id string) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var b graphqlBody
		if err := json.Unmarshal(body, &b); err != nil {
			t.Errorf("GraphQL body %q: %v", body, err)
			return
		}
		if !strings.HasPrefix(strings.TrimSpace(b.Query), "mutation") || !strings.Contains(b.Query, field+"(") {
			t.Errorf("GraphQL document is not the %s mutation: %s", field, b.Query)
		}
		if b.Variables["id"] != id {
			t.Errorf("GraphQL variables %v, want id %s", b.Variables, id)
		}
	}
}
