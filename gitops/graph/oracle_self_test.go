package graph

import (
	"crypto/sha1"
	"strings"
	"testing"

	"reef/gitops/oid"
)

// history parses "name:parent parent" lines into commits, newest first.
func history(lines ...string) []commit {
	id := func(name string) oid.ID { return oid.ID(sha1.Sum([]byte(name))) }
	var cs []commit
	for _, line := range lines {
		name, parents, _ := strings.Cut(line, ":")
		c := commit{id: id(name), name: name}
		for _, p := range strings.Fields(parents) {
			c.parents = append(c.parents, id(p))
		}
		cs = append(cs, c)
	}
	return cs
}

// rowsFromText builds rows from hand-drawn text, each lane coloured by its
// column; the last line is the Pending row.
func rowsFromText(t *testing.T, lines ...string) ([]Row, Row) {
	t.Helper()
	var rows []Row
	for _, s := range lines {
		rs := []rune(s)
		row := Row{Node: -1, Cells: make([]Cell, len(rs)/2)}
		for c := range row.Cells {
			cell := Cell{Color: c}
			switch rs[2*c] {
			case '●':
				cell.Kind, row.Node = Commit, c
			case '◎':
				cell.Kind, row.Node = Merge, c
			default:
				k, ok := glyphConn(rs[2*c])
				if !ok {
					t.Fatalf("bad glyph in %q", s)
				}
				cell.Conn = k
			}
			if rs[2*c+1] == '─' {
				cell.Conn |= Right
			}
			row.Cells[c] = cell
		}
		rows = append(rows, row)
	}
	return rows[:len(rows)-1], rows[len(rows)-1]
}

// TestOracleRejects feeds the oracle hand-drawn graphs with one flaw each,
// so a layout bug of that kind cannot pass unnoticed.
func TestOracleRejects(t *testing.T) {
	cases := []struct {
		name    string
		commits []commit
		text    []string
		want    string // "" when the drawing is right
	}{{
		name:    "a correct fork and merge",
		commits: history("m:a b", "a:c", "b:c", "c:"),
		text:    []string{"◎─╮ ", "● │ ", "│ ● ", "●─╯ ", ""},
	}, {
		name:    "merge without its second edge",
		commits: history("m:a b", "a:c", "b:c", "c:"),
		text:    []string{"◎   ", "●   ", "  ● ", "●─╯ ", ""},
		want:    "row 0 (m): edges reach rows map[1:1], parents are at rows map[1:1 2:1]",
	}, {
		name:    "a lane ending and a lane opening in one column",
		commits: history("a:m", "t:m", "m:p q", "q:", "p:"),
		text:    []string{"●   ", "│ ● ", "◎─┤ ", "│ ● ", "●   ", ""},
		want:    "row 1 (t): edges reach rows map[3:1], parents are at rows map[2:1]",
	}, {
		name:    "a lane to no parent",
		commits: history("a:b", "b:"),
		text:    []string{"●─╮ ", "● │ ", "  │ "},
		want:    "row 0 (a): 1 edges run off the bottom (columns [1]), 0 parents are outside the walk",
	}, {
		name:    "strokes from nowhere",
		commits: history("a:b", "b:"),
		text:    []string{"●       ", "● ╭─╮   ", "  │ │   "},
		want:    "row 1 column 1: stroke 1010 on no edge",
	}, {
		name:    "a broken lane",
		commits: history("a:b", "b:"),
		text:    []string{"●   ", "● │ ", ""},
		want:    "vertical stroke broken",
	}, {
		name:    "a tip right under a root",
		commits: history("a:", "b:"),
		text:    []string{"● ", "● ", ""},
		want:    "row 0 (a): edges reach rows map[1:1], parents are at rows map[]",
	}, {
		name:    "a parent outside the walk without its lane",
		commits: history("a:b x", "b:"),
		text:    []string{"◎ ", "● ", ""},
		want:    "0 edges run off the bottom (columns []), 1 parents are outside the walk",
	}, {
		name:    "a joining lane read through a crossing",
		commits: history("a:c", "b:c", "z:c", "c:"),
		text:    []string{"●     ", "│ ●   ", "│ │ ● ", "●─┼─╯ ", "  │   "},
		want:    "row 1 (b): edges reach rows map[], parents are at rows map[3:1]",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, pending := rowsFromText(t, tc.text...)
			errs := strings.Join(checkRows(tc.commits, rows, pending), "\n")
			switch {
			case tc.want == "" && errs != "":
				t.Fatalf("rejected a correct drawing:\n%s", errs)
			case tc.want != "" && !strings.Contains(errs, tc.want):
				t.Fatalf("want an error containing %q, got:\n%s", tc.want, errs)
			}
		})
	}
}

// TestOracleColours checks that the colour rules are enforced.
func TestOracleColours(t *testing.T) {
	rows, pending := rowsFromText(t, "◎─╮ ", "● │ ", "│ ● ", "●─╯ ", "")
	rows[1].Cells[1].Color = 0
	if errs := checkColors(rows, pending); len(errs) < 2 {
		t.Fatalf("shared and changing colours not reported: %v", errs)
	}
}
