package blame

import (
	"bytes"
	"cmp"
	"path"
	"slices"
	"strings"

	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/treediff"
)

// Similarity scores, as git counts them: MaxScore is identical content.
const (
	maxScore = treediff.MaxScore
	// minScore is git's default rename threshold (50%).
	minScore = maxScore / 2
	// minBasenameScore is the higher bar (75%) a lone file with the same
	// base name must clear to be taken before the full comparison.
	minBasenameScore = minScore + (maxScore-minScore)/2
	// renameLimit is git's default diff.renameLimit: with one destination
	// it allows this many squared sources, which no real tree reaches.
	renameLimit = 1000
	// candidates is how many best sources git keeps per destination.
	candidates = 4
)

// source is a file the commit deleted: a candidate for the file's old name.
type source struct {
	path string
	id   oid.ID
	mode uint32
}

// findRename looks for the file's previous name when the path is new in
// the commit relative to parent p: among the files the commit deleted,
// first one with identical content (preferring the same base name), then
// a lone file with the same base name that is at least 75% similar, then
// the most similar file at 50% or more. This is git's default whole-file
// rename following in blame (rename detection limited to the one path).
func (b *board) findRename(p *commit, o *origin) (*origin, error) {
	var srcs []source
	var err error
	if o.c.work {
		err = b.allFiles(p.tree, "", &srcs, true)
	} else {
		err = b.deletions(p.tree, o.c.tree, "", &srcs)
	}
	if err != nil || len(srcs) == 0 {
		return nil, err
	}
	slices.SortFunc(srcs, func(x, y source) int { return strings.Compare(x.path, y.path) })
	pick, err := b.pickSource(srcs, o)
	if err != nil || pick == nil {
		return nil, err
	}
	if po := p.originFor(pick.path); po != nil {
		return po, nil
	}
	_, chain, err := b.lookup(p.tree, pick.path, nil)
	if err != nil {
		return nil, err
	}
	return b.origin(p, pick.path, pick.id, pick.mode, chain), nil
}

func (b *board) pickSource(srcs []source, o *origin) (*source, error) {
	// Exact renames: the same blob; a non-regular file (symlink) must
	// also keep its mode. Git looks at no more than 100 alternatives.
	best, bestScore, tries := -1, -1, 100
	for i, s := range srcs {
		if s.id != o.blob {
			continue
		}
		if (!isRegular(s.mode) || !isRegular(o.mode)) && s.mode != o.mode {
			continue
		}
		score := 1
		if sameBasename(s.path, o.path) {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
			if score == 2 {
				break
			}
		}
		if tries--; tries == 0 {
			break
		}
	}
	if best >= 0 {
		return &srcs[best], nil
	}
	if !isRegular(o.mode) {
		return nil, nil // only regular files are compared by content
	}
	dst, err := b.data(o)
	if err != nil {
		return nil, err
	}
	sim := similarity{db: b.src.DB, dst: dst}

	// A lone source with the file's base name gets the first chance.
	base, lone := path.Base(o.path), -1
	for i, s := range srcs {
		if path.Base(s.path) == base {
			if lone != -1 {
				lone = -2 // not unique
				break
			}
			lone = i
		}
	}
	if lone >= 0 {
		score, err := sim.estimate(srcs[lone], minBasenameScore)
		if err != nil {
			return nil, err
		}
		if score >= minBasenameScore {
			return &srcs[lone], nil
		}
	}

	// The full comparison, keeping git's four best candidates and its
	// order among equals.
	if len(srcs) > renameLimit*renameLimit {
		return nil, nil
	}
	var slots [candidates]scored
	for i := range slots {
		slots[i].src = -1
	}
	for i, s := range srcs {
		score, err := sim.estimate(s, minScore)
		if err != nil {
			return nil, err
		}
		c := scored{src: i, score: score, sameName: sameBasename(s.path, o.path)}
		worst := 0
		for k := 1; k < candidates; k++ {
			if compareScored(slots[k], slots[worst]) > 0 {
				worst = k
			}
		}
		if compareScored(slots[worst], c) > 0 {
			slots[worst] = c
		}
	}
	slices.SortStableFunc(slots[:], compareScored)
	if s := slots[0]; s.src >= 0 && s.score >= minScore {
		return &srcs[s.src], nil
	}
	return nil, nil
}

