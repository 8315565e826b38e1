package diffpane

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/ui/diffview"
	"reef/ui/keys"
	"reef/ui/pane"
)

func TestStageHunk(t *testing.T) {
	g, repo := stageRepo(t)
	hunks := gitHunks(t, g, "--", "app.txt")
	if len(hunks) != 3 {
		t.Fatalf("git shows %d hunks", len(hunks))
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			m := openStaging(t, repo, false, "app.txt", v.width, 30)
			if m.frame.Options().SideBySide != (v.width >= pane.MinSideBySide) || !m.Staging() {
				t.Fatal("wrong view")
			}
			// The cursor starts on the first change.
			if o, n := cursorLines(m); o != hunks[0][0].ref.Old || n != 0 && n != hunks[0][3].ref.New {
				t.Fatalf("cursor on -%d +%d, want -%d", o, n, hunks[0][0].ref.Old)
			}
			for h := range hunks {
				if h > 0 {
					m = press(t, m, "n")
				}
				if o, n := cursorLines(m); o != hunks[h][0].ref.Old || hunks[h][0].ref.New != 0 && n != hunks[h][0].ref.New {
					t.Errorf("n to hunk %d: cursor on -%d +%d, want %+v", h, o, n, hunks[h][0].ref)
				}
				sm := stageMsg(t, m, "space")
				if !slices.Equal(sm.Lines, refs(hunks[h])) || sm.Staged || sm.Discard || sm.File.NewPath != "app.txt" {
					t.Errorf("space on hunk %d: %+v, want %v", h, sm, refs(hunks[h]))
				}
				// d: the same lines, to discard.
				if dm := stageMsg(t, m, "d"); !dm.Discard || !slices.Equal(dm.Lines, refs(hunks[h])) {
					t.Errorf("d on hunk %d: %+v", h, dm)
				}
			}
			if disabled(t, m, "diff.next-hunk") != "no more hunks" {
				t.Error("n enabled on the last hunk")
			}
			m = press(t, m, "N")
			if o, _ := cursorLines(m); o != hunks[1][0].ref.Old {
				t.Errorf("N: cursor on -%d, want -%d", o, hunks[1][0].ref.Old)
			}
			// On a context line the cursor still names its hunk.
			m = press(t, m, "k")
			if o, n := cursorLines(m); o != 0 || n != 0 {
				t.Fatalf("k from the first change: on -%d +%d, want context", o, n)
			}
			if sm := stageMsg(t, m, "space"); !slices.Equal(sm.Lines, refs(hunks[1])) {
				t.Errorf("space on hunk 1's context: %v", sm.Lines)
			}
			m = press(t, m, "g")
			m = press(t, m, "N")
			if disabled(t, m, "diff.prev-hunk") != "no hunk above" || m.rows()[m.cursor].Hunk != 0 {
				t.Error("N above the first hunk")
			}
		})
	}
}

func TestStageSelection(t *testing.T) {
	g, repo := stageRepo(t)
	hunks := gitHunks(t, g, "--", "app.txt")
	for _, c := range []struct {
		view  int
		keys  []string
		texts []string
	}{
		// unified: rows are lines, so v j j takes three removals
		{0, []string{"v", "j", "j"}, []string{"line 10", "line 11", "line 12"}},
		// k extends upwards the same way
		{0, []string{"j", "j", "j", "v", "k"}, []string{"line 12", "LINE 10 rewritten"}},
		// side by side: a row holds a removal and its addition
		{1, []string{"v", "j"}, []string{"line 10", "line 11", "LINE 10 rewritten", "LINE 11 rewritten"}},
		{1, []string{"v", "j", "j"}, []string{"line 10", "line 11", "line 12", "LINE 10 rewritten", "LINE 11 rewritten", "LINE 12 rewritten"}},
		// context lines in a selection are ignored; it may span hunks
		{1, []string{"k", "v", "n"}, []string{"line 10", "line 11", "line 12", "LINE 10 rewritten", "LINE 11 rewritten", "LINE 12 rewritten", "line 30"}},
	} {
		v := views[c.view]
		t.Run(v.name+" "+strings.Join(c.keys, " "), func(t *testing.T) {
			m := openStaging(t, repo, false, "app.txt", v.width, 30)
			for _, k := range c.keys {
				m = press(t, m, k)
			}
			want := pick(hunks, c.texts...)
			view := ansi.Strip(m.View(v.width, 30, true))
			if !strings.Contains(view, fmt.Sprintf("%d changed line%s selected", len(want), plural(len(want)))) {
				t.Errorf("the title does not count the selection:\n%s", view)
			}
			if sm := stageMsg(t, m, "space"); !slices.Equal(sm.Lines, want) {
				t.Errorf("space: %v, want %v", sm.Lines, want)
			}
			if dm := stageMsg(t, m, "d"); !dm.Discard || !slices.Equal(dm.Lines, want) {
				t.Errorf("d: %+v, want %v", dm, want)
			}
			// v again ends the selection: space takes the hunk again.
			m = press(t, m, "v")
			if m.sel >= 0 {
				t.Fatal("v did not end the selection")
			}
		})
	}
}

