package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
)

const shown = "~/.config/reef/config.yaml"

func parseString(t *testing.T, src string, keymap *keys.Map) (Config, []Problem) {
	t.Helper()
	return parse("/home/u/.config/reef/config.yaml", shown, []byte(src), []string{"HOME=/home/u"}, keymap)
}

// TestProblems checks each complaint word for word: file, line and key
// first, then what is wrong and what is right.
func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string
	}{
		{"diff.view", "theme: dark\ndiff:\n  view: sidebyside\n",
			shown + `:3: diff.view: "sidebyside" is not side-by-side or unified`},
		{"diff.wrap", "diff:\n  wrap: yes\n",
			shown + `:2: diff.wrap: "yes" is not true or false`},
		{"diff.ignore_whitespace", "diff:\n  ignore_whitespace: 1\n",
			shown + `:2: diff.ignore_whitespace: "1" is not true or false`},
		{"diff.context not a number", "diff:\n  context: three\n",
			shown + `:2: diff.context: "three" is not a whole number`},
		{"diff.context fraction", "diff:\n  context: 2.5\n",
			shown + `:2: diff.context: "2.5" is not a whole number`},
		{"diff.context range", "diff:\n  context: -1\n",
			shown + `:2: diff.context: -1 is outside 0-1000`},
		{"diff.tab_width range", "diff:\n  tab_width: 0\n",
			shown + `:2: diff.tab_width: 0 is outside 1-16`},
		{"diff unknown key", "diff:\n  colour: true\n",
			shown + `:2: diff.colour: unknown setting (diff has view, wrap, context, ignore_whitespace, tab_width)`},
		{"diff not a mapping", "diff: unified\n",
			shown + `:1: diff: expected a mapping of view, wrap, context, ignore_whitespace, tab_width, found a value "unified"`},
		{"unknown top-level key", "theme: dark\n\ncolour: red\n",
			shown + `:3: colour: unknown setting (reef's settings are theme, theme_file, keys, diff, limits, history, forges)`},
		{"set twice", "theme: dark\ntheme: light\n",
			shown + `:2: theme: set twice (first on line 1); the first is used`},
		{"unknown theme", "theme: monokai\n",
			shown + `:1: theme: "monokai" is not a theme: reef has ` + strings.Join(themes.Names(), ", ")},
		{"theme not a word", "theme: [dark]\n",
			shown + `:1: theme: expected a word, found a list`},
		{"size suffix", "limits:\n  max_diff_bytes: 1x\n",
			shown + `:2: limits.max_diff_bytes: "1x" is not a size: use bytes, or a number with k, m or g (1048576, 512k, 1m)`},
		{"history index unknown", "history:\n  index: sometimes\n",
			shown + `:2: history.index: "sometimes" is not auto, always or off`},
		{"size zero", "limits:\n  max_diff_bytes: 0\n",
			shown + `:2: limits.max_diff_bytes: "0" is not a size reef can use: give at least one byte`},
		{"size overflow", "limits:\n  max_diff_bytes: 99999999999999g\n",
			shown + `:2: limits.max_diff_bytes: "99999999999999g" is not a size reef can use: give at least one byte`},
		{"limits unknown key", "limits:\n  max_files: 10\n",
			shown + `:2: limits.max_files: unknown setting (limits has max_diff_bytes)`},
		{"unknown binding", "keys:\n  diff.next-hunc: [n]\n",
			shown + `:2: keys.diff.next-hunc: unknown key binding (README.md's key table lists them)`},
		{"key taken", "keys:\n  diff.next-hunk: N\n",
			shown + `:2: keys.diff.next-hunk: "N" is already "diff.prev-hunk" (previous hunk); keeping n`},
		{"global key taken", "keys:\n  diff.next-hunk: [q]\n",
			shown + `:2: keys.diff.next-hunk: "q" is already "global.quit" (quit); keeping n`},
		{"no keys", "keys:\n  diff.next-hunk: []\n",
			shown + `:2: keys.diff.next-hunk: no keys given; keeping n`},
		{"empty binding", "keys:\n  diff.next-hunk:\n",
			shown + `:2: keys.diff.next-hunk: expected a key or a list of keys, such as [n, J]`},
		{"nested list", "keys:\n  diff.next-hunk: [[n]]\n",
			shown + `:2: keys.diff.next-hunk: expected key names such as j, ctrl+d or enter, found a list`},
		{"blank key", "keys:\n  diff.next-hunk: [\" \"]\n",
			shown + `:2: keys.diff.next-hunk: " " is not a key name`},
		{"keys not a mapping", "keys: [n]\n",
			shown + `:1: keys: expected a mapping of binding IDs to keys, found a list`},
		{"not a mapping", "- theme\n",
			shown + `:1: expected settings (theme, theme_file, keys, diff, limits, history, forges), found a list`},
		{"malformed (the parser names the mapping it was in)", "theme: dark\ndiff:\n  view: unified\n wrap: true\n",
			shown + `:3: not valid YAML: did not find expected key; using defaults for everything`},
		{"forge kind unknown", "forges:\n  git.example.com:\n    kind: gitlub\n",
			shown + `:3: forges.git.example.com.kind: "gitlub" is not a forge reef knows: github, gitlab, bitbucket, gitea`},
		{"forge without kind", "forges:\n  git.example.com:\n    api_url: https://git.example.com/api/v4\n",
			shown + `:2: forges.git.example.com: says no kind: add kind: github, gitlab, bitbucket or gitea`},
		{"forge api_url not a URL", "forges:\n  git.example.com:\n    kind: gitea\n    api_url: git.example.com\n",
			shown + `:4: forges.git.example.com.api_url: "git.example.com" is not an http(s) URL such as https://git.example.com/api/v4`},
		{"forge host is a URL", "forges:\n  https://git.example.com:\n    kind: gitea\n",
			shown + `:2: forges.https://git.example.com: expected a host name such as git.example.com (with an optional :port), not a URL`},
		{"forge setting unknown", "forges:\n  git.example.com:\n    kind: gitea\n    insecure: true\n",
			shown + `:4: forges.git.example.com.insecure: unknown setting (forges.git.example.com has kind, api_url, token, username, ca_file)`},
		{"tabs", "diff:\n\tview: unified\n",
			shown + `:2: not valid YAML: found character that cannot start any token; using defaults for everything`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := parseString(t, tc.src, keys.Default())
			if len(problems) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
			}
			if got := problems[0].String(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			if p := problems[0]; p.File != shown || p.Line == 0 {
				t.Errorf("problem %#v lacks its file or line", p)
			}
		})
	}
}

