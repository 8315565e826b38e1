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
	if p == colorprofile.ANSI256 {
		// Dark diff fills land on the grey ramp (#002800 becomes grey
		// 233): added lines would lose their green. Pick from the colour
		// cube for them, as delta does (22 and 52 for dark themes).
		fills := map[themes.Role]color.Color{}
		for _, pair := range [][2]themes.Role{{themes.AddedBg, themes.AddedWord}, {themes.RemovedBg, themes.RemovedWord}} {
			line := cubeIndex(lipgloss.Color(string(t.Color(pair[0]))), 0)
			word := cubeIndex(lipgloss.Color(string(t.Color(pair[1]))), 0)
			if word == line {
				// Changed words must stand out from their line.
				word = cubeIndex(lipgloss.Color(string(t.Color(pair[1]))), 1)
			}
			fills[pair[0]], fills[pair[1]] = lipgloss.ANSIColor(line), lipgloss.ANSIColor(word)
		}
		s.Diff.Added = s.Diff.Added.Background(fills[themes.AddedBg])
		s.Diff.Removed = s.Diff.Removed.Background(fills[themes.RemovedBg])
		s.Diff.AddedEmph = s.Diff.AddedEmph.Background(fills[themes.AddedWord])
		s.Diff.RemovedEmph = s.Diff.RemovedEmph.Background(fills[themes.RemovedWord])
		conv = func(r themes.Role) color.Color {
			if c, ok := fills[r]; ok {
				return c
			}
			return p.Convert(lipgloss.Color(string(t.Color(r))))
		}
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

// cubeIndex is the xterm colour-cube index (16-231) nearest to c,
// leaving out the grey ramp, with the dominant channel kept at least at
// the cube's first step (a dark green stays green, not black) and raised
// by lift more steps.
func cubeIndex(c color.Color, lift int) int {
	levels := [6]int{0, 95, 135, 175, 215, 255}
	r, g, b, _ := c.RGBA()
	ch := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
	top := max(ch[0], ch[1], ch[2])
	var idx [3]int
	for i, x := range ch {
		best := 0
		for j, l := range levels {
			if abs(l-x) < abs(levels[best]-x) {
				best = j
			}
		}
		if x == top && top > 0 {
			best = min(max(best, 1)+lift, 5)
		}
		idx[i] = best
	}
	return 16 + 36*idx[0] + 6*idx[1] + idx[2]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
