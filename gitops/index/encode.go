package index

import (
	"cmp"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"reef/gitops/oid"
)

// Encode writes ix in git's index format, byte for byte as git's
// do_write_index would write the same entries and extensions.
//
//   - Version: the version read is kept, except that 2 and 3 become 3 when
//     an entry has extended flags (intent-to-add, skip-worktree) and 2 when
//     none has, as git does; Version 0 (no index file yet) is written as 2,
//     git's default when index.version and feature.manyFiles are unset
//     (set ix.Version to follow them).
//   - Extensions: TREE (the cache tree, invalidated by Add and Remove) and
//     REUC (resolve undo) are kept. UNTR (untracked cache) and FSMN
//     (fsmonitor) describe entries and directories by position and state
//     reef does not update, and EOIE/IEOT are offsets into the old file:
//     keeping them would describe a different index, while dropping them
//     only makes git rescan once and rebuild them. Unknown optional
//     extensions are dropped, as git itself drops them when it rewrites.
//   - Racily clean entries are smudged (see smudged).
//
// It refuses (ErrNeedsGit) a split or sparse index, whose required link or
// sdir extension it cannot write, and entries git would refuse to write or
// read back: out of order, a zero object id, a NUL in a path.
func Encode(w io.Writer, ix *Index) error {
	data, err := encode(ix)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// encode returns the whole index file.
func encode(ix *Index) ([]byte, error) {
	switch {
	case ix.editErr != nil:
		return nil, ix.editErr
	case ix.Split:
		return nil, fmt.Errorf("%w: cannot write a split index", ErrNeedsGit)
	case ix.Sparse:
		return nil, fmt.Errorf("%w: cannot write a sparse index", ErrNeedsGit)
	}
	version := ix.Version
	extended := false
	names := 0
	for i := range ix.Entries {
		e := &ix.Entries[i]
		if err := checkWritable(ix.Entries, i); err != nil {
			return nil, err
		}
		extended = extended || e.IntentToAdd || e.SkipWorktree
		names += len(e.Path)
	}
	switch version {
	case 0, 2, 3:
		version = 2
		if extended {
			version = 3
		}
	case 4:
	default:
		return nil, fmt.Errorf("%w: cannot write index version %d", ErrUnsupported, version)
	}

	b := make([]byte, 0, headerSize+len(ix.Entries)*(fixedSize+2+8)+names+64*treeLen(ix.Tree)+hashSize)
	b = append(b, signature...)
	b = binary.BigEndian.AppendUint32(b, uint32(version))
	b = binary.BigEndian.AppendUint32(b, uint32(len(ix.Entries)))
	prev := ""
	for i := range ix.Entries {
		e := &ix.Entries[i]
		b = appendEntry(b, e, ix.smudged(e), version, prev)
		prev = e.Path
	}
	if ix.Tree != nil && len(ix.Tree.nodes) > 0 {
		b = appendExtension(b, extTree, func(b []byte) []byte {
			return appendCacheTree(b, consistentTree(ix))
		})
	}
	// git writes REUC whenever it holds a resolve-undo list, even an empty
	// one: Read keeps an empty extension as an empty, non-nil slice.
	if ix.ResolveUndo != nil {
		b = appendExtension(b, extResolveUndo, func(b []byte) []byte {
			return appendResolveUndo(b, ix.ResolveUndo)
		})
	}
	sum := sha1.Sum(b)
	return append(b, sum[:]...), nil
}

// checkWritable refuses entry i if git could not write it or read it back.
func checkWritable(entries []Entry, i int) error {
	e := &entries[i]
	switch {
	case e.ID == oid.Zero:
		// git refuses too ("cache entry has null sha1").
		return fmt.Errorf("cannot write the index: %q has a zero object id", e.Path)
	case e.Stage < 0 || e.Stage > 3:
		return fmt.Errorf("cannot write the index: %q has stage %d", e.Path, e.Stage)
	case strings.IndexByte(e.Path, 0) >= 0:
		return fmt.Errorf("cannot write the index: %q contains a NUL byte", e.Path)
	case i == 0:
		return nil
	}
	p := &entries[i-1]
	if p.Path < e.Path || p.Path == e.Path && p.Stage < e.Stage && p.Stage != 0 {
		return nil
	}
	return fmt.Errorf("cannot write the index: entries %q (stage %d) and %q (stage %d) are out of order "+
		"or clash; change entries with Add and Remove", p.Path, p.Stage, e.Path, e.Stage)
}

// smudged returns the size to write for e. An entry whose recorded mtime is
// not older than the index file read (same second or later) is "racily
// clean": the file may have changed within that second without changing
// its stat data. git protects it by comparing content while the index
// keeps its old mtime, but the file written now gets a new mtime, after
// which git would trust the stat data. So, like git's
// ce_smudge_racily_clean_entry, its size is written as 0. That is safe
// whatever the file holds: for an entry whose size is 0 and whose blob is
// not empty, git's ce_match_stat_basic reports a data change and
// ie_modified then compares the content instead of trusting the size
// (a file that is in fact empty has size 0 already, so nothing changes).
// git smudges only after finding the content changed; reef does not read
// the work tree here and smudges every racy entry, which costs git one
// content comparison per entry and can never hide a change.
//
// Entries set by Add carry stat data taken now, for content hashed now
// (git's "up to date" entries), and are not smudged; gitlinks keep no
// content to compare and are never racy, as in git's is_racy_timestamp.
// The comparison is by whole seconds, as git does when built without
// USE_NSEC: it smudges at least what git would.
func (ix *Index) smudged(e *Entry) uint32 {
	if e.Size == 0 || e.Mode == ModeGitlink || ix.ModTime.IsZero() {
		return e.Size
	}
	stamp := uint32(ix.ModTime.Unix())
	if stamp == 0 || e.MtimeSec < stamp {
		return e.Size
	}
	if _, ok := ix.fresh[e.Path]; ok {
		return e.Size
	}
	return 0
}

// padding is the NULs that end a v2/v3 entry.
var padding [8]byte

// appendEntry appends one entry (git's ce_write_entry). prev is the
// previous entry's path, which a v4 path is compressed against.
func appendEntry(b []byte, e *Entry, size uint32, version int, prev string) []byte {
	b = binary.BigEndian.AppendUint32(b, e.CtimeSec)
	b = binary.BigEndian.AppendUint32(b, e.CtimeNsec)
	b = binary.BigEndian.AppendUint32(b, e.MtimeSec)
	b = binary.BigEndian.AppendUint32(b, e.MtimeNsec)
	b = binary.BigEndian.AppendUint32(b, e.Dev)
	b = binary.BigEndian.AppendUint32(b, e.Ino)
	b = binary.BigEndian.AppendUint32(b, e.Mode)
	b = binary.BigEndian.AppendUint32(b, e.UID)
	b = binary.BigEndian.AppendUint32(b, e.GID)
	b = binary.BigEndian.AppendUint32(b, size)
	b = append(b, e.ID[:]...)
	flags := uint16(min(len(e.Path), flagNameMask)) | uint16(e.Stage)<<flagStageShift
	if e.AssumeValid {
		flags |= flagAssumeValid
	}
	var xflags uint16
	if e.SkipWorktree {
		xflags |= xflagSkipWorktree
	}
	if e.IntentToAdd {
		xflags |= xflagIntentToAdd
	}
	fixed := fixedSize
	if xflags != 0 {
		flags |= flagExtended
		fixed += 2
	}
	b = binary.BigEndian.AppendUint16(b, flags)
	if xflags != 0 {
		b = binary.BigEndian.AppendUint16(b, xflags)
	}
	if version != 4 {
		b = append(b, e.Path...)
		// NUL-pad to a multiple of 8 bytes, at least one NUL.
		n := fixed + len(e.Path)
		return append(b, padding[:(n+8)&^7-n]...)
	}
	common := 0
	for common < len(prev) && common < len(e.Path) && prev[common] == e.Path[common] {
		common++
	}
	b = appendVarint(b, uint64(len(prev)-common))
	b = append(b, e.Path[common:]...)
	return append(b, 0)
}

// appendVarint is git's encode_varint (varint.c), the inverse of uvarint.
func appendVarint(b []byte, v uint64) []byte {
	var buf [16]byte
	pos := len(buf) - 1
	buf[pos] = byte(v & 127)
	for v >>= 7; v != 0; v >>= 7 {
		v--
		pos--
		buf[pos] = 128 | byte(v&127)
	}
	return append(b, buf[pos:]...)
}

// appendExtension appends an extension's header and the body body appends.
func appendExtension(b []byte, sig string, body func([]byte) []byte) []byte {
	b = append(b, sig...)
	start := len(b)
	b = append(b, 0, 0, 0, 0)
	b = body(b)
	binary.BigEndian.PutUint32(b[start:], uint32(len(b)-start-4))
	return b
}

func treeLen(t *CacheTree) int {
	if t == nil {
		return 0
	}
	return len(t.nodes)
}

// consistentTree returns ix.Tree, or a copy with every valid node that does
// not cover exactly its directory's entries invalidated (with its
// ancestors). Add and Remove keep the tree right; this catches an Entries
// slice changed by hand, which would otherwise make git commit a stale tree.
func consistentTree(ix *Index) *CacheTree {
	t := ix.Tree
	copied := false
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.EntryCount < 0 {
			continue
		}
		if lo, hi := ix.DirRange(n.Path); hi-lo == n.EntryCount {
			continue
		}
		if !copied {
			t, copied = t.clone(), true
		}
		t.invalidateDir(t.nodes[i].Path)
	}
	return t
}

