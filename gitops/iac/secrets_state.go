package iac

import (
	"sort"
	"strings"
)

// secretFindings compares the credentials of both sides of a file: one
// only in the new side is introduced, one on both sides existing (at its
// new line), one only in the old side resolved (at its old line). A
// credential is known by its value, so moving or re-keying it is not a
// new leak. It also returns every value found, for redaction.
func (s *secretScanner) secretFindings(f File) ([]Finding, []string) {
	before := firstByValue(s.scan(f.Before))
	after := firstByValue(s.scan(f.After))
	var out []Finding
	var values []string
	add := func(sc secret, st State) {
		out = append(out, Finding{
			Rule: SecretRule, Severity: sc.sev, State: st, Path: f.Path, Line: sc.line,
			Message: secretMessage(sc, st),
		})
	}
	for v, sc := range after {
		values = append(values, v)
		if _, ok := before[v]; ok {
			add(sc, Existing)
		} else {
			add(sc, Introduced)
		}
	}
	for v, sc := range before {
		if _, ok := after[v]; !ok {
			values = append(values, v)
			add(sc, Resolved)
		}
	}
	// Longest first, so redacting a value never leaves part of a longer
	// one that contains it.
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	return out, values
}

func firstByValue(list []secret) map[string]secret {
	m := make(map[string]secret, len(list))
	for _, sc := range list {
		if _, ok := m[sc.value]; !ok {
			m[sc.value] = sc
		}
	}
	return m
}

// secretMessage says what was found without printing it.
func secretMessage(sc secret, st State) string {
	what := sc.kind + " " + sc.shown
	switch st {
	case Existing:
		return what + " is still committed in plain text: rotate it and read it from a secret store."
	case Resolved:
		return what + " is removed, but stays in Git history: rotate it."
	}
	return what + " is committed in plain text: rotate it and read it from a secret store."
}

// redact replaces credentials in the values a change shows, so the
// summary never prints what the finding masks.
func redact(c *Change, values []string) {
	hide := func(s string) (string, bool) {
		changed := false
		if strings.Contains(s, "PRIVATE KEY") {
			return "(private key, masked)", true
		}
		for _, v := range values {
			if strings.Contains(s, v) {
				s = strings.ReplaceAll(s, v, "********")
				changed = true
			}
		}
		return s, changed
	}
	var attrs []Attribute
	for i, a := range c.Attributes {
		b, cb := hide(a.Before)
		n, cn := hide(a.After)
		if !cb && !cn {
			continue
		}
		if attrs == nil {
			// Copy on write: the attributes may be shared with the cache.
			attrs = append([]Attribute(nil), c.Attributes...)
		}
		attrs[i].Before, attrs[i].After = b, n
	}
	if attrs != nil {
		c.Attributes = attrs
	}
	var notes []string
	for i, n := range c.Notes {
		h, changed := hide(n)
		if !changed {
			continue
		}
		if notes == nil {
			notes = append([]string(nil), c.Notes...)
		}
		notes[i] = h
	}
	if notes != nil {
		c.Notes = notes
	}
}
