package github

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"reef/forge/forgetest"
)

// A renamed repository answers 301 to its /repositories/ID address
// (recorded by @octokit/fixtures). On the same host the redirect is
// followed with the token; towards another host it is followed without
// it.
func TestRenamedRepositoryRedirect(t *testing.T) {
	var rec struct {
		Headers  map[string]string `json:"headers"`
		Response json.RawMessage   `json:"response"`
	}
	if err := json.Unmarshal(fixture(t, "octokit-fixtures/rename-repository-301.json"), &rec); err != nil {
		t.Fatal(err)
	}
	for _, sameHost := range []bool{true, false} {
		s := forgetest.NewServer(t)
		f := newTestForge(t, s, "/")
		target := s
		if !sameHost {
			target = forgetest.NewServer(t) // another port: another origin
		}
		loc := strings.Replace(rec.Headers["location"], "https://api.github.com", target.URL, 1) + "/pulls/1347"
		s.Stub(forgetest.Stub{Path: repoPath("/", "pulls/1347"), Status: 301,
			RespHeader: map[string]string{"Location": loc}, RespBody: rec.Response})
		auth := "Bearer " + testToken
		if !sameHost {
			auth = forgetest.Absent
		}
		target.Stub(forgetest.Stub{Path: "/repositories/1000/pulls/1347", Header: map[string]string{"Authorization": auth},
			RespBody: fixture(t, "octokit-openapi/pull-request.json")})
		target.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls/1347/reviews", Times: forgetest.AnyTimes,
			RespBody: []byte(`[]`)})
		if !sameHost {
			s.Stub(forgetest.Stub{Path: "/repos/octocat/Hello-World/pulls/1347/reviews", RespBody: []byte(`[]`)})
		}
		pr, err := f.PullRequest(context.Background(), 1347)
		if err != nil {
			t.Fatalf("same host %v: %v", sameHost, err)
		}
		if pr.Number != 1347 {
			t.Errorf("same host %v: got #%d", sameHost, pr.Number)
		}
	}
}
