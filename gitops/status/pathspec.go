package status

import (
	"strings"

	"reef/gitops/treediff"
	"reef/gitops/wildmatch"
)

// pathspec is git's pathspec without magic (":(glob)", ":!exclude"...):
// each item matches the path it names, everything below it, or, when it
// holds wildcards, the paths its glob matches (`*` crossing '/', as git's
// default fnmatch mode does).
type pathspec []specItem

type specItem struct {
	match  string
	nowild int // length of the wildcard-free prefix
	wm     *wildmatch.Pattern
}

// How an item matches, weakest first (git's MATCHED_*).
type matchHow uint8

const (
	matchNone matchHow = iota
	matchRecursively
	matchLeading // the name is a directory some item may match below
	matchFnmatch
	matchExactly
)

func compilePathspec(paths []string) pathspec {
	var ps pathspec
	for _, p := range paths {
		p = strings.TrimPrefix(p, "./")
		if p == "." {
			p = ""
		}
		it := specItem{match: p, nowild: len(p)}
		for i := 0; i < len(p); i++ {
			if c := p[i]; c == '*' || c == '?' || c == '[' || c == '\\' {
				it.nowild = i
				it.wm = wildmatch.Compile(p[i:], 0)
				break
			}
		}
		ps = append(ps, it)
	}
	return ps
}

// literal returns the items as a treediff.Pathspec when none has
// wildcards (so the tree walk can prune), else nil (walk everything).
func (ps pathspec) literal() treediff.Pathspec {
	out := make(treediff.Pathspec, 0, len(ps))
	for _, it := range ps {
		if it.wm != nil {
			return nil
		}
		out = append(out, it.match)
	}
	return out
}

// match returns the best way any item matches name (git's
// match_pathspec). dir says name is a directory given with a trailing
// slash; leading asks for matchLeading too.
func (ps pathspec) match(name string, dir, leading bool) matchHow {
	if ps == nil {
		return matchRecursively
	}
	best := matchNone
	for i := range ps {
		best = max(best, ps[i].matchOne(name, dir, leading))
	}
	return best
}

// matches is match for a file path.
func (ps pathspec) matches(name string) bool { return ps.match(name, false, false) != matchNone }

// matchOne is git's match_pathspec_item for an item without magic.
func (it *specItem) matchOne(name string, dir, leading bool) matchHow {
	m := it.match
	if m == "" {
		return matchRecursively
	}
	if len(m) <= len(name) && name[:len(m)] == m {
		if len(m) == len(name) {
			return matchExactly
		}
		if m[len(m)-1] == '/' || name[len(m)] == '/' {
			return matchRecursively
		}
	} else if dir && m[len(m)-1] == '/' && len(name) == len(m)-1 && m[:len(name)] == name {
		return matchExactly
	}
	if it.wm != nil && len(name) >= it.nowild && name[:it.nowild] == m[:it.nowild] && it.wm.Match(name[it.nowild:]) {
		return matchFnmatch
	}
	if !leading {
		return matchNone
	}
	// Is name a leading directory of the item?
	off := 0
	if name != "" && name[len(name)-1] == '/' {
		off = 1
	}
	if len(name) < len(m) && m[len(name)-off] == '/' && m[:len(name)-off] == name[:len(name)-off] {
		return matchLeading
	}
	if it.wm == nil {
		return matchNone
	}
	// The glob might match below name when name starts with the item's
	// literal prefix; git cannot tell more and says yes.
	if len(name) < it.nowild || name[:it.nowild] != m[:it.nowild] {
		return matchNone
	}
	return matchLeading
}

// simplifyAway reports that no item can match path or anything below it
// (git's simplify_away): path disagrees with every literal prefix.
func (ps pathspec) simplifyAway(path string) bool {
	if ps == nil {
		return false
	}
	for i := range ps {
		n := min(ps[i].nowild, len(path))
		if path[:n] == ps[i].match[:n] {
			return false
		}
	}
	return true
}
