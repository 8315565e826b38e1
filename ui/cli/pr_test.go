package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/forgetest"
	"reef/forge/github"
	"reef/forge/registry"
	"reef/gitops/gittest"
)

const prToken = "ghp_cliTestToken0123456789"

// ghRepo is the repository of the fixtures' pull request.
const ghRepo = "/repos/octocat/Hello-World"

// prRepo is a clone of octocat/Hello-World (by its remote) with a token
// in the environment and none of the machine's.
func prRepo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	for _, k := range []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITLAB_TOKEN",
		"BITBUCKET_TOKEN", "GITEA_TOKEN", "GH_CONFIG_DIR", "NO_COLOR", "PAGER", "GIT_PAGER"} {
		r.Setenv(k, "")
	}
	r.Setenv("GITHUB_TOKEN", prToken)
	r.Write("README", "Hello\n").Commit("Initial")
	r.Git("remote", "add", "origin", "https://github.com/octocat/Hello-World.git")
	return r
}

// ghServer is a strict fake GitHub that wants the token on every request.
func ghServer(t *testing.T) *forgetest.Server {
	s := forgetest.NewServer(t)
	s.RequireHeader("Authorization", "Bearer "+prToken)
	return s
}

func prForges() PRConfig {
	return PRConfig{Forges: registry.Registry{forge.GitHub: func(c registry.Config) (forge.Forge, error) {
		return registry.Adapt(github.New(github.Config{APIURL: c.APIURL, Owner: c.Owner, Repo: c.Name, HTTPClient: c.HTTPClient}))
	}}}
}

// runPR runs `reef pr ARGS --api-url SERVER` the way main does.
func runPR(t *testing.T, r *gittest.Repo, s *forgetest.Server, args ...string) (string, string, int) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stderr bytes.Buffer
	if s != nil {
		args = append(args, "--api-url", s.URL)
	}
	env := Env{Dir: r.Dir, Stdout: f, Stderr: &stderr, Environ: r.Environ()}
	code := PR(context.Background(), env, args, prForges())
	out, _ := os.ReadFile(f.Name())
	if strings.Contains(string(out)+stderr.String(), prToken) {
		t.Errorf("reef pr %s printed the token", strings.Join(args, " "))
	}
	return string(out), stderr.String(), code
}

