package themes

import (
	"fmt"
	"strconv"
	"strings"
)

// Color is a colour as theme files write it: "#rrggbb" (true colour,
// lower case) or an ANSI palette index "0" to "255". Lip Gloss takes both
// forms as they are, and downsamples true colour to what the terminal
// can show when it writes the frame.
type Color string

// ParseColor checks a colour from a theme file and returns it in its
// canonical form (hex in lower case).
func ParseColor(s string) (Color, error) {
	if strings.HasPrefix(s, "#") {
		if len(s) == 7 {
			if _, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
				return Color(strings.ToLower(s)), nil
			}
		}
		return "", fmt.Errorf("%q is not a colour: use \"#rrggbb\" (six hex digits) or an ANSI index 0-255", s)
	}
	n, err := strconv.Atoi(s)
	// Leading zeros and signs are refused so that one colour has one spelling.
	if err != nil || n < 0 || n > 255 || strconv.Itoa(n) != s {
		return "", fmt.Errorf("%q is not a colour: use \"#rrggbb\" or an ANSI index 0-255", s)
	}
	return Color(s), nil
}

// RGB returns the colour's red, green and blue components. ANSI indexes
// map to xterm's default palette; the first sixteen are whatever the
// terminal's own scheme says, so for them this is only xterm's guess.
// A colour that does not parse is black.
func (c Color) RGB() (r, g, b uint8) {
	s := string(c)
	if strings.HasPrefix(s, "#") {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err != nil || len(s) != 7 {
			return 0, 0, 0
		}
		return uint8(v >> 16), uint8(v >> 8), uint8(v)
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i > 255 {
		return 0, 0, 0
	}
	return xterm(i)
}

// xterm is the RGB value of an xterm 256-colour index: sixteen system
// colours, a 6x6x6 cube and a 24-step grey ramp.
func xterm(i int) (r, g, b uint8) {
	switch {
	case i < 16:
		system := [16]uint32{
			0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
			0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
		}
		v := system[i]
		return uint8(v >> 16), uint8(v >> 8), uint8(v)
	case i < 232:
		level := [6]uint8{0, 0x5f, 0x87, 0xaf, 0xd7, 0xff}
		i -= 16
		return level[i/36], level[i/6%6], level[i%6]
	default:
		v := uint8(8 + 10*(i-232))
		return v, v, v
	}
}
