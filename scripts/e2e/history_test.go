package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// historyJourney is issue 6 in a real terminal: reef history PATH opens
// the File history screen on a file that was renamed, j selects an older
// commit (its diff follows), b blames that version, q quits.
func historyJourney(t *testing.T, tmux, bin string) {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n").
		Commit("Add the web instance")
	r.Write("envs/prod/main.tf", "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-2\"\n  instance_type = \"t3.micro\"\n}\n").
		Commit("Bump the web AMI")
	r.Move("envs/prod/main.tf", "envs/production/main.tf").Commit("Rename prod to production")
	r.Write("envs/production/main.tf", "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-2\"\n  instance_type = \"t3.large\"\n}\n").
		Commit("Bigger web instance")

	p := startTerm(t, tmux, paneEnv(r.Environ()), bin, "-C", r.Dir, "history", "envs/production/main.tf")
	first := p.waitText("History of envs/production/main.tf 4 commits", wait) // the walk is over
	for _, want := range []string{"Bigger web instance", "Add the web instance", "envs/prod/main.tf"} {
		if !strings.Contains(first, want) {
			t.Errorf("the first screen lacks %q:\n%s", want, first)
		}
	}
	p.waitText("t3.large", wait) // the selected commit's diff

	p.keys("j", "j") // Bump the web AMI, under the file's old name
	p.waitText("ami-1", wait)
	p.keys("b")
	bump := r.Rev("HEAD~2")[:7]
	root := r.Rev("HEAD~3")[:7]
	p.waitFor("the blame of the bump's version", wait, func(s string) bool {
		// The root's lines and the bump's, each with its commit.
		return strings.Contains(s, "blame envs/prod/main.tf @ "+bump) && strings.Contains(s, "^"+root) &&
			strings.Contains(s, bump+"  Ada Lovelace") && strings.Contains(s, `"ami-2"`)
	})

	p.keys("q")
	if status := p.waitExit(wait); status != "0" {
		t.Errorf("reef exited with status %s after q:\n%s", status, p.screen())
	}
}

// historyOfDirectory: reef history on a directory says it follows one
// file and how to list the directory's commits, and starts no program.
func historyOfDirectory(t *testing.T, bin string) {
	r := gittest.New(t)
	r.Write("envs/prod/main.tf", "locals {}\n").Commit("Add prod")
	cmd := exec.Command(bin, "-C", r.Dir, "history", "envs/prod")
	cmd.Env = paneEnv(r.Environ())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 129 {
		t.Fatalf("reef history on a directory: %v (want exit status 129)\n%s", err, out)
	}
	if want := "envs/prod is a directory: reef history follows one file (reef log -- envs/prod lists"; !strings.Contains(string(out), want) {
		t.Errorf("reef history on a directory says:\n%s\nwant %q", out, want)
	}
}

// historyIndexJourney: with history.index: always in the config, the
// first file history in a repository without changed-path filters has git
// write reef's history index into .git/reef in the background, says so,
// and leaves the repository's own objects as they were.
func historyIndexJourney(t *testing.T, tmux, bin string) {
	r := gittest.New(t)
	for i := 1; i <= 3; i++ {
		r.Write("envs/prod/main.tf", fmt.Sprintf("locals { n = %d }\n", i)).Commit(fmt.Sprintf("Edit %d", i))
	}
	env := r.Environ()
	conf := filepath.Join(lookup(env, "XDG_CONFIG_HOME"), "reef", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(conf), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte("history:\n  index: always\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	p := startTerm(t, tmux, paneEnv(env), bin, "-C", r.Dir, "history", "envs/prod/main.tf")
	p.waitText("History of envs/prod/main.tf 3 commits", wait)
	p.waitText("history indexed in", wait)
	index := filepath.Join(r.Dir, ".git", "reef", "objects")
	verify := exec.Command("git", "commit-graph", "verify")
	verify.Dir = r.Dir
	verify.Env = append(env, "GIT_OBJECT_DIRECTORY="+index, "GIT_ALTERNATE_OBJECT_DIRECTORIES="+filepath.Join(r.Dir, ".git", "objects"))
	if out, err := verify.CombinedOutput(); err != nil {
		t.Errorf("git commit-graph verify of the index: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".git", "objects", "info", "commit-graph")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the repository's own commit-graph was written: %v", err)
	}
	r.Git("fsck", "--no-progress")

	p.keys("q")
	if status := p.waitExit(wait); status != "0" {
		t.Errorf("reef exited with status %s after q:\n%s", status, p.screen())
	}
}

func lookup(env []string, key string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}
