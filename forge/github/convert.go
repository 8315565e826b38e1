package github

import (
	"strings"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// pullRequest converts a REST pull request (reviewers: only those
// requested; PullRequest adds the verdicts).
func pullRequest(p *gh.PullRequest) forge.PullRequest {
	pr := forge.PullRequest{
		Number:    p.GetNumber(),
		Title:     p.GetTitle(),
		Body:      p.GetBody(),
		Author:    user(p.User),
		State:     state(p.GetState(), p.GetMerged() || p.MergedAt != nil),
		Draft:     p.GetDraft(),
		Base:      p.GetBase().GetRef(),
		Head:      p.GetHead().GetRef(),
		BaseSHA:   p.GetBase().GetSHA(),
		HeadSHA:   p.GetHead().GetSHA(),
		Mergeable: p.Mergeable,
		URL:       p.GetHTMLURL(),
		Created:   p.GetCreatedAt().Time,
		Updated:   p.GetUpdatedAt().Time,
	}
	for _, l := range p.Labels {
		pr.Labels = append(pr.Labels, l.GetName())
	}
	pr.Reviewers = reviewers(p.RequestedReviewers, p.RequestedTeams, nil)
	return pr
}

// issuePullRequest converts a search result: an issue that is a pull
// request, without branches, SHAs or mergeability.
func issuePullRequest(is *gh.Issue) forge.PullRequest {
	pr := forge.PullRequest{
		Number:  is.GetNumber(),
		Title:   is.GetTitle(),
		Body:    is.GetBody(),
		Author:  user(is.User),
		State:   state(is.GetState(), is.PullRequestLinks != nil && is.PullRequestLinks.MergedAt != nil),
		Draft:   is.GetDraft(),
		URL:     is.GetHTMLURL(),
		Created: is.GetCreatedAt().Time,
		Updated: is.GetUpdatedAt().Time,
	}
	for _, l := range is.Labels {
		pr.Labels = append(pr.Labels, l.GetName())
	}
	return pr
}

// state reads open, closed or merged. An open pull request is never
// merged, whatever a stale merged_at says.
func state(s string, merged bool) forge.State {
	switch {
	case s != "closed":
		return forge.Open
	case merged:
		return forge.Merged
	}
	return forge.Closed
}

// reviewers joins the requested reviewers with each reviewer's latest
// verdict. A comment after an approval or a change request does not
// undo it (as on GitHub's page); a dismissal does. Someone asked to
// review again is Pending whatever they said before.
func reviewers(requested []*gh.User, teams []*gh.Team, reviews []*gh.PullRequestReview) []forge.Reviewer {
	var out []forge.Reviewer
	at := map[string]int{}
	for _, r := range reviews {
		login := r.GetUser().GetLogin()
		v, ok := verdict(r.GetState())
		if login == "" || !ok {
			continue
		}
		i, seen := at[login]
		if !seen {
			at[login] = len(out)
			out = append(out, forge.Reviewer{User: user(r.User), Verdict: v})
			continue
		}
		if v != forge.CommentOnly || r.GetState() == "DISMISSED" || out[i].Verdict == forge.CommentOnly {
			out[i].Verdict = v
		}
	}
	for _, u := range requested {
		if i, ok := at[u.GetLogin()]; ok {
			out[i].Verdict = forge.Pending
			continue
		}
		at[u.GetLogin()] = len(out)
		out = append(out, forge.Reviewer{User: user(u), Verdict: forge.Pending})
	}
	for _, t := range teams {
		out = append(out, forge.Reviewer{User: forge.User{Login: teamLogin(t), Name: t.GetName()}, Verdict: forge.Pending})
	}
	return out
}

// verdict maps a review state; a pending (unsubmitted) review has none.
func verdict(s string) (forge.Verdict, bool) {
	switch s {
	case "APPROVED":
		return forge.Approve, true
	case "CHANGES_REQUESTED":
		return forge.RequestChanges, true
	case "COMMENTED", "DISMISSED":
		return forge.CommentOnly, true
	}
	return "", false
}

// teamLogin names a team as GitHub's @-mentions do, org/slug, taking
// the organisation from the team's page URL (.../orgs/ORG/teams/SLUG).
func teamLogin(t *gh.Team) string {
	slug := t.GetSlug()
	if _, rest, ok := strings.Cut(t.GetHTMLURL(), "/orgs/"); ok {
		if org, _, ok := strings.Cut(rest, "/teams/"); ok && org != "" {
			return org + "/" + slug
		}
	}
	return slug
}

// changedFile keeps the four statuses reef knows: a copy is an added
// file that names its source, an unchanged or mode-only file modified.
func changedFile(c *gh.CommitFile) forge.ChangedFile {
	st := c.GetStatus()
	switch st {
	case "added", "removed", "modified", "renamed":
	case "copied":
		st = "added"
	default:
		st = "modified"
	}
	return forge.ChangedFile{
		Path:      c.GetFilename(),
		OldPath:   c.GetPreviousFilename(),
		Status:    st,
		Additions: c.GetAdditions(),
		Deletions: c.GetDeletions(),
	}
}
