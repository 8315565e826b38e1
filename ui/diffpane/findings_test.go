package diffpane

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/ui/diffview"
	"reef/ui/pane"
)

// In modules/vpc/main.tf resource i takes lines 6i+1..6i+6, and the second
// commit changes resources 1 and 9: lines 8-9 and 56-57, two hunks.
func vpcFindings() []iac.Finding {
	return []iac.Finding{
		{Rule: "tf-open-ingress", Severity: iac.Critical, State: iac.Introduced, Path: "modules/vpc/main.tf", Line: 57,
			Address: "aws_vpc.net9", Message: "Port 22 is open to 0.0.0.0/0."},
		{Rule: "tf-iam-wildcard", Severity: iac.Medium, State: iac.Introduced, Path: "modules/vpc/main.tf", Line: 8,
			Address: "aws_vpc.net1", Message: "s3:* on every bucket \x1b[2J."},
		{Rule: "tf-public-database", Severity: iac.High, State: iac.Resolved, Path: "modules/vpc/main.tf", Line: 56,
			Address: "aws_vpc.net9", Message: "The database is no longer public."},
		{Rule: "tf-encryption-disabled", Severity: iac.Low, State: iac.Existing, Path: "modules/vpc/main.tf", Line: 40,
			Address: "aws_vpc.net6", Message: "Encryption is off."},
		{Rule: "k8s-privileged", Severity: iac.Critical, State: iac.Introduced, Path: "k8s/svc.yaml", Line: 9,
			Message: "Not this file."},
	}
}

// openAt opens main.tf of the scripted commit with the findings, at a
// line when given.
func openAt(t *testing.T, width, height, line int, old bool) (Model, []gitops.FileChange) {
	t.Helper()
	repo, files := scripted(t)
	m := New(testEnv(repo)).SetSize(width, height)
	m, cmd := m.Open(pane.OpenDiffMsg{Files: files, Index: indexOf(t, files, "modules/vpc/main.tf"),
		Line: line, OldSide: old, Findings: vpcFindings()})
	return drain(t, m, cmd), files
}

// rowLine is the screen line (view line, title first) showing a line of
// one side, or -1.
func rowLine(m Model, old bool, line int) int {
	row, ok := m.doc.RowOf(m.frame.Options().SideBySide, old, line)
	if !ok {
		return -1
	}
	y := m.frame.Screen(row) - m.top
	if y < 0 || y >= m.bodyHeight() {
		return -1
	}
	return y + 1
}

// wantTop is where a jump to a line puts the window: three lines above
// it, within the scroll range.
func wantTop(m Model, old bool, line int) int {
	row, _ := m.doc.RowOf(m.frame.Options().SideBySide, old, line)
	return min(max(m.frame.Screen(row)-jumpContext, 0), m.maxTop())
}