// scored is a candidate source with its similarity.
type scored struct {
	src      int // -1: empty slot
	score    int
	sameName bool
}

// compareScored orders candidates best first: filled slots before empty
// ones, higher score, then a same base name.
func compareScored(a, b scored) int {
	switch {
	case a.src < 0 && b.src < 0:
		return 0
	case a.src < 0:
		return 1
	case b.src < 0:
		return -1
	case a.score != b.score:
		return cmp.Compare(b.score, a.score)
	case a.sameName != b.sameName:
		if a.sameName {
			return -1
		}
		return 1
	}
	return 0
}

// sameBasename reports whether two paths end in the same file name.
func sameBasename(a, b string) bool { return path.Base(a) == path.Base(b) }

// deletions collects the files under old that new no longer has (as git's
// tree diff reports them: a file replaced by a directory of the same name
// counts as deleted). Subtrees with equal ids are skipped unread.
func (b *board) deletions(old, new oid.ID, prefix string, out *[]source) error {
	if old == new {
		return nil
	}
	oldData, err := b.trees.read(b.src.DB, old)
	if err != nil {
		return err
	}
	newData, err := b.trees.read(b.src.DB, new)
	if err != nil {
		return err
	}
	oe, err := object.ParseTree(oldData)
	if err != nil {
		return err
	}
	ne, err := object.ParseTree(newData)
	if err != nil {
		return err
	}
	j := 0
	for _, e := range oe {
		for j < len(ne) && compareEntries(ne[j], e) < 0 {
			j++
		}
		switch {
		case j < len(ne) && compareEntries(ne[j], e) == 0:
			if e.IsTree() {
				if err := b.deletions(e.ID, ne[j].ID, prefix+e.Name+"/", out); err != nil {
					return err
				}
			}
		case e.IsTree():
			if err := b.allFiles(e.ID, prefix+e.Name+"/", out, false); err != nil {
				return err
			}
		default:
			addSource(out, prefix+e.Name, e)
		}
	}
	return nil
}

// allFiles collects every file under tree; with unindexed, only those
// missing from the index (the files the work tree's fake commit deleted).
func (b *board) allFiles(tree oid.ID, prefix string, out *[]source, unindexed bool) error {
	data, err := b.trees.read(b.src.DB, tree)
	if err != nil {
		return err
	}
	it := object.NewTreeIter(data)
	for it.Next() {
		e := it.Entry()
		if e.IsTree() {
			if err := b.allFiles(e.ID, prefix+e.Name+"/", out, unindexed); err != nil {
				return err
			}
			continue
		}
		if unindexed && b.opt.Work.InIndex != nil && b.opt.Work.InIndex(prefix+e.Name) {
			continue
		}
		addSource(out, prefix+e.Name, e)
	}
	return it.Err()
}

func addSource(out *[]source, p string, e object.TreeEntry) {
	if e.Mode&typeMask == object.ModeGitlink {
		return // a submodule never matches a file
	}
	*out = append(*out, source{path: p, id: e.ID, mode: e.Mode})
}

// compareEntries is git's tree order: names compared as bytes, a
// directory's as if it ended in "/".
func compareEntries(a, b object.TreeEntry) int {
	ka, kb := a.Name, b.Name
	if a.IsTree() {
		ka += "/"
	}
	if b.IsTree() {
		kb += "/"
	}
	return bytes.Compare([]byte(ka), []byte(kb))
}

// similarity estimates how much of a source file the destination keeps,
// with the scoring treediff's rename detection uses.
type similarity struct {
	db    *odb.DB
	dst   []byte
	dstFP *treediff.Fingerprint
}

// estimate is git's similarity score between s and the destination.
// Pairs whose sizes differ too much for the threshold are not read.
func (s *similarity) estimate(src source, threshold int) (int, error) {
	if !isRegular(src.mode) {
		return 0, nil
	}
	_, srcSize, err := s.db.Header(src.id)
	if err != nil {
		return 0, err
	}
	if !treediff.SizesAllow(uint64(srcSize), uint64(len(s.dst)), threshold) {
		return 0, nil
	}
	_, data, err := s.db.Read(src.id)
	if err != nil {
		return 0, err
	}
	if s.dstFP == nil {
		fp := treediff.NewFingerprint(s.dst)
		s.dstFP = &fp
	}
	return treediff.Similarity(treediff.NewFingerprint(data), *s.dstFP), nil
}
