package styles

import (
	"image/color"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	"reef/themes"
	"reef/ui/diffview"
)

func builtins(t *testing.T) []themes.Theme {
	t.Helper()
	var out []themes.Theme
	for _, name := range themes.Names() {
		for _, dark := range []bool{true, false} {
			th, err := themes.Pick(name, dark)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, th)
		}
	}
	return out
}

// eachStyle calls f with every lipgloss.Style in s, named by its field
// path, including the diff styles, the lanes and the syntax classes.
func eachStyle(s *Styles, f func(name string, st lipgloss.Style)) {
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for i := range v.NumField() {
			name, fv := prefix+v.Type().Field(i).Name, v.Field(i)
			switch x := fv.Interface().(type) {
			case lipgloss.Style:
				f(name, x)
			case diffview.Styles:
				walk(name+".", fv)
			}
		}
	}
	walk("", reflect.ValueOf(s).Elem())
	for i, st := range s.Lanes {
		f("Lanes["+string(rune('0'+i))+"]", st)
	}
	for k, st := range s.Syntax {
		f("Syntax["+k+"]", st)
	}
}

func TestNewFillsEveryStyle(t *testing.T) {
	for _, th := range builtins(t) {
		s := New(th)
		if s.Dark != th.Dark {
			t.Errorf("%s: Dark = %v", th.Name, s.Dark)
		}
		if len(s.Lanes) != len(themes.Lanes) {
			t.Errorf("%s: %d lanes, want %d", th.Name, len(s.Lanes), len(themes.Lanes))
		}
		for _, k := range []string{SyntaxKeyword, SyntaxString, SyntaxComment, SyntaxNumber, SyntaxName, SyntaxFunction, SyntaxType} {
			if _, ok := s.Syntax[k]; !ok {
				t.Errorf("%s: no syntax style for %q", th.Name, k)
			}
		}
		eachStyle(s, func(name string, st lipgloss.Style) {
			if st.Render("x") == "x" {
				t.Errorf("%s: %s draws nothing", th.Name, name)
			}
		})
	}
}

func TestNewUsesTheRoles(t *testing.T) {
	th, err := themes.Pick(themes.CatppuccinMochaName, true)
	if err != nil {
		t.Fatal(err)
	}
	th, errs := themes.Apply(th, "t.yaml", []byte("colors:\n  added-word: \"#010203\"\n  lane3: 42\n"), true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := New(th)
	for _, tc := range []struct {
		name string
		got  color.Color
		role themes.Role
	}{
		{"Selected background", s.Selected.GetBackground(), themes.Selection},
		{"Selected foreground", s.Selected.GetForeground(), themes.SelectionFg},
		{"Focus frame", s.Focus.GetBorderTopForeground(), themes.Focus},
		{"Diff.AddedEmph background", s.Diff.AddedEmph.GetBackground(), themes.AddedWord},
		{"Diff.Removed background", s.Diff.Removed.GetBackground(), themes.RemovedBg},
		{"lane 3", s.Lane(3).GetForeground(), themes.Lane3},
		{"lane 11 (wraps to 3)", s.Lane(11).GetForeground(), themes.Lane3},
		{"Syntax keyword", s.Syntax[SyntaxKeyword].GetForeground(), themes.SyntaxKeyword},
	} {
		if want := lipgloss.Color(string(th.Color(tc.role))); !sameColor(tc.got, want) {
			t.Errorf("%s = %v, want %s's %s", tc.name, tc.got, tc.role, th.Color(tc.role))
		}
	}
}

// hasColour reports whether a style sets any colour.
func hasColour(st lipgloss.Style) bool {
	for _, c := range []color.Color{st.GetForeground(), st.GetBackground(), st.GetBorderTopForeground(), st.GetBorderTopBackground()} {
		if _, none := c.(lipgloss.NoColor); c != nil && !none {
			return true
		}
	}
	return false
}

func TestPlainHasNoColour(t *testing.T) {
	eachStyle(Plain(), func(name string, st lipgloss.Style) {
		if hasColour(st) {
			t.Errorf("Plain: %s has a colour", name)
		}
		if out := st.Render("x"); strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("Plain: %s writes a colour: %q", name, out)
		}
	})
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}
