package github

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/forgetest"
)

// Each failure GitHub answers with maps to its class, keeps GitHub's own
// words and says what to do.
func TestErrorMapping(t *testing.T) {
	reset := time.Now().Add(17 * time.Minute).Truncate(time.Second)
	for _, tc := range []struct {
		name    string
		stub    forgetest.Stub
		call    func(context.Context, *Forge) error
		class   error
		status  int
		message string
		hint    string
		reset   time.Duration // >0: a *forge.RateLimitError about this far away
	}{{
		name: "primary limit on a 403",
		stub: forgetest.Stub{Status: 403, RespHeader: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)},
			RespBody: []byte(`{"message":"API rate limit exceeded for xxx.xxx.xxx.xxx. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`)},
		status: 403, message: "API rate limit exceeded", hint: "wait until " + reset.Local().Format("15:04"), reset: 17 * time.Minute,
	}, {
		name:   "429 that says nothing more",
		stub:   forgetest.Stub{Status: 429, RespBody: []byte(`{"message":"Too Many Requests"}`)},
		status: 429, reset: time.Minute,
	}, {
		name: "classic token without the scope",
		stub: forgetest.Stub{Status: 403, RespHeader: map[string]string{"X-OAuth-Scopes": "read:user", "X-Accepted-OAuth-Scopes": "repo"},
			RespBody: []byte(`{"message":"Must have push access to view repository collaborators.","documentation_url":"https://docs.github.com/rest"}`)},
		class: forge.ErrForbidden, status: 403, message: "Must have push access", hint: "[read:user]; this needs one of [repo]",
	}, {
		name:  "bad credentials",
		stub:  forgetest.Stub{Status: 401, RespBody: []byte(`{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`)},
		class: forge.ErrUnauthorized, status: 401, message: "Bad credentials", hint: "log in",
	}, {
		name:  "recorded 404",
		stub:  forgetest.Stub{Status: 404, RespBody: recorded(t, "octokit-fixtures/branch-protection-404.json")},
		class: forge.ErrNotFound, status: 404, message: "Branch not protected", hint: "octocat/Hello-World",
	}, {
		name:   "server error",
		stub:   forgetest.Stub{Status: 502, RespBody: []byte(`{"message":"Server Error"}`)},
		status: 502, message: "Server Error", hint: "try again later",
	}, {
		name:  "merge refused",
		stub:  forgetest.Stub{Method: "PUT", Path: repoPath("/", "pulls/1347/merge"), Status: 405, RespBody: fixture(t, "octokit-openapi/merge-405.json")},
		call:  func(ctx context.Context, f *Forge) error { return f.Merge(ctx, 1347, forge.MergeOptions{}) },
		class: forge.ErrInvalid, status: 405, message: "Pull Request is not mergeable", hint: "conflicts",
	}, {
		name: "head moved under a merge",
		stub: forgetest.Stub{Method: "PUT", Path: repoPath("/", "pulls/1347/merge"), Status: 409, RespBody: fixture(t, "octokit-openapi/merge-409.json")},
		call: func(ctx context.Context, f *Forge) error {
			return f.Merge(ctx, 1347, forge.MergeOptions{SHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e"})
		},
		class: forge.ErrInvalid, status: 409, message: "Head branch was modified", hint: "reload",
	}, {
		name: "a pending review already exists",
		stub: forgetest.Stub{Method: "POST", Path: repoPath("/", "pulls/1347/reviews"), Status: 422,
			RespBody: []byte(`{"message":"Unprocessable Entity","errors":["User can only have one pending review per pull request"],"documentation_url":"https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request","status":"422"}`)},
		call: func(ctx context.Context, f *Forge) error {
			_, err := f.SubmitReview(ctx, 1347, forge.NewReview{Verdict: forge.Approve})
			return err
		},
		class: forge.ErrInvalid, status: 422, message: "one pending review", hint: "discard it on GitHub",
	}, {
		name: "diff too large",
		stub: forgetest.Stub{Status: 406,
			RespBody: []byte(`{"message":"Sorry, the diff exceeded the maximum number of lines (20000)","errors":[{"resource":"PullRequest","field":"diff","code":"too_large"}],"documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request"}`)},
		call: func(ctx context.Context, f *Forge) error {
			_, err := f.Diff(ctx, 1347)
			return err
		},
		class: forge.ErrUnsupported, status: 406, message: "diff exceeded", hint: "one by one",
	}, {
		name: "GraphQL: no such pull request",
		stub: forgetest.Stub{Method: "POST", Path: "/graphql",
			RespBody: []byte(`{"data":{"repository":{"pullRequest":null}},"errors":[{"type":"NOT_FOUND","path":["repository","pullRequest"],"locations":[{"line":3,"column":5}],"message":"Could not resolve to a PullRequest with the number of 1347."}]}`)},
		call:  func(ctx context.Context, f *Forge) error { return f.Resolve(ctx, 1347, "8", true) },
		class: forge.ErrNotFound, message: "Could not resolve to a PullRequest",
	}, {
		name: "GraphQL rate limit",
		stub: forgetest.Stub{Method: "POST", Path: "/graphql", RespHeader: map[string]string{"X-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)},
			RespBody: []byte(`{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}`)},
		call:  func(ctx context.Context, f *Forge) error { return f.Resolve(ctx, 1347, "8", true) },
		reset: 17 * time.Minute, message: "API rate limit exceeded",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			s := forgetest.NewServer(t)
			f := newTestForge(t, s, "/")
			st := tc.stub
			if st.Path == "" {
				st.Path = repoPath("/", "pulls/1347")
			}
			s.Stub(st)
			call := tc.call
			if call == nil {
				call = func(ctx context.Context, f *Forge) error {
					_, err := f.PullRequest(ctx, 1347)
					return err
				}
			}
			err := call(context.Background(), f)
			var fe *forge.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *forge.Error", err, err)
			}
			if tc.class != nil && !errors.Is(err, tc.class) {
				t.Errorf("error %v, want errors.Is %v", err, tc.class)
			}
			if fe.Status != tc.status {
				t.Errorf("status %d, want %d", fe.Status, tc.status)
			}
			if !strings.Contains(fe.Message, tc.message) {
				t.Errorf("message %q lacks %q", fe.Message, tc.message)
			}
			if !strings.Contains(fe.Hint, tc.hint) {
				t.Errorf("hint %q lacks %q", fe.Hint, tc.hint)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the token shows in the error")
			}
			var rl *forge.RateLimitError
			if tc.reset > 0 {
				if !errors.As(err, &rl) {
					t.Fatalf("error %v is not a rate limit", err)
				}
				if d := time.Until(rl.Reset); d < tc.reset-5*time.Second || d > tc.reset+5*time.Second {
					t.Errorf("reset in %v, want about %v", d, tc.reset)
				}
			} else if errors.As(err, &rl) {
				t.Errorf("error %v is a rate limit", err)
			}
		})
	}
}

