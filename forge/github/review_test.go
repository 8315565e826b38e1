package github

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"reef/forge"
	"reef/forge/forgetest"
)

// Threads reads GraphQL's threads page by page (after the end cursor),
// takes its isOutdated, and anchors a whole-file comment without a
// line, not as outdated.
func TestThreadsPagesAndFileComments(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	one := fixture(t, "octokit-openapi/pull-request-review-comment.json")
	// A comment on the whole file: GitHub sends subject_type "file" and
	// no line or position.
	file := derive(t, one, set(map[string]any{"id": 30.0, "in_reply_to_id": nil, "subject_type": "file",
		"line": nil, "position": nil, "start_line": nil, "original_line": nil, "original_start_line": nil}))
	var c any
	_ = json.Unmarshal(file, &c)
	var list []any
	_ = json.Unmarshal(threadComments(t), &list)
	s.Stub(forgetest.Stub{Path: repoPath("/", "pulls/7/comments"), RespBody: jsonOf(t, append(list, c))})

	page1 := derive(t, threadsAnswerJSON(t, gqlThread{"PRRT_a", true, true, 8}), func(v any) any {
		rt := v.(map[string]any)["data"].(map[string]any)["repository"].(map[string]any)["pullRequest"].(map[string]any)["reviewThreads"].(map[string]any)
		rt["pageInfo"] = map[string]any{"hasNextPage": true, "endCursor": "Y3Vyc29yOnYyOpK0"}
		return v
	})
	s.Stub(forgetest.Stub{Method: "POST", Path: "/graphql", Body: func(t *testing.T, body []byte) {
		wantGraphQL("reviewThreads", 7)(t, body)
		if strings.Contains(string(body), `"after"`) {
			t.Errorf("first page asked with a cursor: %s", body)
		}
	}, RespBody: page1})
	s.Stub(forgetest.Stub{Method: "POST", Path: "/graphql", Body: func(t *testing.T, body []byte) {
		var b graphqlBody
		_ = json.Unmarshal(body, &b)
		if b.Variables["after"] != "Y3Vyc29yOnYyOpK0" {
			t.Errorf("second page asked with after=%v", b.Variables["after"])
		}
	}, RespBody: threadsAnswerJSON(t, gqlThread{"PRRT_b", true, true, 20}, gqlThread{"PRRT_c", false, false, 30})})

	threads, err := f.Threads(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(threads) != 3 {
		t.Fatalf("%d threads, want 3: %+v", len(threads), threads)
	}
	if !threads[0].Resolved || !threads[1].Resolved || threads[2].Resolved {
		t.Errorf("resolved states %v %v %v, want true true false", threads[0].Resolved, threads[1].Resolved, threads[2].Resolved)
	}
	if a := threads[2].Anchor; a.Path != "file1.txt" || a.Line != 0 || a.Outdated || threads[2].ID != "30" {
		t.Errorf("file comment thread %+v", threads[2])
	}
	// GraphQL knows thread 8 is outdated though REST still gives a line.
	if a := threads[0].Anchor; !a.Outdated || a.Line != 2 {
		t.Errorf("thread 8 anchor %+v, want outdated at line 2", a)
	}
	if len(threads[0].Comments) != 2 || threads[0].Comments[1].ID != "10" {
		t.Errorf("first thread's comments %+v", threads[0].Comments)
	}
}

// A server whose schema has no fullDatabaseId (older GitHub Enterprise)
// is asked again with databaseId.
func TestThreadsFallBackToDatabaseID(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/api/v3/")
	s.Stub(forgetest.Stub{Path: repoPath("/api/v3/", "pulls/7/comments"), RespBody: fixture(t, "octokit-openapi/pull-request-review-comment-items.json")})
	s.Stub(forgetest.Stub{Method: "POST", Path: "/api/graphql", RespBody: []byte(`{"errors":[{"path":["query","repository","pullRequest","reviewThreads","nodes","comments","nodes","fullDatabaseId"],"extensions":{"code":"undefinedField","typeName":"PullRequestReviewComment","fieldName":"fullDatabaseId"},"locations":[{"line":6,"column":69}],"message":"Field 'fullDatabaseId' doesn't exist on type 'PullRequestReviewComment'"}]}`)})
	s.Stub(forgetest.Stub{Method: "POST", Path: "/api/graphql", Body: func(t *testing.T, body []byte) {
		if strings.Contains(string(body), "fullDatabaseId") || !strings.Contains(string(body), "databaseId") {
			t.Errorf("fallback query %s", body)
		}
	}, RespBody: []byte(`{"data":{"repository":{"pullRequest":{"reviewThreads":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[{"id":"PRRT_x","isResolved":true,"isOutdated":false,"comments":{"nodes":[{"databaseId":8}]}}]}}}}}`)})
	threads, err := f.Threads(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	// The recorded list holds one reply to comment 8: its thread is 8.
	if len(threads) != 1 || threads[0].ID != "8" || !threads[0].Resolved {
		t.Errorf("threads %+v", threads)
	}
}

// Resolve takes a thread node id as it is, and unresolves with the
// unresolve mutation.
func TestUnresolveByNodeID(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Method: "POST", Path: "/graphql", Body: wantMutation("unresolveReviewThread", "PRRT_kwDOFd42Pc4rQOUv"),
		RespBody: []byte(`{"data":{"unresolveReviewThread":{"thread":{"id":"PRRT_kwDOFd42Pc4rQOUv","isResolved":false}}}}`)})
	if err := f.Resolve(context.Background(), 2, "PRRT_kwDOFd42Pc4rQOUv", false); err != nil {
		t.Fatal(err)
	}
}

