package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v93/github"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/internal/httpx"
)

// unknownReset is how long to wait when a rate-limited answer does not
// say (GitHub's advice for secondary limits: at least a minute).
const unknownReset = time.Minute

// fail turns a failed call into a *forge.Error saying what failed and
// what to do. Nothing of the request's credentials reaches it: go-github
// drops the Authorization header from its errors and redacts token-like
// query parameters from URLs, and only the API's own message is kept.
func (f *Forge) fail(ctx context.Context, op string, resp *gh.Response, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxError(op, ctxErr)
	}
	status := 0
	if resp != nil && resp.Response != nil {
		status = resp.StatusCode
	}
	var (
		rl  *gh.RateLimitError
		arl *gh.AbuseRateLimitError
		er  *gh.ErrorResponse
		tfa *gh.TwoFactorAuthError
		acc *gh.AcceptedError
		ne  net.Error
	)
	switch {
	case errors.As(err, &rl):
		reset := rl.Rate.Reset.Time
		if reset.IsZero() {
			reset = time.Now().Add(unknownReset)
		}
		return rateLimited(op, statusOf(rl.Response, status), rl.Message, reset)
	case errors.As(err, &arl):
		wait := unknownReset
		if arl.RetryAfter != nil && *arl.RetryAfter > 0 {
			wait = *arl.RetryAfter
		}
		return rateLimited(op, statusOf(arl.Response, status), arl.Message, time.Now().Add(wait))
	case errors.As(err, &tfa):
		return &forge.Error{Op: op, Status: http.StatusUnauthorized, Message: oneLine(tfa.Message),
			Hint: "the account needs a one-time password: use a personal access token instead", Err: forge.ErrUnauthorized}
	case errors.As(err, &er):
		return f.responseError(op, er)
	case errors.As(err, &acc):
		return &forge.Error{Op: op, Status: http.StatusAccepted, Message: "GitHub is still preparing this answer",
			Hint: "try again in a few seconds", Err: forge.ErrInvalid}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ctxError(op, err)
	case errors.As(err, &ne) && ne.Timeout():
		return &forge.Error{Op: op, Message: "no answer from " + f.base.Host + " in time",
			Hint: "check the network and the API URL, then try again", Err: err}
	case isDecodeError(err):
		return &forge.Error{Op: op, Status: status, Message: "the answer is not the JSON GitHub's API sends",
			Hint: "check that the API URL (" + f.base.Host + ") points at a GitHub REST API", Err: err}
	}
	if status != 0 {
		return &forge.Error{Op: op, Status: status, Message: oneLine(err.Error()), Err: err}
	}
	return &forge.Error{Op: op, Message: "cannot reach " + f.base.Host,
		Hint: "check the network and the API URL", Err: err}
}

// ctxError reports a cancelled or timed-out context; errors.Is still
// finds context.Canceled or context.DeadlineExceeded through it.
func ctxError(op string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &forge.Error{Op: op, Message: "no answer in time", Hint: "check the network, then try again", Err: err}
	}
	return &forge.Error{Op: op, Err: err}
}

func statusOf(r *http.Response, fallback int) int {
	if r != nil && r.StatusCode != 0 {
		return r.StatusCode
	}
	return fallback
}

func rateLimited(op string, status int, msg string, reset time.Time) error {
	return &forge.Error{Op: op, Status: status, Message: oneLine(msg),
		Hint: "wait until " + reset.Local().Format("15:04") + ", when GitHub's rate limit resets",
		Err:  &forge.RateLimitError{Reset: reset}}
}

