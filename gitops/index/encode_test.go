package index_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"reef/gitops/gittest"
	"reef/gitops/index"
	"reef/gitops/oid"
)

// encodeBytes encodes ix, failing the test on error.
func encodeBytes(t *testing.T, ix *index.Index) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := index.Encode(&buf, ix); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// firstDiff describes where two files part, for failure messages.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return "first difference at byte " + strconv.Itoa(i) + " of " + strconv.Itoa(len(a)) + "/" + strconv.Itoa(len(b))
}

// TestEncodeRoundTrip: for indexes git wrote with only the extensions reef
// keeps, Read then Encode gives git's bytes back.
func TestEncodeRoundTrip(t *testing.T) {
	cases := map[string]func(t *testing.T) *gittest.Repo{
		"v2 without cache tree": func(t *testing.T) *gittest.Repo {
			r := gittest.New(t)
			r.Write("a", "a").Write("b/c", "c")
			r.Git("add", "-A")
			return r
		},
		"v2 after commit": basicRepo,
		"v2 invalidated cache tree": func(t *testing.T) *gittest.Repo {
			r := basicRepo(t)
			r.Write("src/lib/a.go", "changed\n")
			r.Git("add", "src/lib/a.go")
			return r
		},
		"v2 after read-tree": func(t *testing.T) *gittest.Repo {
			r := basicRepo(t)
			r.Git("read-tree", "HEAD")
			return r
		},
		"v3 intent-to-add": func(t *testing.T) *gittest.Repo {
			r := basicRepo(t)
			r.Write("new", "new\n")
			r.Git("add", "-N", "new")
			return r
		},
		"v3 skip-worktree": func(t *testing.T) *gittest.Repo {
			r := basicRepo(t)
			r.Git("update-index", "--skip-worktree", "README")
			return r
		},
		"v4": func(t *testing.T) *gittest.Repo {
			r := basicRepo(t)
			for _, p := range []string{"src/lib/deep/er/x.go", "src/lib/deep/y.go", "src/lib/deeper.go", "src/m"} {
				r.Write(p, p)
			}
			r.Commit("more")
			r.Write("ita", "x")
			r.Git("add", "-N", "ita")
			r.Git("update-index", "--index-version", "4")
			return r
		},
		"conflict": conflictRepo,
		"resolve undo": func(t *testing.T) *gittest.Repo {
			r := conflictRepo(t)
			r.Write("f", "resolved\n")
			r.Git("add", "f", "del")
			return r
		},
		"resolve undo v4": func(t *testing.T) *gittest.Repo {
			r := conflictRepo(t)
			r.Git("update-index", "--index-version", "4")
			r.Git("add", "f", "new")
			return r
		},
		"empty resolve undo": func(t *testing.T) *gittest.Repo {
			r := conflictRepo(t)
			r.Git("add", "f")
			r.Git("checkout", "-m", "--", "f") // recreates the conflict, empties the record
			return r
		},
		"submodule": func(t *testing.T) *gittest.Repo {
			sub := gittest.New(t)
			sub.Write("lib.txt", "lib")
			sub.Commit("lib")
			r := gittest.New(t)
			r.Write("top", "top")
			r.Commit("top")
			r.Git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.Dir, "vendor/lib")
			return r
		},
		"long paths": func(t *testing.T) *gittest.Repo {
			r := gittest.New(t)
			blob := blobs(t, r, "x")[0].String()
			for i, n := range []int{4094, 4095, 4096, 5000} {
				r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+","+longPath(byte('a'+i), n))
			}
			return r
		},
		"long paths v4": func(t *testing.T) *gittest.Repo {
			r := gittest.New(t)
			blob := blobs(t, r, "x")[0].String()
			for i, n := range []int{4094, 4095, 4096, 5000} {
				r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+","+longPath(byte('a'+i), n))
			}
			r.Git("update-index", "--add", "--cacheinfo", "100644,"+blob+",short")
			r.Git("update-index", "--skip-worktree", "short")
			r.Git("update-index", "--index-version", "4")
			return r
		},
		"empty": func(t *testing.T) *gittest.Repo {
			r := gittest.New(t)
			r.Git("read-tree", "--empty")
			return r
		},
	}
	for name, setup := range cases {
		t.Run(name, func(t *testing.T) {
			r := setup(t)
			settle(t, r)
			want := readBytes(t, indexPath(r))
			ix := readIndex(t, r)
			for _, ext := range ix.Extensions {
				if ext != "TREE" && ext != "REUC" {
					t.Fatalf("git wrote %s; the round trip only holds for TREE and REUC", ext)
				}
			}
			if name == "empty resolve undo" && (ix.ResolveUndo == nil || len(ix.ResolveUndo) != 0) {
				t.Fatalf("ResolveUndo = %#v, want an empty list (Extensions %v)", ix.ResolveUndo, ix.Extensions)
			}
			if got := encodeBytes(t, ix); !bytes.Equal(got, want) {
				t.Errorf("Encode differs from git's index: %s", firstDiff(got, want))
			}
		})
	}
}

