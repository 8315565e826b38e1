package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"reef/gitops"
	"reef/gitops/graph"
	"reef/ui/termtext"
)

// printer writes commits in one of git's pretty formats.
type printer struct {
	repo     *gitops.Repo
	out      *output
	format   string // "medium", "oneline", "short", "full" or a %-template
	template bool
	date     string
	decorate bool
	decor    map[gitops.Hash][]decoration
	first    bool
	now      time.Time
}

type decoration struct {
	name string
	kind gitops.RefKind
	head bool // "HEAD -> name"
}

func newPrinter(repo *gitops.Repo, format, date string, decorate bool, out *output) (*printer, error) {
	p := &printer{repo: repo, out: out, format: format, date: date, decorate: decorate, first: true, now: time.Now()}
	switch {
	case format == "":
		p.format = "medium"
	case strings.HasPrefix(format, "format:"), strings.HasPrefix(format, "tformat:"):
		p.format = format[strings.IndexByte(format, ':')+1:]
		p.template = true
	case format == "oneline", format == "short", format == "medium", format == "full":
	case strings.Contains(format, "%"):
		p.template = true
	default:
		return nil, usagef("invalid --format %q: use oneline, short, medium, full or a %%-template", format)
	}
	switch date {
	case "", "default", "iso", "iso8601", "iso-strict", "iso8601-strict", "short", "relative", "unix", "rfc", "rfc2822", "raw":
	default:
		return nil, usagef("unknown date format %q", date)
	}
	return p, nil
}

func (p *printer) needsRefs() bool {
	return p.decorate || (p.template && (strings.Contains(p.format, "%d") || strings.Contains(p.format, "%D")))
}

// loadDecorations maps commits to the refs pointing at them, in git's
// order: HEAD (joined with its branch) first, then refs by name descending.
func (p *printer) loadDecorations(ctx context.Context) error {
	refs, err := p.repo.Refs(ctx)
	if err != nil {
		return err
	}
	head, err := p.repo.Head()
	if err != nil {
		return err
	}
	p.decor = map[gitops.Hash][]decoration{}
	sort.Slice(refs, func(i, j int) bool { return refs[i].Name > refs[j].Name })
	for _, r := range refs {
		if r.Head {
			continue
		}
		p.decor[r.Target] = append(p.decor[r.Target], decoration{name: r.Short, kind: r.Kind})
	}
	if !head.Unborn {
		d := decoration{name: "HEAD", kind: gitops.RefOther}
		if !head.Detached {
			d.head, d.name = true, head.Branch
		}
		p.decor[head.ID] = append([]decoration{d}, p.decor[head.ID]...)
	}
	return nil
}

// decorations renders " (HEAD -> main, tag: v1)" or "" (with parens and
// leading space when wrap is true, as %d; bare as %D).
func (p *printer) decorations(id gitops.Hash, wrap bool) string {
	ds := p.decor[id]
	if len(ds) == 0 {
		return ""
	}
	var b strings.Builder
	if wrap {
		b.WriteString(p.paint(" (", "33"))
	}
	for i, d := range ds {
		if i > 0 {
			b.WriteString(p.paint(", ", "33"))
		}
		switch {
		case d.head:
			b.WriteString(p.paint("HEAD -> ", "1;36") + p.paint(d.name, "1;32"))
		case d.kind == gitops.RefTag:
			b.WriteString(p.paint("tag: "+d.name, "1;33"))
		case d.kind == gitops.RefRemote:
			b.WriteString(p.paint(d.name, "1;31"))
		case d.kind == gitops.RefBranch:
			b.WriteString(p.paint(d.name, "1;32"))
		default:
			b.WriteString(p.paint(d.name, "1;36"))
		}
	}
	if wrap {
		b.WriteString(p.paint(")", "33"))
	}
	return b.String()
}

func (p *printer) paint(s, sgr string) string {
	if !p.out.color || s == "" {
		return s
	}
	return "\x1b[" + sgr + "m" + s + "\x1b[m"
}

// clean sanitises untrusted text for a terminal; data for pipes and files
// is passed through exactly.
func (p *printer) clean(s string) string {
	if !p.out.tty {
		return s
	}
	return termtext.Clean(s)
}

// laneSGR is the terminal palette for graph lanes (git's six colours and
// their bold variants).
var laneSGR = []string{"31", "32", "33", "34", "35", "36", "1;31", "1;32", "1;33", "1;34", "1;35", "1;36"}

func (p *printer) graphText(row graph.Row) string {
	if !p.out.color {
		return row.Text()
	}
	var b strings.Builder
	for _, c := range row.Cells {
		g, gap := c.Runes()
		b.WriteString(p.paint(string(g), laneSGR[c.Color%len(laneSGR)]))
		if gap == ' ' {
			b.WriteByte(' ')
		} else {
			b.WriteString(p.paint(string(gap), laneSGR[c.LinkColor%len(laneSGR)]))
		}
	}
	return b.String()
}

