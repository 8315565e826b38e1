package gitlab

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/forgetest"
	"reef/forge/internal/httpx"
)

const (
	testToken   = "glpat-reef-contract-Zq8v3"
	testProject = "gitlab-org/gitlab-ee"
	api         = "/api/v4/projects/gitlab-org%2Fgitlab-ee"
	mrPath      = api + "/merge_requests/14656"
	// diff_refs of get_merge_request.json
	baseSHA = "dd692733bb84bc3e9e862e66c099daec2fa00c83"
	headSHA = "8e0b45049b6253b8984cde9241830d2851168142"
)

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// newForge builds the adapter as forge.Open would: httpx's client
// carrying the token to the fake server's origin only.
func newForge(t *testing.T, serverURL string) *Forge {
	t.Helper()
	hc, err := httpx.New(httpx.Options{
		Kind:       forge.GitLab,
		BaseURL:    serverURL + "/api/v4",
		Credential: creds.New("127.0.0.1", "", testToken, "test"),
		Timeout:    10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Config{APIURL: serverURL + "/api/v4", Project: testProject, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	f.pollEvery = 10 * time.Millisecond
	return f
}

func TestContract(t *testing.T) {
	forgetest.Run(t, forgetest.Harness{
		Kind:  forge.GitLab,
		Token: testToken,
		New:   func(t *testing.T, u string) forge.Forge { return newForge(t, u) },
		Stubs: stubs,
	})
}

func fx(t *testing.T, name string) []byte { return forgetest.Fixture(t, name) }

// stubMR answers GET of the merge request with the recorded one.
func stubMR(t *testing.T, s *forgetest.Server) {
	s.Stub(forgetest.Stub{Path: mrPath, RespBody: fx(t, "clientgo/get_merge_request.json")})
}

func stubDiffs(t *testing.T, s *forgetest.Server) {
	s.Stub(forgetest.Stub{Path: mrPath + "/diffs", Query: map[string]string{"page": "1", "per_page": "100"},
		RespBody: fx(t, "clientgo/merge_request_diffs.json")})
}

func stubs(t *testing.T, s *forgetest.Server, sc forgetest.Scenario) forgetest.Expect {
	s.RequireHeader("Authorization", "Bearer "+testToken)
	switch sc {
	case forgetest.ListPages:
		q := map[string]string{"state": "opened", "order_by": "updated_at", "sort": "desc", "per_page": "100", "page": "1",
			"scope": forgetest.Absent, "reviewer_username": forgetest.Absent}
		s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: q, RespBody: fx(t, "clientgo/get_merge_requests_author_username.json"),
			RespHeader: map[string]string{"X-Page": "1", "X-Next-Page": "2", "X-Per-Page": "100",
				"Link": `<http://127.0.0.1/api/v4/projects/gitlab-org%2Fgitlab-ee/merge_requests?page=2&per_page=100&state=opened>; rel="next"`}})
		q2 := map[string]string{"state": "opened", "per_page": "100", "page": "2"}
		s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: q2, RespBody: fx(t, "clientgo/get_merge_requests_not_author_username.json"),
			RespHeader: map[string]string{"X-Page": "2", "X-Next-Page": "", "X-Per-Page": "100"}})
		return forgetest.Expect{Numbers: []int{15442, 15441, 15440}}

	case forgetest.ListReviewRequested:
		s.Stub(forgetest.Stub{Path: "/api/v4/user", RespBody: fx(t, "clientgo/get_user.json")})
		s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: map[string]string{"reviewer_username": "john_smith", "state": "opened"},
			RespBody: fx(t, "clientgo/get_merge_requests_author_username.json")})
		return forgetest.Expect{Numbers: []int{15442}}

	case forgetest.Get:
		stubMR(t, s)
		s.Stub(forgetest.Stub{Path: mrPath + "/approvals", RespBody: fx(t, "clientgo/get_merge_request_approvals.json")})
		s.Stub(forgetest.Stub{Path: mrPath + "/reviewers", RespBody: fx(t, "clientgo/merge_request_reviewers.json")})
		return forgetest.Expect{Number: 14656, PR: forge.PullRequest{
			Number: 14656, Title: "Add deletion support for designs", Author: forge.User{Login: "alexkalderimis"},
			State: forge.Open, Draft: true, Base: "master", Head: "delete-designs-v2",
			BaseSHA: baseSHA, HeadSHA: headSHA, Mergeable: new(bool), // has_conflicts
			URL:     "https://gitlab.com/gitlab-org/gitlab-ee/merge_requests/14656",
			Created: time.Date(2019, 7, 11, 22, 34, 43, 500e6, time.UTC),
			Labels: []string{"GitLab Enterprise Edition", "backend", "database", "database::reviewed", "design management",
				"feature", "frontend", "group::knowledge", "missed:12.1"},
			Reviewers: []forge.Reviewer{
				{User: forge.User{Login: "tkuah"}, Verdict: forge.Pending},
				{User: forge.User{Login: "user1"}, Verdict: forge.Pending},
				{User: forge.User{Login: "user2"}, Verdict: forge.CommentOnly},
				{User: forge.User{Login: "root"}, Verdict: forge.Approve},
			}}}

	case forgetest.Files:
		stubDiffs(t, s)
		return forgetest.Expect{Number: 14656, Files: []forge.ChangedFile{
			{Path: "also_testing", Status: "modified", Deletions: 1},
			{Path: "testing", Status: "modified", Additions: 1},
		}}

	case forgetest.Diff:
		stubDiffs(t, s)
		return forgetest.Expect{Number: 14656, DiffContains: []string{
			"diff --git a/also_testing b/also_testing\n--- a/also_testing\n+++ b/also_testing\n@@ -1,3 +1,2 @@\n aaaaaaaaaaaaaaaa\n-bbbbbbbbbbbbbbbb\n",
			"diff --git a/testing b/testing\n--- a/testing\n+++ b/testing\n@@ -1 +1,2 @@\n hello there\n+i'm a test :)\n",
		}}

	case forgetest.Threads:
		stubMR(t, s)
		s.Stub(forgetest.Stub{Path: mrPath + "/discussions", Query: map[string]string{"page": "1"},
			RespBody: fx(t, "gitlabdocs/merge_request_discussions.json")})
		return forgetest.Expect{Number: 14656, Threads: []forge.ReviewThread{{
			ID: "87805b7c09016a7058e91bdbe7b29d1f284a39e6",
			// The docs' position is for head 4803c71e, not this merge
			// request's head: outdated.
			Anchor: forge.Anchor{Path: "package.json", Side: forge.New, Line: 27, StartSide: forge.New, StartLine: 10,
				CommitSHA: "4803c71e6b1833ca72b8b26ef2ecd5adc8a38031", Outdated: true},
			Comments: []forge.Comment{{ID: "1128", Author: forge.User{Login: "root"}, Body: "diff comment"}},
		}}}

	case forgetest.CommentAdded, forgetest.CommentRemoved, forgetest.CommentContext, forgetest.CommentRange:
		c, want := commentCase(sc)
		stubMR(t, s)
		stubDiffs(t, s)
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/discussions", Status: http.StatusCreated,
			Body: jsonBody(map[string]any{"body": c.Body, "position": want}), RespBody: fx(t, "gitlabdocs/diff_discussion.json")})
		return forgetest.Expect{Number: 14656, Comment: c, CommentID: "1128"}

	case forgetest.Reply:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/discussions/6a9c1750b37d513a43987b574953fceb50b03ce7/notes",
			Status: http.StatusCreated, Body: jsonBody(map[string]any{"body": "reply to the discussion"}),
			RespBody: fx(t, "gitlabdocs/discussion_note.json")})
		return forgetest.Expect{Number: 14656, ThreadID: "6a9c1750b37d513a43987b574953fceb50b03ce7",
			Body: "reply to the discussion", CommentID: "1129"}

	case forgetest.Resolve:
		s.Stub(forgetest.Stub{Method: http.MethodPut, Path: mrPath + "/discussions/87805b7c09016a7058e91bdbe7b29d1f284a39e6",
			Body: jsonBody(map[string]any{"resolved": true}), RespBody: fx(t, "gitlabdocs/diff_discussion.json")})
		return forgetest.Expect{Number: 14656, ThreadID: "87805b7c09016a7058e91bdbe7b29d1f284a39e6", Resolved: true}

	case forgetest.ReviewApprove:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusCreated,
			Body: jsonBody(map[string]any{"note": "Some new draft note", "position": nil}), RespBody: fx(t, "clientgo/create_draft_note.json")})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes/bulk_publish", Status: http.StatusNoContent})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/approve", Status: http.StatusCreated,
			Body: jsonBody(map[string]any{"sha": headSHA}), RespBody: fx(t, "clientgo/get_merge_request_approvals.json")})
		return forgetest.Expect{Number: 14656, Review: forge.NewReview{Body: "Some new draft note", CommitSHA: headSHA}}

	case forgetest.ReviewRequestChanges:
		s.Stub(forgetest.Stub{Path: "/api/v4/version", RespBody: fx(t, "gitlabdocs/version.json")})
		stubMR(t, s)
		stubDiffs(t, s)
		added, _ := commentCase(forgetest.CommentAdded)
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusCreated,
			Body:     jsonBody(map[string]any{"note": added.Body, "position": map[string]any{"new_line": float64(2)}}),
			RespBody: fx(t, "clientgo/create_draft_note.json")})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes/bulk_publish", Status: http.StatusNoContent})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/notes", Status: http.StatusCreated,
			Body:     jsonBody(map[string]any{"body": "reply to the discussion\n\n/request_changes"}),
			RespBody: fx(t, "gitlabdocs/discussion_note.json")})
		s.Stub(forgetest.Stub{Path: "/api/v4/user", RespBody: fx(t, "clientgo/get_user.json")})
		s.Stub(forgetest.Stub{Path: mrPath + "/reviewers", RespBody: fx(t, "clientgo/merge_request_reviewers_requested_changes.json")})
		return forgetest.Expect{Number: 14656, ReviewID: "1129",
			Review: forge.NewReview{Body: "reply to the discussion", Comments: []forge.NewComment{added}}}

	case forgetest.ReviewCommentBatch:
		stubMR(t, s)
		stubDiffs(t, s)
		added, _ := commentCase(forgetest.CommentAdded)
		removed, _ := commentCase(forgetest.CommentRemoved)
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusCreated,
			Body:     jsonBody(map[string]any{"note": added.Body, "position": map[string]any{"new_line": float64(2), "new_path": "testing"}}),
			RespBody: fx(t, "clientgo/create_draft_note.json")})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusCreated,
			Body:     jsonBody(map[string]any{"note": removed.Body, "position": map[string]any{"old_line": float64(2), "old_path": "also_testing"}}),
			RespBody: fx(t, "clientgo/create_draft_note.json")})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes/bulk_publish", Status: http.StatusNoContent})
		return forgetest.Expect{Number: 14656, Review: forge.NewReview{Comments: []forge.NewComment{added, removed}}}

	case forgetest.Create:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: api + "/merge_requests", Status: http.StatusCreated,
			Body: jsonBody(map[string]any{"title": "Add deletion support for designs", "source_branch": "delete-designs-v2",
				"target_branch": "master", "description": "This adds the capability to destroy/hide designs."}),
			RespBody: fx(t, "clientgo/get_merge_request.json")})
		return forgetest.Expect{Number: 14656, NewPR: forge.NewPullRequest{Title: "Add deletion support for designs",
			Body: "This adds the capability to destroy/hide designs.", Base: "master", Head: "delete-designs-v2"}}

	case forgetest.Merge:
		s.Stub(forgetest.Stub{Method: http.MethodPut, Path: api + "/merge_requests/1084/merge",
			Body: jsonBody(map[string]any{"squash": true, "sha": "c824f1a9ee80ed354f21c2188d45992e972a1553",
				"squash_commit_message": "chore(deps): update runwayctl\n\nto v4.0.1", "merge_commit_message": nil}),
			RespBody: fx(t, "clientgo/merged_merge_request.json")})
		return forgetest.Expect{Number: 1084, Merge: forge.MergeOptions{Method: forge.Squash, Title: "chore(deps): update runwayctl",
			Message: "to v4.0.1", SHA: "c824f1a9ee80ed354f21c2188d45992e972a1553"}}

	case forgetest.Checks:
		sha := "a91957a858320c0e17f3a0eca7cfacbff50ea29a"
		s.Stub(forgetest.Stub{Path: api + "/pipelines", Query: map[string]string{"sha": sha}, RespBody: fx(t, "gitlabdocs/pipelines.json")})
		s.Stub(forgetest.Stub{Path: api + "/repository/commits/" + sha + "/statuses", RespBody: fx(t, "gitlabdocs/commit_statuses.json")})
		return forgetest.Expect{SHA: sha, Checks: []forge.Check{
			{Name: "pipeline #47 Build pipeline", State: forge.CheckPending, URL: "https://example.com/foo/bar/pipelines/47"},
			{Name: "bundler:audit", State: forge.CheckPending, URL: "https://gitlab.example.com/janedoe/gitlab-foss/builds/91"},
			{Name: "test", State: forge.CheckPending, URL: "https://gitlab.example.com/janedoe/gitlab-foss/builds/90"},
		}}

	case forgetest.Me:
		s.Stub(forgetest.Stub{Path: "/api/v4/user", RespBody: fx(t, "clientgo/get_user.json")})
		return forgetest.Expect{User: forge.User{Login: "john_smith"}}

	case forgetest.Error401:
		s.Stub(forgetest.Stub{Path: mrPath, Status: 401, RespBody: fx(t, "gitlabdocs/error_401.json")})
		return forgetest.Expect{Number: 14656, Message: "401 Unauthorized"}
	case forgetest.Error403:
		s.Stub(forgetest.Stub{Path: mrPath, Status: 403, RespBody: fx(t, "gitlabdocs/error_403.json")})
		return forgetest.Expect{Number: 14656, Message: "403 Forbidden"}
	case forgetest.Error404:
		s.Stub(forgetest.Stub{Path: mrPath, Status: 404, RespBody: fx(t, "gitlabdocs/error_404.json")})
		return forgetest.Expect{Number: 14656, Message: "404 Project Not Found"}
	case forgetest.Error422:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: api + "/merge_requests", Status: 422, RespBody: fx(t, "gitlabdocs/error_validation.json")})
		return forgetest.Expect{NewPR: forge.NewPullRequest{Title: "t", Base: "master", Head: "topic"}, Message: "bio is too long"}
	case forgetest.Error429:
		reset := time.Now().Add(2 * time.Minute).Truncate(time.Second)
		s.Stub(forgetest.Stub{Path: mrPath, Status: 429, RespBody: fx(t, "gitlabdocs/error_429.txt"),
			RespHeader: map[string]string{"RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10), "Retry-After": "120",
				"RateLimit-Limit": "600", "RateLimit-Remaining": "0", "RateLimit-Name": "throttle_authenticated_api"}})
		return forgetest.Expect{Number: 14656, Reset: reset, Message: "Retry later"}
	case forgetest.ErrorSecondaryRateLimit:
		return forgetest.Expect{Skip: "GitLab has no secondary rate limit: every limit answers 429 (error-429)"}
	case forgetest.ErrorTimeout, forgetest.Cancel:
		s.Stub(forgetest.Stub{Path: mrPath, Delay: 5 * time.Second, RespBody: fx(t, "clientgo/get_merge_request.json")})
		return forgetest.Expect{Number: 14656}
	case forgetest.ErrorMalformedJSON:
		whole := fx(t, "clientgo/get_merge_request.json")
		s.Stub(forgetest.Stub{Path: mrPath, RespBody: whole[:len(whole)/2]}) // cut mid-answer
		return forgetest.Expect{Number: 14656}
	}
	t.Fatalf("no stubs for %s", sc)
	return forgetest.Expect{}
}

