package gitea

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
	"reef/forge/forgetest"
)

// TestCommentPositions checks the anchor each comment sends: Gitea takes
// a file line number on one side, new_position for the head (added and
// context lines), old_position for the base (removed lines), the other
// one 0.
func TestCommentPositions(t *testing.T) {
	rec := loadRecording(t)
	for _, c := range []struct {
		name     string
		anchor   forge.Anchor
		new, old float64
	}{
		{"added", forge.Anchor{Path: "main.go", Side: forge.New, Line: 7}, 7, 0},
		{"removed", forge.Anchor{Path: "main.go", Side: forge.Old, Line: 4}, 0, 4},
		{"context by its new number", forge.Anchor{Path: "main.go", Side: forge.New, Line: 5}, 5, 0},
		{"context by its old number", forge.Anchor{Path: "main.go", Side: forge.Old, Line: 3}, 0, 3},
		{"no side is the new side", forge.Anchor{Path: "main.go", Line: 6}, 6, 0},
		{"a one-line range", forge.Anchor{Path: "main.go", Side: forge.New, Line: 6, StartLine: 6, StartSide: forge.New}, 6, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := forgetest.NewServer(t)
			s.RequireHeader("Authorization", "Bearer "+fakeToken)
			s.Stub(forgetest.Stub{Method: "POST", Path: "/api/v1/repos/alice/demo/pulls/1/reviews",
				Header: map[string]string{"Content-Type": "application/json"},
				Body: func(t *testing.T, body []byte) {
					var got struct {
						Event    string `json:"event"`
						Comments []map[string]any
					}
					if err := json.Unmarshal(body, &got); err != nil {
						t.Errorf("body: %v", err)
						return
					}
					if got.Event != "COMMENT" || len(got.Comments) != 1 {
						t.Errorf("event %q with %d comments, want one COMMENT", got.Event, len(got.Comments))
						return
					}
					cm := got.Comments[0]
					if cm["new_position"] != c.new || cm["old_position"] != c.old || cm["path"] != "main.go" || cm["body"] != "x" {
						t.Errorf("comment sent %v, want new_position %v old_position %v", cm, c.new, c.old)
					}
				},
				RespBody: fixture(t, rec["comment-added"][0].Response)})
			s.Stub(forgetest.Stub{Path: rec["comment-added"][1].Path, RespBody: fixture(t, rec["comment-added"][1].Response)})
			if _, err := newFake(t, s.URL, fakeToken).Comment(context.Background(), 1, forge.NewComment{Anchor: c.anchor, Body: "x"}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestRefusedBeforeAsking: arguments Gitea would refuse, or cannot take,
// fail without a request (the strict server fails on any).
func TestRefusedBeforeAsking(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newFake(t, s.URL, fakeToken)
	ctx := context.Background()
	line := func(a forge.Anchor) forge.NewComment { return forge.NewComment{Anchor: a, Body: "x"} }
	for _, c := range []struct {
		name string
		err  error
		call func() error
	}{
		{"range", forge.ErrUnsupported, func() error {
			_, err := f.Comment(ctx, 1, line(forge.Anchor{Path: "a", Side: forge.New, StartLine: 2, Line: 4}))
			return err
		}},
		{"range across sides", forge.ErrUnsupported, func() error {
			_, err := f.Comment(ctx, 1, line(forge.Anchor{Path: "a", Side: forge.New, StartSide: forge.Old, StartLine: 4, Line: 4}))
			return err
		}},
		{"no path", forge.ErrInvalid, func() error { _, err := f.Comment(ctx, 1, line(forge.Anchor{Side: forge.New, Line: 4})); return err }},
		{"no line", forge.ErrInvalid, func() error { _, err := f.Comment(ctx, 1, line(forge.Anchor{Path: "a", Side: forge.New})); return err }},
		{"bad side", forge.ErrInvalid, func() error {
			_, err := f.Comment(ctx, 1, line(forge.Anchor{Path: "a", Side: "left", Line: 1}))
			return err
		}},
		{"empty comment", forge.ErrInvalid, func() error {
			_, err := f.Comment(ctx, 1, forge.NewComment{Anchor: forge.Anchor{Path: "a", Line: 1}, Body: " \n"})
			return err
		}},
		{"request changes without a body", forge.ErrInvalid, func() error {
			_, err := f.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.RequestChanges})
			return err
		}},
		{"empty comment review", forge.ErrInvalid, func() error {
			_, err := f.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.CommentOnly})
			return err
		}},
		{"unknown verdict", forge.ErrInvalid, func() error {
			_, err := f.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.Pending, Body: "x"})
			return err
		}},
		{"range in a review", forge.ErrUnsupported, func() error {
			_, err := f.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.Approve, Comments: []forge.NewComment{
				line(forge.Anchor{Path: "a", Side: forge.New, StartLine: 1, Line: 2})}})
			return err
		}},
		{"empty reply", forge.ErrInvalid, func() error { _, err := f.Reply(ctx, 1, "9", ""); return err }},
		{"foreign thread id", forge.ErrInvalid, func() error { _, err := f.Reply(ctx, 1, "PRRT_kwDO", "x"); return err }},
		{"resolve a foreign thread id", forge.ErrInvalid, func() error { return f.Resolve(ctx, 1, "abc", true) }},
		{"unknown merge method", forge.ErrUnsupported, func() error { return f.Merge(ctx, 1, forge.MergeOptions{Method: "fast-forward"}) }},
		{"create without a title", forge.ErrInvalid, func() error {
			_, err := f.CreatePullRequest(ctx, forge.NewPullRequest{Base: "main", Head: "x"})
			return err
		}},
		{"unknown state", forge.ErrInvalid, func() error {
			_, err := f.ListPullRequests(ctx, forge.ListQuery{State: "draft"})
			return err
		}},
		{"checks without a commit", forge.ErrInvalid, func() error { _, err := f.Checks(ctx, ""); return err }},
	} {
		if err := c.call(); !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", c.name, err, c.err)
		} else if strings.ContainsRune(err.Error(), '\n') {
			t.Errorf("%s: error is not one line: %q", c.name, err)
		}
	}
}

