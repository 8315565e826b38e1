package gitconfig

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// entry is git_config_include: it hands the variable on, then follows
// include.path and includeIf.<condition>.path.
func (p *pass) entry(src *source, key, value []byte, hasValue bool, line int) error {
	if p.populate {
		if isRemoteURL(key) {
			if p.forbid {
				return errors.New("remote URLs cannot be configured in file directly or indirectly included by includeIf.hasconfig:remote.*.url")
			}
			if hasValue {
				p.urls = append(p.urls, string(value))
			}
		}
	} else {
		p.add(src, key, value, hasValue, line)
	}
	if p.scope == ScopeLocal && p.depth == 0 {
		if err := p.repositoryFormat(src, key, value, hasValue); err != nil {
			return err
		}
	}
	if string(key) == "include.path" {
		return p.include(src, value, hasValue)
	}
	cond, name, ok := cutIncludeIf(key)
	if !ok {
		return nil
	}
	holds, err := p.condition(src, string(cond))
	if err != nil || !holds || string(name) != "path" {
		return err
	}
	saved := p.forbid
	p.forbid = p.forbid || p.populate
	err = p.include(src, value, hasValue)
	p.forbid = saved
	return err
}

// add appends an entry (its key and value strings come in finish).
func (p *pass) add(src *source, key, value []byte, hasValue bool, line int) {
	if src.name == "" {
		line = 0
	}
	p.text.Write(key)
	p.ends = append(p.ends, p.text.Len())
	p.text.Write(value)
	p.ends = append(p.ends, p.text.Len())
	p.entries = append(p.entries, Entry{NoValue: !hasValue, Scope: p.scope, File: src.name, Line: line})
}

// include is git's handle_path_include.
func (p *pass) include(src *source, value []byte, hasValue bool) error {
	if !hasValue {
		return softErrorf("missing value for 'include.path'")
	}
	path, ok := p.l.exp.interpolate(string(value), false)
	if !ok {
		return softErrorf("could not expand include path '%s'", value)
	}
	if !isAbs(path) {
		if src.name == "" {
			return softErrorf("relative config includes must come from files")
		}
		path = dirPrefix(src.name) + path
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if isMissing(err) {
			return nil
		}
		if !errors.Is(err, syscall.EISDIR) {
			return fmt.Errorf("unable to access '%s': %v", path, errnoOf(err))
		}
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxIncludeDepth {
		from := src.name
		if from == "" {
			from = "the command line"
		}
		return fmt.Errorf("exceeded maximum include depth (%d) while including\n\t%s\nfrom\n\t%s\n"+
			"This might be due to circular includes.", maxIncludeDepth, path, from)
	}
	if err != nil {
		return softErrorf("unable to access '%s': %v", path, errnoOf(err))
	}
	return p.parseFile(path, data)
}

// isRemoteURL reports remote.<name>.url, the key hasconfig conditions see.
func isRemoteURL(key []byte) bool {
	const pre, suf = "remote.", ".url"
	return len(key) > len(pre)+len(suf)-1 && string(key[:len(pre)]) == pre &&
		string(key[len(key)-len(suf):]) == suf
}

// cutIncludeIf splits includeif.<condition>.<name>; a condition is
// required.
func cutIncludeIf(key []byte) (cond, name []byte, ok bool) {
	const pre = "includeif."
	if len(key) <= len(pre) || string(key[:len(pre)]) != pre {
		return nil, nil, false
	}
	last := strings.LastIndexByte(string(key), '.')
	if last < len(pre) {
		return nil, nil, false
	}
	return key[len(pre):last], key[last+1:], true
}

// condition is git's include_condition_is_true; unknown conditions are
// false.
func (p *pass) condition(src *source, cond string) (bool, error) {
	if rest, ok := strings.CutPrefix(cond, "gitdir:"); ok {
		return p.l.byGitDir(src, rest, false)
	}
	if rest, ok := strings.CutPrefix(cond, "gitdir/i:"); ok {
		return p.l.byGitDir(src, rest, true)
	}
	if rest, ok := strings.CutPrefix(cond, "onbranch:"); ok {
		return p.l.byBranch(rest), nil
	}
	if rest, ok := strings.CutPrefix(cond, "hasconfig:remote.*.url:"); ok {
		return p.byRemoteURL(rest)
	}
	return false, nil
}

// byGitDir is git's include_by_gitdir: the pattern is matched against the
// git directory with symlinks resolved, then against its plain absolute
// form.
func (l *loader) byGitDir(src *source, cond string, icase bool) (bool, error) {
	if l.gitDir == "" {
		return false, nil
	}
	pat, prefix, ok, err := l.gitDirPattern(src, cond)
	if !ok || err != nil {
		return false, err
	}
	text, err := l.realGitDir()
	if err != nil {
		return false, err
	}
	if matchGitDir(pat, prefix, text, icase) {
		return true, nil
	}
	return matchGitDir(pat, prefix, l.absGitDir(), icase), nil
}

// gitDirPattern is git's prepare_include_condition_pattern: expand "~",
// make "./" relative to the including file's real directory (that prefix
// is then compared literally), prepend "**/" to other relative patterns,
// and let a trailing "/" match everything below.
func (l *loader) gitDirPattern(src *source, pat string) (string, int, bool, error) {
	if exp, ok := l.exp.interpolate(pat, true); ok {
		pat = exp
	}
	prefix := 0
	switch {
	case strings.HasPrefix(pat, "./"):
		if src.name == "" { // git: relative config include conditionals must come from files
			return "", 0, false, nil
		}
		real, err := realPath(src.name)
		if err != nil {
			return "", 0, false, err
		}
		dir := real[:strings.LastIndexByte(real, '/')]
		pat = dir + pat[1:]
		prefix = len(dir) + 1
	case !isAbs(pat):
		pat = "**/" + pat
	}
	if strings.HasSuffix(pat, "/") {
		pat += "**"
	}
	return pat, prefix, true, nil
}

func matchGitDir(pat string, prefix int, text string, icase bool) bool {
	if prefix > 0 {
		if len(text) < prefix {
			return false
		}
		if icase && !asciiEqualFold(pat[:prefix], text[:prefix]) ||
			!icase && pat[:prefix] != text[:prefix] {
			return false
		}
	}
	return wildmatch(pat[prefix:], text[prefix:], icase)
}

// byBranch is git's include_by_branch.
func (l *loader) byBranch(pat string) bool {
	if l.gitDir == "" || l.branch == "" {
		return false
	}
	if strings.HasSuffix(pat, "/") {
		pat += "**"
	}
	return wildmatch(pat, l.branch, false)
}

// byRemoteURL is git's include_by_remote_url: true while collecting URLs,
// otherwise whether any remote.*.url anywhere in the configuration
// matches. The URLs come from a separate pass, made once per Load.
func (p *pass) byRemoteURL(pat string) (bool, error) {
	if p.populate {
		return true, nil
	}
	if !p.urlsDone {
		pp := p.l.newPass(true)
		if err := pp.run(); err != nil {
			return false, err
		}
		p.urls, p.urlsDone = pp.urls, true
	}
	for _, u := range p.urls {
		if wildmatch(pat, u, false) {
			return true, nil
		}
	}
	return false, nil
}
