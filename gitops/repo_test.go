package gitops_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops"
	"reef/gitops/gittest"
)

func open(t *testing.T, r *gittest.Repo, path string) *gitops.Repo {
	t.Helper()
	repo, err := gitops.Open(path, gitops.Options{Env: r.Environ()})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { repo.Close() })
	return repo
}

func headID(t *testing.T, repo *gitops.Repo) string {
	t.Helper()
	h, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	return h.ID.String()
}

func TestOpenShapes(t *testing.T) {
	r := gittest.New(t)
	r.Write("dir/sub/f.txt", "x\n").Commit("first")
	head := r.Rev("HEAD")

	t.Run("subdirectory", func(t *testing.T) {
		repo := open(t, r, r.Path("dir/sub"))
		if repo.WorkTree() != r.Dir || headID(t, repo) != head {
			t.Fatalf("worktree %s head %s", repo.WorkTree(), headID(t, repo))
		}
	})
	t.Run("linked worktree", func(t *testing.T) {
		wt := filepath.Join(t.TempDir(), "wt")
		r.Git("worktree", "add", "-q", "-b", "side", wt)
		cmd := r.Git("-C", wt, "commit", "-q", "--allow-empty", "-m", "on side")
		_ = cmd
		repo := open(t, r, wt)
		h, _ := repo.Head()
		if h.Branch != "side" || h.ID.String() != strings.TrimSpace(r.Git("-C", wt, "rev-parse", "HEAD")) {
			t.Fatalf("head %+v", h)
		}
		if repo.WorkTree() != wt {
			t.Fatalf("worktree %s", repo.WorkTree())
		}
	})
	t.Run("alternates", func(t *testing.T) {
		clone := filepath.Join(t.TempDir(), "clone")
		r.Git("clone", "-q", "--shared", r.Dir, clone)
		repo := open(t, r, clone)
		if headID(t, repo) != head {
			t.Fatal("wrong head")
		}
		if _, err := repo.Commit(mustHash(t, head)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("detached", func(t *testing.T) {
		r.Git("checkout", "-q", "--detach", "HEAD")
		defer r.Git("checkout", "-q", "main")
		h, _ := open(t, r, r.Dir).Head()
		if !h.Detached || h.ID.String() != head {
			t.Fatalf("head %+v", h)
		}
	})
	t.Run("bare", func(t *testing.T) {
		bare := filepath.Join(t.TempDir(), "bare.git")
		r.Git("clone", "-q", "--bare", r.Dir, bare)
		repo := open(t, r, bare)
		if !repo.IsBare() || headID(t, repo) != head {
			t.Fatal("bare repository not read")
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		_, err := gitops.Open(dir, gitops.Options{Env: append(r.Environ(), "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))})
		if !errors.Is(err, gitops.ErrNotRepository) || !strings.Contains(err.Error(), dir) {
			t.Fatalf("got %v", err)
		}
	})
}

func mustHash(t *testing.T, s string) gitops.Hash {
	h, err := gitops.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestUnbornIsEmptyHistory(t *testing.T) {
	r := gittest.New(t)
	repo := open(t, r, r.Dir)
	h, err := repo.Head()
	if err != nil || !h.Unborn || h.Branch != "main" {
		t.Fatalf("head %+v %v", h, err)
	}
	hist, err := repo.Log(context.Background(), gitops.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if entries, err := hist.Next(context.Background(), 10); len(entries) != 0 || err == nil {
		t.Fatalf("unborn history: %v %v", entries, err)
	}
}

func TestUnsupportedShapes(t *testing.T) {
	r := gittest.New(t, gittest.InitArgs("--object-format=sha256"))
	_, err := gitops.Open(r.Dir, gitops.Options{Env: r.Environ()})
	if !errors.Is(err, gitops.ErrUnsupported) || !strings.Contains(err.Error(), "sha256") {
		t.Fatalf("sha256: %v", err)
	}
	r2 := gittest.New(t)
	r2.Git("config", "core.repositoryformatversion", "1")
	r2.Git("config", "extensions.somethingNew", "true")
	if _, err := gitops.Open(r2.Dir, gitops.Options{Env: r2.Environ()}); !errors.Is(err, gitops.ErrUnsupported) {
		t.Fatalf("unknown extension: %v", err)
	}
	// worktreeConfig (set by git sparse-checkout) is readable.
	r3 := gittest.New(t)
	r3.Write("a/f", "1").Write("b/f", "2").Commit("c")
	r3.Git("sparse-checkout", "set", "a")
	repo := open(t, r3, r3.Dir)
	if headID(t, repo) != r3.Rev("HEAD") {
		t.Fatal("sparse checkout head")
	}
}

func TestShallowClone(t *testing.T) {
	r := gittest.New(t)
	for i := 0; i < 5; i++ {
		r.Write("f", strings.Repeat("x", i)).Commit("c")
	}
	clone := filepath.Join(t.TempDir(), "shallow")
	r.Git("clone", "-q", "--depth=2", "file://"+r.Dir, clone)
	repo := open(t, r, clone)
	hist, err := repo.Log(context.Background(), gitops.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := hist.Next(context.Background(), 100)
	want := strings.Fields(r.Git("-C", clone, "log", "--format=%H"))
	if len(entries) != len(want) || len(want) != 2 {
		t.Fatalf("shallow history: %d entries, git %d", len(entries), len(want))
	}
}

func TestResolve(t *testing.T) {
	r := gittest.New(t)
	r.Write("dir/f", "1").Commit("one")
	r.Write("dir/f", "2").Commit("two")
	r.Checkout("side", true).Write("s", "s").Commit("side")
	r.Checkout("main", false)
	r.Merge("merge", "side")
	r.Tag("v1", "HEAD~1", "annotated")
	r.Tag("light", "HEAD", "")
	r.Git("remote", "add", "origin", "https://example.com/x.git")
	r.Git("update-ref", "refs/remotes/origin/main", "HEAD~1")
	r.Git("config", "branch.main.remote", "origin")
	r.Git("config", "branch.main.merge", "refs/heads/main")
	repo := open(t, r, r.Dir)
	for _, rev := range []string{"HEAD", "@", "main", "side", "v1", "v1^{}", "v1^{commit}", "light", "HEAD~1", "HEAD^2",
		"HEAD^1~1", "HEAD~2^{tree}", "HEAD:dir/f", "HEAD:dir", "@{u}", "main@{upstream}", "origin/main", r.Rev("HEAD")[:8]} {
		got, err := repo.Resolve(rev)
		if err != nil {
			t.Errorf("%s: %v", rev, err)
			continue
		}
		if want := strings.TrimSpace(r.Git("rev-parse", rev)); got.String() != want {
			t.Errorf("%s = %s, git %s", rev, got, want)
		}
	}
	for _, bad := range []string{"nope", "HEAD~10", "HEAD^3", "HEAD:missing"} {
		if _, err := repo.Resolve(bad); !errors.Is(err, gitops.ErrBadRevision) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	refs, err := repo.Refs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Track(context.Background(), refs); err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs {
		if ref.Short == "main" && (ref.Upstream != "refs/remotes/origin/main" || ref.Ahead != 2 || ref.Behind != 0 || !ref.Head) {
			t.Errorf("main tracking: %+v", ref)
		}
		if ref.Short == "v1" && (ref.Tag.IsZero() || ref.Target.String() != r.Rev("HEAD~1")) {
			t.Errorf("annotated tag: %+v", ref)
		}
	}
	if got := strings.TrimSpace(r.Git("rev-list", "--count", "origin/main..main")); got != "2" {
		t.Fatalf("oracle ahead = %s", got)
	}
}

func TestBrokenRef(t *testing.T) {
	r := gittest.New(t)
	r.Write("f", "1").Commit("one")
	os.WriteFile(r.Path(".git/refs/heads/broken"), []byte("not a hash\n"), 0o644)
	os.WriteFile(r.Path(".git/refs/heads/dangling"), []byte(strings.Repeat("ab", 20)+"\n"), 0o644)
	repo := open(t, r, r.Dir)
	if _, err := repo.Resolve("broken"); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("broken ref: %v", err)
	}
	if _, err := repo.ResolveCommit("dangling"); err == nil {
		t.Error("dangling ref resolved")
	}
}

func TestPartialClone(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "uploadpack.allowFilter", "true")
	r.Git("config", "uploadpack.allowAnySHA1InWant", "true")
	for i := 0; i < 3; i++ {
		r.Write("big.txt", strings.Repeat("content ", 100*(i+1))).Commit("c")
	}
	clone := filepath.Join(t.TempDir(), "partial")
	r.Git("clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+r.Dir, clone)
	repo := open(t, r, clone)
	if len(repo.Notes()) == 0 {
		t.Error("no note about the partial clone")
	}
	// The first version's blob was left out by the clone: reading it goes
	// through git, which fetches it.
	id, err := repo.Resolve("HEAD~2:big.txt")
	if err != nil {
		t.Fatal(err)
	}
	blob, err := repo.Blob(id)
	if err != nil || string(blob) != strings.Repeat("content ", 100) {
		t.Fatalf("blob %d bytes, %v", len(blob), err)
	}
}
