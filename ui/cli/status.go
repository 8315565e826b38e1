package cli

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"reef/gitops"
	"reef/gitops/gitconfig"
)

// Status formats.
const (
	statusLong = iota
	statusShort
	statusPorcelain
	statusPorcelainV2
)

type statusFlags struct {
	format    int
	formatSet bool
	branch    int // -1: --no-branch, 0: unset, 1: --branch
	nul       bool
	untracked gitops.UntrackedMode
	ignored   bool
	renames   int
	score     int
	ab        int // -1: --no-ahead-behind, 1: --ahead-behind
}

func parseStatusFlags(opts []string) (statusFlags, error) {
	var f statusFlags
	setFormat := func(v int) { f.format, f.formatSet = v, true }
	for _, o := range opts {
		name, val, hasVal := strings.Cut(o, "=")
		switch {
		case o == "-s" || o == "--short":
			setFormat(statusShort)
		case o == "--long":
			setFormat(statusLong)
		case name == "--porcelain":
			switch {
			case !hasVal || val == "v1":
				setFormat(statusPorcelain)
			case val == "v2":
				setFormat(statusPorcelainV2)
			default:
				return f, usagef("unsupported porcelain version '%s'", val)
			}
		case o == "-b" || o == "--branch":
			f.branch = 1
		case o == "--no-branch":
			f.branch = -1
		case o == "-z" || o == "--null":
			f.nul = true
		case len(o) > 2 && o[0] == '-' && o[1] != '-' && strings.Trim(o[1:], "sbz") == "":
			// Bundled short options: -sb, -sbz...
			for _, c := range o[1:] {
				switch c {
				case 's':
					setFormat(statusShort)
				case 'b':
					f.branch = 1
				case 'z':
					f.nul = true
				}
			}
		case o == "-u" || o == "--untracked-files":
			f.untracked = gitops.UntrackedAll
		case strings.HasPrefix(o, "-u") && !strings.HasPrefix(o, "--"):
			m, err := untrackedFlag(o[2:])
			if err != nil {
				return f, err
			}
			f.untracked = m
		case name == "--untracked-files":
			m, err := untrackedFlag(val)
			if err != nil {
				return f, err
			}
			f.untracked = m
		case o == "--ignored" || o == "--ignored=traditional":
			f.ignored = true
		case o == "--ignored=no":
			f.ignored = false
		case name == "--ignored":
			return f, usagef("--ignored=%s is not supported (traditional or no)", val)
		case o == "--no-renames":
			f.renames = -1
		case name == "--find-renames" || name == "-M":
			f.renames = 1
			if hasVal {
				n, err := strconv.Atoi(strings.TrimSuffix(val, "%"))
				if err != nil || n < 0 || n > 100 {
					return f, usagef("invalid --find-renames value %q (a percentage)", val)
				}
				f.score = n
			}
		case o == "--ahead-behind":
			f.ab = 1
		case o == "--no-ahead-behind":
			f.ab = -1
		default:
			return f, usagef("unknown option %q for status (see reef --help)", o)
		}
	}
	if f.nul && !f.formatSet {
		setFormat(statusPorcelain) // git: -z implies --porcelain
	}
	return f, nil
}

func untrackedFlag(v string) (gitops.UntrackedMode, error) {
	switch v {
	case "no":
		return gitops.UntrackedNo, nil
	case "normal":
		return gitops.UntrackedNormal, nil
	case "all":
		return gitops.UntrackedAll, nil
	}
	return 0, fmt.Errorf("Invalid untracked files mode '%s'", v)
}

