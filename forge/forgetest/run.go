package forgetest

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"reef/forge"
)

// Run runs every scenario against the adapter as a subtest named after
// the scenario (go test -run 'Contract/get').
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.New == nil || h.Stubs == nil {
		t.Fatal("forgetest: Harness needs New and Stubs")
	}
	for _, sc := range Scenarios {
		t.Run(string(sc), func(t *testing.T) { runScenario(t, h, sc) })
	}
}

func runScenario(t *testing.T, h Harness, sc Scenario) {
	s := NewServer(t)
	s.token = h.Token
	exp := h.Stubs(t, s, sc)
	if exp.Skip != "" {
		t.Skip(exp.Skip)
	}
	f := h.New(t, s.URL)
	if f == nil {
		t.Fatal("Harness.New returned nil")
	}
	if f.Kind() != h.Kind {
		t.Errorf("Kind() = %q, want %q", f.Kind(), h.Kind)
	}

	got, err, dur := call(t, h, sc, exp, f)
	if err != nil {
		noToken(t, h.Token, "error", err)
		err = redacted{err, h.Token} // a leaked token must not reach the test log either
	}
	switch {
	case exp.Unsupported:
		checkUnsupported(t, sc, f, err)
		if n := len(s.Requests()); n != 0 && !h.Real {
			t.Errorf("an unsupported operation sent %d request(s)", n)
		}
	case isErrorScenario(sc):
		checkError(t, sc, exp, err, dur)
	case err != nil:
		t.Fatalf("%s: %v", sc, err)
	default:
		checkResult(t, sc, exp, got)
	}
	if exp.Check != nil {
		if isErrorScenario(sc) {
			exp.Check(t, err)
		} else {
			exp.Check(t, got)
		}
	}
	if !h.Real {
		checkAuth(t, h.Token, s.Requests())
	}
}

func isErrorScenario(sc Scenario) bool {
	return strings.HasPrefix(string(sc), "error-") || sc == Cancel
}

// call performs the scenario's operation, turning a panic into a test
// failure (whose text must not hold the token either).
func call(t *testing.T, h Harness, sc Scenario, exp Expect, f forge.Forge) (got any, err error, dur time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	switch sc {
	case ErrorTimeout:
		ctx, cancel = context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
	case Cancel:
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		timer := time.AfterFunc(100*time.Millisecond, cancel)
		defer timer.Stop()
	}
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			if h.Token != "" && strings.Contains(msg, h.Token) {
				msg = "(panic text holds the token)"
			}
			t.Fatalf("%s panicked: %s", sc, msg)
		}
	}()
	start := time.Now()
	got, err = operation(ctx, sc, exp, f)
	return got, err, time.Since(start)
}

func operation(ctx context.Context, sc Scenario, exp Expect, f forge.Forge) (any, error) {
	switch sc {
	case ListPages:
		return f.ListPullRequests(ctx, exp.Query)
	case ListReviewRequested:
		q := exp.Query
		q.ReviewRequested = true
		return f.ListPullRequests(ctx, q)
	case Get:
		return f.PullRequest(ctx, exp.Number)
	case Files:
		return f.Files(ctx, exp.Number)
	case Diff:
		return f.Diff(ctx, exp.Number)
	case Threads:
		return f.Threads(ctx, exp.Number)
	case CommentAdded, CommentRemoved, CommentContext, CommentRange:
		return f.Comment(ctx, exp.Number, exp.Comment)
	case Reply:
		return f.Reply(ctx, exp.Number, exp.ThreadID, exp.Body)
	case Resolve:
		return nil, f.Resolve(ctx, exp.Number, exp.ThreadID, exp.Resolved)
	case ReviewApprove, ReviewRequestChanges, ReviewCommentBatch:
		r := exp.Review
		r.Verdict = map[Scenario]forge.Verdict{ReviewApprove: forge.Approve,
			ReviewRequestChanges: forge.RequestChanges, ReviewCommentBatch: forge.CommentOnly}[sc]
		return f.SubmitReview(ctx, exp.Number, r)
	case Create:
		return f.CreatePullRequest(ctx, exp.NewPR)
	case Merge:
		return nil, f.Merge(ctx, exp.Number, exp.Merge)
	case Checks:
		return f.Checks(ctx, exp.SHA)
	case Me:
		return f.Me(ctx)
	}
	if exp.Call != nil {
		return nil, exp.Call(ctx, f)
	}
	if sc == Error422 {
		return f.CreatePullRequest(ctx, exp.NewPR)
	}
	return f.PullRequest(ctx, exp.Number)
}