// appendCacheTree writes the TREE extension body (git's cache_tree_write):
// each node is its name relative to its parent, NUL, "<count> <subtrees>\n",
// the tree id when valid, then its subtrees, depth first, ordered by name
// length then bytes (git keeps them in that order whatever order it read).
func appendCacheTree(b []byte, t *CacheTree) []byte {
	var write func(i, prefix int) int
	write = func(i, prefix int) int {
		n := &t.nodes[i]
		b = append(b, n.Path[prefix:]...)
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(n.EntryCount), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(n.Subtrees), 10)
		b = append(b, '\n')
		if n.EntryCount >= 0 {
			b = append(b, n.ID[:]...)
		}
		childPrefix := len(n.Path) + 1
		if n.Path == "" {
			childPrefix = 0
		}
		children := make([]int, 0, n.Subtrees)
		next := i + 1
		for range n.Subtrees {
			children = append(children, next)
			next = t.subtreeEnd(next)
		}
		slices.SortStableFunc(children, func(x, y int) int {
			a, c := t.nodes[x].Path[childPrefix:], t.nodes[y].Path[childPrefix:]
			return cmp.Or(cmp.Compare(len(a), len(c)), strings.Compare(a, c))
		})
		for _, c := range children {
			write(c, childPrefix)
		}
		return next
	}
	write(0, 0)
	return b
}

