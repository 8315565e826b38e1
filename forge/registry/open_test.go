package registry

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"reef/forge"
	"reef/forge/forgetest"
	"reef/gitops/gittest"
)

// repo is a repository whose environment has none of the machine's
// tokens.
func repo(t *testing.T) *gittest.Repo {
	t.Helper()
	r := gittest.New(t)
	for _, k := range []string{"GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITLAB_TOKEN",
		"GITLAB_ACCESS_TOKEN", "GITLAB_HOST", "BITBUCKET_TOKEN", "BITBUCKET_USERNAME", "GITEA_TOKEN", "GITEA_HOST", "GITEA_SERVER_URL", "GH_CONFIG_DIR", "GLAB_CONFIG_DIR"} {
		r.Setenv(k, "")
	}
	r.Write("a", "a\n").Commit("first")
	return r
}

func resolve(t *testing.T, r *gittest.Repo, o Options) (Config, error) {
	t.Helper()
	o.Dir, o.Environ = r.Dir, r.Environ()
	return Resolve(context.Background(), o)
}

func TestResolveDetects(t *testing.T) {
	tests := []struct {
		remote string
		hosts  map[string]Host
		kind   forge.Kind
		api    string
		path   string
		web    string
	}{
		{"git@github.com:octocat/Hello-World.git", nil, forge.GitHub, "https://api.github.com", "octocat/Hello-World", "github.com"},
		{"https://github.example.com/o/r.git", nil, forge.GitHub, "https://github.example.com/api/v3", "o/r", "github.example.com"},
		{"git@code.corp.example:o/r.git", map[string]Host{"Code.Corp.Example": {Kind: forge.GitHub}}, forge.GitHub, "https://code.corp.example/api/v3", "o/r", "code.corp.example"},
		{"ssh://git@gitlab.com/g/sub/r.git", nil, forge.GitLab, "https://gitlab.com/api/v4", "g/sub/r", "gitlab.com"},
		{"https://git.corp.example:8443/g/r", map[string]Host{"git.corp.example:8443": {Kind: forge.GitLab}}, forge.GitLab, "https://git.corp.example:8443/api/v4", "g/r", "git.corp.example:8443"},
		{"git@bitbucket.org:ws/r.git", nil, forge.Bitbucket, "https://api.bitbucket.org/2.0", "ws/r", "bitbucket.org"},
		{"http://127.0.0.1:3000/alice/demo.git", map[string]Host{"127.0.0.1:3000": {Kind: forge.Gitea}}, forge.Gitea, "http://127.0.0.1:3000/api/v1", "alice/demo", "127.0.0.1:3000"},
		{"https://host.example/gitlab/g/r.git", map[string]Host{"host.example": {Kind: forge.GitLab, APIURL: "https://host.example/gitlab/api/v4/"}}, forge.GitLab, "https://host.example/gitlab/api/v4", "g/r", "host.example"},
	}
	for _, tt := range tests {
		r := repo(t)
		r.Git("remote", "add", "origin", tt.remote)
		c, err := resolve(t, r, Options{Hosts: tt.hosts})
		if err != nil {
			t.Errorf("%s: %v", tt.remote, err)
			continue
		}
		if c.Kind != tt.kind || c.APIURL != tt.api || c.Path != tt.path || c.WebHost != tt.web || c.Owner+"/"+c.Name != c.Path {
			t.Errorf("%s: %s %s %s (%s/%s) %s", tt.remote, c.Kind, c.APIURL, c.Path, c.Owner, c.Name, c.WebHost)
		}
		if c.HTTPClient == nil {
			t.Errorf("%s: no client", tt.remote)
		}
	}
}

