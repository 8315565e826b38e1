package iac

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// RenderOptions tunes Render.
type RenderOptions struct {
	// Color marks kinds and severities with ANSI colours (a terminal).
	Color bool
	// Clean makes untrusted text safe to print (control characters on a
	// terminal); nil prints it as it is.
	Clean func(string) string
	// MaxValue shortens attribute values longer than this many
	// characters (0: 160; negative: never).
	MaxValue int
}

// Render writes a review as text: per environment, per file, per
// resource, with attribute changes (old → new), notes and findings, then
// a one-line summary. `reef review` prints it and the summary goldens of
// the corpus are written with it.
func Render(w io.Writer, r Result, o RenderOptions) error {
	if o.Clean == nil {
		o.Clean = func(s string) string { return s }
	}
	if o.MaxValue == 0 {
		o.MaxValue = 160
	}
	bw := bufio.NewWriter(w)
	p := printer{w: bw, o: o, labelSource: mixedSources(r)}
	files := groupFiles(r)
	env := "\x00" // no environment is printed before the first group
	for _, f := range files {
		if f.env != env {
			if env != "\x00" {
				bw.WriteByte('\n')
			}
			env = f.env
			name := "no environment"
			if env != "" {
				name = "environment " + o.Clean(env)
				if IsProd(env) {
					name += " (production)"
				}
			}
			p.line(0, p.paint(bold, name))
		}
		p.file(f)
	}
	if len(files) > 0 {
		bw.WriteByte('\n')
	}
	p.line(0, Summary(r))
	return bw.Flush()
}

// ANSI styles of the text view.
const (
	bold    = "\x1b[1m"
	red     = "\x1b[31m"
	boldRed = "\x1b[1;31m"
	green   = "\x1b[32m"
	yellow  = "\x1b[33m"
	cyan    = "\x1b[36m"
	dim     = "\x1b[2m"
	reset   = "\x1b[m"
)

// fileGroup is what the text view shows for one file.
type fileGroup struct {
	env, path string
	changes   []Change
	findings  []Finding
	notes     []Note
}

// groupFiles gathers changes, findings and notes by file, in the order of
// the sorted result (environment, then path).
func groupFiles(r Result) []*fileGroup {
	var out []*fileGroup
	idx := map[[2]string]*fileGroup{}
	get := func(env, path string) *fileGroup {
		k := [2]string{env, path}
		if g, ok := idx[k]; ok {
			return g
		}
		g := &fileGroup{env: env, path: path}
		idx[k] = g
		out = append(out, g)
		return g
	}
	for _, c := range r.Changes {
		g := get(c.Environment, c.Path)
		g.changes = append(g.changes, c)
	}
	for _, f := range r.Findings {
		g := get(f.Environment, f.Path)
		g.findings = append(g.findings, f)
	}
	envOf := map[string]string{}
	for _, g := range out {
		envOf[g.path] = g.env
	}
	for _, n := range r.Notes {
		env, ok := envOf[n.Path]
		if !ok {
			env = (&Environments{}).Of(n.Path)
		}
		g := get(env, n.Path)
		g.notes = append(g.notes, n)
	}
	// Notes may have added files out of order: sort the groups again.
	sortGroups(out)
	return out
}

func sortGroups(gs []*fileGroup) {
	for i := 1; i < len(gs); i++ {
		for j := i; j > 0 && less(gs[j], gs[j-1]); j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}

func less(a, b *fileGroup) bool {
	if a.env != b.env {
		return a.env < b.env
	}
	return a.path < b.path
}

// mixedSources reports whether any fact came from a plan: only then are
// facts labelled "from plan" or "static".
func mixedSources(r Result) bool {
	for _, c := range r.Changes {
		if c.Source == "plan" || len(c.Actions) > 0 {
			return true
		}
		for _, a := range c.Attributes {
			if a.Source == "plan" {
				return true
			}
		}
	}
	return false
}

type printer struct {
	w           *bufio.Writer
	o           RenderOptions
	labelSource bool
}

func (p *printer) line(indent int, s string) {
	p.w.WriteString(strings.Repeat("  ", indent))
	p.w.WriteString(s)
	p.w.WriteByte('\n')
}

func (p *printer) paint(style, s string) string {
	if !p.o.Color || style == "" {
		return s
	}
	return style + s + reset
}

func (p *printer) file(g *fileGroup) {
	name := g.path
	if name == "" {
		name = "(plan only: no file in the change)"
	}
	p.line(1, p.paint(bold, p.o.Clean(name)))
	placed := make([]bool, len(g.findings))
	for _, c := range g.changes {
		p.change(c)
		for i, f := range g.findings {
			if !placed[i] && f.Address != "" && f.Address == c.Address {
				p.finding(3, f)
				placed[i] = true
			}
		}
	}
	for i, f := range g.findings {
		if !placed[i] {
			p.finding(2, f)
		}
	}
	for _, n := range g.notes {
		p.line(2, p.paint(dim, "note: "+p.o.Clean(n.Message)))
	}
}

func kindMark(k Kind) (string, string) {
	switch k {
	case Added:
		return "+", green
	case Removed:
		return "-", red
	case Moved:
		return ">", cyan
	}
	return "~", yellow
}

func (p *printer) change(c Change) {
	mark, style := kindMark(c.Kind)
	head := mark + " " + p.o.Clean(c.Address)
	var tags []string
	if c.Kind == Moved && c.From != "" {
		tags = append(tags, "moved from "+p.o.Clean(c.From))
	} else {
		tags = append(tags, string(c.Kind))
	}
	if len(c.Actions) > 0 {
		tags = append(tags, "plan: "+p.o.Clean(strings.Join(c.Actions, ", ")))
	}
	if p.labelSource {
		tags = append(tags, sourceLabel(c.Source))
	}
	p.line(2, p.paint(style, head)+" "+p.paint(dim, "("+strings.Join(tags, "; ")+")"))
	for _, a := range c.Attributes {
		p.attribute(a)
	}
	for _, n := range c.Notes {
		p.line(3, p.paint(dim, "note: "+p.o.Clean(n)))
	}
}

func sourceLabel(s string) string {
	if s == "plan" {
		return "from plan"
	}
	return "static"
}

func (p *printer) attribute(a Attribute) {
	multi := strings.Contains(strings.TrimRight(a.Before, "\n"), "\n") || strings.Contains(strings.TrimRight(a.After, "\n"), "\n")
	show := p.value
	if multi {
		show = lineCount
	}
	before, after := "(unset)", "(unset)"
	if a.HasBefore {
		before = show(a.Before)
	}
	if a.HasAfter {
		after = show(a.After)
	}
	s := p.o.Clean(a.Path) + ": " + p.paint(red, before) + " → " + p.paint(green, after)
	if p.labelSource {
		s += p.paint(dim, " ("+sourceLabel(a.Source)+")")
	}
	p.line(3, s)
	if multi {
		p.lineDiff(a.Before, a.After)
	}
}

// value shows a one-line attribute value, shortened.
func (p *printer) value(v string) string {
	if p.o.MaxValue > 0 && utf8.RuneCountInString(v) > p.o.MaxValue {
		v = string([]rune(v)[:p.o.MaxValue]) + "…"
	}
	return p.o.Clean(v)
}

// lineCount shows a multi-line value by its size; its changed lines
// follow.
func lineCount(v string) string {
	return plural(strings.Count(strings.TrimRight(v, "\n"), "\n")+1, "line")
}

// maxDiffLines bounds the changed lines shown for one multi-line value.
const maxDiffLines = 20

// lineDiff prints the lines only one side of a multi-line value has,
// "- old" and "+ new", in order.
func (p *printer) lineDiff(before, after string) {
	shown := 0
	ops := diffLines(splitLines(before), splitLines(after))
	for _, op := range ops {
		if op.kind == ' ' {
			continue
		}
		if shown == maxDiffLines {
			p.line(4, p.paint(dim, fmt.Sprintf("… %d more changed lines", countChanged(ops)-shown)))
			return
		}
		style := red
		if op.kind == '+' {
			style = green
		}
		p.line(4, p.paint(style, string(op.kind)+" "+p.value(op.text)))
		shown++
	}
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

func countChanged(ops []lineOp) int {
	n := 0
	for _, op := range ops {
		if op.kind != ' ' {
			n++
		}
	}
	return n
}

// maxLCS bounds the longest-common-subsequence table; longer values are
// shown as all removed and all added rather than costing quadratic time.
const maxLCS = 1 << 20

// diffLines is a line diff by longest common subsequence: values are
// short (a script, a policy document), and the output must be stable.
func diffLines(x, y []string) []lineOp {
	var out []lineOp
	// Common head and tail need no table.
	for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
		out = append(out, lineOp{' ', x[0]})
		x, y = x[1:], y[1:]
	}
	var tail []lineOp
	for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
		tail = append([]lineOp{{' ', x[len(x)-1]}}, tail...)
		x, y = x[:len(x)-1], y[:len(y)-1]
	}
	if (len(x)+1)*(len(y)+1) > maxLCS {
		for _, l := range x {
			out = append(out, lineOp{'-', l})
		}
		for _, l := range y {
			out = append(out, lineOp{'+', l})
		}
		return append(out, tail...)
	}
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out = append(out, lineOp{' ', x[i]})
			i, j = i+1, j+1
		case j == len(y) || i < len(x) && lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, lineOp{'-', x[i]})
			i++
		default:
			out = append(out, lineOp{'+', y[j]})
			j++
		}
	}
	return append(out, tail...)
}

