package textdiff

import (
	"testing"
)

// whitespaceCorpus holds the cases where git's whitespace modes differ.
func whitespaceCorpus() []pair {
	base := lines("func f() {", "\tx := 1", "\tif x {", "\t\treturn", "\t}", "}", "", "tail")
	return []pair{
		{"trailing spaces", base, lines("func f() { ", "\tx := 1  ", "\tif x {", "\t\treturn\t", "\t}", "}", "", "tail")},
		{"tabs to spaces", base, lines("func f() {", "    x := 1", "    if x {", "        return", "    }", "}", "", "tail")},
		{"inner spacing", lines("a b", "c  d", "e\tf", "gh", "x"), lines("a  b", "c d", "e f", "g h", "x")},
		{"leading space added", lines("a", "b", "c"), lines(" a", "b", "  c")},
		{"crlf to lf", "a\r\nb\r\nc\r\n", "a\nb\nc\n"},
		{"crlf with a real change", "a\r\nb\r\nc\r\n", "a\nB\nc\n"},
		{"final newline added", "a\nb", "a\nb\n"},
		{"final newline and a change", "a\nb\nc", "a\nB\nc\n"},
		{"whitespace-only lines", lines("a", "", "b"), lines("a", "   ", "b", "\t")},
		{"form feed and vertical tab are not spaces", lines("a\fb", "c\vd", "e"), lines("ab", "cd", "e")},
		{"only whitespace changed", lines("x y", "z"), lines("x  y ", "z")},
		{"context shows the new text", lines("1", "2", "a  b", "3", "4"), lines("1", "2", "a b", "3", "FOUR")},
		{"indentation with a change", base, lines("func f() {", "  x := 1", "  if x {", "    return nil", "  }", "}", "", "tail")},
	}
}

// TestWhitespaceModesMatchGit compares each whitespace mode with git's -w,
// -b and --ignore-space-at-eol on cases built to tell them apart.
func TestWhitespaceModesMatchGit(t *testing.T) {
	cases := whitespaceCorpus()
	for _, ws := range []WSMode{WSNone, IgnoreSpaceAtEOL, IgnoreSpaceChange, IgnoreAllSpace} {
		for _, ctx := range []int{0, -1} {
			o := Options{Whitespace: ws, Context: ctx}
			want := gitHunks(t, cases, o)
			for i, c := range cases {
				if got := unified(t, c.old, c.new, o); got != want[i] {
					t.Errorf("%s (git %v): %s\n--- git\n%s--- reef\n%s", c.name, gitArgs(o), firstDifference(want[i], got), want[i], got)
				}
			}
		}
	}
}

// TestWhitespaceEqualIsNil checks that files equal under a mode give no
// hunks, and that the modes nest as git documents (-w ignores more than
// -b, which ignores more than --ignore-space-at-eol).
func TestWhitespaceEqualIsNil(t *testing.T) {
	tests := []struct {
		old, new  string
		equalFrom WSMode // the first mode in which they are equal
	}{
		{"a \n", "a\n", IgnoreSpaceAtEOL},
		{"a\r\n", "a\n", IgnoreSpaceAtEOL},
		{"a\n", "a", IgnoreSpaceAtEOL},
		{"a  b\n", "a b\n", IgnoreSpaceChange},
		{"a\tb\n", "a b\n", IgnoreSpaceChange},
		{"ab\n", "a b\n", IgnoreAllSpace},
		{" a\n", "a\n", IgnoreAllSpace},
	}
	for _, tt := range tests {
		for _, ws := range []WSMode{WSNone, IgnoreSpaceAtEOL, IgnoreSpaceChange, IgnoreAllSpace} {
			h := Diff([]byte(tt.old), []byte(tt.new), Options{Whitespace: ws})
			if wantNil := ws >= tt.equalFrom; (h == nil) != wantNil {
				t.Errorf("Diff(%q, %q, mode %d) = %d hunks, want equal=%v", tt.old, tt.new, ws, len(h), wantNil)
			}
		}
	}
}
