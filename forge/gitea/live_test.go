package gitea

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/internal/httpx"
)

// The real-server tests start a throwaway Gitea with scripts/gitea-up
// (seeded: alice owns alice/demo with PR #1 main <- feature, bob is a
// collaborator). They need the binary the script builds; without it they
// skip, and REEF_REQUIRE_GITEA=1 (set by CI) turns the skip into a
// failure.

const giteaVersion = "v1.26.4"

// live is one running Gitea.
type live struct {
	URL        string
	Owner      string // alice: site admin, owns the repository, wrote PR #1
	OwnerToken string
	User       string // bob: the reviewer
	UserToken  string
	UserPass   string
	Repo       string // demo
	PR         int
	Workdir    string
	SeedRepo   string // the pushed clone: git is the diff oracle
}

func giteaBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("REEF_GITEA_BIN"); bin != "" {
		return bin
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err != nil {
		return ""
	}
	gopath := strings.Split(strings.TrimSpace(string(out)), string(os.PathListSeparator))[0]
	return filepath.Join(gopath, "bin", "gitea-"+giteaVersion)
}

// startGitea starts a seeded Gitea for this test and stops it when the
// test ends. maxItems caps the API's page size (0: the script's 50).
func startGitea(t *testing.T, maxItems int) *live {
	t.Helper()
	bin := giteaBinary(t)
	if fi, err := os.Stat(bin); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		msg := fmt.Sprintf("no Gitea binary at %s: run scripts/gitea-up build (about 8 minutes once), or set REEF_GITEA_BIN", bin)
		if os.Getenv("REEF_REQUIRE_GITEA") == "1" {
			t.Fatal(msg + " (REEF_REQUIRE_GITEA=1)")
		}
		t.Skip(msg)
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "gitea-up"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// eval the script's exports in bash and print them back one a line:
	// values are shell-quoted (printf %q), bash undoes that.
	cmd := exec.CommandContext(ctx, "bash", "-c", `set -e; eval "$("$0" start --seed)"; env | grep '^GITEA_'`, script)
	cmd.Env = append(os.Environ(), "GITEA_BIN="+bin, "GITEA_TMP="+t.TempDir(), fmt.Sprintf("GITEA_PARENT_PID=%d", os.Getpid()))
	if maxItems > 0 {
		cmd.Env = append(cmd.Env, fmt.Sprintf("GITEA_MAX_RESPONSE_ITEMS=%d", maxItems))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	if wd := env["GITEA_WORKDIR"]; wd != "" {
		t.Cleanup(func() {
			if out, err := exec.Command(script, "stop", wd).CombinedOutput(); err != nil {
				t.Errorf("stopping Gitea: %v\n%s", err, out)
			}
		})
	}
	if err != nil {
		t.Fatalf("scripts/gitea-up start --seed: %v\n%s", err, stderr.String())
	}
	l := &live{
		URL: env["GITEA_URL"], Owner: env["GITEA_ADMIN_USER"], OwnerToken: env["GITEA_ADMIN_TOKEN"],
		User: env["GITEA_USER"], UserToken: env["GITEA_USER_TOKEN"], UserPass: env["GITEA_USER_PASSWORD"],
		Workdir: env["GITEA_WORKDIR"], SeedRepo: filepath.Join(env["GITEA_WORKDIR"], "seed-repo"),
	}
	owner, repo, _ := strings.Cut(env["GITEA_REPO"], "/")
	if owner != l.Owner || repo == "" || env["GITEA_PR"] != "1" || l.UserToken == "" {
		t.Fatalf("scripts/gitea-up printed an unexpected environment (repo %q, PR %q)", env["GITEA_REPO"], env["GITEA_PR"])
	}
	l.Repo, l.PR = repo, 1
	return l
}

// tokenClient is the client reef gives the adapter (forge/registry
// builds it so): httpx's, sending "Authorization: Bearer ..." to the
// server's origin only. Gitea takes Bearer and token alike.
func tokenClient(t *testing.T, apiURL, token string, base http.RoundTripper) (*http.Client, creds.Credential) {
	t.Helper()
	u, err := url.Parse(apiURL)
	if err != nil {
		t.Fatal(err)
	}
	cred := creds.New(u.Host, "", token, "test")
	hc, err := httpx.New(httpx.Options{Kind: forge.Gitea, BaseURL: apiURL, Credential: cred, Transport: base})
	if err != nil {
		t.Fatal(err)
	}
	return hc, cred
}

// forge builds the adapter for this server as the user with token.
func (l *live) forge(t *testing.T, token string) *Forge {
	t.Helper()
	hc, cred := tokenClient(t, l.URL, token, nil)
	f, err := New(Config{APIURL: l.URL, Owner: l.Owner, Repo: l.Repo, HTTPClient: hc, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// api is a raw API call, for setting the server up and for looking at
// what the adapter did without going through it.
func (l *live) api(t *testing.T, method, path, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, l.URL+"/api/v1"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, data)
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return resp.StatusCode
}

func (l *live) repoPath(rest string) string { return "/repos/" + l.Owner + "/" + l.Repo + rest }

// branch creates a branch off main holding one new file, through the
// contents API (synchronous, unlike a push, which Gitea queues).
func (l *live) branch(t *testing.T, name, file, content string) {
	t.Helper()
	l.api(t, "POST", l.repoPath("/contents/"+file), l.OwnerToken, map[string]any{
		"content":    base64.StdEncoding.EncodeToString([]byte(content)),
		"message":    "add " + file,
		"branch":     "main",
		"new_branch": name,
		"author":     map[string]string{"name": "alice", "email": "alice@example.invalid"},
	}, nil)
}

// openPR opens a pull request as alice and returns its number.
func (l *live) openPR(t *testing.T, head, title string) int {
	t.Helper()
	var pr struct{ Number int }
	l.api(t, "POST", l.repoPath("/pulls"), l.OwnerToken, map[string]string{"base": "main", "head": head, "title": title}, &pr)
	return pr.Number
}

// waitMergeable waits for Gitea's background conflict check.
func (l *live) waitMergeable(t *testing.T, number int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var pr struct{ Mergeable bool }
		l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls/%d", number)), l.OwnerToken, nil, &pr)
		if pr.Mergeable {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pull request %d not mergeable after 30s", number)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// git runs git in the seeded clone.
func (l *live) git(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", l.SeedRepo}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimRight(string(out), "\n")
}

// rawComment is a review comment as the API returns it.
type rawComment struct {
	ID       int64  `json:"id"`
	Body     string `json:"body"`
	Path     string `json:"path"`
	DiffHunk string `json:"diff_hunk"`
	Position int    `json:"position"`
	Original int    `json:"original_position"`
	Resolver *struct {
		Login string `json:"login"`
	} `json:"resolver"`
}

// rawComments reads every review comment of a pull request, paging as
// the server says (its page size may be small).
func (l *live) rawComments(t *testing.T, number int) map[int64]rawComment {
	t.Helper()
	out := map[int64]rawComment{}
	for page := 1; ; page++ {
		var reviews []struct {
			ID    int64 `json:"id"`
			Count int   `json:"comments_count"`
		}
		l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls/%d/reviews?page=%d", number, page)), l.OwnerToken, nil, &reviews)
		if len(reviews) == 0 {
			return out
		}
		for _, rv := range reviews {
			if rv.Count == 0 {
				continue
			}
			var cs []rawComment
			l.api(t, "GET", l.repoPath(fmt.Sprintf("/pulls/%d/reviews/%d/comments", number, rv.ID)), l.OwnerToken, nil, &cs)
			for _, c := range cs {
				out[c.ID] = c
			}
		}
	}
}

// lastHunkLine is the line a comment's diff hunk ends on: Gitea cuts the
// hunk at the commented line, so this is an oracle for the anchor that
// does not go through positions.
func lastHunkLine(hunk string) string {
	lines := strings.Split(strings.TrimRight(hunk, "\n"), "\n")
	return lines[len(lines)-1]
}
