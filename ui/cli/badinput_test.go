package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// Each bad input gives one line naming the problem and the way out, a
// non-zero exit, no panic, and nothing written to the repository.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name  string
		spoil func(r *gittest.Repo)
		args  []string
		want  string // in the message
		hint  string // the way out
	}{
		{"not a repository", nil, []string{"log"}, "not a git repository", "run reef inside a repository"},
		{"truncated loose object", func(r *gittest.Repo) {
			h := r.Rev("HEAD")
			p := r.Path(".git/objects/" + h[:2] + "/" + h[2:])
			b, _ := os.ReadFile(p)
			os.Chmod(p, 0o644)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		}, []string{"log"}, "is corrupt", "git fsck"},
		{"missing pack", func(r *gittest.Repo) {
			r.Git("gc", "-q")
			packs, _ := filepath.Glob(r.Path(".git/objects/pack/*.pack"))
			for _, p := range packs {
				os.Remove(p)
			}
		}, []string{"log"}, "missing", "git fsck"},
		{"corrupt commit-graph", func(r *gittest.Repo) {
			r.WriteCommitGraph(false)
			p := r.Path(".git/objects/info/commit-graph")
			b, _ := os.ReadFile(p)
			os.Chmod(p, 0o644)
			os.WriteFile(p, b[:len(b)/3], 0o644)
		}, []string{"log", "--graph"}, "commit-graph", "git commit-graph write"},
		{"ref pointing at nothing", func(r *gittest.Repo) {
			os.WriteFile(r.Path(".git/refs/heads/ghost"), []byte(strings.Repeat("1", 40)+"\n"), 0o644)
		}, []string{"log", "--all"}, "refs/heads/ghost", "git update-ref -d"},
		{"HEAD pointing at a missing object", func(r *gittest.Repo) {
			os.WriteFile(r.Path(".git/refs/heads/main"), []byte(strings.Repeat("2", 40)+"\n"), 0o644)
		}, []string{"log"}, "does not exist", "git fsck"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := gittest.New(t)
			r.Write("f", "1").Commit("one")
			r.Write("f", "2").Commit("two")
			if c.spoil == nil {
				r.Dir = t.TempDir()
				r.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(r.Dir))
			} else {
				c.spoil(r)
			}
			before := snapshot(t, r.Dir)
			out, stderr, code := run(t, r, c.args[0], c.args[1:]...)
			if code == 0 || out != "" {
				t.Errorf("exit %d, stdout %q", code, out)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, c.hint) {
				t.Errorf("message %q, want one line with %q and %q", stderr, c.want, c.hint)
			}
			if after := snapshot(t, r.Dir); after != before {
				t.Error("the repository changed")
			}
		})
	}
}

// snapshot lists every file with its size and modification time.
func snapshot(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			b.WriteString(p + " " + info.ModTime().String() + " " + string(rune(info.Size())) + "\n")
		}
		return nil
	})
	return b.String()
}
