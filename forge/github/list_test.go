package github

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"reef/forge"
	"reef/forge/forgetest"
)

// recordedLinks are the Link headers @octokit/fixtures recorded while
// paging through five pages of issues on api.github.com, pointed at the
// fake server.
func recordedLinks(t *testing.T, serverURL string) []string {
	var pages []struct {
		Link string `json:"link"`
	}
	if err := json.Unmarshal(fixture(t, "octokit-fixtures/paginate-issues-links.json"), &pages); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pages {
		out = append(out, strings.ReplaceAll(p.Link, "https://api.github.com", serverURL))
	}
	return out
}

func pageOf(t *testing.T, number int) []byte {
	return derive(t, fixture(t, "octokit-openapi/pull-request-simple-items.json"), func(v any) any {
		v.([]any)[0].(map[string]any)["number"] = float64(number)
		return v
	})
}

// The adapter follows each Link rel="next" exactly as GitHub wrote it,
// even when it leaves /repos/OWNER/REPO for /repositories/ID.
func TestListFollowsRecordedLinkHeaders(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	links := recordedLinks(t, s.URL)
	s.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls", Query: map[string]string{"per_page": "100", "state": "open"},
		RespBody: pageOf(t, 1), RespHeader: map[string]string{"Link": links[0]}})
	for page := 2; page <= 5; page++ {
		s.Stub(forgetest.Stub{Path: "/repositories/1000/issues", Query: map[string]string{"per_page": "3", "page": strconv.Itoa(page)},
			RespBody: pageOf(t, page), RespHeader: map[string]string{"Link": links[page-1]}})
	}
	prs, err := f.ListPullRequests(context.Background(), forge.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 5 || prs[0].Number != 1 || prs[4].Number != 5 {
		t.Fatalf("listed %+v", numbers(prs))
	}
	p := prs[0]
	if p.Title != "Amazing new feature" || p.Head != "new-topic" || p.Base != "master" || p.HeadSHA != headSHA ||
		len(p.Labels) != 1 || p.Labels[0] != "bug" || p.Author.Login != "octocat" || p.State != forge.Open {
		t.Errorf("first pull request %+v", p)
	}
}

// A limit asks for small pages and stops fetching once it has enough.
func TestListLimitStopsEarly(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	links := recordedLinks(t, s.URL)
	s.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls", Query: map[string]string{"per_page": "2"},
		RespBody: pageOf(t, 1), RespHeader: map[string]string{"Link": links[0]}})
	s.Stub(forgetest.Stub{Path: "/repositories/1000/issues", Query: map[string]string{"page": "2"},
		RespBody: pageOf(t, 2), RespHeader: map[string]string{"Link": links[1]}})
	prs, err := f.ListPullRequests(context.Background(), forge.ListQuery{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(prs); len(got) != 2 || got[1] != 2 {
		t.Errorf("listed %v, want [1 2] (and page 3 never asked for)", got)
	}
}

// A next page on another host is not followed (the token must not go
// there), nor is a Link chain that comes back to a page already read.
func TestListRefusesForeignAndLoopingLinks(t *testing.T) {
	for _, tc := range []struct{ name, link, want string }{
		{"foreign", `<https://evil.example/repos/octocat/Hello-World/pulls?page=2>; rel="next"`, "another host"},
		{"loop", `<{{URL}}/repos/octocat/Hello-World/pulls?per_page=100&page=1>; rel="next"`, "loops"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := forgetest.NewServer(t)
			f := newTestForge(t, s, "/")
			link := strings.ReplaceAll(tc.link, "{{URL}}", s.URL)
			s.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls", Query: map[string]string{"page": forgetest.Absent},
				RespBody: pageOf(t, 1), RespHeader: map[string]string{"Link": link}})
			if tc.name == "loop" {
				s.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls", Query: map[string]string{"page": "1"},
					RespBody: pageOf(t, 1), RespHeader: map[string]string{"Link": link}})
			}
			_, err := f.ListPullRequests(context.Background(), forge.ListQuery{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, forge.ErrInvalid) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// Every query other than "open, unfiltered" goes to the issue search
// with the qualifiers that say it.
func TestListSearchQueries(t *testing.T) {
	for _, tc := range []struct {
		q    forge.ListQuery
		want string
	}{
		{forge.ListQuery{State: forge.Closed}, "repo:octocat/Hello-World is:pr is:closed is:unmerged"},
		{forge.ListQuery{State: forge.Merged}, "repo:octocat/Hello-World is:pr is:merged"},
		{forge.ListQuery{Mine: true}, "repo:octocat/Hello-World is:pr is:open author:@me"},
		{forge.ListQuery{ReviewRequested: true, Search: "  fix\n typo "}, "repo:octocat/Hello-World is:pr is:open review-requested:@me fix typo"},
	} {
		s := forgetest.NewServer(t)
		f := newTestForge(t, s, "/")
		s.Stub(forgetest.Stub{Path: "/search/issues", Query: map[string]string{"q": tc.want, "per_page": "100", "sort": "updated"},
			RespBody: fixture(t, "octokit-openapi/issue-search-result-item-paginated.json")})
		prs, err := f.ListPullRequests(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%+v: %v", tc.q, err)
		}
		if len(prs) != 1 || prs[0].Number != 132 || prs[0].State != forge.Open || prs[0].Author.Login != "Nick3C" ||
			prs[0].Title != "Line Number Indexes Beyond 20 Not Displayed" {
			t.Errorf("%+v: listed %+v", tc.q, prs)
		}
	}
}

// A search hit that is closed with pull_request.merged_at set is merged;
// closed without it, closed.
func TestSearchResultStates(t *testing.T) {
	var res map[string]any
	if err := json.Unmarshal(fixture(t, "octokit-openapi/issue-search-result-item-paginated.json"), &res); err != nil {
		t.Fatal(err)
	}
	item := res["items"].([]any)[0].(map[string]any)
	merged := map[string]any{}
	for k, v := range item {
		merged[k] = v
	}
	merged["state"] = "closed"
	merged["number"] = 133.0
	merged["pull_request"].(map[string]any)["merged_at"] = "2011-04-22T13:33:48Z"
	closed := map[string]any{}
	for k, v := range item {
		closed[k] = v
	}
	closed["state"], closed["number"], closed["pull_request"] = "closed", 134.0, map[string]any{"url": "x"}
	res["items"] = []any{merged, closed}

	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	s.Stub(forgetest.Stub{Path: "/search/issues", RespBody: jsonOf(t, res)})
	prs, err := f.ListPullRequests(context.Background(), forge.ListQuery{State: forge.Closed, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 2 || prs[0].State != forge.Merged || prs[1].State != forge.Closed {
		t.Errorf("states %+v", prs)
	}
}

func TestListRejectsUnknownState(t *testing.T) {
	s := forgetest.NewServer(t)
	f := newTestForge(t, s, "/")
	if _, err := f.ListPullRequests(context.Background(), forge.ListQuery{State: "draft"}); !errors.Is(err, forge.ErrInvalid) {
		t.Errorf("error %v, want ErrInvalid without a request", err)
	}
}

func numbers(prs []forge.PullRequest) []int {
	var out []int
	for _, p := range prs {
		out = append(out, p.Number)
	}
	return out
}
