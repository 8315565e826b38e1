package config

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ForgeHost is a code host named in the config file: which forge it runs
// (for self-hosted GitHub Enterprise, GitLab and Gitea, which reef cannot
// tell by name), where its API is, and optionally its credentials and CA.
type ForgeHost struct {
	Kind     string // github | gitlab | bitbucket | gitea
	APIURL   string // "" derives it from the host
	Token    string // used after the environment's token variables
	Username string // with Token, Basic auth (Bitbucket API tokens)
	CAFile   string // an extra CA for this host; TLS is never turned off
}

// forgeKinds are the kinds reef has adapters for.
var forgeKinds = []string{"github", "gitlab", "bitbucket", "gitea"}

// forges reads the forges section: host (with an optional :port) to its
// settings.
func (p *parser) forges(n *yaml.Node, c *Config, env []string) {
	p.each(n, "forges", nil, func(key string, k, v *yaml.Node) {
		host := strings.ToLower(k.Value)
		if host == "" || strings.ContainsAny(host, "/ @") {
			p.fail(k, key, "expected a host name such as git.example.com (with an optional :port), not a URL")
			return
		}
		var h ForgeHost
		kindGiven := false // a wrong kind is reported once, as wrong
		p.each(v, key, []string{"kind", "api_url", "token", "username", "ca_file"}, func(sub string, sk, sv *yaml.Node) {
			s, ok := p.str(sv, sub)
			if !ok {
				return
			}
			switch sk.Value {
			case "kind":
				kindGiven = true
				if !slices.Contains(forgeKinds, strings.ToLower(s)) {
					p.fail(sv, sub, "%q is not a forge reef knows: %s", s, strings.Join(forgeKinds, ", "))
					return
				}
				h.Kind = strings.ToLower(s)
			case "api_url":
				u, err := url.Parse(s)
				if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					p.fail(sv, sub, "%q is not an http(s) URL such as https://%s/api/v4", s, host)
					return
				}
				h.APIURL = s
			case "token":
				h.Token = s
			case "username":
				h.Username = s
			case "ca_file":
				path := s
				if rest, ok := strings.CutPrefix(s, "~/"); ok {
					path = filepath.Join(lookup(env, "HOME"), rest)
				}
				if _, err := os.Stat(path); err != nil {
					p.fail(sv, sub, "cannot read %s (%s)", s, cause(err))
					return
				}
				h.CAFile = path
			}
		})
		if h.Kind == "" {
			if kindGiven {
				return
			}
			p.fail(k, key, "says no kind: add kind: github, gitlab, bitbucket or gitea")
			return
		}
		if c.Forges == nil {
			c.Forges = map[string]ForgeHost{}
		}
		c.Forges[host] = h
	})
}
