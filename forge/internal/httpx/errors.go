package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"reef/forge"
	"reef/forge/creds"
)

// Mapper turns HTTP failures into *forge.Error values that say what to
// do, with the token taken out of every text.
type Mapper struct {
	Kind       forge.Kind
	Host       string           // the forge's web host, for hints (github.com)
	Credential creds.Credential // what was sent, if anything; its token is redacted
	// Now is the clock for rate-limit resets given as a delay; nil is
	// time.Now.
	Now func() time.Time
}

// maxErrorBody is all of an error body that is read.
const maxErrorBody = 64 << 10

// Response maps a non-2xx response, reading (some of) and closing its
// body. It returns nil for a 2xx response, leaving the body open.
func (m Mapper) Response(op string, resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	return m.Status(op, resp.StatusCode, resp.Header, body)
}

// Status maps an HTTP status, the response's headers and its body (the
// forge's JSON error, or text) to a forge error: the class (ErrNotFound,
// ErrUnauthorized, ErrForbidden, ErrInvalid, *forge.RateLimitError), the
// forge's own message and a hint.
func (m Mapper) Status(op string, status int, header http.Header, body []byte) *forge.Error {
	e := &forge.Error{Op: op, Status: status, Message: m.clean(Message(body))}
	if rl := m.rateLimit(status, header, e.Message); rl != nil {
		e.Err = rl
		e.Hint = "wait until " + rl.Reset.Local().Format("15:04") + " for the rate limit to reset"
		if status == http.StatusForbidden && !m.Credential.IsZero() {
			e.Hint += "; reef does not retry"
		} else if m.Credential.IsZero() {
			e.Hint += ", or log in for a higher limit: " + creds.Hint(m.Kind, m.Host)
		}
		return e
	}
	switch {
	case status == http.StatusUnauthorized:
		e.Err = forge.ErrUnauthorized
		if m.Credential.IsZero() {
			e.Hint = "log in: " + creds.Hint(m.Kind, m.Host)
		} else {
			e.Hint = "the " + m.Credential.String() + " was refused: renew it, or " + creds.Hint(m.Kind, m.Host)
		}
	case status == http.StatusForbidden:
		e.Err = forge.ErrForbidden
		if m.Credential.IsZero() {
			e.Hint = "log in: " + creds.Hint(m.Kind, m.Host)
		} else if e.Hint = scopeHint[m.Kind]; e.Hint == "" {
			e.Hint = "check the token's scopes and your access to the repository"
		}
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Err = forge.ErrNotFound
		e.Hint = "check the number and the repository"
		if m.Credential.IsZero() {
			e.Hint += "; a private repository looks missing until you log in: " + creds.Hint(m.Kind, m.Host)
		} else {
			e.Hint += "; a private repository looks missing to a token without access to it"
		}
	case status == http.StatusBadRequest, status == http.StatusConflict, status == http.StatusUnprocessableEntity,
		status == http.StatusMethodNotAllowed, status == http.StatusNotAcceptable, status == http.StatusPreconditionFailed:
		e.Err = forge.ErrInvalid
	case status >= 500:
		e.Hint = "the forge failed; try again later"
	}
	return e
}

var scopeHint = map[forge.Kind]string{
	forge.GitHub:    "check the token's scopes (repo; for checks, checks:read) and that it is authorized for the organization's SSO",
	forge.GitLab:    "check the token's scope (api) and your role in the project (Developer to comment, Maintainer to merge)",
	forge.Bitbucket: "check the token's scopes (repository, pullrequest:write) and your access to the repository",
	forge.Gitea:     "check the token's scopes (write:repository, read:user) and your access to the repository",
}

// rateLimit recognizes a spent rate limit: 429, and GitHub's 403 with
// x-ratelimit-remaining: 0 (the primary limit) or with Retry-After or
// "secondary rate limit" in its message (the secondary one).
func (m Mapper) rateLimit(status int, h http.Header, msg string) *forge.RateLimitError {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	retry := h.Get("Retry-After")
	remaining := h.Get("X-Ratelimit-Remaining")
	if remaining == "" {
		remaining = h.Get("Ratelimit-Remaining")
	}
	switch {
	case status == http.StatusTooManyRequests:
	case status == http.StatusForbidden && (retry != "" || remaining == "0" ||
		strings.Contains(strings.ToLower(msg), "rate limit")):
	default:
		return nil
	}
	if retry != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(retry)); err == nil && secs >= 0 {
			return &forge.RateLimitError{Reset: now().Add(time.Duration(secs) * time.Second)}
		}
		if t, err := http.ParseTime(retry); err == nil {
			return &forge.RateLimitError{Reset: t}
		}
	}
	for _, k := range []string{"X-Ratelimit-Reset", "Ratelimit-Reset"} {
		if v := h.Get(k); v != "" {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 {
				if n < 1e9 { // seconds from now (the IETF draft), not a Unix time
					return &forge.RateLimitError{Reset: now().Add(time.Duration(n) * time.Second)}
				}
				return &forge.RateLimitError{Reset: time.Unix(n, 0)}
			}
		}
	}
	// GitHub's advice when the secondary limit gives no time: a minute.
	return &forge.RateLimitError{Reset: now().Add(time.Minute)}
}

