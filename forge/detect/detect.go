// Package detect reads a git remote URL as a repository on a code host:
// which host and repository path, which forge family runs there, and
// where its API is.
package detect

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"reef/forge"
)

// Remote is a parsed git remote URL.
type Remote struct {
	Scheme string // https, http, ssh, git; "ssh" for the scp-like form
	Host   string // lower case, without port or brackets
	Port   string // as written; "" for the scheme's default
	Path   string // the repository: "owner/repo", "group/sub/repo" (no .git, no slashes around)
	Owner  string // Path without its last segment: "group/sub"
	Name   string // Path's last segment
}

// Parse reads the URL forms git accepts for a remote repository:
// scheme://[user@]host[:port]/path (https, http, ssh, git, git+ssh) and
// scp-like [user@]host:path, with the host in brackets when it holds a
// colon ([::1] or [host:port]). Local paths and file:// are refused: they
// have no forge.
func Parse(raw string) (Remote, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Remote{}, fmt.Errorf("empty remote URL")
	}
	var r Remote
	if i := strings.Index(raw, "://"); i > 0 {
		u, err := url.Parse(raw)
		if err != nil {
			return Remote{}, fmt.Errorf("remote URL %q: %v", redact(raw), cleanURLError(err))
		}
		switch scheme := strings.ToLower(u.Scheme); scheme {
		case "https", "http", "ssh", "git":
			r.Scheme = scheme
		case "git+ssh", "ssh+git":
			r.Scheme = "ssh"
		case "file":
			return Remote{}, fmt.Errorf("remote %q is a local path, not a code host", redact(raw))
		default:
			return Remote{}, fmt.Errorf("remote URL %q: reef does not know the %s:// scheme", redact(raw), u.Scheme)
		}
		r.Host, r.Port = u.Hostname(), u.Port()
		r.Path = u.Path
	} else {
		host, path, ok := scpLike(raw)
		if !ok {
			return Remote{}, fmt.Errorf("remote %q is a local path, not a code host", redact(raw))
		}
		r.Scheme = "ssh"
		r.Host = strings.Trim(host, "[]")
		if h, p, err := net.SplitHostPort(r.Host); err == nil {
			r.Host, r.Port = h, p // [host:port]:path
		}
		r.Path = path
	}
	r.Host = strings.ToLower(r.Host)
	if r.Host == "" {
		return Remote{}, fmt.Errorf("remote URL %q has no host", redact(raw))
	}
	p := strings.Trim(r.Path, "/")
	p = strings.TrimPrefix(p, "~") // ssh://host/~user/repo: the repository still reads user/repo
	p = strings.TrimSuffix(strings.TrimSuffix(p, "/"), ".git")
	p = strings.Trim(p, "/")
	if p == "" || !strings.Contains(p, "/") {
		return Remote{}, fmt.Errorf("remote URL %q does not name an owner and a repository", redact(raw))
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return Remote{}, fmt.Errorf("remote URL %q has a malformed repository path", redact(raw))
		}
	}
	r.Path = p
	i := strings.LastIndexByte(p, '/')
	r.Owner, r.Name = p[:i], p[i+1:]
	return r, nil
}

// scpLike splits git's [user@]host:path form. As git does, it is that
// form only when a colon comes before any slash (a bracketed host may
// hold colons); otherwise the string is a local path.
func scpLike(s string) (host, path string, ok bool) {
	rest := s
	if at := strings.IndexByte(rest, '@'); at >= 0 && !strings.ContainsAny(rest[:at], "/:") {
		rest = rest[at+1:]
	}
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 || end+1 >= len(rest) || rest[end+1] != ':' {
			return "", "", false
		}
		return rest[:end+1], rest[end+2:], true
	}
	colon := strings.IndexByte(rest, ':')
	if colon <= 0 {
		return "", "", false
	}
	if slash := strings.IndexByte(rest, '/'); slash >= 0 && slash < colon {
		return "", "", false
	}
	if colon == 1 && len(s) > 2 && (s[2] == '\\' || s[2] == '/') {
		return "", "", false // C:\repo or C:/repo: a Windows path
	}
	return rest[:colon], rest[colon+1:], true
}

// aliases are the SSH-over-443 hosts that stand for the forge's own.
var aliases = map[string]string{
	"ssh.github.com":       "github.com",
	"altssh.gitlab.com":    "gitlab.com",
	"altssh.bitbucket.org": "bitbucket.org",
}

// WebHost is the host of the forge's web and API: the SSH aliases some
// forges serve on port 443 map to their main host.
func (r Remote) WebHost() string {
	if a, ok := aliases[r.Host]; ok {
		return a
	}
	return r.Host
}

// public are the hosted services reef knows by name.
var public = map[string]forge.Kind{
	"github.com":    forge.GitHub,
	"gitlab.com":    forge.GitLab,
	"bitbucket.org": forge.Bitbucket,
	"gitea.com":     forge.Gitea,
	"codeberg.org":  forge.Gitea, // Forgejo
}

// Kind says which forge family runs on host: the user's map first (self-
// hosted GitHub Enterprise, GitLab, Gitea), then the public services,
// then a host named after its software (gitlab.example.com). ok is false
// when there is no telling.
func Kind(host string, hosts map[string]forge.Kind) (forge.Kind, bool) {
	host = strings.ToLower(host)
	if a, ok := aliases[host]; ok {
		host = a
	}
	for h, k := range hosts {
		if strings.EqualFold(h, host) {
			return k, true
		}
	}
	if k, ok := public[host]; ok {
		return k, true
	}
	for _, label := range strings.Split(host, ".") {
		switch label {
		case "gitlab":
			return forge.GitLab, true
		case "gitea", "forgejo":
			return forge.Gitea, true
		case "github":
			return forge.GitHub, true
		case "bitbucket":
			// Bitbucket Server/Data Center speaks another API than Cloud.
			return "", false
		}
	}
	return "", false
}

// APIURL is the REST API base of kind for the remote's host, without a
// trailing slash: api.github.com for github.com and /api/v3 on GitHub
// Enterprise, /api/v4 on GitLab, api.bitbucket.org/2.0, /api/v1 on Gitea.
// An https or http remote keeps its scheme and port; an SSH remote's API
// is https on the default port.
func APIURL(kind forge.Kind, r Remote) string {
	host, scheme, port := r.WebHost(), "https", ""
	if r.Scheme == "http" || r.Scheme == "https" {
		scheme, port = r.Scheme, r.Port
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // an IPv6 address
	}
	base := scheme + "://" + host
	switch kind {
	case forge.GitHub:
		if host == "github.com" {
			return "https://api.github.com"
		}
		return base + "/api/v3"
	case forge.GitLab:
		return base + "/api/v4"
	case forge.Bitbucket:
		if host == "bitbucket.org" {
			return "https://api.bitbucket.org/2.0"
		}
		return base + "/2.0"
	case forge.Gitea:
		return base + "/api/v1"
	}
	return base
}

// redact drops a password from a URL before it is shown: remotes like
// https://user:token@host/repo exist.
func redact(raw string) string {
	if i := strings.Index(raw, "://"); i > 0 {
		rest := raw[i+3:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			return raw[:i+3] + "***@" + rest[at+1:]
		}
	}
	return raw
}

// cleanURLError is url.Parse's reason without the URL it quotes (which
// may hold a password).
func cleanURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}
