package gitea

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"

	sdk "code.gitea.io/sdk/gitea"

	"reef/forge"
)

// errorRecorder keeps the last error answer of one operation. The SDK
// folds error bodies into its own message text (and drops them entirely
// for merges); reading them here gives every error the server's own
// words, and its headers for rate limits.
type errorRecorder struct {
	mu     sync.Mutex
	status int
	header http.Header
	body   []byte
}

type recordingTransport struct {
	base http.RoundTripper
	rec  *errorRecorder
}

// maxErrorBody bounds what is kept of an error answer.
const maxErrorBody = 64 << 10

func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	t.rec.mu.Lock()
	t.rec.status, t.rec.header, t.rec.body = resp.StatusCode, resp.Header.Clone(), body
	t.rec.mu.Unlock()
	return resp, nil
}

// fail turns what the SDK returned into a *forge.Error: the status and
// the server's message from the recorded answer, the shared error class
// and a hint (httpx's mapping, as for every forge). Transport failures
// keep their cause (context.Canceled, context.DeadlineExceeded) for
// errors.Is.
func (c *call) fail(resp *sdk.Response, err error) error {
	status := 0
	var header http.Header
	if resp != nil && resp.Response != nil {
		status, header = resp.StatusCode, resp.Header
	}
	c.rec.mu.Lock()
	body := c.rec.body
	if status == 0 || status == c.rec.status {
		status, header = c.rec.status, c.rec.header
	} else {
		body = nil
	}
	c.rec.mu.Unlock()

	if status < 400 {
		return c.transportError(status, err)
	}
	return c.mapper.Status(c.op, status, header, body)
}

// failStatus is fail for SDK calls that report the status without an
// error (MergePullRequest).
func (c *call) failStatus(resp *sdk.Response) error {
	if resp == nil || resp.Response == nil {
		return &forge.Error{Op: c.op, Message: "no answer from the server"}
	}
	c.rec.mu.Lock()
	body := c.rec.body
	c.rec.mu.Unlock()
	return c.mapper.Status(c.op, resp.StatusCode, resp.Header, body)
}

// transportError is a call that got no usable answer: none at all, or a
// 2xx whose body is not the JSON Gitea sends.
func (c *call) transportError(status int, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return &forge.Error{Op: c.op, Status: status, Message: "unexpected answer from the server"}
	case status != 0 && (errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF)):
		return &forge.Error{Op: c.op, Status: status, Message: "the server's answer is not the JSON Gitea sends",
			Hint: "check that the API URL points at a Gitea or Forgejo server", Err: forge.ErrInvalid}
	}
	return c.mapper.Transport(c.op, err)
}

// invalid is an argument the adapter refuses before asking the server.
func invalid(op, msg string) error {
	return &forge.Error{Op: op, Message: msg, Err: forge.ErrInvalid}
}

// unsupported is an operation Gitea cannot do.
func unsupported(op, msg string) error {
	return &forge.Error{Op: op, Message: msg, Err: forge.ErrUnsupported}
}
