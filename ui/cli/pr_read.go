package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"reef/forge"
	"reef/ui/termtext"
)

// output opens stdout (paged on a terminal for text) and runs write.
func (c *prCmd) output(paged bool, write func(o *output) error) error {
	out, err := newOutput(c.env, c.f.color, paged && c.f.format == "text" && c.f.pager, c.repo)
	if err != nil {
		return err
	}
	err = write(out)
	if cerr := out.close(); err == nil {
		err = cerr
	}
	return err
}

// clean makes a forge's text one safe line for a terminal or a file.
func clean(s string) string {
	return termtext.Clean(strings.Join(strings.Fields(s), " "))
}

func (c *prCmd) list(ctx context.Context) error {
	q := forge.ListQuery{State: forge.State(c.f.state), Mine: c.f.mine, ReviewRequested: c.f.reviewRequested, Search: c.f.search}
	if c.f.limit != "" {
		q.Limit, _ = strconv.Atoi(c.f.limit)
	}
	prs, err := c.fg.ListPullRequests(ctx, q)
	if err != nil {
		return err
	}
	if q.Limit > 0 && len(prs) > q.Limit {
		prs = prs[:q.Limit]
	}
	return c.output(true, func(o *output) error {
		if c.f.format == "json" {
			js := []prJSON{}
			for _, p := range prs {
				js = append(js, toPRJSON(p))
			}
			return writeJSON(o, js)
		}
		if len(prs) == 0 && o.tty {
			fmt.Fprintf(c.env.Stderr, "reef: no %s pull requests on %s\n", stateOr(q.State), c.cfg.Path)
		}
		tw := tabwriter.NewWriter(o, 0, 4, 2, ' ', 0)
		for _, p := range prs {
			fmt.Fprintf(tw, "#%d\t%s\t%s\t%s\t%s -> %s\n", p.Number, o.paint(prState(p)), clean(p.Title),
				clean(p.Author.Login), clean(p.Head), clean(p.Base))
		}
		return tw.Flush()
	})
}

func stateOr(s forge.State) forge.State {
	if s == "" {
		return forge.Open
	}
	return s
}

// prState is the state as listed: a draft says so.
func prState(p forge.PullRequest) string {
	if p.Draft && (p.State == forge.Open || p.State == "") {
		return "draft"
	}
	return string(p.State)
}

// paint colours a state or check word when colour is on.
func (o *output) paint(word string) string {
	if !o.color {
		return word
	}
	// Two-digit codes only: every painted word then carries the same
	// number of escape bytes, and tabwriter's columns stay aligned.
	code := map[string]string{"open": "32", "success": "32", "merged": "35", "closed": "31", "failure": "31",
		"error": "31", "draft": "90", "pending": "33", "skipped": "90"}[word]
	if code == "" {
		return word
	}
	return "\x1b[" + code + "m" + word + "\x1b[m"
}

func (c *prCmd) show(ctx context.Context) error {
	p, err := c.fg.PullRequest(ctx, c.f.number)
	if err != nil {
		return err
	}
	var diff string
	if c.f.diff {
		if diff, err = c.fg.Diff(ctx, c.f.number); err != nil {
			return err
		}
	}
	return c.output(true, func(o *output) error {
		if c.f.format == "json" {
			j := toPRJSON(p)
			if c.f.diff {
				j.Diff = &diff
			}
			return writeJSON(o, j)
		}
		writePR(o, p)
		if c.f.diff {
			fmt.Fprintln(o)
			writeDiff(o, diff)
		}
		return nil
	})
}

func writePR(o *output, p forge.PullRequest) {
	fmt.Fprintf(o, "#%d %s\n", p.Number, clean(p.Title))
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(o, "%-10s %s\n", k+":", v)
		}
	}
	row("state", o.paint(prState(p)))
	row("author", clean(p.Author.Login))
	row("branches", clean(p.Head)+" -> "+clean(p.Base))
	if p.HeadSHA != "" {
		row("head", clean(p.HeadSHA))
	}
	switch {
	case p.State != forge.Open:
	case p.Mergeable == nil:
		row("mergeable", "not known yet")
	case *p.Mergeable:
		row("mergeable", "yes")
	default:
		row("mergeable", "no (conflicts or blocked)")
	}
	var labels []string
	for _, l := range p.Labels {
		labels = append(labels, clean(l))
	}
	row("labels", strings.Join(labels, ", "))
	var revs []string
	for _, r := range p.Reviewers {
		revs = append(revs, clean(r.User.Login)+" ("+verdictText(r.Verdict)+")")
	}
	row("reviewers", strings.Join(revs, ", "))
	row("url", clean(p.URL))
	if body := strings.TrimSpace(p.Body); body != "" {
		fmt.Fprintln(o)
		for _, l := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
			fmt.Fprintf(o, "    %s\n", termtext.Clean(l))
		}
	}
}

func verdictText(v forge.Verdict) string {
	switch v {
	case forge.Approve:
		return "approved"
	case forge.RequestChanges:
		return "changes requested"
	case forge.CommentOnly:
		return "commented"
	case forge.Pending, "":
		return "review requested"
	}
	return string(v)
}

// writeDiff prints the forge's diff with control characters made
// visible (tabs kept), coloured as git colours one when colour is on.
func writeDiff(o *output, diff string) {
	for _, l := range strings.SplitAfter(diff, "\n") {
		if l == "" {
			continue
		}
		text := termtext.Clean(strings.TrimRight(l, "\r\n"))
		code := ""
		if o.color {
			switch {
			case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"), strings.HasPrefix(l, "diff "):
				code = "1"
			case strings.HasPrefix(l, "+"):
				code = "32"
			case strings.HasPrefix(l, "-"):
				code = "31"
			case strings.HasPrefix(l, "@@"):
				code = "36"
			}
		}
		if code != "" {
			fmt.Fprintf(o, "\x1b[%sm%s\x1b[m\n", code, text)
		} else {
			io.WriteString(o, text+"\n")
		}
	}
}

func (c *prCmd) checks(ctx context.Context) error {
	p, err := c.fg.PullRequest(ctx, c.f.number)
	if err != nil {
		return err
	}
	if p.HeadSHA == "" {
		return fmt.Errorf("pull request #%d: the forge gave no head commit to read checks for", p.Number)
	}
	checks, err := c.fg.Checks(ctx, p.HeadSHA)
	if err != nil {
		return err
	}
	return c.output(false, func(o *output) error {
		if c.f.format == "json" {
			js := []prCheckJSON{}
			for _, k := range checks {
				js = append(js, prCheckJSON{Name: k.Name, State: string(k.State), URL: k.URL, Summary: k.Summary})
			}
			return writeJSON(o, js)
		}
		if len(checks) == 0 {
			fmt.Fprintf(o, "no checks on %s\n", shortSHA(p.HeadSHA))
			return nil
		}
		tw := tabwriter.NewWriter(o, 0, 4, 2, ' ', 0)
		for _, k := range checks {
			detail := clean(k.URL)
			if k.Summary != "" {
				detail = clean(k.Summary) + "  " + detail
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", o.paint(string(k.State)), clean(k.Name), strings.TrimSpace(detail))
		}
		return tw.Flush()
	})
}

func shortSHA(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
