package graph_test

import (
	"crypto/sha1"
	"fmt"
	"strings"

	"reef/gitops/graph"
	"reef/gitops/oid"
)

// A criss-cross (main and topic merging each other's tips) followed by an
// octopus merge, newest first as `git log --date-order` prints it.
func ExampleLayout() {
	history := []string{
		"m4: octopus",
		"octopus: m3 a b c",
		"c: join",
		"b: join",
		"a: join",
		"m3: join",
		"join: m2 t2",
		"t2: x2",
		"m2: x1",
		"x2: t1 m1",
		"x1: m1 t1",
		"m1: base",
		"t1: base",
		"base:",
	}
	id := func(name string) oid.ID { return oid.ID(sha1.Sum([]byte(name))) }
	l := graph.New()
	for _, line := range history {
		name, parents, _ := strings.Cut(line, ":")
		var ps []oid.ID
		for _, p := range strings.Fields(parents) {
			ps = append(ps, id(p))
		}
		row := l.Add(id(name), ps)
		fmt.Printf("%-10s%s\n", row.Text(), name)
	}
	// Output:
	// ●         m4
	// ◎─┬─┬─╮   octopus
	// │ │ │ ●   c
	// │ │ ● │   b
	// │ ● │ │   a
	// ● │ │ │   m3
	// ◎─┴─┴─┴─╮ join
	// │ ╭─────● t2
	// ● │       m2
	// │ ◎─╮     x2
	// ◎─┤ │     x1
	// ●─┼─╯     m1
	// │ ●       t1
	// ●─╯       base
}