// TestMergeHeadMoved: a merge pinned to an old head is refused with
// Gitea's 409 and its words.
func TestMergeHeadMoved(t *testing.T) {
	rec := loadRecording(t)
	s := forgetest.NewServer(t)
	rec.replay(t, s, "merge-stale")
	err := newFake(t, s.URL, fakeToken).Merge(context.Background(), 6, forge.MergeOptions{Method: forge.Squash, SHA: strings.Repeat("0", 40)})
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 409 || !errors.Is(err, forge.ErrInvalid) || fe.Message != "head out of date" {
		t.Fatalf("merge with a moved head: %#v", err)
	}
}

// TestMergeRetryStops: the wait for Gitea's recheck gives up when the
// context ends.
func TestMergeRetryStops(t *testing.T) {
	rec := loadRecording(t)
	s := forgetest.NewServer(t)
	ex := rec["merge"][0] // a recorded 405 "Please try again later"
	if ex.Status != 405 {
		t.Fatalf("the recorded merge starts with HTTP %d, want a 405 to retry", ex.Status)
	}
	s.Stub(forgetest.Stub{Method: "POST", Path: ex.Path, Status: 405, RespBody: fixture(t, ex.Response), Times: forgetest.AnyTimes})
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := newFake(t, s.URL, fakeToken).Merge(ctx, 6, forge.MergeOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("merge under a 600 ms deadline: %v after %v", err, time.Since(start))
	}
	if n := len(s.Requests()); n < 2 {
		t.Errorf("%d merge request(s), want retries", n)
	}
}

// TestReplyToUnknownThread reads the threads and says the one asked for
// is not there.
func TestReplyToUnknownThread(t *testing.T) {
	rec := loadRecording(t)
	s := forgetest.NewServer(t)
	rec.replay(t, s, "threads")
	_, err := newFake(t, s.URL, fakeToken).Reply(context.Background(), 1, "8", "x")
	if !errors.Is(err, forge.ErrNotFound) || !strings.Contains(err.Error(), "no review thread 8") {
		t.Fatalf("reply to a comment that starts no thread: %v", err)
	}
}

