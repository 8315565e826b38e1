package odb_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

func openDB(t *testing.T, r *gittest.Repo) *odb.DB {
	t.Helper()
	db, err := odb.Open(filepath.Join(r.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// looseFiles lists the files under objects/xx/ (loose objects and any
// temporary file left behind).
func looseFiles(t *testing.T, r *gittest.Repo) []string {
	t.Helper()
	var out []string
	root := filepath.Join(r.Dir, ".git", "objects")
	dirs, _ := os.ReadDir(root)
	for _, d := range dirs {
		if len(d.Name()) != 2 || !d.IsDir() {
			continue
		}
		ents, _ := os.ReadDir(filepath.Join(root, d.Name()))
		for _, e := range ents {
			out = append(out, d.Name()+"/"+e.Name())
		}
	}
	return out
}

func TestHashObjectMatchesGit(t *testing.T) {
	r := gittest.New(t)
	r.Write("f.txt", "hello\n").Commit("one")
	_, tree, err := openDB(t, r).Read(mustHex(t, r.Rev("HEAD^{tree}")))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		typ  odb.Type
		data []byte
	}{
		{odb.Blob, nil},
		{odb.Blob, []byte("hello\n")},
		{odb.Blob, bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000)},
		{odb.Tree, tree},
		{odb.Commit, []byte("tree " + r.Rev("HEAD^{tree}") + "\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nm\n")},
		{odb.Tag, []byte("object " + r.Rev("HEAD") + "\ntype commit\ntag v\ntagger A <a@b> 1 +0000\n\nt\n")},
	}
	for _, c := range cases {
		want := strings.TrimSpace(r.GitIn(c.data, "hash-object", "-t", c.typ.String(), "--stdin"))
		if got := odb.HashObject(c.typ, c.data).String(); got != want {
			t.Errorf("HashObject(%s, %d bytes) = %s, git says %s", c.typ, len(c.data), got, want)
		}
	}
}

func mustHex(t *testing.T, s string) oid.ID {
	t.Helper()
	id, err := oid.FromHex(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestWriteIsReadByGit(t *testing.T) {
	r := gittest.New(t)
	db := openDB(t, r)
	blob := []byte("line one\r\nline two\x00binary\n")
	missing := odb.HashObject(odb.Blob, blob)
	if db.Has(missing) {
		t.Fatal("object present before it was written")
	}
	if _, _, err := db.Read(missing); err == nil {
		t.Fatal("Read found an object never written")
	}
	id, err := db.Write(odb.Blob, blob)
	if err != nil {
		t.Fatal(err)
	}
	if id != missing {
		t.Fatalf("Write returned %s, HashObject %s", id, missing)
	}
	// The failed lookups above must not hide the object now.
	typ, got, err := db.Read(id)
	if err != nil || typ != odb.Blob || !bytes.Equal(got, blob) {
		t.Fatalf("Read after Write = %v %q %v", typ, got, err)
	}
	if !db.Has(id) {
		t.Fatal("Has after Write is false")
	}
	if found, err := db.ResolvePrefix(id.String()[:8]); err != nil || found != id {
		t.Fatalf("ResolvePrefix after Write = %s, %v", found, err)
	}
	if out := r.Git("cat-file", "-p", id.String()); out != string(blob) {
		t.Fatalf("git cat-file -p = %q, wrote %q", out, blob)
	}
	tree := append([]byte("100644 f.txt\x00"), id[:]...)
	tid, err := db.Write(odb.Tree, tree)
	if err != nil {
		t.Fatal(err)
	}
	commit := []byte("tree " + tid.String() + "\nauthor Ada Lovelace <ada@example.com> 1700000000 +0000\n" +
		"committer Ada Lovelace <ada@example.com> 1700000000 +0000\n\nWritten by reef\n")
	cid, err := db.Write(odb.Commit, commit)
	if err != nil {
		t.Fatal(err)
	}
	if out := r.Git("cat-file", "commit", cid.String()); out != string(commit) {
		t.Fatalf("git cat-file commit = %q", out)
	}
	if out := r.Git("ls-tree", cid.String()); out != "100644 blob "+id.String()+"\tf.txt\n" {
		t.Fatalf("git ls-tree = %q", out)
	}
	r.Git("update-ref", "refs/heads/main", cid.String())
	r.Git("fsck", "--strict", "--no-dangling")
	st, err := os.Stat(filepath.Join(r.Dir, ".git", "objects", id.String()[:2], id.String()[2:]))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o444 {
		t.Errorf("loose object mode %v, git writes 0444", st.Mode().Perm())
	}
	for _, f := range looseFiles(t, r) {
		if strings.Contains(f, "tmp_obj_") {
			t.Errorf("temporary file left behind: %s", f)
		}
	}
}

func TestWriteSkipsExistingObjects(t *testing.T) {
	r := gittest.New(t)
	r.Write("a.txt", "packed content\n").Commit("one")
	r.Git("gc", "-q", "--prune=now")
	if n := len(looseFiles(t, r)); n != 0 {
		t.Fatalf("%d loose files after gc", n)
	}
	db := openDB(t, r)
	id, err := db.Write(odb.Blob, []byte("packed content\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(r.Git("rev-parse", "HEAD:a.txt")); id.String() != want {
		t.Fatalf("id %s, git %s", id, want)
	}
	if files := looseFiles(t, r); len(files) != 0 {
		t.Fatalf("a packed object was written again as %v", files)
	}

	// Loose already: the file is kept (its inode too), not rewritten.
	id2, err := db.Write(odb.Blob, []byte("loose\n"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(r.Dir, ".git", "objects", id2.String()[:2], id2.String()[2:])
	before, _ := os.Stat(path)
	if _, err := db.Write(odb.Blob, []byte("loose\n")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if !os.SameFile(before, after) {
		t.Fatal("an existing loose object was replaced")
	}

	// In an alternate: the borrowing repository gets no copy.
	clone := gittest.New(t)
	alt := filepath.Join(r.Dir, ".git", "objects")
	if err := os.WriteFile(filepath.Join(clone.Dir, ".git", "objects", "info", "alternates"), []byte(alt+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cdb := openDB(t, clone)
	if _, err := cdb.Write(odb.Blob, []byte("loose\n")); err != nil {
		t.Fatal(err)
	}
	if files := looseFiles(t, clone); len(files) != 0 {
		t.Fatalf("an object in an alternate was copied: %v", files)
	}
}

func TestWriteConcurrent(t *testing.T) {
	r := gittest.New(t)
	db := openDB(t, r)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				if _, err := db.Write(odb.Blob, []byte{byte('a' + i), '\n'}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	files := looseFiles(t, r)
	if len(files) != 8 {
		t.Fatalf("%d files for 8 objects: %v", len(files), files)
	}
	r.Git("fsck", "--strict")
}

func TestWriteRejectsBadType(t *testing.T) {
	r := gittest.New(t)
	if _, err := openDB(t, r).Write(odb.Type(5), []byte("x")); err == nil {
		t.Fatal("Write accepted an unknown object type")
	}
}
