package gitea

import (
	"context"
	"sort"
	"strings"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
)

// Checks reads a commit's statuses, the latest per context. Gitea
// Actions and external CI (Jenkins, Woodpecker, Drone) all report through
// commit statuses. The combined-status endpoint would do the reduction
// but pages it without letting the SDK ask for page 2 (30 contexts by
// default), so every status is read and reduced here.
func (f *Forge) Checks(ctx context.Context, sha string) ([]forge.Check, error) {
	const op = "read checks"
	if strings.TrimSpace(sha) == "" {
		return nil, invalid(op, "a commit is required")
	}
	c, err := f.call(ctx, op)
	if err != nil {
		return nil, err
	}
	all, err := collect(0, 0, nil, func(n int) ([]*sdk.Status, *sdk.Response, error) {
		ss, resp, err := c.c.ListStatuses(f.owner, f.repo, sha, sdk.ListStatusesOption{
			ListOptions: sdk.ListOptions{Page: n, PageSize: pageSize},
		})
		if err != nil {
			return nil, resp, c.fail(resp, err)
		}
		return ss, resp, nil
	})
	if err != nil {
		return nil, err
	}
	latest := map[string]*sdk.Status{}
	var order []string
	for _, s := range all {
		if s == nil {
			continue
		}
		cur, ok := latest[s.Context]
		if !ok {
			order = append(order, s.Context)
		}
		if !ok || s.ID > cur.ID {
			latest[s.Context] = s
		}
	}
	sort.Strings(order)
	out := make([]forge.Check, 0, len(order))
	for _, name := range order {
		s := latest[name]
		out = append(out, forge.Check{Name: s.Context, State: checkState(s.State), URL: s.TargetURL, Summary: s.Description})
	}
	return out, nil
}

// checkState maps Gitea's status words; "warning" counts as a failure,
// as Gitea's own combined state does.
func checkState(s sdk.StatusState) forge.CheckState {
	switch s {
	case sdk.StatusSuccess:
		return forge.CheckSuccess
	case sdk.StatusFailure, sdk.StatusWarning:
		return forge.CheckFailure
	case sdk.StatusError:
		return forge.CheckError
	}
	return forge.CheckPending
}
