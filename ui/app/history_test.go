package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"reef/gitops"
	"reef/gitops/gittest"
	"reef/ui/reviewpane"
)

// networkHistory is openSSH's network file moved to another directory
// and edited once more: a rename in its history, findings on the commit
// that opened SSH.
func networkHistory(t *testing.T) *gittest.Repo {
	r := openSSH(t)
	r.Move("envs/prod/network.tf", "envs/production/network.tf").Commit("Rename prod to production")
	r.Write("envs/production/network.tf", securityGroup("0.0.0.0/0", 10)+"# reviewed by ops\n").Commit("Note the review")
	return r
}

// startHistory runs the program as reef history PATH does, with the
// Review engine given (nil: gitops').
func startHistory(t *testing.T, r *gittest.Repo, w, h int, path string, engine reviewpane.Engine) *session {
	t.Helper()
	o := options(colorprofile.Ascii)
	o.HistoryPath, o.ReviewEngine = path, engine
	m := New(context.Background(), r.Dir, r.Environ(), o)
	s := &session{t: t, r: r, w: &watcher{}}
	s.tm = teatest.NewTestModel(t, probe{Model: m, w: s.w}, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
	return s
}

// historySettled waits until the History screen shows path, with every
// answer in: the walk, counts, diff (laid out in the diff pane), review,
// file or blame.
func (s *session) historySettled(path string) {
	s.t.Helper()
	s.until("the history of "+path, func(m Model) bool {
		if m.env == nil || m.screen != ScreenHistory {
			return false
		}
		h := m.hist.pane
		if p, _ := h.Path(); p != path || !h.Settled() {
			return false
		}
		if !h.DiffShown() {
			return true
		}
		req, gen := h.DiffRequest()
		d := m.hist.diff.Doc()
		return gen == m.hist.diffGen && d != nil && d.File().NewPath == req.Files[0].NewPath
	})
}

// gitFollow is git log --follow's list of commits.
func gitFollow(r *gittest.Repo, args ...string) []string {
	out := r.Git(append([]string{"log", "--follow", "--format=%H"}, args...)...)
	return strings.Fields(out)
}

// listed is the History screen's commits, walking the list with j from
// the top (the pane's rows through its own keys).
func listed(m Model) []string {
	var out []string
	h := m.hist.pane
	for {
		id, _ := h.Selected()
		if id.IsZero() || (len(out) > 0 && out[len(out)-1] == id.String()) {
			return out
		}
		out = append(out, id.String())
		h, _, _ = h.Key(tea.KeyPressMsg{Code: 'j', Text: "j"})
	}
}

// TestHistoryGoldens pins the History screen: the list with the selected
// commit's diff (findings marked), the blame, and the whole file, at
// 80x24 and 120x40.
func TestHistoryGoldens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, view := range []string{"list", "blame", "file"} {
			name := fmt.Sprintf("history-%s-%dx%d", view, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				r := networkHistory(t)
				s := startHistory(t, r, size[0], size[1], "envs/production/network.tf", handMade)
				s.historySettled("envs/production/network.tf")
				switch view {
				case "list":
					key(s.tm, "j")
					key(s.tm, "j") // Open SSH to the world: the handmade findings are on its file
					s.until("the commit that opened SSH", func(m Model) bool {
						_, p := m.hist.pane.Selected()
						return p == "envs/prod/network.tf"
					})
				case "blame":
					key(s.tm, "b")
				case "file":
					key(s.tm, "enter")
				}
				s.until(view, func(m Model) bool { return view == "list" || m.hist.pane.Shown() == view })
				s.historySettled("envs/production/network.tf")
				m := s.final()
				got := screen(m, r.Dir)
				if view == "list" {
					if req, _ := m.hist.pane.DiffRequest(); len(req.Findings) == 0 {
						t.Errorf("the diff has no findings to mark")
					}
				}
				golden(t, name, got)
			})
		}
	}
}

// TestHistoryCommandLine: reef history PATH opens screen 3 on that file,
// PATH relative to the directory reef starts in; the list is git log
// --follow's.
// Both ways it starts: the history begun before the program (Begin, as
// main does), or by the program.
func TestHistoryCommandLine(t *testing.T) {
	for _, begun := range []bool{true, false} {
		t.Run(fmt.Sprintf("begun=%v", begun), func(t *testing.T) { historyCommandLine(t, begun) })
	}
}