func checkUnsupported(t *testing.T, sc Scenario, f forge.Forge, err error) {
	t.Helper()
	if !errors.Is(err, forge.ErrUnsupported) {
		t.Errorf("%s: error %v, want forge.ErrUnsupported", sc, err)
	}
	c := f.Capabilities()
	var flag bool
	var name string
	switch sc {
	case Resolve:
		flag, name = c.ResolveThreads, "ResolveThreads"
	case ReviewRequestChanges:
		flag, name = c.RequestChanges, "RequestChanges"
	case CommentRange:
		flag, name = c.RangeComments, "RangeComments"
	case ReviewCommentBatch:
		flag, name = c.PendingReviews, "PendingReviews"
	case Merge:
		flag, name = len(c.MergeMethods) > 0, "MergeMethods"
	default:
		return
	}
	if flag {
		t.Errorf("%s is unsupported but Capabilities().%s is set", sc, name)
	}
}

var defaultStatus = map[Scenario]int{
	Error401: 401, Error403: 403, Error404: 404, Error422: 422,
	Error429: 429, ErrorSecondaryRateLimit: 403,
}

func checkError(t *testing.T, sc Scenario, exp Expect, err error, dur time.Duration) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", sc)
	}
	if strings.ContainsRune(strings.TrimSpace(err.Error()), '\n') {
		t.Errorf("%s: error is not one line: %q", sc, err)
	}
	switch sc {
	case ErrorTimeout, Cancel:
		want := context.DeadlineExceeded
		if sc == Cancel {
			want = context.Canceled
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: error %v, want errors.Is %v", sc, err, want)
		}
		if dur > 3*time.Second {
			t.Errorf("%s: returned after %v", sc, dur)
		}
		return
	case ErrorMalformedJSON:
		for _, e := range []error{forge.ErrNotFound, forge.ErrUnauthorized, forge.ErrForbidden, context.Canceled} {
			if errors.Is(err, e) {
				t.Errorf("%s: broken JSON reported as %v", sc, e)
			}
		}
		return
	}

	class := map[Scenario]error{Error401: forge.ErrUnauthorized, Error403: forge.ErrForbidden,
		Error404: forge.ErrNotFound, Error422: forge.ErrInvalid}[sc]
	if class != nil && !errors.Is(err, class) {
		t.Errorf("%s: error %q, want errors.Is %v", sc, err, class)
	}
	var fe *forge.Error
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %q (%T) is not a *forge.Error", sc, err, err)
	} else {
		want := exp.Status
		if want == 0 {
			want = defaultStatus[sc]
		}
		if fe.Status != want {
			t.Errorf("%s: Status %d, want %d", sc, fe.Status, want)
		}
		if exp.Message != "" && !strings.Contains(fe.Message, exp.Message) {
			t.Errorf("%s: Message %q lacks the forge's %q", sc, fe.Message, exp.Message)
		}
		if (sc == Error401 || sc == Error403) && fe.Hint == "" {
			t.Errorf("%s: no Hint saying what to do", sc)
		}
	}
	if sc == Error429 || sc == ErrorSecondaryRateLimit {
		var rl *forge.RateLimitError
		if !errors.As(err, &rl) {
			t.Fatalf("%s: error %q is not a *forge.RateLimitError", sc, err)
		}
		switch {
		case !exp.Reset.IsZero():
			if d := rl.Reset.Sub(exp.Reset); d < -time.Second || d > time.Second {
				t.Errorf("%s: Reset %v, want %v", sc, rl.Reset, exp.Reset)
			}
		case exp.RetryAfter > 0:
			// The reset was computed during the call, which took dur.
			lo := time.Now().Add(exp.RetryAfter - dur - 2*time.Second)
			hi := time.Now().Add(exp.RetryAfter + 2*time.Second)
			if rl.Reset.Before(lo) || rl.Reset.After(hi) {
				t.Errorf("%s: Reset %v, want about %v from now", sc, rl.Reset, exp.RetryAfter)
			}
		default:
			t.Errorf("%s: Expect has neither Reset nor RetryAfter", sc)
		}
	}
}

// noToken fails if the token shows in v's text, in any of the forms a
// log line or a panic would print it.
func noToken(t *testing.T, token, what string, v any) {
	t.Helper()
	if token == "" {
		return
	}
	for _, format := range []string{"%v", "%+v", "%s", "%q"} {
		if strings.Contains(fmt.Sprintf(format, v), token) {
			t.Errorf("the token shows in the %s printed with %s", what, format)
			return
		}
	}
	if e, ok := v.(error); ok {
		for e = errors.Unwrap(e); e != nil; e = errors.Unwrap(e) {
			if strings.Contains(e.Error(), token) {
				t.Errorf("the token shows in a wrapped %T of the %s", e, what)
				return
			}
		}
	}
}

// redacted prints an error without the token, and unwraps to it.
type redacted struct {
	err   error
	token string
}

func (r redacted) Error() string {
	if r.token == "" {
		return r.err.Error()
	}
	return strings.ReplaceAll(r.err.Error(), r.token, "<token>")
}

func (r redacted) Unwrap() error { return r.err }

// checkAuth makes sure every request carried the credentials: in a
// header of its own or inside Basic auth.
func checkAuth(t *testing.T, token string, reqs []Request) {
	t.Helper()
	if token == "" {
		return
	}
	for _, r := range reqs {
		if !carriesToken(r.Header, token) {
			t.Errorf("%s %s was sent without the token", r.Method, r.Path)
		}
	}
}

