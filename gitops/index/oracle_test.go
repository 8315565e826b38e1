package index_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/index"
	"reef/gitops/oid"
)

// In-memory ce_flags bits `git ls-files --debug` prints.
const (
	gitFlagValid        = 0x8000
	gitFlagStageMask    = 0x3000
	gitFlagSkipWorktree = 1 << 30
	gitFlagIntentToAdd  = 1 << 29
)

// gitEntry is one entry as `git ls-files -s --debug -z` shows it.
type gitEntry struct {
	Mode                                     uint32
	ID                                       oid.ID
	Stage                                    int
	Path                                     string
	CtimeSec, CtimeNsec, MtimeSec, MtimeNsec uint32
	Dev, Ino, UID, GID, Size, Flags          uint32
}

// lsFiles asks git for every entry with its stat data and flags.
func lsFiles(t testing.TB, r *gittest.Repo, extra ...string) []gitEntry {
	t.Helper()
	out := r.Git(append([]string{"ls-files", "-s", "--debug", "-z"}, extra...)...)
	var entries []gitEntry
	for out != "" {
		head, rest, ok := strings.Cut(out, "\x00")
		if !ok {
			t.Fatalf("ls-files: no NUL after %q", out)
		}
		var e gitEntry
		meta, path, _ := strings.Cut(head, "\t")
		f := strings.Fields(meta)
		if len(f) != 3 {
			t.Fatalf("ls-files: bad line %q", head)
		}
		e.Mode = uint32(parseUint(t, f[0], 8))
		e.ID = mustID(t, f[1])
		e.Stage = int(parseUint(t, f[2], 10))
		e.Path = path
		lines := strings.SplitAfterN(rest, "\n", 6)
		if len(lines) < 5 {
			t.Fatalf("ls-files: short debug block %q", rest)
		}
		debug := strings.Join(lines[:5], "")
		_, err := fmt.Sscanf(debug,
			"  ctime: %d:%d\n  mtime: %d:%d\n  dev: %d\tino: %d\n  uid: %d\tgid: %d\n  size: %d\tflags: %x\n",
			&e.CtimeSec, &e.CtimeNsec, &e.MtimeSec, &e.MtimeNsec, &e.Dev, &e.Ino, &e.UID, &e.GID, &e.Size, &e.Flags)
		if err != nil {
			t.Fatalf("ls-files: debug block %q: %v", debug, err)
		}
		entries = append(entries, e)
		out = ""
		if len(lines) == 6 {
			out = lines[5]
		}
	}
	return entries
}

func parseUint(t testing.TB, s string, base int) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(s, base, 32)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustID(t testing.TB, s string) oid.ID {
	t.Helper()
	id, err := oid.FromHex(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return id
}

// pathID resolves rev:path (gittest.Repo.Rev would read "^{object}" as part
// of the path).
func pathID(t testing.TB, r *gittest.Repo, spec string) oid.ID {
	t.Helper()
	return mustID(t, r.Git("rev-parse", "--verify", spec))
}

func indexPath(r *gittest.Repo) string { return filepath.Join(r.Dir, ".git", "index") }

// readIndex reads the repository's index, failing the test on error.
func readIndex(t testing.TB, r *gittest.Repo) *index.Index {
	t.Helper()
	ix, err := index.Read(indexPath(r))
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// checkEntries compares every field of ix's entries with git's view.
func checkEntries(t testing.TB, r *gittest.Repo, ix *index.Index, extra ...string) {
	t.Helper()
	want := lsFiles(t, r, extra...)
	if len(ix.Entries) != len(want) {
		t.Fatalf("%d entries, git shows %d", len(ix.Entries), len(want))
	}
	for i, w := range want {
		e := ix.Entries[i]
		got := gitEntry{
			Mode: e.Mode, ID: e.ID, Stage: e.Stage, Path: e.Path,
			CtimeSec: e.CtimeSec, CtimeNsec: e.CtimeNsec, MtimeSec: e.MtimeSec, MtimeNsec: e.MtimeNsec,
			Dev: e.Dev, Ino: e.Ino, UID: e.UID, GID: e.GID, Size: e.Size,
			Flags: uint32(e.Stage) << 12,
		}
		if e.AssumeValid {
			got.Flags |= gitFlagValid
		}
		if e.SkipWorktree {
			got.Flags |= gitFlagSkipWorktree
		}
		if e.IntentToAdd {
			got.Flags |= gitFlagIntentToAdd
		}
		w.Flags &= gitFlagValid | gitFlagStageMask | gitFlagSkipWorktree | gitFlagIntentToAdd
		if got != w {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
}

// entryFor returns the stage-0 entry for path, failing the test if absent.
func entryFor(t testing.TB, ix *index.Index, path string) index.Entry {
	t.Helper()
	i, ok := ix.Find(path)
	if !ok || ix.Entries[i].Stage != 0 {
		t.Fatalf("no stage-0 entry for %q", path)
	}
	return ix.Entries[i]
}