// TestRestStillApplies checks that a wrong setting costs only itself.
func TestRestStillApplies(t *testing.T) {
	src := `theme: solarized-light
keys:
  diff.next-hunk: [x, J]
  diff.prev-hunk: q
diff:
  view: sidebyside
  wrap: true
  context: lots
  ignore_whitespace: true
  tab_width: 8
  fancy: yes
limits:
  max_diff_bytes: 512k
history:
  index: false
`
	km := keys.Default()
	c, problems := parseString(t, src, km)
	var lines []int
	for _, p := range problems {
		lines = append(lines, p.Line)
	}
	if !slices.Equal(lines, []int{4, 6, 8, 11}) {
		t.Errorf("problems on lines %v, want 4, 6, 8, 11: %v", lines, problems)
	}
	want := pane.DiffDefaults{SideBySide: true, Wrap: true, Context: 3, IgnoreWS: true, TabWidth: 8, MaxBytes: 512 << 10}
	if c.Diff != want {
		t.Errorf("Diff = %+v, want %+v", c.Diff, want)
	}
	if c.ThemeName != themes.SolarizedLightName {
		t.Errorf("ThemeName = %q", c.ThemeName)
	}
	if c.HistoryIndex != pane.IndexOff || Defaults().HistoryIndex != pane.IndexAuto {
		t.Errorf("history.index = %v (default %v), want off (auto)", c.HistoryIndex, Defaults().HistoryIndex)
	}
	if !km.Is("diff.next-hunk", "J") || !km.Is("diff.next-hunk", "x") || km.Is("diff.next-hunk", "n") {
		t.Errorf("diff.next-hunk = %v, want [x J]", km.Get("diff.next-hunk").Keys)
	}
	if !km.Is("diff.prev-hunk", "N") {
		t.Errorf("diff.prev-hunk lost its key after a refused rebind: %v", km.Get("diff.prev-hunk").Keys)
	}
}

