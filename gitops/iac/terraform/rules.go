package terraform

import (
	"sort"

	"reef/gitops/iac"
)

// Rule ids.
const (
	ruleOpenIngress        = "tf-open-ingress"
	rulePublicBucket       = "tf-public-bucket"
	ruleIAMWildcard        = "tf-iam-wildcard"
	rulePublicDatabase     = "tf-public-database"
	ruleEncryptionDisabled = "tf-encryption-disabled"
	ruleDeletionProtection = "tf-deletion-protection-off"
	ruleResourceDestroyed  = "tf-resource-destroyed"
)

// hit is one risk a rule sees in one block.
type hit struct {
	rule string
	sev  iac.Severity
	msg  string
	// key tells findings of one rule on one block apart, so that the
	// same risk before and after is recognised as existing.
	key  string
	line int
}

// stateHits runs every state rule (a risk a configuration has, whatever
// it had before) on one block.
func stateHits(b *block, v map[string]any, ev *env) []hit {
	if b.kind != "resource" && b.kind != "data" {
		return nil
	}
	var out []hit
	out = append(out, openIngress(b, v)...)
	out = append(out, publicBucket(b, v)...)
	out = append(out, iamWildcard(b, v)...)
	out = append(out, publicDatabase(b, v)...)
	out = append(out, encryptionOff(b, v)...)
	out = append(out, protectionOff(b, v)...)
	return out
}

// sides is what the rules read of a module change.
type sides struct {
	bm, am   *module
	bev, aev *env
	d        *moduleDiff
	inScope  func(*block) bool
	// newAddr maps an address before to the address after, for blocks
	// moved or renamed, so their risks are matched across the change.
	newAddr map[string]string
}

// findings evaluates the state rules on both sides and the change rules on
// the difference: after-only risks are introduced, risks on both sides
// existing, before-only risks resolved.
func (s *sides) findings() []iac.Finding {
	type located struct {
		h hit
		b *block
	}
	collect := func(m *module, ev *env, rename map[string]string) (map[string]located, []string) {
		out := map[string]located{}
		var order []string
		seen := map[string]bool{}
		for _, b := range m.blocks {
			if seen[b.addr] || !s.inScope(b) {
				continue
			}
			seen[b.addr] = true
			addr := b.addr
			if n, ok := rename[addr]; ok {
				addr = n
			}
			for _, h := range stateHits(b, ev.blockValue(b), ev) {
				k := h.rule + "\x00" + addr + "\x00" + h.key
				if _, dup := out[k]; !dup {
					out[k] = located{h, b}
					order = append(order, k)
				}
			}
		}
		return out, order
	}
	before, bOrder := collect(s.bm, s.bev, s.newAddr)
	after, aOrder := collect(s.am, s.aev, nil)
	var out []iac.Finding
	for _, k := range aOrder {
		l := after[k]
		state := iac.Introduced
		if _, ok := before[k]; ok {
			state = iac.Existing
		}
		out = append(out, finding(l.h, l.b, state))
	}
	for _, k := range bOrder {
		if _, ok := after[k]; !ok {
			l := before[k]
			out = append(out, finding(l.h, l.b, iac.Resolved))
		}
	}
	introduced := map[string]bool{}
	for _, f := range out {
		if f.State == iac.Introduced {
			introduced[f.Rule+"\x00"+f.Address] = true
		}
	}
	for _, c := range s.changeHits() {
		// A change rule adds nothing when a state rule already tells
		// the same risk of the same block.
		if introduced[c.h.rule+"\x00"+c.b.addr] {
			continue
		}
		out = append(out, finding(c.h, c.b, iac.Introduced))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// blockHit is a change rule's hit with the block it is about (the old
// block for a removal).
type blockHit struct {
	h hit
	b *block
}

// changeHits runs the change rules: risks that exist only as a
// difference (a protection removed, a block destroyed), always introduced.
func (s *sides) changeHits() []blockHit {
	var out []blockHit
	for _, p := range s.d.pairs {
		if p.new.kind != "resource" {
			continue
		}
		ov, nv := s.bev.blockValue(p.old), s.aev.blockValue(p.new)
		for _, h := range protectionRemoved(p.new, ov, nv) {
			out = append(out, blockHit{h, p.new})
		}
		for _, h := range encryptionRemoved(p.new, ov, nv, s.am) {
			out = append(out, blockHit{h, p.new})
		}
	}
	for _, o := range s.d.gone {
		for _, h := range goneHits(o, s.bev.blockValue(o), s.am, s.d) {
			out = append(out, blockHit{h, o})
		}
	}
	for _, p := range s.d.pairs {
		if rk, ok := s.d.rekeyed[p.new.addr]; ok {
			out = append(out, blockHit{rekeyedHit(p.new, rk), p.new})
		}
	}
	return out
}

func finding(h hit, b *block, state iac.State) iac.Finding {
	line := h.line
	if line == 0 {
		line = b.line
	}
	return iac.Finding{Rule: h.rule, Severity: h.sev, State: state, Path: b.file.path,
		Line: line, Address: b.addr, Message: h.msg}
}

// sortHits orders hits by key, for hits found by walking a map.
func sortHits(hs []hit) {
	sort.Slice(hs, func(i, j int) bool { return hs[i].key < hs[j].key })
}
