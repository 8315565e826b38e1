// Package forgetest is the contract every forge adapter passes: a strict
// fake forge (Server) that replays recorded payloads and checks every
// request, and Run, the scenarios each adapter's harness answers.
package forgetest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// AnyTimes as Stub.Times lets a stub be used any number of times,
// including never (a version probe an adapter may cache, say).
const AnyTimes = -1

// Any as a Query or Header value requires the key to be present with
// any value.
const Any = "*"

// Absent as a Query or Header value requires the key to be missing.
const Absent = "<absent>"

// Stub is one expected request and its answer.
type Stub struct {
	Method string // GET, POST...
	// Path is the request path, matched against both the escaped form
	// (/projects/group%2Frepo) and the decoded one.
	Path string
	// Query and Header are required keys: the value must equal (or be
	// Any or Absent). Other keys are allowed.
	Query, Header map[string]string
	// Body checks the request body; it runs on the server's goroutine,
	// so report with t.Errorf, never t.Fatal.
	Body func(t *testing.T, body []byte)

	Status     int // 0 is 200
	RespHeader map[string]string
	RespBody   []byte
	// Times is how many requests this stub answers and must answer: 0
	// is once, AnyTimes is unchecked.
	Times int
	// Delay holds the answer back (for timeouts and cancellation); a
	// request cancelled by its client ends the wait.
	Delay time.Duration
}

// Request is a request the server received, for tests that look closer.
type Request struct {
	Method string
	Path   string // escaped
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Server is a strict fake forge on 127.0.0.1: every request must match a
// registered stub or the test fails, and every stub must be used as many
// times as it says (checked when the test ends).
type Server struct {
	URL string // http://127.0.0.1:PORT, no trailing slash

	t     *testing.T
	rep   reporter // t, or a recorder in forgetest's own tests
	token string   // taken out of what the server reports (Run sets it)
	srv   *httptest.Server
	done  chan struct{}

	mu       sync.Mutex
	stubs    []*entry
	required map[string]string
	requests []Request
}

type entry struct {
	Stub
	used int
}

// NewServer starts a fake forge that lives until the test ends.
func NewServer(t *testing.T) *Server {
	t.Helper()
	return newServer(t, t)
}

// reporter is where the server reports mismatches.
type reporter interface {
	Errorf(format string, args ...any)
}

// errorf reports without the harness's token: test logs are published.
func (s *Server) errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s.token != "" {
		msg = strings.ReplaceAll(msg, s.token, "<token>")
	}
	s.rep.Errorf("%s", msg)
}

