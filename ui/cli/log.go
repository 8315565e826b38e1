package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"reef/gitops"
	"reef/gitops/graph"
)

type logFlags struct {
	graph, all, follow bool
	max                int
	format             string
	decorate           string // "", "short", "no"
	color              string
	date               string
	pager              bool
}

func parseLogFlags(opts []string) (logFlags, error) {
	f := logFlags{max: -1, decorate: "auto", pager: true}
	for _, o := range opts {
		name, val, hasVal := strings.Cut(o, "=")
		switch {
		case o == "--graph":
			f.graph = true
		case o == "--all":
			f.all = true
		case o == "--follow":
			f.follow = true
		case o == "--oneline":
			f.format = "oneline"
		case name == "--format" || name == "--pretty":
			if !hasVal {
				val = "medium"
			}
			f.format = val
		case o == "--decorate":
			f.decorate = "short"
		case name == "--decorate":
			f.decorate = val
		case o == "--no-decorate":
			f.decorate = "no"
		case outputFlag(o, &f.color, &f.pager):
		case name == "--date":
			f.date = val
		case name == "-n" || name == "--max-count":
			n, err := strconv.Atoi(val)
			if err != nil || !hasVal {
				return f, usagef("invalid -n value %q", val)
			}
			f.max = n
		case strings.HasPrefix(o, "-n") && len(o) > 2:
			n, err := strconv.Atoi(o[2:])
			if err != nil {
				return f, usagef("invalid option %q", o)
			}
			f.max = n
		case len(o) > 1 && o[0] == '-' && isDigits(o[1:]):
			f.max, _ = strconv.Atoi(o[1:])
		default:
			return f, usagef("unknown option %q for log (see reef log --help)", o)
		}
	}
	return f, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// Log prints history like git log --date-order: reef log [--graph] [--all]
// [-n N] [--follow] [--format=FMT] [--oneline] [REV...] [-- PATH].
func Log(ctx context.Context, env Env, argv []string) int {
	a := splitArgs(argv)
	f, err := parseLogFlags(a.opts)
	if err != nil {
		return fail(env, err)
	}
	repo, err := open(env)
	if err != nil {
		return fail(env, err)
	}
	defer repo.Close()
	out, err := newOutput(env, f.color, f.pager, repo)
	if err != nil {
		return fail(env, err)
	}
	code := runLog(ctx, env, repo, a, f, out)
	if err := out.close(); err != nil && code == ExitOK {
		return fail(env, err)
	}
	return code
}

func runLog(ctx context.Context, env Env, repo *gitops.Repo, a args, f logFlags, out *output) int {
	if f.max == 0 {
		return ExitOK
	}
	decorate := f.decorate == "short" || f.decorate == "full" || (f.decorate == "auto" && out.tty)
	p, err := newPrinter(repo, f.format, f.date, decorate, out)
	if err != nil {
		return fail(env, err)
	}
	if p.needsRefs() {
		if err := p.loadDecorations(ctx); err != nil {
			return fail(env, err)
		}
	}
	if len(a.paths) > 0 || f.follow {
		if err := runFileLog(ctx, env, repo, a, f, p); err != nil {
			return fail(env, err)
		}
		return ExitOK
	}
	if len(a.revs) == 0 && !f.all {
		// The model treats an unborn branch as empty history; the command
		// says so, as git log does.
		if h, err := repo.Head(); err == nil && h.Unborn {
			return fail(env, fmt.Errorf("your current branch '%s' does not have any commits yet", h.Branch))
		}
	}
	max := f.max
	if max < 0 {
		max = 0
	}
	h, err := repo.Log(ctx, gitops.LogOptions{Revs: a.revs, All: f.all, Max: max})
	if err != nil {
		return fail(env, err)
	}
	page := 64 // the first page small: output starts at once
	for {
		entries, err := h.Next(ctx, page)
		for i := range entries {
			var row *graph.Row
			if f.graph {
				row = &entries[i].Row
			}
			p.commit(entries[i].Commit, row, h.Pending)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			out.Flush()
			return fail(env, err)
		}
		page = 1024
	}
	return ExitOK
}
