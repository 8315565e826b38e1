package gitea

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/forgetest"
	"reef/forge/internal/httpx"
)

// fakeToken is the credential the fake-server runs send; the recordings
// hold none.
const fakeToken = "gitea-fake-token-2f9c1e7a5b3d"

// recording is testdata/gitea-v1.26.4/exchanges.json: per operation, the
// requests the adapter made to a real Gitea and its answers.
type recording map[string][]exchange

func loadRecording(t *testing.T) recording {
	t.Helper()
	var r recording
	if err := json.Unmarshal(forgetest.Fixture(t, filepath.Base(fixtureDir)+"/exchanges.json"), &r); err != nil {
		t.Fatalf("exchanges.json: %v", err)
	}
	return r
}

// fixture reads one recorded answer body.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	return forgetest.Fixture(t, filepath.Base(fixtureDir)+"/"+name)
}

// replay registers op's recorded exchanges as stubs, in order: each
// request must have the recorded method, path and query and, when it has
// a body, send the JSON that was recorded (decoded, so key order and
// spacing do not matter); each gets the recorded status, paging headers
// and body.
func (r recording) replay(t *testing.T, s *forgetest.Server, op string) {
	t.Helper()
	exs, ok := r[op]
	if !ok {
		t.Fatalf("no recorded exchanges for %q", op)
	}
	for _, ex := range exs {
		st := forgetest.Stub{Method: ex.Method, Path: ex.Path, Query: ex.Query, Status: ex.Status, RespHeader: ex.Header}
		if ex.Response != "" {
			st.RespBody = fixture(t, ex.Response)
		}
		if len(ex.Request) > 0 {
			want := decodeJSON(t, ex.Request)
			where := ex.Method + " " + ex.Path
			st.Body = func(t *testing.T, body []byte) {
				var got any
				if err := json.Unmarshal(body, &got); err != nil {
					t.Errorf("%s: body is not JSON: %v", where, err)
				} else if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: body\n got %s\nwant %s", where, body, ex.Request)
				}
			}
		} else if ex.Method != http.MethodGet {
			st.Body = func(t *testing.T, body []byte) {
				if len(body) != 0 {
					t.Errorf("%s %s: unexpected body %s", ex.Method, ex.Path, body)
				}
			}
		}
		s.Stub(st)
	}
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("recorded body: %v", err)
	}
	return v
}

// request is one recorded request body, decoded.
func (r recording) request(t *testing.T, op string, i int) map[string]any {
	t.Helper()
	m, _ := decodeJSON(t, r[op][i].Request).(map[string]any)
	return m
}