// Transport maps a request that got no response: a cancelled or timed
// out context stays errors.Is-able (context.Canceled, DeadlineExceeded),
// and the URL in a *url.Error loses its query and user info.
func (m Mapper) Transport(op string, err error) error {
	if err == nil {
		return nil
	}
	e := &forge.Error{Op: op}
	switch {
	case errors.Is(err, context.Canceled):
		e.Err = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		e.Err = context.DeadlineExceeded
		e.Hint = "the forge did not answer in time; try again"
	default:
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				e.Hint = "the forge did not answer in time; try again"
			}
			e.Err = &url.Error{Op: ue.Op, URL: RedactURL(ue.URL), Err: safeError{ue.Err, m.Credential}}
		} else {
			e.Err = safeError{err, m.Credential}
		}
		if e.Hint == "" {
			e.Hint = "check the network and the API URL"
		}
	}
	return e
}

// safeError hides the token in an error's text and in its chain, keeping
// errors.Is and errors.As working through the wrapped error's Unwrap.
type safeError struct {
	err  error
	cred creds.Credential // never prints its token, even with %#v
}

func (s safeError) Error() string { return Redact(s.err.Error(), s.cred.Token()) }

// GoString keeps %#v to the redacted text.
func (s safeError) GoString() string { return fmt.Sprintf("%q", s.Error()) }

// Unwrap stops at errors whose text holds the token: they are not handed
// out at all.
func (s safeError) Unwrap() error {
	inner := errors.Unwrap(s.err)
	if inner == nil {
		return nil
	}
	if tok := s.cred.Token(); tok != "" && strings.Contains(inner.Error(), tok) {
		return safeError{inner, s.cred}
	}
	return inner
}

func (m Mapper) clean(msg string) string {
	return Redact(OneLine(msg, 300), m.Credential.Token())
}

// Message is the forge's own words in an error body: GitHub's message and
// errors[].message, GitLab's message (a string, a list, or fields to
// lists) and error_description, Bitbucket's error.message and detail,
// Gitea's message. A body that is not JSON gives its first line, unless
// it is an HTML page.
func Message(body []byte) string {
	body = []byte(strings.TrimSpace(string(body)))
	if len(body) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		s := string(body)
		if strings.HasPrefix(s, "<") {
			return ""
		}
		first, _, _ := strings.Cut(s, "\n")
		return first
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return flatten(v)
	}
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	add(flatten(obj["message"]))
	switch e := obj["error"].(type) {
	case string:
		add(e)
	case map[string]any:
		add(flatten(e["message"]))
		add(flatten(e["detail"]))
	}
	add(flatten(obj["error_description"]))
	if errs, ok := obj["errors"].([]any); ok {
		for _, x := range errs {
			switch x := x.(type) {
			case string:
				add(x)
			case map[string]any:
				if s := flatten(x["message"]); s != "" {
					add(s)
				} else if code, _ := x["code"].(string); code != "" {
					field, _ := x["field"].(string)
					add(strings.TrimSpace(field + " " + code))
				}
			}
		}
	}
	return strings.Join(parts, ": ")
}

// flatten writes a JSON message of any shape as one line: GitLab says
// {"message": {"title": ["is too long"]}} as "title is too long".
func flatten(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var s []string
		for _, x := range v {
			if f := flatten(x); f != "" {
				s = append(s, f)
			}
		}
		return strings.Join(s, "; ")
	case map[string]any:
		var s []string
		for _, k := range sortedKeys(v) {
			if f := flatten(v[k]); f != "" {
				s = append(s, k+" "+f)
			}
		}
		return strings.Join(s, "; ")
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// OneLine makes untrusted text one printable line of at most max runes:
// control characters (escape sequences included) become spaces, runs of
// space collapse.
func OneLine(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if n == max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// secretParam matches query parameters and fields that carry secrets.
var secretParam = regexp.MustCompile(`(?i)((?:access_token|private_token|token|password|client_secret|signature|sig)=)[^&\s"']+`)

// userinfo matches the password in scheme://user:password@host.
var userinfo = regexp.MustCompile(`(?i)([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]+@`)

// Redact removes the secrets, secret query parameters and URL passwords
// from s.
func Redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "<redacted>")
		}
	}
	s = secretParam.ReplaceAllString(s, "${1}<redacted>")
	return userinfo.ReplaceAllString(s, "${1}:<redacted>@")
}

// RedactURL drops a URL's query, fragment and user info (an SDK may have
// put a token in any of them); what stays names the endpoint.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return Redact(raw)
	}
	u.User, u.RawQuery, u.Fragment, u.RawFragment = nil, "", "", ""
	return u.String()
}
