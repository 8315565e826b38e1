package treediff

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// lines makes n numbered lines of text with a tag.
func lines(tag string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s line %d with some words to make it long enough\n", tag, i)
	}
	return b.String()
}

func TestRenamesMatchGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("keep/a.tf", lines("a", 40))
	r.Write("keep/b.tf", lines("b", 40))
	r.Write("old/same.txt", lines("same", 20))
	r.Write("old/dup1.txt", lines("dup", 10))
	r.Write("old/dup2.txt", lines("dup", 10))
	r.Write("edit/x.yaml", lines("x", 30))
	r.Write("edit/y.yaml", lines("y", 30))
	r.Write("crlf.txt", strings.ReplaceAll(lines("crlf", 20), "\n", "\r\n"))
	r.Write("empty1", "")
	r.Write("empty2", "")
	r.Write("noeol.txt", strings.TrimSuffix(lines("noeol", 5), "\n"))
	r.Write("exec.sh", lines("sh", 8)).Chmod("exec.sh", 0o755)
	r.Write("tiny", "a\n")
	r.Write("bin.dat", "\x00\x01\x02"+lines("bin", 20))
	r.Commit("base")

	r.Remove("old/same.txt").Write("new/same.txt", lines("same", 20)) // exact, moved dir
	r.Remove("old/dup1.txt").Remove("old/dup2.txt")                   // two identical sources
	r.Write("new/dup1.txt", lines("dup", 10)).Write("other/dup.txt", lines("dup", 10))
	r.Remove("edit/x.yaml").Write("edit/z.yaml", strings.Replace(lines("x", 30), "line 3 ", "LINE 3 ", 1))
	r.Remove("edit/y.yaml").Write("moved/y.yaml", lines("y", 25)+"extra\n") // same basename, edited
	r.Remove("crlf.txt").Write("lf.txt", lines("crlf", 20))                 // line endings only
	r.Remove("empty1").Write("empty3", "")
	r.Remove("noeol.txt").Write("noeol2.txt", strings.TrimSuffix(lines("noeol", 5), "\n")+"!")
	r.Remove("exec.sh").Write("run.sh", lines("sh", 8)) // exec bit dropped
	r.Write("keep/a.tf", lines("a", 41))                // modified: copy source with -C
	r.Write("copy/a.tf", lines("a", 40))
	r.Write("copy/b.tf", lines("b", 38))
	r.Remove("tiny").Write("tiny2", "b\n")
	r.Remove("bin.dat").Write("bin2.dat", "\x00\x01\x03"+lines("bin", 20))
	r.Commit("move things")

	r.Remove("new").Remove("other").Write("third/same.txt", lines("same", 19)).Commit("again")
	db := openDB(t, r)
	checkRevs(t, r, db, "HEAD~2", "HEAD~1")
	checkRevs(t, r, db, "HEAD~1", "HEAD~2")
	checkRevs(t, r, db, "HEAD~2", "HEAD")
	checkRevs(t, r, db, "HEAD~2", "HEAD", "edit", "keep/a.tf", "copy")
}

// TestRenamesRandom compares random rename scenarios with git: many
// similar files, edits of every size, moves across directories.
func TestRenamesRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	for round := 0; round < 6; round++ {
		r := gittest.New(t)
		files := map[string]string{}
		for i := 0; i < 30; i++ {
			name := fmt.Sprintf("d%d/f%d.txt", rnd.Intn(4), i)
			body := lines(fmt.Sprintf("f%d", rnd.Intn(8)), 3+rnd.Intn(30))
			files[name] = body
			r.Write(name, body)
		}
		r.Commit("base")
		for name, body := range files {
			switch rnd.Intn(5) {
			case 0, 1: // move, maybe edit
				r.Remove(name)
				ls := strings.SplitAfter(body, "\n")
				for k := rnd.Intn(4); k > 0; k-- {
					ls[rnd.Intn(len(ls))] = fmt.Sprintf("edit %d\n", rnd.Intn(1000))
				}
				dir := fmt.Sprintf("e%d/", rnd.Intn(3))
				base := name[strings.LastIndexByte(name, '/')+1:]
				if rnd.Intn(2) == 0 {
					base = fmt.Sprintf("g%d.txt", rnd.Intn(100))
				}
				r.Write(dir+base, strings.Join(ls, ""))
			case 2:
				r.Remove(name)
			case 3:
				r.Append(name, "more\n")
			}
		}
		r.Commit("shuffle")
		checkRevs(t, r, openDB(t, r), "HEAD~1", "HEAD")
	}
}

func TestRenameLimit(t *testing.T) {
	r := gittest.New(t)
	for i := 0; i < 5; i++ {
		r.Write(fmt.Sprintf("a%d", i), lines(fmt.Sprint(i), 10))
	}
	r.Commit("base")
	for i := 0; i < 5; i++ {
		r.Remove(fmt.Sprintf("a%d", i)).Write(fmt.Sprintf("b%d", i), lines(fmt.Sprint(i), 9))
	}
	r.Commit("move")
	db := openDB(t, r)
	changes, err := Trees(t.Context(), db, rev(t, r, "HEAD~1"), rev(t, r, "HEAD"), nil)
	if err != nil {
		t.Fatal(err)
	}
	needed := 0
	got, err := DetectRenames(changes, blobLoader(db), RenameOptions{Limit: 2, LimitHit: func(n int) { needed = n }})
	if err != nil {
		t.Fatal(err)
	}
	want := gitRaw(t, r, "-c", "diff.renameLimit=2", "diff-tree", "-r", "-M", "HEAD~1", "HEAD")
	sameChanges(t, "limit 2", got, want)
	if needed != 5 {
		t.Errorf("needed limit %d, want 5", needed)
	}
}
