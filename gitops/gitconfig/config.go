// Package gitconfig reads git's configuration exactly as git 2.39 reads it:
// the system, global (XDG and ~/.gitconfig), local, worktree and command-line
// (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS) sources in git's order, with
// include.path and includeIf (gitdir:, gitdir/i:, onbranch:,
// hasconfig:remote.*.url:) followed, git's file syntax and git's rules for
// booleans, integers and paths.
//
// go-git's reader skips includes, GIT_CONFIG_GLOBAL and the XDG file when
// ~/.gitconfig exists; reef must see the values git sees, so this package
// has its own parser, checked value by value against `git config --list`.
package gitconfig

import "strings"

// Scope says which configuration level an entry came from, as
// `git config --show-scope` names it. Included files take the scope of the
// file that includes them.
type Scope uint8

// The configuration levels, in the order git reads them.
const (
	ScopeSystem Scope = iota + 1
	ScopeGlobal
	ScopeLocal
	ScopeWorktree
	ScopeCommand
)

// String returns git's name for the scope ("system", "global", "local",
// "worktree", "command").
func (s Scope) String() string {
	switch s {
	case ScopeSystem:
		return "system"
	case ScopeGlobal:
		return "global"
	case ScopeLocal:
		return "local"
	case ScopeWorktree:
		return "worktree"
	case ScopeCommand:
		return "command"
	}
	return "unknown"
}

// Entry is one configuration value in the order git reads it.
type Entry struct {
	// Key is git's canonical name: section and variable lower-cased, the
	// subsection as written ("remote.Origin.url" for [remote "Origin"] URL).
	Key   string
	Value string
	// NoValue is set for a variable written without "=" (git's implicit
	// true), which differs from an empty value ("key =" is false).
	NoValue bool
	Scope   Scope
	// File is the file the entry came from, named as git names it
	// (include paths are joined to the including file's directory, not
	// cleaned); empty for the command line.
	File string
	// Line is the line git reports for the entry: the last line of a value
	// continued with a backslash. Zero for the command line.
	Line int
}

// Config is the merged configuration. It is immutable once loaded and safe
// for concurrent readers.
type Config struct {
	entries []Entry
	exp     expander // HOME and prefix for Path
}

// Entries returns every entry in git's order (what `git config --list
// --includes` prints). The slice is shared: do not modify it.
func (c *Config) Entries() []Entry { return c.entries }

// Get returns the last value of key ("section.key" or
// "section.subsection.key"; section and key case-insensitive, subsection
// case-sensitive), as git's own lookups do.
func (c *Config) Get(key string) (string, bool) {
	e, ok := c.Lookup(key)
	return e.Value, ok
}

// Lookup returns the last entry for key, for callers that need its origin
// or need to tell "key" (NoValue) from "key =".
func (c *Config) Lookup(key string) (Entry, bool) {
	first, last, ok := splitKey(key)
	if !ok {
		return Entry{}, false
	}
	for i := len(c.entries) - 1; i >= 0; i-- {
		if keyMatch(c.entries[i].Key, key, first, last) {
			return c.entries[i], true
		}
	}
	return Entry{}, false
}

// GetAll returns every value of key in order (git config --get-all).
func (c *Config) GetAll(key string) []string {
	first, last, ok := splitKey(key)
	if !ok {
		return nil
	}
	var out []string
	for i := range c.entries {
		if keyMatch(c.entries[i].Key, key, first, last) {
			out = append(out, c.entries[i].Value)
		}
	}
	return out
}

// Origin returns the file and line of key's last value, for error
// messages. The file is empty for a command-line value or a missing key.
func (c *Config) Origin(key string) (file string, line int) {
	e, _ := c.Lookup(key)
	return e.File, e.Line
}

// Subsections returns the distinct subsections of section (matched
// case-insensitively) that hold at least one variable, in the order they
// first appear: every remote name for "remote", every branch for "branch".
func (c *Config) Subsections(section string) []string {
	var out []string
	for i := range c.entries {
		k := c.entries[i].Key
		first := strings.IndexByte(k, '.')
		last := strings.LastIndexByte(k, '.')
		if first < 0 || first == last || !asciiEqualFold(k[:first], section) {
			continue
		}
		sub := k[first+1 : last]
		if !containsString(out, sub) {
			out = append(out, sub)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// splitKey finds the first and last dots of a lookup key. Like git, a key
// needs a section and a variable name.
func splitKey(key string) (first, last int, ok bool) {
	first = strings.IndexByte(key, '.')
	last = strings.LastIndexByte(key, '.')
	if first <= 0 || last == len(key)-1 {
		return 0, 0, false
	}
	return first, last, true
}

// keyMatch compares a canonical key with a lookup key whose first and last
// dots are given: the section and variable parts of the lookup key are
// lower-cased, the subsection between them is compared as is. This is
// git_config_parse_key followed by strcmp, without allocating.
func keyMatch(canon, key string, first, last int) bool {
	if len(canon) != len(key) {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (i < first || i > last) && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if canon[i] != c {
			return false
		}
	}
	return true
}
