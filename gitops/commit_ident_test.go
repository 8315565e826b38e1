package gitops

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// commitEnvWithout is r's environment minus the named variables, plus
// extra ("KEY=value"; "$HOME" in a value is r's home).
func commitEnvWithout(r *gittest.Repo, drop []string, extra ...string) []string {
	var env []string
	for _, kv := range r.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			keep = keep && k != d
		}
		if keep {
			env = append(env, kv)
		}
	}
	for _, kv := range extra {
		env = append(env, strings.ReplaceAll(kv, "$HOME", r.Home))
	}
	return env
}

var commitIdentVars = []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"}

func TestCommitIdentityMatchesGit(t *testing.T) {
	type files map[string]string // path under HOME -> content
	cases := []struct {
		name  string
		files files
		drop  []string
		env   []string
	}{
		{name: "global config", drop: commitIdentVars,
			files: files{".gitconfig": "[user]\n\tname = Global Name\n\temail = global@example.com\n"}},
		{name: "include.path", drop: commitIdentVars,
			files: files{".gitconfig": "[include]\n\tpath = id.inc\n", "id.inc": "[user]\n\tname = Included\n\temail = inc@example.com\n"}},
		{name: "includeIf gitdir", drop: commitIdentVars,
			files: files{
				".gitconfig": "[user]\n\tname = Home\n\temail = home@example.com\n" +
					"[includeIf \"gitdir:**/repo/\"]\n\tpath = work.inc\n[includeIf \"gitdir:/nowhere/\"]\n\tpath = other.inc\n",
				"work.inc":  "[user]\n\temail = work@example.com\n",
				"other.inc": "[user]\n\tname = Wrong\n",
			}},
		{name: "XDG and ~/.gitconfig", drop: append([]string{"GIT_CONFIG_GLOBAL"}, commitIdentVars...),
			files: files{".config/git/config": "[user]\n\tname = Xdg Name\n", ".gitconfig": "[user]\n\temail = dot@example.com\n"}},
		{name: "GIT_CONFIG_GLOBAL", drop: commitIdentVars,
			env:   []string{"GIT_CONFIG_GLOBAL=$HOME/custom.cfg"},
			files: files{"custom.cfg": "[user]\n\tname = Custom\n\temail = custom@example.com\n", ".gitconfig": "[user]\n\tname = Ignored\n"}},
		{name: "author.* and committer.*", drop: commitIdentVars,
			files: files{".gitconfig": "[user]\n\tname = User\n\temail = user@example.com\n[author]\n\tname = Author Only\n[committer]\n\temail = committer@example.com\n"}},
		{name: "GIT_AUTHOR_* env", env: []string{"GIT_AUTHOR_NAME=Env Author", "GIT_AUTHOR_EMAIL=env@example.com"}},
		{name: "EMAIL env", drop: commitIdentVars, env: []string{"EMAIL=mail@example.com"},
			files: files{".gitconfig": "[user]\n\tname = Name Only\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tw := newCommitTwins(t, func(r *gittest.Repo) { r.Write("f", "x\n").Git("add", "f") })
			tw.both(func(r *gittest.Repo) {
				for name, content := range c.files {
					p := filepath.Join(r.Home, name)
					os.MkdirAll(filepath.Dir(p), 0o755)
					if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
			gitEnv := commitEnvWithout(tw.git, c.drop, c.env...)
			cmd := exec.Command("git", "commit", "-q", "-m", "identity")
			cmd.Dir, cmd.Env = tw.git.Dir, gitEnv
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git commit: %v\n%s", err, out)
			}
			repo, err := Open(tw.reef.Dir, Options{Env: commitEnvWithout(tw.reef, c.drop, c.env...)})
			if err != nil {
				t.Fatal(err)
			}
			defer repo.Close()
			if _, err := repo.CommitStaged(context.Background(), CommitOptions{Message: "identity"}); err != nil {
				t.Fatal(err)
			}
			tw.same()
		})
	}
}

func TestCommitUnknownIdentity(t *testing.T) {
	tw := newCommitTwins(t, func(r *gittest.Repo) { r.Write("f", "x\n").Git("add", "f") })
	cmd := exec.Command("git", "commit", "-q", "-m", "who")
	cmd.Dir, cmd.Env = tw.git.Dir, commitEnvWithout(tw.git, commitIdentVars)
	_, gitErr := cmd.CombinedOutput()
	repo, err := Open(tw.reef.Dir, Options{Env: commitEnvWithout(tw.reef, commitIdentVars)})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	_, err = repo.CommitStaged(context.Background(), CommitOptions{Message: "who"})
	if gitErr == nil {
		// This host gives git a usable address: reef must agree.
		if err != nil {
			t.Fatalf("git committed with the host's identity, reef: %v", err)
		}
		tw.same()
		return
	}
	if err == nil || !strings.Contains(err.Error(), "identity unknown") || !strings.Contains(err.Error(), "user.email") {
		t.Fatalf("unknown identity: %v", err)
	}
	if _, herr := tw.reef.GitErr("rev-parse", "-q", "--verify", "HEAD"); herr == nil {
		t.Fatal("a commit was made without an identity")
	}
}
