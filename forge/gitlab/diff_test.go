package gitlab

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
	"reef/forge/forgetest"
	"reef/gitops/gittest"
)

// withoutIndex drops what the API cannot give: blob ids and rename
// similarity.
func withoutIndex(diff string) string {
	return regexp.MustCompile(`(?m)^(index [0-9a-f]+\.\.[0-9a-f]+.*|similarity index \d+%)\n`).ReplaceAllString(diff, "")
}

// The diff assembled from GET .../diffs, read over two pages, is the
// raw diff GitLab serves for the same merge request, less its index
// lines.
func TestDiffIsTheRawDiffOverPages(t *testing.T) {
	s := forgetest.NewServer(t)
	all := fx(t, "clientgo/merge_request_diffs.json")
	first, second := splitJSONArray(t, all)
	s.Stub(forgetest.Stub{Path: mrPath + "/diffs", Query: map[string]string{"page": "1"}, RespBody: first,
		RespHeader: map[string]string{"X-Next-Page": "2"}})
	s.Stub(forgetest.Stub{Path: mrPath + "/diffs", Query: map[string]string{"page": "2"}, RespBody: second})
	got, err := newForge(t, s.URL).Diff(context.Background(), 14656)
	if err != nil {
		t.Fatal(err)
	}
	want := withoutIndex(string(fx(t, "clientgo/show_merge_request_raw_diff.txt")))
	if got != want {
		t.Errorf("diff:\n%s\nwant (git's, without index lines):\n%s", got, want)
	}
}

// Headers for added, deleted, renamed, mode-changed, binary and quoted
// files are git's own: the files of a real `git diff -M`, given to
// writeFileDiff as GitLab reports them, come back as git printed them.
func TestDiffHeadersAreGits(t *testing.T) {
	r := gittest.New(t)
	lines := func(prefix string, n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString(prefix + " " + strings.Repeat("x", i) + "\n")
		}
		return b.String()
	}
	r.Write("keep.txt", "one\ntwo\nthree\n").Write("gone.txt", "bye\n").Write("old name.txt", lines("moved", 12)).
		Write("run.sh", "echo hi\n").WriteBytes("blob.bin", []byte{0, 1, 2, 3})
	base := r.Commit("base")
	r.Write("keep.txt", "one\n2\nthree\n").Remove("gone.txt").Remove("old name.txt").
		Write("new name.txt", lines("moved", 12)+"tail\n").Chmod("run.sh", 0o755).
		Write("new.txt", "fresh\n").Write("café.txt", "é\n").WriteBytes("blob.bin", []byte{0, 9, 9})
	head := r.Commit("head")
	out := r.Git("-c", "core.quotePath=true", "diff", "--no-color", "-M", base, head)

	blocks := regexp.MustCompile(`(?m)^diff --git `).Split(out, -1)[1:]
	byName := map[string]*gl.MergeRequestDiff{
		"blob.bin":          {OldPath: "blob.bin", NewPath: "blob.bin", AMode: "100644", BMode: "100644"},
		`"caf\303\251.txt"`: {OldPath: "café.txt", NewPath: "café.txt", AMode: "0", BMode: "100644", NewFile: true},
		"gone.txt":          {OldPath: "gone.txt", NewPath: "gone.txt", AMode: "100644", BMode: "0", DeletedFile: true},
		"keep.txt":          {OldPath: "keep.txt", NewPath: "keep.txt", AMode: "100644", BMode: "100644"},
		"new name.txt":      {OldPath: "old name.txt", NewPath: "new name.txt", AMode: "100644", BMode: "100644", RenamedFile: true},
		"new.txt":           {OldPath: "new.txt", NewPath: "new.txt", AMode: "0", BMode: "100644", NewFile: true},
		"run.sh":            {OldPath: "run.sh", NewPath: "run.sh", AMode: "100644", BMode: "100755"},
	}
	var want, got strings.Builder
	for _, blk := range blocks {
		blk = "diff --git " + blk
		header, _, _ := strings.Cut(blk, "\n")
		var key string
		for k := range byName {
			if strings.HasSuffix(header, " "+k) || strings.HasSuffix(header, ` "b/`+strings.Trim(k, `"`)+`"`) || strings.HasSuffix(header, " b/"+k) {
				key = k
			}
		}
		d := byName[key]
		if d == nil {
			t.Fatalf("no GitLab fields for %q", header)
		}
		// GitLab's diff field is the part after the headers.
		if i := strings.Index(blk, "\n@@"); i >= 0 {
			d.Diff = blk[i+1:]
		} else if i := strings.Index(blk, "\nBinary files"); i >= 0 {
			d.Diff = blk[i+1:]
		}
		delete(byName, key)
		want.WriteString(withoutIndex(blk))
		writeFileDiff(&got, d)
	}
	if len(byName) != 0 {
		t.Fatalf("git diff did not show %v", byName)
	}
	if got.String() != want.String() {
		t.Errorf("assembled:\n%s\ngit diff:\n%s", got.String(), want.String())
	}
}

