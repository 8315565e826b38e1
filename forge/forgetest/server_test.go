package forgetest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder collects what the server reports instead of failing the test,
// so the strictness itself can be tested.
type recorder struct {
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errs, "\n")
}

// strictServer runs f against a server reporting to a recorder, ends the
// server as the test's cleanup would, and returns what it reported.
func strictServer(t *testing.T, f func(s *Server)) string {
	t.Helper()
	rec := &recorder{}
	var s *Server
	t.Run("inner", func(t *testing.T) {
		s = newServer(t, rec)
		f(s)
	})
	return rec.all()
}

func get(t *testing.T, s *Server, method, path string, hdr map[string]string, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServerAnswersMatchingStub(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.Stub(Stub{Method: "GET", Path: "/repos/o/r/pulls", Query: map[string]string{"state": "open", "page": Absent},
			Header: map[string]string{"Authorization": "Bearer tok"}, RespBody: []byte(`[1]`), RespHeader: map[string]string{"Link": "x"}})
		s.Stub(Stub{Method: "GET", Path: "/repos/o/r/pulls", Query: map[string]string{"page": "2"}, RespBody: []byte(`[2]`)})
		s.Stub(Stub{Method: "GET", Path: "/api/v4/projects/g%2Fs%2Fr", Status: 404, RespBody: []byte(`{"message":"404 Not Found"}`)})
		var gotBody string
		s.Stub(Stub{Method: "POST", Path: "/c", Body: func(t *testing.T, b []byte) { gotBody = string(b) }, Status: 201, Times: 2})

		if code, b := get(t, s, "GET", "/repos/o/r/pulls?state=open&per_page=100", map[string]string{"Authorization": "Bearer tok"}, ""); code != 200 || b != "[1]" {
			t.Errorf("page 1: %d %s", code, b)
		}
		if code, b := get(t, s, "GET", "/repos/o/r/pulls?state=open&page=2", nil, ""); code != 200 || b != "[2]" {
			t.Errorf("page 2: %d %s", code, b)
		}
		if code, _ := get(t, s, "GET", "/api/v4/projects/g%2Fs%2Fr", nil, ""); code != 404 {
			t.Errorf("escaped path: %d", code)
		}
		get(t, s, "POST", "/c", nil, `{"a":1}`)
		get(t, s, "POST", "/c", nil, `{"a":2}`)
		if gotBody != `{"a":2}` {
			t.Errorf("body check saw %q", gotBody)
		}
		if n := len(s.Requests()); n != 5 {
			t.Errorf("%d requests recorded", n)
		}
	})
	if errs != "" {
		t.Errorf("matching requests were reported:\n%s", errs)
	}
}

func TestServerFailsOnUnexpectedRequest(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.Stub(Stub{Path: "/a", Query: map[string]string{"state": "open"}, Header: map[string]string{"Authorization": "Bearer secret-token"}})
		code, _ := get(t, s, "GET", "/a?state=closed", map[string]string{"Authorization": "Bearer other-token"}, "")
		if code != http.StatusNotImplemented {
			t.Errorf("status %d for an unexpected request", code)
		}
		get(t, s, "GET", "/a?state=open", map[string]string{"Authorization": "Bearer secret-token"}, "")
	})
	for _, want := range []string{"unexpected request GET /a?state=closed", `wants query state="open", got ["closed"]`, "Bearer <redacted>"} {
		if !strings.Contains(errs, want) {
			t.Errorf("report lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "secret-token") || strings.Contains(errs, "other-token") {
		t.Errorf("report shows a token:\n%s", errs)
	}
}

func TestServerFailsOnUnusedStub(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.Stub(Stub{Path: "/once"})
		s.Stub(Stub{Path: "/twice", Times: 2})
		s.Stub(Stub{Path: "/maybe", Times: AnyTimes})
		get(t, s, "GET", "/twice", nil, "")
	})
	if !strings.Contains(errs, "stub GET /once used 0 time(s), want 1") || !strings.Contains(errs, "stub GET /twice used 1 time(s), want 2") {
		t.Errorf("unused stubs not reported:\n%s", errs)
	}
	if strings.Contains(errs, "/maybe") {
		t.Errorf("AnyTimes stub reported:\n%s", errs)
	}
}

func TestServerFailsOnExtraUse(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.Stub(Stub{Path: "/once"})
		get(t, s, "GET", "/once", nil, "")
		get(t, s, "GET", "/once", nil, "")
	})
	if !strings.Contains(errs, "already used 1 time(s)") {
		t.Errorf("second use not reported:\n%s", errs)
	}
}

func TestServerRequiredHeader(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.RequireHeader("X-GitHub-Api-Version", "2022-11-28")
		s.Stub(Stub{Path: "/a"})
		get(t, s, "GET", "/a", nil, "")
	})
	if !strings.Contains(errs, "header X-Github-Api-Version") {
		t.Errorf("missing header not reported:\n%s", errs)
	}
}

func TestServerDelayEndsWithClient(t *testing.T) {
	errs := strictServer(t, func(s *Server) {
		s.Stub(Stub{Path: "/slow", Delay: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/slow", nil)
		start := time.Now()
		if _, err := s.Client().Do(req); err == nil {
			t.Error("slow request answered")
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("cancel took %v", d)
		}
	})
	if errs != "" {
		t.Errorf("reported: %s", errs)
	}
}

func TestFixture(t *testing.T) {
	if b := Fixture(t, "README.md"); !strings.Contains(string(b), "forgetest") {
		t.Errorf("fixture read %q", b)
	}
}
