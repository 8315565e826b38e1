package textdiff

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"\n", []string{"\n"}},
		{"a", []string{"a"}},
		{"a\nb", []string{"a\n", "b"}},
		{"a\r\nb\r\n", []string{"a\r\n", "b\r\n"}},
		{"\n\nx\n", []string{"\n", "\n", "x\n"}},
	}
	for _, tt := range tests {
		var got []string
		for _, l := range SplitLines([]byte(tt.in)) {
			got = append(got, string(l))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if joined := strings.Join(got, ""); joined != tt.in {
			t.Errorf("SplitLines(%q) joins to %q", tt.in, joined)
		}
	}
	// Appending to a line must not overwrite the next one.
	b := []byte("a\nb\n")
	ls := SplitLines(b)
	_ = append(ls[0], 'X')
	if string(b) != "a\nb\n" {
		t.Errorf("appending to a line changed the input: %q", b)
	}
}

func TestDiffEqualIsNil(t *testing.T) {
	for _, s := range []string{"", "a", "a\nb\n", strings.Repeat("x\n", 100)} {
		if h := Diff([]byte(s), []byte(s), Options{}); h != nil {
			t.Errorf("Diff(%q, same) = %v, want nil", s, h)
		}
	}
}

func TestHunkFields(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh"
	new := "a\nb\nC\nd\ne\nf\ng\nh\ni"
	got := Diff([]byte(old), []byte(new), Options{Context: 1})
	want := []Hunk{
		{OldStart: 2, OldLines: 3, NewStart: 2, NewLines: 3, Section: "a", Lines: []Line{
			{Kind: Equal, Old: 2, New: 2, Text: "b"},
			{Kind: Delete, Old: 3, Text: "c"},
			{Kind: Insert, New: 3, Text: "C"},
			{Kind: Equal, Old: 4, New: 4, Text: "d"},
		}},
		{OldStart: 7, OldLines: 2, NewStart: 7, NewLines: 3, Section: "f", Lines: []Line{
			{Kind: Equal, Old: 7, New: 7, Text: "g"},
			{Kind: Delete, Old: 8, Text: "h", NoEOL: true},
			{Kind: Insert, New: 8, Text: "h"},
			{Kind: Insert, New: 9, Text: "i", NoEOL: true},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff hunks:\n got %+v\nwant %+v", got, want)
	}
	if a, d := Stat(got); a != 3 || d != 2 {
		t.Errorf("Stat = +%d -%d, want +3 -2", a, d)
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, old, new string
		o              Options
		want           string
	}{
		{"new file", "", "a\nb\nc\n", Options{}, "@@ -0,0 +1,3 @@\n+a\n+b\n+c\n"},
		{"deleted content", "a\n", "", Options{}, "@@ -1 +0,0 @@\n-a\n"},
		{"one line each", "a\n", "b\n", Options{}, "@@ -1 +1 @@\n-a\n+b\n"},
		{"missing newline", "a", "b", Options{}, "@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"},
		{"pure insertion, no context", "a\nb\n", "a\nx\nb\n", Options{Context: -1}, "@@ -1,0 +2 @@ a\n+x\n"},
		{"pure deletion, no context", "a\nx\nb\n", "a\nb\n", Options{Context: -1}, "@@ -2 +1,0 @@ a\n-x\n"},
		{"crlf kept in text", "a\r\n", "b\r\n", Options{}, "@@ -1 +1 @@\n-a\r\n+b\r\n"},
	}
	for _, tt := range tests {
		if got := unified(t, tt.old, tt.new, tt.o); got != tt.want {
			t.Errorf("%s: got\n%q\nwant\n%q", tt.name, got, tt.want)
		}
	}
}

func TestContextOption(t *testing.T) {
	old := numbered(20, "%d")
	new := strings.Replace(old, "10\n", "ten\n", 1)
	for _, tt := range []struct{ ctx, lines int }{{0, 8}, {-1, 2}, {-5, 2}, {1, 4}, {3, 8}, {20, 20 + 1}, {1 << 62, 20 + 1}} {
		h := Diff([]byte(old), []byte(new), Options{Context: tt.ctx})
		if len(h) != 1 || len(h[0].Lines) != tt.lines {
			t.Errorf("Context %d: %d hunks, %d lines; want 1 hunk of %d lines", tt.ctx, len(h), len(h[0].Lines), tt.lines)
		}
	}
}

func TestEdits(t *testing.T) {
	a := SplitLines([]byte("a\nb\nc\nd\n"))
	b := SplitLines([]byte("a\nx\nc\nd\ne\n"))
	want := []Edit{{1, 2, 1, 2}, {4, 4, 4, 5}}
	if got := Edits(a, b, WSNone); !reflect.DeepEqual(got, want) {
		t.Errorf("Edits = %v, want %v", got, want)
	}
	if got := Edits(a, a, WSNone); got != nil {
		t.Errorf("Edits(same) = %v, want nil", got)
	}
	if got := Edits(nil, b, WSNone); !reflect.DeepEqual(got, []Edit{{0, 0, 0, 5}}) {
		t.Errorf("Edits(nil, b) = %v", got)
	}
}

// TestEditsMatchZeroContextDiff checks Edits against Diff with no context
// (which the git tests check against git): each -U0 hunk is one edit.
func TestEditsMatchZeroContextDiff(t *testing.T) {
	g := newScenarioGen(*randomSeed + 4000)
	for i := range 300 {
		p := g.scenario("edits", nil)
		ws := WSMode(i % 4)
		var want []Edit
		for _, h := range Diff([]byte(p.old), []byte(p.new), Options{Context: -1, Whitespace: ws}) {
			e := Edit{OldStart: h.OldStart - 1, NewStart: h.NewStart - 1}
			if h.OldLines == 0 {
				e.OldStart++
			}
			if h.NewLines == 0 {
				e.NewStart++
			}
			e.OldEnd, e.NewEnd = e.OldStart+h.OldLines, e.NewStart+h.NewLines
			want = append(want, e)
		}
		if got := Edits(SplitLines([]byte(p.old)), SplitLines([]byte(p.new)), ws); !reflect.DeepEqual(got, want) {
			t.Fatalf("scenario %d: Edits = %v, -U0 hunks give %v\nold %q\nnew %q", i, got, want, p.old, p.new)
		}
	}
}

func TestTailTrim(t *testing.T) {
	tail := strings.Repeat("0123456789abcde\n", 200) // 3200 bytes
	tests := []struct {
		old, new string
		want     int
	}{
		// 3201 common bytes: 3 blocks go, cutting inside line 9, which stays.
		{"x\n" + tail, "y\n" + tail, 191},
		{"x\n" + tail[:1000], "y\n" + tail[:1000], 0}, // under one block
		{"same\n" + tail, "same\n" + tail, 191},
		{"x\n" + tail + "end", "y\n" + tail + "END", 0},
		{"x\n" + tail + "end", "y\n" + tail + "end", 192}, // last line without newline
		{"ab" + tail, "b" + tail, 191},                    // the tail starts inside a line
	}
	for i, tt := range tests {
		if got := tailTrim(newFile([]byte(tt.old)), newFile([]byte(tt.new))); got != tt.want {
			t.Errorf("case %d: tailTrim = %d, want %d", i, got, tt.want)
		}
	}
}

func TestValidUTF8Prefix(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"plain", 5},
		{"caf\xc3\xa9", 5},
		{"caf\xe9x", 3},
		{"\xc3", 0},             // cut character
		{"a\xc0\x80", 1},        // overlong
		{"a\xed\xa0\x80", 1},    // surrogate
		{"a\xef\xbf\xbe", 1},    // U+FFFE
		{"a\xef\xbf\xbd", 4},    // U+FFFD is fine
		{"\xf0\x9f\x98\x80", 4}, // emoji
		{"\xf4\x90\x80\x80", 0}, // beyond U+10FFFF
	}
	for _, tt := range tests {
		if got := validUTF8Prefix([]byte(tt.in)); got != tt.want {
			t.Errorf("validUTF8Prefix(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteUnifiedReportsErrors(t *testing.T) {
	h := Diff([]byte("a\n"), []byte("b\n"), Options{})
	if err := WriteUnified(failWriter{}, h); err == nil {
		t.Error("WriteUnified to a failing writer returned nil")
	}
	var buf bytes.Buffer
	if err := WriteUnified(&buf, nil); err != nil || buf.Len() != 0 {
		t.Errorf("WriteUnified(nil) = %v, %q", err, buf.String())
	}
}

func TestDiffDoesNotModifyInput(t *testing.T) {
	old := []byte("a\nb\nc\n")
	new := []byte("a\nc\nd\n")
	Diff(old, new, Options{Whitespace: IgnoreAllSpace, IntraLine: true})
	if string(old) != "a\nb\nc\n" || string(new) != "a\nc\nd\n" {
		t.Errorf("inputs changed: %q %q", old, new)
	}
}