// commentCase is each comment scenario's anchor in the diff of
// merge_request_diffs.json and the position GitLab must receive:
//
//	also_testing  @@ -1,3 +1,2 @@      testing  @@ -1 +1,2 @@
//	  1 1   aaaa                          1 1   hello there
//	  2 -  -bbbb                            - 2  +i'm a test :)
//	  3 2   cccc
func commentCase(sc forgetest.Scenario) (forge.NewComment, map[string]any) {
	pos := func(path string) map[string]any {
		return map[string]any{"base_sha": baseSHA, "start_sha": baseSHA, "head_sha": headSHA,
			"position_type": "text", "old_path": path, "new_path": path}
	}
	switch sc {
	case forgetest.CommentAdded:
		p := pos("testing")
		p["new_line"], p["old_line"], p["line_range"] = float64(2), nil, nil
		return forge.NewComment{Body: "an added line", Anchor: forge.Anchor{Path: "testing", Side: forge.New, Line: 2}}, p
	case forgetest.CommentRemoved:
		p := pos("also_testing")
		p["old_line"], p["new_line"], p["line_range"] = float64(2), nil, nil
		return forge.NewComment{Body: "a removed line", Anchor: forge.Anchor{Path: "also_testing", Side: forge.Old, Line: 2}}, p
	case forgetest.CommentContext:
		p := pos("also_testing")
		p["old_line"], p["new_line"], p["line_range"] = float64(3), float64(2), nil
		return forge.NewComment{Body: "a context line", Anchor: forge.Anchor{Path: "also_testing", Side: forge.New, Line: 2}}, p
	default: // range: from the removed line to the context line after it
		p := pos("also_testing")
		p["old_line"], p["new_line"] = float64(3), float64(2)
		code := sha1Hex("also_testing")
		p["line_range"] = map[string]any{
			// The ends carry no numbers (GitLab's API would reject them),
			// and a context line has no type.
			"start": map[string]any{"line_code": code + "_2_2", "type": "old", "old_line": nil, "new_line": nil},
			"end":   map[string]any{"line_code": code + "_3_2", "type": nil, "old_line": nil, "new_line": nil},
		}
		return forge.NewComment{Body: "a range", Anchor: forge.Anchor{Path: "also_testing", Side: forge.New, Line: 2,
			StartSide: forge.Old, StartLine: 2}}, p
	}
}

// jsonBody checks that the request body holds want's keys: a nil value
// must be absent (or null), a map is compared key by key (nested maps
// likewise), anything else must be equal.
func jsonBody(want map[string]any) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("request body is not a JSON object: %v: %s", err, body)
			return
		}
		compareJSON(t, "", got, want)
	}
}

func compareJSON(t *testing.T, at string, got, want map[string]any) {
	for k, w := range want {
		g, ok := got[k]
		switch w := w.(type) {
		case nil:
			if ok && g != nil {
				t.Errorf("request body %s%s = %v, want it absent", at, k, g)
			}
		case map[string]any:
			gm, isMap := g.(map[string]any)
			if !isMap {
				t.Errorf("request body %s%s = %v, want an object", at, k, g)
				continue
			}
			compareJSON(t, at+k+".", gm, w)
		default:
			if !ok || !reflect.DeepEqual(g, w) {
				t.Errorf("request body %s%s = %#v, want %#v", at, k, g, w)
			}
		}
	}
}
