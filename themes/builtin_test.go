package themes

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// backgroundRoles are drawn behind text; every other role is drawn as
// text or lines on the terminal's background.
var backgroundRoles = []Role{Subtle, Selection, AddedBg, RemovedBg, AddedWord, RemovedWord}

// policy is how much contrast (WCAG 2 ratios) a theme promises.
type policy struct {
	text, muted float64 // text and muted on the background
	onFill      float64 // text on the selection, blurred selection and diff lines
	onWord      float64 // text on the changed words' stronger fill
	floor       float64 // every other foreground role on the background
}

// reef's own themes meet WCAG AA: 4.5:1 for text wherever it is drawn, 3:1
// for secondary text and for every other colour, as WCAG asks of large
// text and interface parts.
var standard = policy{text: 4.5, muted: 3, onFill: 4.5, onWord: 4.5, floor: 3}

// The published palettes meet AA for text and muted on the background,
// and are otherwise kept faithful where their tones cannot do more:
// Solarized's text reaches 4.1:1 on its highlight tone and on tinted
// lines, 3.3:1 on tinted changed words; Catppuccin Latte's text 4.4:1 on
// its selection tone, and its pastel accents (yellow, pink) sit near 2.3:1.
var palette = policy{text: 4.5, muted: 3, onFill: 4, onWord: 3, floor: 2}

// High contrast means WCAG AAA (7:1) for text everywhere and AA for
// everything else.
var highContrast = policy{text: 7, muted: 4.5, onFill: 7, onWord: 7, floor: 4.5}

// Distances (CIEDE2000) between colours that must not be confused.
const (
	minLaneGap     = 10 // lane and lane, lane and added/removed: another colour at a glance
	minLaneFromBg  = 20 // a lane glyph stands out from the background
	minFillFromBg  = 3  // a fill is visibly there (Solarized's highlight tones are 3.0 and 3.4 from its backgrounds)
	minEmphFromBg  = 5  // changed words stand out from their line
	minAddedVsRmvd = 10 // added and removed lines are not confused
)

func policyFor(name string) policy {
	switch {
	case strings.HasPrefix(name, "high-contrast"):
		return highContrast
	case name == DarkName || name == LightName:
		return standard
	}
	return palette
}

func allBuiltins(t *testing.T) []Theme {
	t.Helper()
	var out []Theme
	for _, name := range builtins() {
		th, err := Pick(name, true)
		if err != nil {
			t.Fatalf("Pick(%q): %v", name, err)
		}
		out = append(out, th)
	}
	return out
}

func TestBuiltinsComplete(t *testing.T) {
	for _, th := range allBuiltins(t) {
		if m := th.Missing(); len(m) > 0 {
			t.Errorf("%s: no colour for %v", th.Name, m)
		}
		if _, err := ParseColor(string(th.Background)); err != nil {
			t.Errorf("%s: background: %v", th.Name, err)
		}
		// The file parses with no error at all: no unknown or repeated keys.
		data, err := builtinFiles.ReadFile("builtin/" + th.Name + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		f, errs := parse(th.Name, data)
		if len(errs) > 0 {
			t.Errorf("%s: %v", th.Name, errs)
		}
		if f.base != "" || f.name != th.Name {
			t.Errorf("%s: a built-in names itself (name: %q) and has no base (base: %q)", th.Name, f.name, f.base)
		}
		if dark := luminance(th.Background) < 0.2; dark != th.Dark {
			t.Errorf("%s: dark is %v but the background %s says %v", th.Name, th.Dark, th.Background, dark)
		}
	}
}

// TestBuiltinContrast holds every built-in theme to WCAG contrast ratios
// on the background it was made for.
func TestBuiltinContrast(t *testing.T) {
	for _, th := range allBuiltins(t) {
		p := policyFor(th.Name)
		bg := th.Background
		need := func(what string, fg, on Color, min float64) {
			t.Helper()
			if got := contrast(fg, on); got < min {
				t.Errorf("%s: %s: %s on %s has contrast %.2f, want at least %.1f", th.Name, what, fg, on, got, min)
			}
		}
		need("text", th.Color(Text), bg, p.text)
		need("muted", th.Color(Muted), bg, p.muted)
		need("selection-fg on selection", th.Color(SelectionFg), th.Color(Selection), p.onFill)
		for _, fill := range []Role{Subtle, AddedBg, RemovedBg} {
			need("text on "+string(fill), th.Color(Text), th.Color(fill), p.onFill)
		}
		for _, fill := range []Role{AddedWord, RemovedWord} {
			need("text on "+string(fill), th.Color(Text), th.Color(fill), p.onWord)
		}
		for _, r := range Roles {
			if r == Text || r == Muted || r == SelectionFg || slices.Contains(backgroundRoles, r) {
				continue
			}
			need(string(r), th.Color(r), bg, p.floor)
		}
	}
}

// TestBuiltinFills checks that backgrounds drawn behind text are visibly
// there and tell apart what they mark.
func TestBuiltinFills(t *testing.T) {
	for _, th := range allBuiltins(t) {
		need := func(what string, a, b Role, min float64) {
			t.Helper()
			ca, cb := th.Color(a), th.Background
			if b != "" {
				cb = th.Color(b)
			}
			if d := distance(ca, cb); d < min {
				t.Errorf("%s: %s: %s and %s are %.1f apart, want at least %.0f", th.Name, what, ca, cb, d, float64(min))
			}
		}
		for _, r := range []Role{Subtle, Selection, AddedBg, RemovedBg} {
			need(string(r)+" on the background", r, "", minFillFromBg)
		}
		need("selection and subtle (focused and blurred selection)", Selection, Subtle, minFillFromBg)
		need("added-word in an added line", AddedWord, AddedBg, minEmphFromBg)
		need("removed-word in a removed line", RemovedWord, RemovedBg, minEmphFromBg)
		need("added and removed lines", AddedBg, RemovedBg, minAddedVsRmvd)
		need("added and removed text", Added, Removed, minAddedVsRmvd)
	}
}

// TestBuiltinLanes checks that graph lanes can be told apart from each
// other, from added/removed colours and from the background.
func TestBuiltinLanes(t *testing.T) {
	for _, th := range allBuiltins(t) {
		var report strings.Builder
		for i, a := range Lanes {
			ca := th.Color(a)
			fmt.Fprintf(&report, "\n  %s %s bg=%5.1f added=%5.1f removed=%5.1f |", a, ca,
				distance(ca, th.Background), distance(ca, th.Color(Added)), distance(ca, th.Color(Removed)))
			if d := distance(ca, th.Background); d < minLaneFromBg {
				t.Errorf("%s: %s %s is %.1f from the background %s, want at least %d", th.Name, a, ca, d, th.Background, minLaneFromBg)
			}
			for _, other := range []Role{Added, Removed} {
				if d := distance(ca, th.Color(other)); d < minLaneGap {
					t.Errorf("%s: %s %s is %.1f from %s %s, want at least %d", th.Name, a, ca, d, other, th.Color(other), minLaneGap)
				}
			}
			for _, b := range Lanes[i+1:] {
				cb := th.Color(b)
				d := distance(ca, cb)
				fmt.Fprintf(&report, " %5.1f", d)
				if d < minLaneGap {
					t.Errorf("%s: %s %s and %s %s are %.1f apart, want at least %d", th.Name, a, ca, b, cb, d, minLaneGap)
				}
			}
		}
		t.Logf("%s lanes (CIEDE2000 distances):%s", th.Name, report.String())
	}
}
