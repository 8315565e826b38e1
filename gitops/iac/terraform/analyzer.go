// Package terraform reads Terraform and OpenTofu changes as
// infrastructure: per module directory, which resources, data sources,
// module calls, variables, locals, outputs, providers and moved/removed/
// import blocks were added, removed, renamed or changed (attribute by
// attribute, inside nested blocks), where changed variables and locals
// flow, and which risks the change introduces, keeps or resolves. It also
// reads tfvars, Terragrunt configuration and the provider lock file, and
// joins a `terraform show -json` plan when one is given.
//
// Everything is static: values are known when they are literals, variable
// defaults, auto-loaded tfvars or locals made of those; the rest is
// unknown and never matches a rule.
package terraform

import (
	"context"
	"fmt"
	"path"
	"sort"

	"reef/gitops/iac"
	"reef/gitops/iac/plan"
)

// analyzer is stateless: every Analyze call builds its own models.
type analyzer struct{}

// New returns the Terraform analyzer.
func New() iac.Analyzer { return analyzer{} }

// Name is the family name.
func (analyzer) Name() string { return "terraform" }

// ReadsPlan: a Terraform plan is joined to the static summary here.
func (analyzer) ReadsPlan() bool { return true }

// Claims takes .tf, .tf.json, .tofu, .tofu.json, .tfvars, .tfvars.json,
// .terraform.lock.hcl, terragrunt.hcl and terragrunt.stack.hcl, and other
// .hcl files whose content uses Terragrunt's functions or blocks (Packer,
// Nomad, Vault and Consul also write .hcl; .pkr.hcl, .nomad.hcl and
// Terraform test files are never claimed).
func (analyzer) Claims(p string, content []byte) bool { return kindOf(p, content) != kindNone }

// Rules documents the tf-* rules.
func (analyzer) Rules() []iac.RuleDoc { return ruleDocs() }

// Analyze reads the claimed files a directory at a time. A plan in the
// input is joined to the static changes by address.
func (analyzer) Analyze(ctx context.Context, in *iac.Input, files []iac.File) (iac.Result, error) {
	if in == nil {
		in = &iac.Input{}
	}
	var res iac.Result
	for _, g := range groupDirs(files) {
		if err := ctx.Err(); err != nil {
			return iac.Result{}, err
		}
		r, err := g.analyze(ctx, in)
		if err != nil {
			return iac.Result{}, err
		}
		res.Changes = append(res.Changes, r.Changes...)
		res.Findings = append(res.Findings, r.Findings...)
		res.Notes = append(res.Notes, r.Notes...)
	}
	if len(in.Plan) > 0 {
		p, err := plan.Parse(in.Plan)
		if err != nil {
			res.Notes = append(res.Notes, iac.Note{Message: "plan not used: " + err.Error()})
		} else {
			res.Changes = plan.Join(res.Changes, p)
			res.Findings = append(res.Findings, planDestroys(res.Changes, res.Findings)...)
		}
	}
	if err := ctx.Err(); err != nil {
		return iac.Result{}, err
	}
	return res, nil
}

// dirGroup is the changed files of one directory, as the directory's two
// sides see them: a nil content means the path does not exist on that
// side (added, deleted, or renamed into or out of the directory).
type dirGroup struct {
	dir           string
	before, after map[string][]byte
	changed       map[string]bool
	kinds         map[string]fileKind
	notePath      map[string]string // a changed path → the path notes are filed under
}

// groupDirs sorts changed files into directories; a file renamed across
// directories is in both, as a removal from one and an addition to the
// other.
func groupDirs(files []iac.File) []*dirGroup {
	groups := map[string]*dirGroup{}
	get := func(p string) *dirGroup {
		d := path.Dir(p)
		g, ok := groups[d]
		if !ok {
			g = &dirGroup{dir: d, before: map[string][]byte{}, after: map[string][]byte{},
				changed: map[string]bool{}, kinds: map[string]fileKind{}, notePath: map[string]string{}}
			groups[d] = g
		}
		return g
	}
	for _, f := range files {
		oldPath := f.OldPath
		if oldPath == "" {
			oldPath = f.Path
		}
		content := f.After
		if content == nil {
			content = f.Before
		}
		kind := kindOf(f.Path, content)
		if kind == kindNone {
			kind = kindOf(oldPath, content)
		}
		if kind == kindNone {
			continue
		}
		ga, gb := get(f.Path), get(oldPath)
		ga.after[f.Path] = f.After
		gb.before[oldPath] = f.Before
		if oldPath != f.Path {
			ga.before[f.Path] = nil
			gb.after[oldPath] = nil
		}
		for _, g := range []*dirGroup{ga, gb} {
			g.changed[f.Path], g.changed[oldPath] = true, true
			g.kinds[f.Path], g.kinds[oldPath] = kind, kind
			g.notePath[f.Path], g.notePath[oldPath] = f.Path, f.Path
		}
	}
	out := make([]*dirGroup, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].dir < out[j].dir })
	return out
}

