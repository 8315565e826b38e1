package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"reef/forge"
	"reef/forge/registry"
	"reef/gitops"
	"reef/ui/termtext"
)

// Exit codes of `reef pr`: 1 for a failure (the forge's or ours), 2 for
// a bad command line, as the issue asks.
const (
	ExitPRError = 1
	ExitPRUsage = 2
)

// PRConfig is what `reef pr` gets from main: the adapters, and the forge
// hosts of reef's config (self-hosted GitHub, GitLab, Gitea).
type PRConfig struct {
	Forges registry.Registry
	Hosts  map[string]registry.Host
}

// prUsage is each subcommand's synopsis.
var prUsage = map[string]string{
	"list":    "reef pr list [--state open|closed|merged] [--mine] [--review-requested] [--search TEXT] [--limit N]",
	"show":    "reef pr show N [--diff]",
	"comment": "reef pr comment N --path P --line L [--side old|new] [--start-line S] --body TEXT",
	"review":  "reef pr review N --approve | --request-changes | --comment [--body TEXT]",
	"create":  "reef pr create [--base B] [--head H] [--title T] [--body TEXT] [--draft]",
	"checks":  "reef pr checks N",
}

var prSubcommands = []string{"list", "show", "comment", "review", "create", "checks"}

const prGlobalUsage = "[--forge github|gitlab|bitbucket|gitea] [--api-url URL] [--remote NAME] [--format text|json]"

// prFlags is a parsed `reef pr` command line.
type prFlags struct {
	sub    string
	number int

	kind, apiURL, remote, format, color string
	pager                               bool

	state, search, limit              string
	mine, reviewRequested, diff       bool
	path, line, startLine, side, body string
	bodySet, titleSet                 bool
	approve, requestChanges, comment  bool
	base, head, title                 string
	draft                             bool
}

// PR runs `reef pr SUBCOMMAND ...`: pull requests on the repository's
// forge, for scripts and terminals. Text goes through the pager on a
// terminal; --format json prints one JSON document.
func PR(ctx context.Context, env Env, argv []string, pc PRConfig) int {
	if len(argv) > 0 && (argv[0] == "-h" || argv[0] == "--help" || argv[0] == "help") {
		fmt.Fprintln(env.Stdout, "usage:")
		for _, sub := range prSubcommands {
			fmt.Fprintf(env.Stdout, "  %s\n", prUsage[sub])
		}
		fmt.Fprintf(env.Stdout, "each takes %s\n", prGlobalUsage)
		return 0
	}
	f, err := parsePRArgs(argv)
	if err != nil {
		return prFail(env, f.sub, err)
	}
	repo, err := open(env)
	if err != nil {
		return prFail(env, f.sub, err)
	}
	defer repo.Close()
	fg, cfg, err := pc.Forges.Open(ctx, registry.Options{
		Dir: env.Dir, Environ: env.Environ, Remote: f.remote,
		Kind: forge.Kind(f.kind), APIURL: f.apiURL, Hosts: pc.Hosts,
	})
	if err != nil {
		return prFail(env, f.sub, err)
	}
	c := &prCmd{env: env, f: f, fg: fg, cfg: cfg, repo: repo}
	switch f.sub {
	case "list":
		err = c.list(ctx)
	case "show":
		err = c.show(ctx)
	case "checks":
		err = c.checks(ctx)
	case "comment":
		err = c.commentCmd(ctx)
	case "review":
		err = c.review(ctx)
	case "create":
		err = c.create(ctx)
	}
	if err != nil {
		return prFail(env, f.sub, err)
	}
	return ExitOK
}

// prCmd is one run of a subcommand.
type prCmd struct {
	env  Env
	f    prFlags
	fg   forge.Forge
	cfg  registry.Config
	repo *gitops.Repo
}

