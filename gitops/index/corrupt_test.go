package index_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/index"
)

// rechecksum returns b with a correct trailing SHA-1.
func rechecksum(b []byte) []byte {
	b = slices.Clone(b)
	sum := sha1.Sum(b[:len(b)-20])
	copy(b[len(b)-20:], sum[:])
	return b
}

// withExtension inserts an extension just before the checksum.
func withExtension(b []byte, sig string, body []byte) []byte {
	out := slices.Clone(b[:len(b)-20])
	out = append(out, sig...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(body)))
	out = append(out, body...)
	return rechecksum(append(out, make([]byte, 20)...))
}

// patched returns a copy of b with f applied and the checksum fixed.
func patched(b []byte, f func(b []byte)) []byte {
	b = slices.Clone(b)
	f(b)
	return rechecksum(b)
}

func TestReadCorrupt(t *testing.T) {
	r := basicRepo(t)
	r.Git("update-index", "--skip-worktree", "README") // version 3
	valid, err := os.ReadFile(indexPath(r))
	if err != nil {
		t.Fatal(err)
	}
	nameAt := func(name string) int {
		i := bytes.Index(valid, []byte(name+"\x00"))
		if i < 0 {
			t.Fatalf("%q not in index", name)
		}
		return i
	}
	flipped := slices.Clone(valid)
	flipped[nameAt("src/main.go")] ^= 1

	cases := []struct {
		name     string
		data     []byte
		want     error  // nil: reads fine
		detail   string // expected in the message
		gitOK    bool   // git ls-files accepts it too (false: git refuses it)
		fsck     bool   // git ls-files accepts it but git fsck refuses it
		fsckSays string // fsck's reason
		noGit    bool   // git's behaviour is not a useful oracle here
		ext      string // an extension Read must list
	}{
		{name: "empty file", data: nil, want: index.ErrCorrupt, detail: "truncated"},
		{name: "header only", data: valid[:12], want: index.ErrCorrupt, detail: "truncated"},
		{name: "cut in entries", data: valid[:100], want: index.ErrCorrupt, detail: "bad checksum", noGit: true},
		{name: "last byte missing", data: valid[:len(valid)-1], want: index.ErrCorrupt, detail: "bad checksum", noGit: true},
		{name: "flipped byte", data: flipped, want: index.ErrCorrupt, detail: "bad checksum", fsck: true, fsckSays: "bad index file sha1 signature"},
		{name: "bad signature", data: patched(valid, func(b []byte) { b[3] = 'D' }),
			want: index.ErrCorrupt, detail: `bad signature "DIRD"`},
		{name: "version 5", data: patched(valid, func(b []byte) { b[7] = 5 }),
			want: index.ErrUnsupported, detail: "version 5"},
		{name: "version 1", data: patched(valid, func(b []byte) { b[7] = 1 }),
			want: index.ErrUnsupported, detail: "version 1"},
		{name: "too many entries", data: patched(valid, func(b []byte) { binary.BigEndian.PutUint32(b[8:], 1000) }),
			want: index.ErrCorrupt, detail: "announces 1000 entries", noGit: true},
		{name: "cut in extensions", data: rechecksum(append(slices.Clone(valid[:len(valid)-40]), make([]byte, 20)...)),
			want: index.ErrCorrupt, detail: `extension "TREE"`, noGit: true},
		{name: "required extension", data: withExtension(valid, "abcd", []byte("xyz")),
			want: index.ErrUnsupported, detail: `required extension "abcd"`},
		{name: "optional extension", data: withExtension(valid, "ZZZZ", []byte("xyz")), gitOK: true, ext: "ZZZZ"},
		{name: "extension overrun", data: patched(withExtension(valid, "ZZZZ", []byte("xyz")), func(b []byte) {
			binary.BigEndian.PutUint32(b[len(b)-20-3-4:], 4)
		}), want: index.ErrCorrupt, detail: `extension "ZZZZ" announces 4 bytes, 3 remain`, noGit: true},
		{name: "skipHash trailer", data: append(slices.Clone(valid[:len(valid)-20]), make([]byte, 20)...), gitOK: true},
		{name: "skipHash trailer, bad signature", data: append(append([]byte("XIRC"), valid[4:len(valid)-20]...), make([]byte, 20)...),
			want: index.ErrCorrupt, detail: "bad signature"},
		{name: "entries out of order", data: patched(valid, func(b []byte) {
			b[nameAt("src/lib/a.go")+8], b[nameAt("src/lib/b.go")+8] = 'b', 'a'
		}), want: index.ErrCorrupt, detail: `out of order: "src/lib/b.go" before "src/lib/a.go"`, fsck: true,
			fsckSays: "unordered stage entries in index"},
		{name: "duplicate entry", data: patched(valid, func(b []byte) { b[nameAt("src/lib/b.go")+8] = 'a' }),
			want: index.ErrCorrupt, detail: `"src/lib/a.go" appears twice`, fsck: true,
			fsckSays: "multiple stage entries for merged file"},
		{name: "unknown entry flag", data: patched(valid, func(b []byte) { b[nameAt("README")-2] |= 0x08 }),
			want: index.ErrUnsupported, detail: "unknown extended flags 0x4800"},
		{name: "name length mismatch", data: patched(valid, func(b []byte) { b[nameAt("README")-3]-- }),
			want: index.ErrCorrupt, detail: "path is longer than its flags say", noGit: true},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			ix, err := index.Read(path)
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("Read: %v", err)
			case c.want == nil:
				checkEntriesOf(t, ix, valid)
				if c.ext != "" && !slices.Contains(ix.Extensions, c.ext) {
					t.Errorf("Extensions = %v, want %s", ix.Extensions, c.ext)
				}
			case !errors.Is(err, c.want):
				t.Fatalf("Read error = %v, want %v", err, c.want)
			default:
				msg := err.Error()
				var fe *index.FormatError
				if !errors.As(err, &fe) || fe.Path != path || !strings.HasPrefix(msg, path+": ") ||
					!strings.Contains(msg, c.detail) || strings.Contains(msg, "\n") {
					t.Errorf("error %q: want one line naming %s and saying %q", msg, path, c.detail)
				}
			}
			if c.noGit {
				return
			}
			if err := os.WriteFile(indexPath(r), c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, gitErr := r.GitErr("ls-files")
			if (gitErr == nil) != (c.want == nil || c.gitOK || c.fsck) {
				t.Errorf("git ls-files: %v; reef: %v", gitErr, err)
			}
			if c.fsck {
				_, err := r.GitErr("fsck", "--no-dangling")
				if err == nil || !strings.Contains(err.Error(), c.fsckSays) {
					t.Errorf("git fsck: %v, want %q", err, c.fsckSays)
				}
			}
		})
	}
}

