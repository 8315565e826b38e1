package cli

import (
	"fmt"
	"strings"

	"reef/gitops"
	"reef/ui/termtext"
)

// statusPrinter writes a status in one of git's formats.
type statusPrinter struct {
	out       *output
	st        *gitops.Status
	nul       bool   // -z: NUL-terminated, paths raw and from the top
	prefix    string // the current directory below the top ("dir/"), for relative paths
	quoteHigh bool   // core.quotePath
	hints     bool   // advice.statusHints
	quick     bool   // no ahead/behind counts
}

// Colours of git's status (color.status.<slot> defaults).
const (
	colorGreen = "\x1b[32m"
	colorRed   = "\x1b[31m"
	colorReset = "\x1b[m"
)

func (p *statusPrinter) color(c, s string) string {
	if !p.out.color || c == "" || s == "" {
		return s
	}
	return c + s + colorReset
}

// path shows a path as git does: relative to the current directory,
// C-quoted when it holds special bytes (and, quoteSP, when it holds a
// space); with -z raw and relative to the top. On a terminal, control
// characters never reach the screen.
func (p *statusPrinter) path(s string, quoteSP bool) string {
	if !p.nul {
		rel := relativePath(s, p.prefix)
		s = gitops.QuotePathHigh(rel, p.quoteHigh)
		if quoteSP && s == rel && strings.Contains(rel, " ") {
			s = `"` + rel + `"`
		}
	}
	if p.out.tty {
		s = termtext.Clean(s)
	}
	return s
}

func (p *statusPrinter) eol() byte {
	if p.nul {
		return 0
	}
	return '\n'
}

// tracked calls f for the changed and conflicted entries, in path order.
func (p *statusPrinter) tracked(f func(e *gitops.StatusEntry)) {
	for i := range p.st.Entries {
		if k := p.st.Entries[i].Kind; k != gitops.StatusUntracked && k != gitops.StatusIgnored {
			f(&p.st.Entries[i])
		}
	}
}

func (p *statusPrinter) others(kind gitops.StatusKind) []string {
	var out []string
	for _, e := range p.st.Entries {
		if e.Kind == kind {
			out = append(out, e.Path)
		}
	}
	return out
}

// porcelainV2 is `git status --porcelain=v2`.
func (p *statusPrinter) porcelainV2(branch bool) {
	w, eol := p.out, p.eol()
	if branch {
		b := p.st.Branch
		oid := b.OID.String()
		if b.Unborn {
			oid = "(initial)"
		}
		fmt.Fprintf(w, "# branch.oid %s%c", oid, eol)
		head := b.Head
		if b.Detached {
			head = "(detached)"
		}
		fmt.Fprintf(w, "# branch.head %s%c", head, eol)
		if b.Upstream != "" {
			fmt.Fprintf(w, "# branch.upstream %s%c", b.UpstreamShort, eol)
			switch {
			case b.UpstreamGone:
			case p.quick && b.Differs:
				fmt.Fprintf(w, "# branch.ab +? -?%c", eol)
			default:
				fmt.Fprintf(w, "# branch.ab +%d -%d%c", b.Ahead, b.Behind, eol)
			}
		}
	}
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind == gitops.StatusUnmerged {
			return
		}
		sub := submoduleToken(e)
		if e.Kind == gitops.StatusRenamed {
			x := e.Staged // the column the rename or copy was found in
			if x != 'R' && x != 'C' {
				x = e.Unstaged
			}
			sep := byte('\t')
			if p.nul {
				sep = 0
			}
			fmt.Fprintf(w, "2 %c%c %s %06o %06o %06o %s %s %c%d %s%c%s%c", e.Staged, e.Unstaged, sub,
				e.HeadMode, e.IndexMode, e.WorktreeMode, e.HeadID, e.IndexID, x, e.Score,
				p.path(e.Path, false), sep, p.path(e.OrigPath, false), eol)
			return
		}
		fmt.Fprintf(w, "1 %c%c %s %06o %06o %06o %s %s %s%c", e.Staged, e.Unstaged, sub,
			e.HeadMode, e.IndexMode, e.WorktreeMode, e.HeadID, e.IndexID, p.path(e.Path, false), eol)
	})
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind != gitops.StatusUnmerged {
			return
		}
		s := e.Stages
		fmt.Fprintf(w, "u %c%c %s %06o %06o %06o %06o %s %s %s %s%c", e.Staged, e.Unstaged, submoduleToken(e),
			s[0].Mode, s[1].Mode, s[2].Mode, e.WorktreeMode, s[0].ID, s[1].ID, s[2].ID, p.path(e.Path, false), eol)
	})
	for _, path := range p.others(gitops.StatusUntracked) {
		fmt.Fprintf(w, "? %s%c", p.path(path, false), eol)
	}
	for _, path := range p.others(gitops.StatusIgnored) {
		fmt.Fprintf(w, "! %s%c", p.path(path, false), eol)
	}
}

func submoduleToken(e *gitops.StatusEntry) string {
	s := e.Submodule
	if !s.Is {
		return "N..."
	}
	b := []byte("S...")
	if s.CommitChanged {
		b[1] = 'C'
	}
	if s.Modified {
		b[2] = 'M'
	}
	if s.Untracked {
		b[3] = 'U'
	}
	return string(b)
}

