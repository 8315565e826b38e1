// Package gitlab is the forge adapter for GitLab (gitlab.com and
// self-managed), built on gitlab.com/gitlab-org/api/client-go/v2.
//
// A pull request is a merge request, numbered by its iid. Inline comments
// are diff discussions whose position is built from the merge request's
// diff_refs: new_line for an added line, old_line for a removed one and
// both for a context line, which is why the adapter reads the merge
// request's diffs before it comments (the caller names one side and one
// line; GitLab wants to know which kind of line that is). Ranges add a
// line_range whose ends carry GitLab's line codes. A batch review is a
// set of draft notes published together, then the verdict: /approve, or
// the /request_changes quick action on servers that record that reviewer
// state (GitLab 17.3 and later).
package gitlab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// Config says which project on which server, and how to reach it.
type Config struct {
	// APIURL is the REST API root, https://HOST/api/v4 (a bare
	// https://HOST, or one with the path prefix of a relative-URL
	// install, gets /api/v4 added).
	APIURL string
	// Project is the project's path with its namespace, group/sub/repo.
	Project string
	// HTTPClient carries the credentials (a transport that sends the
	// token to this host only) and the redirect and TLS policy. nil is
	// anonymous access with Go's defaults.
	HTTPClient *http.Client
	// ServerVersion, when the caller already knows it ("18.1.1-ee"),
	// saves the /version request that deciding RequestChanges needs.
	ServerVersion string
}

// Forge is one GitLab project.
type Forge struct {
	c       *gl.Client
	project string

	// pollEvery paces the wait for an asynchronous rebase.
	pollEvery time.Duration

	mu      sync.Mutex
	version string      // the server's version once known
	me      *forge.User // the token's user once known
	meID    int64
}

var _ forge.Forge = (*Forge)(nil)

// requestChangesSince is the first GitLab whose reviewers can always
// record "requested changes": the state came in 16.11 behind the
// mr_reviewer_requests_changes flag, was on by default in 17.2, and the
// flag was removed in 17.3.
var requestChangesSince = [2]int{17, 3}

// New checks the configuration and builds the client; it makes no
// request.
func New(cfg Config) (*Forge, error) {
	project := strings.Trim(strings.TrimSpace(cfg.Project), "/")
	if project == "" || !strings.Contains(project, "/") {
		return nil, fmt.Errorf("gitlab: project %q must be a path with its namespace, as in https://HOST/group/repo", cfg.Project)
	}
	base, err := apiBase(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient // never change the caller's client
		hc = &copied
	}
	hc.Transport = &keepErrorBody{next: hc.Transport}

	c, err := gl.NewAuthSourceClient(gl.Unauthenticated{}, // the HTTP client authenticates
		gl.WithBaseURL(base),
		gl.WithHTTPClient(hc),
		// A retry would repeat a POST (a comment posted twice) and
		// hide 429s that the caller should see with their reset time.
		gl.WithoutRetries(),
		// GitLab's 429 says when to come back; guessing a pace from
		// RateLimit-Limit would only slow every call down.
		gl.WithCustomLimiter(noLimit{}),
		gl.WithURLWarningLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		gl.WithUserAgent("reef"),
	)
	if err != nil {
		return nil, fmt.Errorf("gitlab: %w", err)
	}
	return &Forge{c: c, project: project, pollEvery: time.Second, version: cfg.ServerVersion}, nil
}

// apiBase turns what the user gave into the API root.
func apiBase(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("gitlab: API URL %q is not an http(s) URL; give https://HOST/api/v4", raw)
	}
	if u.User != nil {
		return "", errors.New("gitlab: the API URL must not carry credentials; use a token (GITLAB_TOKEN) instead")
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/api/v4") {
		u.Path += "/api/v4"
	}
	u.RawPath = ""
	return u.String() + "/", nil
}

type noLimit struct{}

func (noLimit) Wait(context.Context) error { return nil }

// Kind is forge.GitLab.
func (f *Forge) Kind() forge.Kind { return forge.GitLab }

// Capabilities of this server. RequestChanges stays off until the
// server's version is known to record it (Config.ServerVersion,
// DetectVersion, or a review that needed to ask).
func (f *Forge) Capabilities() forge.Capabilities {
	f.mu.Lock()
	v := f.version
	f.mu.Unlock()
	return forge.Capabilities{
		RequestChanges: versionAtLeast(v, requestChangesSince),
		ResolveThreads: true,
		PendingReviews: true, // draft notes, published in bulk
		RangeComments:  true, // position.line_range
		Draft:          true, // a "Draft: " title prefix
		// Rebase is /rebase, then a merge by the project's own merge
		// method: linear only where that method is fast-forward.
		MergeMethods: []forge.MergeMethod{forge.MergeCommit, forge.Squash, forge.Rebase},
	}
}

// DetectVersion asks the server its version (GET /version) once and
// remembers it; Capabilities reflects it from then on.
func (f *Forge) DetectVersion(ctx context.Context) (string, error) {
	f.mu.Lock()
	v := f.version
	f.mu.Unlock()
	if v != "" {
		return v, nil
	}
	got, resp, err := f.c.Version.GetVersion(gl.WithContext(ctx))
	if err != nil {
		return "", f.fail(ctx, "read the GitLab version", resp, err)
	}
	if got.Version == "" {
		return "", &forge.Error{Op: "read the GitLab version", Message: "the server did not say its version",
			Hint: "check that the API URL is a GitLab server's /api/v4"}
	}
	f.mu.Lock()
	f.version = got.Version
	f.mu.Unlock()
	return got.Version, nil
}

// versionAtLeast compares "18.1.1-ee" with a major.minor; an unknown or
// unreadable version is not at least anything.
func versionAtLeast(v string, min [2]int) bool {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false
	}
	return major > min[0] || (major == min[0] && minor >= min[1])
}

// Me is the user the token belongs to (GET /user), remembered.
func (f *Forge) Me(ctx context.Context) (forge.User, error) {
	u, _, err := f.whoami(ctx)
	return u, err
}

// whoami is Me with the user's numeric id.
func (f *Forge) whoami(ctx context.Context) (forge.User, int64, error) {
	f.mu.Lock()
	me, id := f.me, f.meID
	f.mu.Unlock()
	if me != nil {
		return *me, id, nil
	}
	u, resp, err := f.c.Users.CurrentUser(gl.WithContext(ctx))
	if err != nil {
		return forge.User{}, 0, f.fail(ctx, "read the current user", resp, err)
	}
	if u.Username == "" {
		return forge.User{}, 0, malformed("read the current user", resp, "no user")
	}
	user := forge.User{Login: u.Username, Name: u.Name}
	f.mu.Lock()
	f.me, f.meID = &user, u.ID
	f.mu.Unlock()
	return user, u.ID, nil
}

func ptr[T any](v T) *T { return &v }

func toUser(u *gl.BasicUser) forge.User {
	if u == nil {
		return forge.User{}
	}
	return forge.User{Login: u.Username, Name: u.Name}
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
