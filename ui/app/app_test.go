package app

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"reef/gitops/gittest"
	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"
)

// updating reports -update (the flag is registered by teatest's golden
// package, which this package links in).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// fixedNow keeps relative dates in goldens stable.
var fixedNow = time.Unix(gittest.Epoch, 0).Add(30 * 24 * time.Hour)

// scripted is a small IaC history: a feature branch merged back, a
// rename, a commit with a hostile subject and wide characters.
func scripted(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n").
		Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n").Commit("Initial import")
	r.Checkout("feature/scale", true)
	r.Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n").Commit("Scale web to four replicas")
	r.Checkout("main", false)
	r.Write("envs/prod/main.tf", "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-2\"\n  instance_type = \"t3.small\"\n}\n").Commit("Bump the web instance")
	r.Merge("Merge pull request #1 from feature/scale", "feature/scale")
	r.Move("envs/prod/main.tf", "envs/production/main.tf").Commit("Rename prod to production")
	r.Write("README.md", "# 基础设施 🚀\n").Commit("Add a README 基础设施")
	r.CommitStaged("\x1b]0;owned\x07\x1b[2J hostile subject")
	r.Tag("v1.0", "HEAD~1", "first release")
	return r
}

func options(profile colorprofile.Profile) Options {
	return Options{
		Keys: keys.Default(),
		Diff: pane.DiffDefaults{SideBySide: true, Context: 3, TabWidth: 4, MaxBytes: 1 << 20},
		Styles: func(dark bool) *styles.Styles {
			t, _ := themes.Pick("dark", true)
			return styles.ForProfile(t, profile)
		},
		DarkKnown: true, Dark: true,
		Now: func() time.Time { return fixedNow },
	}
}

func start(t *testing.T, r *gittest.Repo, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(context.Background(), r.Dir, r.Environ(), options(colorprofile.Ascii))
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
}

// waitFor waits until the program has written text (escape codes
// removed) to the terminal.
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	var seen bytes.Buffer
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen.Write(b)
		return strings.Contains(ansi.Strip(seen.String()), text)
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func key(tm *teatest.TestModel, k string) {
	switch k {
	case "enter":
		tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	case "esc":
		tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	case "tab":
		tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	default:
		r := []rune(k)
		tm.Send(tea.KeyPressMsg{Code: r[0], Text: k})
	}
}

func final(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	m, ok := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if !ok {
		t.Fatal("final model is not an app.Model")
	}
	return m
}

func screen(m Model, dir string) string {
	return strings.ReplaceAll(ansi.Strip(m.View().Content), dir, "<repo>")
}

// TestJourney opens the log, moves, opens a diff, toggles its view,
// goes back, filters, opens help and quits.
func TestJourney(t *testing.T) {
	r := scripted(t)
	tm := start(t, r, 120, 40)
	waitFor(t, tm, "hostile subject")
	key(tm, "j")
	key(tm, "j")                              // "Rename prod to production"
	waitFor(t, tm, "envs/production/main.tf") // its files listed beside
	key(tm, "enter")
	waitFor(t, tm, "1/1")
	key(tm, "s") // to unified
	key(tm, "esc")
	key(tm, "/")
	tm.Type("scale")
	key(tm, "enter")
	waitFor(t, tm, "/scale")
	key(tm, "?")
	waitFor(t, tm, "Everywhere")
	m := final(t, tm)
	view := screen(m, r.Dir)
	if !strings.Contains(view, "Log keys") || !strings.Contains(view, "filter the list") {
		t.Errorf("help not shown at the end:\n%s", view)
	}
	if m.inDiff || m.log.Capturing() {
		t.Errorf("diff still open or filter still typing")
	}
}

// TestHostileTextIsHarmless: a subject made of escape sequences cannot
// retitle or clear the terminal.
func TestHostileTextIsHarmless(t *testing.T) {
	r := scripted(t)
	tm := start(t, r, 100, 30)
	waitFor(t, tm, "hostile subject")
	m := final(t, tm)
	content := m.View().Content
	if strings.Contains(content, "\x1b]0;") || strings.Contains(content, "\x07") || strings.Contains(content, "\x1b[2J") {
		t.Fatalf("control sequences reached the screen: %q", content)
	}
	if !strings.Contains(content, "␛]0;owned␇") {
		t.Error("the hostile subject is not shown with visible stand-ins")
	}
}

