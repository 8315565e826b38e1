package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"reef/gitops"
)

// diffFlags is a parsed `reef diff` command line.
type diffFlags struct {
	cached                           bool
	patch, noPatch                   bool
	stat, numstat, shortstat         bool
	nameOnly, nameStatus             bool
	statWidth, statName, statGraph   int
	layout                           string // "", "unified", "side-by-side"
	color                            string
	pager, exitCode, quiet, fullHash bool
	o                                gitops.DiffOptions
}

// Diff prints changes like git diff: reef diff [--cached] [--stat]
// [--unified|--side-by-side] [--color=WHEN] [REV [REV] | A..B | A...B]
// [-- PATH...]. Without revisions it compares the index with the work
// tree; with --cached, HEAD (or REV) with the index; with one revision,
// that revision with the work tree.
func Diff(ctx context.Context, env Env, argv []string) int {
	// A diff allocates a lot briefly (inflated objects, delta bases,
	// lines) and then exits: collecting less often saves a fifth of the
	// CPU of a typical run. Restored for callers running several commands.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	f, operands, paths, dash, err := parseDiffArgs(argv)
	if err != nil {
		return fail(env, err)
	}
	repo, err := open(env)
	if err != nil {
		return fail(env, err)
	}
	defer repo.Close()
	revs, more, err := splitOperands(repo, env, operands, dash)
	if err != nil {
		return fail(env, err)
	}
	paths = append(more, paths...)
	if f.o.Paths, err = repoPaths(env, repo, paths); err != nil {
		return fail(env, err)
	}
	// Started before the listing, so that what file diffs need (the
	// index, for attributes) is read while the trees are compared. Drawn
	// views show changed words; a patch for git apply has no use for them.
	po := f.o
	if tty, _ := isTerminal(env.Stdout); tty || f.layout == "side-by-side" {
		po.IntraLine = true
	}
	patcher := repo.NewPatcher(po)
	changes, err := listChanges(ctx, repo, f, revs)
	if err != nil {
		return fail(env, err)
	}
	if f.quiet {
		return exitFor(ctx, env, patcher, f, changes)
	}
	out, err := newOutput(env, f.color, f.pager, repo)
	if err != nil {
		return fail(env, err)
	}
	code := printDiff(ctx, env, repo, patcher, f, changes, out)
	if err := out.close(); err != nil && code == ExitOK {
		return fail(env, err)
	}
	if code == ExitOK {
		code = exitFor(ctx, env, patcher, f, changes)
	}
	return code
}

// exitFor is --exit-code's answer: 1 when there are differences. With a
// whitespace option, as in git, files whose only changes it hides do not
// count.
func exitFor(ctx context.Context, env Env, p *gitops.Patcher, f diffFlags, changes []gitops.FileChange) int {
	if !f.exitCode && !f.quiet || len(changes) == 0 {
		return ExitOK
	}
	if f.o.Whitespace == gitops.WhitespaceAll {
		return 1
	}
	diffs, err := p.FilePatches(ctx, changes)
	if err != nil {
		return fail(env, err)
	}
	for _, d := range diffs {
		if d.Status != 'M' || len(d.Hunks) > 0 || d.Binary || d.OldMode != d.NewMode {
			return 1
		}
	}
	return ExitOK
}

// parseDiffArgs reads options (anywhere before "--") and returns the
// other operands, the paths after "--", and whether "--" was given.
func parseDiffArgs(argv []string) (f diffFlags, operands, paths []string, dash bool, err error) {
	f.pager = true
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			return f, operands, argv[i+1:], true, nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			operands = append(operands, a)
			continue
		}
		if err := f.option(a); err != nil {
			return f, nil, nil, false, err
		}
	}
	return f, operands, nil, false, nil
}