func TestSelectionOfContextOnly(t *testing.T) {
	_, repo := stageRepo(t)
	m := openStaging(t, repo, false, "app.txt", 100, 30)
	m = press(t, m, "k")
	m = press(t, m, "v")
	m = press(t, m, "k")
	_, msg := emit(t, m, "space")
	if st, ok := msg.(pane.StatusMsg); !ok || !strings.Contains(st.Text, "no changed line selected") {
		t.Errorf("space on context lines sent %#v; nil lines would stage the whole file", msg)
	}
}

func TestBack(t *testing.T) {
	_, repo := stageRepo(t)
	m := openStaging(t, repo, false, "app.txt", 160, 30)
	if _, ok := m.Back(); ok {
		t.Error("Back without a selection reported one")
	}
	m = press(t, m, "v")
	m = press(t, m, "j")
	if m.sel < 0 || !strings.Contains(ansi.Strip(m.View(160, 30, true)), diffview.SelectedGlyph) {
		t.Fatal("no selection drawn")
	}
	m, ok := m.Back()
	if !ok || m.sel >= 0 || strings.Contains(ansi.Strip(m.View(160, 30, true)), diffview.SelectedGlyph) {
		t.Error("Back did not clear the selection")
	}
	if _, ok := m.Back(); ok {
		t.Error("Back twice")
	}
}

func TestSwitchSide(t *testing.T) {
	g, repo := stageRepo(t)
	m := openStaging(t, repo, false, "app.txt", 160, 30)
	_, msg := emit(t, m, "tab")
	if sw, ok := msg.(pane.SwitchStageSideMsg); !ok || sw.Staged || sw.File.NewPath != "app.txt" {
		t.Errorf("tab in the unstaged diff: %#v", msg)
	}
	g.Git("add", "app.txt")
	m = openStaging(t, repo, true, "app.txt", 160, 30)
	_, msg = emit(t, m, "tab")
	if sw, ok := msg.(pane.SwitchStageSideMsg); !ok || !sw.Staged || sw.File.NewPath != "app.txt" {
		t.Errorf("tab in the staged diff: %#v", msg)
	}
}

func TestStagedDiff(t *testing.T) {
	g, repo := stageRepo(t)
	g.Git("add", "app.txt")
	hunks := gitHunks(t, g, "--cached", "--", "app.txt")
	m := openStaging(t, repo, true, "app.txt", 160, 30)
	m = press(t, m, "n")
	if sm := stageMsg(t, m, "space"); !sm.Staged || sm.Discard || !slices.Equal(sm.Lines, refs(hunks[1])) {
		t.Errorf("space in the staged diff: %+v, want to unstage %v", sm, refs(hunks[1]))
	}
	why := disabled(t, m, "stage.discard")
	if !strings.Contains(why, "not offered: unstage them first") {
		t.Errorf("d in the staged diff: %q", why)
	}
	if _, msg := emit(t, m, "d"); msg != (pane.StatusMsg{Text: why}) {
		t.Errorf("d in the staged diff sent %#v", msg)
	}
	if !strings.Contains(ansi.Strip(m.View(160, 30, true)), "staged") {
		t.Error("the title does not say which diff")
	}
}

