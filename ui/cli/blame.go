package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"reef/gitops"
)

// blameFlags are git blame's options that reef supports.
type blameFlags struct {
	porcelain, linePorcelain bool
	long, noAuthor           bool // -l, -s
	showNumber, showName     bool // -n, -f
	showEmail, rawTime       bool // -e, -t
	blankBoundary, root      bool // -b, --root
	ignoreSpace              bool // -w
	abbrev                   int  // --abbrev=N; 0: automatic
	date                     string
	pager                    bool
	ranges                   []string // -L values, parsed once the file is known
	operands                 []string
	dash                     int // index in operands where "--" was, or -1
}

const blameUsage = "usage: reef blame [-p | --line-porcelain] [-L <n,m>] [-lsnfetbw] [--root] [--abbrev=<n>] [--date=<format>] [<rev>] [--] <file>"

func parseBlameFlags(argv []string) (blameFlags, error) {
	f := blameFlags{pager: true, dash: -1}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		name, val, hasVal := strings.Cut(a, "=")
		switch {
		case a == "--":
			f.dash = len(f.operands)
			f.operands = append(f.operands, argv[i+1:]...)
			return f, nil
		case a == "-p" || a == "--porcelain":
			f.porcelain = true
		case a == "--line-porcelain":
			f.porcelain, f.linePorcelain = true, true
		case a == "--root":
			f.root = true
		case a == "--show-number":
			f.showNumber = true
		case a == "--show-name":
			f.showName = true
		case a == "--show-email":
			f.showEmail = true
		case a == "--no-pager":
			f.pager = false
		case name == "--date":
			if _, ok := blameDateWidths[val]; !ok || !hasVal {
				return f, usagef("unknown date format %q\n%s", val, blameUsage)
			}
			f.date = val
		case name == "--abbrev":
			n, err := strconv.Atoi(val)
			if !hasVal || err != nil || n < 0 {
				return f, usagef("invalid --abbrev value %q\n%s", val, blameUsage)
			}
			f.abbrev = min(max(n, 4), 40)
			if n == 0 {
				f.abbrev = 40 // git: --abbrev=0 shows full hashes
			}
		case strings.HasPrefix(a, "--"):
			return f, usagef("unknown option `%s'\n%s", a[2:], blameUsage)
		case len(a) > 1 && a[0] == '-':
			// Bundled short flags, as git's option parser takes them: -sn, -L1,5.
			for j := 1; j < len(a); j++ {
				switch a[j] {
				case 'p':
					f.porcelain = true
				case 'l':
					f.long = true
				case 's':
					f.noAuthor = true
				case 'n':
					f.showNumber = true
				case 'f':
					f.showName = true
				case 'e':
					f.showEmail = true
				case 't':
					f.rawTime = true
				case 'b':
					f.blankBoundary = true
				case 'w':
					f.ignoreSpace = true
				case 'h':
					return f, usagef("%s", blameUsage)
				case 'L':
					v := a[j+1:]
					if v == "" {
						if i+1 >= len(argv) {
							return f, usagef("switch `L' requires a value\n%s", blameUsage)
						}
						i++
						v = argv[i]
					}
					f.ranges = append(f.ranges, strings.TrimPrefix(v, "="))
					j = len(a)
				default:
					return f, usagef("unknown switch `%c'\n%s", a[j], blameUsage)
				}
			}
		default:
			f.operands = append(f.operands, a)
		}
	}
	return f, nil
}

// Blame prints who last changed each line of a file, like git blame:
// reef blame [options] [REV] [--] PATH. The default output, --porcelain
// and --line-porcelain match git's byte for byte (without .mailmap).
func Blame(ctx context.Context, env Env, argv []string) int {
	f, err := parseBlameFlags(argv)
	if err != nil {
		return fail(env, err)
	}
	repo, err := open(env)
	if err != nil {
		return fail(env, err)
	}
	defer repo.Close()
	rev, path, err := blameOperands(repo, env, f)
	if err != nil {
		return fail(env, err)
	}
	opt := gitops.BlameOptions{ShowRoot: f.root || configBool(repo, "blame.showroot"), IgnoreWhitespace: f.ignoreSpace}
	for _, spec := range f.ranges {
		lr, err := parseLineRange(spec)
		if err != nil {
			return fail(env, err)
		}
		opt.Ranges = append(opt.Ranges, lr)
	}
	res, err := repo.Blame(ctx, rev, path, opt)
	if err != nil {
		return fail(env, err)
	}
	out, err := newOutput(env, "never", f.pager, repo)
	if err != nil {
		return fail(env, err)
	}
	warnUnsupported(env, repo)
	p := &blamePrinter{repo: repo, out: out, f: f, res: res, quote: configBoolDefault(repo, "core.quotepath", true), now: time.Now()}
	if p.f.date == "" {
		if v, ok := repo.Config("blame.date"); ok {
			if _, known := blameDateWidths[v]; known {
				p.f.date = v
			}
		}
	}
	if f.porcelain {
		p.porcelain()
	} else {
		p.blankBoundary = f.blankBoundary || configBool(repo, "blame.blankboundary")
		p.showEmail = f.showEmail || configBool(repo, "blame.showemail")
		p.normal()
	}
	if err := out.close(); err != nil {
		return fail(env, err)
	}
	return ExitOK
}