func carriesToken(h http.Header, token string) bool {
	for k, vs := range h {
		for _, v := range vs {
			if strings.Contains(v, token) {
				return true
			}
			if k == "Authorization" && strings.HasPrefix(v, "Basic ") {
				dec, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(v, "Basic "))
				if err == nil && strings.Contains(string(dec), token) {
					return true
				}
			}
		}
	}
	return false
}

func checkResult(t *testing.T, sc Scenario, exp Expect, got any) {
	t.Helper()
	switch sc {
	case ListPages, ListReviewRequested:
		prs := got.([]forge.PullRequest)
		var nums []int
		for _, p := range prs {
			nums = append(nums, p.Number)
			if p.Title == "" {
				t.Errorf("pull request %d has no title", p.Number)
			}
		}
		if !slices.Equal(nums, exp.Numbers) {
			t.Errorf("listed %v, want %v", nums, exp.Numbers)
		}
		if len(exp.Numbers) == 0 {
			t.Error("Expect.Numbers is empty: the scenario must list something")
		}
	case Get:
		comparePR(t, got.(forge.PullRequest), exp.PR)
	case Files:
		files := got.([]forge.ChangedFile)
		if !slices.Equal(files, exp.Files) || len(files) == 0 {
			t.Errorf("files:\n got %+v\nwant %+v", files, exp.Files)
		}
	case Diff:
		d := got.(string)
		if strings.TrimSpace(d) == "" {
			t.Error("empty diff")
		}
		for _, s := range exp.DiffContains {
			if !strings.Contains(d, s) {
				t.Errorf("diff lacks %q", s)
			}
		}
	case Threads:
		compareThreads(t, got.([]forge.ReviewThread), exp.Threads)
	case CommentAdded, CommentRemoved, CommentContext, CommentRange:
		checkCommentScenario(t, sc, exp.Comment)
		c := got.(forge.Comment)
		compareID(t, "comment", c.ID, exp.CommentID)
		in := exp.Comment.Anchor
		compareAnchor(t, "comment", c.Anchor, forge.Anchor{Path: in.Path, Side: in.Side, Line: in.Line, StartLine: in.StartLine})
	case Reply:
		compareID(t, "reply", got.(forge.Comment).ID, exp.CommentID)
	case Resolve, Merge:
		// The stubs checked the request; success is no error.
	case ReviewApprove, ReviewRequestChanges, ReviewCommentBatch:
		r := got.(forge.Review)
		want := map[Scenario]forge.Verdict{ReviewApprove: forge.Approve,
			ReviewRequestChanges: forge.RequestChanges, ReviewCommentBatch: forge.CommentOnly}[sc]
		if r.Verdict != want {
			t.Errorf("review verdict %q, want %q", r.Verdict, want)
		}
		if exp.ReviewID != "" && r.ID != exp.ReviewID {
			t.Errorf("review id %q, want %q", r.ID, exp.ReviewID)
		}
		if sc == ReviewCommentBatch && len(exp.Review.Comments) < 2 {
			t.Error("Expect.Review.Comments needs two or more comments for the batch")
		}
	case Create:
		p := got.(forge.PullRequest)
		if p.Number != exp.Number || p.Number == 0 {
			t.Errorf("created #%d, want #%d", p.Number, exp.Number)
		}
		if p.Title != exp.NewPR.Title || p.Base != exp.NewPR.Base || p.Head != exp.NewPR.Head {
			t.Errorf("created %q %s<-%s, want %q %s<-%s", p.Title, p.Base, p.Head, exp.NewPR.Title, exp.NewPR.Base, exp.NewPR.Head)
		}
	case Checks:
		compareChecks(t, got.([]forge.Check), exp.Checks)
	case Me:
		u := got.(forge.User)
		if u.Login == "" || u.Login != exp.User.Login {
			t.Errorf("me: %q, want %q", u.Login, exp.User.Login)
		}
	}
}

// checkCommentScenario keeps harnesses honest about what each comment
// scenario is for.
func checkCommentScenario(t *testing.T, sc Scenario, c forge.NewComment) {
	t.Helper()
	a := c.Anchor
	switch {
	case a.Path == "" || a.Line == 0:
		t.Errorf("%s: Expect.Comment needs a path and a line", sc)
	case sc == CommentAdded && a.Side != forge.New, sc == CommentRemoved && a.Side != forge.Old:
		t.Errorf("%s: Expect.Comment.Anchor.Side is %q", sc, a.Side)
	case sc == CommentRange && a.StartLine == 0:
		t.Errorf("%s: Expect.Comment.Anchor.StartLine is 0", sc)
	case sc != CommentRange && a.StartLine != 0:
		t.Errorf("%s: Expect.Comment.Anchor.StartLine is set", sc)
	}
}