// commit prints one commit; row is nil without --graph.
func (p *printer) commit(c *gitops.Commit, row *graph.Row, pending func() graph.Row) {
	var lines []string
	switch {
	case p.template:
		lines = strings.Split(p.expand(c), "\n")
	case p.format == "oneline":
		lines = []string{p.paint(p.repo.ShortHash(c.ID), "33") + p.decoration(c.ID) + " " + p.clean(c.Subject)}
	default:
		lines = p.medium(c)
	}
	if row == nil {
		for _, l := range lines {
			p.out.WriteString(l)
			p.out.WriteByte('\n')
		}
		return
	}
	p.out.WriteString(p.graphText(*row))
	p.out.WriteString(lines[0])
	p.out.WriteByte('\n')
	if len(lines) > 1 {
		cont := p.graphText(pending())
		for _, l := range lines[1:] {
			p.out.WriteString(cont)
			p.out.WriteString(l)
			p.out.WriteByte('\n')
		}
	}
}

func (p *printer) decoration(id gitops.Hash) string {
	if !p.decorate {
		return ""
	}
	return p.decorations(id, true)
}

// medium is git's default format (and short/full, its siblings).
func (p *printer) medium(c *gitops.Commit) []string {
	var lines []string
	if !p.first {
		lines = append(lines, "")
	}
	p.first = false
	lines = append(lines, p.paint("commit "+c.ID.String(), "33")+p.decoration(c.ID))
	if len(c.Parents) > 1 {
		var ps []string
		for _, id := range c.Parents {
			ps = append(ps, p.repo.ShortHash(id))
		}
		lines = append(lines, "Merge: "+strings.Join(ps, " "))
	}
	lines = append(lines, "Author: "+p.clean(c.Author.Name+" <"+c.Author.Email+">"))
	switch p.format {
	case "medium":
		lines = append(lines, "Date:   "+p.formatDate(c.Author.When))
	case "full":
		lines = append(lines, "Commit: "+p.clean(c.Committer.Name+" <"+c.Committer.Email+">"))
	}
	lines = append(lines, "")
	if p.format == "short" {
		return append(lines, "    "+p.clean(c.Subject))
	}
	return append(lines, p.messageLines(c.Message)...)
}

// messageLines indents a message by four spaces, as git log does, dropping
// leading and trailing blank lines.
func (p *printer) messageLines(msg string) []string {
	all := strings.Split(msg, "\n")
	for len(all) > 0 && strings.TrimSpace(all[0]) == "" {
		all = all[1:]
	}
	for len(all) > 0 && strings.TrimSpace(all[len(all)-1]) == "" {
		all = all[:len(all)-1]
	}
	out := make([]string, len(all))
	for i, l := range all {
		out[i] = "    " + p.clean(strings.TrimRight(l, " \t\r"))
	}
	return out
}

func (p *printer) formatDate(t time.Time) string {
	switch p.date {
	case "iso", "iso8601":
		return t.Format("2006-01-02 15:04:05 -0700")
	case "iso-strict", "iso8601-strict":
		return t.Format("2006-01-02T15:04:05-07:00")
	case "short":
		return t.Format("2006-01-02")
	case "relative":
		return relativeDate(p.now, t)
	case "unix":
		return fmt.Sprint(t.Unix())
	case "raw":
		return t.Format("") + fmt.Sprint(t.Unix()) + " " + t.Format("-0700")
	case "rfc", "rfc2822":
		return t.Format("Mon, 2 Jan 2006 15:04:05 -0700")
	}
	return t.Format("Mon Jan 2 15:04:05 2006 -0700")
}

// relativeDate follows git's show_date_relative rounding.
func relativeDate(now, t time.Time) string {
	diff := int64(now.Sub(t) / time.Second)
	if diff < 0 {
		return "in the future"
	}
	plural := func(n int64, unit string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s ago", n, unit)
		}
		return fmt.Sprintf("%d %ss ago", n, unit)
	}
	if diff < 90 {
		return plural(diff, "second")
	}
	diff = (diff + 30) / 60
	if diff < 90 {
		return plural(diff, "minute")
	}
	diff = (diff + 30) / 60
	if diff < 36 {
		return plural(diff, "hour")
	}
	diff = (diff + 12) / 24
	if diff < 14 {
		return plural(diff, "day")
	}
	if diff < 70 {
		return plural((diff+3)/7, "week")
	}
	if diff < 365 {
		return plural((diff+15)/30, "month")
	}
	if diff < 1825 {
		totalMonths := (diff*12*2 + 365) / (365 * 2)
		years, months := totalMonths/12, totalMonths%12
		if months == 0 {
			return plural(years, "year")
		}
		y := fmt.Sprintf("%d year", years)
		if years != 1 {
			y += "s"
		}
		return strings.TrimSuffix(y+", "+plural(months, "month"), "")
	}
	return plural((diff+183)/365, "year")
}
