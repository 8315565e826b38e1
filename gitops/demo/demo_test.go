package demo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// headWant pins main's commit: a change to the story or to how commits are
// made shows up here. Update it deliberately when the demo changes.
const headWant = "a0822ba765dd30c06167ae6e6f37bc38463cc4ef"

// create makes a demo repository with env and returns its directory.
func create(t *testing.T, env []string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo")
	if err := Create(context.Background(), dir, env); err != nil {
		t.Fatal(err)
	}
	return dir
}

// git runs git in dir with a hermetic environment of its own, so the
// checks read the repository as a user without special settings would.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = gittest.Env(t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestCreate(t *testing.T) {
	dir := create(t, os.Environ())

	git(t, dir, "fsck", "--strict", "--no-dangling")

	if got := git(t, dir, "branch", "--format=%(refname:short)"); got != "feature/open-ssh-to-world\nfix/prod-replicas\nmain" {
		t.Errorf("branches:\n%s", got)
	}
	if got := git(t, dir, "symbolic-ref", "--short", "HEAD"); got != "main" {
		t.Errorf("HEAD is on %q, want main", got)
	}
	if got := git(t, dir, "for-each-ref", "--format=%(refname:short) %(objecttype)", "refs/tags"); got != "v0.1.0 tag\nv0.2.0 tag" {
		t.Errorf("tags (want two annotated):\n%s", got)
	}

	all := lines(git(t, dir, "log", "--all", "--format=%H|%P|%an|%ad|%s", "--date=raw"))
	if len(all) < 30 || len(all) > 60 {
		t.Errorf("%d commits, want a few dozen", len(all))
	}
	authors, dates, merges := map[string]bool{}, map[string]bool{}, 0
	for _, l := range all {
		f := strings.SplitN(l, "|", 5)
		authors[f[2]] = true
		if dates[f[3]] {
			t.Errorf("two commits share the date %s", f[3])
		}
		dates[f[3]] = true
		if len(strings.Fields(f[1])) == 2 {
			merges++
			if !strings.HasPrefix(f[4], "Merge pull request #") {
				t.Errorf("merge %s is not a pull request merge: %q", f[0][:8], f[4])
			}
		}
	}
	if len(authors) < 4 {
		t.Errorf("authors %v, want several", authors)
	}
	if merges < 6 {
		t.Errorf("%d merge commits, want at least 6", merges)
	}

	if got := git(t, dir, "log", "-M", "--diff-filter=R", "--name-status", "--format="); got != "R100\tk8s/base/svc.yaml\tk8s/base/service.yaml" {
		t.Errorf("renames:\n%s", got)
	}

	// The risky branch is not merged and carries the changes a reviewer
	// must catch.
	ancestor := exec.Command("git", "merge-base", "--is-ancestor", "feature/open-ssh-to-world", "main")
	ancestor.Dir, ancestor.Env = dir, gittest.Env(t.TempDir())
	if err := ancestor.Run(); err == nil {
		t.Error("feature/open-ssh-to-world is merged into main; it must stay open")
	}
	risky := git(t, dir, "diff", "main...feature/open-ssh-to-world")
	for _, want := range []string{`+    cidr_blocks = ["0.0.0.0/0"]`, "+  block_public_acls       = false", `+      Principal = "*"`} {
		if !strings.Contains(risky, want) {
			t.Errorf("risky branch diff lacks %q", want)
		}
	}

	for _, f := range []string{
		"envs/dev/main.tf", "envs/staging/main.tf", "envs/prod/main.tf", "envs/prod/terraform.tfvars",
		"envs/terragrunt.hcl", "modules/vpc/main.tf", "modules/eks/main.tf",
		"k8s/base/kustomization.yaml", "k8s/overlays/prod/kustomization.yaml",
		"charts/api/Chart.yaml", "charts/api/values.yaml", "charts/api/templates/deployment.yaml",
		"ansible/roles/bastion/tasks/main.yml", ".github/workflows/terraform.yml", "Dockerfile", "README.md",
	} {
		if git(t, dir, "ls-files", "--", f) != f {
			t.Errorf("%s is not tracked", f)
		}
	}
	if tpl := git(t, dir, "show", "HEAD:charts/api/templates/deployment.yaml"); !strings.Contains(tpl, "{{ .Values.replicaCount }}") {
		t.Error("the Helm template has no {{ }} actions")
	}

	if got := git(t, dir, "status", "--porcelain"); got != "M  charts/api/Chart.yaml\n M envs/dev/terraform.tfvars\n?? k8s/overlays/dev/configmap.yaml" {
		t.Errorf("status:\n%s", got)
	}
}

// TestCreateDeterministic makes the repository twice, once with an
// environment set up to break or change commits (user config that demands
// signing and an explicit identity, a global ignore of *.tfvars, GIT_DIR and
// identity variables); both must give the pinned hashes.
func TestCreateDeterministic(t *testing.T) {
	refs := func(dir string) string {
		return git(t, dir, "for-each-ref", "--format=%(objectname) %(refname)")
	}
	clean := refs(create(t, os.Environ()))

	home := t.TempDir()
	files := map[string]string{
		".gitconfig": "[user]\n\tuseConfigOnly = true\n[commit]\n\tgpgSign = true\n[tag]\n\tgpgSign = true\n" +
			"[core]\n\thooksPath = " + filepath.Join(home, "hooks") + "\n",
		".config/git/ignore":  "*.tfvars\n",
		"hooks/pre-commit":    "#!/bin/sh\nexit 1\n",
		"hooks/post-checkout": "#!/bin/sh\nexit 1\n",
	}
	for name, content := range files {
		p := filepath.Join(home, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var hostile []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "HOME" && k != "XDG_CONFIG_HOME" && !strings.HasPrefix(k, "GIT_") {
			hostile = append(hostile, kv)
		}
	}
	hostile = append(hostile, "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_DIR="+filepath.Join(home, "elsewhere.git"), "GIT_AUTHOR_NAME=Mallory", "GIT_COMMITTER_DATE=@0 +0000",
		"GIT_CONFIG_PARAMETERS='commit.gpgsign'='true'", "TZ=Pacific/Chatham")
	if got := refs(create(t, hostile)); got != clean {
		t.Errorf("a user's environment changed the repository:\nclean:\n%s\nhostile:\n%s", clean, got)
	}

	if !strings.Contains(clean, headWant+" refs/heads/main") {
		t.Errorf("main moved; if the demo changed on purpose, set headWant to main's hash:\n%s", clean)
	}
}

func TestCreateRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Create(context.Background(), dir, os.Environ())
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Create in a non-empty dir: %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf(".git was created in a directory Create refused: %v", err)
	}
}

func TestCreateCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Create(ctx, filepath.Join(t.TempDir(), "demo"), os.Environ())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Create with a cancelled context: %v, want context.Canceled", err)
	}
}