// blameOperands sorts out [REV] PATH the way git blame does: with "--",
// "REV -- PATH" or "-- PATH REV"; without, "REV PATH", or "PATH REV" when
// the last operand names a revision. PATH is relative to the directory
// reef runs in.
func blameOperands(repo *gitops.Repo, env Env, f blameFlags) (rev, path string, err error) {
	ops := f.operands
	switch {
	case f.dash >= 0:
		before, after := ops[:f.dash], ops[f.dash:]
		switch {
		case len(after) == 1 && len(before) <= 1:
			path = after[0]
			if len(before) == 1 {
				rev = before[0]
			}
		case len(after) == 2 && len(before) == 0:
			path, rev = after[0], after[1]
		default:
			return "", "", usagef("%s", blameUsage)
		}
	case len(ops) == 1:
		path = ops[0]
	case len(ops) == 2:
		if _, err := repo.Resolve(ops[1]); err == nil {
			path, rev = ops[0], ops[1]
		} else {
			rev, path = ops[0], ops[1]
		}
	case len(ops) == 0:
		return "", "", usagef("%s", blameUsage)
	default:
		return "", "", usagef("reef blame takes one revision (ranges are not supported)\n%s", blameUsage)
	}
	path, err = repoPath(repo, env.Dir, path)
	return rev, path, err
}

// repoPath turns a path given on the command line (relative to dir) into
// one from the top of the work tree.
func repoPath(repo *gitops.Repo, dir, p string) (string, error) {
	top := repo.WorkTree()
	if top == "" {
		return filepath.ToSlash(filepath.Clean(p)), nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	full := filepath.Join(abs, p)
	if filepath.IsAbs(p) {
		full = filepath.Clean(p)
	}
	rel, err := filepath.Rel(top, full)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
		return "", fmt.Errorf("'%s' is outside repository at '%s'", p, top)
	}
	if rel == "." {
		rel = ""
	}
	return filepath.ToSlash(rel), nil
}

// parseLineRange reads git's numeric -L forms: "a,b", "a", "a,", ",b",
// "a,+n" (n lines from a) and "a,-n" (n lines ending at a). Regex and
// :funcname ranges are not supported.
func parseLineRange(spec string) (gitops.LineRange, error) {
	var lr gitops.LineRange
	bad := usagef("-L %s: reef reads numeric ranges only (n,m  n,+k  n,-k)\n%s", spec, blameUsage)
	first, second, hasComma := strings.Cut(spec, ",")
	if first != "" {
		n, err := strconv.Atoi(first)
		if err != nil || first[0] == '+' || first[0] == '-' {
			return lr, bad
		}
		if n <= 0 {
			return lr, fmt.Errorf("-L invalid line number: %d", n)
		}
		lr.Start = n
	}
	if !hasComma || second == "" {
		return lr, nil
	}
	if second[0] == '+' || second[0] == '-' {
		k, err := strconv.Atoi(second[1:])
		if err != nil || second[1:] == "" || second[1] == '+' || second[1] == '-' {
			return lr, bad
		}
		if k == 0 {
			return lr, fmt.Errorf("-L invalid empty range")
		}
		begin := lr.Start + 1 // git counts from the line after the start
		if second[0] == '+' {
			lr.End = begin + k - 2
		} else if begin-k > 0 {
			lr.End = begin - k
		} else {
			lr.End = 1
		}
		return lr, nil
	}
	n, err := strconv.Atoi(second)
	if err != nil {
		return lr, bad
	}
	if n <= 0 {
		return lr, fmt.Errorf("-L invalid line number: %d", n)
	}
	lr.End = n
	return lr, nil
}

// warnUnsupported says when git would print something else because of
// settings reef does not read yet.
func warnUnsupported(env Env, repo *gitops.Repo) {
	if _, ok := repo.Config("blame.ignorerevsfile"); ok {
		fmt.Fprintln(env.Stderr, "reef: warning: blame.ignoreRevsFile is not supported yet; no revision is ignored")
	}
	_, mf := repo.Config("mailmap.file")
	_, mb := repo.Config("mailmap.blob")
	_, err := os.Stat(filepath.Join(repo.WorkTree(), ".mailmap"))
	if mf || mb || (repo.WorkTree() != "" && err == nil) {
		fmt.Fprintln(env.Stderr, "reef: warning: .mailmap is not applied yet; names are shown as committed")
	}
}

// configBool reads a boolean setting the way git does (a bare key is true).
func configBool(repo *gitops.Repo, key string) bool { return configBoolDefault(repo, key, false) }

func configBoolDefault(repo *gitops.Repo, key string, def bool) bool {
	v, ok := repo.Config(key)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "", "true", "yes", "on":
		return true
	case "false", "no", "off":
		return false
	}
	if n, err := strconv.Atoi(v); err == nil {
		return n != 0
	}
	return def
}
