package detect

import (
	"strings"
	"testing"

	"reef/forge"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url                             string
		scheme, host, port, owner, name string
	}{
		{"https://github.com/octocat/Hello-World.git", "https", "github.com", "", "octocat", "Hello-World"},
		{"https://github.com/octocat/Hello-World", "https", "github.com", "", "octocat", "Hello-World"},
		{"https://github.com/octocat/Hello-World/", "https", "github.com", "", "octocat", "Hello-World"},
		{"https://GitHub.com/octocat/Hello-World.git/", "https", "github.com", "", "octocat", "Hello-World"},
		{"git@github.com:octocat/Hello-World.git", "ssh", "github.com", "", "octocat", "Hello-World"},
		{"github.com:octocat/Hello-World", "ssh", "github.com", "", "octocat", "Hello-World"},
		{"ssh://git@github.com/octocat/Hello-World.git", "ssh", "github.com", "", "octocat", "Hello-World"},
		{"ssh://git@ssh.github.com:443/octocat/Hello-World.git", "ssh", "ssh.github.com", "443", "octocat", "Hello-World"},
		{"git+ssh://git@github.com/octocat/Hello-World.git", "ssh", "github.com", "", "octocat", "Hello-World"},
		{"git://github.com/octocat/Hello-World.git", "git", "github.com", "", "octocat", "Hello-World"},
		{"https://x-access-token:ghp_secret@github.com/o/r.git", "https", "github.com", "", "o", "r"},
		{"https://gitlab.com/group/sub/deeper/repo.git", "https", "gitlab.com", "", "group/sub/deeper", "repo"},
		{"git@gitlab.com:group/sub/repo.git", "ssh", "gitlab.com", "", "group/sub", "repo"},
		{"ssh://git@gitlab.example.com:2222/group/sub/repo.git", "ssh", "gitlab.example.com", "2222", "group/sub", "repo"},
		{"https://gitlab.example.com:8443/group/repo", "https", "gitlab.example.com", "8443", "group", "repo"},
		{"https://jdoe@bitbucket.org/workspace/repo.git", "https", "bitbucket.org", "", "workspace", "repo"},
		{"git@bitbucket.org:workspace/repo.git", "ssh", "bitbucket.org", "", "workspace", "repo"},
		{"http://127.0.0.1:3000/alice/demo.git", "http", "127.0.0.1", "3000", "alice", "demo"},
		{"ssh://git@[::1]:2222/alice/demo.git", "ssh", "::1", "2222", "alice", "demo"},
		{"git@[::1]:alice/demo.git", "ssh", "::1", "", "alice", "demo"},
		{"git@[gitea.local:2222]:alice/demo.git", "ssh", "gitea.local", "2222", "alice", "demo"},
		{"ssh://git@host.example/~alice/demo.git", "ssh", "host.example", "", "alice", "demo"},
		{"  https://codeberg.org/forgejo/forgejo.git\n", "https", "codeberg.org", "", "forgejo", "forgejo"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.url)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.url, err)
			continue
		}
		if r.Scheme != tt.scheme || r.Host != tt.host || r.Port != tt.port || r.Owner != tt.owner || r.Name != tt.name {
			t.Errorf("Parse(%q) = %+v, want %s %s %s %s/%s", tt.url, r, tt.scheme, tt.host, tt.port, tt.owner, tt.name)
		}
		if r.Path != tt.owner+"/"+tt.name {
			t.Errorf("Parse(%q).Path = %q", tt.url, r.Path)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, raw := range []string{
		"", "/srv/git/repo.git", "./repo", "../repo.git", "file:///srv/git/repo.git", "C:\\repos\\x", "C:/repos/x",
		"https://github.com/", "https://github.com/onlyowner", "git@github.com:repo.git",
		"https://github.com/o/../r", "ftp://host/o/r", "https://user:s3cret@github.com:badport/o/r",
	} {
		r, err := Parse(raw)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", raw, r)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Parse(%q) error shows the password: %v", raw, err)
		}
	}
}

func TestKind(t *testing.T) {
	hosts := map[string]forge.Kind{"git.corp.example": forge.GitHub, "code.example.org": forge.Gitea, "gitlab.example.com": forge.Gitea}
	tests := []struct {
		host string
		want forge.Kind
		ok   bool
	}{
		{"github.com", forge.GitHub, true},
		{"ssh.github.com", forge.GitHub, true},
		{"gitlab.com", forge.GitLab, true},
		{"altssh.gitlab.com", forge.GitLab, true},
		{"bitbucket.org", forge.Bitbucket, true},
		{"codeberg.org", forge.Gitea, true},
		{"Git.Corp.Example", forge.GitHub, true},
		{"code.example.org", forge.Gitea, true},
		{"gitlab.example.com", forge.Gitea, true}, // the user's map wins over the name
		{"gitlab.other.example", forge.GitLab, true},
		{"forgejo.example.net", forge.Gitea, true},
		{"github.example.com", forge.GitHub, true},
		{"bitbucket.example.com", "", false}, // Server/Data Center, not Cloud
		{"git.example.com", "", false},
		{"mygitlabhost.example", "", false},
	}
	for _, tt := range tests {
		k, ok := Kind(tt.host, hosts)
		if k != tt.want || ok != tt.ok {
			t.Errorf("Kind(%q) = %q, %v; want %q, %v", tt.host, k, ok, tt.want, tt.ok)
		}
	}
}

func TestAPIURL(t *testing.T) {
	tests := []struct {
		url  string
		kind forge.Kind
		want string
	}{
		{"git@github.com:o/r.git", forge.GitHub, "https://api.github.com"},
		{"ssh://git@ssh.github.com:443/o/r.git", forge.GitHub, "https://api.github.com"},
		{"https://github.com/o/r", forge.GitHub, "https://api.github.com"},
		{"https://ghe.corp.example/o/r", forge.GitHub, "https://ghe.corp.example/api/v3"},
		{"git@ghe.corp.example:o/r", forge.GitHub, "https://ghe.corp.example/api/v3"},
		{"https://gitlab.com/g/s/r.git", forge.GitLab, "https://gitlab.com/api/v4"},
		{"ssh://git@gitlab.example.com:2222/g/r.git", forge.GitLab, "https://gitlab.example.com/api/v4"},
		{"https://gitlab.example.com:8443/g/r.git", forge.GitLab, "https://gitlab.example.com:8443/api/v4"},
		{"git@bitbucket.org:ws/r.git", forge.Bitbucket, "https://api.bitbucket.org/2.0"},
		{"ssh://git@altssh.bitbucket.org:443/ws/r.git", forge.Bitbucket, "https://api.bitbucket.org/2.0"},
		{"http://127.0.0.1:3000/alice/demo.git", forge.Gitea, "http://127.0.0.1:3000/api/v1"},
		{"git@codeberg.org:o/r.git", forge.Gitea, "https://codeberg.org/api/v1"},
		{"ssh://git@[::1]:2222/alice/demo.git", forge.Gitea, "https://[::1]/api/v1"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := APIURL(tt.kind, r); got != tt.want {
			t.Errorf("APIURL(%s, %q) = %q, want %q", tt.kind, tt.url, got, tt.want)
		}
	}
}
