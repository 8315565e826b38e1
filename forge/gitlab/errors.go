package gitlab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"reef/forge"
	"reef/forge/internal/httpx"
)

// keepErrorBody keeps the body of an error response readable after the
// client has drained it: client-go drops the body of a 404, and "404
// Project Not Found" versus "404 Not found" is what tells the user which
// of the path or the number is wrong. The bytes ride in a header of the
// in-memory response (http.Client wraps the body itself, so a body type
// of ours would not survive); nothing sends that header anywhere.
type keepErrorBody struct{ next http.RoundTripper }

// keptBodyHeader is where keepErrorBody leaves an error answer's body.
const keptBodyHeader = "X-Reef-Error-Body"

// maxErrorBody bounds what is kept of an error answer.
const maxErrorBody = 64 << 10

func (k *keepErrorBody) RoundTrip(r *http.Request) (*http.Response, error) {
	next := k.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(r)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set(keptBodyHeader, string(data))
	return resp, nil
}

// fail turns a client-go failure into a *forge.Error: the HTTP status,
// GitLab's own words, the error class and what the user can do.
func (f *Forge) fail(ctx context.Context, op string, resp *gl.Response, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		msg := "cancelled"
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			msg = "no answer in time"
		}
		return &forge.Error{Op: op, Message: msg, Err: ctxErr}
	}
	var hr *http.Response
	if resp != nil {
		hr = resp.Response
	}
	if hr == nil || hr.StatusCode < 400 {
		return transportFailure(op, hr, err)
	}
	status := hr.StatusCode
	e := &forge.Error{Op: op, Status: status, Message: gitlabMessage(hr)}
	switch {
	case status == http.StatusUnauthorized:
		e.Err = forge.ErrUnauthorized
		e.Hint = "log in again: the token is missing, expired or revoked (set GITLAB_TOKEN or run glab auth login)"
	case status == http.StatusForbidden:
		e.Err = forge.ErrForbidden
		e.Hint = "the token needs the api scope, and your role on the project must allow this"
	case status == http.StatusNotFound:
		e.Err = forge.ErrNotFound
		e.Hint = "check the project path and the number; GitLab answers 404 for projects you cannot see"
	case status == http.StatusTooManyRequests:
		reset := rateLimitReset(hr.Header, time.Now())
		e.Err = &forge.RateLimitError{Reset: reset}
		e.Hint = "rate limit reached: wait until " + reset.Local().Format("15:04")
	case status == http.StatusBadRequest, status == http.StatusConflict, status == http.StatusUnprocessableEntity,
		status == http.StatusMethodNotAllowed, status == http.StatusNotAcceptable:
		e.Err = forge.ErrInvalid
		e.Hint = "GitLab refused the request as it stands"
	case status >= 500:
		e.Hint = "GitLab failed on its side; try again later"
	}
	return e
}

// transportFailure is a failure without an HTTP error status: no answer,
// or an answer that is not the JSON expected.
func transportFailure(op string, hr *http.Response, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		return &forge.Error{Op: op, Message: "no answer in time",
			Hint: "check the network and the server, then try again", Err: context.DeadlineExceeded}
	case hr != nil:
		return &forge.Error{Op: op, Status: hr.StatusCode, Message: "the answer is not the JSON GitLab sends",
			Hint: "check that the API URL is a GitLab server's /api/v4 (a proxy or login page may have answered)",
			Err:  fmt.Errorf("decode: %s", oneLine(err.Error()))}
	}
	return &forge.Error{Op: op, Message: httpx.Redact(oneLine(err.Error())), Hint: "check the network and the API URL", Err: err}
}

// gitlabMessage is GitLab's own words in an error answer ({"message":
// "..."}, {"message": {"field": ["..."]}}, {"error_description": ...});
// a proxy's HTML page is left out rather than dumped into the error.
func gitlabMessage(hr *http.Response) string {
	return httpx.OneLine(httpx.Message([]byte(hr.Header.Get(keptBodyHeader))), 300)
}

// oneLine keeps text from the network on one printable line.
func oneLine(s string) string { return httpx.OneLine(s, 300) }

// rateLimitReset reads when GitLab lets the client back in: RateLimit-
// Reset (Unix seconds), else Retry-After (seconds, or an HTTP date),
// else a minute from now (GitLab's limits count per minute).
func rateLimitReset(h http.Header, now time.Time) time.Time {
	if v := h.Get("RateLimit-Reset"); v != "" {
		if secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && secs > 0 {
			return time.Unix(secs, 0)
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
			return now.Add(time.Duration(secs) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	return now.Add(time.Minute)
}
