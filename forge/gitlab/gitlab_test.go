package gitlab

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"reef/forge"
	"reef/forge/forgetest"
)

// On a server older than 17.3 a request for changes is refused before
// anything is posted: the only request is the version probe.
func TestRequestChangesUnsupportedOnOldServer(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: "/api/v4/version", RespBody: fx(t, "clientgo/version_11.json")})
	f := newForge(t, s.URL)
	if f.Capabilities().RequestChanges {
		t.Error("RequestChanges claimed before the version is known")
	}
	added, _ := commentCase(forgetest.CommentAdded)
	_, err := f.SubmitReview(context.Background(), 14656, forge.NewReview{Verdict: forge.RequestChanges, Comments: []forge.NewComment{added}})
	if !errors.Is(err, forge.ErrUnsupported) || !strings.Contains(err.Error(), "11.3.4-ee") {
		t.Errorf("error %v, want ErrUnsupported naming the version", err)
	}
	if f.Capabilities().RequestChanges {
		t.Error("RequestChanges claimed on GitLab 11.3")
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests, want only the version probe", n)
	}
}

func TestCapabilitiesFollowTheVersion(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: "/api/v4/version", RespBody: fx(t, "gitlabdocs/version.json")})
	f := newForge(t, s.URL)
	if _, err := f.DetectVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := f.DetectVersion(context.Background()); err != nil { // remembered: one request
		t.Fatal(err)
	}
	if !f.Capabilities().RequestChanges {
		t.Error("GitLab 18.1 records requested changes")
	}
	for v, want := range map[string]bool{"17.3.0": true, "17.2.9-ee": false, "16.11.1": false, "18.0.0-pre": true, "": false, "x.y": false} {
		if got := versionAtLeast(v, requestChangesSince); got != want {
			t.Errorf("versionAtLeast(%q) = %v, want %v", v, got, want)
		}
	}
}

// GitLab ignores /request_changes from a user who is not a reviewer;
// the review then fails instead of claiming a verdict that is not there.
func TestRequestChangesNotRecorded(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newForge(t, s.URL)
	f.version = "18.1.1-ee"
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/notes", Status: http.StatusCreated,
		Body: jsonBody(map[string]any{"body": "/request_changes"}), RespBody: fx(t, "gitlabdocs/discussion_note.json")})
	s.Stub(forgetest.Stub{Path: "/api/v4/user", RespBody: fx(t, "clientgo/get_user.json")})
	s.Stub(forgetest.Stub{Path: mrPath + "/reviewers", RespBody: fx(t, "clientgo/merge_request_reviewers.json")})
	_, err := f.SubmitReview(context.Background(), 14656, forge.NewReview{Verdict: forge.RequestChanges})
	if !errors.Is(err, forge.ErrInvalid) || !strings.Contains(err.Error(), "reviewer") {
		t.Errorf("error %v, want ErrInvalid saying only a reviewer can", err)
	}
}

// A batch whose second draft is refused deletes the first and publishes
// nothing.
func TestReviewDraftFailureCleansUp(t *testing.T) {
	s := forgetest.NewServer(t)
	stubMR(t, s)
	stubDiffs(t, s)
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusCreated,
		RespBody: fx(t, "clientgo/create_draft_note.json")})
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: mrPath + "/draft_notes", Status: http.StatusBadRequest,
		RespBody: fx(t, "gitlabdocs/error_validation.json")})
	s.Stub(forgetest.Stub{Method: http.MethodDelete, Path: mrPath + "/draft_notes/37349980", Status: http.StatusNoContent})
	added, _ := commentCase(forgetest.CommentAdded)
	removed, _ := commentCase(forgetest.CommentRemoved)
	_, err := newForge(t, s.URL).SubmitReview(context.Background(), 14656,
		forge.NewReview{Verdict: forge.CommentOnly, Comments: []forge.NewComment{added, removed}})
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 400 || !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("error %v, want the 400 as ErrInvalid", err)
	}
}

// A line the diff does not hold is refused before anything is posted,
// and so is a comment on a file the merge request does not change.
func TestCommentOutsideTheDiff(t *testing.T) {
	for _, a := range []forge.Anchor{
		{Path: "also_testing", Side: "left", Line: 1},                                        // no such side
		{Path: "testing", Side: forge.New, Line: 0},                                          // no line
		{Path: "elsewhere.go", Side: forge.New, Line: 1},                                     // not changed
		{Path: "also_testing", Side: forge.New, Line: 2, StartSide: forge.New, StartLine: 2}, // empty range
	} {
		s := forgetest.NewServer(t)
		if a.Line > 0 && a.Side != "left" {
			stubMR(t, s)
			stubDiffs(t, s)
		}
		_, err := newForge(t, s.URL).Comment(context.Background(), 14656, forge.NewComment{Body: "x", Anchor: a})
		if !errors.Is(err, forge.ErrInvalid) {
			t.Errorf("%+v: error %v, want ErrInvalid", a, err)
		}
	}
}

// Rebase: the head is checked, GitLab rebases in the background, the
// adapter waits for it, then merges.
func TestMergeRebase(t *testing.T) {
	s := forgetest.NewServer(t)
	stubMR(t, s)
	s.Stub(forgetest.Stub{Method: http.MethodPut, Path: mrPath + "/rebase", Status: http.StatusAccepted,
		RespBody: fx(t, "gitlabdocs/rebase_in_progress.json")})
	s.Stub(forgetest.Stub{Path: mrPath, Query: map[string]string{"include_rebase_in_progress": "true"},
		RespBody: fx(t, "gitlabdocs/rebase_in_progress.json")})
	s.Stub(forgetest.Stub{Path: mrPath, Query: map[string]string{"include_rebase_in_progress": "true"},
		RespBody: fx(t, "gitlabdocs/rebase_done.json")})
	s.Stub(forgetest.Stub{Method: http.MethodPut, Path: mrPath + "/merge", Body: jsonBody(map[string]any{"squash": false}),
		RespBody: fx(t, "clientgo/merged_merge_request.json")})
	if err := newForge(t, s.URL).Merge(context.Background(), 14656, forge.MergeOptions{Method: forge.Rebase, SHA: headSHA}); err != nil {
		t.Fatal(err)
	}
}

