package gitea

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"reef/forge"
)

// fixtureDir holds the exchanges recorded from a real Gitea; the fake
// server of the contract suite replays them.
const fixtureDir = "testdata/gitea-" + giteaVersion

// exchange is one recorded request and its answer.
type exchange struct {
	Method   string            `json:"method"`
	Path     string            `json:"path"`
	Query    map[string]string `json:"query,omitempty"`
	Request  json.RawMessage   `json:"request,omitempty"` // the JSON body sent
	Status   int               `json:"status"`
	Header   map[string]string `json:"header,omitempty"`   // the answer's Link, X-Total-Count, Content-Type
	Response string            `json:"response,omitempty"` // the body's file in fixtureDir
}

// recorder is a transport that keeps every exchange of one operation.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	got  []exchange
	body [][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	ex := exchange{Method: req.Method, Path: req.URL.EscapedPath(), Status: resp.StatusCode, Header: map[string]string{}}
	if q := req.URL.Query(); len(q) > 0 {
		ex.Query = map[string]string{}
		for k := range q {
			ex.Query[k] = q.Get(k)
		}
	}
	if len(bytes.TrimSpace(reqBody)) > 0 {
		ex.Request = json.RawMessage(reqBody)
	}
	for _, h := range []string{"Link", "X-Total-Count", "Content-Type"} {
		if v := resp.Header.Get(h); v != "" {
			ex.Header[h] = v
		}
	}
	r.mu.Lock()
	r.got = append(r.got, ex)
	r.body = append(r.body, body)
	r.mu.Unlock()
	return resp, nil
}

