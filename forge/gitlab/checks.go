package gitlab

import (
	"context"
	"strconv"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
)

// Checks lists what ran for a commit: each pipeline (GET
// .../pipelines?sha=, so a pipeline that failed before any job, on a
// YAML error say, still shows) and each commit status (GET
// .../repository/commits/:sha/statuses, the latest per name: GitLab's
// CI jobs and the statuses external CI such as Jenkins posts).
func (f *Forge) Checks(ctx context.Context, sha string) ([]forge.Check, error) {
	const op = "read checks"
	if sha == "" {
		return nil, &forge.Error{Op: op, Message: "no commit given", Err: forge.ErrInvalid}
	}
	pipes, resp, err := collect(0, func(page, size int64) ([]*gl.PipelineInfo, *gl.Response, error) {
		opt := &gl.ListProjectPipelinesOptions{SHA: &sha, ListOptions: gl.ListOptions{Page: page, PerPage: size}}
		return f.c.Pipelines.ListProjectPipelines(f.project, opt, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, f.fail(ctx, "read pipelines", resp, err)
	}
	statuses, resp, err := collect(0, func(page, size int64) ([]*gl.CommitStatus, *gl.Response, error) {
		opt := &gl.GetCommitStatusesOptions{ListOptions: gl.ListOptions{Page: page, PerPage: size}}
		return f.c.Commits.GetCommitStatuses(f.project, sha, opt, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, f.fail(ctx, "read commit statuses", resp, err)
	}
	checks := make([]forge.Check, 0, len(pipes)+len(statuses))
	for _, p := range pipes {
		if p == nil {
			continue
		}
		name := "pipeline #" + strconv.FormatInt(p.ID, 10)
		if p.Name != "" {
			name += " " + p.Name
		}
		checks = append(checks, forge.Check{Name: name, State: checkState(p.Status), URL: p.WebURL, Summary: p.Status})
	}
	for _, s := range statuses {
		if s == nil {
			continue
		}
		c := forge.Check{Name: s.Name, State: checkState(s.Status), URL: s.TargetURL, Summary: s.Description}
		if c.Summary == "" {
			c.Summary = s.Status
		}
		if s.Status == "failed" && s.AllowFailure {
			c.Summary = "failed (allowed to fail)"
		}
		checks = append(checks, c)
	}
	return checks, nil
}

// checkState maps GitLab's pipeline and job statuses. A manual job not
// run yet is skipped, not pending: nothing will happen without a click.
func checkState(s string) forge.CheckState {
	switch s {
	case "success":
		return forge.CheckSuccess
	case "failed":
		return forge.CheckFailure
	case "canceled", "canceling":
		return forge.CheckError
	case "skipped", "manual":
		return forge.CheckSkipped
	}
	return forge.CheckPending // created, waiting_for_resource, preparing, pending, running, scheduled
}
