package gitops

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestDiscardThenRestore: every kind of discard can be undone to the
// identical bytes, the records pass git fsck, and a restore refuses to
// overwrite newer work.
func TestDiscardThenRestore(t *testing.T) {
	r := messy(t)
	repo := openRepo(t, r)
	ctx := context.Background()
	files := []string{"mod.txt", "del.txt", "new dir/n1.txt", "crlf.txt", "top.txt"}
	before := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(r.Path(f))
		if err == nil {
			before[f] = string(b)
		}
	}
	d, err := repo.DiscardPaths(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	if st := r.Git("status", "--porcelain", "--untracked-files=all", "--", "mod.txt", "del.txt", "new dir/n1.txt", "crlf.txt", "top.txt"); st != "" {
		t.Errorf("after discard:\n%s", st)
	}
	r.Git("fsck", "--strict", "--no-dangling")
	list, err := repo.Discards(ctx)
	if err != nil || len(list) != 1 || list[0].ID != d.ID || len(list[0].Paths) != len(files) {
		t.Fatalf("Discards: %+v %v", list, err)
	}
	if _, err := repo.RestoreDiscard(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(r.Path(f))
		if want, ok := before[f]; ok != (err == nil) || string(b) != want {
			t.Errorf("%s restored as %q (%v), want %q", f, b, err, want)
		}
	}

	// Lines: discard one line, change the file, restore is refused.
	repo2 := openRepo(t, r)
	fc, fd := unstagedFile(t, repo2, "crlf.txt")
	d2, err := repo2.DiscardLines(ctx, fc, chosenRefs(fd, func(h, i int) bool { return i == 0 }))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Read("crlf.txt"); got != "x\r\ny\r\nY\r\n" { // the deleted line is back
		t.Errorf("crlf.txt after discarding the added line: %q", got)
	}
	r.Write("crlf.txt", "edited later\n")
	if _, err := repo2.RestoreDiscard(ctx, d2.ID); !errors.Is(err, ErrStale) {
		t.Errorf("restore over newer work: %v", err)
	}
	r.Write("crlf.txt", "x\r\ny\r\nY\r\n")
	if _, err := repo2.RestoreDiscard(ctx, d2.ID); err != nil || r.Read("crlf.txt") != "x\r\nY\r\n" {
		t.Errorf("restore: %v %q", err, r.Read("crlf.txt"))
	}
	r.Git("fsck", "--strict")
}

func TestIgnore(t *testing.T) {
	r := messy(t)
	repo := openRepo(t, r)
	for _, p := range []string{"top.txt", "new dir/", "new dir/sub/n2.txt"} {
		if err := repo.Ignore(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	if got := r.Git("status", "--porcelain", "--untracked-files=all"); contains(got, "top.txt", "new dir") {
		t.Errorf("still untracked:\n%s", got)
	}
	if err := repo.Ignore(context.Background(), "mod.txt"); err == nil {
		t.Error("ignoring a tracked file was accepted")
	}
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
