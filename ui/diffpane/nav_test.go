package diffpane

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/ui/keys"
	"reef/ui/pane"
)

// disabled is the Disabled reason of a binding in the pane's key list.
func disabled(t *testing.T, m Model, id string) string {
	t.Helper()
	for _, b := range m.Keys() {
		if b.ID == id {
			return b.Disabled
		}
	}
	t.Fatalf("binding %s not listed", id)
	return ""
}

func TestKeysListsDiffScope(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, 0, 120, 40)
	want := keys.Default().In(keys.Diff)
	got := m.Keys()
	if len(got) != len(want) {
		t.Fatalf("%d bindings, want %d", len(got), len(want))
	}
	if disabled(t, m, "diff.prev-file") != "first file" || disabled(t, m, "diff.next-file") != "" {
		t.Error("file bindings' state")
	}
	if keyMsg("G").String() != "G" || keyMsg("ctrl+d").String() != "ctrl+d" || keyMsg("]").String() != "]" {
		t.Fatal("test key messages do not name their keys")
	}
}

func TestHunkNavigation(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, indexOf(t, files, "modules/vpc/main.tf"), 120, 8)
	starts := m.hunkStarts()
	if len(starts) != 2 || starts[0] != 0 {
		t.Fatalf("hunk starts %v", starts)
	}
	if disabled(t, m, "diff.prev-hunk") == "" {
		t.Error("N enabled at the first hunk")
	}
	m = press(t, m, "n")
	if m.top != starts[1] {
		t.Errorf("n: top %d, want %d", m.top, starts[1])
	}
	if r, _, _ := m.frame.At(m.top); !r.Separator() || r.Hunk != 1 {
		t.Errorf("n landed on %+v", r)
	}
	if got := disabled(t, m, "diff.next-hunk"); got != "no more hunks" {
		t.Errorf("n at the last hunk: %q", got)
	}
	m = press(t, m, "N")
	if m.top != starts[0] {
		t.Errorf("N: top %d", m.top)
	}
	// scrolling keys
	m = press(t, m, "j")
	m = press(t, m, "j")
	if m.top != 2 {
		t.Errorf("jj: top %d", m.top)
	}
	m = press(t, m, "k")
	if m.top != 1 {
		t.Errorf("k: top %d", m.top)
	}
	m = press(t, m, "G")
	if m.top != m.maxTop() || m.maxTop() == 0 || disabled(t, m, "diff.down") == "" {
		t.Errorf("G: top %d of %d", m.top, m.maxTop())
	}
	m = press(t, m, "ctrl+u")
	if m.top != m.maxTop()-3 {
		t.Errorf("ctrl+u: top %d", m.top)
	}
	m = press(t, m, "g")
	if m.top != 0 || disabled(t, m, "diff.up") == "" {
		t.Errorf("g: top %d", m.top)
	}
	m = press(t, m, "ctrl+d")
	if m.top != 3 {
		t.Errorf("ctrl+d: top %d", m.top)
	}
	m, _ = m.Update(pane.WheelMsg{Delta: 100})
	if m.top != m.maxTop() {
		t.Errorf("wheel: top %d", m.top)
	}
	m, _ = m.Update(pane.WheelMsg{Delta: -1})
	if m.top != m.maxTop()-1 {
		t.Errorf("wheel up: top %d", m.top)
	}
}

func TestFileNavigation(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, 0, 120, 20)
	m = press(t, m, "[")
	if m.index != 0 {
		t.Error("[ on the first file moved")
	}
	for i := 1; i < len(files); i++ {
		m = press(t, m, "]")
		if m.index != i || m.Doc() == nil || m.Doc().File().NewPath != files[i].NewPath {
			t.Fatalf("] to %d: index %d", i, m.index)
		}
	}
	if disabled(t, m, "diff.next-file") != "last file" {
		t.Error("] enabled on the last file")
	}
	m = press(t, m, "[")
	if m.index != len(files)-2 || m.Doc().File().NewPath != files[len(files)-2].NewPath {
		t.Errorf("[: index %d", m.index)
	}
}

