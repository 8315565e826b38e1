package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"

	"reef/gitops"
)

// blamePrinter writes a blame in one of git's formats.
type blamePrinter struct {
	repo          *gitops.Repo
	out           *output
	f             blameFlags
	res           *gitops.Blame
	quote         bool // core.quotePath
	blankBoundary bool
	showEmail     bool
	now           time.Time // for relative dates
}

// blameDateWidths are the --date formats git blame takes and the width it
// pads dates to (the longest date each can print).
var blameDateWidths = map[string]int{
	"iso": 25, "iso8601": 25, "iso-strict": 25, "iso8601-strict": 25, "rfc": 31, "rfc2822": 31,
	"raw": 16, "unix": 10, "short": 10, "relative": 22, "default": 30,
}

// porcelain writes --porcelain (commit details once per commit) or
// --line-porcelain (details on every line).
func (p *blamePrinter) porcelain() {
	lines := p.res.Lines
	// git repeats "previous"/"filename" on every group of a commit whose
	// lines come from more than one path.
	paths := map[gitops.Hash]string{}
	multi := map[gitops.Hash]bool{}
	for _, l := range lines {
		if q, ok := paths[l.Commit]; !ok {
			paths[l.Commit] = l.OrigPath
		} else if q != l.OrigPath {
			multi[l.Commit] = true
		}
	}
	shown := map[gitops.Hash]bool{}
	w := p.out
	for _, g := range p.res.Groups {
		first := lines[g.First]
		hex := first.Commit.String()
		for i := 0; i < g.Count; i++ {
			l := lines[g.First+i]
			if i == 0 {
				fmt.Fprintf(w, "%s %d %d %d\n", hex, l.OrigLine, l.Line, g.Count)
			} else {
				fmt.Fprintf(w, "%s %d %d\n", hex, l.OrigLine, l.Line)
			}
			if i == 0 || p.f.linePorcelain {
				details := p.f.linePorcelain || !shown[l.Commit]
				if details {
					shown[l.Commit] = true
					p.details(l)
				}
				if details || multi[l.Commit] {
					if !g.PrevCommit.IsZero() {
						fmt.Fprintf(w, "previous %s %s\n", g.PrevCommit, gitops.QuotePathHigh(g.PrevPath, p.quote))
					}
					fmt.Fprintf(w, "filename %s\n", gitops.QuotePathHigh(l.OrigPath, p.quote))
				}
			}
			w.WriteByte('\t')
			w.WriteString(l.Text)
			w.WriteByte('\n')
		}
	}
}

func (p *blamePrinter) details(l gitops.BlameLine) {
	w := p.out
	fmt.Fprintf(w, "author %s\nauthor-mail <%s>\nauthor-time %d\nauthor-tz %s\n",
		l.Author.Name, l.Author.Email, l.Author.When.Unix(), rawZone(l.Author.When))
	fmt.Fprintf(w, "committer %s\ncommitter-mail <%s>\ncommitter-time %d\ncommitter-tz %s\n",
		l.Committer.Name, l.Committer.Email, l.Committer.When.Unix(), rawZone(l.Committer.When))
	fmt.Fprintf(w, "summary %s\n", l.Summary)
	if l.Boundary {
		w.WriteString("boundary\n")
	}
}

// normal writes git blame's default format:
// "^abcdef1 (Author Name 2023-11-14 22:13:20 +0000  1) line".
func (p *blamePrinter) normal() {
	lines := p.res.Lines
	if len(lines) == 0 {
		return
	}
	// Column widths over what is shown, as git measures them.
	abbrev, nameWidth, pathWidth, lineDigits, origDigits := 0, 0, 0, 0, 0
	showName := p.f.showName
	widths := map[gitops.Hash]int{}
	for _, l := range lines {
		if l.OrigPath != p.res.Path {
			showName = true
		}
		pathWidth = max(pathWidth, len(l.OrigPath))
		lineDigits = max(lineDigits, len(strconv.Itoa(l.Line)))
		origDigits = max(origDigits, len(strconv.Itoa(l.OrigLine)))
		if _, ok := widths[l.Commit]; !ok {
			widths[l.Commit] = len(p.repo.ShortHash(l.Commit))
			nameWidth = max(nameWidth, textWidth(p.authorName(l)))
		}
		abbrev = max(abbrev, widths[l.Commit])
	}
	abbrev++ // one more for the boundary marker, as git does
	switch {
	case p.f.long:
		abbrev = 40
	case p.f.abbrev > 0:
		abbrev = min(p.f.abbrev+1, 40)
	}
	var sb strings.Builder
	for _, l := range lines {
		sb.Reset()
		hex, n := l.Commit.String(), abbrev
		if l.Boundary {
			if p.blankBoundary {
				hex = strings.Repeat(" ", 40)
			} else {
				sb.WriteByte('^')
				n--
			}
		}
		sb.WriteString(hex[:n])
		if showName {
			// Padded in bytes, as git's printf does.
			sb.WriteByte(' ')
			sb.WriteString(l.OrigPath)
			sb.WriteString(strings.Repeat(" ", pathWidth-len(l.OrigPath)))
		}
		if p.f.showNumber {
			fmt.Fprintf(&sb, " %*d", origDigits, l.OrigLine)
		}
		if !p.f.noAuthor {
			name := p.authorName(l)
			sb.WriteString(" (")
			sb.WriteString(name)
			sb.WriteString(strings.Repeat(" ", max(nameWidth-textWidth(name), 0)))
			fmt.Fprintf(&sb, " %10s", p.date(l.Author))
		}
		fmt.Fprintf(&sb, " %*d) ", lineDigits, l.Line)
		p.out.WriteString(sb.String())
		p.out.WriteString(l.Text)
		p.out.WriteByte('\n')
	}
}

func (p *blamePrinter) authorName(l gitops.BlameLine) string {
	if p.showEmail {
		return "<" + l.Author.Email + ">"
	}
	return l.Author.Name
}

// date is the author date as git blame shows it: ISO 8601 by default,
// another --date format padded to that format's width, or -t's raw form.
func (p *blamePrinter) date(s gitops.Signature) string {
	if p.f.rawTime {
		return strconv.FormatInt(s.When.Unix(), 10) + " " + rawZone(s.When)
	}
	switch p.f.date {
	case "", "iso", "iso8601":
		_, off := s.When.Zone()
		mins := off / 60
		hhmm := mins/60*100 + mins%60
		return s.When.Format("2006-01-02 15:04:05") + fmt.Sprintf(" %+05d", hhmm)
	}
	lp := printer{date: p.f.date, now: p.now}
	d := lp.formatDate(s.When)
	return d + strings.Repeat(" ", max(blameDateWidths[p.f.date]-textWidth(d), 0))
}

// rawZone is the zone as the commit wrote it: gitops names a signature's
// zone after the commit's text ("+0200").
func rawZone(t time.Time) string {
	name, off := t.Zone()
	if name != "" && (name[0] == '+' || name[0] == '-') {
		return name
	}
	mins := off / 60
	sign := byte('+')
	if mins < 0 {
		sign, mins = '-', -mins
	}
	return fmt.Sprintf("%c%02d%02d", sign, mins/60, mins%60)
}

// textWidth is the terminal width of s: wide East Asian characters count
// two columns, combining marks none (git's utf8_strwidth).
func textWidth(s string) int {
	cond := runewidth.Condition{EastAsianWidth: false}
	return cond.StringWidth(s)
}
