package treediff

import (
	"context"
	"fmt"
	"sort"
)

// RenameOptions tunes DetectRenames. The zero value finds renames (not
// copies) of at least 50% similarity with git's default limit.
type RenameOptions struct {
	// Copies also looks for copies whose source was modified (git's -C;
	// diff.renames=copies).
	Copies bool
	// Threshold is the minimum similarity in percent (git's -M<n>%);
	// 0 means 50. 100 finds exact renames only.
	Threshold int
	// Limit bounds the inexact search: when the remaining destinations
	// times sources exceed Limit squared, only exact and same-name
	// renames are found (diff.renameLimit). 0 means git's default, 1000;
	// a negative value means no limit.
	Limit int
	// Size returns a side's size without loading it, so pairs whose sizes
	// differ too much are ruled out before their content is read. Nil
	// loads the content to learn the size.
	Size func(Side) (int64, error)
	// Binary tells whether loaded content is binary, for the CRLF rule of
	// the similarity hash (attributes can say so). Nil tests for a NUL
	// byte in the first 8000 bytes, as git does.
	Binary func(Side, []byte) bool
	// LimitHit, if set, is called when the limit cut the search short,
	// with the limit that would have been needed (git's warning).
	LimitHit func(needed int)
}

// DefaultRenameLimit is git's diff.renameLimit default.
const DefaultRenameLimit = 1000

// numCandidates is how many best sources git keeps per destination.
const numCandidates = 4

// DetectRenames pairs the deleted (and, with Copies, modified) paths of
// changes with added ones, as git's diffcore-rename does: exact renames
// by object id first (preferring an unused source with the same file
// name), then, for renames only, pairs whose file names are unique on both
// sides and at least halfway between the threshold and 100% similar, then
// the best-scoring pairs of the remaining matrix. load returns a side's
// content (as git would compare it: blobs as stored, work-tree files after
// their clean conversion).
//
// changes must be sorted by path, as every function of this package
// returns them. The result keeps that order: a rename or copy takes the
// place of its added path, a renamed deletion disappears, and when one
// deleted file is the source of several copies the last is the rename.
func DetectRenames(changes []Change, load func(Side) ([]byte, error), o RenameOptions) ([]Change, error) {
	return DetectRenamesContext(context.Background(), changes, load, o)
}

// DetectRenamesContext is DetectRenames stopping with ctx.Err() when ctx
// is cancelled.
func DetectRenamesContext(ctx context.Context, changes []Change, load func(Side) ([]byte, error), o RenameOptions) ([]Change, error) {
	d := &detector{ctx: ctx, load: load, o: o, minScore: maxScore / 2}
	if o.Threshold > 0 {
		d.minScore = min(o.Threshold, 100) * maxScore / 100
	}
	for i, c := range changes {
		switch {
		case c.Status == Unmerged:
		case !c.Old.Exists() && c.New.Exists():
			d.dsts = append(d.dsts, &dst{change: i, side: c.New})
		case c.Old.Exists() && !c.New.Exists():
			d.srcs = append(d.srcs, &src{change: i, side: c.Old})
		case o.Copies && c.Old.Exists():
			// A modified source stays, so every use of it is a copy.
			d.srcs = append(d.srcs, &src{change: i, side: c.Old, used: 1, kept: true})
		}
	}
	if len(d.dsts) > 0 && len(d.srcs) > 0 {
		if err := d.run(); err != nil {
			return nil, err
		}
	}
	return d.result(changes), nil
}

type src struct {
	change int
	side   Side
	used   int  // renames and copies taken from it (+1 when kept)
	kept   bool // a modified file: it stays where it was
	file
}

type dst struct {
	change int
	side   Side
	from   *src // nil while unpaired
	score  int
	file
}

// file caches what the detector learnt about a side.
type file struct {
	sizeKnown bool
	size      uint64
	fp        fingerprint
	fpDone    bool
}

type detector struct {
	ctx      context.Context
	load     func(Side) ([]byte, error)
	o        RenameOptions
	minScore int
	srcs     []*src
	dsts     []*dst
}

