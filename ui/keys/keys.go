// Package keys holds reef's key bindings as data. Each binding carries its
// help text, a reason when it is disabled and whether it is dangerous; the
// `?` overlay, the footer hints and README.md's key table are all generated
// from the same table, and the config file can rebind any of them by ID.
package keys

import (
	"fmt"
	"slices"
	"strings"
)

// Scope says where a binding applies.
type Scope string

// Scopes, in the order help lists them.
const (
	Global  Scope = "global"
	List    Scope = "list"    // every list: commits, files
	Log     Scope = "log"     // the commit list
	Files   Scope = "files"   // a commit's changed files
	Diff    Scope = "diff"    // the diff pane
	Review  Scope = "review"  // the Review screen
	Status  Scope = "status"  // the Status screen's file list
	Stage   Scope = "stage"   // the diff pane in the Status screen
	Commit  Scope = "commit"  // the commit message box
	Confirm Scope = "confirm" // a question before a dangerous action
	History Scope = "history" // the File history screen
	Blame   Scope = "blame"   // the blame view of the File history screen
	Filter  Scope = "filter"
	Help    Scope = "help"
)

// Binding is one action and the keys that trigger it.
type Binding struct {
	ID        string   // stable name, used by config overrides: "diff.next-hunk"
	Keys      []string // as tea.KeyPressMsg.String() names them: "j", "down", "ctrl+d", "space"
	Help      string   // what it does, in a few words
	Scope     Scope
	Disabled  string // why it does nothing right now; empty when enabled
	Dangerous bool   // changes or discards work: reef asks first
}

// Enabled reports whether the binding does something now.
func (b Binding) Enabled() bool { return b.Disabled == "" }

// KeyText is the keys as help shows them: "j/↓".
func (b Binding) KeyText() string {
	out := make([]string, len(b.Keys))
	for i, k := range b.Keys {
		out[i] = display(k)
	}
	return strings.Join(out, "/")
}

func display(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "space":
		return "space"
	}
	return k
}

// Map is a set of bindings looked up by ID. The zero value is empty; use
// Default.
type Map struct {
	list []Binding
}

// Default returns reef's bindings: lazygit's and vim's where they have one.
func Default() *Map {
	return &Map{list: defaults()}
}

// Clone returns a copy that can be changed independently.
func (m *Map) Clone() *Map {
	out := &Map{list: make([]Binding, len(m.list))}
	for i, b := range m.list {
		b.Keys = slices.Clone(b.Keys)
		out.list[i] = b
	}
	return out
}

// Get returns the binding with this ID (zero Binding when unknown).
func (m *Map) Get(id string) Binding {
	for _, b := range m.list {
		if b.ID == id {
			return b
		}
	}
	return Binding{}
}

// Is reports whether key triggers the binding id.
func (m *Map) Is(id, key string) bool {
	for i := range m.list {
		if m.list[i].ID == id {
			return slices.Contains(m.list[i].Keys, key)
		}
	}
	return false
}

// In returns the bindings of a scope, in table order.
func (m *Map) In(s Scope) []Binding {
	var out []Binding
	for _, b := range m.list {
		if b.Scope == s {
			out = append(out, b)
		}
	}
	return out
}

// All returns every binding in table order.
func (m *Map) All() []Binding { return slices.Clone(m.list) }

// IDs lists every binding ID, for validating config files.
func (m *Map) IDs() []string {
	out := make([]string, len(m.list))
	for i, b := range m.list {
		out[i] = b.ID
	}
	return out
}

// Rebind replaces a binding's keys (from the config file). Keys already
// used by another binding of the same or the global scope are refused,
// so a typo cannot silently shadow quit or help.
func (m *Map) Rebind(id string, keys []string) error {
	i := slices.IndexFunc(m.list, func(b Binding) bool { return b.ID == id })
	if i < 0 {
		return fmt.Errorf("unknown key binding %q", id)
	}
	if len(keys) == 0 {
		return fmt.Errorf("key binding %q: no keys given", id)
	}
	scope := m.list[i].Scope
	for j, b := range m.list {
		if j == i || (b.Scope != scope && b.Scope != Global && scope != Global) {
			continue
		}
		for _, k := range keys {
			if slices.Contains(b.Keys, k) {
				return fmt.Errorf("key binding %q: %q is already %q (%s)", id, k, b.ID, b.Help)
			}
		}
	}
	m.list[i].Keys = slices.Clone(keys)
	return nil
}

// MarkdownTable renders the bindings as README.md's key table.
func (m *Map) MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| where | keys | action | id (for the config file) |\n|---|---|---|---|\n")
	for _, s := range []Scope{Global, List, Log, Files, Diff, Stage, Status, Commit, Confirm, History, Blame, Review, Filter, Help} {
		for _, k := range m.In(s) {
			keys := strings.ReplaceAll(k.KeyText(), "|", "\\|")
			help := k.Help
			if k.Dangerous {
				help += " (asks first)"
			}
			fmt.Fprintf(&b, "| %s | `%s` | %s | `%s` |\n", s, keys, help, k.ID)
		}
	}
	return b.String()
}
