package themes

import (
	"math"
	"testing"
)

// The colour science the palette tests use: WCAG 2 contrast ratios for
// text, CIEDE2000 distances for telling colours apart.

// linear converts an sRGB component (0-255) to linear light.
func linear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

// luminance is WCAG 2's relative luminance.
func luminance(c Color) float64 {
	r, g, b := c.RGB()
	return 0.2126*linear(r) + 0.7152*linear(g) + 0.0722*linear(b)
}

// contrast is WCAG 2's contrast ratio, from 1 (none) to 21 (black on white).
func contrast(a, b Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// lab converts a colour to CIE L*a*b* (D65 white).
func lab(c Color) (l, a, b float64) {
	r8, g8, b8 := c.RGB()
	r, g, bl := linear(r8), linear(g8), linear(b8)
	x := (0.4124564*r + 0.3575761*g + 0.1804375*bl) / 0.95047
	y := 0.2126729*r + 0.7151522*g + 0.0721750*bl
	z := (0.0193339*r + 0.1191920*g + 0.9503041*bl) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return 116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)
}

// distance is the CIEDE2000 colour difference: about 1 is the smallest
// difference people notice side by side, 10 and more reads as another
// colour at a glance.
func distance(c1, c2 Color) float64 {
	l1, a1, b1 := lab(c1)
	l2, a2, b2 := lab(c2)
	return ciede2000(l1, a1, b1, l2, a2, b2)
}

// ciede2000 follows Sharma, Wu and Dalal, "The CIEDE2000 color-difference
// formula: implementation notes" (2005), with kL = kC = kH = 1.
func ciede2000(l1, a1, b1, l2, a2, b2 float64) float64 {
	rad := func(d float64) float64 { return d * math.Pi / 180 }
	pow7 := func(v float64) float64 { return math.Pow(v, 7) }
	cBar := (math.Hypot(a1, b1) + math.Hypot(a2, b2)) / 2
	g := 0.5 * (1 - math.Sqrt(pow7(cBar)/(pow7(cBar)+pow7(25))))
	a1p, a2p := (1+g)*a1, (1+g)*a2
	c1p, c2p := math.Hypot(a1p, b1), math.Hypot(a2p, b2)
	hue := func(b, a float64) float64 {
		if a == 0 && b == 0 {
			return 0
		}
		h := math.Atan2(b, a) * 180 / math.Pi
		if h < 0 {
			h += 360
		}
		return h
	}
	h1p, h2p := hue(b1, a1p), hue(b2, a2p)

	dLp, dCp := l2-l1, c2p-c1p
	var dhp float64
	switch {
	case c1p*c2p == 0:
	case math.Abs(h2p-h1p) <= 180:
		dhp = h2p - h1p
	case h2p-h1p > 180:
		dhp = h2p - h1p - 360
	default:
		dhp = h2p - h1p + 360
	}
	dHp := 2 * math.Sqrt(c1p*c2p) * math.Sin(rad(dhp/2))

	lBarP, cBarP := (l1+l2)/2, (c1p+c2p)/2
	var hBarP float64
	switch {
	case c1p*c2p == 0:
		hBarP = h1p + h2p
	case math.Abs(h1p-h2p) <= 180:
		hBarP = (h1p + h2p) / 2
	case h1p+h2p < 360:
		hBarP = (h1p + h2p + 360) / 2
	default:
		hBarP = (h1p + h2p - 360) / 2
	}
	t := 1 - 0.17*math.Cos(rad(hBarP-30)) + 0.24*math.Cos(rad(2*hBarP)) +
		0.32*math.Cos(rad(3*hBarP+6)) - 0.20*math.Cos(rad(4*hBarP-63))
	dTheta := 30 * math.Exp(-math.Pow((hBarP-275)/25, 2))
	rc := 2 * math.Sqrt(pow7(cBarP)/(pow7(cBarP)+pow7(25)))
	sl := 1 + 0.015*math.Pow(lBarP-50, 2)/math.Sqrt(20+math.Pow(lBarP-50, 2))
	sc := 1 + 0.045*cBarP
	sh := 1 + 0.015*cBarP*t
	rt := -math.Sin(rad(2*dTheta)) * rc
	l, c, h := dLp/sl, dCp/sc, dHp/sh
	return math.Sqrt(l*l + c*c + h*h + rt*c*h)
}

// TestCIEDE2000 checks the formula against pairs from Sharma et al.'s
// test data, which exercise the hue wrap-around and the blue-region term.
func TestCIEDE2000(t *testing.T) {
	for _, tc := range []struct{ l1, a1, b1, l2, a2, b2, want float64 }{
		{50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425},
		{50, 3.1571, -77.2803, 50, 0, -82.7485, 2.8615},
		{50, 0, 0, 50, -1, 2, 2.3669},
		{50, 2.49, -0.001, 50, -2.49, 0.0009, 7.1792},
		{50, 2.5, 0, 73, 25, -18, 27.1492},
		{50, 2.5, 0, 50, 3.1736, 0.5854, 1.0000},
		{60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
		{22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373},
		{90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
		{6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377},
		{2.0776, 0.0795, -1.135, 0.9033, -0.0636, -0.5514, 0.9082},
	} {
		got := ciede2000(tc.l1, tc.a1, tc.b1, tc.l2, tc.a2, tc.b2)
		if math.Abs(got-tc.want) > 1e-4 {
			t.Errorf("ciede2000(%v %v %v, %v %v %v) = %.4f, want %.4f", tc.l1, tc.a1, tc.b1, tc.l2, tc.a2, tc.b2, got, tc.want)
		}
		if back := ciede2000(tc.l2, tc.a2, tc.b2, tc.l1, tc.a1, tc.b1); math.Abs(back-got) > 1e-9 {
			t.Errorf("ciede2000 is not symmetric: %.6f and %.6f", got, back)
		}
	}
}

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b Color
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48}, // the classic "just fails AA" grey
		{"16", "231", 21},            // xterm cube black and white
	} {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}