func (d *detector) run() error {
	d.exact()
	if d.minScore >= maxScore {
		return nil
	}
	if !d.o.Copies {
		d.srcs = unused(d.srcs)
		// Same-name pairs must be clearly similar: halfway from the
		// threshold to identical.
		if err := d.sameName(d.minScore + (maxScore-d.minScore)/2); err != nil {
			return err
		}
		d.srcs = unused(d.srcs)
	}
	var open []*dst
	for _, t := range d.dsts {
		if t.from == nil {
			open = append(open, t)
		}
	}
	if len(open) == 0 || len(d.srcs) == 0 {
		return nil
	}
	limit := d.o.Limit
	if limit == 0 {
		limit = DefaultRenameLimit
	}
	if limit > 0 && uint64(len(open))*uint64(len(d.srcs)) > uint64(limit)*uint64(limit) {
		if d.o.LimitHit != nil {
			d.o.LimitHit(max(len(open), len(d.srcs)))
		}
		return nil
	}
	return d.matrix(open)
}

// unused drops sources already renamed (they cannot be renamed twice).
func unused(srcs []*src) []*src {
	out := srcs[:0:0]
	for _, s := range srcs {
		if s.used == 0 {
			out = append(out, s)
		}
	}
	return out
}

// exact pairs destinations with sources of the same object id.
func (d *detector) exact() {
	byID := make(map[[20]byte][]*src, len(d.srcs))
	for _, s := range d.srcs {
		byID[s.side.ID] = append(byID[s.side.ID], s)
	}
	for _, t := range d.dsts {
		var best *src
		bestScore := -1
		for n, s := range byID[t.side.ID] {
			if n == 100 {
				break // too many identical candidates: take what we have
			}
			if (!IsRegular(s.side.Mode) || !IsRegular(t.side.Mode)) && s.side.Mode != t.side.Mode {
				continue
			}
			if s.used > 0 && !d.o.Copies {
				continue
			}
			sc := 0
			if s.used == 0 {
				sc = 1
			}
			if basenameSame(s.side.Path, t.side.Path) {
				sc++
			}
			if sc > bestScore {
				best, bestScore = s, sc
				if sc == 2 {
					break
				}
			}
		}
		if best != nil {
			d.pair(t, best, maxScore)
		}
	}
}

func (d *detector) pair(t *dst, s *src, score int) {
	t.from, t.score = s, score
	s.used++
}

// sameName compares sources and destinations whose file names occur once
// among the remaining sources and once among the remaining destinations.
func (d *detector) sameName(minScore int) error {
	srcByName := map[string]int{}
	for i, s := range d.srcs {
		name := basename(s.side.Path)
		if _, dup := srcByName[name]; dup {
			srcByName[name] = -1
		} else {
			srcByName[name] = i
		}
	}
	dstByName := map[string]int{}
	for i, t := range d.dsts {
		if t.from != nil {
			continue
		}
		name := basename(t.side.Path)
		if _, dup := dstByName[name]; dup {
			dstByName[name] = -1
		} else {
			dstByName[name] = i
		}
	}
	for i, s := range d.srcs {
		name := basename(s.side.Path)
		j, ok := dstByName[name]
		if !ok || j < 0 || srcByName[name] != i {
			continue
		}
		t := d.dsts[j]
		if t.from != nil {
			continue
		}
		sc, err := d.similarity(s, t)
		if err != nil {
			return err
		}
		if sc >= minScore {
			d.pair(t, s, sc)
		}
	}
	return nil
}

// candidate is a scored source for a destination.
type candidate struct {
	src, dst int // src -1: empty slot
	score    int
	sameName bool
}

