package httpx

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
)

// The bodies are the forges' own error shapes, as their APIs answer.
func TestStatus(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	cred := creds.New("github.com", "", token, "GITHUB_TOKEN")
	tests := []struct {
		name    string
		kind    forge.Kind
		cred    creds.Credential
		status  int
		header  http.Header
		body    string
		class   error
		message string
		hint    string
		reset   time.Time
	}{
		{"github 401", forge.GitHub, cred, 401, nil, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`,
			forge.ErrUnauthorized, "Bad credentials", "token for github.com from GITHUB_TOKEN was refused: renew it, or set GITHUB_TOKEN or run gh auth login", time.Time{}},
		{"github 401 anonymous", forge.GitHub, creds.Credential{}, 401, nil, `{"message":"Requires authentication"}`,
			forge.ErrUnauthorized, "Requires authentication", "log in: set GITHUB_TOKEN or run gh auth login", time.Time{}},
		{"github 403 scopes", forge.GitHub, cred, 403, nil, `{"message":"Resource not accessible by personal access token"}`,
			forge.ErrForbidden, "Resource not accessible by personal access token", "check the token's scopes", time.Time{}},
		{"github 404", forge.GitHub, cred, 404, nil, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request"}`,
			forge.ErrNotFound, "Not Found", "check the number", time.Time{}},
		{"github 422", forge.GitHub, cred, 422, nil, `{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for octocat:feature."}]}`,
			forge.ErrInvalid, "Validation Failed: A pull request already exists for octocat:feature.", "", time.Time{}},
		{"github 422 code only", forge.GitHub, cred, 422, nil, `{"message":"Validation Failed","errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}`,
			forge.ErrInvalid, "Validation Failed: head invalid", "", time.Time{}},
		{"github primary rate limit", forge.GitHub, cred, 403, hdr("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1777640400"),
			`{"message":"API rate limit exceeded for user ID 1."}`, nil, "API rate limit exceeded", "wait until", time.Unix(1777640400, 0)},
		{"github secondary rate limit", forge.GitHub, cred, 403, hdr("Retry-After", "60"),
			`{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`, nil, "secondary rate limit", "wait until", now.Add(time.Minute)},
		{"github secondary without retry-after", forge.GitHub, cred, 403, nil,
			`{"message":"You have exceeded a secondary rate limit and have been temporarily blocked from content creation."}`, nil, "secondary", "wait", now.Add(time.Minute)},
		{"gitlab 429", forge.GitLab, cred, 429, hdr("RateLimit-Reset", "1777640460", "Retry-After", "30"), `Retry later`,
			nil, "Retry later", "wait until", now.Add(30 * time.Second)},
		{"gitlab 429 reset only", forge.GitLab, cred, 429, hdr("RateLimit-Reset", "1777640460"), ``,
			nil, "", "wait until", time.Unix(1777640460, 0)},
		{"gitlab 401", forge.GitLab, creds.Credential{}, 401, nil, `{"message":"401 Unauthorized"}`,
			forge.ErrUnauthorized, "401 Unauthorized", "log in: set GITLAB_TOKEN or run glab auth login", time.Time{}},
		{"gitlab 409 list", forge.GitLab, cred, 409, nil, `{"message":["Another open merge request already exists for this source branch: !1"]}`,
			forge.ErrInvalid, "Another open merge request already exists for this source branch: !1", "", time.Time{}},
		{"gitlab 400 fields", forge.GitLab, cred, 400, nil, `{"message":{"title":["can't be blank"],"base":["is invalid"]}}`,
			forge.ErrInvalid, "base is invalid; title can't be blank", "", time.Time{}},
		{"gitlab 400 error", forge.GitLab, cred, 400, nil, `{"error":"title is missing"}`,
			forge.ErrInvalid, "title is missing", "", time.Time{}},
		{"gitlab 405", forge.GitLab, cred, 405, nil, `{"message":"405 Method Not Allowed"}`, forge.ErrInvalid, "405 Method Not Allowed", "", time.Time{}},
		{"bitbucket 404", forge.Bitbucket, cred, 404, nil, `{"type":"error","error":{"message":"Repository not found","detail":"There is no repository at ws/repo"}}`,
			forge.ErrNotFound, "Repository not found: There is no repository at ws/repo", "", time.Time{}},
		{"bitbucket 403", forge.Bitbucket, cred, 403, nil, `{"type":"error","error":{"message":"Your credentials lack one or more required privilege scopes.","detail":{"granted":["repository"],"required":["pullrequest:write"]}}}`,
			forge.ErrForbidden, "Your credentials lack one or more required privilege scopes.: granted repository; required pullrequest:write", "pullrequest:write", time.Time{}},
		{"gitea 401", forge.Gitea, cred, 401, nil, `{"message":"user does not exist [uid: 0, name: ]","url":"http://localhost:3000/api/swagger"}`,
			forge.ErrUnauthorized, "user does not exist", "GITEA_TOKEN", time.Time{}},
		{"html 502", forge.Gitea, cred, 502, nil, "<html><body><h1>502 Bad Gateway</h1></body></html>", nil, "", "try again later", time.Time{}},
		{"control characters", forge.Gitea, cred, 422, nil, "{\"message\":\"bad\\u001b[31m red\\nsecond line " + token + "\"}",
			forge.ErrInvalid, "bad [31m red second line <redacted>", "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Mapper{Kind: tt.kind, Host: map[forge.Kind]string{forge.GitHub: "github.com", forge.GitLab: "gitlab.com",
				forge.Bitbucket: "bitbucket.org", forge.Gitea: "gitea.example"}[tt.kind], Credential: tt.cred, Now: func() time.Time { return now }}
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			e := m.Status("get pull request", tt.status, h, []byte(tt.body))
			if e.Status != tt.status || e.Op != "get pull request" {
				t.Errorf("status %d op %q", e.Status, e.Op)
			}
			if tt.class != nil && !errors.Is(e, tt.class) {
				t.Errorf("class %v, want %v", e.Err, tt.class)
			}
			if !strings.Contains(e.Message, tt.message) || (tt.message == "" && e.Message != "") {
				t.Errorf("message %q, want %q", e.Message, tt.message)
			}
			if !strings.Contains(e.Hint, tt.hint) {
				t.Errorf("hint %q, want %q", e.Hint, tt.hint)
			}
			var rl *forge.RateLimitError
			if got := errors.As(e, &rl); got != !tt.reset.IsZero() {
				t.Fatalf("rate limit error: %v", got)
			}
			if rl != nil && !rl.Reset.Equal(tt.reset) {
				t.Errorf("reset %v, want %v", rl.Reset, tt.reset)
			}
			if s := e.Error(); strings.Contains(s, token) || strings.ContainsAny(s, "\n\x1b") {
				t.Errorf("error text %q", s)
			}
		})
	}
}