// TestTokenStaysHome: a redirect to another host (a diff served from
// storage elsewhere, say) arrives there without the token.
func TestTokenStaysHome(t *testing.T) {
	rec := loadRecording(t)
	other := forgetest.NewServer(t)
	other.Stub(forgetest.Stub{Path: "/elsewhere.diff", Header: map[string]string{"Authorization": forgetest.Absent},
		RespBody: fixture(t, "diff-1.txt")})
	s := forgetest.NewServer(t)
	s.RequireHeader("Authorization", "Bearer "+fakeToken)
	s.Stub(forgetest.Stub{Path: rec["diff"][0].Path, Status: 302, RespHeader: map[string]string{"Location": other.URL + "/elsewhere.diff"}})
	d, err := newFake(t, s.URL, fakeToken).Diff(context.Background(), 1)
	if err != nil || !strings.Contains(d, "+import \"fmt\"") {
		t.Fatalf("diff through a redirect: %v", err)
	}
}

func TestNew(t *testing.T) {
	for _, cfg := range []Config{
		{APIURL: "https://gitea.example", Repo: "demo"},
		{APIURL: "https://gitea.example", Owner: "alice"},
		{APIURL: "gitea.example", Owner: "alice", Repo: "demo"},
		{APIURL: "ftp://gitea.example", Owner: "alice", Repo: "demo"},
		{APIURL: "https://alice:secret@gitea.example", Owner: "alice", Repo: "demo"},
		{APIURL: "https://alice:secret@gitea example", Owner: "alice", Repo: "demo"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("New's error shows the password: %v", err)
		}
	}
	// An API URL given with its /api/v1 (as the swagger page shows it)
	// is the same server.
	rec := loadRecording(t)
	s := forgetest.NewServer(t)
	rec.replay(t, s, "me")
	f := newFake(t, s.URL, fakeToken)
	f2, err := New(Config{APIURL: s.URL + "/api/v1/", Owner: "alice", Repo: "demo", HTTPClient: f.hc})
	if err != nil {
		t.Fatal(err)
	}
	if u, err := f2.Me(context.Background()); err != nil || u.Login != "bob" {
		t.Fatalf("Me through .../api/v1/: %+v, %v", u, err)
	}
}

// TestReviewers decides verdicts as Gitea decides who still owes a
// review.
func TestReviewers(t *testing.T) {
	bob, carol := &sdk.User{UserName: "bob"}, &sdk.User{UserName: "carol"}
	rv := func(id int64, u *sdk.User, s sdk.ReviewStateType) *sdk.PullReview {
		return &sdk.PullReview{ID: id, Reviewer: u, State: s}
	}
	dismissed := rv(5, carol, sdk.ReviewStateRequestChanges)
	dismissed.Dismissed = true
	team := rv(6, &sdk.User{UserName: "Ghost"}, sdk.ReviewStateRequestReview)
	team.ReviewerTeam = &sdk.Team{Name: "core"}
	got := reviewers([]*sdk.PullReview{
		rv(4, bob, sdk.ReviewStateComment), // after an approval: still approved
		rv(1, bob, sdk.ReviewStateRequestReview),
		rv(2, carol, sdk.ReviewStateComment),
		rv(3, bob, sdk.ReviewStateApproved),
		dismissed, team,
		rv(7, &sdk.User{UserName: "dave"}, sdk.ReviewStatePending), // a draft
		rv(8, &sdk.User{UserName: "erin"}, sdk.ReviewStateRequestChanges),
		rv(9, &sdk.User{UserName: "erin"}, sdk.ReviewStateRequestReview), // asked again
	})
	var s []string
	for _, r := range got {
		s = append(s, r.User.Login+"="+string(r.Verdict))
	}
	if want := "bob=approve carol=comment erin=pending"; strings.Join(s, " ") != want {
		t.Errorf("reviewers = %s, want %s", strings.Join(s, " "), want)
	}
	if !awaits([]*sdk.PullReview{rv(1, bob, sdk.ReviewStateRequestReview), rv(2, bob, sdk.ReviewStateComment)}, "BOB") {
		t.Error("a comment does not answer a review request")
	}
}
