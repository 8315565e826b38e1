package github

import (
	"context"
	"net/http"
	"net/url"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
	"reef/forge/internal/httpx"
)

// maxPages stops a Link chain that never ends (a server bug, or one
// that points back at an earlier page).
const maxPages = 500

// collect reads a list endpoint page by page, following each answer's
// Link rel="next" URL as GitHub gives it (it may name another path, as
// /repositories/ID/... does), until there is no next page or limit items
// are in (limit 0: all of them). page turns one decoded answer into its
// items: the answer is an array, or an object holding one.
func collect[P, T any](ctx context.Context, f *Forge, op, path string, limit int, page func(*P) []T) ([]T, error) {
	var out []T
	seen := map[string]bool{}
	for n := 0; path != ""; n++ {
		if n == maxPages || seen[path] {
			return nil, &forge.Error{Op: op, Message: "the pages never end: the server's Link header loops", Err: forge.ErrInvalid}
		}
		seen[path] = true
		var p P
		resp, err := f.do(ctx, op, http.MethodGet, path, nil, &p)
		if err != nil {
			return nil, err
		}
		out = append(out, page(&p)...)
		if limit > 0 && len(out) >= limit {
			return out[:limit], nil
		}
		if path, err = f.next(op, resp); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// next is the Link header's rel="next" URL, "" on the last page. A next
// page on another host is refused: the credentials must not follow it.
func (f *Forge) next(op string, resp *gh.Response) (string, error) {
	link := httpx.NextLink(resp.Header)
	if link == "" {
		return "", nil
	}
	u, err := resp.Request.URL.Parse(link)
	if err != nil {
		return "", &forge.Error{Op: op, Message: "the next page's link does not parse", Err: forge.ErrInvalid}
	}
	if !httpx.SameOrigin(u.String(), f.base.String()) {
		return "", &forge.Error{Op: op, Message: "the next page is on another host (" + httpx.OneLine(u.Host, 100) + ")",
			Hint: "check the API URL", Err: forge.ErrInvalid}
	}
	return u.String(), nil
}

// perPage is the page size to ask for: GitHub's maximum unless fewer
// items are wanted.
func perPage(limit int) int {
	if limit > 0 && limit < 100 {
		return limit
	}
	return 100
}

// query builds a relative URL with its query string.
func query(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}