func TestResponse(t *testing.T) {
	m := Mapper{Kind: forge.GitHub, Host: "github.com"}
	if err := m.Response("op", &http.Response{StatusCode: 204, Body: http.NoBody}); err != nil {
		t.Errorf("2xx: %v", err)
	}
	resp := &http.Response{StatusCode: 404, Header: http.Header{}, Body: readCloser(`{"message":"Not Found"}`)}
	if err := m.Response("get pull request #7", resp); !errors.Is(err, forge.ErrNotFound) ||
		!strings.HasPrefix(err.Error(), "get pull request #7: HTTP 404: Not Found (check the number") {
		t.Errorf("404: %v", err)
	}
}

func TestDecode(t *testing.T) {
	m := Mapper{Kind: forge.GitHub}
	var v struct{ Number int }
	if err := m.Decode("op", &http.Response{StatusCode: 200, Body: readCloser(`{"number":7}`)}, &v); err != nil || v.Number != 7 {
		t.Errorf("decode: %v %v", err, v)
	}
	err := m.Decode("get pull request", &http.Response{StatusCode: 200, Body: readCloser(`{"number":`)}, &v)
	var fe *forge.Error
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "not the JSON expected") {
		t.Errorf("broken JSON: %v", err)
	}
}

type rc struct{ *strings.Reader }

func (rc) Close() error { return nil }

func readCloser(s string) rc { return rc{strings.NewReader(s)} }

func TestNextLink(t *testing.T) {
	for _, tt := range []struct{ link, want string }{
		{`<https://api.github.com/repositories/1/pulls?page=2>; rel="next", <https://api.github.com/repositories/1/pulls?page=5>; rel="last"`,
			"https://api.github.com/repositories/1/pulls?page=2"},
		{`<https://gitlab.example.com/api/v4/projects/8/merge_requests?page=1>; rel="prev", <https://gitlab.example.com/api/v4/projects/8/merge_requests?page=3>; rel="next"`,
			"https://gitlab.example.com/api/v4/projects/8/merge_requests?page=3"},
		{`<http://h/api/v1/repos/o/r/pulls?page=2>; rel="next last"`, "http://h/api/v1/repos/o/r/pulls?page=2"},
		{`<https://api.github.com/x?page=4>; rel="last"`, ""},
		{``, ""},
	} {
		h := http.Header{}
		if tt.link != "" {
			h.Set("Link", tt.link)
		}
		if got := NextLink(h); got != tt.want {
			t.Errorf("NextLink(%q) = %q, want %q", tt.link, got, tt.want)
		}
	}
	if !SameOrigin("https://api.github.com/x", "https://API.github.com:443/y?page=2") || SameOrigin("https://api.github.com/x", "http://api.github.com/x") ||
		SameOrigin("https://h/x", "https://h:8443/x") || SameOrigin("https://h/x", "/relative") {
		t.Error("SameOrigin")
	}
}

func TestRedact(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"GET https://h/api?private_token=" + token + "&page=2", "GET https://h/api?private_token=<redacted>&page=2"},
		{"https://x-access-token:" + token + "@github.com/o/r", "https://x-access-token:<redacted>@github.com/o/r"},
		{"plain " + token + " text", "plain <redacted> text"},
		{`{"access_token":"abc"} access_token=abc`, `{"access_token":"abc"} access_token=<redacted>`},
	} {
		if got := Redact(tt.in, token); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := RedactURL("https://u:p@h/x?token=" + token + "#f"); got != "https://h/x" {
		t.Errorf("RedactURL: %q", got)
	}
	if got := OneLine("a\x1b]8;;x\x07b\t\n c\u202e", 100); got != "a ]8;;x b c" {
		t.Errorf("OneLine: %q", got)
	}
}
