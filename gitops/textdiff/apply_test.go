package textdiff

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// applyCorpus is the set of shapes a patch must survive `git apply` with.
func applyCorpus() []pair {
	var corpus []pair
	for _, c := range curated() {
		// The 40,000-line cases test the search, not the patch format, and
		// their thousands of hunks only make git apply slow.
		if !strings.HasPrefix(c.name, "40000") {
			corpus = append(corpus, c)
		}
	}
	big := numbered(10000, "row %d")
	return append(corpus, []pair{
		{"crlf both sides", "a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\nd\r\n"},
		{"crlf without final newline", "a\r\nb\r\nc", "a\r\nb\r\nC"},
		{"mixed endings", "a\r\nb\nc\r\n", "a\nb\r\nc\r\n"},
		{"lone carriage returns", "a\rb\nc\n", "a\rB\nc\n"},
		{"single line no newline", "x", "y"},
		{"single line gains newline", "x", "x\n"},
		{"single line loses newline", "x\n", "x"},
		{"whitespace-only lines", lines("a", " ", "\t", "  \t", "b"), lines("a", "\t", " ", "b", "   ")},
		{"non-utf8 bytes", "\x80\x81\n\xfe\xff\nplain\n", "\x80\x82\n\xfe\xff\nplain\n\xc3\x28\n"},
		{"10000 lines scattered", big, editLines(big, func(ls []string) []string {
			for i := 11; i < len(ls); i += 97 {
				switch i % 3 {
				case 0:
					ls[i] = "changed"
				case 1:
					ls[i] = ""
				default:
					ls[i] += " and more"
				}
			}
			ls = deleteRange(ls, 300, 310)
			return insertAt(ls, 9000, "a", "b", "c")
		})},
		{"10000 lines, last line edited without newline", strings.TrimSuffix(big, "\n"), strings.TrimSuffix(big, "row 10000\n") + "last"},
	}...)
}

// patchFor is a complete git patch for one file named name.
func patchFor(t testing.TB, name string, hunks []Hunk) []byte {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n", name, name, name, name)
	if err := WriteUnified(&b, hunks); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestApplyRoundTrip writes every old file into a repository, applies
// reef's patches with git apply (one patch for all files), and requires
// each file to equal its new version byte for byte.
func TestApplyRoundTrip(t *testing.T) {
	g := newScenarioGen(*randomSeed + 2000)
	corpus := applyCorpus()
	for i := range 300 {
		corpus = append(corpus, g.scenario(fmt.Sprintf("random #%d", i), nil))
	}
	for _, o := range []Options{{}, {Context: 1}, {Context: -1}} {
		t.Run(strings.Join(gitArgs(o), " "), func(t *testing.T) {
			r := gittest.New(t)
			var patch bytes.Buffer
			for i, c := range corpus {
				name := fmt.Sprintf("f%04d", i)
				r.Write(name, c.old)
				if h := Diff([]byte(c.old), []byte(c.new), o); h != nil {
					patch.Write(patchFor(t, name, h))
				} else if c.old != c.new {
					t.Errorf("%s: no hunks for different files", c.name)
				}
			}
			args := []string{"apply", "--whitespace=nowarn"}
			if o.context() == 0 {
				args = append(args, "--unidiff-zero")
			}
			r.GitIn(patch.Bytes(), append(args, "-")...)
			for i, c := range corpus {
				if got := r.Read(fmt.Sprintf("f%04d", i)); got != c.new {
					t.Errorf("%s: git apply of reef's patch gives %q..., want %q...", c.name, clipN(got, 200), clipN(c.new, 200))
				}
			}
		})
	}
}

func clipN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