// better orders candidates best first: used slots before empty ones, then
// by score, then same file name first.
func better(a, b candidate) bool {
	if a.src < 0 || b.src < 0 {
		return a.src >= 0 && b.src < 0
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.sameName && !b.sameName
}

// matrix scores every remaining destination against every source, keeps
// the best few per destination, and pairs them best first.
func (d *detector) matrix(open []*dst) error {
	cands := make([]candidate, 0, numCandidates*len(open))
	for di, t := range open {
		slots := [numCandidates]candidate{}
		for k := range slots {
			slots[k].src = -1
		}
		for si, s := range d.srcs {
			if err := d.ctx.Err(); err != nil {
				return err
			}
			sc, err := d.similarity(s, t)
			if err != nil {
				return err
			}
			c := candidate{src: si, dst: di, score: sc, sameName: basenameSame(s.side.Path, t.side.Path)}
			// Replace the worst slot (the first of equals) if c beats it.
			worst := 0
			for k := 1; k < numCandidates; k++ {
				if better(slots[worst], slots[k]) {
					worst = k
				}
			}
			if better(c, slots[worst]) {
				slots[worst] = c
			}
		}
		cands = append(cands, slots[:]...)
	}
	sort.SliceStable(cands, func(i, j int) bool { return better(cands[i], cands[j]) })
	pass := func(copies bool) {
		for _, c := range cands {
			if c.src < 0 || c.score < d.minScore {
				return
			}
			t, s := open[c.dst], d.srcs[c.src]
			if t.from != nil || !copies && s.used > 0 {
				continue
			}
			d.pair(t, s, c.score)
		}
	}
	pass(false)
	if d.o.Copies {
		pass(true)
	}
	return nil
}

// similarity scores a pair in maxScore units; 0 for anything but two
// regular files.
func (d *detector) similarity(s *src, t *dst) (int, error) {
	if !IsRegular(s.side.Mode) || !IsRegular(t.side.Mode) {
		return 0, nil
	}
	if err := d.size(s.side, &s.file); err != nil {
		return 0, err
	}
	if err := d.size(t.side, &t.file); err != nil {
		return 0, err
	}
	if !sizeFilter(s.size, t.size, d.minScore) {
		return 0, nil
	}
	if err := d.fingerprint(s.side, &s.file); err != nil {
		return 0, err
	}
	if err := d.fingerprint(t.side, &t.file); err != nil {
		return 0, err
	}
	return score(s.fp, t.fp, s.size, t.size), nil
}

func (d *detector) size(sd Side, f *file) error {
	if f.sizeKnown {
		return nil
	}
	if d.o.Size == nil {
		return d.fingerprint(sd, f)
	}
	n, err := d.o.Size(sd)
	if err != nil {
		return fmt.Errorf("rename detection: size of %s: %w", sd.Path, err)
	}
	f.size, f.sizeKnown = uint64(n), true
	return nil
}

func (d *detector) fingerprint(sd Side, f *file) error {
	if f.fpDone {
		return nil
	}
	if err := d.ctx.Err(); err != nil {
		return err
	}
	data, err := d.load(sd)
	if err != nil {
		return fmt.Errorf("rename detection: read %s: %w", sd.Path, err)
	}
	bin := isBinary(data)
	if d.o.Binary != nil {
		bin = d.o.Binary(sd, data)
	}
	f.fp = newFingerprint(data, !bin)
	f.fpDone = true
	f.size, f.sizeKnown = uint64(len(data)), true
	return nil
}

// result rebuilds the change list with the pairs found.
func (d *detector) result(changes []Change) []Change {
	paired := map[int]*dst{}
	for _, t := range d.dsts {
		if t.from != nil {
			paired[t.change] = t
		}
	}
	gone := map[int]bool{} // deleted sources now renamed
	for _, t := range paired {
		if !t.from.kept {
			gone[t.from.change] = true
		}
	}
	if len(paired) == 0 {
		return changes
	}
	out := make([]Change, 0, len(changes)-len(gone))
	for i, c := range changes {
		if gone[i] {
			continue
		}
		t, ok := paired[i]
		if !ok {
			out = append(out, c)
			continue
		}
		// Every use but the last (in output order) of a deleted source
		// is a copy; a kept source only ever gives copies.
		t.from.used--
		st := Renamed
		if t.from.used > 0 || t.from.kept {
			st = Copied
		}
		out = append(out, Change{Status: st, Old: t.from.side, New: c.New, Score: t.score * 100 / maxScore})
	}
	return out
}
