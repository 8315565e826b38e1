package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/termtext"
)

// Exit codes of `reef review`, for CI pipelines: 1 is the verdict, 2 any
// error (usage errors included), as the issue asks, rather than git's 128
// and 129: a pipeline tells "risky" from "broken" by them.
const (
	ExitReviewFindings = 1
	ExitReviewError    = 2
)

// reviewFlags is a parsed `reef review` command line.
type reviewFlags struct {
	staged, worktree bool
	plan             string
	format           string // "text" or "json"
	failOn           iac.Severity
	color            string
	pager            bool
	operands, paths  []string
}

// Review prints what a change does to infrastructure: reef review
// [REV-RANGE | --staged | --worktree] [--plan FILE] [--format text|json]
// [--fail-on SEVERITY] [-- PATH...]. A range is A..B, A...B (from the
// merge base) or one commit (against its first parent); with none, the
// work tree against HEAD. Exit 1 when an introduced finding is at least
// --fail-on, 2 on errors.
func Review(ctx context.Context, env Env, argv []string) int {
	f, err := parseReviewArgs(argv)
	if err != nil {
		return reviewFail(env, err)
	}
	repo, err := open(env)
	if err != nil {
		return reviewFail(env, err)
	}
	defer repo.Close()
	target, err := reviewTarget(ctx, repo, f)
	if err != nil {
		return reviewFail(env, err)
	}
	o := gitops.ReviewOptions{}
	if o.Paths, err = repoPaths(env, repo, f.paths); err != nil {
		return reviewFail(env, err)
	}
	if f.plan != "" {
		if o.Plan, err = os.ReadFile(f.plan); err != nil {
			return reviewFail(env, fmt.Errorf("--plan: %w (make one with `terraform show -json PLANFILE > plan.json`)", err))
		}
	}
	res, err := repo.Review(ctx, target, o)
	if err != nil {
		return reviewFail(env, err)
	}
	// Problems of the configuration file are said on stderr too: a
	// pipeline's log should show that part of the policy was ignored.
	for _, n := range res.Notes {
		if n.Path == iac.ConfigFile {
			fmt.Fprintf(env.Stderr, "reef: warning: %s: %s\n", n.Path, oneLine(n.Message))
		}
	}
	out, err := newOutput(env, f.color, f.pager && f.format == "text", repo)
	if err != nil {
		return reviewFail(env, err)
	}
	if f.format == "json" {
		err = iac.WriteJSON(out, *res)
	} else {
		ro := iac.RenderOptions{Color: out.color}
		if out.tty {
			ro.Clean = termtext.Clean
		}
		err = iac.Render(out, *res, ro)
	}
	if cerr := out.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return reviewFail(env, err)
	}
	return reviewVerdict(*res, f.failOn)
}

// reviewVerdict is the exit code for the findings: 1 when an introduced
// one reaches the threshold (0: no threshold).
func reviewVerdict(r iac.Result, failOn iac.Severity) int {
	if failOn == 0 {
		return ExitOK
	}
	for _, f := range r.Findings {
		if f.State == iac.Introduced && f.Severity >= failOn {
			return ExitReviewFindings
		}
	}
	return ExitOK
}

// reviewFail prints err the git way and returns 2.
func reviewFail(env Env, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "reef: %s\n", ue.msg)
		fmt.Fprintf(env.Stderr, "usage: reef review [REV-RANGE | --staged | --worktree] [--plan FILE] [--format text|json] [--fail-on SEVERITY] [-- PATH...]\n")
		return ExitReviewError
	}
	fmt.Fprintf(env.Stderr, "reef: %s\n", oneLine(err.Error()))
	return ExitReviewError
}

// parseReviewArgs reads the command line; options may come after the
// range, "--" starts paths.
func parseReviewArgs(argv []string) (reviewFlags, error) {
	f := reviewFlags{format: "text", pager: true}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			f.paths = argv[i+1:]
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			f.operands = append(f.operands, a)
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		takesValue := name == "--plan" || name == "--format" || name == "--fail-on"
		if takesValue && !hasVal {
			if i+1 >= len(argv) {
				return f, usagef("%s needs a value", name)
			}
			i++
			val = argv[i]
		}
		switch {
		case a == "--staged" || a == "--cached":
			f.staged = true
		case a == "--worktree":
			f.worktree = true
		case name == "--plan":
			f.plan = val
		case name == "--format":
			if val != "text" && val != "json" {
				return f, usagef("invalid --format %q (text or json)", val)
			}
			f.format = val
		case name == "--fail-on":
			if strings.EqualFold(val, "none") {
				f.failOn = 0
				continue
			}
			sev, err := iac.ParseSeverity(val)
			if err != nil {
				return f, usagef("invalid --fail-on: %v", err)
			}
			f.failOn = sev
		case outputFlag(a, &f.color, &f.pager):
		default:
			return f, usagef("unknown option %q for review", a)
		}
	}
	switch {
	case f.staged && f.worktree:
		return f, usagef("--staged and --worktree are different changes: give one")
	case (f.staged || f.worktree) && len(f.operands) > 0:
		return f, usagef("give a revision range or --staged or --worktree, not both")
	case len(f.operands) > 1:
		return f, usagef("review takes one revision range (A..B, A...B or a commit), not %d", len(f.operands))
	}
	return f, nil
}

// reviewTarget turns the flags into the change to read: with nothing
// given, the work tree against HEAD (what `git diff HEAD` shows).
func reviewTarget(ctx context.Context, repo *gitops.Repo, f reviewFlags) (gitops.ReviewTarget, error) {
	switch {
	case f.staged:
		return gitops.ReviewTarget{Kind: gitops.ReviewStaged}, nil
	case len(f.operands) == 1:
		t, err := repo.ParseReviewTarget(ctx, f.operands[0])
		if errors.Is(err, gitops.ErrUnborn) {
			return t, fmt.Errorf("bad revision '%s': the current branch has no commits yet", f.operands[0])
		}
		return t, err
	case repo.IsBare():
		return gitops.ReviewTarget{}, usagef("a bare repository has no work tree: give a revision range")
	}
	return gitops.ReviewTarget{Kind: gitops.ReviewWorktree}, nil
}
