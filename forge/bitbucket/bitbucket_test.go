package bitbucket

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/forgetest"
	"reef/forge/internal/httpx"
)

// The diff endpoint redirects; the credentials follow only when the
// redirect stays on the API host.
func TestDiffRedirectToAnotherHostDropsCredentials(t *testing.T) {
	var mu sync.Mutex
	var gotAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Write(forgetest.Fixture(t, "violations-test/diff.txt"))
	}))
	defer other.Close()

	s := forgetest.NewServer(t)
	s.RequireHeader("Authorization", bearer(testToken))
	s.Stub(forgetest.Stub{Path: prPath + "/diff", Status: http.StatusFound,
		RespHeader: map[string]string{"Location": other.URL + "/diff/" + revspec}})
	f := newTestForge(t, s.URL, "")

	d, err := f.Diff(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "+  if (a == null)") {
		t.Errorf("diff from the other host not read: %q", d)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(gotAuth) != 1 || gotAuth[0] != "" {
		t.Errorf("the other host got Authorization %q, want none", gotAuth)
	}
}

func TestDiffRedirectOnAPIHostKeepsCredentials(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath + "/diff", Status: http.StatusFound,
		RespHeader: map[string]string{"Location": repoPath + "/diff/" + revspec}})
	s.Stub(forgetest.Stub{Path: repoPath + "/diff/" + revspec, Header: map[string]string{"Authorization": bearer(testToken)},
		RespBody: forgetest.Fixture(t, "violations-test/diff.txt")})
	f := newTestForge(t, s.URL, "")
	if _, err := f.Diff(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}

func TestDiffRefusesDowngradeToHTTP(t *testing.T) {
	tls := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:1/diff", http.StatusFound)
	}))
	defer tls.Close()
	f, err := New(Config{APIURL: tls.URL, Workspace: workspace, Repo: repoSlug, HTTPClient: tls.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Diff(context.Background(), 1)
	if err == nil || !strings.Contains(err.Error(), "https to http") {
		t.Errorf("error %v, want a refused downgrade", err)
	}
}

// A "next" link to another host would take the credentials there.
func TestPaginationStaysOnAPIHost(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests",
		RespBody: withNext(t, forgetest.Fixture(t, "jenkins-bbs/pullrequests-page.json"), "https://evil.example/2.0/page2")})
	f := newTestForge(t, s.URL, "")
	_, err := f.ListPullRequests(context.Background(), forge.ListQuery{})
	if err == nil || !strings.Contains(err.Error(), "another host") {
		t.Errorf("error %v, want a refusal to follow the next link", err)
	}
}

func TestListLimitStopsPaging(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests",
		RespBody: withNext(t, forgetest.Fixture(t, "jenkins-bbs/pullrequests-page.json"), s.URL+repoPath+"/pullrequests?page=2")})
	f := newTestForge(t, s.URL, "")
	prs, err := f.ListPullRequests(context.Background(), forge.ListQuery{Limit: 1})
	if err != nil || len(prs) != 1 || prs[0].Number != 2 {
		t.Fatalf("got %v, %v; want only #2 and no second page", prs, err)
	}
}

// "Mine" and a search become one BBQL query; the search text is quoted so
// it cannot add terms of its own.
func TestListMineAndSearchQuery(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: "/user", RespBody: forgetest.Fixture(t, "jenkins-bbs/user.json")})
	want := `author.uuid = "{c5716604-73d9-4ad4-a3dd-a75485652c57}" AND ` +
		`(title ~ "say \"hi\" \\o/" OR description ~ "say \"hi\" \\o/")`
	s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests", Query: map[string]string{"q": want},
		RespBody: forgetest.Fixture(t, "pybitbucket/pullrequests-page.json")})
	f := newTestForge(t, s.URL, "")
	prs, err := f.ListPullRequests(context.Background(), forge.ListQuery{State: forge.Merged, Mine: true, Search: `say "hi" \o/`})
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 1 || prs[0].State != forge.Merged || prs[0].Author.Login != "MatthewTurk" {
		t.Errorf("got %+v", prs)
	}
	if r := s.Requests()[1]; strings.Join(r.Query["state"], ",") != "MERGED" {
		t.Errorf("state = %q, want MERGED", r.Query["state"])
	}
}

