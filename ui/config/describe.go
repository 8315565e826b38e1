package config

import (
	"fmt"
	"strings"

	"reef/themes"
	"reef/ui/pane"
)

// Describe returns a commented config file that documents every setting
// at its default, for README.md and for `reef` to print: a copy of it
// changes nothing.
func Describe() string {
	d := Defaults().Diff
	view := "side-by-side"
	if !d.SideBySide {
		view = "unified"
	}
	var roles []string
	for _, r := range themes.Roles {
		roles = append(roles, string(r))
	}
	return fmt.Sprintf(`# reef's configuration: $XDG_CONFIG_HOME/reef/config.yaml, by default
# ~/.config/reef/config.yaml. Every setting is optional. A setting reef does
# not understand is reported with its file, line and key, and keeps its
# default; the rest of the file still applies.

# Colours. auto picks dark or light by the terminal's background, as do
# high-contrast, catppuccin and solarized. One of:
#   %s
theme: %s

# A theme file changing some colours of the theme above, or of its own base.
# Relative paths are beside this file. For example:
#   base: catppuccin-mocha      # optional
#   colors:
#     added: "#00ff00"          # quote hex colours; ANSI indexes 0-255 work too
#     lane0: 75
# Roles:
#   %s
# theme_file: ~/.config/reef/theme.yaml

# Key bindings by ID (README.md's key table lists them): one key or a list.
# A key another binding in the same place already uses is refused.
keys:
  # diff.next-hunk: [n, J]
  # list.down: j

diff:
  view: %s   # side-by-side | unified (below %d columns diffs are always unified)
  wrap: %v          # soft-wrap long lines instead of scrolling sideways
  context: %d           # lines of context around each change (0-1000)
  ignore_whitespace: %v
  tab_width: %d         # columns per tab (1-16)

limits:
  max_diff_bytes: %s    # larger files are cut with a notice; k, m, g suffixes (1k = 1024 bytes)

history:
  # reef's history index: git's commit-graph with changed-path filters, which
  # makes file history and blame many times faster, written by git into
  # .git/reef for repositories without one. Only reef reads it; deleting it is
  # safe. auto: after a file history walk or blame slower than a quarter of a
  # second; always: after the first one; off: never (ctrl+g on the History
  # screen has git write the repository's own commit-graph instead).
  index: %s

# Code hosts reef cannot tell by name (GitHub Enterprise, self-managed GitLab,
# Gitea, Forgejo), by host as in the remote URL (add :port when not the
# default). Tokens from the environment (GITHUB_TOKEN, GITLAB_TOKEN,
# BITBUCKET_TOKEN, GITEA_TOKEN) win over a token here; then gh's and glab's
# logins, then git's credential helpers. TLS is never turned off: name a CA.
forges:
  # git.example.com:
  #   kind: gitlab            # github | gitlab | bitbucket | gitea
  #   api_url: https://git.example.com/api/v4   # optional: derived from the host
  #   token: glpat-...        # optional
  #   username: me            # with token, for Bitbucket API tokens
  #   ca_file: /etc/ssl/certs/corp-ca.pem       # optional
`, wrapList(themes.Names(), 76, "#   "), themes.Auto, wrapList(roles, 76, "#   "),
		view, pane.MinSideBySide, d.Wrap, d.Context, d.IgnoreWS, d.TabWidth, sizeText(d.MaxBytes), indexText(Defaults().HistoryIndex))
}

// wrapList joins words with commas into lines of at most width bytes,
// continuing lines with prefix.
func wrapList(words []string, width int, prefix string) string {
	var b strings.Builder
	col := len(prefix)
	for i, w := range words {
		if i > 0 {
			b.WriteString(",")
			col++
			if col+1+len(w) > width {
				b.WriteString("\n" + prefix)
				col = len(prefix)
			} else {
				b.WriteString(" ")
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// sizeText writes a byte count the way the config file takes it.
func sizeText(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.suffix)
		}
	}
	return fmt.Sprint(n)
}

// indexText writes history.index the way the config file takes it.
func indexText(m pane.IndexMode) string {
	for _, im := range indexModes {
		if im.mode == m {
			return im.name
		}
	}
	return "auto"
}
