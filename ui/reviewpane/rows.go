package reviewpane

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"reef/gitops/iac"
	"reef/ui/termtext"
)

// role names a look; View maps roles to the theme's styles, so rows are
// built once per review and drawn in whatever theme is current.
type role uint8

const (
	rText role = iota
	rMuted
	rTitle
	rDanger
	rWarning
	rInfo
	rAdded
	rRemoved
	rChanged
)

// seg is a run of a row's text in one look.
type seg struct {
	text string
	role role
}

// spot is where enter takes the reader: a file of the review, and a line
// of its new (or, with old, its old) side; line 0 is the file's top.
type spot struct {
	path string
	line int
	old  bool
}

// row is one line of a list. Rows with a spot can be selected.
type row struct {
	segs []seg
	open *spot
	dim  bool // existing and resolved findings: drawn muted throughout
}

// maxValue bounds the cells of one attribute value in the summary, so a
// long before value does not push the after value off the screen.
const maxValue = 48

// clean makes untrusted text safe for one row: control characters as
// stand-ins, tabs as spaces.
func clean(s string) string {
	return strings.ReplaceAll(termtext.Clean(s), "\t", " ")
}

// sevRole is the look of a severity: critical and high → danger, medium →
// warning, low → info.
func sevRole(s iac.Severity) role {
	switch {
	case s >= iac.High:
		return rDanger
	case s == iac.Medium:
		return rWarning
	}
	return rInfo
}

// stateRank orders states: what the change introduces first.
func stateRank(s iac.State) int {
	switch s {
	case iac.Introduced:
		return 0
	case iac.Existing:
		return 1
	}
	return 2
}

// sortFindings orders findings for the list: severity (critical first),
// then state (introduced first), path, line and rule.
func sortFindings(fs []iac.Finding) []iac.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b iac.Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(stateRank(a.State), stateRank(b.State)),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

// findingRows lays findings out grouped by severity, each group under a
// heading: state, rule id, path:line, address and message.
func findingRows(fs []iac.Finding) []row {
	if len(fs) == 0 {
		return []row{{segs: []seg{{"  no findings: nothing this change does matches a risk rule", rMuted}}}}
	}
	sorted := sortFindings(fs)
	ruleW := 0
	for _, f := range sorted {
		ruleW = max(ruleW, ansi.StringWidth(clean(f.Rule)))
	}
	ruleW = min(ruleW, 26)
	var out []row
	for i := 0; i < len(sorted); {
		sev := sorted[i].Severity
		j := i
		for j < len(sorted) && sorted[j].Severity == sev {
			j++
		}
		name := sev.String()
		out = append(out, row{segs: []seg{{strings.ToUpper(name[:1]) + name[1:], sevRole(sev)}, {fmt.Sprintf(" %d", j-i), rMuted}}})
		for _, f := range sorted[i:j] {
			out = append(out, findingRow(f, ruleW))
		}
		i = j
	}
	return out
}

func findingRow(f iac.Finding, ruleW int) row {
	where := clean(f.Path)
	if f.Line > 0 {
		where += fmt.Sprintf(":%d", f.Line)
	}
	if f.State == iac.Resolved {
		where += " (old)"
	}
	rule := clean(f.Rule)
	rule += strings.Repeat(" ", max(ruleW-ansi.StringWidth(rule), 0))
	segs := []seg{
		{"  ●", sevRole(f.Severity)},
		{fmt.Sprintf(" %-10s ", string(f.State)), rMuted},
		{rule, rText},
		{"  " + where, rChanged},
	}
	if f.Address != "" {
		segs = append(segs, seg{"  " + clean(f.Address), rInfo})
	}
	segs = append(segs, seg{"  " + clean(f.Message), rText})
	if f.State == iac.Introduced {
		segs[1].role = sevRole(f.Severity)
	}
	return row{segs: segs, open: &spot{path: f.Path, line: f.Line, old: f.State == iac.Resolved}, dim: f.State != iac.Introduced}
}

// fileGroup is one file of the summary.
type fileGroup struct {
	path    string
	changes []iac.Change
	notes   []string
}