// TestEncodeDropsRebuiltExtensions: UNTR, FSMN, EOIE and IEOT are dropped,
// giving what git writes once those features are off, and git still works.
func TestEncodeDropsRebuiltExtensions(t *testing.T) {
	r := basicRepo(t)
	hook := r.Home + "/fsmonitor.sh"
	if err := os.WriteFile(hook, []byte("#!/bin/sh\nprintf 'token\\0/\\0'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.Git("config", "core.fsmonitor", hook)
	r.Git("config", "core.untrackedCache", "true")
	r.Git("config", "index.threads", "4")
	r.Git("config", "index.recordEndOfIndexEntries", "true")
	r.Git("config", "index.recordOffsetTable", "true")
	r.Write("untracked", "u")
	r.Git("status", "--porcelain")
	r.Git("status", "--porcelain")
	settle(t, r)
	ix := readIndex(t, r)
	for _, ext := range []string{"UNTR", "FSMN", "EOIE", "TREE"} {
		if !slices.Contains(ix.Extensions, ext) {
			t.Fatalf("setup: Extensions = %v, want %s", ix.Extensions, ext)
		}
	}
	got := encodeBytes(t, ix)

	g := twin(t, r)
	g.Git("-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "-c", "index.threads=1",
		"-c", "index.recordEndOfIndexEntries=false", "-c", "index.recordOffsetTable=false",
		"update-index", "--force-write-index")
	if want := readBytes(t, indexPath(g)); !bytes.Equal(got, want) {
		t.Errorf("Encode differs from git's index without those extensions: %s", firstDiff(got, want))
	}
	if err := os.WriteFile(indexPath(r), got, 0o644); err != nil {
		t.Fatal(err)
	}
	if st := r.Git("status", "--porcelain"); st != "?? untracked\n" {
		t.Errorf("git status after the rewrite = %q", st)
	}
	r.Git("fsck", "--no-progress", "--no-dangling")
}

// withExtensions replaces the extensions of an index file that has none
// with exts (each a signature and body) and fixes the checksum.
func withExtensions(data []byte, exts ...string) []byte {
	out := slices.Clone(data[:len(data)-oid.Size])
	for _, e := range exts {
		out = append(out, e[:4]...)
		out = binary.BigEndian.AppendUint32(out, uint32(len(e)-4))
		out = append(out, e[4:]...)
	}
	sum := sha1.Sum(out)
	return append(out, sum[:]...)
}

// TestEncodeNormalisesLikeGit: a cache tree whose subtrees are out of order
// and resolve-undo records out of order or repeated (as another tool might
// write them) come out as git writes them after reading them.
func TestEncodeNormalisesLikeGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("a/x", "x").Write("bb/y", "y").Write("c", "c").Write("m", "m").Write("z", "z")
	r.Git("add", "-A")
	plain := readBytes(t, indexPath(r))
	id := strings.Repeat("\x11", oid.Size)
	id2 := strings.Repeat("\x22", oid.Size)
	tree := "TREE" + "\x00-1 2\n" + "bb\x00-1 0\n" + "a\x00-1 0\n"
	reuc := "REUC" +
		"z\x00100644\x000\x000\x00" + id +
		"m\x00100644\x000\x000\x00" + id +
		"m\x000\x00100755\x00100644\x00" + id + id2
	if err := os.WriteFile(indexPath(r), withExtensions(plain, tree, reuc), 0o644); err != nil {
		t.Fatal(err)
	}
	settle(t, r)
	got := encodeBytes(t, readIndex(t, r))
	g := twin(t, r)
	g.Git("update-index", "--force-write-index")
	if want := readBytes(t, indexPath(g)); !bytes.Equal(got, want) {
		t.Errorf("Encode differs from git's rewrite: %s", firstDiff(got, want))
	}
}

// TestEncodeRefuses: what git could not write or read back is an error.
func TestEncodeRefuses(t *testing.T) {
	r := basicRepo(t)
	for name, change := range map[string]func(ix *index.Index){
		"zero id":      func(ix *index.Index) { ix.Entries[0].ID = oid.Zero },
		"out of order": func(ix *index.Index) { ix.Entries[0], ix.Entries[1] = ix.Entries[1], ix.Entries[0] },
		"duplicate":    func(ix *index.Index) { ix.Entries[1].Path = ix.Entries[0].Path },
		"stage 0 and 2": func(ix *index.Index) {
			ix.Entries[1].Path, ix.Entries[1].Stage = ix.Entries[0].Path, 2
		},
		"NUL in path": func(ix *index.Index) { ix.Entries[0].Path = "a\x00" },
		"version 5":   func(ix *index.Index) { ix.Version = 5 },
		"split":       func(ix *index.Index) { ix.Split = true },
		"sparse":      func(ix *index.Index) { ix.Sparse = true },
	} {
		ix := readIndex(t, r)
		change(ix)
		if err := index.Encode(&bytes.Buffer{}, ix); err == nil {
			t.Errorf("%s: Encode succeeded", name)
		}
	}
}

// TestEncodeVersions: version 0 is written as 2, and 2 becomes 3 when an
// entry needs extended flags; git reads back what it would have written.
func TestEncodeVersions(t *testing.T) {
	r := gittest.New(t)
	r.Write("a", "x").Write("b", "x")
	id := blobs(t, r, "x")[0]
	ix := &index.Index{}
	ix.Add(index.Entry{Path: "a", Mode: index.ModeRegular, ID: id})
	b := encodeBytes(t, ix)
	if v := binary.BigEndian.Uint32(b[4:]); v != 2 {
		t.Errorf("version %d, want 2", v)
	}
	e := index.Entry{Path: "b", Mode: index.ModeRegular, ID: id, IntentToAdd: true}
	ix.Add(e)
	b = encodeBytes(t, ix)
	if v := binary.BigEndian.Uint32(b[4:]); v != 3 {
		t.Errorf("version %d, want 3", v)
	}
	if err := os.WriteFile(indexPath(r), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := r.Git("status", "--porcelain"); got != "A  a\n A b\n" {
		t.Errorf("git status = %q, want a added and b intent-to-add", got)
	}
}

// TestEncodeSmudgesRacyEntries: every entry not older than the index file
// read gets size 0, except entries Add set, gitlinks and empty files.
func TestEncodeSmudgesRacyEntries(t *testing.T) {
	r := basicRepo(t)
	r.Write("empty", "")
	r.Git("add", "empty")
	r.Git("update-index", "--add", "--cacheinfo", "160000,"+r.Rev("HEAD")+",sub")
	ix := readIndex(t, r)
	id := blobs(t, r, "fresh\n")[0]
	ix.Add(index.Entry{Path: "src/main.go", Mode: index.ModeRegular, ID: id, MtimeSec: uint32(time.Now().Unix()), Size: 6})
	ix.ModTime = time.Unix(1000, 0) // every entry with stat data is newer
	var buf bytes.Buffer
	if err := index.Encode(&buf, ix); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(indexPath(r), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, e := range readIndex(t, r).Entries {
		want := uint32(0)
		switch e.Path {
		case "src/main.go":
			want = 6
		case "sub", "empty":
			want = e.Size
		}
		if e.Size != want {
			t.Errorf("%s: size %d, want %d", e.Path, e.Size, want)
		}
	}
	// Smudged entries are compared by content: git still sees them clean.
	// (sub has no work tree; src/main.go's staged blob is not the file's.)
	if got := r.Git("status", "--porcelain", "--untracked-files=no"); got != "A  empty\nMM src/main.go\nAD sub\n" {
		t.Errorf("git status = %q", got)
	}
}

// TestEncodeChecksCacheTree: entries inserted by hand, bypassing Add, leave
// the cache tree claiming the old contents; Encode invalidates the nodes
// whose entry count no longer matches, so git cannot commit a stale tree.
func TestEncodeChecksCacheTree(t *testing.T) {
	r := basicRepo(t)
	r.Write("docs/a", "a")
	r.Commit("docs")
	ix := readIndex(t, r)
	e := index.Entry{Path: "src/lib/c.go", Mode: index.ModeRegular, ID: blobs(t, r, "c\n")[0]}
	i, _ := ix.Find(e.Path)
	ix.Entries = slices.Insert(ix.Entries, i, e)
	if err := os.WriteFile(indexPath(r), encodeBytes(t, ix), 0o644); err != nil {
		t.Fatal(err)
	}
	checkCacheTree(t, r, readIndex(t, r), "HEAD", "", "src", "src/lib")
	tree := strings.TrimSpace(r.Git("write-tree"))
	if got := r.Git("ls-tree", "-r", "--name-only", tree, "src/lib"); !strings.Contains(got, "src/lib/c.go") {
		t.Errorf("write-tree used the stale cache tree: %q", got)
	}
}
