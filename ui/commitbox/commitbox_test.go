package commitbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"reef/themes"
	"reef/ui/keys"
	"reef/ui/pane"
	"reef/ui/styles"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

func testEnv() *pane.Env {
	t, _ := themes.Pick("dark", true)
	return &pane.Env{Ctx: context.Background(), Styles: styles.ForProfile(t, colorprofile.Ascii), Keys: keys.Default()}
}

// TestOutputLines: output is split into lines as it comes, a carriage
// return starts a line over, control characters are made visible.
func TestOutputLines(t *testing.T) {
	var o output
	o.add("checking")
	o.add(" files\n10%\r50%\r100%\nbad \x1b[2Jname\n\tindented")
	got := strings.Join(o.all(), "|")
	want := "checking files|100%|bad ␛[2Jname|        indented"
	if got != want {
		t.Errorf("lines %q, want %q", got, want)
	}
	for range maxOutput + 10 {
		o.add("x\n")
	}
	if len(o.lines) != maxOutput {
		t.Errorf("%d lines kept", len(o.lines))
	}
}

// TestStreamNeverBlocksWriter: writes return at once whatever the
// reader does; the reader gets them in order, then the end.
func TestStreamNeverBlocksWriter(t *testing.T) {
	s := newStream()
	done := make(chan struct{})
	go func() {
		for range 10000 {
			s.Write([]byte("line\n"))
		}
		s.finish("end")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the writer blocked with no reader")
	}
	var n int
	for {
		e, err := s.next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if e.end {
			if e.val != "end" {
				t.Errorf("end value %v", e.val)
			}
			break
		}
		n += strings.Count(string(e.out), "\n")
	}
	if n != 10000 {
		t.Errorf("%d lines read", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.next(ctx); err == nil {
		t.Error("next on a cancelled context returned no error")
	}
}

// TestMessage: subject and body make git's message shape, and back.
func TestMessage(t *testing.T) {
	m := New(testEnv(), nil)
	m.SetMessage("Subject here\n\nBody line one\nline two\n")
	if got := m.Message(); got != "Subject here\n\nBody line one\nline two\n" {
		t.Errorf("message %q", got)
	}
	m.SetMessage("Only a subject")
	if got := m.Message(); got != "Only a subject\n" {
		t.Errorf("message %q", got)
	}
}

// TestGuides: the counter and ruler change at 50 and 72 columns.
func TestGuides(t *testing.T) {
	m := New(testEnv(), nil)
	m.SetSize(100, 30)
	m.state = editing
	for _, c := range []struct {
		n    int
		want string
	}{{10, "10/50"}, {60, "60/50"}, {80, "80/50: too long, tools cut at 72"}} {
		m.subject.SetValue(strings.Repeat("x", c.n))
		view := ansi.Strip(strings.Join(m.View(""), "\n"))
		if !strings.Contains(view, c.want) {
			t.Errorf("length %d: no %q in\n%s", c.n, c.want, view)
		}
	}
	if r := ansi.Strip(m.ruler(0, 80)); !strings.HasPrefix(r, strings.Repeat("·", 50)+"│") || !strings.Contains(r[len("·")*50:], "│") {
		t.Errorf("ruler without its guides: %q", r)
	}
}