func TestMergeRebaseFails(t *testing.T) {
	s := forgetest.NewServer(t)
	stubMR(t, s)
	s.Stub(forgetest.Stub{Method: http.MethodPut, Path: mrPath + "/rebase", Status: http.StatusAccepted,
		RespBody: fx(t, "gitlabdocs/rebase_in_progress.json")})
	s.Stub(forgetest.Stub{Path: mrPath, Query: map[string]string{"include_rebase_in_progress": "true"},
		RespBody: fx(t, "gitlabdocs/rebase_failed.json")})
	err := newForge(t, s.URL).Merge(context.Background(), 14656, forge.MergeOptions{Method: forge.Rebase})
	if !errors.Is(err, forge.ErrInvalid) || !strings.Contains(err.Error(), "Rebase failed") {
		t.Errorf("error %v, want GitLab's merge_error", err)
	}
}

// A head that moved since the review is not rebased and merged.
func TestMergeRebaseRefusesAMovedHead(t *testing.T) {
	s := forgetest.NewServer(t)
	stubMR(t, s)
	err := newForge(t, s.URL).Merge(context.Background(), 14656, forge.MergeOptions{Method: forge.Rebase, SHA: baseSHA})
	if !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("error %v, want ErrInvalid", err)
	}
}

// A Link header alone (no X-Next-Page) still leads to the next page, and
// only its page number is used: the request stays on the API's host.
func TestListFollowsLinkHeader(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: map[string]string{"page": "1", "scope": "created_by_me", "search": "structured logging"},
		RespBody:   fx(t, "clientgo/get_merge_requests_author_username.json"),
		RespHeader: map[string]string{"X-Page": "1", "Link": `<https://elsewhere.example/api/v4/projects/9/merge_requests?page=2&per_page=100>; rel="next"`}})
	s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: map[string]string{"page": "2", "scope": "created_by_me"},
		RespBody: fx(t, "clientgo/get_merge_requests_not_author_username.json"), RespHeader: map[string]string{"X-Page": "2"}})
	prs, err := newForge(t, s.URL).ListPullRequests(context.Background(), forge.ListQuery{Mine: true, Search: "structured logging"})
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 3 || prs[0].Title != "Draft: Use structured logging for DB load balancer" {
		t.Errorf("listed %+v", prs)
	}
}

// A limit stops the listing at that many, asking for no more per page.
func TestListLimit(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: api + "/merge_requests", Query: map[string]string{"page": "1", "per_page": "1", "state": "merged"},
		RespBody: fx(t, "clientgo/get_merge_requests_author_username.json"), RespHeader: map[string]string{"X-Next-Page": "2"}})
	prs, err := newForge(t, s.URL).ListPullRequests(context.Background(), forge.ListQuery{State: forge.Merged, Limit: 1})
	if err != nil || len(prs) != 1 {
		t.Fatalf("listed %d, %v", len(prs), err)
	}
}

// A draft is opened with GitLab's title prefix, and the caller gets its
// own title back with Draft set.
func TestCreateDraft(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Method: http.MethodPost, Path: api + "/merge_requests", Status: http.StatusCreated,
		Body:     jsonBody(map[string]any{"title": "Draft: Use structured logging for DB load balancer", "description": nil}),
		RespBody: fx(t, "clientgo/get_merge_request.json")})
	pr, err := newForge(t, s.URL).CreatePullRequest(context.Background(), forge.NewPullRequest{
		Title: "Use structured logging for DB load balancer", Base: "master", Head: "topic", Draft: true})
	if err != nil || !pr.Draft {
		t.Fatalf("created %+v, %v", pr, err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, c := range []Config{
		{APIURL: "https://gitlab.com/api/v4", Project: "repo"},
		{APIURL: "gitlab.com", Project: "g/r"},
		{APIURL: "https://user:pw@gitlab.com/api/v4", Project: "g/r"},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
	for raw, want := range map[string]string{
		"https://gitlab.com":                    "https://gitlab.com/api/v4/",
		"https://gitlab.com/api/v4/":            "https://gitlab.com/api/v4/",
		"https://git.example.com/gitlab":        "https://git.example.com/gitlab/api/v4/",
		"https://git.example.com/gitlab/api/v4": "https://git.example.com/gitlab/api/v4/",
	} {
		if got, err := apiBase(raw); err != nil || got != want {
			t.Errorf("apiBase(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
}

// Errors without an HTTP status: a connection refused is one line, with
// no token (the token never reaches an error: the client adds it).
func TestTransportFailure(t *testing.T) {
	f := newForge(t, "http://127.0.0.1:1")
	_, err := f.PullRequest(context.Background(), 1)
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 0 || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), testToken) {
		t.Errorf("error %q", err)
	}
}

func TestCheckStates(t *testing.T) {
	for s, want := range map[string]forge.CheckState{"success": forge.CheckSuccess, "failed": forge.CheckFailure,
		"canceled": forge.CheckError, "manual": forge.CheckSkipped, "skipped": forge.CheckSkipped,
		"running": forge.CheckPending, "waiting_for_resource": forge.CheckPending} {
		if got := checkState(s); got != want {
			t.Errorf("checkState(%q) = %s, want %s", s, got, want)
		}
	}
}
