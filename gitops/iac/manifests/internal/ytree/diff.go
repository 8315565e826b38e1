package ytree

import (
	"strconv"
	"strings"

	"reef/gitops/iac"
)

// Options tune a diff to one kind of file.
type Options struct {
	// ItemKey names an item of the list at path (whose own key is name,
	// "containers"), so items match across sides by identity and
	// reordering is not a change: a container by its name, a port by its
	// number. "" matches the item by position. For a list of scalars, a
	// non-empty key makes it a set (kustomize resources); otherwise the
	// list is one value, since order matters for args and commands.
	ItemKey func(path, name string, item *Value) string
	// Leaf reports values compared and shown whole, such as
	// CloudFormation's {Fn::GetAtt: [...]}.
	Leaf func(v *Value) bool
	// Show writes a value for the summary (nil: Render), e.g. with the
	// version comment next to a pinned action's SHA.
	Show func(v *Value) string
}

// Diff lists the values that differ between two versions of a resource,
// each with its path from the resource's root; added or removed maps are
// listed leaf by leaf so every new value has its own line.
func Diff(a, b *Value, o Options) []iac.Attribute {
	d := differ{o: o}
	d.walk("", "", a, b)
	return d.out
}

type differ struct {
	o   Options
	out []iac.Attribute
}

func (d *differ) leaf(v *Value) bool {
	return v != nil && v.Tag != "" || d.o.Leaf != nil && v != nil && d.o.Leaf(v)
}

// container reports whether v (possibly nil) can be walked into as kind k.
func (d *differ) container(v *Value, k Kind) bool {
	return v == nil || v.Kind == k && !d.leaf(v)
}

func (d *differ) walk(path, name string, a, b *Value) {
	if Equal(a, b) {
		return
	}
	switch {
	case d.container(a, Map) && d.container(b, Map) && (a.Len() > 0 || b.Len() > 0):
		for _, p := range b.Entries() {
			d.walk(PathKey(path, p.Key), p.Key, a.Get(p.Key), p.Value)
		}
		for _, p := range a.Entries() {
			if !b.Has(p.Key) {
				d.walk(PathKey(path, p.Key), p.Key, p.Value, nil)
			}
		}
	case d.container(a, Seq) && d.container(b, Seq) && d.structured(path, name, a, b):
		ak, bk := d.keys(path, name, a), d.keys(path, name, b)
		have := make(map[string]int, len(ak))
		for i, k := range ak {
			have[k] = i
		}
		matched := make([]bool, len(ak))
		for i, k := range bk {
			var av *Value
			if j, ok := have[k]; ok {
				av = a.Items[j]
				matched[j] = true
			}
			d.item(PathItem(path, k), name, k, av, b.Items[i])
		}
		for j, k := range ak {
			if !matched[j] {
				d.item(PathItem(path, k), name, k, a.Items[j], nil)
			}
		}
	default:
		d.emit(path, a, b)
	}
}

// item walks one list item. An item added or removed whole leaves out the
// field it is named by: "steps[Test].run: → go test" says it all, a
// "steps[Test].name: → Test" line would only repeat the key.
func (d *differ) item(path, name, key string, a, b *Value) {
	whole := b
	if whole == nil {
		whole = a
	}
	if (a == nil) == (b == nil) || whole.Kind != Map || d.leaf(whole) {
		d.walk(path, name, a, b)
		return
	}
	for _, p := range whole.Pairs {
		if (p.Key == "name" || p.Key == "id") && p.Value.String() == key && len(whole.Pairs) > 1 {
			continue
		}
		if a == nil {
			d.walk(PathKey(path, p.Key), p.Key, nil, p.Value)
		} else {
			d.walk(PathKey(path, p.Key), p.Key, p.Value, nil)
		}
	}
}

func (d *differ) emit(path string, a, b *Value) {
	show := Render
	if d.o.Show != nil {
		show = d.o.Show
	}
	at := iac.Attribute{Path: path, Source: "static"}
	if a != nil {
		at.Before, at.HasBefore = show(a), true
	}
	if b != nil {
		at.After, at.HasAfter = show(b), true
	}
	d.out = append(d.out, at)
}

// structured reports whether a list is walked item by item: when it holds
// maps or lists, or when its scalars have identities.
func (d *differ) structured(path, name string, lists ...*Value) bool {
	for _, l := range lists {
		if l == nil {
			continue
		}
		for _, it := range l.Items {
			if it.Kind == Map && !d.leaf(it) || it.Kind == Seq && !d.leaf(it) {
				return true
			}
			if d.o.ItemKey != nil && d.o.ItemKey(path, name, it) != "" {
				return true
			}
		}
	}
	return false
}

// keys names every item of a list; items without an identity are named by
// position, and repeated names get "#2", "#3" so each stays distinct.
func (d *differ) keys(path, name string, l *Value) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	seen := make(map[string]int, len(l.Items))
	for i, it := range l.Items {
		k := ""
		if d.o.ItemKey != nil {
			k = d.o.ItemKey(path, name, it)
		}
		if k == "" {
			k = strconv.Itoa(i)
		} else if strings.ContainsAny(k, "[]") {
			k = strconv.Quote(k)
		}
		seen[k]++
		if n := seen[k]; n > 1 {
			k += "#" + strconv.Itoa(n)
		}
		out[i] = k
	}
	return out
}

// Unique gives repeated names a "#2", "#3" suffix in order, so resources
// with the same address stay distinct (two documents both named web).
func Unique(names []string) []string {
	seen := make(map[string]int, len(names))
	out := make([]string, len(names))
	for i, n := range names {
		seen[n]++
		if c := seen[n]; c > 1 {
			n += " #" + strconv.Itoa(c)
		}
		out[i] = n
	}
	return out
}
