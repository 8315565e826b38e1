package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"reef/forge"
)

// REST has no resolved state for review threads and no way to resolve
// one; these GraphQL documents fill the gap. The test checks every
// field against GitHub's published schema.
const (
	threadsQuery = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated comments(first: 1) { nodes { fullDatabaseId } } }
      }
    }
  }
}`
	// legacyThreadsQuery is for servers without fullDatabaseId (older
	// GitHub Enterprise Server): databaseId is deprecated on github.com
	// because it cannot hold 64-bit ids.
	legacyThreadsQuery = `query($owner: String!, $repo: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated comments(first: 1) { nodes { databaseId } } }
      }
    }
  }
}`
	resolveMutation = `mutation($id: ID!) {
  resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } }
}`
	unresolveMutation = `mutation($id: ID!) {
  unresolveReviewThread(input: {threadId: $id}) { thread { id isResolved } }
}`
)

// threadState is what GraphQL knows of a thread REST does not.
type threadState struct {
	id       string // the thread's node id (PRRT_...)
	resolved bool
	outdated bool
}

type threadsAnswer struct {
	Repository *struct {
		PullRequest *struct {
			ReviewThreads struct {
				PageInfo struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Nodes []struct {
					ID         string `json:"id"`
					IsResolved bool   `json:"isResolved"`
					IsOutdated bool   `json:"isOutdated"`
					Comments   struct {
						Nodes []struct {
							FullDatabaseID flexInt `json:"fullDatabaseId"`
							DatabaseID     flexInt `json:"databaseId"`
						} `json:"nodes"`
					} `json:"comments"`
				} `json:"nodes"`
			} `json:"reviewThreads"`
		} `json:"pullRequest"`
	} `json:"repository"`
}

// threadStates maps each thread's first comment id to its state, all
// pages. A server whose schema lacks fullDatabaseId is asked again with
// databaseId.
func (f *Forge) threadStates(ctx context.Context, op string, number int) (map[int64]threadState, error) {
	states, err := f.threadStatesWith(ctx, op, number, threadsQuery)
	var fe *forge.Error
	if errors.As(err, &fe) && errors.Is(err, forge.ErrInvalid) && strings.Contains(fe.Message, "fullDatabaseId") {
		return f.threadStatesWith(ctx, op, number, legacyThreadsQuery)
	}
	return states, err
}

func (f *Forge) threadStatesWith(ctx context.Context, op string, number int, doc string) (map[int64]threadState, error) {
	out := map[int64]threadState{}
	vars := map[string]any{"owner": f.owner, "repo": f.repo, "number": number}
	for range maxPages {
		var a threadsAnswer
		if err := f.graphql(ctx, op, doc, vars, &a); err != nil {
			return nil, err
		}
		if a.Repository == nil || a.Repository.PullRequest == nil {
			return nil, &forge.Error{Op: op, Message: fmt.Sprintf("GraphQL does not know pull request #%d", number), Err: forge.ErrNotFound}
		}
		rt := a.Repository.PullRequest.ReviewThreads
		for _, n := range rt.Nodes {
			if len(n.Comments.Nodes) == 0 {
				continue
			}
			id := n.Comments.Nodes[0].FullDatabaseID
			if id == 0 {
				id = n.Comments.Nodes[0].DatabaseID
			}
			out[int64(id)] = threadState{id: n.ID, resolved: n.IsResolved, outdated: n.IsOutdated}
		}
		if !rt.PageInfo.HasNextPage || rt.PageInfo.EndCursor == "" {
			return out, nil
		}
		vars["after"] = rt.PageInfo.EndCursor
	}
	return nil, &forge.Error{Op: op, Message: "the review threads never end: GraphQL's cursor loops", Err: forge.ErrInvalid}
}

// flexInt reads an id GraphQL sends as a number (Int) or as a string
// (BigInt).
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	*n = flexInt(v)
	return err
}

// Resolve marks a thread resolved or unresolved. threadID is the id
// Threads gave (the first comment's), or a thread node id (PRRT_...).
func (f *Forge) Resolve(ctx context.Context, number int, threadID string, resolved bool) error {
	op := fmt.Sprintf("resolve a thread of pull request #%d", number)
	if !resolved {
		op = fmt.Sprintf("unresolve a thread of pull request #%d", number)
	}
	nodeID := threadID
	if id, err := strconv.ParseInt(threadID, 10, 64); err == nil {
		states, err := f.threadStates(ctx, op, number)
		if err != nil {
			return err
		}
		st, ok := states[id]
		if !ok {
			return &forge.Error{Op: op, Message: fmt.Sprintf("no thread starts with comment %d", id),
				Hint: "reload the threads", Err: forge.ErrNotFound}
		}
		nodeID = st.id
	} else if strings.TrimSpace(threadID) == "" {
		return &forge.Error{Op: op, Message: "no thread given", Err: forge.ErrInvalid}
	}
	doc, field := resolveMutation, "resolveReviewThread"
	if !resolved {
		doc, field = unresolveMutation, "unresolveReviewThread"
	}
	var a map[string]*struct {
		Thread *struct {
			IsResolved bool `json:"isResolved"`
		} `json:"thread"`
	}
	if err := f.graphql(ctx, op, doc, map[string]any{"id": nodeID}, &a); err != nil {
		return err
	}
	if p := a[field]; p == nil || p.Thread == nil || p.Thread.IsResolved != resolved {
		return &forge.Error{Op: op, Message: "GitHub did not change the thread", Err: forge.ErrInvalid}
	}
	return nil
}

type graphqlError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// graphql posts one document and decodes its data into out. GraphQL
// reports most failures in errors[] of a 200 answer; they map to the
// same error classes as REST's statuses.
func (f *Forge) graphql(ctx context.Context, op, doc string, vars map[string]any, out any) error {
	var a struct {
		Data   json.RawMessage `json:"data"`
		Errors []graphqlError  `json:"errors"`
	}
	resp, err := f.do(ctx, op, http.MethodPost, f.graphqlURL, map[string]any{"query": doc, "variables": vars}, &a)
	if err != nil {
		return err
	}
	if len(a.Errors) > 0 {
		e := a.Errors[0]
		fe := &forge.Error{Op: op, Message: oneLine("GraphQL: " + e.Message), Err: forge.ErrInvalid}
		switch e.Type {
		case "NOT_FOUND":
			fe.Err = forge.ErrNotFound
		case "FORBIDDEN", "INSUFFICIENT_SCOPES":
			fe.Err, fe.Hint = forge.ErrForbidden, scopeHint(resp.Header)
		case "RATE_LIMITED":
			return rateLimited(op, 0, "GraphQL: "+e.Message, resetFrom(resp.Header))
		}
		return fe
	}
	if err := json.Unmarshal(a.Data, out); err != nil || len(a.Data) == 0 || string(a.Data) == "null" {
		return &forge.Error{Op: op, Status: resp.StatusCode, Message: "GraphQL answered without data",
			Hint: "check that the API URL (" + f.base.Host + ") points at GitHub", Err: forge.ErrInvalid}
	}
	return nil
}
