package iac

import (
	"context"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Review reads a change with the analyzers. Each file goes to the first
// analyzer that claims it; an analyzer reads its files a directory at a
// time (a Terraform module is a directory), the directories of all
// analyzers in parallel. Files over MaxFileBytes, binary files, files an
// analyzer failed on (a panic, an error, a timeout) get a note and fall
// back to the text diff: Review never fails because of a file's content,
// only when ctx ends or cfg is invalid. secret-literal runs here, on every
// file an analyzer claimed and on .env, .properties and Puppet files.
// Changes and findings get their environment from the path, findings are
// filtered and re-graded by cfg, and everything is sorted by environment,
// path, line and address.
func Review(ctx context.Context, in *Input, analyzers []Analyzer, cfg Config) (Result, error) {
	cc, err := cfg.compile()
	if err != nil {
		return Result{}, err
	}
	if in == nil {
		in = &Input{}
	}
	ctx = WithEnvironments(ctx, cc.envs)
	p := prepare(in, analyzers)
	e := &engine{in: in, cfg: cfg, secrets: newSecretScanner()}
	e.secretOut = make([]secretOutcome, len(p.scan))
	e.unitOut = make([]Result, len(p.units))
	if err := e.run(ctx, p); err != nil {
		return Result{}, err
	}
	return e.merge(cc, p), nil
}

// unit is one analyzer run: its files of one directory (with the
// directories a rename joins to it), or all its files when a plan is
// given, since plan addresses do not say which directory they belong to.
type unit struct {
	a     Analyzer
	dir   string // the first file's directory, for messages and tests
	files []File
}

// prepared is a change sorted out: what each analyzer reads, what is
// scanned for credentials, and the notes for files nobody can read.
type prepared struct {
	units []unit
	scan  []File
	notes []Note
}

// claimPrefix is how much of a file too large to analyze is shown to
// Claims, for analyzers that decide by content.
const claimPrefix = 64 << 10

func prepare(in *Input, analyzers []Analyzer) prepared {
	var p prepared
	byAnalyzer := make([][]File, len(analyzers))
	for _, f := range in.Files {
		content := f.After
		if content == nil {
			content = f.Before
		}
		big := len(f.Before) > MaxFileBytes || len(f.After) > MaxFileBytes
		if big {
			content = content[:min(len(content), claimPrefix)]
		}
		owner := claim(analyzers, f, content)
		binary := hasNUL(f.Before) || hasNUL(f.After)
		switch {
		case owner < 0 && !secretFile(f.Path):
			continue
		case big:
			p.notes = append(p.notes, Note{Path: f.Path, Message: fmt.Sprintf("larger than %d MiB: not analyzed, shown as a text diff", MaxFileBytes>>20)})
			continue
		case binary:
			p.notes = append(p.notes, Note{Path: f.Path, Message: "binary content: not analyzed"})
			continue
		}
		p.scan = append(p.scan, f)
		if owner >= 0 {
			byAnalyzer[owner] = append(byAnalyzer[owner], f)
		}
	}
	for i, files := range byAnalyzer {
		if len(files) == 0 {
			if pr, ok := analyzers[i].(PlanReader); !ok || in.Plan == nil || !pr.ReadsPlan() {
				continue
			}
		}
		if in.Plan != nil {
			p.units = append(p.units, unit{a: analyzers[i], files: files})
			continue
		}
		for _, group := range byDirectory(files) {
			p.units = append(p.units, unit{a: analyzers[i], dir: path.Dir(group[0].Path), files: group})
		}
	}
	return p
}

// byDirectory splits files into runs by directory. A file renamed from
// one directory to another joins both directories into one run: an
// analyzer sees it leave one module and enter the other, and two runs
// must not both report the old directory's side of it.
func byDirectory(files []File) [][]File {
	parent := map[string]string{}
	var find func(d string) string
	find = func(d string) string {
		if p, ok := parent[d]; ok && p != d {
			r := find(p)
			parent[d] = r
			return r
		}
		parent[d] = d
		return d
	}
	for _, f := range files {
		a := find(path.Dir(f.Path))
		if f.OldPath != "" && f.OldPath != f.Path {
			if b := find(path.Dir(f.OldPath)); a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	groups := map[string][]File{}
	var roots []string
	for _, f := range files {
		r := find(path.Dir(f.Path))
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], f)
	}
	sort.Strings(roots)
	out := make([][]File, len(roots))
	for i, r := range roots {
		out[i] = groups[r]
	}
	return out
}

// claim returns the index of the first analyzer claiming f by its new
// path, else by its old one (a file renamed out of a known kind), or -1.
func claim(analyzers []Analyzer, f File, content []byte) int {
	for _, p := range []string{f.Path, f.OldPath} {
		if p == "" {
			continue
		}
		for i, a := range analyzers {
			if safeClaims(a, p, content) {
				return i
			}
		}
	}
	return -1
}

// safeClaims asks an analyzer whether it reads a file; a panic counts as
// no, so one broken analyzer cannot take the review down.
func safeClaims(a Analyzer, p string, content []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return a.Claims(p, content)
}

// hasNUL is git's binary test: a NUL byte in the first 8000 bytes.
func hasNUL(b []byte) bool {
	for _, c := range b[:min(len(b), 8000)] {
		if c == 0 {
			return true
		}
	}
	return false
}

type secretOutcome struct {
	findings []Finding
	values   []string
}

// engine is one review in progress.
type engine struct {
	in        *Input
	cfg       Config
	secrets   *secretScanner
	unitOut   []Result
	secretOut []secretOutcome
}

// run does every analyzer run and secret scan on a bounded pool.
func (e *engine) run(ctx context.Context, p prepared) error {
	workers := e.cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	tasks := make(chan func(), workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range tasks {
				t()
			}
		}()
	}
	var mu sync.Mutex
	var firstErr error
	// Units first: they are the long tasks, so the short scans fill the
	// gaps at the end.
feed:
	for i := range p.units {
		select {
		case <-ctx.Done():
			break feed
		case tasks <- func() {
			r, err := e.runUnit(ctx, p.units[i])
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
			}
			e.unitOut[i] = r
		}:
		}
	}
	for i := range p.scan {
		if ctx.Err() != nil {
			break
		}
		tasks <- func() {
			f, v := e.secrets.secretFindings(p.scan[i])
			e.secretOut[i] = secretOutcome{f, v}
		}
	}
	close(tasks)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstErr
}

