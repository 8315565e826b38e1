package themes

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Theme is a complete set of colours: one per role, for a dark or a light
// terminal background. The zero Theme has no colours; get one from Pick
// or Apply. A Theme is a value: nothing changes it after it is made.
type Theme struct {
	Name string
	Dark bool // made for a dark background
	// Background is the terminal background the colours were chosen for
	// (and checked against). reef never paints it: the terminal's own
	// background shows, so a palette theme looks best with the terminal
	// set to the same palette.
	Background Color
	colors     map[Role]Color
}

// Color returns the theme's colour for a role; "" only for a role the
// theme lacks, which Pick's themes, and Apply's over them, never do.
func (t Theme) Color(r Role) Color { return t.colors[r] }

// Missing lists the roles the theme has no colour for, in Roles order.
func (t Theme) Missing() []Role {
	var out []Role
	for _, r := range Roles {
		if t.colors[r] == "" {
			out = append(out, r)
		}
	}
	return out
}

// builtinFiles holds the built-in themes, one YAML file each, in the same
// format as user theme files: users can copy one as a starting point, and
// one parser and validator serves both. It is only read.
//
//go:embed builtin/*.yaml
var builtinFiles embed.FS

// Names of the built-in themes, each a file builtin/<name>.yaml.
const (
	DarkName              = "dark"
	LightName             = "light"
	HighContrastDarkName  = "high-contrast-dark"
	HighContrastLightName = "high-contrast-light"
	CatppuccinMochaName   = "catppuccin-mocha"
	CatppuccinLatteName   = "catppuccin-latte"
	SolarizedDarkName     = "solarized-dark"
	SolarizedLightName    = "solarized-light"
)

// Auto is the default theme name: dark or light by the terminal's
// background.
const Auto = "auto"

// builtins lists the concrete built-in themes in the order Names shows them.
func builtins() []string {
	return []string{
		DarkName, LightName, HighContrastDarkName, HighContrastLightName,
		CatppuccinMochaName, CatppuccinLatteName, SolarizedDarkName, SolarizedLightName,
	}
}

// family is a name that stands for a dark and a light theme, chosen by
// the terminal's background.
type family struct{ name, dark, light string }

func families() []family {
	return []family{
		{Auto, DarkName, LightName},
		{"high-contrast", HighContrastDarkName, HighContrastLightName},
		{"catppuccin", CatppuccinMochaName, CatppuccinLatteName},
		{"solarized", SolarizedDarkName, SolarizedLightName},
	}
}

// Names lists every name Pick accepts: "auto", the families that pick a
// variant by the background ("high-contrast", "catppuccin", "solarized")
// and the concrete themes.
func Names() []string {
	var out []string
	for _, f := range families() {
		out = append(out, f.name)
	}
	return append(out, builtins()...)
}

// Pick returns a built-in theme by name. "" and "auto" mean dark or light
// by the terminal's background, as do the family names; a concrete name
// is taken as it is, whatever the background.
func Pick(name string, darkBackground bool) (Theme, error) {
	name = strings.TrimSpace(strings.ToLower(name))
	if name == "" {
		name = Auto
	}
	for _, f := range families() {
		if f.name == name {
			name = f.light
			if darkBackground {
				name = f.dark
			}
		}
	}
	if !slices.Contains(builtins(), name) {
		return Theme{}, fmt.Errorf("unknown theme %q: reef has %s", name, strings.Join(Names(), ", "))
	}
	if t, ok := parsed.Load(name); ok {
		return t.(Theme), nil
	}
	path := "builtin/" + name + ".yaml"
	data, err := builtinFiles.ReadFile(path)
	if err != nil {
		return Theme{}, fmt.Errorf("built-in theme %s: %w", name, err)
	}
	f, errs := parse("themes/"+path, data)
	if len(errs) > 0 {
		// Only a broken build gets here: the built-ins are tested.
		return Theme{}, fmt.Errorf("built-in theme %s: %w", name, errs[0])
	}
	t := Theme{Name: name, Background: f.background, colors: f.colors}
	if f.dark != nil {
		t.Dark = *f.dark
	}
	if missing := t.Missing(); len(missing) > 0 {
		return Theme{}, fmt.Errorf("built-in theme %s has no colour for %s", name, missing[0])
	}
	parsed.Store(name, t)
	return t, nil
}

// parsed holds the built-in themes read so far, by name. Their colours
// are shared: nothing writes a theme's map (Apply copies it). Parsing
// the YAML takes a millisecond or more, and start-up asks for the theme
// four times (both backgrounds, to see whether it follows the terminal's).
var parsed sync.Map