func TestResolveUnknownThread(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Method: "POST", Path: "/graphql", RespBody: threadsAnswerJSON(t, gqlThread{"PRRT_a", false, false, 8})})
	if err := f.Resolve(context.Background(), 2, "99", true); !errors.Is(err, forge.ErrNotFound) {
		t.Errorf("error %v, want ErrNotFound", err)
	}
}

// If GitHub refuses the submission, the pending review holding the
// comments is deleted: nothing half-done stays behind.
func TestSubmitReviewDeletesRefusedPendingReview(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	review := fixture(t, "octokit-openapi/pull-request-review.json")
	s.Stub(forgetest.Stub{Method: "POST", Path: repoPath("/", "pulls/12/reviews"),
		RespBody: derive(t, review, set(map[string]any{"state": "PENDING", "submitted_at": nil}))})
	s.Stub(forgetest.Stub{Method: "POST", Path: repoPath("/", "pulls/12/reviews/80/events"), Status: 422,
		Body:     wantJSON(map[string]any{"event": "REQUEST_CHANGES"}),
		RespBody: []byte(`{"message":"Unprocessable Entity","errors":["Can not request changes on your own pull request"],"documentation_url":"https://docs.github.com/rest/pulls/reviews#submit-a-review-for-a-pull-request","status":"422"}`)})
	s.Stub(forgetest.Stub{Method: "DELETE", Path: repoPath("/", "pulls/12/reviews/80"),
		RespBody: derive(t, review, set(map[string]any{"state": "PENDING", "submitted_at": nil}))})
	_, err := f.SubmitReview(context.Background(), 12, forge.NewReview{Verdict: forge.RequestChanges, Body: "no",
		Comments: []forge.NewComment{{Anchor: forge.Anchor{Path: "a.go", Side: forge.New, Line: 1}, Body: "x"}}})
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 422 || !errors.Is(err, forge.ErrInvalid) {
		t.Fatalf("error %v, want a 422", err)
	}
	if !strings.Contains(fe.Message, "Can not request changes on your own pull request") {
		t.Errorf("message %q lacks GitHub's reason", fe.Message)
	}
}

// Anchors are checked before anything is sent; a range of one line is
// sent as that line (GitHub rejects start_line == line).
func TestCommentPlacement(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	ctx := context.Background()
	for _, a := range []forge.Anchor{
		{Side: forge.New, Line: 3},
		{Path: "a.go", Side: forge.New},
		{Path: "a.go", Side: forge.New, Line: 3, StartLine: 5},
	} {
		if _, err := f.Comment(ctx, 1, forge.NewComment{Anchor: a, Body: "x"}); !errors.Is(err, forge.ErrInvalid) {
			t.Errorf("%+v: error %v, want ErrInvalid", a, err)
		}
	}
	if _, err := f.Reply(ctx, 1, "PRRT_x", "x"); !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("reply to a node id: %v, want ErrInvalid", err)
	}
	// A range across sides is fine: old line 9 to new line 3.
	s.Stub(forgetest.Stub{Method: "POST", Path: repoPath("/", "pulls/1/comments"), Status: 201,
		Body:     wantJSON(map[string]any{"line": 3.0, "side": "RIGHT", "start_line": 9.0, "start_side": "LEFT", "commit_id": "abc"}),
		RespBody: fixture(t, "octokit-openapi/pull-request-review-comment-example-for-a-multi-line-comment.json")})
	if _, err := f.Comment(ctx, 1, forge.NewComment{Body: "x", Anchor: forge.Anchor{Path: "a.go", Side: forge.New, Line: 3,
		StartSide: forge.Old, StartLine: 9, CommitSHA: "abc"}}); err != nil {
		t.Fatal(err)
	}
	s.Stub(forgetest.Stub{Method: "POST", Path: repoPath("/", "pulls/1/comments"), Status: 201,
		Body:     wantJSON(map[string]any{"line": 4.0, "side": "LEFT", "start_line": absent, "start_side": absent}),
		RespBody: fixture(t, "octokit-openapi/pull-request-review-comment-example-for-a-multi-line-comment.json")})
	if _, err := f.Comment(ctx, 1, forge.NewComment{Body: "x", Anchor: forge.Anchor{Path: "a.go", Side: forge.Old, Line: 4,
		StartLine: 4, CommitSHA: "abc"}}); err != nil {
		t.Fatal(err)
	}
}

