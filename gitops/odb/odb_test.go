package odb_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// history makes a repository whose files change a little in every commit,
// so a repack produces real delta chains.
func history(t *testing.T, commits int) *gittest.Repo {
	r := gittest.New(t)
	var body strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&body, "line %d of a long file\n", i)
	}
	text := body.String()
	for i := 0; i < commits; i++ {
		text = strings.Replace(text, fmt.Sprintf("line %d ", i*7%200), fmt.Sprintf("LINE %d ", i), 1)
		r.Write("big.txt", text)
		r.Write(fmt.Sprintf("dir%d/f.txt", i%5), fmt.Sprintf("content %d\n", i))
		r.Commit(fmt.Sprintf("commit %d", i))
	}
	r.Tag("v1", "HEAD~2", "annotated tag")
	return r
}

type gitObject struct {
	typ  string
	body []byte
}

// allObjects asks git for every object in the repository.
func allObjects(t *testing.T, r *gittest.Repo) map[oid.ID]gitObject {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch-all-objects", "--batch", "--unordered")
	cmd.Dir = r.Dir
	cmd.Env = r.Environ()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	objs := map[oid.ID]gitObject{}
	br := bufio.NewReader(bytes.NewReader(out))
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF {
			break
		}
		f := strings.Fields(line)
		id, _ := oid.FromHex(f[0])
		size, _ := strconv.Atoi(f[2])
		body := make([]byte, size+1)
		if _, err := io.ReadFull(br, body); err != nil {
			t.Fatal(err)
		}
		objs[id] = gitObject{f[1], body[:size]}
	}
	return objs
}

func checkAll(t *testing.T, r *gittest.Repo, objects string, want map[oid.ID]gitObject) {
	t.Helper()
	db, err := odb.Open(objects, odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id, o := range want {
		typ, body, err := db.Read(id)
		if err != nil {
			t.Fatalf("read %s: %v", id, err)
		}
		if typ.String() != o.typ || !bytes.Equal(body, o.body) {
			t.Fatalf("%s: got %s %d bytes, git says %s %d bytes", id, typ, len(body), o.typ, len(o.body))
		}
		ht, size, err := db.Header(id)
		if err != nil || ht != typ || size != int64(len(body)) {
			t.Fatalf("header %s: %v %d %v", id, ht, size, err)
		}
		if !db.Has(id) {
			t.Fatalf("Has(%s) false", id)
		}
	}
	// Again, sharing: bases cached by the reads above come back as they
	// are, and must still be what git says.
	for id, o := range want {
		typ, body, err := db.ReadShared(id)
		if err != nil || typ.String() != o.typ || !bytes.Equal(body, o.body) {
			t.Fatalf("shared read %s: got %s %d bytes (%v), git says %s %d bytes", id, typ, len(body), err, o.typ, len(o.body))
		}
	}
	// ReadInto on a fresh database, one buffer for every read: each
	// object as git says, and the base cache filled meanwhile untouched
	// by the buffer's reuse (read again afterwards).
	fresh, err := odb.Open(objects, odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	var buf []byte
	for range 2 {
		for id, o := range want {
			typ, body, err := fresh.ReadInto(id, &buf)
			if err != nil || typ.String() != o.typ || !bytes.Equal(body, o.body) {
				t.Fatalf("read into a buffer %s: got %s %d bytes (%v), git says %s %d bytes", id, typ, len(body), err, o.typ, len(o.body))
			}
		}
		for id, o := range want {
			typ, body, err := fresh.ReadShared(id)
			if err != nil || typ.String() != o.typ || !bytes.Equal(body, o.body) {
				t.Fatalf("shared read after reads into a buffer %s: got %s %d bytes (%v), git says %s %d bytes", id, typ, len(body), err, o.typ, len(o.body))
			}
		}
	}
}

func TestLooseAndPacked(t *testing.T) {
	r := history(t, 30)
	want := allObjects(t, r)
	objects := filepath.Join(r.Dir, ".git", "objects")
	t.Run("loose", func(t *testing.T) { checkAll(t, r, objects, want) })
	r.Git("repack", "-adf", "--depth=50", "--window=50")
	t.Run("packed-deltas", func(t *testing.T) { checkAll(t, r, objects, want) })
	r.Git("repack", "-adf", "--depth=50", "--window=50", "-F")
	t.Run("ofs-deltas", func(t *testing.T) { checkAll(t, r, objects, want) })
	// ref-deltas: pack without --delta-base-offset through pack-objects.
	ids := r.Git("rev-list", "--objects", "--all")
	var list bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(ids), "\n") {
		list.WriteString(strings.Fields(line)[0] + "\n")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "objects", "pack"), 0o755)
	r.GitIn(list.Bytes(), "pack-objects", "--window=50", "--depth=50", filepath.Join(dir, "objects", "pack", "pack"))
	t.Run("ref-deltas", func(t *testing.T) { checkAll(t, r, filepath.Join(dir, "objects"), want) })
}