// analyze reads one directory. A panic while reading it (a bug in reef
// or in the HCL library) becomes a note: the files fall back to the text
// diff and the rest of the review goes on.
func (g *dirGroup) analyze(ctx context.Context, in *iac.Input) (res iac.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res = iac.Result{}
			err = nil
			for _, p := range g.paths() {
				res.Notes = append(res.Notes, iac.Note{Path: p,
					Message: fmt.Sprintf("Terraform analysis failed (%v); shown as a text diff", r)})
			}
		}
	}()
	before, err := g.side(ctx, in, iac.Before)
	if err != nil {
		return res, err
	}
	after, err := g.side(ctx, in, iac.After)
	if err != nil {
		return res, err
	}
	l := g.load(before, after)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	excluded, standalone := g.sortOut(l, &res)
	bm := newModule(g.dir, filesOf(l.before, excluded), l.rest)
	am := newModule(g.dir, filesOf(l.after, excluded), l.rest)
	bev, aev := newEnv(bm), newEnv(am)

	d := diffModule(bm, am, func(b *block) bool { return g.changed[b.file.path] }, aev)
	scope := map[string]bool{} // blocks a changed value flows into
	for i := range d.changes {
		c := &d.changes[i]
		if c.Type == "variable" || c.Type == "local" {
			m := am
			if c.Kind == iac.Removed {
				m = bm
			}
			flowInto(c, m, scope)
		}
	}
	res.Changes = append(res.Changes, d.changes...)
	for _, p := range standalone {
		cs := diffFiles(l.before[p], l.after[p], g.notePath[p])
		if k := g.kinds[p]; k == kindTFVars || k == kindTFVarsJSON {
			// Only the tfvars Terraform loads by itself change the
			// values the rules see.
			fileScope := map[string]bool{}
			for i := range cs {
				flowInto(&cs[i], am, fileScope)
			}
			if autoLoaded(p) {
				for a := range fileScope {
					scope[a] = true
				}
			}
		}
		res.Changes = append(res.Changes, cs...)
	}
	if len(scope) > 0 {
		// Risks are compared side by side on the blocks a change flows
		// into, wherever they are.
		bm.all()
		am.all()
	}
	s := &sides{bm: bm, am: am, bev: bev, aev: aev, d: &d, newAddr: d.newAddresses(),
		inScope: func(b *block) bool { return g.changed[b.file.path] || scope[b.addr] }}
	res.Findings = s.findings()
	return res, nil
}

// sortOut notes the changed files that do not parse (compared as text
// instead, and left out of the module on both sides) and lists the
// changed files read on their own (tfvars, Terragrunt, lock and override
// files).
func (g *dirGroup) sortOut(l loaded, res *iac.Result) (excluded map[string]bool, standalone []string) {
	excluded = map[string]bool{}
	for _, p := range g.paths() {
		b, a := l.before[p], l.after[p]
		if (b != nil && b.failed != nil) || (a != nil && a.failed != nil) {
			excluded[p] = true
			res.Notes = append(res.Notes, failNote(g.notePath[p], b, a))
			res.Changes = append(res.Changes, coarseChanges(g.notePath[p], coarseOf(b), coarseOf(a))...)
			continue
		}
		if !g.kinds[p].inModule() || isOverride(p) {
			standalone = append(standalone, p)
		}
	}
	return excluded, standalone
}

// flowInto notes where a changed variable or local goes and adds the
// blocks it reaches to scope.
func flowInto(c *iac.Change, m *module, scope map[string]bool) {
	targets := m.flowTargets(c.Address)
	if n := flowNote(c.Address, targets); n != "" {
		c.Notes = append(c.Notes, n)
	}
	for _, t := range targets {
		scope[t] = true
	}
}

// paths lists the changed paths of the group in order.
func (g *dirGroup) paths() []string {
	out := make([]string, 0, len(g.changed))
	for p := range g.changed {
		if path.Dir(p) == g.dir {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// kindOf is a changed file's kind, else one read from the path.
func (g *dirGroup) kindOf(p string, content []byte) fileKind {
	if k, ok := g.kinds[p]; ok {
		return k
	}
	return kindOf(p, content)
}

// side is the directory's files on one side that the analysis reads: its
// module files and auto-loaded tfvars (unchanged ones from in.Dir) and the
// changed files, with the changed contents winning.
func (g *dirGroup) side(ctx context.Context, in *iac.Input, s iac.Side) (map[string][]byte, error) {
	overlay := g.before
	if s == iac.After {
		overlay = g.after
	}
	out := map[string][]byte{}
	needDir := false
	for p := range g.changed {
		k := g.kinds[p]
		needDir = needDir || k.inModule() || k == kindTFVars || k == kindTFVarsJSON
	}
	if in.Dir != nil && needDir {
		files, err := in.Dir(ctx, s, g.dir)
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		// Another error (a tree that cannot be read) leaves only the
		// changed files: the summary of those is still right.
		for p, content := range files {
			if path.Dir(p) != g.dir && g.dir != "." {
				p = path.Join(g.dir, path.Base(p))
			}
			if k := kindOf(p, content); k.inModule() || (k == kindTFVars || k == kindTFVarsJSON) && autoLoaded(p) {
				out[p] = content
			}
		}
	}
	for p, content := range overlay {
		if path.Dir(p) != g.dir {
			continue
		}
		if content == nil {
			delete(out, p)
			continue
		}
		out[p] = content
	}
	return out, nil
}

// filesOf lists the parsed files not excluded.
func filesOf(m map[string]*parsedFile, excluded map[string]bool) []*parsedFile {
	out := make([]*parsedFile, 0, len(m))
	for p, f := range m {
		if !excluded[p] {
			out = append(out, f)
		}
	}
	return out
}

// failNote says why a changed file is shown as a text diff.
func failNote(p string, b, a *parsedFile) iac.Note {
	f, prefix := a, "not parsed"
	if a == nil || a.failed == nil {
		f, prefix = b, "not parsed (old version)"
	}
	where := ""
	if f.failed.line > 0 {
		where = fmt.Sprintf("%d: ", f.failed.line)
	}
	return iac.Note{Path: p, Message: fmt.Sprintf("%s: %s%s; shown as a text diff", prefix, where, f.failed.msg)}
}

// coarseOf splits a file that may not parse into blocks by tokens.
func coarseOf(f *parsedFile) []coarseBlock {
	if f == nil {
		return nil
	}
	return coarseBlocks(f.kind, f.src, f.toks)
}