func TestWholeFileOnly(t *testing.T) {
	g, repo := stageRepo(t)
	for _, staged := range []bool{false, true} {
		if staged {
			g.Git("add", "logo.png")
		}
		m := openStaging(t, repo, staged, "logo.png", 160, 30)
		if !m.Doc().File().Binary {
			t.Fatal("logo.png is not binary")
		}
		sm := stageMsg(t, m, "space")
		if sm.Lines != nil || sm.Staged != staged || sm.File.NewPath != "logo.png" {
			t.Errorf("space on a binary file: %+v", sm)
		}
		if why := disabled(t, m, "stage.select"); why != "binary file: whole-file only" {
			t.Errorf("v on a binary file: %q", why)
		}
		m, msg := emit(t, m, "v")
		if m.sel >= 0 || msg != (pane.StatusMsg{Text: "binary file: whole-file only"}) {
			t.Errorf("v on a binary file: selection %d, sent %#v", m.sel, msg)
		}
		if !staged {
			if dm := stageMsg(t, m, "d"); !dm.Discard || dm.Lines != nil {
				t.Errorf("d on a binary file: %+v", dm)
			}
		}
	}
}

// TestWrappedLines: a line wrapped over several screen rows is one stop
// of the cursor and one line of a selection.
func TestWrappedLines(t *testing.T) {
	g, repo := stageRepo(t)
	hunks := gitHunks(t, g, "--", "long.txt")
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			m := openStaging(t, repo, false, "long.txt", v.width, 30)
			m = press(t, m, "z")
			y := m.frame.Screen(m.cursor)
			if m.frame.Screen(m.cursor+1)-y < 2 {
				t.Fatal("the line is not wrapped")
			}
			m = press(t, m, "v")
			m = press(t, m, "j")
			want := refs(hunks[0][:2]) // unified: the two removals
			if m.frame.Options().SideBySide {
				want = refs(hunks[0]) // both pairs
			}
			if sm := stageMsg(t, m, "space"); !slices.Equal(sm.Lines, want) {
				t.Errorf("v j on wrapped lines: %v, want %v", sm.Lines, want)
			}
			// the selection is drawn on every screen row of its lines
			view := strings.Split(ansi.Strip(m.View(v.width, 30, true)), "\n")
			n := 0
			for _, l := range view {
				if strings.Contains(l, diffview.SelectedGlyph) || strings.Contains(l, diffview.CursorGlyph) {
					n++
				}
			}
			if n < 4 {
				t.Errorf("%d rows drawn selected:\n%s", n, strings.Join(view, "\n"))
			}
		})
	}
}

// TestRefresh: reopening the file after staging (the Status screen does)
// keeps the cursor at the lines it was on and drops the selection;
// another file starts at its first change.
func TestRefresh(t *testing.T) {
	g, repo := stageRepo(t)
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			g.Git("reset", "-q")
			two := pick(gitHunks(t, g, "--", "app.txt"), "added two")[0].New
			m := openStaging(t, repo, false, "app.txt", v.width, 30)
			m = press(t, m, "n")
			m = press(t, m, "n")
			m = press(t, m, "j") // on "added two"
			if _, n := cursorLines(m); n != two {
				t.Fatalf("cursor on +%d", n)
			}
			m = press(t, m, "v")
			// Stage the first hunk with git, as the root would have.
			g.Write("app.txt", numbered(60, func(i int, l string) []string {
				if i >= 10 && i <= 12 {
					return edited(i, l)
				}
				return []string{l}
			}))
			g.Git("add", "app.txt")
			g.Write("app.txt", numbered(60, edited))
			files := listing(t, repo, false)
			m, cmd := m.Open(pane.OpenDiffMsg{Source: pane.DiffSource{Unstaged: true}, Files: files,
				Index: indexOf(t, files, "app.txt"), Staging: true})
			if m.Doc() == nil || disabled(t, m, "stage.toggle") != "the diff is loading" {
				t.Error("while the new diff loads, the old one should show and staging wait")
			}
			m = drain(t, m, cmd)
			if m.Doc().Hunks() != 2 {
				t.Fatalf("%d hunks after staging one", m.Doc().Hunks())
			}
			if _, n := cursorLines(m); n != two || m.sel >= 0 {
				t.Errorf("after the refresh: cursor on +%d, selection %d", n, m.sel)
			}
			// Another file: its first change.
			m, cmd = m.Open(pane.OpenDiffMsg{Source: pane.DiffSource{Unstaged: true}, Files: files,
				Index: indexOf(t, files, "long.txt"), Staging: true})
			m = drain(t, m, cmd)
			if o, _ := cursorLines(m); o != 8 {
				t.Errorf("long.txt: cursor on -%d, want -8", o)
			}
		})
	}
}

