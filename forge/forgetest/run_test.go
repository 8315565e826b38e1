package forgetest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"reef/forge"
)

const toyToken = "toy-tok-0123456789"

func toyJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// toyStubs answers every scenario for the toy adapter.
func toyStubs(t *testing.T, s *Server, sc Scenario) Expect {
	auth := map[string]string{"Authorization": "Bearer " + toyToken}
	stub := func(st Stub) {
		st.Header = auth
		s.Stub(st)
	}
	jsonBody := func(want any) func(*testing.T, []byte) {
		return func(t *testing.T, b []byte) {
			if w := string(toyJSON(want)); strings.TrimSpace(string(b)) != w {
				t.Errorf("request body %s, want %s", b, w)
			}
		}
	}
	pr := forge.PullRequest{Number: 7, Title: "Fix the thing", Author: forge.User{Login: "alice"}, State: forge.Open,
		Base: "main", Head: "fix", BaseSHA: "b1", HeadSHA: "h1", Labels: []string{"bug"},
		Reviewers: []forge.Reviewer{{User: forge.User{Login: "bob"}, Verdict: forge.Approve}}}
	comment := func(a forge.Anchor) forge.NewComment { return forge.NewComment{Anchor: a, Body: "why?"} }
	switch sc {
	case ListPages:
		stub(Stub{Path: "/pulls", Query: map[string]string{"state": "open", "page": Absent},
			RespBody:   toyJSON([]forge.PullRequest{{Number: 9, Title: "a"}, {Number: 8, Title: "b"}}),
			RespHeader: map[string]string{"Link": fmt.Sprintf(`<%s/pulls?state=open&page=2>; rel="next"`, s.URL)}})
		stub(Stub{Path: "/pulls", Query: map[string]string{"state": "open", "page": "2"},
			RespBody: toyJSON([]forge.PullRequest{{Number: 7, Title: "c"}})})
		return Expect{Numbers: []int{9, 8, 7}}
	case ListReviewRequested:
		stub(Stub{Path: "/pulls", Query: map[string]string{"review_requested": "true"}, RespBody: toyJSON([]forge.PullRequest{{Number: 7, Title: "c"}})})
		return Expect{Numbers: []int{7}}
	case Get:
		stub(Stub{Path: "/pulls/7", RespBody: toyJSON(pr)})
		return Expect{Number: 7, PR: pr}
	case Files:
		files := []forge.ChangedFile{{Path: "a.go", Status: "modified", Additions: 2, Deletions: 1}}
		stub(Stub{Path: "/pulls/7/files", RespBody: toyJSON(files)})
		return Expect{Number: 7, Files: files}
	case Diff:
		stub(Stub{Path: "/pulls/7.diff", RespBody: []byte("diff --git a/a.go b/a.go\n")})
		return Expect{Number: 7, DiffContains: []string{"diff --git a/a.go"}}
	case Threads:
		th := []forge.ReviewThread{{ID: "t1", Resolved: true, Anchor: forge.Anchor{Path: "a.go", Side: forge.New, Line: 3},
			Comments: []forge.Comment{{ID: "c1", Author: forge.User{Login: "bob"}, Body: "hm"}}}}
		stub(Stub{Path: "/pulls/7/threads", RespBody: toyJSON(th)})
		return Expect{Number: 7, Threads: th}
	case CommentAdded, CommentRemoved, CommentContext, CommentRange:
		a := map[Scenario]forge.Anchor{
			CommentAdded:   {Path: "a.go", Side: forge.New, Line: 3},
			CommentRemoved: {Path: "a.go", Side: forge.Old, Line: 2},
			CommentContext: {Path: "a.go", Side: forge.New, Line: 5},
			CommentRange:   {Path: "a.go", Side: forge.New, Line: 6, StartSide: forge.New, StartLine: 4},
		}[sc]
		c := comment(a)
		stub(Stub{Method: "POST", Path: "/pulls/7/comments", Body: jsonBody(c), Status: 201,
			RespBody: toyJSON(forge.Comment{ID: "c9", Body: c.Body, Anchor: a})})
		return Expect{Number: 7, Comment: c, CommentID: "c9"}
	case Reply:
		stub(Stub{Method: "POST", Path: "/pulls/7/threads/t1/replies", Body: jsonBody(map[string]string{"body": "ok"}),
			RespBody: toyJSON(forge.Comment{ID: "c10", Body: "ok"})})
		return Expect{Number: 7, ThreadID: "t1", Body: "ok", CommentID: "c10"}
	case Resolve:
		stub(Stub{Method: "PUT", Path: "/pulls/7/threads/t1/resolved", Body: jsonBody(map[string]bool{"resolved": true}), Status: 204})
		return Expect{Number: 7, ThreadID: "t1", Resolved: true}
	case ReviewApprove, ReviewCommentBatch:
		r := forge.NewReview{Body: "lgtm", CommitSHA: "h1"}
		v := forge.Approve
		if sc == ReviewCommentBatch {
			v = forge.CommentOnly
			r.Comments = []forge.NewComment{comment(forge.Anchor{Path: "a.go", Side: forge.New, Line: 3}), comment(forge.Anchor{Path: "a.go", Side: forge.Old, Line: 2})}
		}
		sent := r
		sent.Verdict = v
		stub(Stub{Method: "POST", Path: "/pulls/7/reviews", Body: jsonBody(sent), RespBody: toyJSON(forge.Review{ID: "r1", Verdict: v})})
		return Expect{Number: 7, Review: r, ReviewID: "r1"}
	case ReviewRequestChanges:
		return Expect{Number: 7, Unsupported: true}
	case Create:
		p := forge.NewPullRequest{Title: "New", Body: "b", Base: "main", Head: "feat"}
		stub(Stub{Method: "POST", Path: "/pulls", Body: jsonBody(p), Status: 201,
			RespBody: toyJSON(forge.PullRequest{Number: 12, Title: "New", Base: "main", Head: "feat"})})
		return Expect{Number: 12, NewPR: p}
	case Merge:
		m := forge.MergeOptions{Method: forge.MergeCommit, SHA: "h1"}
		stub(Stub{Method: "PUT", Path: "/pulls/7/merge", Body: jsonBody(m)})
		return Expect{Number: 7, Merge: m}
	case Checks:
		c := []forge.Check{{Name: "test", State: forge.CheckSuccess}, {Name: "lint", State: forge.CheckFailure, URL: "u"}}
		stub(Stub{Path: "/commits/h1/checks", RespBody: toyJSON(c)})
		return Expect{SHA: "h1", Checks: []forge.Check{c[1], c[0]}}
	case Me:
		stub(Stub{Path: "/user", RespBody: toyJSON(forge.User{Login: "alice"})})
		return Expect{User: forge.User{Login: "alice"}}
	case Error401, Error403, Error404:
		code := map[Scenario]int{Error401: 401, Error403: 403, Error404: 404}[sc]
		stub(Stub{Path: "/pulls/7", Status: code, RespBody: []byte(`{"message":"no"}`)})
		return Expect{Number: 7, Message: "no"}
	case Error422:
		stub(Stub{Method: "POST", Path: "/pulls", Status: 422, RespBody: []byte(`{"message":"Validation Failed","errors":[{"message":"exists"}]}`)})
		return Expect{NewPR: forge.NewPullRequest{Title: "x", Base: "main", Head: "x"}, Message: "exists"}
	case Error429:
		reset := time.Now().Add(time.Hour).Truncate(time.Second)
		stub(Stub{Path: "/pulls/7", Status: 429, RespHeader: map[string]string{"X-RateLimit-Reset": fmt.Sprint(reset.Unix())}})
		return Expect{Number: 7, Reset: reset}
	case ErrorSecondaryRateLimit:
		stub(Stub{Path: "/pulls/7", Status: 403, RespHeader: map[string]string{"Retry-After": "120"},
			RespBody: []byte(`{"message":"You have exceeded a secondary rate limit."}`)})
		return Expect{Number: 7, RetryAfter: 2 * time.Minute}
	case ErrorTimeout, Cancel:
		stub(Stub{Path: "/pulls/7", Delay: time.Minute, RespBody: toyJSON(pr)})
		return Expect{Number: 7}
	case ErrorMalformedJSON:
		stub(Stub{Path: "/pulls/7", RespBody: []byte(`{"number": 7, "title": "cut`)})
		return Expect{Number: 7}
	}
	t.Fatalf("no stubs for %s", sc)
	return Expect{}
}

