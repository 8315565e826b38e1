package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

var update = flag.Bool("update", false, "rewrite the review goldens in testdata/review")

// Credentials here are made up, in the shapes of real ones.
const (
	testGitLabToken = "glpat-Zr7bT2vW9xLm4Nc1Pk6H"
	testSlackToken  = "xoxb-2048173651-4096837261-Zr7bT2vW9xLm4Nc1Pk6Hs3Jd"
)

// reviewRepo has a commit adding a token to a .env file (which the
// engine scans whatever the analyzers), and staged and unstaged work.
func reviewRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Write("envs/prod/app.env", "LOG_LEVEL=info\nSLACK_TOKEN="+testSlackToken+"\n")
	r.Write("services/runner/.env", "GITLAB_URL=https://gitlab.acme.io\n")
	r.Commit("base")
	r.Write("services/runner/.env", "GITLAB_URL=https://gitlab.acme.io\nGITLAB_TOKEN="+testGitLabToken+"\n")
	r.Write("envs/prod/app.env", "LOG_LEVEL=debug\nSLACK_TOKEN="+testSlackToken+"\n")
	r.Commit("add the runner token")
	return r
}

func TestReviewText(t *testing.T) {
	r := reviewRepo(t)
	out, stderr, code := run(t, r, "review", "HEAD")
	want := `no environment
  services/runner/.env
    ! critical secret-literal (introduced, line 2): GitLab access token glpat-******** (26 characters) is committed in plain text: rotate it and read it from a secret store.

environment prod (production)
  envs/prod/app.env
    ! critical secret-literal (existing, line 2): Slack token xoxb-******** (51 characters) is still committed in plain text: rotate it and read it from a secret store.

0 changes in 2 files; introduced: 1 critical; existing: 1 critical
`
	if code != 0 || stderr != "" || out != want {
		t.Errorf("exit %d, stderr %q, out:\n%s\nwant:\n%s", code, stderr, out, want)
	}
	if strings.Contains(out, testGitLabToken[6:]) || strings.Contains(out, testSlackToken[5:]) {
		t.Error("the output shows a credential")
	}
}

func TestReviewJSON(t *testing.T) {
	r := reviewRepo(t)
	out, _, code := run(t, r, "review", "--format", "json", "HEAD~1..HEAD")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Changes  []map[string]any `json:"changes"`
		Findings []map[string]any `json:"findings"`
		Notes    []map[string]any `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Changes == nil || len(doc.Findings) != 2 {
		t.Fatalf("document %s", out)
	}
	f := doc.Findings[0]
	for k, v := range map[string]any{"rule": "secret-literal", "severity": "critical", "state": "introduced", "path": "services/runner/.env", "line": 2.0, "address": ""} {
		if f[k] != v {
			t.Errorf("finding %s = %v, want %v", k, f[k], v)
		}
	}
	if _, ok := f["message"].(string); !ok {
		t.Errorf("finding without message: %v", f)
	}
}

func TestReviewExitCodes(t *testing.T) {
	r := reviewRepo(t)
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"HEAD"}, 0},
		{[]string{"HEAD", "--fail-on", "critical"}, 1},
		{[]string{"HEAD", "--fail-on=high"}, 1},
		{[]string{"--fail-on", "low", "HEAD~1"}, 1}, // the base commit: all introduced
		{[]string{"HEAD", "--fail-on", "none"}, 0},
		// only the existing Slack token: existing findings never fail
		{[]string{"HEAD", "--fail-on", "low", "--", "envs"}, 0},
		{[]string{"--fail-on", "urgent", "HEAD"}, 2},
		{[]string{"--format", "yaml", "HEAD"}, 2},
		{[]string{"--staged", "--worktree"}, 2},
		{[]string{"--staged", "HEAD"}, 2},
		{[]string{"HEAD~1", "HEAD"}, 2},
		{[]string{"nope"}, 2},
		{[]string{"HEAD", "--plan", "/does/not/exist.json"}, 2},
		{[]string{"--bogus"}, 2},
	} {
		_, stderr, code := run(t, r, "review", c.args...)
		if code != c.code {
			t.Errorf("review %v: exit %d, want %d (%s)", c.args, code, c.code, stderr)
		}
		if c.code == 2 && (stderr == "" || !strings.HasPrefix(stderr, "reef: ")) {
			t.Errorf("review %v: stderr %q", c.args, stderr)
		}
	}
}

func TestReviewStagedAndWorktree(t *testing.T) {
	r := reviewRepo(t)
	r.Write("services/runner/.env", "GITLAB_URL=https://gitlab.acme.io\n").Git("add", "services/runner/.env")
	r.Write("envs/prod/app.env", "LOG_LEVEL=debug\n")
	out, _, code := run(t, r, "review", "--staged", "--fail-on", "low")
	if code != 0 || !strings.Contains(out, "(resolved, line 2 of the old file): GitLab access token") || strings.Contains(out, "Slack") {
		t.Errorf("staged: exit %d\n%s", code, out)
	}
	// the default is the work tree against HEAD: both files
	out, _, _ = run(t, r, "review")
	if strings.Count(out, "(resolved, line 2 of the old file)") != 2 {
		t.Errorf("work tree:\n%s", out)
	}
	if out2, _, _ := run(t, r, "review", "--worktree"); out2 != out {
		t.Errorf("--worktree differs from the default:\n%s", out2)
	}
}

func TestReviewConfigWarnings(t *testing.T) {
	r := reviewRepo(t)
	r.Write(".reef/review.yaml", "disable: [secret-literall]\nseverity:\n  - rule: secret-literal\n    paths: [\"services/**\"]\n    level: low\n")
	r.Append("services/runner/.env", "SLACK_TOKEN="+testSlackToken+"\n")
	out, stderr, code := run(t, r, "review", "--fail-on", "high")
	wantErr := "reef: warning: .reef/review.yaml: line 1: disable[0]: unknown rule \"secret-literall\" (did you mean secret-literal?); docs/rules.md lists the rules\n"
	if stderr != wantErr {
		t.Errorf("stderr %q\nwant   %q", stderr, wantErr)
	}
	// The valid part applies: the new token under services/ is low, so
	// --fail-on high passes; the problem is a note in the output too.
	if code != 0 || !strings.Contains(out, "! low secret-literal (introduced, line 3)") || !strings.Contains(out, "note: line 1: disable[0]: unknown rule") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestReviewSanitisesTerminalOutput(t *testing.T) {
	r := gittest.New(t)
	r.Write("x.env", "A=1\n").Commit("base")
	r.Write("x.env", "A=1\nGITLAB_TOKEN="+testGitLabToken+"\n").Commit("token")
	r.Move("x.env", "evil\x1b[2J.env").Commit("rename")
	out, _, _ := run(t, r, "review", "HEAD~1..HEAD")
	// Not a terminal: the path is printed as it is, for scripts.
	if !strings.Contains(out, "evil\x1b[2J.env") {
		t.Errorf("piped output changed the path:\n%q", out)
	}
}

// infraRepo is a small infrastructure repository whose last commit opens
// SSH to the world in prod, cuts a staging deployment to one replica on
// an unpinned image, and commits a token.
func infraRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	sg := func(port int, cidr, size string) string {
		return `resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = var.vpc_id

  ingress {
    from_port   = ` + itoa(port) + `
    to_port     = ` + itoa(port) + `
    protocol    = "tcp"
    cidr_blocks = ["` + cidr + `"]
  }
}