// A merge GitHub answers without merging is an error, not a success.
func TestMergeNotMerged(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Method: "PUT", Path: repoPath("/", "pulls/3/merge"), Body: wantJSON(map[string]any{"merge_method": "merge"}),
		RespBody: derive(t, fixture(t, "octokit-openapi/pull-request-merge-result-response-if-merge-was-successful.json"),
			set(map[string]any{"merged": false, "message": "Merge already in progress"}))})
	err := f.Merge(context.Background(), 3, forge.MergeOptions{})
	if !errors.Is(err, forge.ErrInvalid) || !strings.Contains(err.Error(), "Merge already in progress") {
		t.Errorf("error %v", err)
	}
	if err := f.Merge(context.Background(), 3, forge.MergeOptions{Method: "fast-forward"}); !errors.Is(err, forge.ErrUnsupported) {
		t.Errorf("unknown method: %v, want ErrUnsupported", err)
	}
}

// Checks joins check runs with the recorded combined status (one
// failing, one passing context).
func TestChecksWithRecordedStatuses(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	var rec struct {
		Response json.RawMessage `json:"response"`
	}
	if err := json.Unmarshal(fixture(t, "octokit-fixtures/create-status-combined.json"), &rec); err != nil {
		t.Fatal(err)
	}
	sha := "0000000000000000000000000000000000000001"
	runs := derive(t, fixture(t, "octokit-openapi/check-run-paginated.json"), func(v any) any {
		r := v.(map[string]any)["check_runs"].([]any)[0].(map[string]any)
		r["status"], r["conclusion"], r["html_url"] = "in_progress", nil, ""
		return v
	})
	s.Stub(forgetest.Stub{Path: repoPath("/", "commits/%s/check-runs", sha), RespBody: runs})
	s.Stub(forgetest.Stub{Path: repoPath("/", "commits/%s/status", sha), RespBody: rec.Response})
	checks, err := f.Checks(context.Background(), sha)
	if err != nil {
		t.Fatal(err)
	}
	want := []forge.Check{
		{Name: "mighty_readme", State: forge.CheckPending, URL: "https://example.com", Summary: "Mighty Readme report"},
		{Name: "example/1", State: forge.CheckFailure, URL: "https://example.com", Summary: "create-status failure test"},
		{Name: "example/2", State: forge.CheckSuccess, URL: "https://example.com", Summary: "create-status success test"},
	}
	if len(checks) != len(want) {
		t.Fatalf("checks %+v", checks)
	}
	for i := range want {
		if checks[i] != want[i] {
			t.Errorf("check %d = %+v, want %+v", i, checks[i], want[i])
		}
	}
}

func TestRunStates(t *testing.T) {
	for _, tc := range []struct {
		status, conclusion string
		want               forge.CheckState
	}{
		{"queued", "", forge.CheckPending}, {"in_progress", "", forge.CheckPending},
		{"completed", "success", forge.CheckSuccess}, {"completed", "failure", forge.CheckFailure},
		{"completed", "timed_out", forge.CheckFailure}, {"completed", "cancelled", forge.CheckFailure},
		{"completed", "action_required", forge.CheckFailure}, {"completed", "neutral", forge.CheckSkipped},
		{"completed", "skipped", forge.CheckSkipped}, {"completed", "stale", forge.CheckPending},
		{"completed", "startup_failure", forge.CheckError},
	} {
		if got := runState(tc.status, tc.conclusion); got != tc.want {
			t.Errorf("runState(%s, %s) = %s, want %s", tc.status, tc.conclusion, got, tc.want)
		}
	}
}
