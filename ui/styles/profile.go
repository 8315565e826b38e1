package styles

import (
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"reef/themes"
)

// ForProfile returns the styles to draw a theme with on a terminal of
// colour profile p, as Bubble Tea reports it (tea.ColorProfileMsg; pinned
// with tea.WithColorProfile; colorprofile.Detect(output, env) outside the
// program).
//
// Lip Gloss downsamples every colour to the profile when it writes, but
// it cannot see that two colours which must differ have become one: on a
// 16-colour terminal a dark grey selection becomes black, the terminal's
// own background. ForProfile does that check and falls back to Plain's
// attribute for each distinction that is lost. With no colours at all
// (NO_COLOR gives the Ascii profile, a pipe NoTTY) it returns Plain, since
// Lip Gloss would strip the colours and leave, for instance, a selection
// that is only a background: invisible.
func ForProfile(t themes.Theme, p colorprofile.Profile) *Styles {
	if p <= colorprofile.ASCII {
		return Plain()
	}
	s := New(t)
	if p == colorprofile.TrueColor {
		return s
	}
	plain := Plain()
	conv := func(r themes.Role) color.Color {
		return p.Convert(lipgloss.Color(string(t.Color(r))))
	}
	bg := p.Convert(lipgloss.Color(string(t.Background)))
	if t.Background == "" {
		bg = nil // unknown: compare fills with each other only
	}
	sel, subtle := conv(themes.Selection), conv(themes.Subtle)
	if same(sel, bg) || same(sel, subtle) {
		s.Selected = plain.Selected
	}
	if same(subtle, bg) || same(subtle, sel) {
		s.SelectedBlur = plain.SelectedBlur
	}
	if focus := conv(themes.Focus); same(focus, conv(themes.Border)) || same(focus, conv(themes.Title)) {
		s.Focus = s.Focus.Underline(true)
	}
	if same(conv(themes.AddedWord), conv(themes.AddedBg)) {
		s.Diff.AddedEmph = s.Diff.AddedEmph.Underline(true)
	}
	if same(conv(themes.RemovedWord), conv(themes.RemovedBg)) {
		s.Diff.RemovedEmph = s.Diff.RemovedEmph.Underline(true)
	}
	return s
}

// same reports whether two converted colours are the same on screen.
func same(a, b color.Color) bool {
	if a == nil || b == nil {
		return false
	}
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	return ar == br && ag == bg && ab == bb
}
