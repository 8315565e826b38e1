package treediff

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"reef/gitops/gittest"
	"reef/gitops/odb"
	"reef/gitops/oid"
)

// gitRaw runs a git diff command with --raw -z --no-abbrev and returns
// its changes as values, for comparison with ours.
func gitRaw(t testing.TB, r *gittest.Repo, args ...string) []Change {
	t.Helper()
	var full []string
	for i, a := range args {
		full = append(full, a)
		if a == "diff" || a == "diff-tree" || a == "diff-index" || a == "diff-files" { // flags go right after the subcommand
			full = append(append(full, "--raw", "-z", "--no-abbrev"), args[i+1:]...)
			break
		}
	}
	out := r.Git(full...)
	f := strings.Split(out, "\x00")
	var res []Change
	for i := 0; i+1 < len(f); {
		meta := strings.Fields(strings.TrimPrefix(f[i], ":"))
		if len(meta) != 5 {
			t.Fatalf("bad raw line %q", f[i])
		}
		om, _ := strconv.ParseUint(meta[0], 8, 32)
		nm, _ := strconv.ParseUint(meta[1], 8, 32)
		oi, _ := oid.FromHex(meta[2])
		ni, _ := oid.FromHex(meta[3])
		c := Change{Status: meta[4][0]}
		if len(meta[4]) > 1 {
			c.Score, _ = strconv.Atoi(meta[4][1:])
		}
		c.Old = Side{Path: f[i+1], Mode: uint32(om), ID: oi}
		c.New = Side{Path: f[i+1], Mode: uint32(nm), ID: ni}
		i += 2
		if c.Status == Renamed || c.Status == Copied {
			c.New.Path = f[i]
			i++
		}
		if c.Old.Mode == 0 {
			c.Old = Side{}
		}
		if c.New.Mode == 0 && c.Status != Unmerged {
			c.New = Side{}
		}
		res = append(res, c)
	}
	return res
}

func openDB(t testing.TB, r *gittest.Repo) *odb.DB {
	t.Helper()
	db, err := odb.Open(filepath.Join(r.Dir, ".git", "objects"), odb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func rev(t testing.TB, r *gittest.Repo, name string) oid.ID {
	t.Helper()
	id, err := oid.FromHex(r.Rev(name + "^{tree}"))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func blobLoader(db *odb.DB) func(Side) ([]byte, error) {
	return func(s Side) ([]byte, error) {
		_, data, err := db.Read(s.ID)
		return data, err
	}
}

func blobSize(db *odb.DB) func(Side) (int64, error) {
	return func(s Side) (int64, error) {
		_, n, err := db.Header(s.ID)
		return n, err
	}
}

func formatChanges(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "%c%d %06o %06o %s %s %s %s\n", c.Status, c.Score, c.Old.Mode, c.New.Mode,
			c.Old.ID.Short(7), c.New.ID.Short(7), c.Old.Path, c.New.Path)
	}
	return b.String()
}

func sameChanges(t testing.TB, what string, got, want []Change) {
	t.Helper()
	if g, w := formatChanges(got), formatChanges(want); g != w {
		t.Errorf("%s:\nreef:\n%sgit:\n%s", what, g, w)
	}
}

// checkRevs compares Trees (+ DetectRenames) with git diff-tree for two
// revisions, without renames, with -M and with -C.
func checkRevs(t testing.TB, r *gittest.Repo, db *odb.DB, a, b string, ps ...string) {
	t.Helper()
	ta, tb := rev(t, r, a), rev(t, r, b)
	changes, err := Trees(t.Context(), db, ta, tb, ps)
	if err != nil {
		t.Fatal(err)
	}
	gargs := []string{"diff-tree", "-r"}
	tail := append([]string{ta.String(), tb.String(), "--"}, ps...)
	sameChanges(t, "no renames "+a+" "+b, changes, gitRaw(t, r, append(append(gargs, "--no-renames"), tail...)...))
	for _, mode := range []string{"-M", "-C", "-M30%", "-M90%", "-C70%"} {
		o := RenameOptions{Size: blobSize(db), Copies: mode[1] == 'C'}
		if len(mode) > 2 {
			o.Threshold, _ = strconv.Atoi(strings.TrimSuffix(mode[2:], "%"))
		}
		got, err := DetectRenames(changes, blobLoader(db), o)
		if err != nil {
			t.Fatal(err)
		}
		sameChanges(t, mode+" "+a+" "+b, got, gitRaw(t, r, append(append(gargs, mode), tail...)...))
	}
}
