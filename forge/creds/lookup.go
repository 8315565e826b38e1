package creds

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"reef/forge"
)

// Options say whose token to find.
type Options struct {
	Kind forge.Kind
	// Host is the forge's web host, as git and the CLIs name it
	// (github.com, gitlab.example.com:8443), not the API host.
	Host string
	// Scheme is "https" (default) or "http", for git credential.
	Scheme string
	// Trusted says the user named this host as a forge (reef's config or
	// --forge/--api-url) rather than reef guessing from its name: only
	// then do GITLAB_TOKEN and GITEA_TOKEN go to a host other than their
	// own (gitlab.com, GITLAB_HOST, GITEA_HOST), so a cloned remote on
	// a host called gitlab.attacker.example cannot collect them.
	Trusted bool
	// Environ is the environment to read (tokens, HOME, GH_CONFIG_DIR...)
	// and to run git with; nothing is read from the process's own.
	Environ []string
	// Dir is the repository, for git credential's configuration.
	Dir string
	// ConfigToken and ConfigUsername come from reef's config for Host.
	ConfigToken, ConfigUsername string
	// NoGit skips git credential fill (tests of the other sources).
	NoGit bool
}

// Lookup finds the host's token, trying in order: the environment,
// reef's config, gh's hosts.yml (GitHub), glab's config.yml (GitLab),
// then git credential fill. ok is false when none has one: the caller
// may still go on anonymously (public repositories can be read).
func Lookup(ctx context.Context, o Options) (c Credential, ok bool) {
	o.Host = strings.ToLower(o.Host)
	if c, ok := fromEnv(o); ok {
		return c, true
	}
	if o.ConfigToken != "" {
		return New(o.Host, o.ConfigUsername, o.ConfigToken, "reef's config"), true
	}
	switch o.Kind {
	case forge.GitHub:
		if c, ok := fromGH(o); ok {
			return c, true
		}
	case forge.GitLab:
		if c, ok := fromGlab(o); ok {
			return c, true
		}
	}
	if !o.NoGit {
		if c, ok := fromGit(ctx, o); ok {
			return c, true
		}
	}
	return Credential{Host: o.Host}, false
}

// Hint says how to give reef a token for kind, for "not authorized"
// messages.
func Hint(kind forge.Kind, host string) string {
	switch kind {
	case forge.GitHub:
		if host == "" || host == "github.com" {
			return "set GITHUB_TOKEN or run gh auth login"
		}
		return "set GH_ENTERPRISE_TOKEN or run gh auth login --hostname " + host
	case forge.GitLab:
		if host == "" || host == "gitlab.com" {
			return "set GITLAB_TOKEN or run glab auth login"
		}
		return "set GITLAB_TOKEN and GITLAB_HOST=" + host + ", or run glab auth login --hostname " + host
	case forge.Bitbucket:
		return "set BITBUCKET_TOKEN (and BITBUCKET_USERNAME for an API token)"
	case forge.Gitea:
		h := host
		if h == "" {
			h = "the server"
		}
		return "set GITEA_TOKEN and GITEA_HOST=" + h + " (a token from Settings > Applications)"
	}
	return "give reef a token for " + host
}

