package textdiff

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// spanned renders a line with its spans in brackets.
func spanned(l Line) string {
	var b strings.Builder
	at := 0
	for _, s := range l.Spans {
		b.WriteString(l.Text[at:s.Start] + "[" + l.Text[s.Start:s.End] + "]")
		at = s.End
	}
	b.WriteString(l.Text[at:])
	return b.String()
}

func changed(h []Hunk) []string {
	var out []string
	for _, hk := range h {
		for _, l := range hk.Lines {
			if l.Kind != Equal {
				out = append(out, string(l.Kind)+spanned(l))
			}
		}
	}
	return out
}

func TestIntraLineSpans(t *testing.T) {
	long := strings.Repeat("word ", 201)
	tests := []struct {
		name, old, new string
		want           []string
	}{
		{"one word", "x := foo(bar)\n", "x := foo(baz)\n", []string{"-x := foo([bar])", "+x := foo([baz])"}},
		{"word inserted", "return a + b\n", "return a + c + b\n", []string{"-return a + b", "+return a + [c + ]b"}},
		{"utf-8 words stay whole", "café au lait\n", "café noir\n", []string{"-café [au lait]", "+café [noir]"}},
		{"whitespace change", "a  b\n", "a b\n", []string{"-a[  ]b", "+a[ ]b"}},
		{"unrelated lines", "alpha beta gamma\n", "one two three\n", []string{"-alpha beta gamma", "+one two three"}},
		{"long lines skipped", long + "x\n", long + "y\n", []string{"-" + long + "x", "+" + long + "y"}},
		{"pairs by position", "a = 1\nb = 2\n", "a = 10\nb = 20\n", []string{"-a = [1]", "-b = [2]", "+a = [10]", "+b = [20]"}},
		{"aligned when counts differ", "total := price * count\n", "// compute\ntotal := price * amount\n// done\n",
			[]string{"-total := price * [count]", "+// compute", "+total := price * [amount]", "+// done"}},
		{"insert only", "a\n", "a\nb\n", []string{"+b"}},
	}
	for _, tt := range tests {
		got := changed(Diff([]byte(tt.old), []byte(tt.new), Options{IntraLine: true}))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	if h := Diff([]byte("a b\n"), []byte("a c\n"), Options{}); h[0].Lines[0].Spans != nil {
		t.Error("spans computed without IntraLine")
	}
}

// TestIntraLineSpansAreConsistent checks on the random corpus that spans
// are ordered, inside the text, on UTF-8 boundaries, only on changed lines,
// and that what lies outside the spans of a paired line is the same text
// on both sides (spans are exactly what changed).
func TestIntraLineSpansAreConsistent(t *testing.T) {
	g := newScenarioGen(*randomSeed + 3000)
	checked := 0
	for i := range 600 {
		p := g.scenario(fmt.Sprintf("random #%d", i), nil)
		if i%7 == 0 { // some non-ASCII text
			p.new = strings.ReplaceAll(p.new, "statement", "énoncé")
		}
		for _, h := range Diff([]byte(p.old), []byte(p.new), Options{IntraLine: true}) {
			var dels []Line
			for _, l := range h.Lines {
				if l.Spans == nil {
					continue
				}
				checked++
				if l.Kind == Equal {
					t.Fatalf("%s: spans on an equal line %q", p.name, l.Text)
				}
				at := 0
				for _, s := range l.Spans {
					if s.Start < at || s.End <= s.Start || s.End > len(l.Text) ||
						utf8.ValidString(l.Text) && !(utf8.ValidString(l.Text[:s.Start]) && utf8.ValidString(l.Text[s.Start:s.End])) {
						t.Fatalf("%s: bad span %v in %q (spans %v)", p.name, s, l.Text, l.Spans)
					}
					at = s.End
				}
				if l.Kind == Delete {
					dels = append(dels, l)
					continue
				}
				if !hasPartner(dels, l) {
					t.Errorf("%s: no deleted line has the unchanged text of %q", p.name, spanned(l))
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d lines had spans; the corpus does not exercise them", checked)
	}
}

// outside is the text of l outside its spans.
func outside(l Line) string {
	var b strings.Builder
	at := 0
	for _, s := range l.Spans {
		b.WriteString(l.Text[at:s.Start])
		at = s.End
	}
	b.WriteString(l.Text[at:])
	return b.String()
}

func hasPartner(dels []Line, ins Line) bool {
	for _, d := range dels {
		if outside(d) == outside(ins) {
			return true
		}
	}
	return false
}
