package styles

import (
	"image/color"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"reef/themes"
)

// look is how a style appears on a terminal of some profile: its colours
// after downsampling (nil when the profile has none) and its attributes.
type look struct {
	fg, bg                   color.Color
	reverse, underline, bold bool
}

func lookOf(st lipgloss.Style, p colorprofile.Profile) look {
	return look{convert(st.GetForeground(), p), convert(st.GetBackground(), p), st.GetReverse(), st.GetUnderline(), st.GetBold()}
}

// convert downsamples a colour as Lip Gloss does when it writes (nil: none).
func convert(c color.Color, p colorprofile.Profile) color.Color {
	if _, none := c.(lipgloss.NoColor); none || c == nil {
		return nil
	}
	return p.Convert(c)
}

func (l look) equal(m look) bool {
	return sameColor(l.fg, m.fg) && sameColor(l.bg, m.bg) &&
		l.reverse == m.reverse && l.underline == m.underline && l.bold == m.bold
}

var profiles = []colorprofile.Profile{
	colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI, colorprofile.ASCII, colorprofile.NoTTY,
}

// stands reports whether a row drawn with l stands out from the
// terminal's background bg: reversed, underlined or filled with another
// colour.
func (l look) stands(bg color.Color) bool {
	return l.reverse || l.underline || (l.bg != nil && !sameColor(l.bg, bg))
}

// TestSelectionVisibleOnEveryProfile draws every built-in theme at every
// colour depth, NO_COLOR included, and checks that the selection, focused
// or not, still shows, and that changed words still stand out from their
// lines.
func TestSelectionVisibleOnEveryProfile(t *testing.T) {
	for _, th := range builtins(t) {
		for _, p := range profiles {
			s := ForProfile(th, p)
			var bg color.Color
			if p > colorprofile.ASCII {
				bg = p.Convert(lipgloss.Color(string(th.Background)))
			}
			sel, blur := lookOf(s.Selected, p), lookOf(s.SelectedBlur, p)
			if !sel.stands(bg) {
				t.Errorf("%s on %s: the selection does not show: %+v", th.Name, p, sel)
			}
			if !blur.stands(bg) {
				t.Errorf("%s on %s: the selection of a pane without focus does not show: %+v", th.Name, p, blur)
			}
			if sel.equal(blur) {
				t.Errorf("%s on %s: focused and blurred selections look the same: %+v", th.Name, p, sel)
			}
			if lookOf(s.Diff.AddedEmph, p).equal(lookOf(s.Diff.Added, p)) {
				t.Errorf("%s on %s: changed words look like the rest of an added line", th.Name, p)
			}
			if lookOf(s.Diff.RemovedEmph, p).equal(lookOf(s.Diff.Removed, p)) {
				t.Errorf("%s on %s: changed words look like the rest of a removed line", th.Name, p)
			}
			if lookOf(s.Focus, p).equal(lookOf(s.Border, p)) || lookOf(s.Focus, p).equal(lookOf(s.Title, p)) {
				t.Errorf("%s on %s: the focused pane looks like the others", th.Name, p)
			}
		}
	}
}

// TestNoColor follows NO_COLOR from the environment to the styles: the
// profile Bubble Tea detects has no colours, and the styles for it keep
// the selection by reversing it.
func TestNoColor(t *testing.T) {
	p := colorprofile.Env([]string{"TERM=xterm-256color", "COLORTERM=truecolor", "NO_COLOR=1"})
	if p != colorprofile.ASCII {
		t.Fatalf("profile with NO_COLOR = %s, want Ascii", p)
	}
	th, err := themes.Pick("", true)
	if err != nil {
		t.Fatal(err)
	}
	s := ForProfile(th, p)
	if !s.Selected.GetReverse() {
		t.Errorf("with NO_COLOR the selection is not reversed")
	}
	eachStyle(s, func(name string, st lipgloss.Style) {
		if hasColour(st) {
			t.Errorf("with NO_COLOR %s has a colour", name)
		}
	})
}

func TestForProfileTrueColorIsNew(t *testing.T) {
	th, err := themes.Pick(themes.DarkName, true)
	if err != nil {
		t.Fatal(err)
	}
	a, b := ForProfile(th, colorprofile.TrueColor), New(th)
	eachStyle(a, func(name string, st lipgloss.Style) {
		var other lipgloss.Style
		eachStyle(b, func(n string, s lipgloss.Style) {
			if n == name {
				other = s
			}
		})
		if st.Render("x") != other.Render("x") {
			t.Errorf("%s differs from New's on a true-colour terminal", name)
		}
	})
}