// merge puts the pieces together, applies the configuration and sorts.
func (e *engine) merge(cc *compiled, p prepared) Result {
	var out Result
	out.Notes = append(out.Notes, p.notes...)
	for _, r := range e.unitOut {
		out.Changes = append(out.Changes, r.Changes...)
		out.Findings = append(out.Findings, r.Findings...)
		out.Notes = append(out.Notes, r.Notes...)
	}
	for i := range out.Changes {
		c := &out.Changes[i]
		c.Environment = cc.envs.Of(c.Path)
	}
	byPath := map[string][]int{}
	for i, c := range out.Changes {
		byPath[c.Path] = append(byPath[c.Path], i)
	}
	for i, so := range e.secretOut {
		f := p.scan[i]
		if len(so.values) > 0 {
			for _, ci := range byPath[f.Path] {
				redact(&out.Changes[ci], so.values)
			}
		}
		for _, fd := range so.findings {
			fd.Address = enclosing(out.Changes, byPath[f.Path], fd)
			out.Findings = append(out.Findings, fd)
		}
	}
	kept := out.Findings[:0]
	for _, f := range out.Findings {
		if !cc.apply(&f) {
			continue
		}
		f.Environment = cc.envs.Of(f.Path)
		kept = append(kept, f)
	}
	out.Findings = kept
	sortResult(&out)
	return out
}

// enclosing guesses the resource a credential belongs to: the changed
// resource starting closest above its line. Only introduced and resolved
// credentials are placed, as they sit on changed lines and so inside a
// changed resource; an existing one may be in a resource the change does
// not touch.
func enclosing(changes []Change, idx []int, f Finding) string {
	best, bestLine := "", 0
	for _, i := range idx {
		c := changes[i]
		line := c.Line
		switch f.State {
		case Resolved:
			line = c.OldLine
		case Existing:
			return ""
		}
		if line > 0 && line <= f.Line && line > bestLine {
			best, bestLine = c.Address, line
		}
	}
	return best
}

// sortResult orders everything so the same change always prints the same.
func sortResult(r *Result) {
	sort.SliceStable(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if a.Environment != b.Environment {
			return a.Environment < b.Environment
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.OldLine < b.OldLine
	})
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		switch {
		case a.Environment != b.Environment:
			return a.Environment < b.Environment
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Address != b.Address:
			return a.Address < b.Address
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.State != b.State:
			return a.State < b.State
		}
		return a.Message < b.Message
	})
	sort.SliceStable(r.Notes, func(i, j int) bool {
		if r.Notes[i].Path != r.Notes[j].Path {
			return r.Notes[i].Path < r.Notes[j].Path
		}
		return r.Notes[i].Message < r.Notes[j].Message
	})
	notes := r.Notes[:0]
	for i, n := range r.Notes {
		if i == 0 || n != r.Notes[i-1] {
			notes = append(notes, n)
		}
	}
	r.Notes = notes
}

// failureNotes are the notes for the files of a run that failed.
func failureNotes(u unit, why string) []Note {
	why = strings.TrimSpace(why)
	if len(why) > 200 {
		why = why[:200] + "…"
	}
	notes := make([]Note, len(u.files))
	for i, f := range u.files {
		notes[i] = Note{Path: f.Path, Message: fmt.Sprintf("the %s analyzer failed (%s): shown as a text diff", u.a.Name(), why)}
	}
	return notes
}