// responseError maps an HTTP error answer by its status. Rate limits
// that go-github does not recognise (a 429 without headers, a 403 with
// only Retry-After) are caught here too.
func (f *Forge) responseError(op string, er *gh.ErrorResponse) error {
	status, h := 0, http.Header{}
	if er.Response != nil {
		status, h = er.Response.StatusCode, er.Response.Header
	}
	msg := errorMessage(er)
	if status == http.StatusTooManyRequests || (status == http.StatusForbidden && h.Get("Retry-After") != "") {
		return rateLimited(op, status, msg, resetFrom(h))
	}
	e := &forge.Error{Op: op, Status: status, Message: msg}
	switch {
	case status == http.StatusUnauthorized:
		e.Err = forge.ErrUnauthorized
		e.Hint = "log in again: the token is missing, expired or revoked; " + creds.Hint(forge.GitHub, f.webHost())
	case status == http.StatusForbidden:
		e.Err = forge.ErrForbidden
		e.Hint = scopeHint(h)
	case status == http.StatusNotFound || status == http.StatusGone:
		e.Err = forge.ErrNotFound
		e.Hint = "check " + f.owner + "/" + f.repo + " and the number; GitHub also answers 404 when the token cannot see a private repository"
	case status == http.StatusNotAcceptable && tooLarge(msg):
		e.Err = forge.ErrUnsupported
		e.Hint = "GitHub does not render diffs this large: read the changed files one by one"
	case status == http.StatusMethodNotAllowed:
		e.Err = forge.ErrInvalid
		e.Hint = "GitHub refuses to merge it now: check its conflicts, required reviews and checks"
	case status == http.StatusConflict:
		e.Err = forge.ErrInvalid
		e.Hint = "the pull request changed meanwhile: reload it and try again"
	case status == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(msg), "pending review"):
		e.Err = forge.ErrInvalid
		e.Hint = "you already have a pending review on this pull request: submit or discard it on GitHub first"
	case status >= 400 && status < 500:
		e.Err = forge.ErrInvalid
	case status >= 500:
		e.Hint = "GitHub is having trouble: try again later"
	}
	return e
}

// tooLarge recognises GitHub's refusal to render a diff ("Sorry, the
// diff exceeded the maximum number of lines", code too_large).
func tooLarge(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "too_large") || strings.Contains(m, "too large") || strings.Contains(m, "diff exceeded")
}

// errorMessage is the API's message with the details of its errors[]
// (a 422's "Validation Failed" alone says nothing).
func errorMessage(er *gh.ErrorResponse) string {
	var parts []string
	for _, d := range er.Errors {
		switch {
		case d.Message != "":
			parts = append(parts, d.Message)
		case d.Code != "":
			parts = append(parts, strings.TrimSpace(strings.Join([]string{d.Resource, d.Field, d.Code}, " ")))
		}
	}
	msg := er.Message
	if len(parts) > 0 {
		if msg != "" {
			msg += ": "
		}
		msg += strings.Join(parts, "; ")
	}
	return oneLine(msg)
}

// scopeHint says what access a 403 wanted, from the scope headers
// GitHub sends with classic and fine-grained tokens.
func scopeHint(h http.Header) string {
	have, want := h.Get("X-OAuth-Scopes"), h.Get("X-Accepted-OAuth-Scopes")
	perms := h.Get("X-Accepted-GitHub-Permissions")
	switch {
	case want != "":
		return fmt.Sprintf("the token has scopes [%s]; this needs one of [%s]", have, want)
	case perms != "":
		return "the token needs the permission " + perms
	}
	return "check the token's scopes (repo) or its access to this repository"
}

// resetFrom reads when a limit lifts: Retry-After seconds, else the
// x-ratelimit-reset epoch, else a minute from now.
func resetFrom(h http.Header) time.Time {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s >= 0 {
		return time.Now().Add(time.Duration(s) * time.Second)
	}
	if s, err := strconv.ParseInt(h.Get("X-Ratelimit-Reset"), 10, 64); err == nil && s > 0 {
		return time.Unix(s, 0)
	}
	return time.Now().Add(unknownReset)
}

func isDecodeError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF)
}

// oneLine keeps a server's message to one short printable line.
func oneLine(s string) string { return httpx.OneLine(s, 300) }

// webHost is the host people and the gh CLI name: github.com for
// api.github.com, the server itself for GitHub Enterprise.
func (f *Forge) webHost() string {
	if h := f.base.Host; h != "api.github.com" {
		return h
	}
	return "github.com"
}
