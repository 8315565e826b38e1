package bitbucket

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/forgetest"
	"reef/forge/internal/httpx"
)

// The harness talks to tomasbjerre/violations-test, the repository most
// fixtures were recorded from (testdata/README.md says which came from
// where).
const (
	testToken = "bb-contract-token-5f2c9a"
	workspace = "tomasbjerre"
	repoSlug  = "violations-test"
	repoPath  = "/repositories/" + workspace + "/" + repoSlug
	prPath    = repoPath + "/pullrequests/1"
	myClass   = "src/main/java/se/bjurr/violations/lib/example/MyClass.java"
	// The pull request's revspec, as its links.diff / links.diffstat name it.
	revspec = workspace + "/" + repoSlug + ":a31d1b70c972%0Db563d040b08e"
)

func TestContract(t *testing.T) {
	forgetest.Run(t, forgetest.Harness{
		Kind:  forge.Bitbucket,
		Token: testToken,
		New: func(t *testing.T, serverURL string) forge.Forge {
			return newTestForge(t, serverURL, "")
		},
		Stubs: stubs,
	})
}

// newTestForge builds the adapter with reef's own client (httpx), which
// sends the credentials to the server's origin only: Bearer for an access
// token, Basic with username for an API token.
func newTestForge(t *testing.T, serverURL, username string) *Forge {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	hc, err := httpx.New(httpx.Options{Kind: forge.Bitbucket, BaseURL: serverURL, Transport: tr,
		Credential: creds.New(u.Host, username, testToken, "test")})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Config{APIURL: serverURL, Workspace: workspace, Repo: repoSlug, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func bearer(token string) string { return "Bearer " + token }

// withNext returns a recorded page with its "next" link pointing at
// next: real pages link to api.bitbucket.org, the fake lives elsewhere.
func withNext(t *testing.T, page []byte, next string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(page, &m); err != nil {
		t.Fatal(err)
	}
	m["next"] = next
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pageOf wraps recorded objects in Bitbucket's list envelope.
func pageOf(t *testing.T, items ...[]byte) []byte {
	t.Helper()
	values := make([]json.RawMessage, len(items))
	for i, it := range items {
		values[i] = it
	}
	b, err := json.Marshal(map[string]any{"pagelen": 100, "page": 1, "size": len(items), "values": values})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decode reads a request body for a Body check.
func decode(t *testing.T, body []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Errorf("request body is not JSON: %v", err)
	}
	return m
}

// inlineOf checks a new comment's body: content.raw, no "pending" key
// (review comments are published: see SubmitReview) and the inline
// position, returned for the caller's checks.
func inlineOf(t *testing.T, body []byte, raw string) map[string]any {
	m := decode(t, body)
	if c, _ := m["content"].(map[string]any); c["raw"] != raw {
		t.Errorf("content.raw = %v, want %q", c["raw"], raw)
	}
	if _, ok := m["pending"]; ok {
		t.Errorf("the comment was sent with pending: %v", m["pending"])
	}
	in, _ := m["inline"].(map[string]any)
	return in
}

func wantInline(t *testing.T, in map[string]any, want map[string]any) {
	if len(in) != len(want) {
		t.Errorf("inline = %v, want %v", in, want)
		return
	}
	for k, v := range want {
		if in[k] != v {
			t.Errorf("inline.%s = %v, want %v (inline %v)", k, in[k], v, in)
		}
	}
}

func commentScenario(t *testing.T, s *forgetest.Server, a forge.Anchor, want map[string]any) forgetest.Expect {
	body := "Must have at least one statement."
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments", Status: http.StatusCreated,
		Body:     func(t *testing.T, b []byte) { wantInline(t, inlineOf(t, b, body), want) },
		RespBody: forgetest.Fixture(t, "violations-test/comment-created.json")})
	return forgetest.Expect{Number: 1, Comment: forge.NewComment{Anchor: a, Body: body}, CommentID: "865572299"}
}

func stubs(t *testing.T, s *forgetest.Server, sc forgetest.Scenario) forgetest.Expect {
	s.RequireHeader("Authorization", bearer(testToken))
	fx := func(name string) []byte { return forgetest.Fixture(t, name) }
	switch sc {
	case forgetest.ListPages:
		s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests",
			Query:    map[string]string{"state": "OPEN", "pagelen": "50", "page": forgetest.Absent, "q": forgetest.Absent},
			RespBody: withNext(t, fx("jenkins-bbs/pullrequests-page.json"), s.URL+repoPath+"/pullrequests?state=OPEN&pagelen=50&page=2")})
		s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests", Query: map[string]string{"page": "2"},
			RespBody: fx("pybitbucket/pullrequests-page.json")})
		return forgetest.Expect{Numbers: []int{2, 1, 1}}

	case forgetest.ListReviewRequested:
		s.Stub(forgetest.Stub{Path: "/user", RespBody: fx("jenkins-bbs/user.json")})
		s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests",
			Query:    map[string]string{"state": "OPEN", "q": `reviewers.uuid = "{c5716604-73d9-4ad4-a3dd-a75485652c57}"`},
			RespBody: fx("pybitbucket/pullrequests-page.json")})
		return forgetest.Expect{Numbers: []int{1}}

	case forgetest.Get:
		s.Stub(forgetest.Stub{Path: prPath, RespBody: fx("violations-test/pullrequest.json")})
		return forgetest.Expect{Number: 1, PR: forge.PullRequest{
			Number: 1, Title: "some crap", Author: forge.User{Login: "Tomas Bjerre"}, State: forge.Open,
			Base: "master", Head: "feature/addingcrap", BaseSHA: "b563d040b08e", HeadSHA: "a31d1b70c972",
			URL:       "https://bitbucket.org/tomasbjerre/violations-test/pull-requests/1",
			Created:   time.Date(2019, 6, 2, 17, 27, 45, 162825000, time.UTC),
			Updated:   time.Date(2021, 4, 4, 18, 17, 13, 371112000, time.UTC),
			Reviewers: []forge.Reviewer{}, // one participant, who has not decided
		}}

	case forgetest.Files:
		// The endpoint redirects to the repository diffstat of the revspec.
		s.Stub(forgetest.Stub{Path: prPath + "/diffstat", Status: http.StatusFound,
			RespHeader: map[string]string{"Location": repoPath + "/diffstat/" + revspec + "?from_pullrequest_id=1"}})
		s.Stub(forgetest.Stub{Path: repoPath + "/diffstat/" + revspec, Query: map[string]string{"from_pullrequest_id": "1"},
			RespBody: fx("violations-test/diffstat.json")})
		return forgetest.Expect{Number: 1, Files: []forge.ChangedFile{
			{Path: "gradlew.bat", Status: "removed", Deletions: 90},
			{Path: myClass, Status: "modified", Additions: 2},
			{Path: "src/main/java/se/bjurr/violations/lib/example/OtherClass.java", Status: "modified", Additions: 4, Deletions: 1},
		}}

	case forgetest.Diff:
		s.Stub(forgetest.Stub{Path: prPath + "/diff", Status: http.StatusFound,
			RespHeader: map[string]string{"Location": repoPath + "/diff/" + revspec + "?from_pullrequest_id=1"}})
		s.Stub(forgetest.Stub{Path: repoPath + "/diff/" + revspec, Query: map[string]string{"from_pullrequest_id": "1"},
			Header: map[string]string{"Accept": "text/plain"}, RespBody: fx("violations-test/diff.txt")})
		return forgetest.Expect{Number: 1, DiffContains: []string{"+++ b/" + myClass, "+  if (a == null)"}}

	case forgetest.Threads:
		s.Stub(forgetest.Stub{Path: prPath + "/comments", Query: map[string]string{"pagelen": "100"},
			RespBody: fx("violations-test/comments.json")})
		// Of three comments: one inline (a thread), one general, one deleted.
		return forgetest.Expect{Number: 1, Threads: []forge.ReviewThread{{
			ID:       "105331691",
			Anchor:   forge.Anchor{Path: myClass, Side: forge.New, Line: 5},
			Comments: []forge.Comment{{ID: "105331691", Author: forge.User{Login: "Tomas Bjerre"}}},
		}}}

	// The diff's hunk is @@ -9,6 +9,8 @@: new lines 12-13 are added, new
	// 14 (old 12) is context; gradlew.bat was removed whole.
	case forgetest.CommentAdded:
		return commentScenario(t, s, forge.Anchor{Path: myClass, Side: forge.New, Line: 12},
			map[string]any{"path": myClass, "to": 12.0})
	case forgetest.CommentRemoved:
		return commentScenario(t, s, forge.Anchor{Path: "gradlew.bat", Side: forge.Old, Line: 1},
			map[string]any{"path": "gradlew.bat", "from": 1.0})
	case forgetest.CommentContext:
		return commentScenario(t, s, forge.Anchor{Path: myClass, Side: forge.New, Line: 14},
			map[string]any{"path": myClass, "to": 14.0})
	case forgetest.CommentRange:
		return commentScenario(t, s, forge.Anchor{Path: myClass, Side: forge.New, Line: 13, StartLine: 12},
			map[string]any{"path": myClass, "to": 13.0, "start_to": 12.0})

	case forgetest.Reply:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments", Status: http.StatusCreated,
			Body: func(t *testing.T, b []byte) {
				m := decode(t, b)
				if p, _ := m["parent"].(map[string]any); p["id"] != 105331691.0 {
					t.Errorf("parent = %v, want id 105331691", m["parent"])
				}
				if _, ok := m["inline"]; ok {
					t.Errorf("a reply carries inline %v", m["inline"])
				}
			},
			RespBody: fx("pybitbucket/comment-reply.json")})
		return forgetest.Expect{Number: 1, ThreadID: "105331691", Body: "I want to respond to my own question.", CommentID: "15371972"}

	case forgetest.Resolve:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments/105331691/resolve",
			RespBody: fx("violations-test/resolve.json")})
		return forgetest.Expect{Number: 1, ThreadID: "105331691", Resolved: true}

	case forgetest.ReviewApprove, forgetest.ReviewRequestChanges:
		verdict := "approve"
		if sc == forgetest.ReviewRequestChanges {
			verdict = "request-changes"
		}
		// Both answer with the reviewer as a participant.
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/" + verdict, RespBody: fx("pybitbucket/approve.json")})
		return forgetest.Expect{Number: 1, ReviewID: "1/" + verdict}

	case forgetest.ReviewCommentBatch:
		first := forge.NewComment{Anchor: forge.Anchor{Path: myClass, Side: forge.New, Line: 12}, Body: "null check is inverted"}
		second := forge.NewComment{Anchor: forge.Anchor{Path: "gradlew.bat", Side: forge.Old, Line: 1}, Body: "why remove this?"}
		for _, c := range []struct {
			raw    string
			inline map[string]any
		}{
			{first.Body, map[string]any{"path": myClass, "to": 12.0}},
			{second.Body, map[string]any{"path": "gradlew.bat", "from": 1.0}},
			{"Two things to fix.", nil},
		} {
			s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments", Status: http.StatusCreated,
				Body: func(t *testing.T, b []byte) {
					in := inlineOf(t, b, c.raw)
					if c.inline == nil && in != nil {
						t.Errorf("the review body was sent inline: %v", in)
					} else if c.inline != nil {
						wantInline(t, in, c.inline)
					}
				},
				RespBody: fx("violations-test/comment-created.json")})
		}
		return forgetest.Expect{Number: 1, ReviewID: "865572299",
			Review: forge.NewReview{Body: "Two things to fix.", Comments: []forge.NewComment{first, second}}}

	case forgetest.Create:
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: repoPath + "/pullrequests", Status: http.StatusCreated,
			Body: func(t *testing.T, b []byte) {
				m := decode(t, b)
				src, _ := m["source"].(map[string]any)
				dst, _ := m["destination"].(map[string]any)
				if m["title"] != "some crap" || m["draft"] != true ||
					src["branch"].(map[string]any)["name"] != "feature/addingcrap" ||
					dst["branch"].(map[string]any)["name"] != "master" {
					t.Errorf("create body = %s", b)
				}
			},
			RespBody: fx("violations-test/pullrequest.json")})
		return forgetest.Expect{Number: 1, NewPR: forge.NewPullRequest{Title: "some crap", Base: "master", Head: "feature/addingcrap", Draft: true}}

	case forgetest.Merge:
		// The SHA guard reads the pull request first.
		s.Stub(forgetest.Stub{Path: prPath, RespBody: fx("violations-test/pullrequest.json")})
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/merge",
			Body: func(t *testing.T, b []byte) {
				m := decode(t, b)
				if m["merge_strategy"] != "squash" || m["message"] != "Add a null check\n\nFixes the build." {
					t.Errorf("merge body = %s", b)
				}
			},
			RespBody: fx("pybitbucket/pullrequest-merged.json")})
		return forgetest.Expect{Number: 1, Merge: forge.MergeOptions{Method: forge.Squash, Title: "Add a null check",
			Message: "Fixes the build.", SHA: "a31d1b70c972c9476346232909a739b0416c4328"}}

	case forgetest.Checks:
		sha := "61d9e64348f9da407e62f64726337fd3bb24b466"
		s.Stub(forgetest.Stub{Path: repoPath + "/commit/" + sha + "/statuses", RespBody: pageOf(t, fx("pybitbucket/buildstatus.json"))})
		return forgetest.Expect{SHA: sha, Checks: []forge.Check{{Name: "Build #34", State: forge.CheckSuccess,
			URL: "https://example.com/path/to/build", Summary: "Changes by John Doe"}}}

	case forgetest.Me:
		s.Stub(forgetest.Stub{Path: "/user", RespBody: fx("jenkins-bbs/user.json")})
		return forgetest.Expect{User: forge.User{Login: "amuniz"}}

	case forgetest.Error401:
		s.Stub(forgetest.Stub{Path: prPath, Status: http.StatusUnauthorized})
		return forgetest.Expect{Number: 1}
	case forgetest.Error403:
		// Resolving a reply: only top-level comments can be resolved.
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments/15371972/resolve", Status: http.StatusForbidden,
			RespBody: fx("violations-test/resolve-not-top-level.json")})
		return forgetest.Expect{Message: "Comment is not a top-level comment",
			Call: func(ctx context.Context, f forge.Forge) error { return f.Resolve(ctx, 1, "15371972", true) }}
	case forgetest.Error404:
		s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests/404", Status: http.StatusNotFound})
		return forgetest.Expect{Number: 404}
	case forgetest.Error422:
		// Bitbucket refuses a malformed body with 400 and field errors.
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: repoPath + "/pullrequests", Status: http.StatusBadRequest,
			RespBody: fx("issues/bitbucket-mcp-132-error.json")})
		return forgetest.Expect{Status: http.StatusBadRequest, Message: "pending: extra keys not allowed",
			NewPR: forge.NewPullRequest{Title: "some crap", Head: "feature/addingcrap"}}
	case forgetest.Error429:
		s.Stub(forgetest.Stub{Path: prPath, Status: http.StatusTooManyRequests, RespHeader: map[string]string{"Retry-After": "120"}})
		return forgetest.Expect{Number: 1, RetryAfter: 2 * time.Minute}
	case forgetest.ErrorSecondaryRateLimit:
		return forgetest.Expect{Skip: "Bitbucket Cloud has one rate limit, answered with 429 (error-429)"}
	case forgetest.ErrorTimeout, forgetest.Cancel:
		s.Stub(forgetest.Stub{Path: prPath, Delay: 10 * time.Second, RespBody: fx("violations-test/pullrequest.json")})
		return forgetest.Expect{Number: 1}
	case forgetest.ErrorMalformedJSON:
		// A recorded answer cut short, as a dropped connection leaves it.
		s.Stub(forgetest.Stub{Path: prPath, RespBody: fx("violations-test/pullrequest.json")[:300]})
		return forgetest.Expect{Number: 1}
	}
	t.Fatalf("no stubs for scenario %s", sc)
	return forgetest.Expect{}
}
