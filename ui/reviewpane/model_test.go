package reviewpane

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"reef/gitops/iac"
	"reef/ui/keys"
	"reef/ui/pane"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", name, file, got)
	}
}

// sgr matches the escape sequences a view may hold: colours and
// attributes only.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// TestViewFitsAndIsSafe: every line is exactly the pane's width, and no
// control sequence from the findings or values reaches the screen.
func TestViewFitsAndIsSafe(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {40, 10}} {
		m, _ := opened(t, size[0], size[1])
		view := m.View()
		lines := strings.Split(view, "\n")
		if len(lines) != size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w != size[0] {
				t.Errorf("%v: line %d is %d cells: %q", size, i, w, ansi.Strip(l))
			}
			if rest := sgr.ReplaceAllString(l, ""); strings.ContainsAny(rest, "\x1b\x07\x9b\t\r") {
				t.Errorf("%v: line %d holds control characters: %q", size, i, rest)
			}
		}
		if size[0] >= 80 {
			golden(t, fmt.Sprintf("review-%dx%d", size[0], size[1]), plain(m)+"\n")
		}
	}
}

// TestFindingOrder: critical first, and within a severity what the
// change introduces before what it leaves or removes; each group under a
// heading; existing and resolved findings labelled.
func TestFindingOrder(t *testing.T) {
	rows := findingRows(sample().Result.Findings)
	var got []string
	for _, r := range rows {
		text := ""
		for _, s := range r.segs {
			text += s.text
		}
		got = append(got, strings.Join(strings.Fields(text), " "))
	}
	want := []string{
		"Critical 2",
		"● introduced tf-open-ingress envs/prod/sg.tf:5 aws_security_group.ssh Port 22 is open to 0.0.0.0/0 ␛[2J.",
		"● existing tf-open-ingress envs/prod/sg.tf:20 aws_security_group.rdp Port 3389 is open to 0.0.0.0/0.",
		"High 2",
		"● introduced tf-encryption-disabled envs/prod/sg.tf:16 aws_instance.bastion The root volume is not encrypted.",
		"● resolved tf-public-database envs/staging/db.tf:7 (old) aws_db_instance.main The database is no longer public.",
		"Medium 1",
		"● introduced k8s-replicas-reduced k8s/deploy.yaml:6 apps/Deployment default/web Replicas go from 2 to 1.",
		"Low 1",
		"● introduced gha-unpinned-action .github/workflows/ci.yml:9 actions/checkout@main is not pinned.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("finding rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, r := range rows {
		dim := strings.Contains(got[i], "existing") || strings.Contains(got[i], "resolved")
		if r.dim != dim {
			t.Errorf("row %d dim %v: %s", i, r.dim, got[i])
		}
		if (r.open != nil) != strings.HasPrefix(got[i], "●") {
			t.Errorf("row %d selectable %v: %s", i, r.open != nil, got[i])
		}
	}
}

// TestSummaryGroups: per environment (none last), per file, per resource
// in line order, with attributes, notes, sources and the plan's actions.
func TestSummaryGroups(t *testing.T) {
	m, _ := opened(t, 120, 60)
	view := plain(m)
	order := []string{
		"Changes 5 resources in 4 files  1 file read as text only",
		"prod 3 files",
		"  envs/prod/broken.tf  0 resources",
		"    ! does not parse (line 3: unclosed block); shown as a text diff",
		"  envs/prod/sg.tf  2 resources",
		"    ~ aws_security_group.ssh  modified  static",
		`        ingress[0].cidr_blocks  ["10.0.0.0/8"] → ["0.0.0.0/0"]`,
		"        ingress[0].description  (unset) → ssh ␛]0;owned␇",
		"        password  (sensitive) → (sensitive)  from plan",
		"    + aws_instance.bastion  added  plan: create  from plan",
		"  envs/prod/variables.tf  1 resource",
		"    ~ var.region  modified  static",
		"        · var.region flows into aws_instance.bastion",
		"staging 1 file",
		"  envs/staging/db.tf  1 resource",
		"    - aws_db_instance.main  removed  static",
		"(no environment) 1 file",
		"  k8s/deploy.yaml  1 resource",
		"    ~ apps/Deployment default/web  modified  static",
		"        spec.replicas  2 → 1",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(view[at:], want+"\n")
		if i < 0 {
			t.Fatalf("%q missing or out of order after offset %d:\n%s", want, at, view)
		}
		at += i + len(want)
	}
	for _, want := range []string{"Review  abcdef1 Open SSH to the world",
		"● 2 critical  ● 2 high  ● 1 medium  ● 1 low  ·  4 introduced, 1 existing, 1 resolved"} {
		if !strings.Contains(view, want) {
			t.Errorf("header %q missing:\n%s", want, view)
		}
	}
}

// TestEnterOpensTheDiff: enter on a finding asks for the diff at its file
// and line, with every finding to mark; on a resolved finding of a
// deleted file, at the old side; tab and enter on a change, at its line.
func TestEnterOpensTheDiff(t *testing.T) {
	m, _ := opened(t, 120, 40)
	m, msgs := press(t, m, "enter")
	open := only[pane.OpenDiffMsg](t, msgs)
	rv := sample()
	if open.Index != 0 || open.Line != 5 || open.OldSide || len(open.Findings) != len(rv.Result.Findings) ||
		len(open.Files) != len(rv.Files) || open.Source.Commit != head {
		t.Errorf("enter on the first finding: %+v", open)
	}
	for range 3 { // the resolved finding: headings are skipped
		m, _ = press(t, m, "j")
	}
	_, msgs = press(t, m, "enter")
	open = only[pane.OpenDiffMsg](t, msgs)
	if open.Files[open.Index].OldPath != "envs/staging/db.tf" || open.Line != 7 || !open.OldSide {
		t.Errorf("enter on the resolved finding: index %d line %d old %v", open.Index, open.Line, open.OldSide)
	}
	m, _ = press(t, m, "G")
	_, msgs = press(t, m, "enter")
	if st := only[pane.StatusMsg](t, msgs); st.Err == nil || !strings.Contains(st.Err.Error(), ".github/workflows/ci.yml is not among the changed files") {
		t.Errorf("enter on a finding of an unlisted file: %+v", st)
	}
	m, _ = press(t, m, "tab")
	if m.Area() != AreaSummary {
		t.Fatal("tab did not move to the summary")
	}
	// prod → broken.tf (file), its note, sg.tf (file), aws_security_group.ssh
	for range 3 {
		m, _ = press(t, m, "j")
	}
	_, msgs = press(t, m, "enter")
	open = only[pane.OpenDiffMsg](t, msgs)
	if open.Files[open.Index].NewPath != "envs/prod/sg.tf" || open.Line != 1 || open.OldSide {
		t.Errorf("enter on a change: index %d line %d", open.Index, open.Line)
	}
	// three attributes, bastion, variables.tf, var.region, its note,
	// staging's db.tf, then aws_db_instance.main (removed)
	for range 9 {
		m, _ = press(t, m, "j")
	}
	_, msgs = press(t, m, "enter")
	open = only[pane.OpenDiffMsg](t, msgs)
	if open.Files[open.Index].OldPath != "envs/staging/db.tf" || open.Line != 3 || !open.OldSide {
		t.Errorf("enter on a removed resource: index %d line %d old %v", open.Index, open.Line, open.OldSide)
	}
}

func only[T any](t *testing.T, msgs []tea.Msg) T {
	t.Helper()
	var zero T
	if len(msgs) != 1 {
		t.Fatalf("%d messages for the root, want 1: %v", len(msgs), msgs)
	}
	v, ok := msgs[0].(T)
	if !ok {
		t.Fatalf("got %T, want %T", msgs[0], zero)
	}
	return v
}

// TestScrolling: the cursor stays on screen through every movement, and
// g and G reach the ends.
func TestScrolling(t *testing.T) {
	rv := sample()
	for i := range 60 {
		rv.Result.Findings = append(rv.Result.Findings, iac.Finding{Rule: "k8s-image-unpinned", Severity: iac.Medium,
			State: iac.Introduced, Path: "k8s/deploy.yaml", Line: 100 + i, Message: "The image is not pinned."})
	}
	f := &fake{answers: map[Target]Review{CommitTarget(head): rv}}
	m := newPane(t, f, 80, 24)
	m, cmd := m.Offer(CommitTarget(head))
	m, _ = drain(t, m, cmd)
	l := func() list { return m.lists[AreaFindings] }
	h := m.listHeight(AreaFindings)
	check := func(what string) {
		t.Helper()
		c := l().current()
		if c < l().top || c >= l().top+h {
			t.Errorf("%s: cursor row %d outside rows %d..%d", what, c, l().top, l().top+h-1)
		}
	}
	for _, k := range []string{"j", "j", "ctrl+d", "ctrl+d", "ctrl+d", "k", "ctrl+u", "G", "ctrl+u", "g"} {
		m, _ = press(t, m, k)
		check(k)
	}
	if l().top != 0 || l().cursor != 0 {
		t.Errorf("g: top %d cursor %d", l().top, l().cursor)
	}
	m, _ = press(t, m, "G")
	if l().cursor != len(l().sel)-1 || l().top != len(l().rows)-h {
		t.Errorf("G: cursor %d of %d, top %d", l().cursor, len(l().sel), l().top)
	}
	if !strings.Contains(plain(m), fmt.Sprintf("of %d lines", len(l().rows))) {
		t.Error("the findings title does not say how far the list scrolled")
	}
	m, _ = m.Update(pane.WheelMsg{Delta: -100})
	check("wheel")
	if l().top != 0 {
		t.Errorf("wheel up: top %d", l().top)
	}
}

// TestStaleAnswersDropped: a review answered after another was asked for
// is dropped; asking for the same selection again reviews nothing.
func TestStaleAnswersDropped(t *testing.T) {
	other := sample()
	other.Label = "staged changes"
	other.Result = &iac.Result{}
	f := &fake{answers: map[Target]Review{CommitTarget(head): sample(), StagedTarget: other}}
	m := newPane(t, f, 80, 24)
	m, first := m.Offer(CommitTarget(head))
	m, second := m.Update(keyMsg("S"))
	if !m.Busy() || m.Target() != StagedTarget {
		t.Fatalf("S: busy %v target %+v", m.Busy(), m.Target())
	}
	m, _ = m.Update(first()) // the commit's answer, late
	if m.Result() != nil || !m.Busy() {
		t.Fatal("a stale answer was shown")
	}
	m, _ = drain(t, m, second)
	if m.Result() == nil || !strings.Contains(plain(m), "staged changes") || !strings.Contains(plain(m), "no findings") {
		t.Fatalf("staged review not shown:\n%s", plain(m))
	}
	// The log's selection has not changed: the screen keeps the staged review.
	m, cmd := m.Offer(CommitTarget(head))
	if cmd != nil || m.Target() != StagedTarget {
		t.Error("offering the same selection again started a review")
	}
	// c goes back to it.
	m, _ = press(t, m, "c")
	if m.Target() != CommitTarget(head) || m.Result() == nil || len(m.Result().Findings) == 0 {
		t.Error("c did not review the selected commit")
	}
	if len(f.calls) != 3 {
		t.Errorf("%d reviews run, want 3", len(f.calls))
	}
}

// TestErrorAndBusyLines: a failing review says so in one line; a
// running one says what it reviews.
func TestErrorAndBusyLines(t *testing.T) {
	f := &fake{answers: map[Target]Review{}}
	m := newPane(t, f, 80, 24)
	m, cmd := m.Offer(DefaultTarget)
	if !strings.Contains(plain(m), "reviewing HEAD~1..HEAD…") {
		t.Errorf("no busy line:\n%s", plain(m))
	}
	m, _ = drain(t, m, cmd)
	view := plain(m)
	if !strings.Contains(view, "review failed: no such ␛[31mtarget␛[0m") || strings.Contains(m.View(), "\x1b[31mtarget") {
		t.Errorf("error line:\n%s", view)
	}
	if b := m.Keys(); len(b) == 0 || b[len(b)-1].ID != "review.refresh" || !b[len(b)-1].Enabled() {
		t.Errorf("keys: %+v", b)
	}
}

// TestReviewKeysDoNotCollide: no Review binding shares a key with a
// global or list binding the screen also uses.
func TestReviewKeysDoNotCollide(t *testing.T) {
	ks := keys.Default()
	used := map[string]string{}
	for _, b := range append(append(ks.In(keys.Global), ks.In(keys.List)...), ks.In(keys.Review)...) {
		for _, k := range b.Keys {
			if other, ok := used[k]; ok {
				t.Errorf("%q is both %s and %s", k, other, b.ID)
			}
			used[k] = b.ID
		}
	}
	if len(ks.In(keys.Review)) != 4 {
		t.Errorf("review bindings: %+v", ks.In(keys.Review))
	}
}

// TestMouse: a click selects the row under it and gives its list the
// keyboard; the wheel scrolls the focused list.
func TestMouse(t *testing.T) {
	m, _ := opened(t, 120, 40)
	f, _ := m.split()
	// The summary's fourth row: envs/prod/sg.tf's first resource.
	m, _ = m.Update(pane.ClickMsg{X: 10, Y: headerLines + f + 1 + 4})
	if m.Area() != AreaSummary {
		t.Fatal("the click did not focus the summary")
	}
	_, msgs := press(t, m, "enter")
	if open := only[pane.OpenDiffMsg](t, msgs); open.Line != 1 || open.Files[open.Index].NewPath != "envs/prod/sg.tf" {
		t.Errorf("enter after the click: %+v", open)
	}
	// A click on a heading leaves the selection alone.
	m, _ = m.Update(pane.ClickMsg{X: 10, Y: headerLines + 1})
	if m.Area() != AreaFindings || m.lists[AreaFindings].cursor != 0 {
		t.Errorf("click on a heading: area %d cursor %d", m.Area(), m.lists[AreaFindings].cursor)
	}
}
