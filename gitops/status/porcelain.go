package status

import (
	"bytes"
	"fmt"
	"strconv"

	"reef/gitops/oid"
)

// ParsePorcelainV2 reads the entries of `git status --porcelain=v2 -z`
// (header lines are skipped), for the repository shapes only git can
// read. The result has the same values Compute gives.
func ParsePorcelainV2(out []byte) ([]Entry, error) {
	var entries []Entry
	recs := bytes.Split(out, []byte{0})
	for i := 0; i < len(recs); i++ {
		rec := string(recs[i])
		if rec == "" || rec[0] == '#' {
			continue
		}
		bad := fmt.Errorf("git status --porcelain=v2: unexpected line %q", rec)
		switch rec[0] {
		case '?', '!':
			if len(rec) < 3 {
				return nil, bad
			}
			k := KindUntracked
			if rec[0] == '!' {
				k = KindIgnored
			}
			entries = append(entries, Entry{Path: rec[2:], Kind: k})
		case '1', '2':
			n := 9
			if rec[0] == '2' {
				n = 10
			}
			f := splitN(rec, n)
			if len(f) != n || len(f[1]) != 2 {
				return nil, bad
			}
			e := Entry{Kind: KindOrdinary, Staged: f[1][0], Unstaged: f[1][1], Path: f[n-1]}
			var ok bool
			if e.Submodule, ok = parseSub(f[2]); !ok {
				return nil, bad
			}
			modes, ok := parseModes(f[3:6])
			if !ok {
				return nil, bad
			}
			e.HeadMode, e.IndexMode, e.WorktreeMode = modes[0], modes[1], modes[2]
			ids, ok := parseIDs(f[6:8])
			if !ok {
				return nil, bad
			}
			e.HeadID, e.IndexID = ids[0], ids[1]
			if rec[0] == '2' {
				if i+1 >= len(recs) || len(f[8]) < 2 {
					return nil, bad
				}
				e.Kind = KindRenamed
				e.Score, _ = strconv.Atoi(f[8][1:])
				i++
				e.OrigPath = string(recs[i])
			}
			e.IntentToAdd = e.Unstaged == 'A'
			entries = append(entries, e)
		case 'u':
			f := splitN(rec, 11)
			if len(f) != 11 || len(f[1]) != 2 {
				return nil, bad
			}
			e := Entry{Kind: KindUnmerged, Staged: f[1][0], Unstaged: f[1][1], Path: f[10]}
			var ok bool
			if e.Submodule, ok = parseSub(f[2]); !ok {
				return nil, bad
			}
			modes, ok := parseModes(f[3:7])
			if !ok {
				return nil, bad
			}
			ids, ok := parseIDs(f[7:10])
			if !ok {
				return nil, bad
			}
			for k := 0; k < 3; k++ {
				e.Stages[k] = Stage{Mode: modes[k], ID: ids[k]}
			}
			e.WorktreeMode = modes[3]
			entries = append(entries, e)
		default:
			return nil, bad
		}
	}
	return entries, nil
}

// splitN splits on the first n-1 spaces: the last field is a path, which
// may hold spaces.
func splitN(s string, n int) []string {
	var out []string
	for len(out) < n-1 {
		k := bytes.IndexByte([]byte(s), ' ')
		if k < 0 {
			break
		}
		out = append(out, s[:k])
		s = s[k+1:]
	}
	return append(out, s)
}

func parseSub(f string) (Submodule, bool) {
	if len(f) != 4 {
		return Submodule{}, false
	}
	if f[0] == 'N' {
		return Submodule{}, true
	}
	return Submodule{Is: true, CommitChanged: f[1] == 'C', Modified: f[2] == 'M', Untracked: f[3] == 'U'}, f[0] == 'S'
}

func parseModes(fs []string) ([]uint32, bool) {
	out := make([]uint32, len(fs))
	for i, f := range fs {
		v, err := strconv.ParseUint(f, 8, 32)
		if err != nil {
			return nil, false
		}
		out[i] = uint32(v)
	}
	return out, true
}

func parseIDs(fs []string) ([]oid.ID, bool) {
	out := make([]oid.ID, len(fs))
	for i, f := range fs {
		id, err := oid.FromHex(f)
		if err != nil {
			return nil, false
		}
		out[i] = id
	}
	return out, true
}
