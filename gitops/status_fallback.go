package gitops

import (
	"context"
	"strconv"

	"reef/gitops/gitcli"
	"reef/gitops/status"
)

// statusViaGit runs `git status --porcelain=v2 -z` for the repository
// shapes reef's readers cannot handle (a split or sparse index) and reads
// its entries. It runs from the top of the work tree so paths come out
// relative to it, as Status promises.
func (r *Repo) statusViaGit(ctx context.Context, o StatusOptions, mode UntrackedMode) ([]StatusEntry, error) {
	args := []string{"status", "--porcelain=v2", "-z"}
	switch mode {
	case UntrackedNo:
		args = append(args, "--untracked-files=no")
	case UntrackedAll:
		args = append(args, "--untracked-files=all")
	default:
		args = append(args, "--untracked-files=normal")
	}
	if o.Ignored {
		args = append(args, "--ignored")
	}
	switch {
	case o.Renames < 0:
		args = append(args, "--no-renames")
	case o.Renames > 0 && o.RenameScore > 0:
		args = append(args, "--find-renames="+strconv.Itoa(o.RenameScore)+"%")
	case o.Renames > 0:
		args = append(args, "--find-renames")
	}
	args = append(args, "--")
	args = append(args, o.Paths...)
	// GIT_OPTIONAL_LOCKS=0: git must not refresh and write the index on
	// reef's behalf.
	env := append(append([]string(nil), r.env...), "GIT_OPTIONAL_LOCKS=0")
	out, err := gitcli.Runner{Dir: r.workTree, Env: env}.Output(ctx, nil, args...)
	if err != nil {
		return nil, err
	}
	parsed, err := status.ParsePorcelainV2(out)
	if err != nil {
		return nil, err
	}
	entries := make([]StatusEntry, len(parsed))
	for i, e := range parsed {
		entries[i] = statusEntry(e)
	}
	return entries, nil
}
