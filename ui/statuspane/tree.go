package statuspane

import (
	"cmp"
	"slices"
	"strings"
)

// RowKind says what a row of the list is.
type RowKind int

// Row kinds.
const (
	RowGroup RowKind = iota // a group's heading
	RowDir                  // a directory (tree view)
	RowFile
)

// Row is one line of the list.
type Row struct {
	Kind  RowKind
	Group Group
	Depth int    // indentation level under the heading
	Name  string // what the row shows: a path (flat), a name or "a/b" (tree)
	Dir   string // a directory row's path, ending in "/"
	Item  int    // a file row's index into the items
	Count int    // files under a heading or a directory
	// Collapsed: a directory row whose files are hidden.
	Collapsed bool
}

// Key names the row across refreshes (zero Key for headings).
func (r Row) Key(items []Item) Key {
	switch r.Kind {
	case RowDir:
		return Key{Group: r.Group, Path: r.Dir}
	case RowFile:
		return items[r.Item].Key()
	}
	return Key{Group: r.Group}
}

// Selectable reports whether the cursor stops on the row.
func (r Row) Selectable() bool { return r.Kind != RowGroup }

// Flat lists each group's heading and then its files by full path.
func Flat(items []Item) []Row {
	var out []Row
	for g, lo := range groupRanges(items) {
		if lo[1] == lo[0] {
			continue
		}
		out = append(out, Row{Kind: RowGroup, Group: Group(g), Count: lo[1] - lo[0]})
		for i := lo[0]; i < lo[1]; i++ {
			out = append(out, Row{Kind: RowFile, Group: Group(g), Depth: 1, Name: items[i].Path, Item: i})
		}
	}
	return out
}

// groupRanges is [first, end) of each group's items (items are sorted by
// group).
func groupRanges(items []Item) [Untracked + 1][2]int {
	var out [Untracked + 1][2]int
	i := 0
	for g := Conflicted; g <= Untracked; g++ {
		out[g][0] = i
		for i < len(items) && items[i].Group == g {
			i++
		}
		out[g][1] = i
	}
	return out
}

// node is a directory of the tree while it is built.
type node struct {
	name  string
	dirs  map[string]*node
	files []int // item indexes
	count int
}

// Tree lists each group's files as a directory tree: directories first,
// then files, each by name; a directory whose only entry is another
// directory shares its row ("envs/prod"). collapsed says which
// directories hide their files.
func Tree(items []Item, collapsed func(Key) bool) []Row {
	var out []Row
	for g, lo := range groupRanges(items) {
		if lo[1] == lo[0] {
			continue
		}
		root := &node{dirs: map[string]*node{}}
		for i := lo[0]; i < lo[1]; i++ {
			root.add(items[i].Path, i)
		}
		out = append(out, Row{Kind: RowGroup, Group: Group(g), Count: lo[1] - lo[0]})
		out = root.rows(out, Group(g), "", 1, items, collapsed)
	}
	return out
}

func (n *node) add(path string, item int) {
	n.count++
	// An untracked directory ("vendor/") is a leaf, not a directory of
	// the tree: it has no files listed under it.
	p := strings.TrimSuffix(path, "/")
	dir, _, ok := strings.Cut(p, "/")
	if !ok {
		n.files = append(n.files, item)
		return
	}
	c := n.dirs[dir]
	if c == nil {
		c = &node{name: dir, dirs: map[string]*node{}}
		n.dirs[dir] = c
	}
	c.add(path[len(dir)+1:], item)
}

func (n *node) rows(out []Row, g Group, prefix string, depth int, items []Item, collapsed func(Key) bool) []Row {
	names := make([]string, 0, len(n.dirs))
	for name := range n.dirs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		c := n.dirs[name]
		label := name
		// Chains of single directories share one row.
		for len(c.files) == 0 && len(c.dirs) == 1 {
			for _, only := range c.dirs {
				label += "/" + only.name
				c = only
			}
		}
		dir := prefix + label + "/"
		row := Row{Kind: RowDir, Group: g, Depth: depth, Name: label, Dir: dir, Count: c.count}
		row.Collapsed = collapsed != nil && collapsed(Key{Group: g, Path: dir})
		out = append(out, row)
		if !row.Collapsed {
			out = c.rows(out, g, dir, depth+1, items, collapsed)
		}
	}
	files := slices.Clone(n.files)
	slices.SortFunc(files, func(a, b int) int { return cmp.Compare(items[a].Path, items[b].Path) })
	for _, i := range files {
		name := items[i].Path[len(prefix):]
		out = append(out, Row{Kind: RowFile, Group: g, Depth: depth, Name: name, Item: i})
	}
	return out
}

// Under is the items a row stands for: a file's own, a directory's files,
// a heading's whole group.
func Under(items []Item, r Row) []Item {
	switch r.Kind {
	case RowFile:
		return []Item{items[r.Item]}
	case RowDir:
		var out []Item
		for _, it := range items {
			if it.Group == r.Group && strings.HasPrefix(it.Path, r.Dir) {
				out = append(out, it)
			}
		}
		return out
	}
	var out []Item
	for _, it := range items {
		if it.Group == r.Group {
			out = append(out, it)
		}
	}
	return out
}