// newFake is the adapter as reef builds it (forge/registry: httpx's
// client, Bearer), against the fake server.
func newFake(t *testing.T, serverURL, token string) *Forge {
	t.Helper()
	u, _ := url.Parse(serverURL)
	cred := creds.New(u.Host, "", token, "GITEA_TOKEN")
	hc, err := httpx.New(httpx.Options{Kind: forge.Gitea, BaseURL: serverURL, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Config{APIURL: serverURL, Owner: "alice", Repo: "demo", HTTPClient: hc, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestContract runs the contract suite against the fake server replaying
// the answers recorded from Gitea 1.26.4.
func TestContract(t *testing.T) {
	rec := loadRecording(t)
	// The seed's commits have fixed dates, so fixed ids; the server's own
	// times and port change with each recording and are read back.
	const head, base = "c1f2de0262103a57e6ae3b900ff940320c1c3667", "6dfbba0b701b0ccf406f1bf1165ff5f942defef4"
	var recorded struct {
		Created time.Time `json:"created_at"`
		URL     string    `json:"html_url"`
	}
	if err := json.Unmarshal(fixture(t, "get-1.json"), &recorded); err != nil {
		t.Fatal(err)
	}
	forgetest.Run(t, forgetest.Harness{
		Kind:  forge.Gitea,
		Token: fakeToken,
		New:   func(t *testing.T, serverURL string) forge.Forge { return newFake(t, serverURL, fakeToken) },
		Stubs: func(t *testing.T, s *forgetest.Server, sc forgetest.Scenario) forgetest.Expect {
			s.RequireHeader("Authorization", "Bearer "+fakeToken)
			mainGo := func(side forge.Side, line int, body string) forge.NewComment {
				return forge.NewComment{Anchor: forge.Anchor{Path: "main.go", Side: side, Line: line}, Body: body}
			}
			switch sc {
			case forgetest.ListPages:
				rec.replay(t, s, "list")
				return forgetest.Expect{Numbers: []int{5, 4, 3, 2, 1}}
			case forgetest.ListReviewRequested:
				// Five candidates listed, one (#1, bob requested) checked.
				rec.replay(t, s, "list-review-requested")
				return forgetest.Expect{Numbers: []int{1}}
			case forgetest.Get:
				rec.replay(t, s, "get")
				yes := true
				return forgetest.Expect{Number: 1, PR: forge.PullRequest{
					Number: 1, Title: "Use fmt", Body: "Seeded by gitea-up", Author: forge.User{Login: "alice"},
					State: forge.Open, Base: "main", Head: "feature",
					BaseSHA: base, HeadSHA: head, Mergeable: &yes, URL: recorded.URL, Created: recorded.Created,
					Reviewers: []forge.Reviewer{{User: forge.User{Login: "bob"}, Verdict: forge.Pending}},
				}}
			case forgetest.Files:
				rec.replay(t, s, "files")
				return forgetest.Expect{Number: 1, Files: []forge.ChangedFile{
					{Path: "README.md", Status: "modified", Additions: 2},
					{Path: "main.go", Status: "modified", Additions: 4, Deletions: 1},
				}}
			case forgetest.Diff:
				rec.replay(t, s, "diff")
				return forgetest.Expect{Number: 1, DiffContains: []string{"+import \"fmt\"", "-\tprintln(\"hello\")", "+++ b/main.go"}}
			case forgetest.Threads:
				rec.replay(t, s, "threads")
				bob := forge.User{Login: "bob"}
				return forgetest.Expect{Number: 1, Threads: []forge.ReviewThread{
					{ID: "7", Anchor: forge.Anchor{Path: "main.go", Side: forge.New, Line: 7, CommitSHA: head},
						Comments: []forge.Comment{{ID: "7", Author: bob, Body: "On this line (comment-added)."}}},
					{ID: "9", Anchor: forge.Anchor{Path: "main.go", Side: forge.Old, Line: 4, CommitSHA: head}, Resolved: true,
						Comments: []forge.Comment{{ID: "9", Author: bob, Body: "On this line (comment-removed)."}, {ID: "13", Author: bob, Body: "A reply."}}},
					// Gitea keeps the base commit for a comment on an unchanged line.
					{ID: "11", Anchor: forge.Anchor{Path: "main.go", Side: forge.New, Line: 5, CommitSHA: base},
						Comments: []forge.Comment{{ID: "11", Author: bob, Body: "On this line (comment-context)."}}},
				}}
			case forgetest.CommentAdded:
				rec.replay(t, s, "comment-added")
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.New, 7, "On this line (comment-added)."), CommentID: "7"}
			case forgetest.CommentRemoved:
				rec.replay(t, s, "comment-removed")
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.Old, 4, "On this line (comment-removed)."), CommentID: "9"}
			case forgetest.CommentContext:
				rec.replay(t, s, "comment-context")
				return forgetest.Expect{Number: 1, Comment: mainGo(forge.New, 5, "On this line (comment-context)."), CommentID: "11"}
			case forgetest.CommentRange:
				c := mainGo(forge.New, 7, "A range.")
				c.Anchor.StartLine = 6
				return forgetest.Expect{Number: 1, Comment: c, Unsupported: true}
			case forgetest.Reply:
				rec.replay(t, s, "reply")
				return forgetest.Expect{Number: 1, ThreadID: "9", Body: "A reply.", CommentID: "13"}
			case forgetest.Resolve:
				rec.replay(t, s, "resolve")
				return forgetest.Expect{Number: 1, ThreadID: "9", Resolved: true}
			case forgetest.ReviewApprove:
				rec.replay(t, s, "review-approve")
				return forgetest.Expect{Number: 1, ReviewID: "8"}
			case forgetest.ReviewRequestChanges:
				rec.replay(t, s, "review-request-changes")
				return forgetest.Expect{Number: 1, Review: forge.NewReview{Body: "Please keep the greeting."}, ReviewID: "6"}
			case forgetest.ReviewCommentBatch:
				rec.replay(t, s, "review-comment-batch")
				return forgetest.Expect{Number: 1, ReviewID: "7", Review: forge.NewReview{Body: "Two notes.", Comments: []forge.NewComment{
					mainGo(forge.New, 6, "Batch one."),
					{Anchor: forge.Anchor{Path: "README.md", Side: forge.New, Line: 3}, Body: "Batch two."},
				}}}
			case forgetest.Create:
				rec.replay(t, s, "create")
				return forgetest.Expect{Number: 6, NewPR: forge.NewPullRequest{Title: "Add docs", Body: "Docs for the demo.", Base: "main", Head: "docs"}}
			case forgetest.Merge:
				rec.replay(t, s, "merge")
				sha, _ := rec.request(t, "merge", 0)["head_commit_id"].(string)
				return forgetest.Expect{Number: 6, Merge: forge.MergeOptions{Method: forge.Squash, SHA: sha}}
			case forgetest.Checks:
				rec.replay(t, s, "checks")
				return forgetest.Expect{SHA: head, Checks: []forge.Check{
					{Name: "ci/build", State: forge.CheckSuccess, URL: "https://ci.example.invalid/builds/1", Summary: "Built."},
					{Name: "ci/lint", State: forge.CheckFailure, Summary: "2 problems."},
				}}
			case forgetest.Me:
				rec.replay(t, s, "me")
				return forgetest.Expect{User: forge.User{Login: "bob"}}
			case forgetest.Error401:
				rec.replay(t, s, "error-401")
				return forgetest.Expect{Number: 1, Message: "invalid username, password or token"}
			case forgetest.Error403:
				rec.replay(t, s, "error-403")
				return forgetest.Expect{Number: 1, Message: "token does not have at least one of required scope(s)"}
			case forgetest.Error404:
				rec.replay(t, s, "error-404")
				return forgetest.Expect{Number: 99, Message: "not found"}
			case forgetest.Error422:
				rec.replay(t, s, "error-422")
				return forgetest.Expect{NewPR: forge.NewPullRequest{Title: "Nothing", Base: "main", Head: "main"}, Message: "no changes between the head and the base"}
			case forgetest.Error429:
				// Gitea has no rate limit of its own; a proxy in front of it
				// answers 429 (nginx's limit_req with limit_req_status 429:
				// its stock error page, see testdata/README.md).
				s.Stub(forgetest.Stub{Path: "/api/v1/repos/alice/demo/pulls/1", Status: 429,
					RespHeader: map[string]string{"Retry-After": "120", "Content-Type": "text/html"}, RespBody: forgetest.Fixture(t, "nginx/429.html")})
				return forgetest.Expect{Number: 1, RetryAfter: 120 * time.Second}
			case forgetest.ErrorSecondaryRateLimit:
				return forgetest.Expect{Skip: "Gitea has no secondary rate limit (error-429 covers a proxy's limit)"}
			case forgetest.ErrorTimeout, forgetest.Cancel:
				s.Stub(forgetest.Stub{Path: "/api/v1/repos/alice/demo/pulls/1", RespBody: fixture(t, "get-1.json"), Delay: 5 * time.Second})
				return forgetest.Expect{Number: 1}
			case forgetest.ErrorMalformedJSON:
				body := fixture(t, "get-1.json")
				s.Stub(forgetest.Stub{Path: "/api/v1/repos/alice/demo/pulls/1", RespBody: body[:len(body)/2],
					RespHeader: map[string]string{"Content-Type": "application/json;charset=utf-8"}})
				return forgetest.Expect{Number: 1}
			}
			t.Fatalf("scenario %s has no stubs", sc)
			return forgetest.Expect{}
		},
	})
}
