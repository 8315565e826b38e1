package confirm

import (
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"reef/themes"
	"reef/ui/keys"
	"reef/ui/styles"
)

// TestKey: y/enter say yes, n/esc say no, anything else waits.
func TestKey(t *testing.T) {
	ks := keys.Default()
	q := New("Discard?")
	for k, want := range map[string]Answer{"y": Yes, "enter": Yes, "n": No, "esc": No, "q": None, "d": None, "Y": None} {
		if got := q.Key(ks, k); got != want {
			t.Errorf("%q: %v, want %v", k, got, want)
		}
	}
}

// TestViewAndOverlay: the box names the question and its lines, fits
// the width, and sits over the middle of the screen keeping both sides.
func TestViewAndOverlay(t *testing.T) {
	th, _ := themes.Pick("dark", true)
	st := styles.ForProfile(th, colorprofile.Ascii)
	q := New("Discard the changes to \x1b[2Jmain.tf?", "Its unstaged changes are lost from the work tree, which is a long line that must wrap inside the box.", "u undoes it.")
	box := q.View(st, keys.Default(), 60)
	text := ansi.Strip(strings.Join(box, "\n"))
	for _, want := range []string{"Discard the changes to ␛[2Jmain.tf?", "u undoes it.", "y/enter yes", "n/esc no"} {
		if !strings.Contains(text, want) {
			t.Errorf("box lacks %q:\n%s", want, text)
		}
	}
	for _, l := range box {
		if w := ansi.StringWidth(l); w != 56 {
			t.Errorf("box line %d wide: %q", w, l)
		}
	}
	under := make([]string, 30)
	for i := range under {
		under[i] = "L" + strings.Repeat(".", 58) + "R"
	}
	out := Overlay(under, box, 60)
	top := (30 - len(box)) / 2
	for i, l := range out {
		if ansi.StringWidth(l) != 60 || !strings.HasPrefix(l, "L") || !strings.HasSuffix(l, "R") {
			t.Errorf("row %d: %q", i, l)
		}
		if inBox := i >= top && i < top+len(box); inBox != strings.Contains(l, "│") && inBox != strings.Contains(l, "─") {
			t.Errorf("row %d in the box %v: %q", i, inBox, l)
		}
	}
}