// Status prints the work tree's status like git status: reef status
// [--porcelain[=v1|v2]] [-s] [-b] [-z] [-u<mode>] [--ignored]
// [--[no-]renames] [--[no-]ahead-behind] [-- PATH...].
//
// It exits 0, or 1 after printing the status when an index.lock shows
// another git process at work (git itself stays silent), or 128.
func Status(ctx context.Context, env Env, argv []string) int {
	a := splitArgs(argv)
	f, err := parseStatusFlags(a.opts)
	if err != nil {
		return fail(env, err)
	}
	repo, err := open(env)
	if err != nil {
		return fail(env, err)
	}
	defer repo.Close()
	if repo.IsBare() {
		return fail(env, errors.New("this operation must be run in a work tree"))
	}
	prefix := cwdPrefix(env.Dir, repo.WorkTree())
	cfg := statusConfig(repo)
	if !f.formatSet && cfg.short {
		f.format = statusShort
	}
	paths, err := pathspecArgs(append(a.revs, a.paths...), prefix, repo.WorkTree())
	if err != nil {
		return fail(env, err)
	}
	quick := f.ab < 0 || f.ab == 0 && !cfg.aheadBehind && f.format != statusPorcelain && f.format != statusPorcelainV2
	st, err := repo.Status(ctx, gitops.StatusOptions{
		Untracked: f.untracked, Ignored: f.ignored, Paths: paths,
		Renames: f.renames, RenameScore: f.score, QuickTracking: quick,
	})
	if err != nil {
		return fail(env, err)
	}
	colorMode := ""
	if f.format == statusPorcelain || f.format == statusPorcelainV2 {
		colorMode = "never"
	} else {
		colorMode = cfg.color
	}
	out, err := newOutput(env, colorMode, false, repo)
	if err != nil {
		return fail(env, err)
	}
	p := &statusPrinter{out: out, st: st, nul: f.nul, quoteHigh: cfg.quotePath, hints: cfg.hints, quick: quick}
	if cfg.relative {
		p.prefix = prefix
	}
	switch f.format {
	case statusPorcelainV2:
		p.porcelainV2(f.branch > 0)
	case statusPorcelain:
		p.prefix = ""
		p.short(f.branch > 0, true)
	case statusShort:
		p.short(f.branch > 0 || f.branch == 0 && cfg.branch, false)
	default:
		p.long(repo)
	}
	if err := out.close(); err != nil {
		return fail(env, err)
	}
	for _, w := range st.Warnings {
		fmt.Fprintf(env.Stderr, "reef: warning: %s\n", oneLine(w))
	}
	if f.format == statusLong || f.format == statusShort {
		// Porcelain readers get git's bytes and nothing else; people
		// are told when git answered instead of reef.
		for _, n := range st.ViaGit {
			fmt.Fprintf(env.Stderr, "reef: note: %s\n", oneLine(n))
		}
	}
	if st.IndexLock != "" {
		fmt.Fprintf(env.Stderr, "reef: %s exists: another git process is running; if none is, remove it\n", displayPath(st.IndexLock, env.Dir))
		return 1
	}
	return ExitOK
}

// statusSettings are the configuration values the printers use.
type statusSettings struct {
	short, branch, relative, hints, quotePath, aheadBehind bool
	color                                                  string
}

func statusConfig(repo *gitops.Repo) statusSettings {
	b := func(key string, def bool) bool {
		v, ok := repo.Config(key)
		if !ok {
			return def
		}
		if v == "" {
			return true // a bare "key" line is true in git
		}
		x, err := gitconfig.ParseBool(v)
		if err != nil {
			return def
		}
		return x
	}
	s := statusSettings{
		short: b("status.short", false), branch: b("status.branch", false),
		relative: b("status.relativepaths", true), hints: b("advice.statushints", true),
		quotePath: b("core.quotepath", true), aheadBehind: b("status.aheadbehind", true),
	}
	s.color = "auto"
	for _, key := range []string{"color.ui", "color.status"} {
		if v, ok := repo.Config(key); ok {
			switch strings.ToLower(v) {
			case "always", "never", "auto":
				s.color = strings.ToLower(v)
			default:
				if x, err := gitconfig.ParseBool(v); err == nil {
					s.color = map[bool]string{true: "auto", false: "never"}[x]
				}
			}
		}
	}
	return s
}

// cwdPrefix is where the command runs relative to the top of the work
// tree, with a trailing slash ("" at the top), as git's prefix.
func cwdPrefix(dir, top string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	if r, err := filepath.EvalSymlinks(top); err == nil {
		top = r
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

// pathspecArgs turns command-line paths (relative to the current
// directory) into paths relative to the top of the work tree.
func pathspecArgs(args []string, prefix, top string) ([]string, error) {
	var out []string
	for _, a := range args {
		p := a
		if filepath.IsAbs(p) {
			rel, err := filepath.Rel(top, p)
			if err != nil {
				return nil, err
			}
			p = filepath.ToSlash(rel)
		} else {
			p = prefix + filepath.ToSlash(p)
		}
		dirOnly := strings.HasSuffix(p, "/")
		p = path.Clean(p)
		if p == ".." || strings.HasPrefix(p, "../") {
			return nil, fmt.Errorf("%s: '%s' is outside repository at '%s'", a, a, top)
		}
		if p == "." {
			p = ""
		} else if dirOnly {
			p += "/"
		}
		out = append(out, p)
	}
	return out, nil
}

// displayPath shows path relative to dir when it lies below it.
func displayPath(p, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(abs, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
