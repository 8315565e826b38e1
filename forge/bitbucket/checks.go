package bitbucket

import (
	"context"
	"fmt"

	"reef/forge"
)

// statusPageLen is the largest commit-status page Bitbucket serves.
const statusPageLen = 100

// Checks lists the commit's build statuses: what Bitbucket Pipelines,
// Jenkins and other CI servers report against a commit.
func (f *Forge) Checks(ctx context.Context, sha string) ([]forge.Check, error) {
	op := "read checks of " + sha
	if sha == "" {
		return nil, &forge.Error{Op: "read checks", Message: "no commit given", Err: forge.ErrInvalid}
	}
	first := f.repoURL("commit", sha, "statuses") + fmt.Sprintf("?pagelen=%d", statusPageLen)
	statuses, err := paginate[commitStatus](ctx, f, op, first, 0)
	if err != nil {
		return nil, err
	}
	out := make([]forge.Check, len(statuses))
	for i := range statuses {
		out[i] = statuses[i].value()
	}
	return out, nil
}

// Me is the account the credentials belong to.
func (f *Forge) Me(ctx context.Context) (forge.User, error) {
	a, err := f.me(ctx, "read the current user")
	if err != nil {
		return forge.User{}, err
	}
	return a.user(), nil
}

func (f *Forge) me(ctx context.Context, op string) (*account, error) {
	var a account
	if err := f.getJSON(ctx, op, f.apiURL("user"), &a); err != nil {
		return nil, err
	}
	return &a, nil
}
