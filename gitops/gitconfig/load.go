package gitconfig

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Sources says where the configuration comes from.
type Sources struct {
	// GitDir is the per-worktree git directory (.git, or
	// .git/worktrees/<name> in a linked worktree) and CommonDir the shared
	// one; they are the same for an ordinary repository. One may be left
	// empty to mean the other; both empty means no repository (system,
	// global and command line only). They name Entry.File as given.
	GitDir, CommonDir string
	// Env is the environment to honour (HOME, XDG_CONFIG_HOME and the
	// GIT_CONFIG_* variables); nil means os.Environ(). When a variable
	// appears twice the last one wins, as with os/exec.
	Env []string
	// Branch is the short name of the branch HEAD points to (even an
	// unborn one), for includeIf "onbranch:"; empty when HEAD is detached.
	Branch string
	// Prefix is git's installation prefix: "%(prefix)/" paths expand under
	// it and the system file is $(prefix)/etc/gitconfig, which git's
	// Makefile makes /etc/gitconfig for the prefix /usr. Empty means /usr.
	Prefix string
}

// maxIncludeDepth is git's MAX_INCLUDE_DEPTH.
const maxIncludeDepth = 10

// Load reads the configuration git would see for s, in git's order:
// system, global (XDG file then ~/.gitconfig, or GIT_CONFIG_GLOBAL alone),
// local, worktree (when extensions.worktreeConfig is set in the local
// file), then GIT_CONFIG_COUNT and GIT_CONFIG_PARAMETERS. It fails where
// git would refuse to run, with git's message.
func Load(s Sources) (*Config, error) {
	l := newLoader(s)
	if l.err != nil {
		return nil, l.err
	}
	p := l.newPass(false)
	if err := p.run(); err != nil {
		return nil, err
	}
	return &Config{entries: p.finish(), exp: l.exp}, nil
}

// loader holds what one Load works out once: the environment, the file
// names and (lazily) the resolved git directory.
type loader struct {
	env       environ
	exp       expander
	gitDir    string
	commonDir string
	branch    string
	systemOn  bool
	system    string
	xdg, user string // "" when git reads no such file
	err       error

	realGit     string
	realGitErr  error
	realGitDone bool
}

func newLoader(s Sources) *loader {
	env := environ(s.Env)
	if s.Env == nil {
		env = os.Environ()
	}
	l := &loader{env: env, gitDir: s.GitDir, commonDir: s.CommonDir, branch: s.Branch, systemOn: true}
	if l.gitDir == "" {
		l.gitDir = l.commonDir
	}
	if l.commonDir == "" {
		l.commonDir = l.gitDir
	}
	l.exp.prefix = s.Prefix
	if l.exp.prefix == "" {
		l.exp.prefix = "/usr"
	}
	l.exp.home, l.exp.homeSet = env.lookup("HOME")

	if v, ok := env.lookup("GIT_CONFIG_NOSYSTEM"); ok {
		b, valid := parseBool(v, false)
		if !valid {
			l.err = fmt.Errorf("bad boolean config value '%s' for 'GIT_CONFIG_NOSYSTEM'", v)
		}
		l.systemOn = !b
	}
	if v, ok := env.lookup("GIT_CONFIG_SYSTEM"); ok {
		l.system = normalizePath(v)
	} else if l.exp.prefix == "/usr" {
		l.system = "/etc/gitconfig"
	} else {
		l.system = l.exp.prefix + "/etc/gitconfig"
	}

	if v, ok := env.lookup("GIT_CONFIG_GLOBAL"); ok {
		l.user = v
		return l
	}
	if l.exp.homeSet {
		l.user = l.exp.home + "/.gitconfig"
	}
	if x, ok := env.lookup("XDG_CONFIG_HOME"); ok && x != "" {
		l.xdg = x + "/git/config"
	} else if l.exp.homeSet {
		l.xdg = l.exp.home + "/.config/git/config"
	}
	return l
}

// realGitDir is the git directory with symlinks resolved, what includeIf
// "gitdir:" matches first.
func (l *loader) realGitDir() (string, error) {
	if !l.realGitDone {
		l.realGitDone = true
		l.realGit, l.realGitErr = realPath(l.gitDir)
		if l.realGitErr != nil {
			l.realGitErr = fmt.Errorf("Invalid path '%s': %w", l.gitDir, l.realGitErr)
		}
	}
	return l.realGit, l.realGitErr
}

// absGitDir is the git directory made absolute without resolving
// symlinks, what includeIf "gitdir:" matches second.
func (l *loader) absGitDir() string {
	if isAbs(l.gitDir) {
		return l.gitDir
	}
	cwd, err := os.Getwd()
	if err != nil {
		return l.gitDir
	}
	return cwd + "/" + l.gitDir
}

