package themes

import (
	"strings"
	"testing"
)

func mustPick(t *testing.T, name string, dark bool) Theme {
	t.Helper()
	th, err := Pick(name, dark)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func TestPick(t *testing.T) {
	for _, tc := range []struct {
		name string
		dark bool
		want string
	}{
		{"", true, DarkName},
		{"", false, LightName},
		{"auto", true, DarkName},
		{"Auto", false, LightName},
		{"high-contrast", true, HighContrastDarkName},
		{"high-contrast", false, HighContrastLightName},
		{"catppuccin", true, CatppuccinMochaName},
		{"catppuccin", false, CatppuccinLatteName},
		{"solarized", false, SolarizedLightName},
		// A concrete name is what the user asked for, whatever the background.
		{"solarized-dark", false, SolarizedDarkName},
		{"light", true, LightName},
	} {
		th := mustPick(t, tc.name, tc.dark)
		if th.Name != tc.want {
			t.Errorf("Pick(%q, dark=%v) = %s, want %s", tc.name, tc.dark, th.Name, tc.want)
		}
	}
	_, err := Pick("monokai", true)
	if err == nil || !strings.Contains(err.Error(), `unknown theme "monokai"`) || !strings.Contains(err.Error(), "catppuccin-mocha") {
		t.Errorf("Pick(monokai) error = %v, want one naming the theme and listing reef's", err)
	}
	for _, name := range Names() {
		if _, err := Pick(name, true); err != nil {
			t.Errorf("Names() lists %q but Pick refuses it: %v", name, err)
		}
	}
}

func TestApplyOverrides(t *testing.T) {
	dark := mustPick(t, DarkName, true)
	mocha := mustPick(t, CatppuccinMochaName, true)

	t.Run("over the configured theme", func(t *testing.T) {
		th, errs := Apply(dark, "t.yaml", []byte("colors:\n  added: \"#00FF00\"\n  lane0: 75\n"), true)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if th.Color(Added) != "#00ff00" || th.Color(Lane0) != "75" {
			t.Errorf("added, lane0 = %s, %s; want #00ff00, 75", th.Color(Added), th.Color(Lane0))
		}
		if th.Color(Text) != dark.Color(Text) || th.Name != DarkName || !th.Dark {
			t.Errorf("roles the file does not name should stay the base's")
		}
		if dark.Color(Added) == "#00ff00" {
			t.Errorf("Apply changed the base theme it was given")
		}
	})
	t.Run("over its own base", func(t *testing.T) {
		src := "name: mine\nbase: catppuccin-mocha\ncolors:\n  removed: \"#ff0000\"\n"
		th, errs := Apply(dark, "t.yaml", []byte(src), false)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if th.Name != "mine" || th.Color(Text) != mocha.Color(Text) || th.Color(Removed) != "#ff0000" || !th.Dark {
			t.Errorf("got %s text=%s removed=%s dark=%v; want mine over catppuccin-mocha", th.Name, th.Color(Text), th.Color(Removed), th.Dark)
		}
	})
	t.Run("family base follows the background", func(t *testing.T) {
		th, _ := Apply(dark, "t.yaml", []byte("base: catppuccin\n"), false)
		if th.Name != CatppuccinLatteName {
			t.Errorf("base: catppuccin on a light background = %s, want %s", th.Name, CatppuccinLatteName)
		}
	})
	t.Run("dark and background", func(t *testing.T) {
		th, errs := Apply(dark, "t.yaml", []byte("dark: false\nbackground: \"#fafafa\"\n"), true)
		if len(errs) > 0 || th.Dark || th.Background != "#fafafa" {
			t.Errorf("got dark=%v background=%s errs=%v", th.Dark, th.Background, errs)
		}
	})
	t.Run("empty and comment-only files change nothing", func(t *testing.T) {
		for _, src := range []string{"", "# nothing yet\n", "colors:\n"} {
			th, errs := Apply(dark, "t.yaml", []byte(src), true)
			if len(errs) > 0 || th.Color(Added) != dark.Color(Added) {
				t.Errorf("%q: errs=%v", src, errs)
			}
		}
	})
	t.Run("good entries apply beside bad ones", func(t *testing.T) {
		src := "colors:\n  added: \"#00ff00\"\n  adde: \"#00ff00\"\n  removed: red\n  lane1: 12\n"
		th, errs := Apply(dark, "t.yaml", []byte(src), true)
		if len(errs) != 2 {
			t.Fatalf("got %d errors, want 2: %v", len(errs), errs)
		}
		if th.Color(Added) != "#00ff00" || th.Color(Lane1) != "12" || th.Color(Removed) != dark.Color(Removed) {
			t.Errorf("added=%s lane1=%s removed=%s", th.Color(Added), th.Color(Lane1), th.Color(Removed))
		}
	})
}

// TestApplyErrors checks that every complaint names the file, the line and
// the key, and says what would be right.
func TestApplyErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the whole message
	}{
		{"unknown role", "colors:\n  adde: \"#00ff00\"\n",
			`~/t.yaml:2: colors.adde: unknown role (did you mean "added"?)`},
		{"unknown role far from any", "colors:\n  background-ish: \"#00ff00\"\n",
			`~/t.yaml:2: colors.background-ish: unknown role`},
		{"short hex", "colors:\n  added: \"#0f0\"\n",
			`~/t.yaml:2: colors.added: "#0f0" is not a colour: use "#rrggbb" (six hex digits) or an ANSI index 0-255`},
		{"colour name", "colors:\n\n  removed: red\n",
			`~/t.yaml:3: colors.removed: "red" is not a colour: use "#rrggbb" or an ANSI index 0-255`},
		{"index out of range", "colors:\n  lane0: 256\n",
			`~/t.yaml:2: colors.lane0: "256" is not a colour: use "#rrggbb" or an ANSI index 0-255`},
		{"unquoted hex is a comment", "colors:\n  added: #00ff00\n",
			`~/t.yaml:2: colors.added: no colour given (quote hex colours: "#00ff00"; an unquoted # starts a comment)`},
		{"list for a colour", "colors:\n  added: [1, 2]\n",
			`~/t.yaml:2: colors.added: expected a colour: "#rrggbb" or an ANSI index 0-255`},
		{"set twice", "colors:\n  added: 1\n  added: 2\n",
			`~/t.yaml:3: colors.added: set twice (first on line 2); the first is used`},
		{"unknown base", "base: catpuccin\n",
			`~/t.yaml:1: base: unknown theme "catpuccin": reef has ` + strings.Join(Names(), ", ")},
		{"unknown key", "name: x\ncolour:\n  added: 1\n",
			`~/t.yaml:2: colour: unknown key: a theme file has name, base, dark, background and colors`},
		{"dark not a bool", "dark: yes\n",
			`~/t.yaml:1: dark: "yes" is not true or false`},
		{"bad background", "background: \"#12345\"\n",
			`~/t.yaml:1: background: "#12345" is not a colour: use "#rrggbb" (six hex digits) or an ANSI index 0-255`},
		{"colors not a mapping", "colors: \"#00ff00\"\n",
			`~/t.yaml:1: colors: expected a mapping of role: colour`},
		{"not a mapping", "- added\n",
			`~/t.yaml:1: a theme file is a mapping of name, base, dark, background and colors`},
		{"unclosed quote (the parser names the line it opened on)", "colors:\n  added: \"#00ff00\n  removed: 1\n",
			`~/t.yaml:2: not valid YAML: found unexpected end of stream`},
		{"tab indentation", "colors:\n\tadded: 1\n",
			`~/t.yaml:2: not valid YAML: found character that cannot start any token`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Apply(mustPick(t, DarkName, true), "~/t.yaml", []byte(tc.src), true)
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			if got := errs[0].Error(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			fe, ok := errs[0].(*FileError)
			if !ok || fe.File != "~/t.yaml" || fe.Line == 0 {
				t.Errorf("error %#v does not carry file and line", errs[0])
			}
		})
	}
}

func TestParseColor(t *testing.T) {
	for in, want := range map[string]Color{"#A0b0C0": "#a0b0c0", "0": "0", "255": "255", "#000000": "#000000"} {
		if got, err := ParseColor(in); err != nil || got != want {
			t.Errorf("ParseColor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "#", "#abc", "#abcdefg", "#ggggggg", "#gggggg", "-1", "256", "007", "+7", "1.5", "red", " 1"} {
		if got, err := ParseColor(in); err == nil {
			t.Errorf("ParseColor(%q) = %q, want an error", in, got)
		}
	}
	if r, g, b := Color("196").RGB(); r != 0xff || g != 0 || b != 0 {
		t.Errorf("RGB(196) = %d %d %d, want 255 0 0", r, g, b)
	}
	if r, g, b := Color("244").RGB(); r != 0x80 || g != 0x80 || b != 0x80 {
		t.Errorf("RGB(244) = %d %d %d, want 128 128 128", r, g, b)
	}
}