func severityStyle(s Severity) string {
	switch s {
	case Critical:
		return boldRed
	case High:
		return red
	case Medium:
		return yellow
	}
	return cyan
}

func (p *printer) finding(indent int, f Finding) {
	style := severityStyle(f.Severity)
	if f.State == Resolved {
		style = green
	}
	where := string(f.State)
	if f.Line > 0 {
		where += fmt.Sprintf(", line %d", f.Line)
		if f.State == Resolved {
			where += " of the old file"
		}
	}
	head := fmt.Sprintf("! %s %s", f.Severity, f.Rule)
	p.line(indent, p.paint(style, head)+" ("+where+"): "+p.o.Clean(f.Message))
}

// Summary is the last line of the text view: how many resources changed
// in how many files (those with changes, findings or notes), and the
// findings by state and severity.
func Summary(r Result) string {
	files := map[string]bool{}
	for _, c := range r.Changes {
		files[c.Path] = true
	}
	for _, f := range r.Findings {
		files[f.Path] = true
	}
	for _, n := range r.Notes {
		files[n.Path] = true
	}
	s := fmt.Sprintf("%s in %s", plural(len(r.Changes), "change"), plural(len(files), "file"))
	counts := map[State]map[Severity]int{}
	for _, f := range r.Findings {
		if counts[f.State] == nil {
			counts[f.State] = map[Severity]int{}
		}
		counts[f.State][f.Severity]++
	}
	if len(r.Findings) == 0 {
		s += "; no findings"
	}
	for _, st := range []State{Introduced, Existing, Resolved} {
		if len(counts[st]) == 0 {
			continue
		}
		var parts []string
		for sev := Critical; sev >= Low; sev-- {
			if n := counts[st][sev]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, sev))
			}
		}
		s += fmt.Sprintf("; %s: %s", st, strings.Join(parts, ", "))
	}
	if len(r.Notes) > 0 {
		s += "; " + plural(len(r.Notes), "note")
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