// splitJSONArray splits a two-element JSON array into two one-element
// arrays.
func splitJSONArray(t *testing.T, b []byte) ([]byte, []byte) {
	t.Helper()
	s := string(b)
	i := strings.Index(s, "},\n  {")
	if i < 0 {
		t.Fatal("fixture is not a two-element array")
	}
	return []byte(s[:i+1] + "\n]"), []byte("[\n  " + s[i+4:])
}

// locate is checked against a real diff and the files themselves: every
// unchanged line, inside a hunk or outside every hunk, must map to the
// line of the other side that holds the same (unique) text, with 3 lines
// of context and with none (where hunks have empty sides).
func TestLocateAgainstGit(t *testing.T) {
	var baseLines, headLines []string
	for i := 1; i <= 40; i++ {
		baseLines = append(baseLines, "line "+strconv.Itoa(i))
	}
	for i, l := range baseLines {
		switch {
		case i+1 == 5: // changed
			headLines = append(headLines, "line 5 changed")
		case i+1 >= 12 && i+1 <= 14: // removed block
		case i+1 == 25: // inserted before 25
			headLines = append(headLines, "inserted a", "inserted b", l)
		default:
			headLines = append(headLines, l)
		}
	}
	headLines = append(headLines, "appended")
	r := gittest.New(t)
	r.Write("f.txt", strings.Join(baseLines, "\n")+"\n")
	base := r.Commit("base")
	r.Write("f.txt", strings.Join(headLines, "\n")+"\n")
	head := r.Commit("head")

	for _, ctxLines := range []string{"-U3", "-U0"} {
		out := r.Git("diff", "--no-color", ctxLines, base, head)
		d := &gl.MergeRequestDiff{OldPath: "f.txt", NewPath: "f.txt", Diff: out[strings.Index(out, "\n@@")+1:]}
		hunks, err := parseHunks(d.Diff)
		if err != nil {
			t.Fatal(err)
		}
		oldAt := map[string]int{}
		for i, l := range baseLines {
			oldAt[l] = i + 1
		}
		newAt := map[string]int{}
		for i, l := range headLines {
			newAt[l] = i + 1
		}
		for n, l := range headLines {
			got, ok := locate(d, hunks, forge.New, n+1)
			if !ok {
				t.Fatalf("%s: new line %d not located", ctxLines, n+1)
			}
			if o, unchanged := oldAt[l]; unchanged {
				if got.kind != ' ' || got.old != o || got.new != n+1 {
					t.Errorf("%s: new line %d %q located as %c %d/%d, want context %d/%d", ctxLines, n+1, l, got.kind, got.old, got.new, o, n+1)
				}
			} else if got.kind != '+' {
				t.Errorf("%s: new line %d %q located as %c, want added", ctxLines, n+1, l, got.kind)
			}
		}
		for o, l := range baseLines {
			got, ok := locate(d, hunks, forge.Old, o+1)
			if !ok {
				t.Fatalf("%s: old line %d not located", ctxLines, o+1)
			}
			if nw, unchanged := newAt[l]; unchanged {
				if got.kind != ' ' || got.new != nw {
					t.Errorf("%s: old line %d %q located as %c %d/%d, want context %d/%d", ctxLines, o+1, l, got.kind, got.old, got.new, o+1, nw)
				}
			} else if got.kind != '-' {
				t.Errorf("%s: old line %d %q located as %c, want removed", ctxLines, o+1, l, got.kind)
			}
		}
	}
}

// GitLab's line codes: the SHA-1 of the path and both counters, an added
// line keeping the old-side counter it was inserted at and a removed one
// the new-side counter it sits before (GitLab's lib/gitlab/diff/parser.rb).
func TestLineCodeCounters(t *testing.T) {
	d := &gl.MergeRequestDiff{NewPath: "src/a.js", OldPath: "src/a.js",
		Diff: "@@ -8,3 +7,3 @@ ctx\n seven\n-eight\n+EIGHT\n nine\n"}
	hunks, err := parseHunks(d.Diff)
	if err != nil {
		t.Fatal(err)
	}
	added, _ := locate(d, hunks, forge.New, 8)
	removed, _ := locate(d, hunks, forge.Old, 9)
	sum := sha1Hex("src/a.js")
	if got := lineCode(d, added); got != sum+"_10_8" {
		t.Errorf("added line code %s, want %s_10_8", got, sum)
	}
	if got := lineCode(d, removed); got != sum+"_9_8" {
		t.Errorf("removed line code %s, want %s_9_8", got, sum)
	}
}