func historyCommandLine(t *testing.T, begun bool) {
	r := networkHistory(t)
	o := options(colorprofile.Ascii)
	o.HistoryPath = "production/network.tf"
	dir := filepath.Join(r.Dir, "envs")
	if begun {
		o.Start = Begin(context.Background(), dir, r.Environ(), o.HistoryPath)
		if <-o.Start.done; o.Start.opened.head == nil || o.Start.opened.head.Path() != "envs/production/network.tf" {
			t.Fatalf("Begin began no history of the file: %+v", o.Start.opened)
		}
	}
	m := New(context.Background(), dir, r.Environ(), o)
	s := &session{t: t, r: r, w: &watcher{}}
	s.tm = teatest.NewTestModel(t, probe{Model: m, w: s.w}, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
	s.historySettled("envs/production/network.tf")
	// The Log is read when first shown, not beside the history's walk.
	s.until("the Log left unread", func(m Model) bool {
		n, done := m.log.Loaded()
		return !m.logStarted && n == 0 && !done
	})
	key(s.tm, "2")
	s.until("the Log read", func(m Model) bool { _, done := m.log.Loaded(); return m.screen == ScreenLog && done })
	key(s.tm, "3")
	s.historySettled("envs/production/network.tf")
	got := s.final()
	want := gitFollow(r, "--", "envs/production/network.tf")
	if l := listed(got); !slices.Equal(l, want) {
		t.Errorf("listed:\n%s\ngit log --follow:\n%s", strings.Join(l, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := got.log.Loaded(); n != len(strings.Fields(r.Git("rev-list", "--all"))) {
		t.Errorf("the Log read %d commits; git rev-list --all has %s", n, r.Git("rev-list", "--all", "--count"))
	}
}

// TestRepoPath: paths given on the command line are relative to where
// reef starts; outside the repository is an error.
func TestRepoPath(t *testing.T) {
	top := t.TempDir()
	sub := filepath.Join(top, "envs", "prod")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ dir, p, want string }{
		{top, "envs/prod/main.tf", "envs/prod/main.tf"},
		{sub, "main.tf", "envs/prod/main.tf"},
		{sub, "../staging/main.tf", "envs/staging/main.tf"},
		{sub, filepath.Join(top, "README.md"), "README.md"},
	} {
		if got, err := repoPath(c.dir, top, c.p); err != nil || got != c.want {
			t.Errorf("repoPath(%s, %s) = %q, %v; want %q", c.dir, c.p, got, err, c.want)
		}
	}
	if _, err := repoPath(sub, top, "../../../elsewhere.tf"); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("a path outside the repository: %v", err)
	}
}

// TestHistoryWithoutFile: screen 3 with no file says how to pick one.
func TestHistoryWithoutFile(t *testing.T) {
	s := startSession(t, scripted(t), 80, 24)
	s.until("the repository", func(m Model) bool { return m.env != nil })
	key(s.tm, "3")
	m := s.final()
	v := screen(m, s.r.Dir)
	for _, want := range []string{"No file chosen", "Press H on a file", "reef history PATH"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen 3 without a file lacks %q:\n%s", want, v)
		}
	}
}

// TestHistoryFromStatus: H on a file in the Status screen opens its
// history from HEAD.
func TestHistoryFromStatus(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "H")
	s.historySettled("k8s/deploy.yaml")
	m := s.final()
	if _, rev := m.hist.pane.Path(); !rev.IsZero() {
		t.Errorf("the history starts at %s, not HEAD", rev)
	}
	if l, want := listed(m), gitFollow(s.r, "--", "k8s/deploy.yaml"); !slices.Equal(l, want) {
		t.Errorf("listed %v, git %v", l, want)
	}
}

// TestHistoryFromStatusDiff: H in the Status screen's diff opens the
// file's history too.
func TestHistoryFromStatusDiff(t *testing.T) {
	s := startSession(t, workTree(t), 120, 40)
	s.status()
	s.down(4, "k8s/deploy.yaml")
	key(s.tm, "enter") // the diff has the keyboard
	s.until("the diff focused", func(m Model) bool { return m.st.diffFocus })
	key(s.tm, "H")
	s.historySettled("k8s/deploy.yaml")
	s.final()
}

