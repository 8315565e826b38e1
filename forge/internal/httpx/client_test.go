package httpx

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"reef/forge"
	"reef/forge/creds"
)

const token = "tok-9f8e7d6c5b4a"

// seen records the credential headers each server received.
type seen struct {
	mu   sync.Mutex
	hdrs []http.Header
}

func (s *seen) handler(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hdrs = append(s.hdrs, r.Header.Clone())
		s.mu.Unlock()
		next(w, r)
	}
}

func (s *seen) leaked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, h := range s.hdrs {
		for k, vs := range h {
			for _, v := range vs {
				if strings.Contains(v, token) || k == "Authorization" || k == "Private-Token" {
					out = append(out, k+": "+v)
				}
			}
		}
	}
	return out
}

func newClient(t *testing.T, base string, cred creds.Credential) *http.Client {
	t.Helper()
	c, err := New(Options{Kind: forge.Bitbucket, BaseURL: base, Credential: cred})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func get(t *testing.T, c *http.Client, rawURL string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", rawURL, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestTokenNotSentAcrossRedirectToAnotherHost(t *testing.T) {
	var other seen
	elsewhere := httptest.NewServer(other.handler(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "diff --git") }))
	defer elsewhere.Close()
	var api seen
	apiSrv := httptest.NewServer(api.handler(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/2.0/diff":
			http.Redirect(w, r, elsewhere.URL+"/raw", http.StatusFound)
		case "/2.0/diff-same":
			http.Redirect(w, r, "/2.0/raw", http.StatusFound)
		case "/2.0/raw":
			io.WriteString(w, "same host")
		}
	}))
	defer apiSrv.Close()

	cred := creds.New("bitbucket.org", "", token, "test")
	c := newClient(t, apiSrv.URL+"/2.0", cred)

	// Another port on the same host: Go's client would forward
	// Authorization there (it compares host names only) and any custom
	// header such as PRIVATE-TOKEN to any host at all.
	resp, body := get(t, c, apiSrv.URL+"/2.0/diff", "Private-Token", token)
	if resp.StatusCode != 200 || body != "diff --git" {
		t.Fatalf("redirect not followed: %d %q", resp.StatusCode, body)
	}
	if l := other.leaked(); len(l) > 0 {
		t.Errorf("credentials reached the other host: %q", l)
	}
	if n := len(api.hdrs); n != 1 || api.hdrs[0].Get("Private-Token") != token {
		t.Errorf("the API got %d requests, without the SDK's PRIVATE-TOKEN", n)
	}

	// A redirect within the API's host keeps the credentials.
	api.hdrs = nil
	if _, body := get(t, c, apiSrv.URL+"/2.0/diff-same"); body != "same host" {
		t.Fatalf("same-host redirect: %q", body)
	}
	for i, h := range api.hdrs {
		if h.Get("Authorization") != "Bearer "+token {
			t.Errorf("same-host request %d lost its credentials", i)
		}
	}

	// A URL on another host given directly (a pagination link, a
	// redirect to localhost, which Go treats as another domain) gets none.
	other.hdrs = nil
	get(t, c, strings.Replace(elsewhere.URL, "127.0.0.1", "localhost", 1)+"/raw", "Authorization", "Bearer "+token)
	if l := other.leaked(); len(l) > 0 {
		t.Errorf("credentials sent to another host directly: %q", l)
	}
}

func TestNoCredentialsOverPlainHTTPOfTheSameHost(t *testing.T) {
	var s seen
	srv := httptest.NewServer(s.handler(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	// The API is https on this host; an http request to it carries nothing.
	c := newClient(t, "https://"+u.Host+"/api/v4", creds.New(u.Hostname(), "", token, "test"))
	get(t, c, srv.URL+"/api/v4/projects")
	if l := s.leaked(); len(l) > 0 {
		t.Errorf("credentials sent over http: %q", l)
	}
}

func TestRefusesRedirectFromHTTPSToHTTP(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/x", http.StatusFound)
	}))
	defer tlsSrv.Close()
	c, err := New(Options{BaseURL: tlsSrv.URL, CAFile: writeCA(t, tlsSrv), Credential: creds.New("h", "", token, "")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Get(tlsSrv.URL + "/api")
	if err == nil || !strings.Contains(err.Error(), "refused a redirect from https to http") {
		t.Errorf("downgrade followed: %v", err)
	}
}

func writeCA(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	path := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCustomCA(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()

	c, err := New(Options{BaseURL: srv.URL, CAFile: writeCA(t, srv)})
	if err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, c, srv.URL); body != "ok" {
		t.Errorf("with the CA file: %q", body)
	}

	// Without it, the server's certificate is unknown and refused.
	c, _ = New(Options{BaseURL: srv.URL})
	_, err = c.Get(srv.URL)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown CA was accepted: %v", err)
	}

	// Another CA does not vouch for this server.
	c, _ = New(Options{BaseURL: srv.URL, CAFile: otherCA(t)})
	if _, err = c.Get(srv.URL); err == nil {
		t.Error("a certificate signed by another CA was accepted")
	}

	for _, bad := range []string{filepath.Join(t.TempDir(), "missing.pem"), writeFile(t, "not a certificate")} {
		if _, err := New(Options{BaseURL: srv.URL, CAFile: bad}); err == nil {
			t.Errorf("CA file %s accepted", bad)
		}
	}
}