resource "aws_instance" "web" {
  ami                    = var.ami_id
  instance_type          = "` + size + `"
  vpc_security_group_ids = [aws_security_group.web.id]
}

variable "vpc_id" {
  type = string
}

variable "ami_id" {
  type = string
}
`
	}
	deploy := func(replicas int, tag string) string {
		return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: ` + itoa(replicas) + `
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: registry.acme.io/shop/api:` + tag + `
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
`
	}
	r.Write("envs/prod/network/main.tf", sg(443, "10.0.0.0/8", "t3.small"))
	r.Write("k8s/overlays/staging/api.yaml", deploy(3, "1.4.2"))
	r.Write("services/api/.env", "LOG_LEVEL=info\n")
	r.Commit("base")
	r.Write("envs/prod/network/main.tf", sg(22, "0.0.0.0/0", "t3.large"))
	r.Write("k8s/overlays/staging/api.yaml", deploy(1, "latest"))
	r.Write("services/api/.env", "LOG_LEVEL=info\nGITLAB_TOKEN="+testGitLabToken+"\n")
	r.Commit("open up")
	return r
}

// testPlan is a `terraform show -json` plan of the same change.
const testPlan = `{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "resource_changes": [
    {
      "address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web",
      "change": {
        "actions": ["update"],
        "before": {"instance_type": "t3.small", "ami": "ami-0aa11"},
        "after": {"instance_type": "t3.large", "ami": "ami-0aa11"},
        "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {}
      }
    },
    {
      "address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group", "name": "web",
      "change": {
        "actions": ["delete", "create"],
        "before": {"name": "web", "ingress": [{"from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]}]},
        "after": {"name": "web", "ingress": [{"from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]},
        "after_unknown": {}, "before_sensitive": {}, "after_sensitive": {},
        "replace_paths": [["name"]]
      }
    }
  ]
}
`

// golden compares out with testdata/review/NAME (-update rewrites it).
func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", "review", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./ui/cli -run Review -update writes it)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (go test ./ui/cli -run Review -update after checking):\n%s", path, out)
	}
}

func TestReviewGoldens(t *testing.T) {
	r := infraRepo(t)
	planFile := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(planFile, []byte(testPlan), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
	}{
		{"text.golden", []string{"HEAD"}, 0},
		{"json.golden", []string{"--format", "json", "HEAD~1..HEAD"}, 0},
		{"plan.golden", []string{"--plan", planFile, "HEAD"}, 0},
		{"fail-on.golden", []string{"HEAD", "--fail-on", "critical"}, 1},
	} {
		out, stderr, code := run(t, r, "review", c.args...)
		if code != c.code || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
		golden(t, c.name, out)
	}
	// a bad plan is an error, not a silent note
	bad := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(bad, []byte(`{"format_version": "2.0"}`), 0o644)
	if _, stderr, code := run(t, r, "review", "--plan", bad, "HEAD"); code != 2 || !strings.Contains(stderr, "format_version 2.0 is not supported") {
		t.Errorf("bad plan: exit %d, %q", code, stderr)
	}
}