func fromEnv(o Options) (Credential, bool) {
	get := func(k string) string { return strings.TrimSpace(lookup(o.Environ, k)) }
	first := func(keys ...string) (Credential, bool) {
		for _, k := range keys {
			if v := get(k); v != "" {
				return New(o.Host, "", v, k), true
			}
		}
		return Credential{}, false
	}
	switch o.Kind {
	case forge.GitHub:
		// gh's rules: the plain tokens are github.com's (and GHE.com's);
		// a GitHub Enterprise Server gets the enterprise ones.
		if o.Host == "github.com" || strings.HasSuffix(o.Host, ".ghe.com") {
			return first("GH_TOKEN", "GITHUB_TOKEN")
		}
		return first("GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN")
	case forge.GitLab:
		if o.Host == "gitlab.com" || o.Trusted || sameHost(o.Host, get("GITLAB_HOST")) {
			return first("GITLAB_TOKEN", "GITLAB_ACCESS_TOKEN")
		}
	case forge.Bitbucket:
		if o.Host == "bitbucket.org" || o.Trusted {
			if v := get("BITBUCKET_TOKEN"); v != "" {
				return New(o.Host, get("BITBUCKET_USERNAME"), v, "BITBUCKET_TOKEN"), true
			}
		}
	case forge.Gitea:
		if o.Trusted || sameHost(o.Host, get("GITEA_HOST")) || sameHost(o.Host, get("GITEA_SERVER_URL")) {
			return first("GITEA_TOKEN")
		}
	}
	return Credential{}, false
}

// sameHost compares host with a variable naming a host, a host:port or
// a URL.
func sameHost(host, v string) bool {
	if v == "" {
		return false
	}
	if strings.Contains(v, "://") {
		u, err := url.Parse(v)
		if err != nil {
			return false
		}
		v = u.Host
	}
	v = strings.ToLower(strings.TrimSuffix(v, "/"))
	if v == host {
		return true
	}
	h, _, err := net.SplitHostPort(v)
	return err == nil && h == host
}

// configDir is a CLI's config directory: its own variable, then
// $XDG_CONFIG_HOME/name, then ~/.config/name.
func configDir(env []string, own, name string) string {
	if d := lookup(env, own); d != "" {
		return d
	}
	if x := lookup(env, "XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, name)
	}
	if home := lookup(env, "HOME"); home != "" {
		return filepath.Join(home, ".config", name)
	}
	return ""
}

// fromGH reads gh's hosts.yml: <host>: {oauth_token: ...}. gh keeps the
// token in the system keyring by default now, and then the file has
// none; its git credential helper still serves it to fromGit.
func fromGH(o Options) (Credential, bool) {
	dir := configDir(o.Environ, "GH_CONFIG_DIR", "gh")
	if dir == "" {
		return Credential{}, false
	}
	path := filepath.Join(dir, "hosts.yml")
	var hosts map[string]struct {
		OAuthToken string `yaml:"oauth_token"`
	}
	if !readYAML(path, &hosts) {
		return Credential{}, false
	}
	for h, v := range hosts {
		if strings.EqualFold(h, o.Host) && v.OAuthToken != "" {
			return New(o.Host, "", v.OAuthToken, shown(path, o.Environ)), true
		}
	}
	return Credential{}, false
}

// fromGlab reads glab's config.yml: hosts: {<host>: {token: ...}}.
func fromGlab(o Options) (Credential, bool) {
	dir := configDir(o.Environ, "GLAB_CONFIG_DIR", "glab-cli")
	if dir == "" {
		return Credential{}, false
	}
	path := filepath.Join(dir, "config.yml")
	var cfg struct {
		Hosts map[string]struct {
			Token string `yaml:"token"`
		} `yaml:"hosts"`
	}
	if !readYAML(path, &cfg) {
		return Credential{}, false
	}
	for h, v := range cfg.Hosts {
		if strings.EqualFold(h, o.Host) && v.Token != "" {
			return New(o.Host, "", v.Token, shown(path, o.Environ)), true
		}
	}
	return Credential{}, false
}

// readYAML decodes a CLI's file; a missing or unreadable one is no token
// (the next source is tried), never an error that stops reef.
func readYAML(path string, v any) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return yaml.Unmarshal(data, v) == nil
}

func shown(path string, env []string) string {
	if home := lookup(env, "HOME"); home != "" && home != "/" {
		if rest, ok := strings.CutPrefix(path, strings.TrimSuffix(home, "/")+"/"); ok {
			return "~/" + rest
		}
	}
	return path
}

func lookup(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- { // the last one wins, as exec's dedup keeps it
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}