func TestListClosedAsksForDeclinedAndSuperseded(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: repoPath + "/pullrequests", RespBody: []byte(`{"values": [], "pagelen": 50, "page": 1, "size": 0}`)})
	f := newTestForge(t, s.URL, "")
	if _, err := f.ListPullRequests(context.Background(), forge.ListQuery{State: forge.Closed}); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()[0].Query["state"]; strings.Join(got, ",") != "DECLINED,SUPERSEDED" {
		t.Errorf("state = %q", got)
	}
}

// An API token goes as Basic auth with the Bitbucket username.
func TestBasicAuthWithAPIToken(t *testing.T) {
	s := forgetest.NewServer(t)
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("amuniz:"+testToken))
	s.RequireHeader("Authorization", basic)
	s.Stub(forgetest.Stub{Path: "/user", RespBody: forgetest.Fixture(t, "jenkins-bbs/user.json")})
	u, err := newTestForge(t, s.URL, "amuniz").Me(context.Background())
	if err != nil || u.Login != "amuniz" || u.Name != "Antonio MuÃ±iz" {
		t.Errorf("Me = %+v, %v", u, err)
	}
}

// A participant who approved is a reviewer with that verdict.
func TestReviewersFromParticipants(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath, RespBody: forgetest.Fixture(t, "jenkins-bbs/pullrequest-updated.json")})
	p, err := newTestForge(t, s.URL, "").PullRequest(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Reviewers) != 1 || p.Reviewers[0].User.Login != "Former user" || p.Reviewers[0].Verdict != forge.Approve {
		t.Errorf("reviewers = %+v", p.Reviewers)
	}
	if p.HeadSHA != "f945c96c71d0" || p.Body != "* Add license\r\n\r\n* [CI] Release version 1.0.0" {
		t.Errorf("pull request = %+v", p)
	}
}

