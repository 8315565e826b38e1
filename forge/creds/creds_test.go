package creds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/forge"
)

const tokenText = "s3cr3t-t0ken-value"

func TestCredentialNeverPrintsToken(t *testing.T) {
	c := New("bitbucket.org", "jdoe", tokenText, "BITBUCKET_TOKEN")
	var printed []string
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%10.3s"} {
		printed = append(printed, fmt.Sprintf(f, c), fmt.Sprintf(f, &c), fmt.Sprintf(f, []Credential{c}),
			fmt.Sprintf(f, struct{ C Credential }{c}), fmt.Sprintf(f, map[string]Credential{"k": c}),
			// fmt prints unexported fields by reflection, without calling
			// Credential's methods: an adapter's struct holding one.
			fmt.Sprintf(f, struct{ c Credential }{c}), fmt.Sprintf(f, &struct{ c []Credential }{[]Credential{c}}))
	}
	j, err := json.Marshal(struct{ C Credential }{c})
	if err != nil {
		t.Fatal(err)
	}
	printed = append(printed, string(j), fmt.Sprint(c), fmt.Sprintln(c), errors.New(c.String()).Error())
	func() {
		defer func() { printed = append(printed, fmt.Sprint(recover())) }()
		panic(c)
	}()
	for _, p := range printed {
		if strings.Contains(p, tokenText) || strings.Contains(p, fmt.Sprintf("%x", tokenText)) {
			t.Errorf("token printed: %s", p)
		}
	}
	if got := fmt.Sprint(c); got != "token of jdoe for bitbucket.org from BITBUCKET_TOKEN" {
		t.Errorf("String() = %q", got)
	}
	if name, v := c.Header(); name != "Authorization" || v != "Basic amRvZTpzM2NyM3QtdDBrZW4tdmFsdWU=" {
		t.Errorf("Basic header %s: %s", name, v)
	}
	if _, v := New("github.com", "", tokenText, "").Header(); v != "Bearer "+tokenText {
		t.Errorf("Bearer header %s", v)
	}
}

