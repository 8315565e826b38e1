// Package bitbucket is reef's Bitbucket Cloud adapter: forge.Forge over
// REST 2.0 (https://api.bitbucket.org/2.0) with net/http, because the Go
// client available cannot post inline comments.
//
// Lists follow the "next" URL each page gives, and only while it stays on
// the API's host. The pull request diff and diffstat endpoints answer
// with a redirect; it is followed, and the credentials go with it only
// when it stays on the API host: they travel in the HTTP client the
// caller passes (forge/internal/httpx's authenticating client, which adds
// them per host), never in this package.
//
// Bitbucket has no review object: a review here is its inline comments,
// its body as a general comment, then /approve or /request-changes. The
// API accepts "pending" comments but has no call that publishes them
// (PUT with pending is refused as "extra keys not allowed"), so comments
// of a review are published one by one: see SubmitReview.
package bitbucket

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"reef/forge"
)

// DefaultAPIURL is Bitbucket Cloud's REST API root.
const DefaultAPIURL = "https://api.bitbucket.org/2.0"

// Config says which repository to talk to and how.
type Config struct {
	// APIURL is the REST API root; "" is DefaultAPIURL.
	APIURL    string
	Workspace string // the workspace slug or {UUID}
	Repo      string // the repository slug
	// HTTPClient sends the requests and carries the credentials (Bearer
	// for access tokens, Basic with BITBUCKET_USERNAME for API tokens);
	// nil is an unauthenticated client with a one-minute timeout.
	HTTPClient *http.Client
}

// Forge is one Bitbucket Cloud repository.
type Forge struct {
	client    *http.Client
	base      *url.URL // the API root, no trailing slash
	workspace string
	repo      string
}

var _ forge.Forge = (*Forge)(nil)

// New returns the adapter for cfg's repository. It sends nothing.
func New(cfg Config) (*Forge, error) {
	if cfg.Workspace == "" || cfg.Repo == "" {
		return nil, fmt.Errorf("bitbucket: workspace and repository are required (got %q/%q)", cfg.Workspace, cfg.Repo)
	}
	raw := cfg.APIURL
	if raw == "" {
		raw = DefaultAPIURL
	}
	base, err := url.Parse(raw)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, fmt.Errorf("bitbucket: API URL %q is not an http(s) URL: set it like %s", raw, DefaultAPIURL)
	}
	// Credentials must not cross the network in clear text; plain http is
	// only for a server on this machine (tests, a local proxy).
	if base.Scheme == "http" && !isLoopback(base.Hostname()) {
		return nil, fmt.Errorf("bitbucket: API URL %q uses plain http: use https", raw)
	}
	base.RawQuery, base.Fragment, base.User = "", "", nil
	base.Path = strings.TrimSuffix(base.Path, "/")
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	return &Forge{client: withRedirectPolicy(hc), base: base, workspace: cfg.Workspace, repo: cfg.Repo}, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Kind is forge.Bitbucket.
func (f *Forge) Kind() forge.Kind { return forge.Bitbucket }

// Capabilities of Bitbucket Cloud. Pending reviews are off: pending
// comments exist but no documented call publishes them.
func (f *Forge) Capabilities() forge.Capabilities {
	return forge.Capabilities{
		RequestChanges: true,
		ResolveThreads: true,
		PendingReviews: false,
		RangeComments:  true,
		Draft:          true,
		MergeMethods:   []forge.MergeMethod{forge.MergeCommit, forge.Squash, forge.Rebase},
	}
}

// apiURL is the API root joined with escaped path segments.
func (f *Forge) apiURL(segments ...string) string {
	var b strings.Builder
	b.WriteString(f.base.String())
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// repoURL is a URL under /repositories/{workspace}/{repo}.
func (f *Forge) repoURL(segments ...string) string {
	return f.apiURL(append([]string{"repositories", f.workspace, f.repo}, segments...)...)
}

// prURL is a URL under the pull request's own path.
func (f *Forge) prURL(number int, segments ...string) string {
	return f.repoURL(append([]string{"pullrequests", fmt.Sprint(number)}, segments...)...)
}

// sameHost says whether u is on the API's scheme and host: the only
// place credentials and pagination may go.
func (f *Forge) sameHost(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, f.base.Scheme) && strings.EqualFold(u.Host, f.base.Host)
}