// option applies one command-line option.
func (f *diffFlags) option(a string) error {
	name, val, hasVal := strings.Cut(a, "=")
	switch {
	case a == "--cached" || a == "--staged":
		f.cached = true
	case a == "-p" || a == "-u" || a == "--patch":
		f.patch = true
	case a == "-s" || a == "--no-patch":
		f.noPatch = true
	case name == "--stat":
		f.stat = true
		if hasVal {
			return f.statArgs(val)
		}
	case name == "--stat-width" || name == "--stat-name-width" || name == "--stat-graph-width":
		n, err := strconv.Atoi(val)
		if err != nil || !hasVal {
			return usagef("%s needs a number", name)
		}
		*map[string]*int{"--stat-width": &f.statWidth, "--stat-name-width": &f.statName, "--stat-graph-width": &f.statGraph}[name] = n
		f.stat = true
	case a == "--numstat":
		f.numstat = true
	case a == "--shortstat":
		f.shortstat = true
	case a == "--name-only":
		f.nameOnly = true
	case a == "--name-status":
		f.nameStatus = true
	case a == "--unified" && !hasVal:
		f.layout = "unified"
	case a == "--side-by-side":
		f.layout = "side-by-side"
	case name == "--unified" || strings.HasPrefix(a, "-U"):
		if name == "--unified" {
			a = "-U" + val
		}
		n, err := strconv.Atoi(a[2:])
		if err != nil || n < 0 {
			return usagef("invalid context length %q", a)
		}
		f.o.Context, f.patch = n, true
		if n == 0 {
			f.o.Context = -1
		}
	case a == "--no-renames":
		f.o.Renames = gitops.RenamesOff
	case strings.HasPrefix(a, "-M") || name == "--find-renames":
		f.o.Renames = gitops.RenamesOn
		return f.threshold(a, "-M", "--find-renames", val, hasVal)
	case strings.HasPrefix(a, "-C") || name == "--find-copies":
		f.o.Renames = gitops.RenamesCopies
		return f.threshold(a, "-C", "--find-copies", val, hasVal)
	case strings.HasPrefix(a, "-l") && len(a) > 2:
		n, err := strconv.Atoi(a[2:])
		if err != nil {
			return usagef("invalid rename limit %q", a)
		}
		f.o.RenameLimit = n
		if n == 0 {
			f.o.RenameLimit = -1
		}
	case a == "-w" || a == "--ignore-all-space":
		f.o.Whitespace = gitops.IgnoreAllWhitespace
	case a == "-b" || a == "--ignore-space-change":
		f.o.Whitespace = gitops.IgnoreSpaceChange
	case a == "--ignore-space-at-eol":
		f.o.Whitespace = gitops.IgnoreSpaceAtEOL
	case outputFlag(a, &f.color, &f.pager):
	case a == "--exit-code":
		f.exitCode = true
	case a == "--quiet":
		f.quiet = true
	case a == "--full-index":
		f.fullHash = true
	case a == "--no-ext-diff" || a == "--no-textconv":
		// reef runs no external diff or textconv programs anyway
	default:
		return usagef("unknown option %q for diff", a)
	}
	return nil
}

// statArgs reads --stat=<width>[,<name-width>[,<count>]].
func (f *diffFlags) statArgs(v string) error {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return usagef("invalid --stat value %q", v)
		}
		switch i {
		case 0:
			f.statWidth = n
		case 1:
			f.statName = n
		default:
			return usagef("--stat count is not supported")
		}
	}
	return nil
}