// home makes an empty HOME with no git configuration but what a test
// writes.
func home(t *testing.T) (string, []string) {
	t.Helper()
	h := t.TempDir()
	return h, []string{"HOME=" + h, "GIT_CONFIG_NOSYSTEM=1", "PATH=" + os.Getenv("PATH"), "XDG_CONFIG_HOME="}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestEnvironmentPerHost(t *testing.T) {
	_, env := home(t)
	env = append(env, "GITHUB_TOKEN=gh-plain", "GH_ENTERPRISE_TOKEN=gh-ent", "GITLAB_TOKEN=gl",
		"BITBUCKET_TOKEN=bb", "BITBUCKET_USERNAME=jdoe", "GITEA_TOKEN=gt", "GITEA_HOST=gitea.example.com:3000")
	tests := []struct {
		kind    forge.Kind
		host    string
		trusted bool
		token   string
		user    string
	}{
		{forge.GitHub, "github.com", false, "gh-plain", ""},
		{forge.GitHub, "ghe.corp.example", false, "gh-ent", ""},
		{forge.GitLab, "gitlab.com", false, "gl", ""},
		{forge.GitLab, "gitlab.corp.example", false, "", ""}, // guessed from its name: not sent
		{forge.GitLab, "gitlab.corp.example", true, "gl", ""},
		{forge.Bitbucket, "bitbucket.org", false, "bb", "jdoe"},
		{forge.Gitea, "gitea.example.com", false, "gt", ""},
		{forge.Gitea, "codeberg.org", false, "", ""},
		{forge.Gitea, "codeberg.org", true, "gt", ""},
	}
	for _, tt := range tests {
		c, ok := Lookup(context.Background(), Options{Kind: tt.kind, Host: tt.host, Trusted: tt.trusted, Environ: env, NoGit: true})
		if c.Token() != tt.token || ok != (tt.token != "") || c.Username != tt.user {
			t.Errorf("%s %s trusted=%v: %v %q, want %q", tt.kind, tt.host, tt.trusted, c, c.Token(), tt.token)
		}
	}
	// GH_TOKEN comes before GITHUB_TOKEN, as in gh.
	c, _ := Lookup(context.Background(), Options{Kind: forge.GitHub, Host: "github.com", Environ: append(env, "GH_TOKEN=gh-first"), NoGit: true})
	if c.Token() != "gh-first" || c.Source != "GH_TOKEN" {
		t.Errorf("GH_TOKEN: %v", c)
	}
}

func TestOrderEnvConfigCLIGit(t *testing.T) {
	h, env := home(t)
	write(t, filepath.Join(h, ".config/gh/hosts.yml"), "github.com:\n    user: monalisa\n    oauth_token: from-gh\n    git_protocol: https\nghe.corp.example:\n    oauth_token: from-gh-ent\n")
	write(t, filepath.Join(h, ".config/glab-cli/config.yml"), "git_protocol: ssh\nhosts:\n    gitlab.com:\n        token: from-glab\n        api_host: gitlab.com\n    gitlab.corp.example:\n        token: from-glab-corp\n")
	gitStore(t, h, "https://x-token:from-git@github.com\nhttps://jdoe:from-git-bb@bitbucket.org\nhttp://gitea:from-git-gt@127.0.0.1%3a3000\n")
	ctx := context.Background()
	look := func(o Options) Credential {
		o.Environ = append(append([]string(nil), env...), o.Environ...)
		c, _ := Lookup(ctx, o)
		return c
	}

	if c := look(Options{Kind: forge.GitHub, Host: "github.com", Environ: []string{"GITHUB_TOKEN=from-env"}, ConfigToken: "from-config"}); c.Token() != "from-env" {
		t.Errorf("env first: %v", c)
	}
	if c := look(Options{Kind: forge.GitHub, Host: "github.com", ConfigToken: "from-config"}); c.Token() != "from-config" {
		t.Errorf("config second: %v", c)
	}
	if c := look(Options{Kind: forge.GitHub, Host: "GitHub.com"}); c.Token() != "from-gh" || c.Source != "~/.config/gh/hosts.yml" {
		t.Errorf("gh third: %v %q", c, c.Token())
	}
	if c := look(Options{Kind: forge.GitHub, Host: "ghe.corp.example"}); c.Token() != "from-gh-ent" {
		t.Errorf("gh per host: %v", c)
	}
	if c := look(Options{Kind: forge.GitLab, Host: "gitlab.corp.example"}); c.Token() != "from-glab-corp" {
		t.Errorf("glab per host: %v", c)
	}
	// gh's file says nothing of GitLab hosts, nor glab's of GitHub's.
	if c := look(Options{Kind: forge.GitLab, Host: "github.com", NoGit: true}); !c.IsZero() {
		t.Errorf("gh token given to a GitLab host: %v", c)
	}
	os.Remove(filepath.Join(h, ".config/gh/hosts.yml"))
	if c := look(Options{Kind: forge.GitHub, Host: "github.com"}); c.Token() != "from-git" || c.Username != "" || c.Source != "git credential" {
		t.Errorf("git credential last: %v %q", c, c.Token())
	}
	if c := look(Options{Kind: forge.Bitbucket, Host: "bitbucket.org"}); c.Token() != "from-git-bb" || c.Username != "jdoe" {
		t.Errorf("git credential Basic for Bitbucket: %v", c)
	}
	if c := look(Options{Kind: forge.Gitea, Host: "127.0.0.1:3000", Scheme: "http"}); c.Token() != "from-git-gt" || c.Username != "gitea" {
		t.Errorf("git credential with a port over http: %v", c)
	}
	if c, ok := Lookup(ctx, Options{Kind: forge.GitLab, Host: "gitlab.example.net", Environ: env}); ok || !c.IsZero() {
		t.Errorf("a host nobody knows: %v", c)
	}
	// GH_CONFIG_DIR moves gh's file.
	dir := t.TempDir()
	write(t, filepath.Join(dir, "hosts.yml"), "github.com:\n    oauth_token: from-gh-dir\n")
	if c := look(Options{Kind: forge.GitHub, Host: "github.com", Environ: []string{"GH_CONFIG_DIR=" + dir}}); c.Token() != "from-gh-dir" {
		t.Errorf("GH_CONFIG_DIR: %v", c)
	}
}

// gitStore configures git's store helper in HOME with the given entries.
func gitStore(t *testing.T, h, entries string) {
	t.Helper()
	store := filepath.Join(h, "git-credentials")
	write(t, store, entries)
	write(t, filepath.Join(h, ".gitconfig"), "[credential]\n\thelper = store --file="+store+"\n")
}

func TestGitCredentialNeverPrompts(t *testing.T) {
	h, env := home(t)
	// An askpass that would answer (and record that it was asked): git
	// must not run it.
	asked := filepath.Join(h, "asked")
	askpass := filepath.Join(h, "askpass.sh")
	write(t, askpass, "#!/bin/sh\ntouch "+asked+"\necho leaked\n")
	os.Chmod(askpass, 0o755)
	write(t, filepath.Join(h, ".gitconfig"), "[core]\n\taskPass = "+askpass+"\n")
	env = append(env, "SSH_ASKPASS="+askpass, "GIT_ASKPASS="+askpass)
	c, ok := Lookup(context.Background(), Options{Kind: forge.GitHub, Host: "github.com", Environ: env})
	if ok || !c.IsZero() {
		t.Errorf("got %v with no helper", c)
	}
	if _, err := os.Stat(asked); err == nil {
		t.Error("git ran an askpass program")
	}
}

func TestGitIsReal(t *testing.T) {
	// The store-helper tests above are only meaningful with a git that
	// has credential fill.
	if out, err := exec.Command("git", "credential", "-h").CombinedOutput(); !strings.Contains(string(out), "fill") {
		t.Fatalf("git credential unavailable: %v %s", err, out)
	}
}

func TestHint(t *testing.T) {
	for _, tt := range []struct {
		kind forge.Kind
		host string
		want string
	}{
		{forge.GitHub, "github.com", "GITHUB_TOKEN"},
		{forge.GitHub, "ghe.example", "gh auth login --hostname ghe.example"},
		{forge.GitLab, "gitlab.com", "glab auth login"},
		{forge.Bitbucket, "bitbucket.org", "BITBUCKET_TOKEN"},
		{forge.Gitea, "gitea.example", "GITEA_TOKEN"},
	} {
		if h := Hint(tt.kind, tt.host); !strings.Contains(h, tt.want) {
			t.Errorf("Hint(%s, %s) = %q", tt.kind, tt.host, h)
		}
	}
}
