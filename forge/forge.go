// Package forge is reef's view of code hosts: one Forge interface that
// the GitHub, GitLab, Bitbucket Cloud and Gitea adapters implement, the
// value types they return, and the errors they share. Adapters live in
// subpackages (forge/github, forge/gitlab, forge/bitbucket, forge/gitea);
// credentials and host detection in forge/creds and forge/detect; the
// contract every adapter passes in forge/forgetest.
//
// Values are plain data: no adapter or library type leaves an adapter,
// and text in them (titles, bodies, comments, names) is untrusted: the
// UI strips control characters before drawing it.
package forge

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Kind names a forge family.
type Kind string

// Forge kinds.
const (
	GitHub    Kind = "github"
	GitLab    Kind = "gitlab"
	Bitbucket Kind = "bitbucket"
	Gitea     Kind = "gitea" // Forgejo speaks the same API
)

// Forge is one repository on one code host.
type Forge interface {
	Kind() Kind
	// Capabilities says what this forge (and server version) can do;
	// operations it cannot do return ErrUnsupported.
	Capabilities() Capabilities

	ListPullRequests(ctx context.Context, q ListQuery) ([]PullRequest, error)
	PullRequest(ctx context.Context, number int) (PullRequest, error)
	// Files lists the changed files; Diff is the unified diff of the
	// whole pull request, as the forge renders it.
	Files(ctx context.Context, number int) ([]ChangedFile, error)
	Diff(ctx context.Context, number int) (string, error)

	Threads(ctx context.Context, number int) ([]ReviewThread, error)
	// Comment creates an inline comment as its own thread (posted at
	// once, not pending).
	Comment(ctx context.Context, number int, c NewComment) (Comment, error)
	Reply(ctx context.Context, number int, threadID string, body string) (Comment, error)
	// Resolve marks a thread resolved (or unresolved).
	Resolve(ctx context.Context, number int, threadID string, resolved bool) error
	// SubmitReview submits a verdict with a batch of pending inline
	// comments, as one review where the forge has reviews.
	SubmitReview(ctx context.Context, number int, r NewReview) (Review, error)

	CreatePullRequest(ctx context.Context, p NewPullRequest) (PullRequest, error)
	Merge(ctx context.Context, number int, m MergeOptions) error
	// Checks lists CI checks and commit statuses for a commit.
	Checks(ctx context.Context, sha string) ([]Check, error)
	// Me is the user the credentials belong to.
	Me(ctx context.Context) (User, error)
}

// Capabilities are what an adapter can do on its server.
type Capabilities struct {
	RequestChanges bool // a "request changes" verdict
	ResolveThreads bool
	PendingReviews bool // inline comments held until the review is submitted
	RangeComments  bool // comments on a range of lines
	Draft          bool // draft pull requests
	MergeMethods   []MergeMethod
}

// State of a pull request.
type State string

// Pull request states.
const (
	Open   State = "open"
	Closed State = "closed"
	Merged State = "merged"
)

// ListQuery selects pull requests.
type ListQuery struct {
	State           State  // "" is Open
	ReviewRequested bool   // review requested from the authenticated user
	Mine            bool   // authored by the authenticated user
	Search          string // free text in title/body
	Limit           int    // 0: the adapter's default (one or more pages)
}

// User is an account on the forge.
type User struct {
	Login string
	Name  string
}

// Verdict is a reviewer's decision.
type Verdict string

// Verdicts.
const (
	Approve        Verdict = "approve"
	RequestChanges Verdict = "request_changes"
	CommentOnly    Verdict = "comment"
	Pending        Verdict = "pending" // review requested, no verdict yet
)

// Reviewer is a requested or past reviewer and their latest verdict.
type Reviewer struct {
	User    User
	Verdict Verdict
}