// The verdicts of the documented participant states, and the requested
// reviewers who have not decided yet.
func TestReviewerVerdicts(t *testing.T) {
	str := func(s string) *string { return &s }
	alice, bob, carol := account{UUID: "{a}", Nickname: "alice"}, account{UUID: "{b}", Nickname: "bob"}, account{UUID: "{c}", Nickname: "carol"}
	p := pullRequest{
		Reviewers: []account{alice, bob},
		Participants: []participant{
			{User: &alice, Role: "REVIEWER", State: str("changes_requested")},
			{User: &carol, Role: "PARTICIPANT", Approved: true}, // an answer without "state"
			{User: &bob, Role: "REVIEWER", State: nil},
		},
	}
	got := p.reviewers()
	want := []forge.Reviewer{
		{User: forge.User{Login: "alice"}, Verdict: forge.RequestChanges},
		{User: forge.User{Login: "bob"}, Verdict: forge.Pending},
		{User: forge.User{Login: "carol"}, Verdict: forge.Approve},
	}
	if len(got) != len(want) {
		t.Fatalf("reviewers = %+v", got)
	}
	for i := range want {
		if got[i].User.Login != want[i].User.Login || got[i].Verdict != want[i].Verdict {
			t.Errorf("reviewer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Replies attach to their root whatever the order; pending, deleted and
// general comments stay out; a resolution marks the thread.
func TestBuildThreads(t *testing.T) {
	to := func(n int) *int { return &n }
	at := func(m int) time.Time { return time.Date(2026, 1, 1, 10, m, 0, 0, time.UTC) }
	root := comment{ID: 10, CreatedOn: at(0), Inline: &inline{Path: "a.go", From: to(3), StartFrom: to(1)}}
	root.Resolution = &struct {
		Type string `json:"type"`
	}{"comment_resolution"}
	reply := comment{ID: 11, CreatedOn: at(1), Parent: &struct {
		ID int64 `json:"id"`
	}{10}}
	nested := comment{ID: 12, CreatedOn: at(2), Parent: &struct {
		ID int64 `json:"id"`
	}{11}}
	pending := comment{ID: 13, CreatedOn: at(3), Pending: true, Parent: reply.Parent}
	general := comment{ID: 14, CreatedOn: at(4)}
	orphan := comment{ID: 15, CreatedOn: at(5), Parent: &struct {
		ID int64 `json:"id"`
	}{99}}
	threads := buildThreads([]comment{nested, general, pending, reply, orphan, root})
	if len(threads) != 1 {
		t.Fatalf("threads = %+v", threads)
	}
	th := threads[0]
	if th.ID != "10" || !th.Resolved || len(th.Comments) != 3 ||
		th.Comments[0].ID != "10" || th.Comments[1].ID != "11" || th.Comments[2].ID != "12" {
		t.Errorf("thread = %+v", th)
	}
	wantAnchor := forge.Anchor{Path: "a.go", Side: forge.Old, Line: 3, StartSide: forge.Old, StartLine: 1}
	if th.Anchor != wantAnchor {
		t.Errorf("anchor = %+v, want %+v", th.Anchor, wantAnchor)
	}
}

func TestInlineForRanges(t *testing.T) {
	in, err := inlineFor(forge.Anchor{Path: "a.go", Side: forge.New, Line: 9, StartSide: forge.Old, StartLine: 7})
	if err != nil || in.To == nil || *in.To != 9 || in.StartFrom == nil || *in.StartFrom != 7 || in.From != nil || in.StartTo != nil {
		t.Errorf("inline = %+v, %v", in, err)
	}
	in, err = inlineFor(forge.Anchor{Path: "a.go", Side: forge.Old, Line: 4, StartLine: 4})
	if err != nil || in.From == nil || in.StartFrom != nil {
		t.Errorf("a one-line range should be a single line: %+v, %v", in, err)
	}
	if _, err := inlineFor(forge.Anchor{Side: forge.New, Line: 1}); err == nil {
		t.Error("no path accepted")
	}
}

// Resolving a resolved thread answers 409: the wanted state holds.
func TestResolveIsIdempotent(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/comments/105331691/resolve", Status: http.StatusConflict,
		RespBody: forgetest.Fixture(t, "violations-test/resolve-conflict.json")})
	s.Stub(forgetest.Stub{Method: http.MethodDelete, Path: prPath + "/comments/105331691/resolve", Status: http.StatusNoContent})
	f := newTestForge(t, s.URL, "")
	if err := f.Resolve(context.Background(), 1, "105331691", true); err != nil {
		t.Errorf("resolve: %v", err)
	}
	if err := f.Resolve(context.Background(), 1, "105331691", false); err != nil {
		t.Errorf("reopen: %v", err)
	}
	if err := f.Resolve(context.Background(), 1, "not-a-number", true); !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("bad thread id: %v", err)
	}
}

// A bad anchor anywhere in a review stops it before anything is posted
// (the strict server fails on any request).
func TestSubmitReviewChecksAnchorsFirst(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s.URL, "")
	_, err := f.SubmitReview(context.Background(), 1, forge.NewReview{Verdict: forge.Approve, Comments: []forge.NewComment{
		{Anchor: forge.Anchor{Path: myClass, Side: forge.New, Line: 12}, Body: "ok"},
		{Anchor: forge.Anchor{Path: myClass, Side: forge.New}, Body: "no line"},
	}})
	if !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("error %v, want ErrInvalid", err)
	}
}

func TestMergeRefusesAMovedHead(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath, RespBody: forgetest.Fixture(t, "violations-test/pullrequest.json")})
	f := newTestForge(t, s.URL, "")
	err := f.Merge(context.Background(), 1, forge.MergeOptions{SHA: "0123456789abcdef"})
	if !errors.Is(err, forge.ErrInvalid) || !strings.Contains(err.Error(), "a31d1b70c972") {
		t.Errorf("error %v, want the moved head named", err)
	}
	if err := f.Merge(context.Background(), 1, forge.MergeOptions{Method: "octopus"}); !errors.Is(err, forge.ErrUnsupported) {
		t.Errorf("unknown method: %v", err)
	}
}

func TestMergeStrategies(t *testing.T) {
	for method, want := range map[forge.MergeMethod]string{"": "merge_commit", forge.MergeCommit: "merge_commit",
		forge.Squash: "squash", forge.Rebase: "rebase_fast_forward"} {
		s := forgetest.NewServer(t)
		s.Stub(forgetest.Stub{Method: http.MethodPost, Path: prPath + "/merge", Status: http.StatusAccepted,
			Body: func(t *testing.T, b []byte) {
				if m := decode(t, b); m["merge_strategy"] != want {
					t.Errorf("%q: merge_strategy = %v, want %s", method, m["merge_strategy"], want)
				}
			}})
		if err := newTestForge(t, s.URL, "").Merge(context.Background(), 1, forge.MergeOptions{Method: method}); err != nil {
			t.Errorf("%q: %v", method, err)
		}
	}
}

func TestServerErrorsSayWhatToDo(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath, Status: http.StatusBadGateway, RespBody: []byte("<html>\n<h1>502</h1>\n</html>")})
	_, err := newTestForge(t, s.URL, "").PullRequest(context.Background(), 1)
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 502 || fe.Hint == "" || strings.Contains(err.Error(), "\n") {
		t.Errorf("error %q", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Error("the token shows in the error")
	}
}

func TestErrorMessageIsOneLine(t *testing.T) {
	got := errorMessage([]byte(`{"type": "error", "error": {"message": "Bad request\n\u001b[31mred", "detail": "x",
		"fields": {"b": ["one", "two"], "a": "bad"}}}`))
	if got != "Bad request [31mred: x: a: bad: b: one, two" {
		t.Errorf("message %q", got)
	}
}

func TestResetTime(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	if got := resetTime(h, now); !got.Equal(now.Add(time.Hour)) {
		t.Errorf("no header: %v", got)
	}
	h.Set("X-RateLimit-Reset", "1777640400")
	if got := resetTime(h, now); got.Unix() != 1777640400 {
		t.Errorf("X-RateLimit-Reset: %v", got)
	}
	h.Set("Retry-After", "Fri, 01 May 2026 12:30:00 GMT")
	if got := resetTime(h, now); !got.Equal(now.Add(30 * time.Minute)) {
		t.Errorf("Retry-After date: %v", got)
	}
}

func TestNewChecksConfig(t *testing.T) {
	if _, err := New(Config{Workspace: "w"}); err == nil {
		t.Error("no repository accepted")
	}
	if _, err := New(Config{APIURL: "http://api.bitbucket.org/2.0", Workspace: "w", Repo: "r"}); err == nil {
		t.Error("plain http to a remote host accepted")
	}
	f, err := New(Config{Workspace: "{uuid}", Repo: "r"})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.prURL(7, "diff"); got != "https://api.bitbucket.org/2.0/repositories/%7Buuid%7D/r/pullrequests/7/diff" {
		t.Errorf("URL %s", got)
	}
}

// The diffstat is paginated like any list; a renamed file keeps its old path.
func TestFilesFollowsPages(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath + "/diffstat", Query: map[string]string{"pagelen": "500"},
		RespBody: withNext(t, forgetest.Fixture(t, "violations-test/diffstat.json"), s.URL+repoPath+"/diffstat/"+revspec+"?page=2")})
	s.Stub(forgetest.Stub{Path: repoPath + "/diffstat/" + revspec, Query: map[string]string{"page": "2"},
		RespBody: forgetest.Fixture(t, "bitbucket-docs/diffstat-geordi.json")})
	files, err := newTestForge(t, s.URL, "").Files(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 || files[3] != (forge.ChangedFile{Path: "setup.py", Status: "modified", Additions: 2, Deletions: 1}) {
		t.Errorf("files = %+v", files)
	}
	renamed := diffstat{Status: "renamed", LinesAdded: 1}
	renamed.Old = &struct {
		Path string `json:"path"`
	}{"old.go"}
	renamed.New = &struct {
		Path string `json:"path"`
	}{"new.go"}
	if got := renamed.value(); got != (forge.ChangedFile{Path: "new.go", OldPath: "old.go", Status: "renamed", Additions: 1}) {
		t.Errorf("renamed = %+v", got)
	}
}

// A client timeout (no context deadline) says so and what to do.
func TestClientTimeout(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: prPath, Delay: 5 * time.Second})
	hc, err := httpx.New(httpx.Options{Kind: forge.Bitbucket, BaseURL: s.URL, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Config{APIURL: s.URL, Workspace: workspace, Repo: repoSlug, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.PullRequest(context.Background(), 1)
	var fe *forge.Error
	if !errors.As(err, &fe) || !strings.Contains(fe.Hint, "in time") {
		t.Errorf("error %v", err)
	}
}