// otherCA writes a freshly made CA certificate (httptest's servers all
// share one).
func otherCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "other CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
}

func writeFile(t *testing.T, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte(data), 0o644)
	return p
}

func TestBadBaseURL(t *testing.T) {
	for _, u := range []string{"", "api.github.com", "ftp://h/x", "https://user:" + token + "@/x"} {
		_, err := New(Options{BaseURL: u})
		if err == nil {
			t.Errorf("New(%q) accepted", u)
		} else if strings.Contains(err.Error(), token) {
			t.Errorf("error shows the token: %v", err)
		}
	}
}

func TestTransportErrorsHideToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	addr := srv.URL
	srv.Close() // nothing listens now
	cred := creds.New("h", "", token, "test")
	c := newClient(t, addr, cred)
	m := Mapper{Kind: forge.GitLab, Host: "h", Credential: cred}

	_, err := c.Get(addr + "/api/v4/projects?private_token=" + token)
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	err = m.Transport("list merge requests", err)
	checkNoToken(t, err)
	var fe *forge.Error
	if !errors.As(err, &fe) || fe.Status != 0 || fe.Hint == "" {
		t.Errorf("not a forge error with a hint: %#v", err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		t.Errorf("the *url.Error is gone: %v", err)
	}
	// An error whose text holds the token anywhere in its chain.
	inner := fmt.Errorf("dial https://x?token=%s: refused", token)
	err = m.Transport("op", fmt.Errorf("wrapped: %w", inner))
	checkNoToken(t, err)
}

func checkNoToken(t *testing.T, err error) {
	t.Helper()
	for e := err; e != nil; e = errors.Unwrap(e) {
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(f, e); strings.Contains(s, token) {
				t.Errorf("token in %T printed with %s: %s", e, f, s)
			}
		}
	}
}

func TestTimeoutAndCancel(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	m := Mapper{Kind: forge.GitHub, Host: "github.com"}

	c, _ := New(Options{BaseURL: srv.URL, Timeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := c.Get(srv.URL)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("client timeout: %v after %v", err, time.Since(start))
	}
	err = m.Transport("get pull request", err)
	if !strings.Contains(err.Error(), "get pull request") || !strings.Contains(err.Error(), "in time") {
		t.Errorf("timeout error: %v", err)
	}

	c, _ = New(Options{BaseURL: srv.URL})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	_, err = c.Do(req)
	if err = m.Transport("op", err); !errors.Is(err, context.Canceled) {
		t.Errorf("cancel: %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ = http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	_, err = c.Do(req)
	if err = m.Transport("op", err); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
}

func TestAuthScheme(t *testing.T) {
	var s seen
	srv := httptest.NewServer(s.handler(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	for _, tt := range []struct {
		opt  Options
		want string
	}{
		{Options{Credential: creds.New("h", "", token, "")}, "Bearer " + token},
		{Options{Credential: creds.New("h", "", token, ""), AuthScheme: "token"}, "token " + token},
		{Options{Credential: creds.New("h", "jdoe", "pw", ""), AuthScheme: "token"}, "Basic amRvZTpwdw=="},
	} {
		s.hdrs = nil
		tt.opt.BaseURL = srv.URL
		c, _ := New(tt.opt)
		get(t, c, srv.URL+"/x")
		if got := s.hdrs[0].Get("Authorization"); got != tt.want {
			t.Errorf("Authorization %q, want %q", got, tt.want)
		}
		if ua := s.hdrs[0].Get("User-Agent"); ua != "reef" {
			t.Errorf("User-Agent %q", ua)
		}
	}
	// A header the SDK set itself is left alone on the API's host.
	s.hdrs = nil
	c, _ := New(Options{BaseURL: srv.URL, Credential: creds.New("h", "", token, "")})
	get(t, c, srv.URL, "Private-Token", "sdk")
	if h := s.hdrs[0]; h.Get("Private-Token") != "sdk" || h.Get("Authorization") != "" {
		t.Errorf("SDK header replaced: %v", h)
	}
}
