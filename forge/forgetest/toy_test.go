package forgetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"reef/forge"
	"reef/forge/creds"
	"reef/forge/internal/httpx"
)

// toy is a small adapter for a made-up forge whose API speaks forge's own
// types as JSON. It exists to test Run: the real adapters test
// themselves with it against recorded payloads.
type toy struct {
	base string
	hc   *http.Client
	m    httpx.Mapper
	// Faults, for the tests that Run catches a broken adapter.
	chatty   bool // asks for /user before every operation
	leaky    bool // puts the token in its errors
	lazy     bool // reads one page only
	swapSide bool // returns comments on the other side
}

func newToy(base, token string) *toy {
	cred := creds.New("toy.example", "", token, "test")
	hc, err := httpx.New(httpx.Options{Kind: "toy", BaseURL: base, Credential: cred})
	if err != nil {
		panic(err)
	}
	return &toy{base: base, hc: hc, m: httpx.Mapper{Kind: "toy", Host: "toy.example", Credential: cred}}
}

func (f *toy) Kind() forge.Kind { return "toy" }

func (f *toy) Capabilities() forge.Capabilities {
	return forge.Capabilities{ResolveThreads: true, PendingReviews: true, RangeComments: true, Draft: true,
		MergeMethods: []forge.MergeMethod{forge.MergeCommit}}
}

// call sends a request to path (or a full URL) and decodes the answer
// into out (a *string takes the raw body).
func (f *toy) call(ctx context.Context, op, method, path string, in, out any) (http.Header, error) {
	if f.chatty && path != "/user" {
		var u forge.User
		if _, err := f.call(ctx, "me", "GET", "/user", nil, &u); err != nil {
			return nil, err
		}
	}
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	u := path
	if !strings.HasPrefix(path, "http") {
		u = f.base + path
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	resp, err := f.hc.Do(req)
	if err != nil {
		if f.leaky {
			return nil, fmt.Errorf("%s with token %s: %w", op, f.m.Credential.Token(), err)
		}
		return nil, f.m.Transport(op, err)
	}
	if err := f.m.Response(op, resp); err != nil {
		if f.leaky {
			return nil, fmt.Errorf("%w (token %s)", err, f.m.Credential.Token())
		}
		return nil, err
	}
	if s, ok := out.(*string); ok {
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		*s = string(b)
		return resp.Header, err
	}
	if out == nil {
		resp.Body.Close()
		return resp.Header, nil
	}
	return resp.Header, f.m.Decode(op, resp, out)
}

func (f *toy) ListPullRequests(ctx context.Context, q forge.ListQuery) ([]forge.PullRequest, error) {
	state := q.State
	if state == "" {
		state = forge.Open
	}
	next := fmt.Sprintf("/pulls?state=%s&review_requested=%v", state, q.ReviewRequested)
	var all []forge.PullRequest
	for next != "" {
		var page []forge.PullRequest
		h, err := f.call(ctx, "list pull requests", "GET", next, nil, &page)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		next = httpx.NextLink(h)
		if f.lazy {
			break
		}
	}
	return all, nil
}

func (f *toy) PullRequest(ctx context.Context, n int) (forge.PullRequest, error) {
	var p forge.PullRequest
	_, err := f.call(ctx, "get pull request", "GET", fmt.Sprintf("/pulls/%d", n), nil, &p)
	return p, err
}

func (f *toy) Files(ctx context.Context, n int) ([]forge.ChangedFile, error) {
	var files []forge.ChangedFile
	_, err := f.call(ctx, "list files", "GET", fmt.Sprintf("/pulls/%d/files", n), nil, &files)
	return files, err
}

func (f *toy) Diff(ctx context.Context, n int) (string, error) {
	var d string
	_, err := f.call(ctx, "get diff", "GET", fmt.Sprintf("/pulls/%d.diff", n), nil, &d)
	return d, err
}

func (f *toy) Threads(ctx context.Context, n int) ([]forge.ReviewThread, error) {
	var th []forge.ReviewThread
	_, err := f.call(ctx, "list threads", "GET", fmt.Sprintf("/pulls/%d/threads", n), nil, &th)
	return th, err
}

func (f *toy) Comment(ctx context.Context, n int, c forge.NewComment) (forge.Comment, error) {
	var out forge.Comment
	_, err := f.call(ctx, "comment", "POST", fmt.Sprintf("/pulls/%d/comments", n), c, &out)
	if f.swapSide {
		out.Anchor.Side = map[forge.Side]forge.Side{forge.Old: forge.New, forge.New: forge.Old}[out.Anchor.Side]
	}
	return out, err
}

func (f *toy) Reply(ctx context.Context, n int, thread, body string) (forge.Comment, error) {
	var out forge.Comment
	_, err := f.call(ctx, "reply", "POST", fmt.Sprintf("/pulls/%d/threads/%s/replies", n, thread), map[string]string{"body": body}, &out)
	return out, err
}

func (f *toy) Resolve(ctx context.Context, n int, thread string, resolved bool) error {
	_, err := f.call(ctx, "resolve", "PUT", fmt.Sprintf("/pulls/%d/threads/%s/resolved", n, thread), map[string]bool{"resolved": resolved}, nil)
	return err
}

func (f *toy) SubmitReview(ctx context.Context, n int, r forge.NewReview) (forge.Review, error) {
	if r.Verdict == forge.RequestChanges {
		return forge.Review{}, &forge.Error{Op: "submit review", Err: forge.ErrUnsupported}
	}
	var out forge.Review
	_, err := f.call(ctx, "submit review", "POST", fmt.Sprintf("/pulls/%d/reviews", n), r, &out)
	return out, err
}

func (f *toy) CreatePullRequest(ctx context.Context, p forge.NewPullRequest) (forge.PullRequest, error) {
	var out forge.PullRequest
	_, err := f.call(ctx, "create pull request", "POST", "/pulls", p, &out)
	return out, err
}

func (f *toy) Merge(ctx context.Context, n int, m forge.MergeOptions) error {
	_, err := f.call(ctx, "merge", "PUT", fmt.Sprintf("/pulls/%d/merge", n), m, nil)
	return err
}

func (f *toy) Checks(ctx context.Context, sha string) ([]forge.Check, error) {
	var out []forge.Check
	_, err := f.call(ctx, "list checks", "GET", "/commits/"+sha+"/checks", nil, &out)
	return out, err
}

func (f *toy) Me(ctx context.Context) (forge.User, error) {
	var u forge.User
	_, err := f.call(ctx, "me", "GET", "/user", nil, &u)
	return u, err
}