// TestHistoryFromLogFiles: H on a commit's file in the Log opens the
// file's history walking back from that commit, under its name there.
func TestHistoryFromLogFiles(t *testing.T) {
	r := scripted(t)
	s := startSession(t, r, 120, 40)
	s.until("the log", func(m Model) bool { n, _ := m.log.Loaded(); return n > 0 })
	rename := r.Rev("HEAD~2") // Rename prod to production
	for range 2 {
		key(s.tm, "j")
	}
	s.until("the rename's files", func(m Model) bool { return m.log.Selected().String() == rename && logFiles(m) })
	key(s.tm, "tab")
	key(s.tm, "H")
	s.historySettled("envs/production/main.tf")
	m := s.final()
	if _, rev := m.hist.pane.Path(); rev.String() != rename {
		t.Errorf("the history starts at %s, want %s", rev, rename)
	}
	if l, want := listed(m), gitFollow(r, rename, "--", "envs/production/main.tf"); !slices.Equal(l, want) {
		t.Errorf("listed %v, git %v", l, want)
	}
}

// TestHistoryFromDiff: H in the Log's diff opens the history of the file
// shown, from the commit shown.
func TestHistoryFromDiff(t *testing.T) {
	r := scripted(t)
	s := startSession(t, r, 120, 40)
	s.until("the log", func(m Model) bool { n, _ := m.log.Loaded(); return n > 0 })
	bump := r.Rev("HEAD~4") // Bump the web instance: one file
	for range 4 {
		key(s.tm, "j")
	}
	s.until("the bump's files", func(m Model) bool { return m.log.Selected().String() == bump && logFiles(m) })
	key(s.tm, "enter")
	s.until("the diff", func(m Model) bool { return m.diffShown() && m.diff.Doc() != nil })
	key(s.tm, "H")
	s.historySettled("envs/prod/main.tf")
	m := s.final()
	if _, rev := m.hist.pane.Path(); rev.String() != bump {
		t.Errorf("the history starts at %s, want %s", rev, bump)
	}
	if l, want := listed(m), gitFollow(r, bump, "--", "envs/prod/main.tf"); !slices.Equal(l, want) {
		t.Errorf("listed %v, git %v", l, want)
	}
	// Back to the Log: its diff is still there.
	key(s.tm, "2")
}

// TestHistoryFromReview: H on a finding in the Review screen opens its
// file's history from the commit reviewed.
func TestHistoryFromReview(t *testing.T) {
	r := openSSH(t)
	s := &session{t: t, r: r, w: &watcher{}}
	o := options(colorprofile.Ascii)
	o.ReviewEngine = handMade
	s.tm = teatest.NewTestModel(t, probe{Model: New(context.Background(), r.Dir, r.Environ(), o), w: s.w}, teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment(r.Environ())))
	s.until("the log", func(m Model) bool { n, _ := m.log.Loaded(); return n > 0 })
	key(s.tm, "5")
	s.until("the review", func(m Model) bool { return m.review.Result() != nil })
	key(s.tm, "H")
	s.historySettled("envs/prod/network.tf")
	m := s.final()
	if _, rev := m.hist.pane.Path(); rev != mustRev(t, r, "HEAD") {
		t.Errorf("the history starts at %s", rev)
	}
}

// logFiles reports whether the Log has the selected commit's files (enter
// opens them then).
func logFiles(m Model) bool {
	for _, b := range m.log.Keys() {
		if b.ID == "list.open" {
			return b.Enabled()
		}
	}
	return false
}

func mustRev(t *testing.T, r *gittest.Repo, rev string) gitops.Hash {
	id, err := gitops.ParseHash(r.Rev(rev))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestHistoryScreenSwitch: leaving screen 3 pauses it, coming back shows
// it as it was; the help lists its keys.
func TestHistoryScreenSwitch(t *testing.T) {
	r := networkHistory(t)
	s := startHistory(t, r, 120, 40, "envs/production/network.tf", handMade)
	s.historySettled("envs/production/network.tf")
	key(s.tm, "j")
	key(s.tm, "2")
	key(s.tm, "3")
	s.until("screen 3", func(m Model) bool { return m.screen == ScreenHistory })
	key(s.tm, "?")
	m := s.final()
	v := screen(m, r.Dir)
	for _, want := range []string{"File history keys", "blame this version", "whole file / diff", "mark a version"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	if id, _ := m.hist.pane.Selected(); id != mustRev(t, r, "HEAD~1") {
		t.Errorf("coming back the selection is %s", id)
	}
}
