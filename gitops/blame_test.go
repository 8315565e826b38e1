package gitops_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

// porcelainLines reads git blame --line-porcelain into one record per line.
func porcelainLines(t *testing.T, out string) []map[string]string {
	var recs []map[string]string
	var cur map[string]string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, "\t"):
			cur["text"] = l[1:]
			recs = append(recs, cur)
			cur = nil
		case cur == nil:
			f := strings.Fields(l)
			cur = map[string]string{"commit": f[0], "orig": f[1], "final": f[2]}
		default:
			k, v, _ := strings.Cut(l, " ")
			cur[k] = v
		}
	}
	return recs
}

func TestBlameLinesMatchGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("app/main.tf", "a\nb\nc\n").Commit("first\n\nbody")
	r.Setenv("GIT_AUTHOR_NAME", "Grace Hopper")
	r.Write("app/main.tf", "a\nB\nc\r\nd").Commit("\n  second subject  \nmore")
	r.Move("app/main.tf", "main.tf").Commit("move")
	repo, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	b, err := repo.Blame(context.Background(), "HEAD", "main.tf", gitops.BlameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := porcelainLines(t, r.Git("blame", "--line-porcelain", "HEAD", "--", "main.tf"))
	if len(b.Lines) != len(want) || b.Total != 4 || b.Commit.String() != r.Rev("HEAD") {
		t.Fatalf("%d lines (total %d), git %d", len(b.Lines), b.Total, len(want))
	}
	for i, l := range b.Lines {
		w := want[i]
		got := map[string]string{
			"commit": l.Commit.String(), "orig": strconv.Itoa(l.OrigLine), "final": strconv.Itoa(l.Line),
			"filename": l.OrigPath, "author": l.Author.Name, "author-mail": "<" + l.Author.Email + ">",
			"author-time": strconv.FormatInt(l.Author.When.Unix(), 10), "committer": l.Committer.Name,
			"summary": l.Summary, "text": l.Text,
		}
		for k, v := range got {
			if w[k] != v {
				t.Errorf("line %d %s = %q, git %q", i+1, k, v, w[k])
			}
		}
		if _, boundary := w["boundary"]; boundary != l.Boundary {
			t.Errorf("line %d boundary %v", i+1, l.Boundary)
		}
	}
	if len(b.Groups) != 2 || b.Groups[1].PrevPath != "app/main.tf" || !b.Groups[0].PrevCommit.IsZero() {
		t.Errorf("groups %+v", b.Groups)
	}

	// Ranges, resolved the way git's -L is.
	b, err = repo.Blame(context.Background(), "HEAD", "main.tf", gitops.BlameOptions{Ranges: []gitops.LineRange{{Start: 4, End: 2}, {Start: 4}}})
	if err != nil || len(b.Lines) != 3 || b.Lines[0].Line != 2 {
		t.Errorf("ranges: %v %+v", err, b)
	}
	_, err = repo.Blame(context.Background(), "HEAD", "main.tf", gitops.BlameOptions{Ranges: []gitops.LineRange{{Start: 9}}})
	if err == nil || !strings.Contains(err.Error(), "has only 4 lines") {
		t.Errorf("range past the end: %v", err)
	}
	_, err = repo.Blame(context.Background(), "HEAD~1", "main.tf", gitops.BlameOptions{})
	if !errors.Is(err, gitops.ErrNoSuchPath) || err.Error() != "no such path main.tf in HEAD~1" {
		t.Errorf("missing path: %v", err)
	}
	if _, err = repo.Blame(context.Background(), "nope", "main.tf", gitops.BlameOptions{}); !errors.Is(err, gitops.ErrBadRevision) {
		t.Errorf("bad revision: %v", err)
	}

	// The work tree: uncommitted lines on "Not Committed Yet".
	r.Write("main.tf", "a\nB\nnew\n")
	b, err = repo.Blame(context.Background(), "", "main.tf", gitops.BlameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l := b.Lines[2]; !l.Commit.IsZero() || l.Author.Name != "Not Committed Yet" || l.Summary != "Version of main.tf from main.tf" {
		t.Errorf("uncommitted line %+v", l)
	}
	if l := b.Lines[1]; l.Commit.IsZero() || l.Author.Name != "Grace Hopper" {
		t.Errorf("committed line %+v", l)
	}
}
