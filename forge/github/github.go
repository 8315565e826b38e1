// Package github is reef's GitHub and GitHub Enterprise Server adapter:
// forge.Forge over the REST API (go-github) plus the two GraphQL calls
// REST lacks (review threads' resolved state, resolving a thread).
//
// Every request carries X-GitHub-Api-Version: 2022-11-28. Lists follow
// the Link header's next URL page by page. Credentials travel in the
// HTTP client the caller passes (forge/internal/httpx's authenticating
// client), never in this package.
package github

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// DefaultAPIURL is github.com's REST API root.
const DefaultAPIURL = "https://api.github.com/"

// APIVersion is the REST API version every request asks for.
const APIVersion = "2022-11-28"

// Config says which repository to talk to and how.
type Config struct {
	// APIURL is the REST API root: "" is github.com; GitHub Enterprise
	// Server's is https://HOST/api/v3/.
	APIURL string
	Owner  string
	Repo   string
	// HTTPClient sends the requests and carries the credentials; nil is
	// an unauthenticated client with a one-minute timeout.
	HTTPClient *http.Client
}

// Forge is one GitHub repository.
type Forge struct {
	client     *gh.Client
	owner      string
	repo       string
	base       *url.URL // the REST root, with a trailing slash
	graphqlURL string
}

var _ forge.Forge = (*Forge)(nil)

// New returns the adapter for cfg's repository. It sends nothing.
func New(cfg Config) (*Forge, error) {
	if cfg.Owner == "" || cfg.Repo == "" {
		return nil, fmt.Errorf("github: owner and repository are required (got %q/%q)", cfg.Owner, cfg.Repo)
	}
	raw := cfg.APIURL
	if raw == "" {
		raw = DefaultAPIURL
	}
	base, err := url.Parse(raw)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("github: API URL %q is not an http(s) URL: set it like https://github.example.com/api/v3/", raw)
	}
	base.RawQuery, base.Fragment, base.User = "", "", nil
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	s := base.String()
	client, err := gh.NewClient(
		gh.WithHTTPClient(hc),
		gh.WithURLs(&s, &s),
		gh.WithUserAgent("reef"),
	)
	if err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	return &Forge{client: client, owner: cfg.Owner, repo: cfg.Repo, base: base, graphqlURL: graphqlURL(base)}, nil
}

// graphqlURL is where a REST root's GraphQL endpoint lives: github.com's
// /graphql beside the REST root, GHES's /api/graphql beside /api/v3/.
func graphqlURL(base *url.URL) string {
	u := *base
	if p, ok := strings.CutSuffix(u.Path, "/api/v3/"); ok {
		u.Path = p + "/api/graphql"
	} else {
		u.Path += "graphql"
	}
	return u.String()
}

// Kind is forge.GitHub.
func (f *Forge) Kind() forge.Kind { return forge.GitHub }

// Capabilities are GitHub's: everything. Which merge methods a
// repository allows is only visible to its admins, so all three are
// offered and the server's refusal reported.
func (f *Forge) Capabilities() forge.Capabilities {
	return forge.Capabilities{
		RequestChanges: true,
		ResolveThreads: true,
		PendingReviews: true,
		RangeComments:  true,
		Draft:          true,
		MergeMethods:   []forge.MergeMethod{forge.MergeCommit, forge.Squash, forge.Rebase},
	}
}

// repoPath is a path under the repository, relative to the API root.
func (f *Forge) repoPath(format string, args ...any) string {
	p := "repos/" + url.PathEscape(f.owner) + "/" + url.PathEscape(f.repo)
	if format != "" {
		p += "/" + fmt.Sprintf(format, args...)
	}
	return p
}

// do sends one JSON request and decodes the answer into out (nil: the
// body is dropped), mapping every failure to a *forge.Error.
func (f *Forge) do(ctx context.Context, op, method, path string, body, out any) (*gh.Response, error) {
	req, err := f.request(ctx, op, method, path, body, "application/vnd.github+json")
	if err != nil {
		return nil, err
	}
	resp, err := f.client.Do(req, out)
	if err != nil {
		return resp, f.fail(ctx, op, resp, err)
	}
	return resp, nil
}

// request builds a request with the API version reef was written
// against pinned (go-github's default may move on), and accept.
func (f *Forge) request(ctx context.Context, op, method, path string, body any, accept string) (*http.Request, error) {
	req, err := f.client.NewRequest(ctx, method, path, body)
	if err != nil {
		return nil, &forge.Error{Op: op, Message: err.Error(), Err: forge.ErrInvalid}
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("X-GitHub-Api-Version", APIVersion)
	return req, nil
}

// Me is the account the credentials belong to.
func (f *Forge) Me(ctx context.Context) (forge.User, error) {
	var u gh.User
	if _, err := f.do(ctx, "read the signed-in user", http.MethodGet, "user", nil, &u); err != nil {
		return forge.User{}, err
	}
	return user(&u), nil
}

func user(u *gh.User) forge.User {
	if u == nil {
		return forge.User{}
	}
	return forge.User{Login: u.GetLogin(), Name: u.GetName()}
}