func TestResolveOverridesAndRemotes(t *testing.T) {
	r := repo(t)
	r.Git("remote", "add", "upstream", "git@git.example.org:team/app.git")
	if _, err := resolve(t, r, Options{}); err == nil || !strings.Contains(err.Error(), "cannot tell which forge runs on git.example.org") ||
		!strings.Contains(err.Error(), "--forge") {
		t.Errorf("unknown host: %v", err)
	}
	c, err := resolve(t, r, Options{Kind: forge.Gitea})
	if err != nil || c.APIURL != "https://git.example.org/api/v1" {
		t.Errorf("--forge gitea: %+v %v", c, err)
	}
	c, err = resolve(t, r, Options{Kind: forge.GitLab, APIURL: "https://gl.example.org/api/v4"})
	if err != nil || c.Kind != forge.GitLab || c.APIURL != "https://gl.example.org/api/v4" || c.Path != "team/app" {
		t.Errorf("--api-url: %+v %v", c, err)
	}
	if _, err := resolve(t, r, Options{Kind: "svn"}); err == nil {
		t.Error("--forge svn accepted")
	}
	if _, err := resolve(t, r, Options{Kind: forge.GitHub, APIURL: "ftp://x"}); err == nil {
		t.Error("--api-url ftp accepted")
	}

	// origin wins over other remotes; the branch's own remote over origin.
	r.Git("remote", "add", "origin", "git@github.com:me/app.git")
	if c, _ := resolve(t, r, Options{}); c.Path != "me/app" {
		t.Errorf("origin not preferred: %s", c.Path)
	}
	r.Git("config", "branch.main.remote", "upstream")
	if c, _ := resolve(t, r, Options{Kind: forge.Gitea}); c.Path != "team/app" {
		t.Errorf("the branch's remote not preferred: %s", c.Path)
	}
	if c, _ := resolve(t, r, Options{Remote: "origin"}); c.Path != "me/app" {
		t.Errorf("--remote origin: %s", c.Path)
	}
	if _, err := resolve(t, r, Options{Remote: "nope"}); err == nil || !strings.Contains(err.Error(), `no remote named "nope"`) {
		t.Errorf("--remote nope: %v", err)
	}

	// insteadOf rewrites the URL as git fetches it.
	r.Git("config", "url.git@github.com:.insteadOf", "gh:")
	r.Git("remote", "set-url", "origin", "gh:rewritten/app.git")
	if c, _ := resolve(t, r, Options{Remote: "origin"}); c.Path != "rewritten/app" || c.Kind != forge.GitHub {
		t.Errorf("insteadOf: %+v", c)
	}

	bare := repo(t)
	if _, err := resolve(t, bare, Options{}); !errors.Is(err, ErrNoRemote) {
		t.Errorf("no remote: %v", err)
	}
	two := repo(t)
	two.Git("remote", "add", "a", "git@github.com:a/r.git")
	two.Git("remote", "add", "b", "git@github.com:b/r.git")
	if _, err := resolve(t, two, Options{}); err == nil || !strings.Contains(err.Error(), "--remote") {
		t.Errorf("two remotes: %v", err)
	}
}

func TestResolveTokens(t *testing.T) {
	r := repo(t)
	r.Git("remote", "add", "origin", "git@gitlab.corp.example:g/r.git")
	r.Setenv("GITLAB_TOKEN", "env-token")
	// Detected from the host's name only: GITLAB_TOKEN is not sent there.
	c, err := resolve(t, r, Options{})
	if err != nil || c.Kind != forge.GitLab || !c.Credential.IsZero() {
		t.Errorf("guessed host got %v (%v)", c.Credential, err)
	}
	// Named in the config: it is.
	c, _ = resolve(t, r, Options{Hosts: map[string]Host{"gitlab.corp.example": {Kind: forge.GitLab}}})
	if c.Credential.Token() != "env-token" {
		t.Errorf("configured host: %v", c.Credential)
	}
	c, _ = resolve(t, r, Options{Kind: forge.GitLab})
	if c.Credential.Token() != "env-token" {
		t.Errorf("--forge: %v", c.Credential)
	}
	r.Setenv("GITLAB_TOKEN", "")
	c, _ = resolve(t, r, Options{Hosts: map[string]Host{"gitlab.corp.example": {Kind: forge.GitLab, Token: "cfg-token"}}})
	if c.Credential.Token() != "cfg-token" || c.Credential.Source != "reef's config" {
		t.Errorf("config token: %v", c.Credential)
	}
}

var errBuilt = errors.New("built")

func TestOpenSendsTokenToTheAPI(t *testing.T) {
	s := forgetest.NewServer(t)
	s.Stub(forgetest.Stub{Path: "/api/v1/version", Header: map[string]string{"Authorization": "Bearer gitea-token"}, RespBody: []byte(`{"version":"1.26.4"}`)})
	r := repo(t)
	r.Git("remote", "add", "origin", s.URL+"/alice/demo.git")
	r.Setenv("GITEA_TOKEN", "gitea-token")
	host := strings.TrimPrefix(s.URL, "http://")
	var got Config
	reg := Registry{forge.Gitea: func(c Config) (forge.Forge, error) {
		got = c
		resp, err := c.HTTPClient.Get(c.APIURL + "/version")
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), "1.26.4") {
			t.Errorf("version answer %s", b)
		}
		return nil, errBuilt
	}}
	_, _, err := reg.Open(context.Background(), Options{Dir: r.Dir, Environ: r.Environ(), Hosts: map[string]Host{host: {Kind: forge.Gitea}}})
	if !errors.Is(err, errBuilt) {
		t.Fatalf("Open: %v", err)
	}
	if got.Path != "alice/demo" || got.APIURL != s.URL+"/api/v1" {
		t.Errorf("config %+v", got)
	}
	if _, _, err := (Registry{}).Open(context.Background(), Options{Dir: r.Dir, Environ: r.Environ(), Kind: forge.GitHub}); err == nil ||
		!strings.Contains(err.Error(), "no github adapter") {
		t.Errorf("missing adapter: %v", err)
	}
}