// TestKeyChains lets one binding take a key another gives up in the same
// file, whatever their order; a pure swap is reported.
func TestKeyChains(t *testing.T) {
	km := keys.Default()
	_, problems := parseString(t, "keys:\n  diff.next-hunk: [N]\n  diff.prev-hunk: [p]\n", km)
	if len(problems) > 0 || !km.Is("diff.next-hunk", "N") || !km.Is("diff.prev-hunk", "p") {
		t.Errorf("chain: problems %v, next %v, prev %v", problems, km.Get("diff.next-hunk").Keys, km.Get("diff.prev-hunk").Keys)
	}
	km = keys.Default()
	_, problems = parseString(t, "keys:\n  diff.next-hunk: [N]\n  diff.prev-hunk: [n]\n", km)
	if len(problems) != 2 || !km.Is("diff.next-hunk", "n") || !km.Is("diff.prev-hunk", "N") {
		t.Errorf("swap: want both reported and both kept: %v", problems)
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{
		"1048576": 1 << 20, "512k": 512 << 10, "1m": 1 << 20, "1M": 1 << 20, "2g": 2 << 30,
		"1MiB": 1 << 20, "64 kb": 64 << 10, "100b": 100, `"4096"`: 4096,
	} {
		c, problems := parseString(t, "limits:\n  max_diff_bytes: "+in+"\n", nil)
		if len(problems) > 0 || c.Diff.MaxBytes != want {
			t.Errorf("max_diff_bytes: %s = %d %v, want %d", in, c.Diff.MaxBytes, problems, want)
		}
	}
}

func TestEmptyAndDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "theme:\ndiff:\nkeys:\nlimits:\n", "diff:\n  wrap:\n"} {
		c, problems := parseString(t, src, keys.Default())
		if len(problems) > 0 {
			t.Errorf("%q: %v", src, problems)
		}
		d := Defaults()
		d.File = shown
		if c.Diff != d.Diff || c.ThemeName != d.ThemeName {
			t.Errorf("%q: got %+v, want the defaults", src, c)
		}
	}
}

