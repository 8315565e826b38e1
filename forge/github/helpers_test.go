package github

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"testing"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/forgetest"
	"reef/forge/internal/httpx"
)

const (
	testToken = "ghp_reefTestToken0123456789abcdefABCDEF"
	owner     = "octocat"
	repo      = "Hello-World"
	headSHA   = "6dcb09b5b57875f334f61aebed695e2e4193db5e" // the examples' head commit
)

// newTestForge builds the adapter against a fake server with apiPath as
// the REST root ("/" as on github.com, "/api/v3/" as on GHES), through
// the authenticating client reef uses. Every request must carry the
// token and the API version.
func newTestForge(t *testing.T, s *forgetest.Server, apiPath string) *Forge {
	t.Helper()
	s.RequireHeader("Authorization", "Bearer "+testToken)
	s.RequireHeader("X-GitHub-Api-Version", APIVersion)
	return newForgeAt(t, s.URL, apiPath)
}

func newForgeAt(t *testing.T, serverURL, apiPath string) *Forge {
	t.Helper()
	u, err := url.Parse(serverURL)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New(httpx.Options{
		Kind:       forge.GitHub,
		BaseURL:    serverURL + apiPath,
		Credential: creds.New(u.Host, "", testToken, "test"),
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := New(Config{APIURL: serverURL + apiPath, Owner: owner, Repo: repo, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fixture reads a recorded payload under testdata/.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	return forgetest.Fixture(t, name)
}

// derive changes a recorded payload the way a test needs (an id, a line
// made null), keeping everything else as GitHub sent it. Each use says
// why in its caller.
func derive(t *testing.T, raw []byte, edit func(v any) any) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("derive: %v", err)
	}
	b, err := json.Marshal(edit(v))
	if err != nil {
		t.Fatalf("derive: %v", err)
	}
	return b
}

// set writes fields into a JSON object (nil makes a field null).
func set(fields map[string]any) func(v any) any {
	return func(v any) any {
		m := v.(map[string]any)
		for k, x := range fields {
			m[k] = x
		}
		return m
	}
}

// absent as a wanted body value requires the field to be missing.
type absentField struct{}

var absent absentField

// wantJSON returns a stub body check: each key must hold the value
// (numbers as float64, as encoding/json reads them) or be absent.
func wantJSON(want map[string]any) func(t *testing.T, body []byte) {
	return func(t *testing.T, body []byte) {
		var got map[string]any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("request body %q is not a JSON object: %v", body, err)
			return
		}
		for k, w := range want {
			g, ok := got[k]
			switch {
			case w == absent:
				if ok {
					t.Errorf("request body has %s = %v, want it absent", k, g)
				}
			case !ok:
				t.Errorf("request body lacks %s (want %v)", k, w)
			case !reflect.DeepEqual(g, w):
				t.Errorf("request body %s = %#v, want %#v", k, g, w)
			}
		}
	}
}

// jsonOf encodes v for a stub's answer.
func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func repoPath(apiPath, format string, args ...any) string {
	return apiPath + "repos/" + owner + "/" + repo + "/" + fmt.Sprintf(format, args...)
}
