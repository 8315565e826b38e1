package diffpane

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/gitops/iac"
	"reef/gitops/textdiff"
	"reef/ui/pane"
)

// bigHCL is a Terraform file of n resources; with rev set, every third
// has other values.
func bigHCL(n, rev int) string {
	var b strings.Builder
	for i := range n {
		size, zone := "t3.micro", "eu-west-1a"
		if i%3 == 0 && rev > 0 {
			size, zone = "m6i.large", "eu-west-1b"
		}
		fmt.Fprintf(&b, `resource "aws_instance" "web_%d" {
  ami                    = data.aws_ami.ubuntu.id # pinned by CI
  instance_type          = %q
  availability_zone      = %q
  vpc_security_group_ids = [aws_security_group.web.id, var.extra_sg]
  tags = {
    Name = "web-${var.env}-%d"
  }
}

`, i, size, zone, i)
	}
	return b.String()
}

// bigYAML is n Kubernetes manifests; with rev set, every third changed.
func bigYAML(n, rev int) string {
	var b strings.Builder
	for i := range n {
		replicas, image := 2, "nginx:1.25"
		if i%3 == 0 && rev > 0 {
			replicas, image = 3, "nginx:1.27"
		}
		fmt.Fprintf(&b, "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-%d # service\n  labels: {app: web}\nspec:\n  replicas: %d\n  template:\n    spec:\n      containers:\n        - name: web\n          image: %q\n", i, replicas, image)
	}
	return b.String()
}

// bigDiff is a diff of about 5,000 lines between two generated files.
func bigDiff(b testing.TB, path string) gitops.FileDiff {
	var old, new string
	switch {
	case strings.HasSuffix(path, ".tf"):
		old, new = bigHCL(1500, 0), bigHCL(1500, 1)
	default:
		old, new = bigYAML(1070, 0), bigYAML(1070, 1)
	}
	hunks := textdiff.Diff([]byte(old), []byte(new), textdiff.Options{IntraLine: true})
	a, d := textdiff.Stat(hunks)
	fd := gitops.FileDiff{FileChange: gitops.FileChange{Status: 'M', OldPath: path, NewPath: path,
		OldMode: 0o100644, NewMode: 0o100644, OldID: gitops.Hash{1}, NewID: gitops.Hash{2}},
		Hunks: hunks, Added: a, Deleted: d}
	n := 0
	for _, h := range hunks {
		n += len(h.Lines)
	}
	if n < 4500 || n > 6000 {
		b.Fatalf("%s: the diff has %d lines", path, n)
	}
	return fd
}