// TestDescribe keeps the documented example true: it parses without a
// problem, and a copy of it changes nothing.
func TestDescribe(t *testing.T) {
	doc := Describe()
	km := keys.Default()
	c, problems := parseString(t, doc, km)
	if len(problems) > 0 {
		t.Fatalf("Describe() has problems: %v\n%s", problems, doc)
	}
	if c.Diff != Defaults().Diff || c.ThemeName != themes.Auto {
		t.Errorf("Describe() is not the defaults: %+v", c)
	}
	if !slices.EqualFunc(km.All(), keys.Default().All(), func(a, b keys.Binding) bool { return slices.Equal(a.Keys, b.Keys) }) {
		t.Errorf("Describe() rebinds keys")
	}
	for _, want := range []string{"high-contrast", "catppuccin-mocha", "solarized-light", "lane7", "max_diff_bytes: 1m", "view: side-by-side"} {
		if !strings.Contains(doc, want) {
			t.Errorf("Describe() does not mention %q", want)
		}
	}
	// The uncommented example from the issue is valid too.
	example := "theme: auto\nkeys:\n  diff.next-hunk: [n, J]\ndiff:\n  view: side-by-side\n  wrap: false\n  context: 3\n" +
		"  ignore_whitespace: false\n  tab_width: 4\nlimits:\n  max_diff_bytes: 1048576\n"
	if _, problems := parseString(t, example, keys.Default()); len(problems) > 0 {
		t.Errorf("the issue's example: %v", problems)
	}
}

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"HOME=/home/u"}, "/home/u/.config/reef/config.yaml"},
		{[]string{"HOME=/home/u", "XDG_CONFIG_HOME=/cfg"}, "/cfg/reef/config.yaml"},
		{[]string{"HOME=/home/u", "XDG_CONFIG_HOME=relative"}, "/home/u/.config/reef/config.yaml"},
		{[]string{"XDG_CONFIG_HOME=/cfg"}, "/cfg/reef/config.yaml"},
		{[]string{"HOME=/a", "HOME=/b"}, "/a/.config/reef/config.yaml"},
		{nil, ""},
	} {
		if got := Path(tc.env); got != tc.want {
			t.Errorf("Path(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

// write makes a file under dir, creating directories.
func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoad(t *testing.T) {
	home := t.TempDir()
	env := []string{"HOME=" + home}
	cfg := filepath.Join(home, ".config", "reef", "config.yaml")

	t.Run("no file", func(t *testing.T) {
		c, problems := Load(env, keys.Default())
		if len(problems) > 0 || c.Diff != Defaults().Diff || c.File != "" {
			t.Errorf("got %+v %v, want defaults and no problem", c, problems)
		}
		if !c.FollowsBackground() || c.Theme(true).Name != themes.DarkName || c.Theme(false).Name != themes.LightName {
			t.Errorf("the default theme does not follow the background")
		}
	})

	t.Run("theme file beside the config", func(t *testing.T) {
		write(t, cfg, "theme: dark\ntheme_file: mine.yaml\ndiff:\n  view: unified\n")
		write(t, filepath.Join(home, ".config", "reef", "mine.yaml"),
			"base: catppuccin\ncolors:\n  added: \"#00ff00\"\n  adde: \"#00ff00\"\n")
		c, problems := Load(env, keys.Default())
		if len(problems) != 1 || problems[0].String() != `~/.config/reef/mine.yaml:4: colors.adde: unknown role (did you mean "added"?)` {
			t.Fatalf("problems = %v", problems)
		}
		if c.File != shown || c.Diff.SideBySide {
			t.Errorf("File = %q, SideBySide = %v", c.File, c.Diff.SideBySide)
		}
		d, l := c.Theme(true), c.Theme(false)
		if d.Name != themes.CatppuccinMochaName || l.Name != themes.CatppuccinLatteName || d.Color(themes.Added) != "#00ff00" {
			t.Errorf("Theme = %s/%s added %s", d.Name, l.Name, d.Color(themes.Added))
		}
		if !c.FollowsBackground() {
			t.Errorf("a theme file based on a family follows the background")
		}
	})

	t.Run("named theme, tilde theme file", func(t *testing.T) {
		write(t, cfg, "theme: solarized-dark\ntheme_file: ~/themes/t.yaml\n")
		write(t, filepath.Join(home, "themes", "t.yaml"), "colors:\n  lane0: 75\n")
		c, problems := Load(env, nil)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if th := c.Theme(false); th.Name != themes.SolarizedDarkName || th.Color(themes.Lane0) != "75" {
			t.Errorf("Theme = %s lane0 %s", th.Name, th.Color(themes.Lane0))
		}
		if c.FollowsBackground() {
			t.Errorf("a named theme does not follow the background")
		}
	})

	t.Run("missing theme file", func(t *testing.T) {
		write(t, cfg, "theme: light\ntheme_file: ~/nope.yaml\n")
		c, problems := Load(env, nil)
		want := shown + `:2: theme_file: cannot read ~/nope.yaml (no such file or directory); using the theme's own colours`
		if len(problems) != 1 || problems[0].String() != want {
			t.Errorf("problems = %v, want %s", problems, want)
		}
		if c.Theme(true).Name != themes.LightName {
			t.Errorf("Theme = %s", c.Theme(true).Name)
		}
	})

	t.Run("unreadable config", func(t *testing.T) {
		xdg := t.TempDir()
		if err := os.MkdirAll(filepath.Join(xdg, "reef", "config.yaml"), 0o755); err != nil {
			t.Fatal(err)
		}
		c, problems := Load([]string{"XDG_CONFIG_HOME=" + xdg}, nil)
		if len(problems) != 1 || !strings.Contains(problems[0].String(), "cannot read the config file (is a directory); using defaults") {
			t.Errorf("problems = %v", problems)
		}
		if c.Diff != Defaults().Diff {
			t.Errorf("Diff = %+v", c.Diff)
		}
	})
}

// TestForges: a self-hosted forge is read with its kind, API, token and
// CA file.
func TestForges(t *testing.T) {
	ca := filepath.Join(t.TempDir(), "ca.pem")
	write(t, ca, "-----BEGIN CERTIFICATE-----\n")
	c, problems := parseString(t, "forges:\n  Git.Example.com:8443:\n    kind: GitLab\n    api_url: https://git.example.com:8443/api/v4\n    token: t0k\n    ca_file: "+ca+"\n", keys.Default())
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	want := ForgeHost{Kind: "gitlab", APIURL: "https://git.example.com:8443/api/v4", Token: "t0k", CAFile: ca}
	if got := c.Forges["git.example.com:8443"]; got != want {
		t.Errorf("forge %+v, want %+v", got, want)
	}
}

// TestHistoryIndexSetting: history.index takes auto, always and off, and
// true and false for auto and off.
func TestHistoryIndexSetting(t *testing.T) {
	for in, want := range map[string]pane.IndexMode{
		"auto": pane.IndexAuto, "always": pane.IndexAlways, "off": pane.IndexOff,
		"true": pane.IndexAuto, "false": pane.IndexOff, `"off"`: pane.IndexOff,
	} {
		c, problems := parseString(t, "history:\n  index: "+in+"\n", nil)
		if len(problems) > 0 || c.HistoryIndex != want {
			t.Errorf("index: %s = %v %v, want %v", in, c.HistoryIndex, problems, want)
		}
	}
}