// appendResolveUndo writes the REUC extension body (git's
// resolve_undo_write): per path in path order, the path, NUL, three octal
// modes each ended by NUL, and the ids of the stages present. git keeps one
// record per path, sorted, the last read winning; so does this.
func appendResolveUndo(b []byte, list []ResolveUndo) []byte {
	if !slices.IsSortedFunc(list, func(x, y ResolveUndo) int { return strings.Compare(x.Path, y.Path) }) ||
		hasDuplicatePaths(list) {
		sorted := slices.Clone(list)
		slices.Reverse(sorted) // so the stable sort and Compact keep the last record read
		slices.SortStableFunc(sorted, func(x, y ResolveUndo) int { return strings.Compare(x.Path, y.Path) })
		list = slices.CompactFunc(sorted, func(x, y ResolveUndo) bool { return x.Path == y.Path })
	}
	for i := range list {
		ru := &list[i]
		b = append(b, ru.Path...)
		b = append(b, 0)
		for _, m := range ru.Mode {
			b = strconv.AppendUint(b, uint64(m), 8)
			b = append(b, 0)
		}
		for s, m := range ru.Mode {
			if m != 0 {
				b = append(b, ru.ID[s][:]...)
			}
		}
	}
	return b
}

func hasDuplicatePaths(sorted []ResolveUndo) bool {
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Path == sorted[i-1].Path {
			return true
		}
	}
	return false
}