// parsePRArgs reads the subcommand, its number and flags; the global
// flags may come anywhere. Flags take their value as --flag=V or
// --flag V.
func parsePRArgs(argv []string) (prFlags, error) {
	f := prFlags{format: "text", pager: true, side: "new"}
	if len(argv) == 0 {
		return f, usagef("pr needs a subcommand: %s", strings.Join(prSubcommands, ", "))
	}
	f.sub = argv[0]
	if _, ok := prUsage[f.sub]; !ok {
		sub := f.sub
		f.sub = ""
		return f, usagef("unknown pr subcommand %q (%s)", sub, strings.Join(prSubcommands, ", "))
	}
	strs := map[string]*string{"--forge": &f.kind, "--api-url": &f.apiURL, "--remote": &f.remote, "--format": &f.format}
	bools := map[string]*bool{}
	switch f.sub {
	case "list":
		strs["--state"], strs["--search"], strs["--limit"] = &f.state, &f.search, &f.limit
		bools["--mine"], bools["--review-requested"] = &f.mine, &f.reviewRequested
	case "show":
		bools["--diff"] = &f.diff
	case "comment":
		strs["--path"], strs["--line"], strs["--start-line"], strs["--side"], strs["--body"] = &f.path, &f.line, &f.startLine, &f.side, &f.body
	case "review":
		strs["--body"] = &f.body
		bools["--approve"], bools["--request-changes"], bools["--comment"] = &f.approve, &f.requestChanges, &f.comment
	case "create":
		strs["--base"], strs["--head"], strs["--title"], strs["--body"] = &f.base, &f.head, &f.title, &f.body
		bools["--draft"] = &f.draft
	}
	var operands []string
	args := argv[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			operands = append(operands, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			operands = append(operands, a)
			continue
		}
		if outputFlag(a, &f.color, &f.pager) {
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		if p, ok := bools[name]; ok && !hasVal {
			*p = true
			continue
		}
		p, ok := strs[name]
		if !ok {
			return f, usagef("pr %s: unknown option %s", f.sub, name)
		}
		if !hasVal {
			if i+1 >= len(args) {
				return f, usagef("pr %s: %s needs a value", f.sub, name)
			}
			i++
			val = args[i]
		}
		*p = val
		switch name {
		case "--body":
			f.bodySet = true
		case "--title":
			f.titleSet = true
		}
	}
	return f, f.check(operands)
}

// check validates the flags' values and the operands.
func (f *prFlags) check(operands []string) error {
	if f.format != "text" && f.format != "json" {
		return usagef("invalid --format %q (text or json)", f.format)
	}
	switch f.kind {
	case "", string(forge.GitHub), string(forge.GitLab), string(forge.Bitbucket), string(forge.Gitea):
	default:
		return usagef("invalid --forge %q (github, gitlab, bitbucket or gitea)", f.kind)
	}
	needsNumber := f.sub != "list" && f.sub != "create"
	switch {
	case needsNumber && len(operands) != 1:
		return usagef("pr %s takes one pull request number", f.sub)
	case !needsNumber && len(operands) != 0:
		return usagef("pr %s takes no operands (got %q)", f.sub, operands[0])
	}
	if needsNumber {
		n, err := strconv.Atoi(strings.TrimPrefix(operands[0], "#"))
		if err != nil || n <= 0 {
			return usagef("%q is not a pull request number", operands[0])
		}
		f.number = n
	}
	switch f.sub {
	case "list":
		switch forge.State(f.state) {
		case "", forge.Open, forge.Closed, forge.Merged:
		default:
			return usagef("invalid --state %q (open, closed or merged)", f.state)
		}
		if f.limit != "" {
			if n, err := strconv.Atoi(f.limit); err != nil || n <= 0 {
				return usagef("invalid --limit %q (a positive number)", f.limit)
			}
		}
	case "comment":
		if f.path == "" || f.line == "" || !f.bodySet || strings.TrimSpace(f.body) == "" {
			return usagef("pr comment needs --path, --line and --body")
		}
		if f.side != "old" && f.side != "new" {
			return usagef("invalid --side %q (old or new)", f.side)
		}
		line, err := strconv.Atoi(f.line)
		if err != nil || line <= 0 {
			return usagef("invalid --line %q (a line number from 1)", f.line)
		}
		if f.startLine != "" {
			start, err := strconv.Atoi(f.startLine)
			if err != nil || start <= 0 || start >= line {
				return usagef("invalid --start-line %q (a line before --line %d)", f.startLine, line)
			}
		}
	case "review":
		n := 0
		for _, b := range []bool{f.approve, f.requestChanges, f.comment} {
			if b {
				n++
			}
		}
		if n != 1 {
			return usagef("pr review needs one of --approve, --request-changes, --comment")
		}
		if f.comment && strings.TrimSpace(f.body) == "" {
			return usagef("pr review --comment needs --body")
		}
	case "create":
		if f.titleSet && strings.TrimSpace(f.title) == "" {
			return usagef("--title is empty")
		}
	}
	return nil
}

// prFail prints err on one line and returns the exit code: 2 with the
// synopsis for a usage error, 1 otherwise. A forge's words are
// untrusted: control characters are made visible.
func prFail(env Env, sub string, err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "reef: %s\n", ue.msg)
		if u, ok := prUsage[sub]; ok {
			fmt.Fprintf(env.Stderr, "usage: %s %s\n", u, prGlobalUsage)
		} else {
			fmt.Fprintf(env.Stderr, "usage: reef pr %s ... %s\n", strings.Join(prSubcommands, "|"), prGlobalUsage)
		}
		return ExitPRUsage
	}
	fmt.Fprintf(env.Stderr, "reef: %s\n", termtext.Clean(oneLine(err.Error())))
	return ExitPRError
}
