package status

import (
	"fmt"
	"path/filepath"
	"strings"

	"reef/gitops/gitconfig"
	"reef/gitops/treediff"
)

// settings are the configuration values status depends on, read once.
type settings struct {
	fileMode   bool // core.fileMode: the executable bit counts
	symlinks   bool // core.symlinks
	trustCtime bool // core.trustCtime
	checkStat  bool // core.checkStat != minimal: ctime, owner, inode and nanoseconds count
	ignoreCase bool // core.ignoreCase
	autoCRLF   treediff.AutoCRLF

	renames     int // 0 off, 1 renames, 2 copies
	renameLimit int // 0: treediff's default
}

// readSettings reads the configuration as git's status does.
func readSettings(c *gitconfig.Config) (settings, error) {
	s := settings{checkStat: true}
	var err error
	boolean := func(key string, def bool) bool {
		v, e := c.Bool(key, def)
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	s.fileMode = boolean("core.filemode", true)
	s.symlinks = boolean("core.symlinks", true)
	s.trustCtime = boolean("core.trustctime", true)
	s.ignoreCase = boolean("core.ignorecase", false)
	if v, ok := c.Get("core.checkstat"); ok {
		switch strings.ToLower(v) {
		case "default":
		case "minimal":
			s.checkStat = false
		default:
			return s, fmt.Errorf("invalid value for 'core.checkstat': '%s'", v)
		}
	}
	if v, ok := c.Lookup("core.autocrlf"); ok {
		if v.NoValue {
			s.autoCRLF = treediff.AutoCRLFTrue
		} else if strings.EqualFold(v.Value, "input") {
			s.autoCRLF = treediff.AutoCRLFInput
		} else if b, e := gitconfig.ParseBool(v.Value); e == nil && b {
			s.autoCRLF = treediff.AutoCRLFTrue
		} else if e != nil {
			return s, fmt.Errorf("bad boolean config value '%s' for 'core.autocrlf'", v.Value)
		}
	}
	// status.renames wins whenever it is set; otherwise the FIRST
	// diff.renames counts (git's status config callback only takes it
	// while the setting is still unset). Likewise for the limit.
	s.renames = 1
	if e, ok := c.Lookup("status.renames"); ok {
		s.renames = renameSetting(e)
	} else if e, ok := firstEntry(c, "diff.renames"); ok {
		s.renames = renameSetting(e)
	}
	if v, ok := c.Get("status.renamelimit"); ok {
		s.renameLimit = limitValue(v)
	} else if e, ok := firstEntry(c, "diff.renamelimit"); ok {
		s.renameLimit = limitValue(e.Value)
	}
	return s, err
}

// firstEntry is key's first entry: git's status takes diff.renames and
// diff.renameLimit only while they are still unset, so the first wins.
func firstEntry(c *gitconfig.Config, key string) (gitconfig.Entry, bool) {
	for _, e := range c.Entries() {
		if strings.EqualFold(e.Key, key) {
			return e, true
		}
	}
	return gitconfig.Entry{}, false
}

// renameSetting is git's git_config_rename: "copies" (or "copy") finds
// copies too, otherwise a boolean (a bare key is true).
func renameSetting(e gitconfig.Entry) int {
	v := e.Value
	switch {
	case e.NoValue:
		return 1
	case strings.EqualFold(v, "copies") || strings.EqualFold(v, "copy"):
		return 2
	}
	if b, err := gitconfig.ParseBool(v); err == nil && !b {
		return 0
	}
	return 1
}

// limitValue maps git's rename limit to treediff's: git's 0 means no limit.
func limitValue(v string) int {
	n, err := gitconfig.ParseInt(v)
	if err != nil {
		return 0
	}
	if n <= 0 {
		return -1
	}
	return int(n)
}

// ConfiguredShowMode returns status.showUntrackedFiles ("no", "normal" or
// "all"; git 2.39 accepts nothing else), ShowNormal when unset.
func ConfiguredShowMode(c *gitconfig.Config) (ShowMode, error) {
	e, ok := c.Lookup("status.showuntrackedfiles")
	if !ok {
		return ShowNormal, nil
	}
	if e.NoValue {
		return ShowNormal, fmt.Errorf("missing value for 'status.showuntrackedfiles'")
	}
	m, ok := ParseShowMode(e.Value)
	if !ok {
		return ShowNormal, fmt.Errorf("invalid untracked files mode '%s' (status.showuntrackedfiles)", e.Value)
	}
	return m, nil
}

// ParseShowMode reads an --untracked-files value.
func ParseShowMode(v string) (ShowMode, bool) {
	switch v {
	case "no":
		return ShowNo, true
	case "normal":
		return ShowNormal, true
	case "all":
		return ShowAll, true
	}
	return ShowNormal, false
}

// excludesFile is core.excludesFile, or git's XDG default, as an absolute
// path ("" when there is none). A relative path is taken from the top of
// the work tree, where git runs status.
func excludesFile(c *gitconfig.Config, env []string, workTree string, xdg func([]string) string) (string, error) {
	p, ok, err := c.Path("core.excludesfile")
	if err != nil {
		return "", err
	}
	if !ok {
		return xdg(env), nil
	}
	if p != "" && !filepath.IsAbs(p) {
		p = filepath.Join(workTree, p)
	}
	return p, nil
}