// short is `git status --short` and, with porcelain, `--porcelain` (v1):
// no colour, no relative paths, plain submodule letters.
func (p *statusPrinter) short(branch, porcelain bool) {
	w, eol := p.out, p.eol()
	if branch {
		p.shortBranch()
	}
	p.tracked(func(e *gitops.StatusEntry) {
		if e.Kind == gitops.StatusUnmerged {
			w.WriteString(p.color(colorRed, string([]byte{e.Staged, e.Unstaged})))
			fmt.Fprintf(w, " %s%c", p.path(e.Path, true), eol)
			return
		}
		x, y := e.Staged, e.Unstaged
		if !porcelain && y != '.' && e.WorktreeMode == 0o160000 {
			// --short tells why a submodule changed.
			switch sm := e.Submodule; {
			case sm.CommitChanged:
				y = 'M'
			case sm.Modified:
				y = 'm'
			case sm.Untracked:
				y = '?'
			}
		}
		for k, c := range []byte{x, y} {
			if c == '.' {
				w.WriteByte(' ')
				continue
			}
			w.WriteString(p.color([]string{colorGreen, colorRed}[k], string(c)))
		}
		w.WriteByte(' ')
		if p.nul {
			fmt.Fprintf(w, "%s%c", p.path(e.Path, true), eol)
			if e.OrigPath != "" {
				fmt.Fprintf(w, "%s%c", p.path(e.OrigPath, true), eol)
			}
			return
		}
		if e.OrigPath != "" {
			fmt.Fprintf(w, "%s -> ", p.path(e.OrigPath, true))
		}
		fmt.Fprintf(w, "%s%c", p.path(e.Path, true), eol)
	})
	for k, sign := range []string{"??", "!!"} {
		for _, path := range p.others([]gitops.StatusKind{gitops.StatusUntracked, gitops.StatusIgnored}[k]) {
			w.WriteString(p.color(colorRed, sign))
			fmt.Fprintf(w, " %s%c", p.path(path, true), eol)
		}
	}
}

// shortBranch is the "## branch...upstream [ahead N, behind M]" line.
func (p *statusPrinter) shortBranch() {
	w, b := p.out, p.st.Branch
	w.WriteString("## ")
	if b.Unborn {
		w.WriteString("No commits yet on ")
	}
	defer w.WriteByte(p.eol())
	if b.Detached {
		w.WriteString(p.color(colorRed, "HEAD (no branch)"))
		return
	}
	w.WriteString(p.color(colorGreen, b.Head))
	if b.Upstream == "" {
		return
	}
	w.WriteString("..." + p.color(colorRed, b.UpstreamShort))
	if !b.UpstreamGone && !b.Differs {
		return
	}
	w.WriteString(" [")
	switch {
	case b.UpstreamGone:
		w.WriteString("gone")
	case p.quick:
		w.WriteString("different")
	case b.Ahead == 0:
		w.WriteString("behind " + p.color(colorRed, fmt.Sprint(b.Behind)))
	case b.Behind == 0:
		w.WriteString("ahead " + p.color(colorGreen, fmt.Sprint(b.Ahead)))
	default:
		w.WriteString("ahead " + p.color(colorGreen, fmt.Sprint(b.Ahead)) + ", behind " + p.color(colorRed, fmt.Sprint(b.Behind)))
	}
	w.WriteString("]")
}

// relativePath is git's relative_path: in (from the top) as seen from
// the directory prefix ("a/b/", or "" for the top).
func relativePath(in, prefix string) string {
	if in == "" {
		return "./"
	}
	if prefix == "" {
		return in
	}
	i, j, prefixOff, inOff := 0, 0, 0, 0
	for i < len(prefix) && j < len(in) && prefix[i] == in[j] {
		if prefix[i] == '/' {
			for i < len(prefix) && prefix[i] == '/' {
				i++
			}
			for j < len(in) && in[j] == '/' {
				j++
			}
			prefixOff, inOff = i, j
		} else {
			i++
			j++
		}
	}
	switch {
	case i >= len(prefix) && prefixOff < len(prefix):
		switch {
		case j >= len(in):
			inOff = len(in)
		case in[j] == '/':
			for j < len(in) && in[j] == '/' {
				j++
			}
			inOff = j
		default:
			i = prefixOff
		}
	case j >= len(in) && inOff < len(in):
		if i < len(prefix) && prefix[i] == '/' {
			for i < len(prefix) && prefix[i] == '/' {
				i++
			}
			inOff = len(in)
		}
	}
	in = in[inOff:]
	if i >= len(prefix) {
		if in == "" {
			return "./"
		}
		return in
	}
	var b strings.Builder
	for i < len(prefix) {
		if prefix[i] == '/' {
			b.WriteString("../")
			for i < len(prefix) && prefix[i] == '/' {
				i++
			}
			continue
		}
		i++
	}
	if prefix[len(prefix)-1] != '/' {
		b.WriteString("../")
	}
	b.WriteString(in)
	return b.String()
}