// threshold reads -M<n>, -M<n>%, --find-renames=<n>: a number without %
// is a fraction written without its "0." (-M5 is 50%, -M75 75%), as git
// reads it.
func (f *diffFlags) threshold(a, short, long, val string, hasVal bool) error {
	s := strings.TrimPrefix(a, short)
	if strings.HasPrefix(a, "--") {
		if !hasVal {
			return nil
		}
		s = val
	}
	if s == "" {
		return nil
	}
	if pct, ok := strings.CutSuffix(s, "%"); ok {
		n, err := strconv.Atoi(pct)
		if err != nil || n < 0 || n > 100 {
			return usagef("invalid similarity %q", a)
		}
		f.o.RenameThreshold = n
		return nil
	}
	frac, err := strconv.ParseFloat("0."+s, 64)
	if err != nil || strings.ContainsAny(s, "+-.eE") {
		if s == "100" {
			f.o.RenameThreshold = 100
			return nil
		}
		return usagef("invalid similarity %q", a)
	}
	f.o.RenameThreshold = int(frac * 100)
	if f.o.RenameThreshold == 0 {
		f.o.RenameThreshold = 1
	}
	return nil
}

// splitOperands separates revisions from paths given without "--": the
// first operand that is not a revision starts the paths, and must exist
// in the work tree, as git requires.
func splitOperands(repo *gitops.Repo, env Env, operands []string, dash bool) (revs, paths []string, err error) {
	for i, op := range operands {
		if dash || isRevision(repo, op) {
			revs = append(revs, op)
			continue
		}
		for _, p := range operands[i:] {
			if _, err := os.Lstat(filepath.Join(env.Dir, p)); err != nil || repo.IsBare() {
				return nil, nil, fmt.Errorf("ambiguous argument '%s': unknown revision or path not in the working tree (use '--' to separate paths from revisions)", p)
			}
		}
		return revs, operands[i:], nil
	}
	return revs, nil, nil
}

// isRevision reports whether an operand names commits: a revision or a
// range.
func isRevision(repo *gitops.Repo, op string) bool {
	for _, sep := range []string{"...", ".."} {
		if a, b, ok := strings.Cut(op, sep); ok {
			return isRevision(repo, revOrHead(a)) && isRevision(repo, revOrHead(b))
		}
	}
	_, err := repo.Resolve(op)
	return err == nil
}

// listChanges runs the comparison the revisions and --cached ask for.
func listChanges(ctx context.Context, repo *gitops.Repo, f diffFlags, revs []string) ([]gitops.FileChange, error) {
	resolve := func(rev string) (gitops.Hash, error) {
		id, err := repo.Resolve(rev)
		if errors.Is(err, gitops.ErrUnborn) {
			return id, fmt.Errorf("bad revision '%s': the current branch has no commits yet", rev)
		}
		return id, err
	}
	switch {
	case len(revs) > 2:
		return nil, usagef("too many revisions: diff compares two (combined diffs are not supported)")
	case len(revs) == 2:
		if f.cached {
			return nil, usagef("--cached compares one revision with the index")
		}
		a, err := resolve(revs[0])
		if err != nil {
			return nil, err
		}
		b, err := resolve(revs[1])
		if err != nil {
			return nil, err
		}
		return repo.DiffRevs(ctx, a, b, f.o)
	case len(revs) == 1 && strings.Contains(revs[0], ".."):
		sym := strings.Contains(revs[0], "...")
		sep := ".."
		if sym {
			sep = "..."
		}
		left, right, _ := strings.Cut(revs[0], sep)
		a, err := resolve(revOrHead(left))
		if err != nil {
			return nil, err
		}
		b, err := resolve(revOrHead(right))
		if err != nil {
			return nil, err
		}
		if sym {
			if a, err = repo.MergeBase(ctx, a, b); err != nil {
				return nil, err
			}
		}
		return repo.DiffRevs(ctx, a, b, f.o)
	case len(revs) == 1:
		id, err := resolve(revs[0])
		if err != nil {
			return nil, err
		}
		if f.cached {
			return repo.DiffIndex(ctx, id, f.o)
		}
		return repo.DiffWorktree(ctx, id, f.o)
	case f.cached:
		return repo.DiffStaged(ctx, f.o)
	}
	return repo.DiffUnstaged(ctx, f.o)
}

// revOrHead reads an empty side of a range as HEAD.
func revOrHead(s string) string {
	if s == "" {
		return "HEAD"
	}
	return s
}
