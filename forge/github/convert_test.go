package github

import (
	"net/http"
	"testing"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

func TestNewConfig(t *testing.T) {
	for _, tc := range []struct{ api, rest, graphql string }{
		{"", "https://api.github.com/", "https://api.github.com/graphql"},
		{"https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"},
		{"https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/graphql"},
	} {
		f, err := New(Config{APIURL: tc.api, Owner: "o", Repo: "r", HTTPClient: http.DefaultClient})
		if err != nil {
			t.Fatalf("%q: %v", tc.api, err)
		}
		if f.base.String() != tc.rest || f.graphqlURL != tc.graphql || f.client.BaseURL() != tc.rest {
			t.Errorf("%q: REST %s, GraphQL %s; want %s, %s", tc.api, f.base, f.graphqlURL, tc.rest, tc.graphql)
		}
		if f.Kind() != forge.GitHub || !f.Capabilities().ResolveThreads || len(f.Capabilities().MergeMethods) != 3 {
			t.Errorf("kind %s, capabilities %+v", f.Kind(), f.Capabilities())
		}
	}
	for _, bad := range []Config{{Owner: "o"}, {Repo: "r"}, {APIURL: "ftp://x", Owner: "o", Repo: "r"}, {APIURL: "api.github.com", Owner: "o", Repo: "r"}} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
}

func ghReview(login, state string) *gh.PullRequestReview {
	return &gh.PullRequestReview{User: &gh.User{Login: gh.Ptr(login)}, State: gh.Ptr(state)}
}

// A comment after an approval keeps the approval; a dismissal clears
// it; a pending (own, unsubmitted) review is no verdict; someone asked
// again is pending.
func TestReviewerVerdicts(t *testing.T) {
	got := reviewers(
		[]*gh.User{{Login: gh.Ptr("hubot")}, {Login: gh.Ptr("other_user")}},
		[]*gh.Team{{Slug: gh.Ptr("justice-league"), Name: gh.Ptr("Justice League"), HTMLURL: gh.Ptr("https://github.com/orgs/github/teams/justice-league")}},
		[]*gh.PullRequestReview{
			ghReview("octocat", "APPROVED"), ghReview("octocat", "COMMENTED"),
			ghReview("monalisa", "CHANGES_REQUESTED"), ghReview("monalisa", "DISMISSED"),
			ghReview("hubot", "CHANGES_REQUESTED"),
			ghReview("mona", "COMMENTED"), ghReview("mona", "CHANGES_REQUESTED"),
			ghReview("self", "PENDING"),
		})
	want := []forge.Reviewer{
		{User: forge.User{Login: "octocat"}, Verdict: forge.Approve},
		{User: forge.User{Login: "monalisa"}, Verdict: forge.CommentOnly},
		{User: forge.User{Login: "hubot"}, Verdict: forge.Pending},
		{User: forge.User{Login: "mona"}, Verdict: forge.RequestChanges},
		{User: forge.User{Login: "other_user"}, Verdict: forge.Pending},
		{User: forge.User{Login: "github/justice-league", Name: "Justice League"}, Verdict: forge.Pending},
	}
	if len(got) != len(want) {
		t.Fatalf("reviewers %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("reviewer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestChangedFileStatuses(t *testing.T) {
	for in, want := range map[string]string{"added": "added", "removed": "removed", "modified": "modified",
		"renamed": "renamed", "copied": "added", "changed": "modified", "unchanged": "modified"} {
		f := changedFile(&gh.CommitFile{Filename: gh.Ptr("b"), PreviousFilename: gh.Ptr("a"), Status: gh.Ptr(in)})
		if f.Status != want || f.OldPath != "a" {
			t.Errorf("%s -> %+v, want %s", in, f, want)
		}
	}
}

// An open pull request is open even when the example's merged_at is set
// (GitHub's own example has both).
func TestStates(t *testing.T) {
	for _, tc := range []struct {
		state  string
		merged bool
		want   forge.State
	}{{"open", true, forge.Open}, {"closed", true, forge.Merged}, {"closed", false, forge.Closed}, {"open", false, forge.Open}} {
		if got := state(tc.state, tc.merged); got != tc.want {
			t.Errorf("state(%s, %v) = %s, want %s", tc.state, tc.merged, got, tc.want)
		}
	}
}
