package forgetest

import (
	"context"
	"testing"
	"time"

	"reef/forge"
)

// Harness is what an adapter gives the contract suite.
type Harness struct {
	Kind forge.Kind
	// Token is the credential New configures; every request must carry
	// it (in a header, or inside Basic auth) and no error text may.
	Token string
	// New builds the adapter against the fake forge at serverURL (the
	// API base the adapter would get from forge.Open).
	New func(t *testing.T, serverURL string) forge.Forge
	// Stubs registers the requests a scenario makes, answered with real
	// payloads, and says what the operation must return.
	Stubs func(t *testing.T, s *Server, sc Scenario) Expect
	// Real is set when New talks to a real server (the Gitea CI run):
	// the fake server then stays unused and the auth check is skipped.
	Real bool
}

// Scenario names one contract test.
type Scenario string

// The scenarios, in the order Run runs them. What Run calls for each,
// and which Expect fields it reads, is in the comment.
const (
	// ListPullRequests(Query): Numbers in order, from two or more pages
	// (each page a stub, so every page must be fetched).
	ListPages Scenario = "list-pages"
	// ListPullRequests(Query with ReviewRequested set): Numbers.
	ListReviewRequested Scenario = "list-review-requested"
	// PullRequest(Number): the non-zero fields of PR.
	Get Scenario = "get"
	// Files(Number): Files, exactly.
	Files Scenario = "files"
	// Diff(Number): non-empty, contains each DiffContains.
	Diff Scenario = "diff"
	// Threads(Number): Threads (ids, anchors, resolved, comments).
	Threads Scenario = "threads"
	// Comment(Number, Comment) on an added line (Side new), a removed
	// line (Side old), a context line, a range (StartLine set): the
	// returned comment has an ID (CommentID if set) and the anchor's
	// path, side, line and start line round-tripped.
	CommentAdded   Scenario = "comment-added"
	CommentRemoved Scenario = "comment-removed"
	CommentContext Scenario = "comment-context"
	CommentRange   Scenario = "comment-range"
	// Reply(Number, ThreadID, Body): a comment with an ID.
	Reply Scenario = "reply"
	// Resolve(Number, ThreadID, Resolved).
	Resolve Scenario = "resolve"
	// SubmitReview(Number, Review with the scenario's verdict): the
	// returned verdict. The batch sends Review.Comments (two or more)
	// with the CommentOnly verdict.
	ReviewApprove        Scenario = "review-approve"
	ReviewRequestChanges Scenario = "review-request-changes"
	ReviewCommentBatch   Scenario = "review-comment-batch"
	// CreatePullRequest(NewPR): Number, and NewPR's title, base, head.
	Create Scenario = "create"
	// Merge(Number, Merge).
	Merge Scenario = "merge"
	// Checks(SHA): Checks, in any order.
	Checks Scenario = "checks"
	// Me(): User.Login.
	Me Scenario = "me"
	// Errors: Call (default PullRequest(Number); CreatePullRequest(NewPR)
	// for error-422) fails with the class (errors.Is ErrUnauthorized,
	// ErrForbidden, ErrNotFound, ErrInvalid; *forge.RateLimitError with
	// Reset, or RetryAfter from the time of the call), a *forge.Error
	// with Status (default 401/403/404/422/429/403), and Message
	// containing the forge's own words if set.
	Error401                Scenario = "error-401"
	Error403                Scenario = "error-403"
	Error404                Scenario = "error-404"
	Error422                Scenario = "error-422"
	Error429                Scenario = "error-429"
	ErrorSecondaryRateLimit Scenario = "error-secondary-rate-limit"
	// Call under a 300 ms deadline against a stub that Delays longer:
	// context.DeadlineExceeded within 3 s.
	ErrorTimeout Scenario = "error-timeout"
	// Call answered with broken JSON: an error, no panic, no zero value
	// passed off as data.
	ErrorMalformedJSON Scenario = "error-malformed-json"
	// Call with the context cancelled 100 ms in, against a stub that
	// Delays longer: context.Canceled within 3 s.
	Cancel Scenario = "cancel"
)

// Scenarios are all scenarios, in the order Run runs them.
var Scenarios = []Scenario{
	ListPages, ListReviewRequested, Get, Files, Diff, Threads,
	CommentAdded, CommentRemoved, CommentContext, CommentRange, Reply, Resolve,
	ReviewApprove, ReviewRequestChanges, ReviewCommentBatch,
	Create, Merge, Checks, Me,
	Error401, Error403, Error404, Error422, Error429, ErrorSecondaryRateLimit,
	ErrorTimeout, ErrorMalformedJSON, Cancel,
}

// Expect is a scenario's arguments and expected results. Zero fields are
// not checked unless the scenario's comment says otherwise.
type Expect struct {
	// Skip skips the scenario with this reason (a real server cannot
	// answer 429 on demand). Register no stubs when skipping.
	Skip string
	// Unsupported: the operation must fail with forge.ErrUnsupported
	// without a request, and the matching Capabilities flag be off
	// (ResolveThreads, RequestChanges, RangeComments, PendingReviews for
	// the batch, Draft for a draft create, MergeMethods for merge).
	Unsupported bool

	// Arguments.
	Number   int
	Query    forge.ListQuery
	Comment  forge.NewComment
	ThreadID string
	Body     string // the reply
	Resolved bool
	Review   forge.NewReview // Verdict is set by the scenario
	NewPR    forge.NewPullRequest
	Merge    forge.MergeOptions
	SHA      string
	// Call replaces the operation of the error, timeout, malformed-JSON
	// and cancel scenarios.
	Call func(ctx context.Context, f forge.Forge) error

	// Results.
	Numbers      []int
	PR           forge.PullRequest
	Files        []forge.ChangedFile
	DiffContains []string
	Threads      []forge.ReviewThread
	CommentID    string
	ReviewID     string
	Checks       []forge.Check
	User         forge.User
	Status       int           // the error scenarios' HTTP status, if not the default
	Message      string        // a substring of forge.Error.Message
	Reset        time.Time     // the rate limit's reset, to the second
	RetryAfter   time.Duration // or the reset as a delay from the call

	// Check looks further at the operation's result (the []forge.
	// PullRequest, forge.PullRequest, forge.Comment... it returned) or,
	// in error scenarios, at the error.
	Check func(t *testing.T, got any)
}
