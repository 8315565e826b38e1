package cli

import (
	"fmt"
	"strings"

	"reef/gitops"
)

// expand fills a --format template with git's placeholders.
func (p *printer) expand(c *gitops.Commit) string {
	f := p.format
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '%' || i+1 == len(f) {
			b.WriteByte(f[i])
			continue
		}
		n, s := p.placeholder(c, f[i+1:])
		if n == 0 {
			b.WriteByte('%')
			continue
		}
		b.WriteString(s)
		i += n
	}
	return b.String()
}

// placeholder expands the placeholder at the start of f (after '%') and
// returns how many bytes it used; 0 leaves it literal, as git does.
func (p *printer) placeholder(c *gitops.Commit, f string) (int, string) {
	two := ""
	if len(f) >= 2 {
		two = f[:2]
	}
	switch two {
	case "an":
		return 2, p.clean(c.Author.Name)
	case "ae":
		return 2, p.clean(c.Author.Email)
	case "ad":
		return 2, p.formatDate(c.Author.When)
	case "ar":
		return 2, relativeDate(p.now, c.Author.When)
	case "as":
		return 2, c.Author.When.Format("2006-01-02")
	case "ai":
		return 2, c.Author.When.Format("2006-01-02 15:04:05 -0700")
	case "aI":
		return 2, c.Author.When.Format("2006-01-02T15:04:05-07:00")
	case "at":
		return 2, fmt.Sprint(c.Author.When.Unix())
	case "cn":
		return 2, p.clean(c.Committer.Name)
	case "ce":
		return 2, p.clean(c.Committer.Email)
	case "cd":
		return 2, p.formatDate(c.Committer.When)
	case "cr":
		return 2, relativeDate(p.now, c.Committer.When)
	case "cs":
		return 2, c.Committer.When.Format("2006-01-02")
	case "ci":
		return 2, c.Committer.When.Format("2006-01-02 15:04:05 -0700")
	case "cI":
		return 2, c.Committer.When.Format("2006-01-02T15:04:05-07:00")
	case "ct":
		return 2, fmt.Sprint(c.Committer.When.Unix())
	case "Cr":
		if strings.HasPrefix(f, "Cred") {
			return 4, p.sgr("31")
		}
		if strings.HasPrefix(f, "Creset") {
			return 6, p.sgr("")
		}
	case "Cg":
		if strings.HasPrefix(f, "Cgreen") {
			return 6, p.sgr("32")
		}
	case "Cb":
		if strings.HasPrefix(f, "Cblue") {
			return 5, p.sgr("34")
		}
	}
	switch f[0] {
	case 'H':
		return 1, c.ID.String()
	case 'h':
		return 1, p.repo.ShortHash(c.ID)
	case 'T':
		return 1, c.Tree.String()
	case 't':
		return 1, p.repo.ShortHash(c.Tree)
	case 'P', 'p':
		var ps []string
		for _, id := range c.Parents {
			if f[0] == 'P' {
				ps = append(ps, id.String())
			} else {
				ps = append(ps, p.repo.ShortHash(id))
			}
		}
		return 1, strings.Join(ps, " ")
	case 's':
		return 1, p.clean(c.Subject)
	case 'b':
		return 1, p.cleanLines(c.Body())
	case 'B':
		return 1, p.cleanLines(c.Message)
	case 'd':
		return 1, p.decorations(c.ID, true)
	case 'D':
		return 1, p.decorations(c.ID, false)
	case 'n':
		return 1, "\n"
	case '%':
		return 1, "%"
	}
	return 0, ""
}

func (p *printer) sgr(code string) string {
	if !p.out.color {
		return ""
	}
	return "\x1b[" + code + "m"
}

func (p *printer) cleanLines(s string) string {
	if !p.out.tty {
		return s
	}
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = p.clean(lines[i])
	}
	return strings.Join(lines, "\n")
}
