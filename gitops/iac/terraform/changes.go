package terraform

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"reef/gitops/iac"
	"reef/gitops/iac/plan"
)

// moduleDiff is what changed in a module, as changes for the reader and as
// facts for the rules.
type moduleDiff struct {
	changes []iac.Change
	pairs   []pair   // blocks on both sides (same address or moved), in scope
	gone    []*block // blocks removed and neither moved nor covered by a removed block
	// renamed maps a removed address to the added one that looks like it
	// under a new name (no moved block).
	renamed map[string]string
	// rekeyed holds the blocks whose instances get new addresses
	// (count ↔ for_each, for_each key expression) and no moved blocks
	// map them.
	rekeyed map[string]rekey
}

// rekey is how a block's instance keys change.
type rekey struct {
	before, after  string // "count", "for_each" or ""
	oldKey, newKey string // for_each key expressions, when those changed
}

// pair is one block before and after.
type pair struct{ old, new *block }

// diffModule compares two sides of a module, reporting the blocks of the
// files in scope.
func diffModule(bm, am *module, inScope func(*block) bool, ev *env) moduleDiff {
	d := moduleDiff{renamed: map[string]string{}, rekeyed: map[string]rekey{}}
	movedTo := map[string]move{}
	folded := map[*block]bool{}
	for _, mv := range am.moves {
		_, fromBefore := bm.byAddr[mv.from]
		_, fromAfter := am.byAddr[mv.from]
		_, toBefore := bm.byAddr[mv.to]
		_, toAfter := am.byAddr[mv.to]
		if fromBefore && !fromAfter && toAfter && !toBefore {
			movedTo[mv.to] = mv
			if _, old := bm.byAddr[mv.b.addr]; !old {
				folded[mv.b] = true
			}
		}
	}
	consumed := map[string]bool{}
	var added []*block
	seen := map[string]bool{}
	for _, b := range am.blocks {
		if seen[b.addr] || folded[b] {
			continue
		}
		seen[b.addr] = true
		if o, ok := bm.byAddr[b.addr]; ok {
			if !inScope(b) && !inScope(o) {
				continue
			}
			d.pairs = append(d.pairs, pair{o, b})
			if o.raw != nil && bytes.Equal(o.raw, b.raw) {
				continue
			}
			attrs := diffTrees(o.comparison(), b.comparison())
			notes := d.instanceNotes(o, b, am)
			if b.kind == "terraform" && backendChanged(attrs) {
				notes = append(notes, "backend changes: the state must be migrated (terraform init -migrate-state)")
			}
			if len(attrs) == 0 && len(notes) == 0 {
				continue
			}
			d.changes = append(d.changes, change(b, o, iac.Modified, attrs, notes))
			continue
		}
		if mv, ok := movedTo[b.addr]; ok {
			o := bm.byAddr[mv.from]
			consumed[mv.from] = true
			if !inScope(b) && !inScope(o) {
				continue
			}
			d.pairs = append(d.pairs, pair{o, b})
			c := change(b, o, iac.Moved, diffTrees(o.comparison(), b.comparison()), nil)
			c.From = mv.from
			c.Notes = append(c.Notes, fmt.Sprintf("moved block at %s:%d", mv.b.file.path, mv.b.line))
			d.changes = append(d.changes, c)
			continue
		}
		if !inScope(b) || b.kind == "removed" && removedFolded(b, bm, am) {
			continue
		}
		added = append(added, b)
		var attrs []iac.Attribute
		expand("", b.comparison(), false, &attrs)
		d.changes = append(d.changes, change(b, nil, iac.Added, attrs, nil))
	}
	done := map[string]bool{}
	for _, o := range bm.blocks {
		if done[o.addr] || consumed[o.addr] {
			continue
		}
		done[o.addr] = true
		if _, ok := am.byAddr[o.addr]; ok || !inScope(o) {
			continue
		}
		c := change(nil, o, iac.Removed, removedAttrs(o), nil)
		if note, covered := coverage(o, am, ev); covered {
			c.Notes = append(c.Notes, note)
		} else if o.kind == "resource" || o.kind == "module" {
			d.gone = append(d.gone, o)
			if n := renameOf(o, added); n != nil {
				d.renamed[o.addr] = n.addr
				c.Notes = append(c.Notes, fmt.Sprintf("looks renamed to %s, without a moved block", n.addr))
			}
		}
		d.changes = append(d.changes, c)
	}
	sortChanges(d.changes)
	return d
}

// newAddresses maps the addresses of blocks moved or renamed to their new
// ones, so that their risks are matched across the change.
func (d *moduleDiff) newAddresses() map[string]string {
	out := map[string]string{}
	for _, c := range d.changes {
		if c.Kind == iac.Moved {
			out[c.From] = c.Address
		}
	}
	for o, n := range d.renamed {
		out[o] = n
	}
	return out
}

// change builds a Change from the block after (nil when removed) and
// before (nil when added).
func change(b, o *block, kind iac.Kind, attrs []iac.Attribute, notes []string) iac.Change {
	c := iac.Change{Kind: kind, Attributes: attrs, Notes: notes, Source: "static"}
	if b != nil {
		c.Path, c.Address, c.Type, c.Line = b.file.path, b.addr, b.typ, b.line
	}
	if o != nil {
		c.OldLine = o.line
		if b == nil {
			c.Path, c.Address, c.Type = o.file.path, o.addr, o.typ
		}
	}
	return c
}

