// Package registry builds the Forge for a repository: it reads the
// remote, decides which forge runs there and where its API is (or takes
// the user's word for it), finds the token, makes the HTTP client that
// sends it to that API only, and calls the adapter's constructor.
//
// It knows no adapter: main.go fills a Registry with their constructors,
// so that only main.go imports them.
package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/detect"
	"reef/forge/internal/httpx"
)

// Config is what an adapter's constructor gets.
type Config struct {
	Kind   forge.Kind
	APIURL string // the REST API root, no trailing slash: https://api.github.com, https://HOST/api/v4
	// WebHost is the forge's host as git and its CLIs name it, with the
	// port of an http(s) remote that has one: github.com, 127.0.0.1:3000.
	WebHost string
	Remote  string // the git remote it was found from: origin
	Owner   string // octocat; group/sub on GitLab; the workspace on Bitbucket
	Name    string // the repository
	Path    string // Owner/Name
	// Credential is what HTTPClient sends; zero when none was found.
	Credential creds.Credential
	// HTTPClient sends Credential to APIURL's scheme, host and port only.
	HTTPClient *http.Client
}

// Constructor builds an adapter.
type Constructor func(Config) (forge.Forge, error)

// Registry maps forge kinds to their adapters' constructors.
type Registry map[forge.Kind]Constructor

// Adapt turns an adapter's New result into a Constructor's, so that a
// failed New gives a nil forge.Forge rather than a typed nil:
//
//	func(c registry.Config) (forge.Forge, error) { return registry.Adapt(github.New(...)) }
func Adapt[F forge.Forge](f F, err error) (forge.Forge, error) {
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Host is one forge host the user configured (reef's config file).
type Host struct {
	Kind     forge.Kind
	APIURL   string // "" derives it from the host
	Token    string
	Username string // for Basic auth
	CAFile   string
}

// Options say which repository and how to reach its forge.
type Options struct {
	Dir     string   // the repository
	Environ []string // for git, HOME, the token variables
	Remote  string   // --remote; "" picks the current branch's remote, then origin, then the only one
	Kind    forge.Kind
	APIURL  string // --api-url
	// Hosts are the configured hosts by host name, with ":port" when
	// needed (gitlab.example.com, 127.0.0.1:3000); names compare without
	// case.
	Hosts   map[string]Host
	Timeout time.Duration // per request; 0 is httpx's default
}

// Open builds the repository's Forge. The error says what the user can
// do (pass --forge, --remote, --api-url).
func (r Registry) Open(ctx context.Context, o Options) (forge.Forge, Config, error) {
	cfg, err := Resolve(ctx, o)
	if err != nil {
		return nil, cfg, err
	}
	newForge, ok := r[cfg.Kind]
	if !ok {
		return nil, cfg, fmt.Errorf("reef has no %s adapter: use --forge %s", cfg.Kind, strings.Join(r.kinds(), "|"))
	}
	f, err := newForge(cfg)
	if err != nil {
		return nil, cfg, err
	}
	return f, cfg, nil
}

func (r Registry) kinds() []string {
	var ks []string
	for k := range r {
		ks = append(ks, string(k))
	}
	slices.Sort(ks)
	return ks
}

// Resolve does everything Open does but call the constructor.
func Resolve(ctx context.Context, o Options) (Config, error) {
	remote, rawURL, err := remoteURL(ctx, o)
	if err != nil {
		return Config{}, err
	}
	rem, err := detect.Parse(rawURL)
	if err != nil {
		return Config{}, fmt.Errorf("remote %s: %v", remote, err)
	}
	webHost := rem.WebHost()
	if (rem.Scheme == "https" || rem.Scheme == "http") && rem.Port != "" {
		webHost = joinHostPort(webHost, rem.Port)
	}
	host, configured := lookupHost(o.Hosts, webHost, rem.WebHost())

	kind := o.Kind
	if kind == "" {
		kind = host.Kind
	}
	if kind == "" {
		var ok bool
		if kind, ok = detect.Kind(rem.WebHost(), nil); !ok && o.APIURL != "" {
			if u, err := url.Parse(o.APIURL); err == nil {
				kind, ok = detect.Kind(u.Hostname(), nil)
			}
		}
		if !ok {
			return Config{}, fmt.Errorf("cannot tell which forge runs on %s (remote %s): pass --forge github|gitlab|bitbucket|gitea, or name the host under forges: in reef's config", webHost, remote)
		}
	}
	if !slices.Contains([]forge.Kind{forge.GitHub, forge.GitLab, forge.Bitbucket, forge.Gitea}, kind) {
		return Config{}, fmt.Errorf("unknown forge %q: use github, gitlab, bitbucket or gitea", kind)
	}

	api := o.APIURL
	if api == "" {
		api = host.APIURL
	}
	path, owner, name := rem.Path, rem.Owner, rem.Name
	if api == "" {
		api = detect.APIURL(kind, rem)
	} else {
		api = strings.TrimSuffix(api, "/")
		if u, err := url.Parse(api); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Config{}, fmt.Errorf("API URL %q is not an http(s) URL", httpx.Redact(api))
		}
		path, owner, name = underRoot(rem, api)
	}

	scheme := "https"
	if rem.Scheme == "http" {
		scheme = "http"
	}
	cred, _ := creds.Lookup(ctx, creds.Options{
		Kind: kind, Host: webHost, Scheme: scheme,
		Trusted: configured || o.Kind != "" || o.APIURL != "",
		Environ: o.Environ, Dir: o.Dir,
		ConfigToken: host.Token, ConfigUsername: host.Username,
	})
	hc, err := httpx.New(httpx.Options{Kind: kind, BaseURL: api, Credential: cred, CAFile: host.CAFile, Timeout: o.Timeout})
	if err != nil {
		return Config{}, err
	}
	return Config{Kind: kind, APIURL: api, WebHost: webHost, Remote: remote, Owner: owner, Name: name, Path: path,
		Credential: cred, HTTPClient: hc}, nil
}

// lookupHost finds the configured entry for host:port, then for host.
func lookupHost(hosts map[string]Host, withPort, bare string) (Host, bool) {
	for _, want := range []string{withPort, bare} {
		for k, h := range hosts {
			if strings.EqualFold(k, want) {
				return h, true
			}
		}
	}
	return Host{}, false
}

// underRoot takes a relative-URL install's prefix off an http(s)
// remote's path: with the API at https://host/gitlab/api/v4, the remote
// https://host/gitlab/group/repo is the project group/repo.
func underRoot(rem detect.Remote, api string) (path, owner, name string) {
	path, owner, name = rem.Path, rem.Owner, rem.Name
	u, err := url.Parse(api)
	if err != nil || !strings.EqualFold(u.Hostname(), rem.Host) {
		return
	}
	root := strings.Trim(u.Path, "/")
	for _, suffix := range []string{"api/v4", "api/v3", "api/v1", "2.0"} {
		if r, ok := strings.CutSuffix(root, suffix); ok {
			root = strings.Trim(r, "/")
			break
		}
	}
	if root == "" {
		return
	}
	if rest, ok := strings.CutPrefix(path, root+"/"); ok && strings.Contains(rest, "/") {
		i := strings.LastIndexByte(rest, '/')
		return rest, rest[:i], rest[i+1:]
	}
	return
}

func joinHostPort(host, port string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}

// ErrNoRemote is returned when the repository has no remote to use.
var ErrNoRemote = errors.New("the repository has no remote: add one, or pass --remote NAME")
