// Package config reads reef's configuration file, and is the only code
// that does: $XDG_CONFIG_HOME/reef/config.yaml, or
// ~/.config/reef/config.yaml when XDG_CONFIG_HOME is not set. Every
// setting is optional:
//
//	theme: auto              # auto | a name from themes.Names()
//	theme_file: ~/.config/reef/theme.yaml   # a user theme file laid over theme
//	keys:                    # binding ID: keys (a list or one key)
//	  diff.next-hunk: [n, J]
//	diff:
//	  view: side-by-side     # side-by-side | unified
//	  wrap: false
//	  context: 3             # 0-1000
//	  ignore_whitespace: false
//	  tab_width: 4           # 1-16
//	limits:
//	  max_diff_bytes: 1m     # bytes, or with a k, m or g suffix (1k = 1024)
//	history:
//	  index: auto            # reef's history index (.git/reef): auto | always | off
//	forges:                  # self-hosted code hosts by host name
//	  git.example.com:
//	    kind: gitlab         # github | gitlab | bitbucket | gitea
//	    api_url: https://git.example.com/api/v4   # optional
//	    token: ...           # optional; GITLAB_TOKEN and friends win
//	    ca_file: /etc/ssl/corp-ca.pem             # optional extra CA
//
// A wrong setting never stops reef: each unknown key and bad value is a
// Problem naming the file, line and key, the setting keeps its default
// and the rest of the file still applies. Describe returns the same
// schema as a commented example for the README.
package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
)

// Config is reef's configuration: the defaults, changed by the file.
type Config struct {
	File      string // the file read, as shown to the user ("~/.config/reef/config.yaml"); "" if none
	ThemeName string // a name themes.Pick accepts
	ThemeFile string // the user theme file's path; "" for none
	Diff      pane.DiffDefaults
	// HistoryIndex: when reef writes its history index (.git/reef).
	HistoryIndex pane.IndexMode
	// Forges maps a host (lower case, with :port when not the default)
	// to the forge it runs.
	Forges map[string]ForgeHost

	themeShown string // ThemeFile as shown in messages
	themeData  []byte // ThemeFile's contents, read by Load
}

// Problem is one thing wrong in a configuration or theme file.
type Problem struct {
	File string // as shown to the user: "~/.config/reef/config.yaml"
	Line int    // 1-based; 0 when it is about the whole file
	Key  string // dotted path: "diff.view"; "" when it is about the whole file
	Msg  string
}

// String reads "~/.config/reef/config.yaml:7: diff.view: ...".
func (p Problem) String() string {
	fe := themes.FileError{File: p.File, Line: p.Line, Key: p.Key, Msg: p.Msg}
	return fe.Error()
}

// Error makes a Problem usable as an error.
func (p Problem) Error() string { return p.String() }

// Defaults is the configuration without a file.
func Defaults() Config {
	return Config{
		ThemeName: themes.Auto,
		Diff: pane.DiffDefaults{
			SideBySide: true,
			Context:    3,
			TabWidth:   4,
			MaxBytes:   1 << 20,
		},
		HistoryIndex: pane.IndexAuto,
	}
}

// Path returns where the config file is for this environment ("" when
// neither XDG_CONFIG_HOME nor HOME says). XDG_CONFIG_HOME counts only when
// absolute, as the XDG base directory specification asks.
func Path(env []string) string {
	if x := lookup(env, "XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "reef", "config.yaml")
	}
	if home := lookup(env, "HOME"); home != "" {
		return filepath.Join(home, ".config", "reef", "config.yaml")
	}
	return ""
}

// Load reads the config file for this environment and applies its key
// bindings to keymap (which may be nil: bindings are then only checked
// for form). A missing file is no problem; anything wrong in it, or in the
// theme file it names, is returned as Problems, with defaults for what
// was wrong.
func Load(env []string, keymap *keys.Map) (Config, []Problem) {
	path := Path(env)
	if path == "" {
		return Defaults(), nil
	}
	shown := shorten(path, lookup(env, "HOME"))
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Defaults(), nil
	}
	if err != nil {
		c := Defaults()
		c.File = shown
		return c, []Problem{{File: shown, Msg: "cannot read the config file (" + cause(err) + "); using defaults"}}
	}
	return parse(path, shown, data, env, keymap)
}

// Theme returns the configured theme for a dark or light terminal
// background, with the user theme file laid over it. Problems in the
// theme file were reported by Load; here its valid entries apply.
func (c Config) Theme(darkBackground bool) themes.Theme {
	t, err := themes.Pick(c.ThemeName, darkBackground)
	if err != nil {
		t, _ = themes.Pick(themes.Auto, darkBackground)
	}
	if c.themeData != nil {
		t, _ = themes.Apply(t, c.themeShown, c.themeData, darkBackground)
	}
	return t
}

// FollowsBackground reports whether the theme depends on the terminal's
// background ("auto", a family such as "catppuccin", or a theme file
// based on one), so that reef needs to ask the terminal for it.
func (c Config) FollowsBackground() bool {
	d, l := c.Theme(true), c.Theme(false)
	if d.Dark != l.Dark {
		return true
	}
	return slices.ContainsFunc(themes.Roles, func(r themes.Role) bool { return d.Color(r) != l.Color(r) })
}

// readTheme reads the user theme file (path, shown as shown) named on
// line of the config file, and checks it, returning its problems. It
// checks against a dark background; a family `base:` would differ only
// in which variant it picks, not in what is valid.
func (c *Config) readTheme(path, shown, configShown string, line int) []Problem {
	data, err := os.ReadFile(path)
	if err != nil {
		return []Problem{{File: configShown, Line: line, Key: "theme_file",
			Msg: "cannot read " + shown + " (" + cause(err) + "); using the theme's own colours"}}
	}
	c.ThemeFile, c.themeShown, c.themeData = path, shown, data
	base, err := themes.Pick(c.ThemeName, true)
	if err != nil {
		base, _ = themes.Pick(themes.Auto, true)
	}
	_, errs := themes.Apply(base, c.themeShown, data, true)
	var out []Problem
	for _, err := range errs {
		var fe *themes.FileError
		if errors.As(err, &fe) {
			out = append(out, Problem{File: fe.File, Line: fe.Line, Key: fe.Key, Msg: fe.Msg})
		} else {
			out = append(out, Problem{File: shown, Msg: err.Error()})
		}
	}
	return out
}

// lookup returns an environment variable's value (the first, as
// os.Getenv does).
func lookup(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// shorten writes a path under home as ~/..., as people type it.
func shorten(path, home string) string {
	if home != "" && home != "/" {
		if rest, ok := strings.CutPrefix(path, strings.TrimSuffix(home, "/")+"/"); ok {
			return "~/" + rest
		}
	}
	return path
}

// cause is the reason in an OS error, without the path (messages name
// the file already).
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