func TestAlternates(t *testing.T) {
	r := history(t, 8)
	r.Git("gc", "-q")
	clone := t.TempDir() + "/clone"
	r.Git("clone", "-q", "--shared", r.Dir, clone)
	// a new loose object in the clone only
	cmd := exec.Command("git", "hash-object", "-w", "--stdin")
	cmd.Dir, cmd.Env, cmd.Stdin = clone, r.Environ(), strings.NewReader("only in clone\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := allObjects(t, r)
	id, _ := oid.FromHex(strings.TrimSpace(string(out)))
	want[id] = gitObject{"blob", []byte("only in clone\n")}
	checkAll(t, r, filepath.Join(clone, ".git", "objects"), want)
}

func TestNotFoundAndCorrupt(t *testing.T) {
	r := history(t, 3)
	objects := filepath.Join(r.Dir, ".git", "objects")
	db, err := odb.Open(objects, odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	missing, _ := oid.FromHex(strings.Repeat("ab", 20))
	if _, _, err := db.Read(missing); !errors.Is(err, odb.ErrNotFound) {
		t.Fatalf("missing object: %v", err)
	}
	if db.Has(missing) {
		t.Fatal("Has(missing) true")
	}
	// truncate a loose object
	head := r.Rev("HEAD")
	path := filepath.Join(objects, head[:2], head[2:])
	raw, _ := os.ReadFile(path)
	os.Chmod(path, 0o644)
	if err := os.WriteFile(path, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	id, _ := oid.FromHex(head)
	_, _, err = db.Read(id)
	if err == nil || !strings.Contains(err.Error(), "corrupt") || !strings.Contains(err.Error(), "git fsck") {
		t.Fatalf("truncated loose object: %v", err)
	}
}

func TestMissingPack(t *testing.T) {
	r := history(t, 3)
	r.Git("gc", "-q")
	head := r.Rev("HEAD")
	objects := filepath.Join(r.Dir, ".git", "objects")
	packs, _ := filepath.Glob(filepath.Join(objects, "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs: %v", packs)
	}
	os.Remove(packs[0])
	db, err := odb.Open(objects, odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := oid.FromHex(head)
	_, _, err = db.Read(id)
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("missing pack: %v", err)
	}
}

func TestAbbrevAndPrefix(t *testing.T) {
	r := history(t, 20)
	r.Git("gc", "-q")
	db, err := odb.Open(filepath.Join(r.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.Git("log", "--all", "--format=%H %h")), "\n") {
		f := strings.Fields(line)
		id, _ := oid.FromHex(f[0])
		if got := db.Abbrev(id, db.DefaultAbbrev()); got != f[1] {
			t.Errorf("Abbrev(%s) = %s, git %s", f[0], got, f[1])
		}
		if got, err := db.ResolvePrefix(f[1]); err != nil || got != id {
			t.Errorf("ResolvePrefix(%s) = %s, %v", f[1], got, err)
		}
	}
}