// summaryRows lays the changes out per environment (when any has one),
// per file and per resource: kind, address, source, the plan's actions,
// attribute changes before → after, and notes.
func summaryRows(res *iac.Result) []row {
	envOf := map[string]string{} // file → environment
	groups := map[string]map[string]*fileGroup{}
	group := func(env, path string) *fileGroup {
		if groups[env] == nil {
			groups[env] = map[string]*fileGroup{}
		}
		g := groups[env][path]
		if g == nil {
			g = &fileGroup{path: path}
			groups[env][path] = g
		}
		return g
	}
	for _, c := range res.Changes {
		envOf[c.Path] = c.Environment
		if c.Environment != "" {
			envOf[path.Dir(c.Path)+"/"] = c.Environment
		}
		g := group(c.Environment, c.Path)
		g.changes = append(g.changes, c)
	}
	for _, n := range res.Notes {
		// A file that could not be read has no environment of its own:
		// it takes its directory's.
		env, ok := envOf[n.Path]
		if !ok {
			env = envOf[path.Dir(n.Path)+"/"]
		}
		g := group(env, n.Path)
		g.notes = append(g.notes, n.Message)
	}
	if len(groups) == 0 {
		return []row{{segs: []seg{{"  no infrastructure changes: no changed file is of a kind reef reads", rMuted}}}}
	}
	envs := make([]string, 0, len(groups))
	for e := range groups {
		envs = append(envs, e)
	}
	slices.SortFunc(envs, func(a, b string) int {
		if (a == "") != (b == "") {
			return cmp.Compare(b2i(a == ""), b2i(b == ""))
		}
		return cmp.Compare(a, b)
	})
	showEnv := len(envs) > 1 || envs[0] != ""
	var out []row
	for _, env := range envs {
		indent := ""
		if showEnv {
			name := clean(env)
			if env == "" {
				name = "(no environment)"
			}
			out = append(out, row{segs: []seg{{name, rTitle}, {fmt.Sprintf(" %d file%s", len(groups[env]), plural(len(groups[env]))), rMuted}}})
			indent = "  "
		}
		paths := make([]string, 0, len(groups[env]))
		for p := range groups[env] {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			out = appendFile(out, groups[env][p], indent)
		}
	}
	return out
}

// appendFile adds a file's rows: its path, its notes, then its changes
// in the order of their lines.
func appendFile(out []row, g *fileGroup, indent string) []row {
	top := &spot{path: g.path}
	n := len(g.changes)
	out = append(out, row{open: top, segs: []seg{{indent + clean(g.path), rText}, {fmt.Sprintf("  %d resource%s", n, plural(n)), rMuted}}})
	for _, note := range g.notes {
		out = append(out, row{open: top, segs: []seg{{indent + "  ! " + clean(note), rWarning}}})
	}
	changes := slices.Clone(g.changes)
	slices.SortStableFunc(changes, func(a, b iac.Change) int {
		return cmp.Compare(max(a.Line, a.OldLine), max(b.Line, b.OldLine))
	})
	for _, c := range changes {
		out = appendChange(out, c, indent+"  ")
	}
	return out
}

// appendChange adds a resource's rows.
func appendChange(out []row, c iac.Change, indent string) []row {
	at := &spot{path: c.Path, line: c.Line}
	if c.Kind == iac.Removed || c.Line == 0 {
		at = &spot{path: c.Path, line: c.OldLine, old: true}
	}
	marker, r := "~", rChanged
	switch c.Kind {
	case iac.Added:
		marker, r = "+", rAdded
	case iac.Removed:
		marker, r = "-", rRemoved
	case iac.Moved:
		marker = "→"
	}
	segs := []seg{{indent + marker + " ", r}, {clean(c.Address), rText}}
	kind := string(c.Kind)
	if c.Kind == iac.Moved && c.From != "" {
		kind = "moved from " + clean(c.From)
	}
	segs = append(segs, seg{"  " + kind, rMuted})
	if len(c.Actions) > 0 {
		segs = append(segs, seg{"  plan: " + clean(strings.Join(c.Actions, ", ")), rWarning})
	}
	if l := sourceLabel(c.Source); l != "" {
		segs = append(segs, seg{"  " + l, rMuted})
	}
	out = append(out, row{open: at, segs: segs})
	for _, a := range c.Attributes {
		out = append(out, attributeRow(a, c.Source, indent+"    ", at))
	}
	for _, n := range c.Notes {
		out = append(out, row{open: at, segs: []seg{{indent + "    · " + clean(n), rInfo}}})
	}
	return out
}

// sourceLabel says where a fact comes from: the plan or reading the files.
func sourceLabel(s string) string {
	switch s {
	case "plan":
		return "from plan"
	case "static":
		return "static"
	}
	return clean(s)
}

func attributeRow(a iac.Attribute, changeSource, indent string, at *spot) row {
	value := func(v string, has bool, r role) seg {
		switch {
		case a.Sensitive:
			return seg{"(sensitive)", rMuted}
		case !has:
			return seg{"(unset)", rMuted}
		}
		v = clean(v)
		if ansi.StringWidth(v) > maxValue {
			v = ansi.Truncate(v, maxValue-1, "") + "…"
		}
		return seg{v, r}
	}
	segs := []seg{
		{indent + clean(a.Path) + "  ", rText},
		value(a.Before, a.HasBefore, rRemoved),
		{" → ", rMuted},
		value(a.After, a.HasAfter, rAdded),
	}
	if a.Source != "" && a.Source != changeSource {
		segs = append(segs, seg{"  " + sourceLabel(a.Source), rMuted})
	}
	return row{open: at, segs: segs}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