// TestRecordFixtures rewrites testdata/gitea-v1.26.4 from a real Gitea:
// REEF_GITEA_RECORD=1 go test -run TestRecordFixtures ./forge/gitea.
// The server's page size is 2 so that lists span pages.
func TestRecordFixtures(t *testing.T) {
	if os.Getenv("REEF_GITEA_RECORD") != "1" {
		t.Skip("set REEF_GITEA_RECORD=1 to record fixtures from a real Gitea")
	}
	l := startGitea(t, 2)
	ctx := context.Background()
	rec := &recorder{base: http.DefaultTransport}
	as := func(token string) *Forge {
		hc, cred := tokenClient(t, l.URL, token, rec)
		f, err := New(Config{APIURL: l.URL, Owner: l.Owner, Repo: l.Repo, HTTPClient: hc, Credential: cred})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	bob := as(l.UserToken)
	secrets := []string{l.UserToken, l.OwnerToken, l.UserPass}
	index := map[string][]exchange{}
	// Old answers go; LICENSE stays.
	old, _ := filepath.Glob(filepath.Join(fixtureDir, "*-*.*"))
	for _, f := range append(old, filepath.Join(fixtureDir, "exchanges.json")) {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	record := func(name string, op func() error) {
		t.Helper()
		rec.mu.Lock()
		rec.got, rec.body = nil, nil
		rec.mu.Unlock()
		err := op()
		failing := strings.HasPrefix(name, "error-") || name == "merge-stale"
		if err != nil && !failing {
			t.Fatalf("%s: %v", name, err)
		}
		if err == nil && failing {
			t.Fatalf("%s: no error", name)
		}
		for i, ex := range rec.got {
			body := rec.body[i]
			for _, s := range secrets {
				if s != "" && (bytes.Contains(body, []byte(s)) || bytes.Contains(ex.Request, []byte(s))) {
					t.Fatalf("%s: a secret shows in the recording", name)
				}
			}
			if len(body) > 0 {
				ext := ".json"
				if !strings.Contains(ex.Header["Content-Type"], "json") {
					ext = ".txt"
				}
				ex.Response = fmt.Sprintf("%s-%d%s", name, i+1, ext)
				if err := os.WriteFile(filepath.Join(fixtureDir, ex.Response), body, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			index[name] = append(index[name], ex)
		}
	}

	// Set up: bob's review is requested on #1; four more open pull
	// requests make the list three pages long.
	l.api(t, "POST", l.repoPath("/pulls/1/requested_reviewers"), l.OwnerToken, map[string][]string{"reviewers": {l.User}}, nil)
	for i := 2; i <= 5; i++ {
		br := fmt.Sprintf("topic-%d", i)
		l.branch(t, br, br+".md", fmt.Sprintf("# topic %d\n", i))
		l.openPR(t, br, fmt.Sprintf("Topic %d", i))
		time.Sleep(1100 * time.Millisecond) // distinct update times: a stable order
	}

	record("list", func() error { _, err := bob.ListPullRequests(ctx, forge.ListQuery{}); return err })
	record("list-review-requested", func() error {
		_, err := as(l.UserToken).ListPullRequests(ctx, forge.ListQuery{ReviewRequested: true})
		return err
	})
	record("get", func() error { _, err := bob.PullRequest(ctx, 1); return err })
	record("files", func() error { _, err := bob.Files(ctx, 1); return err })
	record("diff", func() error { _, err := bob.Diff(ctx, 1); return err })
	var removed forge.Comment
	for _, c := range []struct {
		name string
		side forge.Side
		line int
	}{{"comment-added", forge.New, 7}, {"comment-removed", forge.Old, 4}, {"comment-context", forge.New, 5}} {
		record(c.name, func() error {
			cm, err := bob.Comment(ctx, 1, forge.NewComment{Anchor: forge.Anchor{Path: "main.go", Side: c.side, Line: c.line}, Body: "On this line (" + c.name + ")."})
			if c.side == forge.Old {
				removed = cm
			}
			return err
		})
	}
	record("reply", func() error { _, err := bob.Reply(ctx, 1, removed.ID, "A reply."); return err })
	record("resolve", func() error { return bob.Resolve(ctx, 1, removed.ID, true) })
	record("threads", func() error { _, err := bob.Threads(ctx, 1); return err })
	record("review-request-changes", func() error {
		_, err := bob.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.RequestChanges, Body: "Please keep the greeting."})
		return err
	})
	record("review-comment-batch", func() error {
		_, err := bob.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.CommentOnly, Body: "Two notes.", Comments: []forge.NewComment{
			{Anchor: forge.Anchor{Path: "main.go", Side: forge.New, Line: 6}, Body: "Batch one."},
			{Anchor: forge.Anchor{Path: "README.md", Side: forge.New, Line: 3}, Body: "Batch two."},
		}})
		return err
	})
	record("review-approve", func() error { _, err := bob.SubmitReview(ctx, 1, forge.NewReview{Verdict: forge.Approve}); return err })
	l.branch(t, "docs", "docs.md", "# docs\n")
	var created forge.PullRequest
	record("create", func() error {
		var err error
		created, err = bob.CreatePullRequest(ctx, forge.NewPullRequest{Title: "Add docs", Body: "Docs for the demo.", Base: "main", Head: "docs"})
		return err
	})
	l.waitMergeable(t, created.Number)
	record("merge-stale", func() error {
		return bob.Merge(ctx, created.Number, forge.MergeOptions{Method: forge.Squash, SHA: strings.Repeat("0", 40)})
	})
	// Gitea rechecks the pull request after a refused merge and answers
	// 405 "Please try again later" meanwhile: the adapter waits it out.
	record("merge", func() error {
		return bob.Merge(ctx, created.Number, forge.MergeOptions{Method: forge.Squash, SHA: created.HeadSHA})
	})
	head := l.git(t, "rev-parse", "feature")
	l.api(t, "POST", l.repoPath("/statuses/"+head), l.OwnerToken, map[string]string{"state": "pending", "context": "ci/build", "description": "Building."}, nil)
	l.api(t, "POST", l.repoPath("/statuses/"+head), l.OwnerToken, map[string]string{"state": "success", "context": "ci/build", "description": "Built.", "target_url": "https://ci.example.invalid/builds/1"}, nil)
	l.api(t, "POST", l.repoPath("/statuses/"+head), l.OwnerToken, map[string]string{"state": "failure", "context": "ci/lint", "description": "2 problems."}, nil)
	record("checks", func() error { _, err := bob.Checks(ctx, head); return err })
	record("me", func() error { _, err := bob.Me(ctx); return err })

	record("error-401", func() error { _, err := as(strings.Repeat("0", 40)).PullRequest(ctx, 1); return err })
	scoped := l.scopedToken(t, "read:user")
	secrets = append(secrets, scoped)
	record("error-403", func() error { _, err := as(scoped).PullRequest(ctx, 1); return err })
	record("error-404", func() error { _, err := bob.PullRequest(ctx, 99); return err })
	record("error-422", func() error {
		_, err := bob.CreatePullRequest(ctx, forge.NewPullRequest{Title: "Nothing", Base: "main", Head: "main"})
		return err
	})

	names := make([]string, 0, len(index))
	for n := range index {
		names = append(names, n)
	}
	sort.Strings(names)
	b, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixtureDir, "exchanges.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d operations into %s: %s", len(names), fixtureDir, strings.Join(names, " "))
}

// scopedToken makes bob a token with only these scopes (Basic auth with
// his password: tokens cannot make tokens).
func (l *live) scopedToken(t *testing.T, scopes ...string) string {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"name": "scoped-" + fmt.Sprint(time.Now().UnixNano()), "scopes": scopes})
	req, err := http.NewRequest("POST", l.URL+"/api/v1/users/"+l.User+"/tokens", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(l.User, l.UserPass)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		SHA1 string `json:"sha1"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.SHA1 == "" {
		t.Fatalf("creating a scoped token: HTTP %d, %v", resp.StatusCode, err)
	}
	return tok.SHA1
}