// TestGutterMarks: each finding's line is marked after its number, in
// its severity's colour, on the new side, or the old side for a resolved
// finding, in both views; a finding of another file marks nothing.
func TestGutterMarks(t *testing.T) {
	st := testStyles()
	danger := st.Danger.Render(diffview.MarkGlyph)
	for _, c := range []struct {
		width          int
		new57, old56   string
		new8, unmarked string
	}{
		{120, "57" + diffview.MarkGlyph + "+", "56" + diffview.MarkGlyph + "-", " 8" + diffview.MarkGlyph + "+", "55 "},
		{100, "   57" + diffview.MarkGlyph + "│+", "56" + diffview.MarkGlyph + "   │-", "    8" + diffview.MarkGlyph + "│+", "55 55 │"},
	} {
		m, _ := openAt(t, c.width, 80, 0, false)
		if got := m.frame.Options().SideBySide; got != (c.width >= 120) {
			t.Fatalf("%d columns: side by side %v", c.width, got)
		}
		lines := strings.Split(m.View(c.width, 80, true), "\n")
		at := func(old bool, n int) string {
			y := rowLine(m, old, n)
			if y < 0 {
				t.Fatalf("%d columns: line %d (old %v) not on screen", c.width, n, old)
			}
			return lines[y]
		}
		for _, w := range []struct {
			old  bool
			line int
			want string
		}{{false, 57, c.new57}, {true, 56, c.old56}, {false, 8, c.new8}, {false, 55, c.unmarked}} {
			if got := ansi.Strip(at(w.old, w.line)); !strings.Contains(got, w.want) {
				t.Errorf("%d columns: line %d (old %v): %q lacks %q", c.width, w.line, w.old, got, w.want)
			}
		}
		if raw := at(false, 57); !strings.Contains(raw, danger) {
			t.Errorf("%d columns: the critical mark is not in the danger colour: %q", c.width, raw)
		}
		if n := strings.Count(ansi.Strip(strings.Join(lines[1:len(lines)-1], "\n")), diffview.MarkGlyph); n != 3 {
			t.Errorf("%d columns: %d marks, want 3 (the unchanged line 40 is not shown)", c.width, n)
		}
		checkView(t, "marked", m.View(c.width, 80, true), c.width, 80)
	}
	// The same file without findings has no mark and no message line.
	repo, files := scripted(t)
	plain := open(t, repo, files, indexOf(t, files, "modules/vpc/main.tf"), 120, 40)
	if v := ansi.Strip(plain.View(120, 40, true)); strings.Contains(v, diffview.MarkGlyph) || plain.bodyHeight() != 39 {
		t.Errorf("marks without findings:\n%s", v)
	}
}

// TestJumpToFinding: the pane opens scrolled so the finding's line shows
// with three lines above it, and the message line speaks of it.
func TestJumpToFinding(t *testing.T) {
	for _, width := range []int{120, 100} {
		m, _ := openAt(t, width, 12, 57, false)
		if want := wantTop(m, false, 57); m.top != want || rowLine(m, false, 57) < 0 {
			t.Errorf("%d columns: top %d, want %d", width, m.top, want)
		}
		lines := strings.Split(m.View(width, 12, true), "\n")
		msg := ansi.Strip(lines[len(lines)-1])
		if !strings.Contains(msg, "● critical tf-open-ingress · aws_vpc.net9: Port 22 is open to 0.0.0.0/0.") {
			t.Errorf("%d columns: message line %q", width, msg)
		}
		checkView(t, "jumped", m.View(width, 12, true), width, 12)
	}
}

// TestJumpToResolvedFinding: a resolved finding's line is in the old
// file: the pane shows that side's line.
func TestJumpToResolvedFinding(t *testing.T) {
	for _, width := range []int{120, 100} {
		m, _ := openAt(t, width, 12, 56, true)
		if want := wantTop(m, true, 56); m.top != want || rowLine(m, true, 56) < 0 {
			t.Errorf("%d columns: top %d, want %d", width, m.top, want)
		}
		view := ansi.Strip(m.View(width, 12, true))
		lines := strings.Split(view, "\n")
		msg := lines[len(lines)-1]
		if !strings.Contains(msg, "high tf-public-database · aws_vpc.net9: The database is no longer public. (resolved)") ||
			!strings.Contains(view, "56"+diffview.MarkGlyph) {
			t.Errorf("%d columns: message line %q", width, msg)
		}
	}
}

// TestJumpToUnchangedLine: a finding on a line no hunk shows reloads the
// file with enough context to show it.
func TestJumpToUnchangedLine(t *testing.T) {
	m, _ := openAt(t, 120, 12, 40, false)
	if m.context <= m.defaultContext() || !strings.Contains(ansi.Strip(m.View(120, 12, true)), "context ") {
		t.Fatalf("context %d: not expanded", m.context)
	}
	if want := wantTop(m, false, 40); m.top != want || rowLine(m, false, 40) != 1+jumpContext {
		t.Errorf("top %d, want %d", m.top, want)
	}
	lines := strings.Split(ansi.Strip(m.View(120, 12, true)), "\n")
	if msg := lines[len(lines)-1]; !strings.Contains(msg, "low tf-encryption-disabled") || !strings.Contains(msg, "(existing)") {
		t.Errorf("message line %q", msg)
	}
}

