package diffview

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops"
	"reef/gitops/textdiff"
	"reef/ui/termtext"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample is a modified file with a paired change, an insertion, a long
// line, a tab, a control character and no final newline.
func sample() gitops.FileDiff {
	old := "package main\n\nfunc main() {\n\tprintln(\"hello\")\n\tx := 1\n}\n// end"
	new := "package main\n\nfunc main() {\n\tprintln(\"hello, world\")\n\tx := 2\n\ty := \"\x1b[31mred\" // a very long line that has to wrap inside its column when drawn side by side\n}\n// end\n"
	hunks := textdiff.Diff([]byte(old), []byte(new), textdiff.Options{IntraLine: true})
	added, deleted := textdiff.Stat(hunks)
	return gitops.FileDiff{
		FileChange: gitops.FileChange{Status: 'M', OldPath: "main.go", NewPath: "main.go", OldMode: 0o100644, NewMode: 0o100644,
			OldID: gitops.Hash{1}, NewID: gitops.Hash{2}},
		Hunks: hunks, Added: added, Deleted: deleted,
	}
}

// TestUnifiedPlainIsGitPatch: without colours and width, the unified
// drawing is the patch text, made safe (tabs expanded, controls shown).
func TestUnifiedPlainIsGitPatch(t *testing.T) {
	fd := sample()
	var buf bytes.Buffer
	if err := gitops.WritePatch(&buf, []gitops.FileDiff{fd}, gitops.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		want = append(want, termtext.ExpandTabs(termtext.Clean(l), 8))
	}
	got := Unified(fd, PlainStyles(), Options{})
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unified:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSafeAndFitted(t *testing.T) {
	fd := sample()
	for _, w := range []int{40, 80, 121} {
		for name, lines := range map[string][]string{
			"side-by-side": SideBySide(fd, DefaultStyles(true), Options{Width: w}),
			"unified":      Unified(fd, DefaultStyles(false), Options{Width: w, LineNumbers: true}),
		} {
			for _, l := range lines {
				plain := ansi.Strip(l)
				if strings.ContainsAny(plain, "\x1b\t\r") {
					t.Errorf("%s %d: unsafe line %q", name, w, plain)
				}
				if got := ansi.StringWidth(l); got != w {
					t.Errorf("%s %d: line is %d wide: %q", name, w, got, plain)
				}
			}
			if !strings.Contains(ansi.Strip(strings.Join(lines, "\n")), "␛") {
				t.Errorf("%s %d: escape not shown as text", name, w)
			}
		}
	}
}

// TestGolden pins the plain side-by-side and numbered unified drawings at
// 80 and 120 columns (go test -update rewrites them).
func TestGolden(t *testing.T) {
	fd := sample()
	for _, w := range []int{80, 120} {
		for name, lines := range map[string][]string{
			"sbs":     SideBySide(fd, PlainStyles(), Options{Width: w}),
			"unified": Unified(fd, PlainStyles(), Options{Width: w, LineNumbers: true}),
		} {
			got := strings.Join(lines, "\n") + "\n"
			file := filepath.Join("testdata", name+"-"+itoa(w)+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(file, []byte(got), 0o644)
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", name, file, got)
			}
		}
	}
}

func itoa(n int) string {
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestNotices(t *testing.T) {
	bin := gitops.FileDiff{FileChange: gitops.FileChange{Status: 'A', OldPath: "x.png", NewPath: "x.png", NewMode: 0o100644, NewID: gitops.Hash{3}}, Binary: true}
	out := strings.Join(SideBySide(bin, PlainStyles(), Options{Width: 60}), "\n")
	if !strings.Contains(out, "Binary files /dev/null and b/x.png differ") || !strings.Contains(out, "new file") {
		t.Errorf("binary:\n%s", out)
	}
	ren := gitops.FileDiff{FileChange: gitops.FileChange{Status: 'R', OldPath: "a.tf", NewPath: "b.tf", OldMode: 0o100644, NewMode: 0o100755, Similarity: 100}}
	out = strings.Join(SideBySide(ren, PlainStyles(), Options{Width: 60}), "\n")
	if !strings.Contains(out, "a.tf → b.tf (100% similar)") || !strings.Contains(out, "mode 100644 → 100755") {
		t.Errorf("rename:\n%s", out)
	}
}
