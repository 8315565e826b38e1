package gitlab

import (
	"net/url"
	"strconv"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// perPage is GitLab's largest page.
const perPage = 100

// maxPages stops a listing that never ends (a server that keeps saying
// "next") from running forever.
const maxPages = 1000

// nextPage is the page after resp: X-Next-Page, or the page number in
// the Link header's rel="next" (only the number is taken, so a Link
// pointing elsewhere can never send the token to another host). 0 is
// the end.
func nextPage(resp *gl.Response) int64 {
	if resp == nil {
		return 0
	}
	if resp.NextPage > 0 {
		return resp.NextPage
	}
	if resp.NextLink == "" {
		return 0
	}
	u, err := url.Parse(resp.NextLink)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64)
	if err != nil || n <= resp.CurrentPage {
		return 0
	}
	return n
}

// collect fetches pages from 1 until the last one, or until limit items
// (0: no limit). fetch gets the page number and the page size.
func collect[T any](limit int, fetch func(page, size int64) ([]T, *gl.Response, error)) ([]T, *gl.Response, error) {
	size := int64(perPage)
	if limit > 0 && limit < perPage {
		size = int64(limit)
	}
	var all []T
	page := int64(1)
	for range maxPages {
		items, resp, err := fetch(page, size)
		if err != nil {
			return nil, resp, err
		}
		all = append(all, items...)
		if limit > 0 && len(all) >= limit {
			return all[:limit], resp, nil
		}
		next := nextPage(resp)
		if next == 0 || next == page || len(items) == 0 {
			return all, resp, nil
		}
		page = next
	}
	return all, nil, nil
}