// TestFindingNavigation: f and F move between marked lines, scrolling to
// those off screen; the message line follows; past the last they are
// disabled with a reason.
func TestFindingNavigation(t *testing.T) {
	m, _ := openAt(t, 120, 8, 0, false)
	msg := func() string {
		lines := strings.Split(ansi.Strip(m.View(120, 8, true)), "\n")
		return lines[len(lines)-1]
	}
	if !strings.Contains(msg(), "medium tf-iam-wildcard") || strings.Contains(msg(), "\x1b[2J") {
		t.Errorf("first screen's message line %q", msg())
	}
	if disabled(t, m, "diff.prev-finding") != "no finding above" {
		t.Errorf("F at the top: %q", disabled(t, m, "diff.prev-finding"))
	}
	m = press(t, m, "f") // line 8, on screen already: the focus moves, the view does not
	if m.top != 0 || !m.focus.set || m.focus.line != 8 {
		t.Errorf("f: top %d focus %+v", m.top, m.focus)
	}
	m = press(t, m, "f") // old line 56, side by side on the row of new 56
	if want := wantTop(m, true, 56); m.top != want {
		t.Errorf("f: top %d, want %d", m.top, want)
	}
	if !strings.Contains(msg(), "critical tf-open-ingress") && !strings.Contains(msg(), "high tf-public-database") {
		t.Errorf("f: message line %q", msg())
	}
	m = press(t, m, "f") // new line 57
	if !m.focus.set || m.focus.line != 57 || m.focus.old {
		t.Errorf("f: focus %+v", m.focus)
	}
	if !strings.Contains(msg(), "critical tf-open-ingress") {
		t.Errorf("f: message line %q", msg())
	}
	if disabled(t, m, "diff.next-finding") != "no more findings" {
		t.Errorf("f at the last: %q", disabled(t, m, "diff.next-finding"))
	}
	m = press(t, m, "F")
	m = press(t, m, "F")
	if m.focus.line != 8 || rowLine(m, false, 8) < 0 {
		t.Errorf("F F: focus %+v top %d", m.focus, m.top)
	}
	// Scrolled to where no finding is: the line says how many there are.
	m.top = 5 // lines 9 to 12, the second hunk's separator and line 53
	m.clamp()
	if !strings.Contains(msg(), "finding") || !strings.Contains(msg(), "none on screen") {
		t.Errorf("nothing on screen: %q", msg())
	}
}

// TestFindingsArriveLater: findings set on the diff shown (the History
// screen's come after its diff) mark it without moving the view.
func TestFindingsArriveLater(t *testing.T) {
	repo, files := scripted(t)
	m := New(testEnv(repo)).SetSize(120, 12)
	req := pane.OpenDiffMsg{Files: files, Index: indexOf(t, files, "modules/vpc/main.tf")}
	m, cmd := m.Open(req)
	m = drain(t, m, cmd)
	m = press(t, m, "ctrl+d")
	top := m.top
	if top == 0 {
		t.Fatal("ctrl+d did not scroll")
	}
	req.Findings = vpcFindings()
	if !m.Shows(req) {
		t.Fatal("Shows: the same comparison with findings is not the one shown")
	}
	m, cmd = m.SetFindings(req.Findings)
	m = drain(t, m, cmd)
	if m.top != top {
		t.Errorf("top %d after the findings, %d before", m.top, top)
	}
	for _, line := range []int{57, 8} {
		if _, ok := m.doc.MarkRow(m.frame.Options().SideBySide, false, line); !ok {
			t.Errorf("line %d not marked after the findings", line)
		}
	}
	other := req
	other.Line = 57
	if m.Shows(other) {
		t.Error("Shows: a request for another line is the one shown")
	}
}