func TestToggles(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, indexOf(t, files, "modules/vpc/main.tf"), 120, 20)
	if !m.frame.Options().SideBySide || !strings.Contains(ansi.Strip(m.View(120, 20, true)), "side by side") {
		t.Fatal("not side by side at 120 columns")
	}
	m = press(t, m, "n")
	atLine := func(m Model) int { r, _, _ := m.frame.At(m.top); return r.New }
	line := atLine(m)
	m = press(t, m, "s")
	if m.frame.Options().SideBySide || !strings.Contains(ansi.Strip(m.View(120, 20, true)), "unified") {
		t.Error("s did not switch to unified")
	}
	if atLine(m) != line {
		t.Errorf("s moved the view from line %d to %d", line, atLine(m))
	}
	m = press(t, m, "s")
	if !m.frame.Options().SideBySide {
		t.Error("s did not switch back")
	}
	// too narrow: unified by itself, s disabled and inert
	m = m.SetSize(100, 20)
	if m.frame.Options().SideBySide || !strings.HasPrefix(disabled(t, m, "diff.toggle-view"), "too narrow for side-by-side") {
		t.Error("side by side below 120 columns")
	}
	m = press(t, m, "s")
	m = m.SetSize(120, 20)
	if !m.frame.Options().SideBySide {
		t.Error("s below 120 columns changed the wanted view")
	}
	// z wraps, and horizontal scroll stops
	m = m.SetSize(40, 20)
	if m.frame.MaxLeft() == 0 || disabled(t, m, "diff.right") != "" {
		t.Fatalf("nothing to scroll at 40 columns (max %d)", m.frame.MaxLeft())
	}
	m = press(t, m, "z")
	if !m.wrap || !m.frame.Options().Wrap || !strings.Contains(disabled(t, m, "diff.right"), "soft wrap") {
		t.Error("z did not wrap")
	}
	m = press(t, m, "z")
	if m.wrap {
		t.Error("z did not unwrap")
	}
}

func TestHorizontalScroll(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, indexOf(t, files, "modules/vpc/main.tf"), 40, 20)
	max := m.frame.MaxLeft()
	if disabled(t, m, "diff.left") != "at the left edge" || max <= scrollStep {
		t.Fatalf("left at 0, max %d", max)
	}
	m = press(t, m, "l")
	if m.left != scrollStep || !strings.Contains(ansi.Strip(m.View(40, 20, true)), "│  \"aws_vpc\" \"net1\" {") {
		t.Errorf("l: left %d\n%s", m.left, ansi.Strip(m.View(40, 20, true)))
	}
	for range 10 {
		m = press(t, m, "l")
	}
	if m.left != max || disabled(t, m, "diff.right") != "at the right edge" {
		t.Errorf("l past the end: left %d of %d", m.left, max)
	}
	m = press(t, m, "h")
	if m.left != max-scrollStep {
		t.Errorf("h: left %d", m.left)
	}
	checkView(t, "scrolled", m.View(40, 20, true), 40, 20)
}

func TestWhitespaceHiding(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, indexOf(t, files, "modules/vpc/variables.tf"), 120, 20)
	if m.Doc().Hunks() == 0 {
		t.Fatal("the whitespace change shows no hunk")
	}
	m = press(t, m, "w")
	v := ansi.Strip(m.View(120, 20, true))
	if m.Doc().Hunks() != 0 || !strings.Contains(v, "only whitespace changed") || !strings.Contains(v, "whitespace hidden") {
		t.Errorf("w did not hide the change:\n%s", v)
	}
	m = press(t, m, "w")
	if m.Doc().Hunks() == 0 {
		t.Error("w again did not show it")
	}
}

func TestContext(t *testing.T) {
	repo, files := scripted(t)
	m := open(t, repo, files, indexOf(t, files, "modules/vpc/main.tf"), 120, 40)
	view := func() string { return ansi.Strip(m.View(120, 40, true)) }
	if !strings.Contains(view(), "⋯ 4 unchanged lines") || !strings.Contains(view(), "⋯ 40 unchanged lines") {
		t.Fatalf("separators:\n%s", view())
	}
	if disabled(t, m, "diff.collapse") == "" {
		t.Error("E enabled at the default context")
	}
	m = press(t, m, "e")
	if v := view(); strings.Contains(v, "⋯ 4 unchanged") || !strings.Contains(v, "⋯ 20 unchanged lines") || !strings.Contains(v, "context 13") {
		t.Errorf("e:\n%s", v)
	}
	m = press(t, m, "e")
	if v := view(); strings.Contains(v, "unchanged lines") {
		t.Errorf("e twice: hunks should have merged:\n%s", v)
	}
	m = press(t, m, "E")
	if v := view(); !strings.Contains(v, "⋯ 40 unchanged lines") || strings.Contains(v, "context") {
		t.Errorf("E:\n%s", v)
	}
	// e keeps the view on the lines it showed
	m = press(t, m, "n")
	r, _, _ := m.frame.At(m.top)
	m = press(t, m, "e")
	if r2, _, _ := m.frame.At(m.top); r2.New > r.New || r2.New < r.New-1 && r2.New != 0 {
		t.Errorf("e moved the view from line %d to %d", r.New, r2.New)
	}
	// clicking a separator expands too
	m = press(t, m, "E")
	m = press(t, m, "g")
	m, cmd := m.Update(pane.ClickMsg{X: 5, Y: 1})
	m = drain(t, m, cmd)
	if m.context != 13 {
		t.Errorf("click on a separator: context %d", m.context)
	}
}
