package github

import (
	"context"
	"fmt"
	"net/url"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
)

// Checks lists a commit's check runs (GitHub Actions and other apps)
// and then its commit statuses (the older API Jenkins and many CI
// services report through; the combined view, latest per context).
func (f *Forge) Checks(ctx context.Context, sha string) ([]forge.Check, error) {
	op := "read the checks of " + short(sha)
	if sha == "" {
		return nil, &forge.Error{Op: op, Message: "no commit given", Err: forge.ErrInvalid}
	}
	ref := url.PathEscape(sha)
	runs, err := collect(ctx, f, op, query(f.repoPath("commits/%s/check-runs", ref), "per_page", "100"), 0,
		func(r *gh.ListCheckRunsResults) []*gh.CheckRun { return r.CheckRuns })
	if err != nil {
		return nil, err
	}
	statuses, err := collect(ctx, f, op, query(f.repoPath("commits/%s/status", ref), "per_page", "100"), 0,
		func(c *gh.CombinedStatus) []*gh.RepoStatus { return c.Statuses })
	if err != nil {
		return nil, err
	}
	out := make([]forge.Check, 0, len(runs)+len(statuses))
	for _, r := range runs {
		link := r.GetHTMLURL()
		if link == "" {
			link = r.GetDetailsURL()
		}
		summary := r.GetOutput().GetTitle()
		if summary == "" {
			summary = oneLine(r.GetOutput().GetSummary())
		}
		out = append(out, forge.Check{Name: r.GetName(), State: runState(r.GetStatus(), r.GetConclusion()), URL: link, Summary: summary})
	}
	for _, s := range statuses {
		out = append(out, forge.Check{Name: s.GetContext(), State: statusState(s.GetState()), URL: s.GetTargetURL(), Summary: s.GetDescription()})
	}
	return out, nil
}

// runState maps a check run: anything not completed is pending; a
// neutral or skipped conclusion neither passes nor fails.
func runState(status, conclusion string) forge.CheckState {
	if status != "completed" {
		return forge.CheckPending
	}
	switch conclusion {
	case "success":
		return forge.CheckSuccess
	case "neutral", "skipped":
		return forge.CheckSkipped
	case "stale":
		return forge.CheckPending
	case "failure", "timed_out", "action_required", "cancelled":
		return forge.CheckFailure
	}
	return forge.CheckError // startup_failure and conclusions newer than this code
}

func statusState(s string) forge.CheckState {
	switch s {
	case "success":
		return forge.CheckSuccess
	case "failure":
		return forge.CheckFailure
	case "error":
		return forge.CheckError
	}
	return forge.CheckPending
}

func short(sha string) string {
	if len(sha) > 12 {
		return fmt.Sprintf("%.12s", sha)
	}
	return sha
}
