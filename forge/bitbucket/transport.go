package bitbucket

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"

	"reef/forge"
)

// Limits on what is read from a response: a diff can be large, an error
// body never needs to be.
const (
	maxBody      = 64 << 20
	maxErrorBody = 64 << 10
	maxRedirects = 5
)

// withRedirectPolicy returns a copy of hc that refuses redirect loops and
// https-to-http downgrades, keeping any policy the caller set. The
// Authorization header is never set here (the client's transport adds
// it for the API host alone), so a redirect to another host carries no
// credentials from this package.
func withRedirectPolicy(hc *http.Client) *http.Client {
	c := *hc
	prev := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		if last := via[len(via)-1]; last.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("refused a redirect from https to %s", req.URL.Scheme)
		}
		if prev != nil {
			return prev(req, via)
		}
		return nil
	}
	return &c
}

// do sends one request and returns the response when its status is 2xx;
// otherwise the forge error it stands for. body, when not nil, is sent
// as JSON.
func (f *Forge) do(ctx context.Context, op, method, rawURL string, body any, accept string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, &forge.Error{Op: op, Message: "could not encode the request", Err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, &forge.Error{Op: op, Message: "bad request URL", Err: err}
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "reef")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, transportError(ctx, op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, apiError(op, resp)
	}
	return resp, nil
}

// transportError wraps a failure that left no response. The context's
// own error comes first so errors.Is sees context.Canceled or
// context.DeadlineExceeded whatever the transport made of it.
func transportError(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &forge.Error{Op: op, Err: ctxErr}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error repeats the URL; the cause is what the user needs.
		err = ue.Err
	}
	hint := "check the network and the API URL"
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		hint = "Bitbucket did not answer in time; try again"
	}
	return &forge.Error{Op: op, Message: err.Error(), Hint: hint, Err: err}
}

// getJSON reads one JSON document into out.
func (f *Forge) getJSON(ctx context.Context, op, rawURL string, out any) error {
	return f.sendJSON(ctx, op, http.MethodGet, rawURL, nil, out)
}

// sendJSON sends in (if not nil) and decodes the answer into out (if not
// nil; an empty answer is fine then).
func (f *Forge) sendJSON(ctx context.Context, op, method, rawURL string, in, out any) error {
	resp, err := f.do(ctx, op, method, rawURL, in, "application/json")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return transportError(ctx, op, err)
	}
	if out == nil {
		return nil
	}
	// A write may answer with no body (204); a read never should, or a
	// zero value would pass for data.
	if len(bytes.TrimSpace(b)) == 0 && method != http.MethodGet {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &forge.Error{Op: op, Status: resp.StatusCode, Message: "the forge answered with malformed JSON", Err: err}
	}
	return nil
}

// getText reads a plain-text answer (a diff), following redirects.
func (f *Forge) getText(ctx context.Context, op, rawURL string) (string, error) {
	resp, err := f.do(ctx, op, http.MethodGet, rawURL, nil, "text/plain")
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return "", transportError(ctx, op, err)
	}
	if len(b) > maxBody {
		return "", &forge.Error{Op: op, Status: resp.StatusCode, Message: fmt.Sprintf("the answer is larger than %d MiB", maxBody>>20)}
	}
	return string(b), nil
}

// page is the envelope of Bitbucket's paginated lists.
type page[T any] struct {
	Values []T    `json:"values"`
	Next   string `json:"next"`
}

// paginate reads the list at first and the pages its "next" links name,
// until limit items (0: no limit) or the last page. A next link to
// another host is refused: it would carry the credentials there.
func paginate[T any](ctx context.Context, f *Forge, op, first string, limit int) ([]T, error) {
	var all []T
	next := first
	for pages := 0; next != ""; pages++ {
		if pages >= maxPages {
			return all, &forge.Error{Op: op, Message: fmt.Sprintf("stopped after %d pages", maxPages), Hint: "narrow the query"}
		}
		var p page[T]
		if err := f.getJSON(ctx, op, next, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Values...)
		if limit > 0 && len(all) >= limit {
			return all[:limit], nil
		}
		if p.Next == "" {
			break
		}
		u, err := url.Parse(p.Next)
		if err != nil || !f.sameHost(u) {
			return nil, &forge.Error{Op: op, Message: "the next page is on another host; not following it"}
		}
		next = p.Next
	}
	return all, nil
}

// maxPages bounds a list so a server that always answers "next" cannot
// keep reef reading forever.
const maxPages = 200