// coverage tells whether a removed block's disappearance is declared: by
// a moved block taking it elsewhere or by a removed block.
func coverage(o *block, am *module, ev *env) (string, bool) {
	for _, mv := range am.moves {
		if mv.from == o.addr || plan.BaseAddress(mv.from) == o.addr {
			return fmt.Sprintf("moved to %s by the moved block at %s:%d", mv.to, mv.b.file.path, mv.b.line), true
		}
	}
	for from, rb := range am.removedFrom {
		if from == o.addr || plan.BaseAddress(from) == o.addr {
			if rb.destroyFlag(ev) {
				return fmt.Sprintf("removed block at %s:%d: Terraform destroys it", rb.file.path, rb.line), true
			}
			return fmt.Sprintf("removed block at %s:%d: Terraform forgets it and leaves the real object (destroy = false)", rb.file.path, rb.line), true
		}
	}
	return "", false
}

// removedFolded reports whether a new removed block is already told as the
// note of the block it removes.
func removedFolded(b *block, bm, am *module) bool {
	from, ok := b.staticRef("from")
	if !ok {
		return false
	}
	_, before := bm.byAddr[from]
	_, after := am.byAddr[from]
	_, existed := bm.byAddr[b.addr]
	return before && !after && !existed
}

// renameOf finds the added block of the same type that looks most like a
// removed one.
func renameOf(o *block, added []*block) *block {
	var best *block
	bestScore := 0.0
	for _, b := range added {
		if b.kind != o.kind || b.typ != o.typ {
			continue
		}
		if s := similarity(o.comparison(), b.comparison()); s >= 0.6 && s > bestScore {
			best, bestScore = b, s
		}
	}
	return best
}

// instanceNotes explains changes that give a block's instances new
// addresses: count ↔ for_each, and a for_each key expression that changes.
func (d *moduleDiff) instanceNotes(o, b *block, am *module) []string {
	before, after := o.metaArg(), b.metaArg()
	rk := rekey{before: before, after: after}
	var note string
	switch {
	case before == after && after == "for_each":
		rk.oldKey, rk.newKey = forKey(o), forKey(b)
		if rk.oldKey != "" && rk.newKey != "" && rk.oldKey != rk.newKey {
			note = fmt.Sprintf("for_each keys change from %s to %s: instances under the old keys are destroyed and recreated", rk.oldKey, rk.newKey)
		}
	case before == after, before == "" && after == "count", before == "count" && after == "":
		// Terraform moves aws_x.y to aws_x.y[0] and back by itself.
	default:
		note = fmt.Sprintf("%s → %s: every instance gets a new address, so Terraform destroys and recreates them", meta(before), meta(after))
	}
	if note == "" {
		return nil
	}
	for _, mv := range am.moves {
		if plan.BaseAddress(mv.from) == b.addr && plan.BaseAddress(mv.to) == b.addr {
			return []string{strings.SplitN(note, ":", 2)[0] + ": moved blocks map the old instances to the new addresses"}
		}
	}
	d.rekeyed[b.addr] = rk
	return []string{note}
}

func meta(m string) string {
	if m == "" {
		return "no count or for_each"
	}
	return m
}

// forKey is the source of a for_each's key expression ({for s in x : KEY => s}).
func forKey(b *block) string {
	if b.nbody == nil {
		return ""
	}
	a, ok := b.nbody.Attributes["for_each"]
	if !ok {
		return ""
	}
	fe, ok := a.Expr.(*hclsyntax.ForExpr)
	if !ok || fe.KeyExpr == nil {
		return ""
	}
	return compactRef(string(fe.KeyExpr.Range().SliceBytes(b.file.src)))
}

// backendChanged reports whether a terraform block's backend changed.
func backendChanged(attrs []iac.Attribute) bool {
	for _, a := range attrs {
		if strings.HasPrefix(a.Path, "backend.") || strings.HasPrefix(a.Path, "cloud.") || a.Path == "cloud" {
			return true
		}
	}
	return false
}

// sortChanges orders changes by file, then by line (the old line for
// removed blocks), so a summary reads like the file.
func sortChanges(cs []iac.Change) {
	line := func(c iac.Change) int {
		if c.Line > 0 {
			return c.Line
		}
		return c.OldLine
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Path != cs[j].Path {
			return cs[i].Path < cs[j].Path
		}
		return line(cs[i]) < line(cs[j])
	})
}

// diffFiles compares the blocks of one file read on its own (tfvars,
// Terragrunt, the lock file) by address.
func diffFiles(bf, af *parsedFile, p string) []iac.Change {
	var before, after []*block
	if bf != nil {
		before = bf.blocks
	}
	if af != nil {
		after = af.blocks
	}
	old := make(map[string]*block, len(before))
	for _, o := range before {
		if _, dup := old[o.addr]; !dup {
			old[o.addr] = o
		}
	}
	var out []iac.Change
	seen := map[string]bool{}
	for _, b := range after {
		if seen[b.addr] {
			continue
		}
		seen[b.addr] = true
		o, ok := old[b.addr]
		if !ok {
			var attrs []iac.Attribute
			expand("", b.comparison(), false, &attrs)
			out = append(out, change(b, nil, iac.Added, attrs, nil))
			continue
		}
		if attrs := diffTrees(o.comparison(), b.comparison()); len(attrs) > 0 {
			out = append(out, change(b, o, iac.Modified, attrs, nil))
		}
	}
	for _, o := range before {
		if seen[o.addr] {
			continue
		}
		seen[o.addr] = true
		c := change(nil, o, iac.Removed, removedAttrs(o), nil)
		c.Path = p
		out = append(out, c)
	}
	sortChanges(out)
	return out
}

// removedAttrs lists what a removed block held: the value of a single-value
// block (a local, an assignment); a removed resource's settings are in the
// text diff and listing them all buries what matters.
func removedAttrs(o *block) []iac.Attribute {
	if !o.value() {
		return nil
	}
	var attrs []iac.Attribute
	expand("", o.comparison(), true, &attrs)
	return attrs
}