// pass is one walk over every source. Load makes one; the first
// includeIf "hasconfig:remote.*.url:" makes a second that only collects
// remote URLs (git's populate_remote_urls).
type pass struct {
	l        *loader
	populate bool     // collecting remote URLs: hasconfig conditions hold
	forbid   bool     // inside an includeIf while collecting: URLs are an error
	urls     []string // remote URLs (collected, or fetched for the main pass)
	urlsDone bool
	depth    int
	scope    Scope

	// core.repositoryformatversion and extensions.worktreeConfig as the
	// local file itself (not its includes) sets them: git reads the
	// worktree file only when both are set (read_repository_format).
	version    int64 // -1 until set
	worktreeOn bool

	// The entries read so far. Their keys and values are written back to
	// back into text and cut out as strings by finish, which saves an
	// allocation per entry: ends holds each entry's key and value end.
	entries []Entry
	text    strings.Builder
	ends    []int
}

func (l *loader) newPass(populate bool) *pass {
	return &pass{l: l, populate: populate, version: -1}
}

// finish gives the entries their keys and values.
func (p *pass) finish() []Entry {
	all := p.text.String()
	start := 0
	for i := range p.entries {
		k, v := p.ends[2*i], p.ends[2*i+1]
		p.entries[i].Key, p.entries[i].Value = all[start:k], all[k:v]
		start = v
	}
	return p.entries
}

func (p *pass) run() error {
	l := p.l
	if l.systemOn {
		p.scope = ScopeSystem
		if err := p.topFile(l.system, false); err != nil {
			return err
		}
	}
	p.scope = ScopeGlobal
	for _, f := range [2]string{l.xdg, l.user} {
		if f == "" {
			continue
		}
		if err := p.topFile(f, true); err != nil {
			return err
		}
	}
	if l.commonDir != "" {
		p.scope = ScopeLocal
		if err := p.topFile(l.commonDir+"/config", false); err != nil {
			return err
		}
		if p.version >= 0 && p.worktreeOn {
			p.scope = ScopeWorktree
			if err := p.topFile(l.gitDir+"/config.worktree", false); err != nil {
				return err
			}
		}
	}
	p.scope = ScopeCommand
	return p.commandLine()
}

// repositoryFormat follows git's check_repo_format, which reads the local
// file alone (no includes) before any configuration: the worktree file is
// read when extensions.worktreeConfig is true and the file also sets
// core.repositoryformatversion. Bad values are fatal, as in git.
func (p *pass) repositoryFormat(src *source, key, value []byte, hasValue bool) error {
	switch string(key) {
	case "core.repositoryformatversion":
		v, err := parseSigned(string(value), math.MaxInt32)
		if err != nil {
			return numberError(Entry{Value: string(value), File: src.name}, string(key), err)
		}
		p.version = v
	case "extensions.worktreeconfig":
		on, ok := parseBool(string(value), !hasValue)
		if !ok {
			return fmt.Errorf("bad boolean config value '%s' for '%s'", value, key)
		}
		p.worktreeOn = on
	}
	return nil
}

// topFile reads one of the standard files. A missing file is skipped; an
// unreadable one is fatal unless eaccesOK (git tolerates EACCES only for
// the global files).
func (p *pass) topFile(name string, eaccesOK bool) error {
	data, err := os.ReadFile(name)
	if err != nil {
		switch {
		case isMissing(err):
			return nil
		case errors.Is(err, fs.ErrPermission) && eaccesOK:
			return nil
		case errors.Is(err, syscall.EISDIR):
			return fmt.Errorf("error processing config file(s): unable to access '%s': %v", name, errnoOf(err))
		}
		return fmt.Errorf("unable to access '%s': %v", name, errnoOf(err))
	}
	return p.parseFile(name, data)
}

// parseFile parses one file's text, first making room for about one
// entry a line and the file's size in key and value bytes.
func (p *pass) parseFile(name string, data []byte) error {
	if !p.populate {
		n := bytes.Count(data, []byte{'\n'}) + 1
		p.entries = slices.Grow(p.entries, n)
		p.ends = slices.Grow(p.ends, 2*n)
		p.text.Grow(len(data))
	}
	src := source{name: name, data: data}
	return src.parse(p.entry)
}

// normalizePath is a close stand-in for git's normalize_path_copy, which
// git applies to GIT_CONFIG_SYSTEM: "." and ".." components and repeated
// slashes go, a trailing slash stays.
func normalizePath(p string) string {
	if p == "" {
		return p
	}
	c := filepath.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// environ looks variables up in an environment list.
type environ []string

func (e environ) lookup(key string) (string, bool) {
	for i := len(e) - 1; i >= 0; i-- {
		kv := e[i]
		if len(kv) > len(key) && kv[len(key)] == '=' && kv[:len(key)] == key {
			return kv[len(key)+1:], true
		}
	}
	return "", false
}
