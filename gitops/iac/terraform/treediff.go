package terraform

import (
	"sort"
	"strconv"

	"reef/gitops/iac"
)

// maxMatchPairs bounds the pairwise similarity search between repeated
// elements; larger lists are paired by position.
const maxMatchPairs = 10000

// diffTrees lists the changed values between two comparison trees.
func diffTrees(a, b *node) []iac.Attribute {
	var out []iac.Attribute
	diffNode("", a, b, &out)
	return out
}

func diffNode(p string, a, b *node, out *[]iac.Attribute) {
	if a.canon == b.canon {
		return
	}
	switch {
	case a.kind == objectNode && b.kind == objectNode:
		old := make(map[string]*node, len(a.fields))
		for _, f := range a.fields {
			old[f.key] = f.n
		}
		seen := make(map[string]bool, len(b.fields))
		for _, f := range b.fields {
			seen[f.key] = true
			if o, ok := old[f.key]; ok {
				diffNode(joinKey(p, f.key), o, f.n, out)
			} else {
				expand(joinKey(p, f.key), f.n, false, out)
			}
		}
		for _, f := range a.fields {
			if !seen[f.key] {
				expand(joinKey(p, f.key), f.n, true, out)
			}
		}
	case a.kind == listNode && b.kind == listNode:
		diffList(p, a, b, out)
	default:
		*out = append(*out, iac.Attribute{Path: p, Before: a.display(), After: b.display(),
			HasBefore: true, HasAfter: true, Source: "static"})
	}
}

// diffList pairs the elements of two lists (identical ones first, then the
// most similar) and compares each pair; the rest are added or removed.
func diffList(p string, a, b *node, out *[]iac.Attribute) {
	pairs, onlyA, onlyB := matchElems(a.elems, b.elems)
	single := a.blocks && b.blocks && len(a.elems) == 1 && len(b.elems) == 1
	index := func(i int) string {
		if single {
			return p
		}
		return p + "[" + strconv.Itoa(i) + "]"
	}
	for _, pr := range pairs {
		diffNode(index(pr[1]), a.elems[pr[0]], b.elems[pr[1]], out)
	}
	for _, j := range onlyB {
		expand(index(j), b.elems[j], false, out)
	}
	for _, i := range onlyA {
		expand(index(i), a.elems[i], true, out)
	}
}

// expand lists every value of a subtree that exists on one side only.
func expand(p string, n *node, removed bool, out *[]iac.Attribute) {
	switch {
	case n.kind == objectNode && len(n.fields) > 0:
		for _, f := range n.fields {
			expand(joinKey(p, f.key), f.n, removed, out)
		}
		return
	case n.kind == listNode && len(n.elems) > 0:
		for i, el := range n.elems {
			q := p + "[" + strconv.Itoa(i) + "]"
			if n.blocks && len(n.elems) == 1 {
				q = p
			}
			expand(q, el, removed, out)
		}
		return
	}
	text := n.display()
	if text == "" && n.kind != leafNode {
		text = "{}"
	}
	a := iac.Attribute{Path: p, Source: "static"}
	if removed {
		a.Before, a.HasBefore = text, true
	} else {
		a.After, a.HasAfter = text, true
	}
	*out = append(*out, a)
}

// matchElems pairs list elements, returning pairs of (old, new) indexes
// ordered by new index, and the unpaired indexes of each side.
func matchElems(a, b []*node) (pairs [][2]int, onlyA, onlyB []int) {
	usedA := make([]bool, len(a))
	usedB := make([]bool, len(b))
	byCanon := map[string][]int{}
	for i, n := range a {
		byCanon[n.canon] = append(byCanon[n.canon], i)
	}
	for j, n := range b {
		if q := byCanon[n.canon]; len(q) > 0 {
			pairs = append(pairs, [2]int{q[0], j})
			byCanon[n.canon] = q[1:]
			usedA[q[0]], usedB[j] = true, true
		}
	}
	var restA, restB []int
	for i := range a {
		if !usedA[i] {
			restA = append(restA, i)
		}
	}
	for j := range b {
		if !usedB[j] {
			restB = append(restB, j)
		}
	}
	if len(restA)*len(restB) <= maxMatchPairs {
		type cand struct {
			i, j  int
			score float64
		}
		var cands []cand
		for _, i := range restA {
			for _, j := range restB {
				if s := similarity(a[i], b[j]); s >= 0.5 {
					cands = append(cands, cand{i, j, s})
				}
			}
		}
		sort.SliceStable(cands, func(x, y int) bool {
			if cands[x].score != cands[y].score {
				return cands[x].score > cands[y].score
			}
			return abs(cands[x].i-cands[x].j) < abs(cands[y].i-cands[y].j)
		})
		for _, c := range cands {
			if !usedA[c.i] && !usedB[c.j] {
				pairs = append(pairs, [2]int{c.i, c.j})
				usedA[c.i], usedB[c.j] = true, true
			}
		}
		restA, restB = restA[:0], restB[:0]
		for i := range a {
			if !usedA[i] {
				restA = append(restA, i)
			}
		}
		for j := range b {
			if !usedB[j] {
				restB = append(restB, j)
			}
		}
	}
	// As many changed elements on each side as the other: read them as
	// changed in place, the way a reader of the diff would.
	if len(restA) == len(restB) {
		for k := range restA {
			pairs = append(pairs, [2]int{restA[k], restB[k]})
		}
		restA, restB = nil, nil
	}
	sort.Slice(pairs, func(x, y int) bool { return pairs[x][1] < pairs[y][1] })
	return pairs, restA, restB
}

// similarity is the share of two objects' fields that are equal.
func similarity(a, b *node) float64 {
	if a.kind != objectNode || b.kind != objectNode {
		return 0
	}
	n := max(len(a.fields), len(b.fields))
	if n == 0 {
		return 1
	}
	old := make(map[string]string, len(a.fields))
	for _, f := range a.fields {
		old[f.key] = f.n.canon
	}
	eq := 0
	for _, f := range b.fields {
		if c, ok := old[f.key]; ok && c == f.n.canon {
			eq++
		}
	}
	return float64(eq) / float64(n)
}

// joinKey appends a key to an attribute path, in index form when the key
// is not an identifier ("tags[\"kubernetes.io/role\"]").
func joinKey(p, key string) string {
	if !isIdent(key) {
		return p + "[" + strconv.Quote(key) + "]"
	}
	if p == "" {
		return key
	}
	return p + "." + key
}

// isIdent reports whether s can be written as a bare HCL name (dotted
// nested-block keys such as "backend.s3" included).
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && (r == '-' || r == '.' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
