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