// TestStagingView: the cursor moves along lines in either view and
// across a toggle, the window follows it, and whitespace is never hidden.
func TestStagingView(t *testing.T) {
	_, repo := stageRepo(t)
	m := openStaging(t, repo, false, "app.txt", 160, 12)
	m = press(t, m, "j")
	m = press(t, m, "v")
	if o, n := cursorLines(m); o != 11 || n != 11 {
		t.Fatalf("j: cursor on -%d +%d", o, n)
	}
	m = press(t, m, "s") // unified: the row's removed line
	if m.frame.Options().SideBySide || m.sel >= 0 {
		t.Fatal("s did not switch, or kept a selection of rows that mean other lines now")
	}
	if o, n := cursorLines(m); o != 11 || n != 0 {
		t.Errorf("the toggle moved the cursor to -%d +%d", o, n)
	}
	m = press(t, m, "n")
	m = press(t, m, "n")
	m = press(t, m, "j")
	_, two := cursorLines(m)
	for _, k := range []string{"s", "s"} {
		m = press(t, m, k)
		if _, n := cursorLines(m); n != two || two == 0 {
			t.Errorf("%s: cursor on +%d, want +%d", k, n, two)
		}
	}
	m = press(t, m, "s")
	for range 40 {
		m = press(t, m, "j")
		if y := m.frame.Screen(m.cursor); y < m.top || y >= m.top+m.bodyHeight() {
			t.Fatalf("cursor row %d outside the window %d+%d", y, m.top, m.bodyHeight())
		}
	}
	if disabled(t, m, "diff.down") != "at the last line" {
		t.Errorf("j at the end: %q", disabled(t, m, "diff.down"))
	}
	m = press(t, m, "g")
	if m.top != 0 || m.cursor != m.lineRow(0, 1) {
		t.Errorf("g: top %d cursor %d", m.top, m.cursor)
	}
	m = press(t, m, "ctrl+d")
	if y := m.frame.Screen(m.cursor); m.cursor <= m.lineRow(0, 1) || y < m.top || y >= m.top+m.bodyHeight() {
		t.Errorf("ctrl+d: cursor %d at %d, window %d", m.cursor, y, m.top)
	}
	m = press(t, m, "G")
	if m.cursor != m.lineRow(len(m.rows())-1, -1) {
		t.Errorf("G: cursor %d", m.cursor)
	}
	// whitespace stays shown while staging
	m.ignoreWS = true
	if m.hideWhitespace() || !strings.Contains(disabled(t, m, "diff.whitespace"), "whitespace too") {
		t.Error("whitespace hidden while staging")
	}
	checkView(t, "staging", m.View(160, 12, true), 160, 12)
}

func TestStageKeysListed(t *testing.T) {
	_, repo := stageRepo(t)
	files := listing(t, repo, false)
	plain := open(t, repo, files, indexOf(t, files, "app.txt"), 160, 30)
	if len(plain.Keys()) != len(keys.Default().In(keys.Diff)) || plain.Staging() {
		t.Error("a pane not staging lists Stage keys")
	}
	if _, msg := emit(t, plain, "space"); msg != nil {
		t.Errorf("space outside staging sent %#v", msg)
	}
	m := openStaging(t, repo, false, "app.txt", 160, 30)
	got := m.Keys()
	want := len(keys.Default().In(keys.Stage)) + len(keys.Default().In(keys.Diff))
	if len(got) != want || got[0].ID != "stage.toggle" {
		t.Fatalf("%d bindings, want %d", len(got), want)
	}
	for _, id := range []string{"stage.toggle", "stage.select", "stage.discard", "stage.switch"} {
		if why := disabled(t, m, id); why != "" {
			t.Errorf("%s disabled: %q", id, why)
		}
	}
	// The cursor is drawn.
	if !strings.Contains(ansi.Strip(m.View(160, 30, true)), diffview.CursorGlyph) {
		t.Error("no cursor drawn")
	}
}
