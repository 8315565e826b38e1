// Package gitea is the forge adapter for Gitea and Forgejo (which speaks
// the same API), built on code.gitea.io/sdk/gitea.
//
// Gitea anchors a review comment to one side of one line: new_position
// is a line number in the head's file (added and context lines),
// old_position one in the base's file (removed lines). There are no
// range comments. A conversation ("thread") is every review comment on
// the same path and line, whichever review holds it, and its first
// comment carries the resolved mark: that first comment's id is the
// thread id.
package gitea

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/internal/httpx"
)

// Config says which repository on which server, and how to reach it.
type Config struct {
	// APIURL is the server's base URL (https://HOST, or with a path
	// prefix when Gitea is served under one); the SDK adds /api/v1, and a
	// trailing /api/v1 given here is dropped.
	APIURL string
	Owner  string
	Repo   string
	// HTTPClient carries the credentials (httpx.New: "Authorization:
	// Bearer" or "token", Gitea takes both, sent to this host only) and
	// the redirect and TLS policy. nil is anonymous access with a
	// one-minute timeout.
	HTTPClient *http.Client
	// Credential is what HTTPClient sends, if anything: errors name it in
	// their hints and never show its token. Optional.
	Credential creds.Credential
}

// Forge is one Gitea or Forgejo repository.
type Forge struct {
	base        string // server URL without /api/v1 and trailing slash
	owner, repo string
	hc          *http.Client
	mapper      httpx.Mapper

	mu sync.Mutex
	me *forge.User // cached once known: listing "mine" and "review requested" needs it
}

var _ forge.Forge = (*Forge)(nil)

// New checks the configuration; it makes no request.
func New(cfg Config) (*Forge, error) {
	if cfg.Owner == "" || cfg.Repo == "" {
		return nil, errors.New("gitea: owner and repository are required (as in https://HOST/OWNER/REPO)")
	}
	u, err := url.Parse(strings.TrimSpace(cfg.APIURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("gitea: API URL %q is not an http(s) URL; give the server's address, e.g. https://gitea.example.com", httpx.Redact(cfg.APIURL))
	}
	if u.User != nil {
		return nil, errors.New("gitea: the API URL must not carry credentials; use a token (GITEA_TOKEN) instead")
	}
	u.RawQuery, u.Fragment = "", ""
	base := strings.TrimSuffix(u.String(), "/")
	base = strings.TrimSuffix(base, "/api/v1")
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	return &Forge{base: base, owner: cfg.Owner, repo: cfg.Repo, hc: hc,
		mapper: httpx.Mapper{Kind: forge.Gitea, Host: u.Hostname(), Credential: cfg.Credential}}, nil
}

// Kind is forge.Gitea (Forgejo included).
func (f *Forge) Kind() forge.Kind { return forge.Gitea }

// Capabilities of Gitea 1.26 (and Forgejo, except where noted).
func (f *Forge) Capabilities() forge.Capabilities {
	return forge.Capabilities{
		RequestChanges: true,
		// The resolve endpoints are Gitea 1.26+; Forgejo and older Gitea
		// answer 404, which Resolve explains.
		ResolveThreads: true,
		PendingReviews: true,
		RangeComments:  false,
		Draft:          true, // a "WIP:" title prefix
		MergeMethods:   []forge.MergeMethod{forge.MergeCommit, forge.Squash, forge.Rebase},
	}
}

// call is one operation's SDK client: the SDK keeps a single context per
// client, so each operation gets its own client bound to its context
// (building one makes no request), and a transport that keeps the body
// of an error answer for the error message.
type call struct {
	c      *sdk.Client
	op     string
	rec    *errorRecorder
	mapper httpx.Mapper
}

func (f *Forge) call(ctx context.Context, op string) (*call, error) {
	rec := &errorRecorder{}
	base := f.hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	hc := *f.hc // copy: keep the caller's redirect policy, jar and timeout
	hc.Transport = &recordingTransport{base: base, rec: rec}
	c, err := sdk.NewClient(f.base,
		sdk.SetHTTPClient(&hc),
		sdk.SetContext(ctx),
		// No /version probe: it would cost every operation a request made
		// without its context, to guard endpoints older than any Gitea or
		// Forgejo still maintained.
		sdk.SetGiteaVersion(""),
	)
	if err != nil {
		return nil, &forge.Error{Op: op, Message: err.Error()}
	}
	return &call{c: c, op: op, rec: rec, mapper: f.mapper}, nil
}

// pageSize is Gitea's default MAX_RESPONSE_ITEMS: asking for more gets
// that many anyway.
const pageSize = 50

// anyPages bounds every walk (50,000 items), should a server keep
// naming a next page.
const anyPages = 1000

// collect pages through a list until it ends or limit items are kept
// (limit <= 0: all). keep filters items; maxPages (if > 0) bounds the
// requests.
func collect[T any](limit, maxPages int, keep func(T) bool, page func(n int) ([]T, *sdk.Response, error)) ([]T, error) {
	if maxPages <= 0 || maxPages > anyPages {
		maxPages = anyPages
	}
	var out []T
	seen := 0
	for n := 1; n <= maxPages; n++ {
		items, resp, err := page(n)
		if err != nil {
			return nil, err
		}
		seen += len(items)
		for _, it := range items {
			if keep != nil && !keep(it) {
				continue
			}
			out = append(out, it)
			if limit > 0 && len(out) >= limit {
				return out, nil
			}
		}
		if len(items) == 0 || !morePages(resp, n, seen) {
			break
		}
	}
	return out, nil
}

// morePages says whether page n was not the last: by the Link header,
// or, where Gitea sends none (the reviews of a pull request), by
// X-Total-Count. Short pages prove nothing: a server's
// MAX_RESPONSE_ITEMS may be below pageSize.
func morePages(resp *sdk.Response, n, seen int) bool {
	if resp == nil || resp.Response == nil {
		return false
	}
	if resp.NextPage > n {
		return true
	}
	total, err := strconv.Atoi(resp.Header.Get("X-Total-Count"))
	return err == nil && resp.Header.Get("Link") == "" && seen < total
}

func user(u *sdk.User) forge.User {
	if u == nil {
		return forge.User{}
	}
	return forge.User{Login: u.UserName, Name: u.FullName}
}

// Me is the user the token belongs to.
func (f *Forge) Me(ctx context.Context) (forge.User, error) {
	c, err := f.call(ctx, "read the signed-in user")
	if err != nil {
		return forge.User{}, err
	}
	u, resp, err := c.c.GetMyUserInfo()
	if err != nil {
		return forge.User{}, c.fail(resp, err)
	}
	me := user(u)
	f.mu.Lock()
	f.me = &me
	f.mu.Unlock()
	return me, nil
}

func (f *Forge) login(ctx context.Context) (string, error) {
	f.mu.Lock()
	me := f.me
	f.mu.Unlock()
	if me != nil {
		return me.Login, nil
	}
	u, err := f.Me(ctx)
	return u.Login, err
}