func TestResizeAndScreens(t *testing.T) {
	r := scripted(t)
	tm := start(t, r, 120, 40)
	waitFor(t, tm, "hostile subject")
	tm.Send(tea.WindowSizeMsg{Width: 70, Height: 20})
	key(tm, "4")
	waitFor(t, tm, "Coming with the forge work")
	key(tm, "2")
	m := final(t, tm)
	if m.width != 70 || m.screen != ScreenLog {
		t.Errorf("size %dx%d screen %d", m.width, m.height, m.screen)
	}
	for _, l := range strings.Split(screen(m, r.Dir), "\n") {
		if w := ansi.StringWidth(l); w > 70 {
			t.Errorf("line wider than the terminal (%d): %q", w, l)
		}
	}
}

func TestNotARepository(t *testing.T) {
	dir := t.TempDir()
	env := append(gittest.Env(t.TempDir()), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	tm := teatest.NewTestModel(t, New(context.Background(), dir, env, options(colorprofile.Ascii)), teatest.WithInitialTermSize(80, 24))
	m, _ := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if m.Err() == nil || !strings.Contains(m.Err().Error(), "not a git repository") {
		t.Fatalf("got %v", m.Err())
	}
}

// TestGoldens pins the log and diff screens at 80x24 and 120x40.
func TestGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, view := range []string{"log", "diff"} {
			name := fmt.Sprintf("%s-%dx%d", view, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				r := scripted(t)
				tm := start(t, r, size[0], size[1])
				waitFor(t, tm, "hostile subject")
				for i := 0; i < 4; i++ {
					key(tm, "j") // "Bump the web instance"
				}
				waitFor(t, tm, "+2 -2")
				if view == "diff" {
					key(tm, "enter")
					waitFor(t, tm, "t3.small") // the hunk, drawn once loaded
				}
				got := screen(final(t, tm), r.Dir)
				golden(t, name, got)
			})
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/app -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n%s\nwant:\n%s", name, got, want)
	}
}

// TestConfigProblems: the first problem shows in the status bar until a
// key is pressed; help lists them all.
func TestConfigProblems(t *testing.T) {
	r := scripted(t)
	o := options(colorprofile.Ascii)
	o.Problems = []string{"config: c.yaml:3: diff.view: bad", "config: c.yaml:7: colour: unknown key"}
	m := New(context.Background(), r.Dir, r.Environ(), o)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "press ? to see them")
	key(tm, "?")
	waitFor(t, tm, "colour: unknown key")
	final := final(t, tm)
	view := screen(final, r.Dir)
	if !strings.Contains(view, "diff.view: bad") || !strings.Contains(view, "Configuration problems") {
		t.Errorf("help does not list the problems:\n%s", view)
	}
	if final.status != "" {
		t.Errorf("status still shows %q after a key", final.status)
	}
}

// TestHelpScrolls: help taller than the screen says so, and G brings its
// last line into view.
func TestHelpScrolls(t *testing.T) {
	r := openSSH(t)
	tm := startWith(t, r, 80, 16, handMade)
	waitFor(t, tm, "Open SSH to the world")
	key(tm, "1")
	key(tm, "?")
	waitFor(t, tm, "more")
	key(tm, "G")
	waitFor(t, tm, "closes this help")
	m := final(t, tm)
	view := screen(m, r.Dir)
	if !strings.Contains(view, "closes this help") || !strings.Contains(view, "↓ 0 more") {
		t.Errorf("the end of help is not shown:\n%s", view)
	}
}

// TestSpinnerStopsWhenIdle: once nothing loads, the spinner's tick is not
// renewed (an idle screen is not redrawn on a timer); a walk starting
// turns it again, and the walk's end stops it once more.
func TestSpinnerStopsWhenIdle(t *testing.T) {
	r := scripted(t)
	tm := start(t, r, 120, 30)
	waitFor(t, tm, "Add a README")
	m := final(t, tm)
	if m.spinning() {
		t.Fatal("spinning with the log loaded")
	}
	mm, cmd := m.Update(spinner.TickMsg{})
	m = mm.(Model)
	if cmd != nil || !m.spinIdle {
		t.Fatalf("idle tick renewed (cmd %v, idle %v)", cmd != nil, m.spinIdle)
	}
	mm, cmd = m.Update(pane.OpenHistoryMsg{Path: "envs/prod/main.tf"})
	m = mm.(Model)
	if m.spinIdle || cmd == nil {
		t.Fatalf("a history walk did not start the spinner (idle %v)", m.spinIdle)
	}
}
