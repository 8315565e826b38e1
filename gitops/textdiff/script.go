package textdiff

// script runs git's pipeline on two files: classify their lines, set
// aside the common head and tail, discard lines that cannot match, search,
// slide the changes on both sides, and read off the edit script.
// trimTail applies git's common-tail trimming of zero-context diffs.
func script(a, b *file, ws WSMode, trimTail bool) []Edit {
	if trimTail {
		if k := tailTrim(a, b); k > 0 {
			a, b = a.head(a.len()-k), b.head(b.len()-k)
		}
	}
	cl := newClassifier(ws, a, b)
	ca, cb := cl.classify(0), cl.classify(1)

	// Common head and tail.
	head := 0
	for head < len(ca) && head < len(cb) && ca[head] == cb[head] {
		head++
	}
	tail := 0
	for tail < len(ca)-head && tail < len(cb)-head && ca[len(ca)-1-tail] == cb[len(cb)-1-tail] {
		tail++
	}
	if head == len(ca) && head == len(cb) {
		return nil
	}

	sa := &side{f: a, class: ca, ch: make([]bool, a.len()+2)}
	sb := &side{f: b, class: cb, ch: make([]bool, b.len()+2)}
	ha, ia := reduce(ca, cl.count[1], head, len(ca)-tail-1, sa.ch)
	hb, ib := reduce(cb, cl.count[0], head, len(cb)-tail-1, sb.ch)
	newMyers(ha, hb, ia, ib, sa.ch, sb.ch).compare(0, len(ha), 0, len(hb), false)

	compact(sa, sb)
	compact(sb, sa)
	return edits(sa, sb)
}

// edits reads the edit script off the changed flags: unchanged lines pair
// up in order, and each stretch between them is one Edit.
func edits(sa, sb *side) []Edit {
	var out []Edit
	na, nb := len(sa.class), len(sb.class)
	for i, j := 0, 0; i < na || j < nb; {
		if !sa.changed(i) && !sb.changed(j) {
			i++
			j++
			continue
		}
		e := Edit{OldStart: i, NewStart: j}
		for sa.changed(i) {
			i++
		}
		for sb.changed(j) {
			j++
		}
		e.OldEnd, e.NewEnd = i, j
		out = append(out, e)
	}
	return out
}