// After a secondary rate limit go-github holds requests back until the
// Retry-After passes: the next call fails at once with the same reset,
// without sending anything.
func TestSecondaryLimitHoldsLaterCalls(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Path: repoPath("/", "pulls/1"), Status: 403, RespHeader: map[string]string{"Retry-After": "120"},
		RespBody: []byte(`{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)})
	ctx := context.Background()
	_, err1 := f.PullRequest(ctx, 1)
	_, err2 := f.PullRequest(ctx, 1)
	var rl1, rl2 *forge.RateLimitError
	if !errors.As(err1, &rl1) || !errors.As(err2, &rl2) {
		t.Fatalf("errors %v / %v, want rate limits", err1, err2)
	}
	if d := rl2.Reset.Sub(rl1.Reset); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("resets %v and %v differ", rl1.Reset, rl2.Reset)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests sent, want 1", n)
	}
}

// No server at all: a clear error naming the host, with no status.
func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := newForgeAt(t, "http://"+addr, "/")
	_, err = f.Me(context.Background())
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 0 || !strings.Contains(fe.Error(), "cannot reach "+addr) {
		t.Errorf("error %v", err)
	}
}

// A 200 answer that is not JSON at all (a proxy's login page) is broken
// JSON, not data.
func TestHTMLAnswer(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Path: "/user", RespHeader: map[string]string{"Content-Type": "text/html"},
		RespBody: []byte("<!DOCTYPE html><html><body>Sign in</body></html>")})
	u, err := f.Me(context.Background())
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != http.StatusOK || !strings.Contains(fe.Hint, "API URL") || u.Login != "" {
		t.Errorf("me = %+v, %v", u, err)
	}
}

// recorded is the answer body of an @octokit/fixtures record.
func recorded(t *testing.T, name string) []byte {
	var rec struct {
		Response any `json:"response"`
	}
	if err := json.Unmarshal(fixture(t, name), &rec); err != nil {
		t.Fatal(err)
	}
	return jsonOf(t, rec.Response)
}