func stubPR(t *testing.T, s *forgetest.Server) {
	s.Stub(forgetest.Stub{Path: ghRepo + "/pulls/1347", Header: map[string]string{"Accept": "application/vnd.github+json"},
		RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request.json")})
	s.Stub(forgetest.Stub{Path: ghRepo + "/pulls/1347/reviews", RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request-review-items.json")})
}

func TestPRList(t *testing.T) {
	r := prRepo(t)
	s := ghServer(t)
	s.Stub(forgetest.Stub{Path: ghRepo + "/pulls", Query: map[string]string{"state": "open"}, Times: 2,
		RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request-simple-items.json")})
	out, stderr, code := runPR(t, r, s, "list")
	if code != 0 || out != "#1347  open  Amazing new feature  octocat  new-topic -> master\n" {
		t.Errorf("list: exit %d %q %s", code, out, stderr)
	}
	out, _, code = runPR(t, r, s, "list", "--format=json")
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || len(got) != 1 {
		t.Fatalf("json: %v %q", err, out)
	}
	if got[0]["number"] != 1347.0 || got[0]["head"] != "new-topic" || got[0]["author"] != "octocat" || got[0]["state"] != "open" {
		t.Errorf("json: %v", got[0])
	}

	s2 := ghServer(t)
	s2.Stub(forgetest.Stub{Path: "/search/issues", Query: map[string]string{"q": "repo:octocat/Hello-World is:pr is:open review-requested:@me"},
		RespBody: forgetest.Fixture(t, "octokit-openapi/issue-search-result-item-paginated.json")})
	out, stderr, code = runPR(t, r, s2, "list", "--review-requested")
	if code != 0 || !strings.HasPrefix(out, "#132  ") {
		t.Errorf("--review-requested: exit %d %q %s", code, out, stderr)
	}
}

func TestPRShow(t *testing.T) {
	r := prRepo(t)
	s := ghServer(t)
	stubPR(t, s)
	out, stderr, code := runPR(t, r, s, "show", "1347")
	for _, want := range []string{"#1347 Amazing new feature\n", "state:     open\n", "author:    octocat\n", "branches:  new-topic -> master\n",
		"head:      6dcb09b5b57875f334f61aebed695e2e4193db5e\n", "mergeable: yes\n", "labels:    bug\n",
		"url:       https://github.com/octocat/Hello-World/pull/1347\n", "\n    Please pull these awesome changes in!\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q (exit %d, %s):\n%s", want, code, stderr, out)
		}
	}

	s2 := ghServer(t)
	stubPR(t, s2)
	s2.Stub(forgetest.Stub{Path: ghRepo + "/pulls/1347", Header: map[string]string{"Accept": "application/vnd.github.diff"},
		RespBody: forgetest.Fixture(t, "octokit-openapi/diff-media-type.diff")})
	out, _, code = runPR(t, r, s2, "show", "#1347", "--diff", "--format", "json")
	var got struct {
		Number int    `json:"number"`
		Diff   string `json:"diff"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 || got.Number != 1347 ||
		!strings.HasPrefix(got.Diff, "diff --git a/testfile b/testfile\n") {
		t.Errorf("show --diff --format json: %v %q", err, out)
	}
}

func TestPRChecks(t *testing.T) {
	r := prRepo(t)
	s := ghServer(t)
	stubPR(t, s)
	sha := "6dcb09b5b57875f334f61aebed695e2e4193db5e"
	s.Stub(forgetest.Stub{Path: ghRepo + "/commits/" + sha + "/check-runs", RespBody: forgetest.Fixture(t, "octokit-openapi/check-run-paginated.json")})
	s.Stub(forgetest.Stub{Path: ghRepo + "/commits/" + sha + "/status", RespBody: forgetest.Fixture(t, "octokit-openapi/combined-commit-status.json")})
	out, stderr, code := runPR(t, r, s, "checks", "1347")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], "skipped  mighty_readme ") ||
		!strings.HasPrefix(lines[1], "success  continuous-integration/jenkins  Build has completed successfully  https://ci.example.com/1000/output") {
		t.Errorf("checks: exit %d %s\n%s", code, stderr, out)
	}
}

func TestPRComment(t *testing.T) {
	r := prRepo(t)
	s := ghServer(t)
	// The head commit comes from the pull request (the adapter asks).
	s.Stub(forgetest.Stub{Path: ghRepo + "/pulls/1347", RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request.json")})
	s.Stub(forgetest.Stub{Method: "POST", Path: ghRepo + "/pulls/1347/comments", Status: 201,
		RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request-review-comment-example-for-a-multi-line-comment.json"),
		Body: func(t *testing.T, b []byte) {
			var got map[string]any
			json.Unmarshal(b, &got)
			want := map[string]any{"body": "Great stuff!", "path": "file1.txt", "line": 2.0, "side": "RIGHT", "start_line": 1.0,
				"start_side": "RIGHT", "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("comment %s = %v, want %v (%s)", k, got[k], v, b)
				}
			}
		}})
	out, stderr, code := runPR(t, r, s, "comment", "1347", "--path", "file1.txt", "--start-line", "1", "--line=2", "--body", "Great stuff!")
	if code != 0 || out != "commented on #1347 at file1.txt:1-2 (new side): comment 10\n" {
		t.Errorf("comment: exit %d %q %s", code, out, stderr)
	}
}

func TestPRReview(t *testing.T) {
	r := prRepo(t)
	s := ghServer(t)
	s.Stub(forgetest.Stub{Method: "POST", Path: ghRepo + "/pulls/1347/reviews", RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request-review-4.json"),
		Body: func(t *testing.T, b []byte) {
			if !strings.Contains(string(b), `"event":"APPROVE"`) || !strings.Contains(string(b), `"body":"ship it"`) {
				t.Errorf("review body %s", b)
			}
		}})
	out, stderr, code := runPR(t, r, s, "review", "1347", "--approve", "--body", "ship it")
	if code != 0 || out != "approved #1347\n" {
		t.Errorf("review: exit %d %q %s", code, out, stderr)
	}
}

func TestPRCreate(t *testing.T) {
	r := prRepo(t)
	r.Git("update-ref", "refs/remotes/origin/master", "HEAD")
	r.Git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/master")
	r.Checkout("local-topic", true).Write("f", "x\n").CommitStaged("Amazing new feature\n\nPlease pull these awesome changes in!\n")
	r.Git("config", "branch.local-topic.remote", "origin")
	r.Git("config", "branch.local-topic.merge", "refs/heads/new-topic")
	r.Git("update-ref", "refs/remotes/origin/new-topic", "HEAD")
	s := ghServer(t)
	s.Stub(forgetest.Stub{Method: "POST", Path: ghRepo + "/pulls", Status: 201, RespBody: forgetest.Fixture(t, "octokit-openapi/pull-request.json"),
		Body: func(t *testing.T, b []byte) {
			var got map[string]any
			json.Unmarshal(b, &got)
			want := map[string]any{"title": "Amazing new feature", "body": "Please pull these awesome changes in!", "head": "new-topic", "base": "master", "draft": false}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("create %s = %v, want %v", k, got[k], v)
				}
			}
		}})
	out, stderr, code := runPR(t, r, s, "create")
	if code != 0 || out != "#1347 https://github.com/octocat/Hello-World/pull/1347\n" {
		t.Errorf("create: exit %d %q %s", code, out, stderr)
	}

	// Without refs/remotes/origin/HEAD the base must be given.
	r.Git("symbolic-ref", "--delete", "refs/remotes/origin/HEAD")
	_, stderr, code = runPR(t, r, ghServer(t), "create")
	if code != ExitPRUsage || !strings.Contains(stderr, "pass --base BRANCH") {
		t.Errorf("no base: exit %d %s", code, stderr)
	}
}

func TestPRErrors(t *testing.T) {
	r := prRepo(t)
	tests := []struct {
		status int
		header map[string]string
		body   string
		want   []string
	}{
		{401, nil, `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}`,
			[]string{"HTTP 401", "Bad credentials", "gh auth login"}},
		{403, nil, `{"message":"Resource not accessible by personal access token"}`,
			[]string{"HTTP 403", "scopes"}},
		{404, nil, `{"message":"Not Found"}`, []string{"HTTP 404", "Not Found"}},
		{403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "4102444800"},
			`{"message":"API rate limit exceeded for user ID 1.\u001b[2J"}`, []string{"rate limit", "wait until " + time.Unix(4102444800, 0).Local().Format("15:04")}},
	}
	for _, tt := range tests {
		s := ghServer(t)
		s.Stub(forgetest.Stub{Path: ghRepo + "/pulls/1347", Status: tt.status, RespHeader: tt.header, RespBody: []byte(tt.body)})
		out, stderr, code := runPR(t, r, s, "show", "1347")
		if code != ExitPRError || out != "" || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "reef: ") || strings.Contains(stderr, "\x1b") {
			t.Errorf("%d: exit %d, stdout %q, stderr %q", tt.status, code, out, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%d: stderr lacks %q: %s", tt.status, w, stderr)
			}
		}
	}
}

func TestPRUsage(t *testing.T) {
	r := prRepo(t)
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"show"}, {"show", "abc"}, {"show", "1", "2"}, {"list", "--state", "weird"}, {"list", "7"},
		{"review", "1"}, {"review", "1", "--approve", "--comment"}, {"review", "1", "--comment"},
		{"comment", "1", "--path", "a", "--line", "0", "--body", "x"}, {"comment", "1", "--line", "3", "--body", "x"},
		{"comment", "1", "--path", "a", "--line", "3", "--body", "x", "--side", "left"},
		{"comment", "1", "--path", "a", "--line", "3", "--start-line", "3", "--body", "x"},
		{"show", "1", "--format", "yaml"}, {"show", "1", "--forge", "svn"}, {"show", "1", "--approve"}, {"show", "1", "--format"},
		{"list", "--limit", "0"},
	} {
		// No server: a usage error sends nothing.
		_, stderr, code := runPR(t, r, nil, args...)
		if code != ExitPRUsage || !strings.Contains(stderr, "usage: ") {
			t.Errorf("reef pr %s: exit %d %s", strings.Join(args, " "), code, stderr)
		}
	}
}

func TestPRDetection(t *testing.T) {
	r := prRepo(t)
	r.Git("remote", "set-url", "origin", "git@git.example.org:team/app.git")
	_, stderr, code := runPR(t, r, nil, "list")
	if code != ExitPRError || !strings.Contains(stderr, "pass --forge") {
		t.Errorf("unknown host: exit %d %s", code, stderr)
	}
	_, stderr, code = runPR(t, r, nil, "list", "--forge", "gitlab")
	if code != ExitPRError || !strings.Contains(stderr, "no gitlab adapter") {
		t.Errorf("missing adapter: exit %d %s", code, stderr)
	}
}
