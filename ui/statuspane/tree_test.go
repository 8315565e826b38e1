package statuspane

import (
	"fmt"
	"strings"
	"testing"
)

func items(spec ...string) []Item {
	var out []Item
	for _, s := range spec {
		g, p, _ := strings.Cut(s, ":")
		var grp Group
		switch g {
		case "C":
			grp = Conflicted
		case "S":
			grp = Staged
		case "U":
			grp = Unstaged
		default:
			grp = Untracked
		}
		out = append(out, Item{Group: grp, Path: p, Letters: "M"})
	}
	return out
}

func draw(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		ind := strings.Repeat("  ", r.Depth)
		switch r.Kind {
		case RowGroup:
			fmt.Fprintf(&b, "%s (%d)\n", r.Group.Name(), r.Count)
		case RowDir:
			fold := "v"
			if r.Collapsed {
				fold = ">"
			}
			fmt.Fprintf(&b, "%s%s %s/ (%d) %s\n", ind, fold, r.Name, r.Count, r.Dir)
		default:
			fmt.Fprintf(&b, "%s%s #%d\n", ind, r.Name, r.Item)
		}
	}
	return b.String()
}

var treeItems = items("S:envs/prod/main.tf", "S:envs/prod/vars.tf", "S:envs/stage/main.tf", "S:top.txt",
	"U:lib/only/deep/file.go", "U:lib/only/deep/other.go", "U:a.txt", "?:vendor/", "?:vendor.txt")

// TestTree: directories before files, each sorted; a chain of single
// directories shares a row; an untracked directory is a leaf; groups
// keep their order.
func TestTree(t *testing.T) {
	got := draw(Tree(treeItems, nil))
	want := `Staged (4)
  v envs/ (3) envs/
    v prod/ (2) envs/prod/
      main.tf #0
      vars.tf #1
    v stage/ (1) envs/stage/
      main.tf #2
  top.txt #3
Unstaged (3)
  v lib/only/deep/ (2) lib/only/deep/
    file.go #4
    other.go #5
  a.txt #6
Untracked (2)
  vendor.txt #8
  vendor/ #7
`
	if got != want {
		t.Errorf("tree:\n%s\nwant:\n%s", got, want)
	}
}

// TestTreeCollapsed hides a folded directory's files, keeping its count.
func TestTreeCollapsed(t *testing.T) {
	got := draw(Tree(treeItems, func(k Key) bool { return k == Key{Group: Staged, Path: "envs/"} }))
	if !strings.Contains(got, "> envs/ (3) envs/\n  top.txt") || strings.Contains(got, "prod") {
		t.Errorf("envs/ not folded:\n%s", got)
	}
}

// TestFlat lists full paths under the headings, empty groups left out.
func TestFlat(t *testing.T) {
	got := draw(Flat(items("S:b/x", "U:a", "U:c/d")))
	want := "Staged (1)\n  b/x #0\nUnstaged (2)\n  a #1\n  c/d #2\n"
	if got != want {
		t.Errorf("flat:\n%s\nwant:\n%s", got, want)
	}
}

// TestUnder: a directory stands for its files in its group only.
func TestUnder(t *testing.T) {
	its := items("S:d/a", "U:d/a", "U:d/b", "U:dd/c")
	rows := Tree(its, nil)
	var dir Row
	for _, r := range rows {
		if r.Kind == RowDir && r.Group == Unstaged && r.Dir == "d/" {
			dir = r
		}
	}
	var paths []string
	for _, it := range Under(its, dir) {
		paths = append(paths, it.Group.Name()+":"+it.Path)
	}
	if got := strings.Join(paths, " "); got != "Unstaged:d/a Unstaged:d/b" {
		t.Errorf("under d/: %s", got)
	}
}