func toyHarness(fault string) Harness {
	return Harness{
		Kind:  "toy",
		Token: toyToken,
		New: func(t *testing.T, url string) forge.Forge {
			f := newToy(url, toyToken)
			switch fault {
			case "chatty":
				f.chatty = true
			case "leaky":
				f.leaky = true
			case "lazy":
				f.lazy = true
			case "swapside":
				f.swapSide = true
			}
			return f
		},
		Stubs: toyStubs,
	}
}

func TestRunToy(t *testing.T) {
	Run(t, toyHarness(""))
}

// TestRunToyBroken is run by TestRunCatchesBrokenAdapters in a child
// process, with a fault switched on; on its own it is skipped.
func TestRunToyBroken(t *testing.T) {
	fault := os.Getenv("FORGETEST_TOY_FAULT")
	if fault == "" {
		t.Skip("run by TestRunCatchesBrokenAdapters")
	}
	Run(t, toyHarness(fault))
}

func TestRunCatchesBrokenAdapters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	for _, tt := range []struct {
		fault string
		want  []string
	}{
		{"chatty", []string{"unexpected request GET /user", "--- FAIL: TestRunToyBroken/get"}},
		{"leaky", []string{"the token shows in the error", "--- FAIL: TestRunToyBroken/error-401"}},
		{"lazy", []string{"stub GET /pulls used 0 time(s), want 1", "listed [9 8], want [9 8 7]"}},
		{"swapside", []string{"--- FAIL: TestRunToyBroken/comment-added", "comment anchor a.go old:3"}},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRunToyBroken$", "-test.v")
		cmd.Env = append(os.Environ(), "FORGETEST_TOY_FAULT="+tt.fault)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: the suite passed", tt.fault)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s: output lacks %q", tt.fault, w)
			}
		}
		if strings.Contains(string(out), toyToken) {
			t.Errorf("%s: the test log shows the token", tt.fault)
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", tt.fault, out)
		}
	}
}