// report adds wall and CPU milliseconds per operation.
func report(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/op")
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64((c-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// opened is a 200x50 pane showing fd, as after a load.
func opened(fd gitops.FileDiff, colour bool) Model {
	return openedWith(fd, colour, nil)
}

// openedWith is opened with review findings marked.
func openedWith(fd gitops.FileDiff, colour bool, findings []iac.Finding) Model {
	m := New(testEnv(nil)).SetSize(200, 50)
	m.files = []gitops.FileChange{fd.FileChange}
	m.findings = findings
	m.want = m.seq.Next()
	doc := Prepare(context.Background(), fd, m.docOptions(), colour)
	m, _ = m.Update(LoadedMsg{id: m.want, fd: fd, doc: doc, coloured: true})
	return m
}

// BenchmarkOpen is the once-per-file cost: tokenising both sides
// (colour), laying the file out, fitting it and drawing the first screen.
func BenchmarkOpen(b *testing.B) {
	for _, path := range []string{"main.tf", "deploy.yaml"} {
		for _, colour := range []bool{false, true} {
			name := path + "/layout"
			if colour {
				name = path + "/colour+layout"
			}
			b.Run(name, func(b *testing.B) {
				fd := bigDiff(b, path)
				cpu0 := cpuTime()
				for b.Loop() {
					m := opened(fd, colour)
					_ = m.View(200, 50, true)
				}
				report(b, cpu0)
			})
		}
	}
}

// findingsEvery marks every nth changed line of a diff as a finding,
// alternating severities and the old and new sides.
func findingsEvery(fd gitops.FileDiff, n int) []iac.Finding {
	var out []iac.Finding
	k := 0
	for _, h := range fd.Hunks {
		for _, l := range h.Lines {
			if l.Kind == gitops.LineContext {
				continue
			}
			if k++; k%n != 0 {
				continue
			}
			f := iac.Finding{Rule: "tf-open-ingress", Severity: iac.Severity(k%4 + 1), State: iac.Introduced,
				Path: fd.NewPath, Line: l.New, Message: "Port 22 is open to 0.0.0.0/0."}
			if l.Kind == gitops.LineRemoved {
				f.State, f.Line = iac.Resolved, l.Old
			}
			out = append(out, f)
		}
	}
	return out
}

// BenchmarkKey is the cost of a key press and the redraw that follows, in
// a 5,000-line coloured diff in a 200x50 pane ("+findings": with a review
// finding on every tenth changed line, and the message line).
func BenchmarkKey(b *testing.B) {
	fd := bigDiff(b, "main.tf")
	findings := findingsEvery(fd, 10)
	for _, c := range []struct {
		name, key string
		marked    bool
	}{
		{"scroll", "j", false}, {"page", "ctrl+d", false}, {"next-hunk", "n", false}, {"toggle-view", "s", false},
		{"toggle-wrap", "z", false}, {"scroll-right", "l", false},
		{"scroll+findings", "j", true}, {"page+findings", "ctrl+d", true}, {"next-finding+findings", "f", true},
		{"toggle-view+findings", "s", true},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := opened(fd, true)
			if c.marked {
				m = openedWith(fd, true, findings)
				if len(m.Doc().MarkedRows(true)) == 0 {
					b.Fatal("no marked rows")
				}
			}
			msg := keyMsg(c.key)
			if c.key == "l" {
				m = m.SetSize(130, 50) // unified at 130 columns: lines wider than their column
			}
			cpu0 := cpuTime()
			for b.Loop() {
				if m.top >= m.maxTop() {
					m.top = 0
				}
				if m.left >= m.frame.MaxLeft() {
					m.left = 0
				}
				if c.key == "f" {
					if _, ok := m.findingRow(false); !ok {
						m.top, m.focus = 0, focus{}
					}
				}
				var cmd tea.Cmd
				m, cmd = m.Update(msg)
				if cmd != nil {
					b.Fatal("a key started work")
				}
				_ = m.View(m.width, m.height, true)
			}
			report(b, cpu0)
		})
	}
}

// stagingKeys are the staging pane's keys measured: the cursor, a growing
// selection, and space on a hunk and on a selection of the whole file.
var stagingKeys = []struct {
	name, key string
	selectAll bool // a selection from the first line to the last
	selecting bool // a selection that grows with each j
}{
	{"line", "j", false, false}, {"page", "ctrl+d", false, false}, {"next-hunk", "n", false, false},
	{"extend-selection", "j", false, true}, {"stage-hunk", "space", false, false},
	{"stage-selection-of-all", "space", true, false},
}

// openedStaging is opened as the Status screen opens a diff: with a line
// cursor on the first change.
func openedStaging(fd gitops.FileDiff, sbs bool) Model {
	m := opened(fd, true)
	m.staging, m.src = true, pane.DiffSource{Unstaged: true}
	if !sbs {
		m.sideBySide = false
		m.refit()
	}
	m.resetCursor()
	return m
}

// stagingPress is one key press and redraw in a staging pane, with the
// cursor put back at the top once it reaches the end.
func stagingPress(tb testing.TB, m Model, key string, selectAll, selecting bool, msg tea.KeyPressMsg) Model {
	if m.lineRow(m.cursor+1, 1) < 0 || key == "n" && m.rows()[m.cursor].Hunk+1 >= m.doc.Hunks() {
		m.resetCursor()
		m.top = 0
		if selecting {
			m.sel = m.cursor
		}
	}
	if selectAll {
		m.sel, m.cursor = m.lineRow(0, 1), m.lineRow(len(m.rows())-1, -1)
	}
	m, cmd := m.Update(msg)
	if (cmd != nil) != (key == "space") {
		tb.Fatalf("%s: command %v", key, cmd != nil)
	}
	_ = m.View(m.width, m.height, true)
	return m
}

// BenchmarkStagingKey is BenchmarkKey for the Status screen's diff: the
// same 5,000-line coloured diff in a 200x50 pane, side by side and
// unified.
func BenchmarkStagingKey(b *testing.B) {
	fd := bigDiff(b, "main.tf")
	for _, sbs := range []bool{true, false} {
		for _, c := range stagingKeys {
			name := c.name + "/unified"
			if sbs {
				name = c.name + "/side-by-side"
			}
			b.Run(name, func(b *testing.B) {
				m := openedStaging(fd, sbs)
				if c.selecting {
					m.sel = m.cursor
				}
				msg := keyMsg(c.key)
				cpu0 := cpuTime()
				for b.Loop() {
					m = stagingPress(b, m, c.key, c.selectAll, c.selecting, msg)
				}
				report(b, cpu0)
			})
		}
	}
}

// TestStagingKeyBudget: each staging key, redraw included, costs well
// under a 60 Hz frame (16 ms) on a 5,000-line diff. The figures are
// hundreds of times under it (BenchmarkStagingKey), so a slow machine does
// not make this fail; a key that lays the file out again, or walks every
// row per press, does.
func TestStagingKeyBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	fd := bigDiff(t, "main.tf")
	const presses = 40
	for _, sbs := range []bool{true, false} {
		base := openedStaging(fd, sbs) // laid out once: a Doc is read-only
		for _, c := range stagingKeys {
			m := base
			if c.selecting {
				m.sel = m.cursor
			}
			msg := keyMsg(c.key)
			m = stagingPress(t, m, c.key, c.selectAll, c.selecting, msg) // warm up
			start := time.Now()
			for range presses {
				m = stagingPress(t, m, c.key, c.selectAll, c.selecting, msg)
			}
			if per := time.Since(start) / presses; per > 8*time.Millisecond {
				t.Errorf("%s (side by side %v): %v a key, over half a 16 ms frame", c.name, sbs, per)
			}
		}
	}
}