// PullRequest is a pull (merge) request.
type PullRequest struct {
	Number    int
	Title     string
	Body      string
	Author    User
	State     State
	Draft     bool
	Base      string // branch names
	Head      string
	BaseSHA   string
	HeadSHA   string
	Mergeable *bool // nil: unknown (not computed yet)
	Labels    []string
	Reviewers []Reviewer
	URL       string
	Created   time.Time
	Updated   time.Time
}

// ChangedFile is one file of a pull request.
type ChangedFile struct {
	Path, OldPath string
	Status        string // added, removed, modified, renamed
	Additions     int
	Deletions     int
}

// Side of a diff a comment is anchored to.
type Side string

// Sides.
const (
	Old Side = "old" // the base: a removed or context line by its old number
	New Side = "new" // the head: an added or context line by its new number
)

// Anchor places an inline comment.
type Anchor struct {
	Path      string
	Side      Side
	Line      int // the last line of the range (file line numbers on Side)
	StartSide Side
	StartLine int // 0: a single line
	CommitSHA string
	// Adapters whose API needs more (GitLab anchors a context line by
	// both its numbers) work it out from Side, Line and the diff.
	Outdated bool // the anchor no longer applies to the latest diff
}

// Comment is one comment of a thread.
type Comment struct {
	ID      string
	Author  User
	Body    string
	Created time.Time
	Anchor  Anchor
}

// ReviewThread is a conversation anchored to lines.
type ReviewThread struct {
	ID       string
	Anchor   Anchor
	Resolved bool
	Comments []Comment
}

// NewComment is an inline comment to create.
type NewComment struct {
	Anchor Anchor
	Body   string
}

// NewReview is a review to submit.
type NewReview struct {
	Verdict   Verdict // Approve, RequestChanges or CommentOnly
	Body      string
	Comments  []NewComment // pending inline comments published with it
	CommitSHA string
}

// Review is a submitted review.
type Review struct {
	ID      string
	Author  User
	Verdict Verdict
	Body    string
}

// NewPullRequest is a pull request to open.
type NewPullRequest struct {
	Title, Body string
	Base, Head  string
	Draft       bool
}

// MergeMethod is how a pull request is merged.
type MergeMethod string

// Merge methods.
const (
	MergeCommit MergeMethod = "merge"
	Squash      MergeMethod = "squash"
	Rebase      MergeMethod = "rebase"
)

// MergeOptions are a merge's method and message.
type MergeOptions struct {
	Method  MergeMethod
	Title   string
	Message string
	SHA     string // merge only if the head is still this commit
}

// CheckState is a check's outcome.
type CheckState string

// Check states.
const (
	CheckPending CheckState = "pending"
	CheckSuccess CheckState = "success"
	CheckFailure CheckState = "failure"
	CheckError   CheckState = "error"
	CheckSkipped CheckState = "skipped"
)

// Check is a CI check run or commit status.
type Check struct {
	Name    string
	State   CheckState
	URL     string
	Summary string
}

// Errors every adapter returns (wrapped in *Error with the HTTP details).
var (
	ErrNotFound     = errors.New("not found")
	ErrUnauthorized = errors.New("not authorized")
	ErrForbidden    = errors.New("forbidden")
	ErrUnsupported  = errors.New("not supported by this forge")
	ErrInvalid      = errors.New("rejected by the forge") // 422 and the like
)

// RateLimitError says the forge's rate limit is spent until Reset.
type RateLimitError struct {
	Reset time.Time
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("rate limit reached: wait until %s", e.Reset.Local().Format("15:04"))
}

// Error is a failed forge call: what was asked, the HTTP status, the
// forge's message, and what the user can do. It never holds a token.
type Error struct {
	Op      string // "list pull requests"
	Status  int    // HTTP status; 0 when no response came
	Message string // the forge's own words, trimmed
	Hint    string // what to do: log in, check scopes, wait...
	Err     error  // ErrNotFound, ErrUnauthorized, *RateLimitError...
}

func (e *Error) Error() string {
	s := e.Op
	if e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d", e.Status)
	}
	if e.Message != "" {
		s += ": " + e.Message
	} else if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }
