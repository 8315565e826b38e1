package keys

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's key table from the bindings")

const (
	beginMarker = "<!-- keys:begin (generated from ui/keys; go test ./ui/keys -update) -->\n"
	endMarker   = "<!-- keys:end -->"
)

// TestREADMEKeyTable keeps README.md's key table and the help overlay in
// step: both come from Default().
func TestREADMEKeyTable(t *testing.T) {
	path := "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, beginMarker)
	j := strings.Index(readme, endMarker)
	if i < 0 || j < i {
		t.Fatalf("README.md has no key table markers %q ... %q", beginMarker, endMarker)
	}
	want := Default().MarkdownTable()
	got := readme[i+len(beginMarker) : j]
	if got == want {
		return
	}
	if !*update {
		t.Fatalf("README.md's key table is out of date: run go test ./ui/keys -update\nwant:\n%s", want)
	}
	readme = readme[:i+len(beginMarker)] + want + readme[j:]
	if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRebind(t *testing.T) {
	m := Default()
	if err := m.Rebind("diff.next-hunk", []string{"n", "J"}); err != nil {
		t.Fatal(err)
	}
	if !m.Is("diff.next-hunk", "J") || Default().Is("diff.next-hunk", "J") {
		t.Error("rebinding changed the wrong map")
	}
	if err := m.Rebind("diff.next-hunk", []string{"q"}); err == nil {
		t.Error("rebinding to quit's key was accepted")
	}
	if err := m.Rebind("nope", []string{"x"}); err == nil {
		t.Error("unknown binding accepted")
	}
}

func TestTableIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range Default().All() {
		if b.ID == "" || b.Help == "" || len(b.Keys) == 0 || b.Scope == "" {
			t.Errorf("incomplete binding %+v", b)
		}
		if seen[b.ID] {
			t.Errorf("duplicate id %s", b.ID)
		}
		seen[b.ID] = true
	}
	// No key may do two things in one scope, or shadow a global key.
	for _, s := range []Scope{List, Log, Files, Diff, Review} {
		used := map[string]string{}
		for _, b := range append(Default().In(Global), Default().In(s)...) {
			for _, k := range b.Keys {
				if other, ok := used[k]; ok && !(b.ID == "global.back" || other == "global.back") {
					t.Errorf("scope %s: %q is both %s and %s", s, k, other, b.ID)
				}
				used[k] = b.ID
			}
		}
	}
}
