package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"reef/forge"
	"reef/gitops"
)

func (c *prCmd) commentCmd(ctx context.Context) error {
	line, _ := strconv.Atoi(c.f.line)
	a := forge.Anchor{Path: c.f.path, Side: forge.Side(c.f.side), Line: line}
	if c.f.startLine != "" {
		if !c.fg.Capabilities().RangeComments {
			return fmt.Errorf("%s cannot comment on a range of lines: %w", c.cfg.Kind, forge.ErrUnsupported)
		}
		a.StartLine, _ = strconv.Atoi(c.f.startLine)
		a.StartSide = a.Side
	}
	// No commit: the adapter anchors to the pull request's head.
	got, err := c.fg.Comment(ctx, c.f.number, forge.NewComment{Anchor: a, Body: c.f.body})
	if err != nil {
		return err
	}
	return c.output(false, func(o *output) error {
		if c.f.format == "json" {
			return writeJSON(o, toCommentJSON(got))
		}
		where := fmt.Sprintf("%s:%d", clean(a.Path), a.Line)
		if a.StartLine != 0 {
			where = fmt.Sprintf("%s:%d-%d", clean(a.Path), a.StartLine, a.Line)
		}
		fmt.Fprintf(o, "commented on #%d at %s (%s side): comment %s\n", c.f.number, where, a.Side, clean(got.ID))
		return nil
	})
}

func (c *prCmd) review(ctx context.Context) error {
	r := forge.NewReview{Body: c.f.body}
	switch {
	case c.f.approve:
		r.Verdict = forge.Approve
	case c.f.requestChanges:
		r.Verdict = forge.RequestChanges
		if !c.fg.Capabilities().RequestChanges {
			return fmt.Errorf("%s (this server) has no \"request changes\" verdict: comment instead with --comment --body TEXT: %w",
				c.cfg.Kind, forge.ErrUnsupported)
		}
	default:
		r.Verdict = forge.CommentOnly
	}
	got, err := c.fg.SubmitReview(ctx, c.f.number, r)
	if err != nil {
		return err
	}
	return c.output(false, func(o *output) error {
		if c.f.format == "json" {
			return writeJSON(o, prReviewJSON{ID: got.ID, Author: got.Author.Login, Verdict: string(got.Verdict), Body: got.Body})
		}
		what := map[forge.Verdict]string{forge.Approve: "approved", forge.RequestChanges: "requested changes on",
			forge.CommentOnly: "commented on"}[r.Verdict]
		fmt.Fprintf(o, "%s #%d\n", what, c.f.number)
		return nil
	})
}

func (c *prCmd) create(ctx context.Context) error {
	np := forge.NewPullRequest{Title: c.f.title, Body: c.f.body, Base: c.f.base, Head: c.f.head, Draft: c.f.draft}
	if np.Draft && !c.fg.Capabilities().Draft {
		return fmt.Errorf("%s has no draft pull requests: leave out --draft: %w", c.cfg.Kind, forge.ErrUnsupported)
	}
	head, err := c.repo.Head()
	if err != nil {
		return err
	}
	if np.Head == "" {
		if np.Head, err = c.headBranch(ctx, head); err != nil {
			return err
		}
	}
	if np.Base == "" {
		if np.Base, err = c.defaultBase(ctx); err != nil {
			return err
		}
	}
	if np.Head == np.Base {
		return usagef("head and base are both %q: pass --head or --base", np.Head)
	}
	if !c.f.titleSet || !c.f.bodySet {
		if head.Unborn {
			return usagef("the branch has no commit to take a title from: pass --title")
		}
		last, err := c.repo.Commit(head.ID)
		if err != nil {
			return err
		}
		if !c.f.titleSet {
			np.Title = last.Subject
		}
		if !c.f.bodySet {
			np.Body = strings.TrimSpace(last.Body())
		}
	}
	got, err := c.fg.CreatePullRequest(ctx, np)
	if err != nil {
		var fe *forge.Error
		if errors.As(err, &fe) && errors.Is(err, forge.ErrInvalid) && fe.Hint == "" {
			fe.Hint = fmt.Sprintf("is %s pushed to %s? git push -u %s %s", np.Head, c.cfg.Remote, c.cfg.Remote, np.Head)
		}
		return err
	}
	return c.output(false, func(o *output) error {
		if c.f.format == "json" {
			return writeJSON(o, toPRJSON(got))
		}
		fmt.Fprintf(o, "#%d %s\n", got.Number, clean(got.URL))
		return nil
	})
}

// headBranch is the branch to propose: the current branch's upstream on
// the forge's remote when it has one (a local fix tracking
// origin/fix-123 proposes fix-123), else the current branch's name.
func (c *prCmd) headBranch(ctx context.Context, head gitops.HeadState) (string, error) {
	if head.Detached || head.Branch == "" {
		return "", usagef("HEAD is detached: pass --head BRANCH")
	}
	refs, err := c.repo.Refs(ctx)
	if err != nil {
		return "", err
	}
	prefix := "refs/remotes/" + c.cfg.Remote + "/"
	for _, r := range refs {
		if r.Name == head.Ref {
			if up, ok := strings.CutPrefix(r.Upstream, prefix); ok && up != "" {
				return up, nil
			}
		}
	}
	return head.Branch, nil
}

// defaultBase is the remote's default branch, from refs/remotes/R/HEAD.
func (c *prCmd) defaultBase(ctx context.Context) (string, error) {
	refs, err := c.repo.Refs(ctx)
	if err != nil {
		return "", err
	}
	prefix := "refs/remotes/" + c.cfg.Remote + "/"
	for _, r := range refs {
		if r.Name == prefix+"HEAD" {
			if b, ok := strings.CutPrefix(r.Symbolic, prefix); ok && b != "" {
				return b, nil
			}
		}
	}
	return "", usagef("%sHEAD is not set, so the default branch is unknown: pass --base BRANCH (or run git remote set-head %s --auto)",
		strings.TrimPrefix(prefix, "refs/remotes/"), c.cfg.Remote)
}
