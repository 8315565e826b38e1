// Package httpx is the HTTP plumbing every forge adapter shares: a client
// that sends the credentials to the API's own host only (not across a
// redirect to another), verifies TLS with the system's roots plus an
// optional CA file, has timeouts; the mapping of HTTP failures to
// forge errors with what to do; and token redaction.
package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"reef/forge"
	"reef/forge/creds"
)

// Options describe the client for one forge.
type Options struct {
	Kind forge.Kind
	// BaseURL is the API root (https://api.github.com, https://HOST/api/v4).
	// Credentials go only to requests with its scheme, host and port.
	BaseURL string
	// Credential may be zero: requests then go anonymously.
	Credential creds.Credential
	// AuthScheme replaces "Bearer" for a token without a username
	// ("token" for Gitea's SDK habits); Basic is used with a username.
	AuthScheme string
	// CAFile names PEM certificates trusted in addition to the system's
	// (a company CA in front of a self-hosted forge). TLS verification is
	// never turned off.
	CAFile string
	// Timeout bounds a whole request, body included; 0 is one minute.
	Timeout time.Duration
	// UserAgent is sent with every request; "" is "reef".
	UserAgent string
	// Transport is the base transport (tests); nil is a copy of
	// http.DefaultTransport.
	Transport http.RoundTripper
}

// maxRedirects bounds a redirect chain (Bitbucket's diff redirects once).
const maxRedirects = 10

// New returns the http.Client adapters send their requests with.
func New(o Options) (*http.Client, error) {
	base, err := url.Parse(o.BaseURL)
	if err != nil || base.Host == "" || (base.Scheme != "https" && base.Scheme != "http") {
		return nil, fmt.Errorf("API URL %q is not an http(s) URL", Redact(o.BaseURL))
	}
	rt := o.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	if o.CAFile != "" {
		rt, err = withCA(rt, o.CAFile)
		if err != nil {
			return nil, err
		}
	}
	org := originOf(base)
	ua := o.UserAgent
	if ua == "" {
		ua = "reef"
	}
	t := &authTransport{base: rt, origin: org, cred: o.Credential, scheme: o.AuthScheme, ua: ua}
	timeout := o.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	return &http.Client{
		Transport: t,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if via[len(via)-1].URL.Scheme == "https" && req.URL.Scheme != "https" {
				return fmt.Errorf("refused a redirect from https to %s", req.URL.Scheme)
			}
			// Go forwards Authorization to the same domain and its
			// subdomains, and other headers (PRIVATE-TOKEN) anywhere: keep
			// credentials for the API's own origin only.
			if originOf(req.URL) != org {
				stripCredentials(req.Header)
			}
			return nil
		},
	}, nil
}

// origin is scheme, host and port, the unit credentials are scoped to.
type origin struct{ scheme, host, port string }

func originOf(u *url.URL) origin {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[scheme]
	}
	return origin{scheme, strings.ToLower(strings.TrimSuffix(u.Hostname(), ".")), port}
}

// credentialHeaders are the headers that carry a forge credential.
var credentialHeaders = []string{"Authorization", "Private-Token", "Job-Token", "Cookie"}

func stripCredentials(h http.Header) {
	for _, k := range credentialHeaders {
		h.Del(k)
	}
}

// authTransport puts the credential on requests to the API's origin and
// takes every credential header off requests to any other, whoever set
// it (an SDK adds its own).
type authTransport struct {
	base   http.RoundTripper
	origin origin
	cred   creds.Credential
	scheme string
	ua     string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context()) // a RoundTripper must not change the caller's request
	if originOf(r.URL) != t.origin {
		stripCredentials(r.Header)
	} else if !t.cred.IsZero() && r.Header.Get("Authorization") == "" && r.Header.Get("Private-Token") == "" {
		name, value := t.cred.Header()
		if t.cred.Username == "" && t.scheme != "" {
			value = t.scheme + " " + t.cred.Token()
		}
		r.Header.Set(name, value)
	}
	if r.Header.Get("User-Agent") == "" {
		r.Header.Set("User-Agent", t.ua)
	}
	return t.base.RoundTrip(r)
}

// withCA returns a copy of rt trusting the system roots and the PEM
// certificates in file.
func withCA(rt http.RoundTripper, file string) (http.RoundTripper, error) {
	tr, ok := rt.(*http.Transport)
	if !ok {
		return nil, errors.New("a CA file needs an *http.Transport")
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("CA file %s: %v", file, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", file)
	}
	tr = tr.Clone()
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if tr.TLSClientConfig != nil {
		cfg = tr.TLSClientConfig.Clone()
	}
	cfg.RootCAs = pool
	cfg.InsecureSkipVerify = false
	tr.TLSClientConfig = cfg
	return tr, nil
}
