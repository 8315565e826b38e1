// Package creds finds the token for a forge host: the environment, reef's
// config, the gh and glab CLIs' config files, then git's credential
// helpers. A Credential never prints its token.
package creds

import (
	"encoding/base64"
	"fmt"
)

// Credential is a token for one host. Its String, GoString, Format and
// MarshalText never show the token, and the token is held by a closure,
// so that a Credential in another struct's unexported field (which fmt
// prints by reflection, without calling those methods) shows an address.
type Credential struct {
	Host     string // the host it belongs to (as the web and git use it: github.com)
	Username string // set for Basic auth (Bitbucket API tokens, git credential users)
	Source   string // where it was found: "GITHUB_TOKEN", "~/.config/gh/hosts.yml", "git credential"
	token    func() string
}

// New makes a credential; username is for Basic auth and "" for a bearer
// token.
func New(host, username, token, source string) Credential {
	c := Credential{Host: host, Username: username, Source: source}
	if token != "" {
		c.token = func() string { return token }
	}
	return c
}

// Token is the secret. Call it only to put it on a request.
func (c Credential) Token() string {
	if c.token == nil {
		return ""
	}
	return c.token()
}

// IsZero reports whether there is no token.
func (c Credential) IsZero() bool { return c.token == nil }

// Header is the Authorization header carrying the credential: Basic
// with a username, Bearer without (GitHub, GitLab and Gitea take Bearer
// for personal tokens; Bitbucket for access tokens).
func (c Credential) Header() (name, value string) {
	if c.Username != "" {
		return "Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Token()))
	}
	return "Authorization", "Bearer " + c.Token()
}

// String says whose token it is and where it came from, never the token.
func (c Credential) String() string {
	if c.IsZero() {
		return "no credential for " + c.Host
	}
	s := "token for " + c.Host
	if c.Username != "" {
		s = "token of " + c.Username + " for " + c.Host
	}
	if c.Source != "" {
		s += " from " + c.Source
	}
	return s
}

// GoString keeps %#v from printing the unexported token field.
func (c Credential) GoString() string {
	return fmt.Sprintf("creds.Credential{Host:%q, Username:%q, Source:%q, token:<redacted>}", c.Host, c.Username, c.Source)
}

// Format serves every verb (%v, %+v, %s, %q, %x...) with String, so no
// verb reaches the token field.
func (c Credential) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, c.GoString())
			return
		}
	case 'q':
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	fmt.Fprint(f, c.String())
}

// MarshalText makes JSON, YAML and the like print String.
func (c Credential) MarshalText() ([]byte, error) { return []byte(c.String()), nil }