// checkEntriesOf checks that ix holds the entries of the valid index.
func checkEntriesOf(t *testing.T, ix *index.Index, valid []byte) {
	t.Helper()
	if n := binary.BigEndian.Uint32(valid[8:]); len(ix.Entries) != int(n) {
		t.Errorf("%d entries, want %d", len(ix.Entries), n)
	}
	if !slices.Contains(ix.Extensions, "TREE") || ix.Tree == nil {
		t.Errorf("Extensions = %v, cache tree %v", ix.Extensions, ix.Tree != nil)
	}
}

func TestReadDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := index.Read(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("Read(dir) = %v, want an error", err)
	}
}

// TestReadV4FirstStrip: the first v4 entry has no previous path, so git
// ignores how many bytes it says to strip from it.
func TestReadV4FirstStrip(t *testing.T) {
	r := gittest.New(t)
	r.Write("alpha", "a").Write("beta", "b")
	r.Commit("init")
	r.Git("update-index", "--index-version", "4")
	b, err := os.ReadFile(indexPath(r))
	if err != nil {
		t.Fatal(err)
	}
	const firstVarint = 12 + 62 // header, then the first entry's fixed part
	if b[firstVarint] != 0 || string(b[firstVarint+1:firstVarint+7]) != "alpha\x00" {
		t.Fatalf("unexpected layout %q", b[firstVarint:firstVarint+7])
	}
	b = patched(b, func(b []byte) { b[firstVarint] = 5 })
	if err := os.WriteFile(indexPath(r), b, 0o644); err != nil {
		t.Fatal(err)
	}
	checkEntries(t, r, readIndex(t, r))
}
