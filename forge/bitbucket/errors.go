package bitbucket

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"reef/forge"
)

// errorBody is Bitbucket's error document:
// {"type": "error", "error": {"message": ..., "detail": ..., "fields": {...}}}.
type errorBody struct {
	Error struct {
		Message string         `json:"message"`
		Detail  any            `json:"detail"`
		Fields  map[string]any `json:"fields"`
	} `json:"error"`
}

// Hints say what the user can do about each class of failure.
const (
	hintUnauthorized = "log in again: set BITBUCKET_TOKEN (an API token also needs BITBUCKET_USERNAME) or renew the expired token"
	hintForbidden    = "the token lacks a scope (pull requests read/write, repository read) or your account lacks access to the repository"
	hintNotFound     = "check the workspace, repository and number; a private repository looks missing to a token that cannot see it"
	hintInvalid      = "Bitbucket refused the request as sent"
	hintServer       = "Bitbucket failed; try again in a minute"
)

// apiError turns a non-2xx answer into a *forge.Error with the forge's
// own words and what to do.
func apiError(op string, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &forge.Error{Op: op, Status: resp.StatusCode, Message: errorMessage(b)}
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized:
		e.Err, e.Hint = forge.ErrUnauthorized, hintUnauthorized
	case s == http.StatusTooManyRequests:
		rl := &forge.RateLimitError{Reset: resetTime(resp.Header, time.Now())}
		e.Err = rl
		e.Hint = "wait until " + rl.Reset.Local().Format("15:04") + ": Bitbucket's rate limit is spent"
	case s == http.StatusForbidden:
		e.Err, e.Hint = forge.ErrForbidden, hintForbidden
	case s == http.StatusNotFound:
		e.Err, e.Hint = forge.ErrNotFound, hintNotFound
	case s == http.StatusBadRequest || s == http.StatusConflict || s == http.StatusUnprocessableEntity:
		e.Err, e.Hint = forge.ErrInvalid, hintInvalid
	case s >= 500:
		e.Hint = hintServer
	}
	return e
}

// errorMessage is the error document's message, detail and field errors
// on one line; a body that is not Bitbucket's error document gives "".
func errorMessage(b []byte) string {
	var eb errorBody
	if json.Unmarshal(b, &eb) != nil {
		return ""
	}
	parts := []string{eb.Error.Message}
	if d := fmt.Sprint(eb.Error.Detail); eb.Error.Detail != nil && d != "" {
		parts = append(parts, d)
	}
	keys := make([]string, 0, len(eb.Error.Fields))
	for k := range eb.Error.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+": "+fieldText(eb.Error.Fields[k]))
	}
	return oneLine(strings.Join(nonEmpty(parts), ": "), 300)
}

// fieldText flattens a field error, which Bitbucket sends as a string
// or a list of strings.
func fieldText(v any) string {
	if list, ok := v.([]any); ok {
		s := make([]string, len(list))
		for i, x := range list {
			s[i] = fmt.Sprint(x)
		}
		return strings.Join(s, ", ")
	}
	return fmt.Sprint(v)
}

func nonEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, strings.TrimSpace(x))
		}
	}
	return out
}

// oneLine keeps an error one line long and bounded: the forge's text is
// untrusted and may hold newlines or control characters.
func oneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

// resetTime reads when a spent rate limit resets: Retry-After (seconds
// or an HTTP date), else X-RateLimit-Reset (Unix seconds). Bitbucket
// counts requests over a rolling hour, so without either an hour from
// now is the honest bound.
func resetTime(h http.Header, now time.Time) time.Time {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
			return now.Add(time.Duration(secs) * time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return t
		}
	}
	if v := strings.TrimSpace(h.Get("X-RateLimit-Reset")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs > 0 {
			return time.Unix(secs, 0)
		}
	}
	return now.Add(time.Hour)
}