func newServer(t *testing.T, rep reporter) *Server {
	s := &Server{t: t, rep: rep, done: make(chan struct{}), required: map[string]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(func() {
		close(s.done) // end every Delay so Close does not wait on them
		s.srv.Close()
		s.verify()
	})
	return s
}

// Client is an http.Client for the server (no proxy, no shared pool).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Stub registers an expected request. Stubs are tried in the order they
// were added; a stub that has answered its Times requests is skipped, so
// two stubs for the same request answer in turn.
func (s *Server) Stub(st Stub) {
	if st.Method == "" {
		st.Method = http.MethodGet
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stubs = append(s.stubs, &entry{Stub: st})
}

// RequireHeader makes every request carry the header (the credentials,
// an API version): a request without it fails the test even when a stub
// matches.
func (s *Server) RequireHeader(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.required[http.CanonicalHeaderKey(name)] = value
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	req := Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}

	s.mu.Lock()
	s.requests = append(s.requests, req)
	for k, v := range s.required {
		if !valueMatches(v, r.Header.Values(k)) {
			s.mu.Unlock()
			s.errorf("forgetest: %s %s: header %s is %q, want %q", r.Method, r.URL.RequestURI(), k, redactHeader(k, r.Header.Get(k)), redactHeader(k, v))
			http.Error(w, `{"message":"forgetest: missing required header"}`, http.StatusTeapot)
			return
		}
	}
	var match *entry
	for _, e := range s.stubs {
		if (e.Times == AnyTimes || e.used < max(e.Times, 1)) && e.matches(r) {
			match = e
			break
		}
	}
	if match == nil {
		msg := s.explainLocked(r)
		s.mu.Unlock()
		s.errorf("forgetest: unexpected request %s %s%s", r.Method, r.URL.RequestURI(), msg)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprintf(w, `{"message":"forgetest: no stub for %s %s"}`, r.Method, r.URL.Path)
		return
	}
	match.used++
	st := match.Stub
	s.mu.Unlock()

	if st.Body != nil {
		st.Body(s.t, body)
	}
	if st.Delay > 0 {
		timer := time.NewTimer(st.Delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
	}
	for k, v := range st.RespHeader {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		trimmed := bytes.TrimSpace(st.RespBody)
		if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
	}
	status := st.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	w.Write(st.RespBody)
}

func (e *entry) matches(r *http.Request) bool {
	if e.Method != r.Method {
		return false
	}
	if e.Path != r.URL.EscapedPath() && e.Path != r.URL.Path {
		return false
	}
	q := r.URL.Query()
	for k, v := range e.Query {
		if !valueMatches(v, q[k]) {
			return false
		}
	}
	for k, v := range e.Header {
		if !valueMatches(v, r.Header.Values(k)) {
			return false
		}
	}
	return true
}

func valueMatches(want string, got []string) bool {
	switch want {
	case Absent:
		return len(got) == 0
	case Any:
		return len(got) > 0
	}
	return len(got) > 0 && got[0] == want
}

// explainLocked names the stubs that nearly matched, so a failure says
// which query key or header was off rather than only "unexpected".
func (s *Server) explainLocked(r *http.Request) string {
	var b strings.Builder
	q := r.URL.Query()
	for _, e := range s.stubs {
		if e.Method != r.Method || (e.Path != r.URL.EscapedPath() && e.Path != r.URL.Path) {
			continue
		}
		if e.Times != AnyTimes && e.used >= max(e.Times, 1) {
			fmt.Fprintf(&b, "\n\tstub %s %s already used %d time(s)", e.Method, e.Path, e.used)
			continue
		}
		for _, k := range sortedKeys(e.Query) {
			if !valueMatches(e.Query[k], q[k]) {
				fmt.Fprintf(&b, "\n\tstub %s %s wants query %s=%q, got %q", e.Method, e.Path, k, e.Query[k], q[k])
			}
		}
		for _, k := range sortedKeys(e.Header) {
			if !valueMatches(e.Header[k], r.Header.Values(k)) {
				fmt.Fprintf(&b, "\n\tstub %s %s wants header %s=%q, got %q", e.Method, e.Path, k,
					redactHeader(k, e.Header[k]), redactHeader(k, r.Header.Get(k)))
			}
		}
	}
	if b.Len() == 0 {
		var paths []string
		for _, e := range s.stubs {
			paths = append(paths, e.Method+" "+e.Path)
		}
		fmt.Fprintf(&b, "\n\tstubs: %s", strings.Join(paths, ", "))
	}
	return b.String()
}

// redactHeader keeps credentials out of test logs: a failing test's
// output is published by CI.
func redactHeader(name, v string) string {
	switch http.CanonicalHeaderKey(name) {
	case "Authorization", "Private-Token", "Job-Token", "Cookie":
		if v == "" || v == Any || v == Absent {
			return v
		}
		if i := strings.IndexByte(v, ' '); i > 0 {
			return v[:i] + " <redacted>"
		}
		return "<redacted>"
	}
	return v
}

func (s *Server) verify() {
	if s.t.Skipped() {
		return // a skipped scenario's stubs are not its failures
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.stubs {
		if e.Times == AnyTimes {
			continue
		}
		if want := max(e.Times, 1); e.used != want {
			s.errorf("forgetest: stub %s %s used %d time(s), want %d", e.Method, e.Path, e.used, want)
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Fixture reads testdata/<path> of the calling test's package (go test
// runs in the package directory).
func Fixture(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(path)))
	if err != nil {
		t.Fatalf("forgetest: fixture: %v", err)
	}
	return b
}
