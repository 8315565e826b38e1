package gitops

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"reef/gitops/index"
	"reef/gitops/object"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
)

// DiscardRef holds reef's discard records: a chain of commits whose trees
// hold the work-tree files as they were before each discard. Being
// reachable from a ref, they survive git gc and pass git fsck.
const DiscardRef = "refs/reef/discards"

// discardMarker starts the machine-readable part of a record's message.
const discardMarker = "reef-discard-v1"

// discardIdent signs the records: they are reef's bookkeeping, not the
// user's commits, and must not fail when no identity is configured.
const discardIdent = "reef <reef@localhost>"

// discarded is one file of a record: its mode and bytes before the
// discard (Before empty: the file did not exist) and the hash of what the
// discard left (After empty: nothing), to tell whether a restore would
// overwrite newer work.
type discarded struct {
	Path   string `json:"path"`
	Mode   uint32 `json:"mode,omitempty"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// fileState reads a work-tree file's raw bytes and mode; ok false when
// it does not exist.
func (r *Repo) fileState(path string) (data []byte, mode uint32, ok bool, err error) {
	abs := filepath.Join(r.workTree, filepath.FromSlash(path))
	fi, err := os.Lstat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, false, nil
	}
	if err != nil {
		return nil, 0, false, err
	}
	switch {
	case fi.Mode()&os.ModeSymlink != 0:
		t, err := os.Readlink(abs)
		return []byte(t), index.ModeSymlink, true, err
	case fi.Mode().IsRegular():
		b, err := os.ReadFile(abs)
		mode := index.ModeRegular
		if fi.Mode()&0o100 != 0 {
			mode = index.ModeExecutable
		}
		return b, mode, true, err
	}
	return nil, 0, false, fmt.Errorf("%s is not a file reef can discard", path)
}

// record stores the files as they are now, before a discard, and returns
// the record to finish with after().
func (r *Repo) recordBefore(paths []string) ([]discarded, error) {
	out := make([]discarded, 0, len(paths))
	for _, p := range paths {
		data, mode, ok, err := r.fileState(p)
		if err != nil {
			return nil, err
		}
		d := discarded{Path: p, Mode: mode}
		if ok {
			id, err := r.db.Write(odb.Blob, data)
			if err != nil {
				return nil, err
			}
			d.Before = id.String()
		}
		out = append(out, d)
	}
	return out, nil
}

// commitRecord writes the record commit once the discard is done (After
// filled in) and moves DiscardRef to it.
func (r *Repo) commitRecord(files []discarded, summary string) (Discard, error) {
	for i := range files {
		data, _, ok, err := r.fileState(files[i].Path)
		if err != nil {
			return Discard{}, err
		}
		if ok {
			files[i].After = odb.HashObject(odb.Blob, data).String()
		}
	}
	ix := &index.Index{}
	for _, f := range files {
		if f.Before != "" {
			id, _ := oid.FromHex(f.Before)
			ix.Add(index.Entry{Path: f.Path, Mode: f.Mode, ID: id})
		}
	}
	tree, err := r.WriteTree(ix)
	if err != nil {
		return Discard{}, err
	}
	meta, err := json.Marshal(files)
	if err != nil {
		return Discard{}, err
	}
	parent, err := r.refs.Resolve(DiscardRef)
	if err != nil && !errors.Is(err, refs.ErrNotFound) {
		return Discard{}, err
	}
	now := time.Now()
	stamp := fmt.Sprintf("%s %d %s", discardIdent, now.Unix(), now.Format("-0700"))
	var b bytes.Buffer
	fmt.Fprintf(&b, "tree %s\n", tree)
	if !parent.IsZero() {
		fmt.Fprintf(&b, "parent %s\n", parent)
	}
	fmt.Fprintf(&b, "author %s\ncommitter %s\n\nreef discard: %s\n\n%s\n%s\n", stamp, stamp, oneLine(summary), discardMarker, meta)
	id, err := r.db.Write(odb.Commit, b.Bytes())
	if err != nil {
		return Discard{}, err
	}
	logAll, _ := r.cfg.Get("core.logallrefupdates")
	err = r.refs.Update(DiscardRef, id, parent, refs.UpdateOptions{Message: "reef: discard " + oneLine(summary), Committer: stamp, LogAllRefUpdates: logAll})
	if errors.Is(err, refs.ErrLocked) {
		err = fmt.Errorf("%w: %v", ErrLocked, err)
	}
	if err != nil {
		return Discard{}, err
	}
	d := Discard{ID: id, When: now, Summary: summary}
	for _, f := range files {
		d.Paths = append(d.Paths, f.Path)
	}
	return d, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Discards lists the recorded discards, newest first.
func (r *Repo) Discards(ctx context.Context) ([]Discard, error) {
	id, err := r.refs.Resolve(DiscardRef)
	if errors.Is(err, refs.ErrNotFound) {
		return nil, nil
	}
	var out []Discard
	for n := 0; !id.IsZero() && n < 1000 && err == nil; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var d Discard
		var parent Hash
		d, parent, _, err = r.readRecord(id)
		if err == nil {
			out = append(out, d)
			id = parent
		}
	}
	return out, err
}

// readRecord parses one record commit.
func (r *Repo) readRecord(id Hash) (Discard, Hash, []discarded, error) {
	typ, data, err := r.db.Read(id)
	if err != nil {
		return Discard{}, oid.Zero, nil, err
	}
	if typ != odb.Commit {
		return Discard{}, oid.Zero, nil, fmt.Errorf("%s: %s is not a commit", DiscardRef, id)
	}
	c, err := object.ParseCommit(data)
	if err != nil {
		return Discard{}, oid.Zero, nil, err
	}
	_, meta, ok := strings.Cut(c.Message, discardMarker+"\n")
	if !ok {
		return Discard{}, oid.Zero, nil, fmt.Errorf("%s: %s is not a reef discard record", DiscardRef, id)
	}
	var files []discarded
	if err := json.Unmarshal([]byte(strings.TrimSpace(meta)), &files); err != nil {
		return Discard{}, oid.Zero, nil, fmt.Errorf("%s: record %s: %v", DiscardRef, id, err)
	}
	d := Discard{ID: id, When: time.Unix(c.Committer.When, 0), Summary: strings.TrimPrefix(c.Subject(), "reef discard: ")}
	for _, f := range files {
		d.Paths = append(d.Paths, f.Path)
	}
	var parent Hash
	if len(c.Parents) > 0 {
		parent = c.Parents[0]
	}
	return d, parent, files, nil
}

// RestoreDiscard writes the files a discard recorded back into the work
// tree. It refuses (ErrStale, naming the file) when a file changed since
// the discard, so a restore never overwrites newer work; the record stays
// and can be read with `git show <record>:<path>`.
func (r *Repo) RestoreDiscard(ctx context.Context, id Hash) ([]string, error) {
	_, _, files, err := r.readRecord(id)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, _, ok, err := r.fileState(f.Path)
		if err != nil {
			return nil, err
		}
		now := ""
		if ok {
			now = odb.HashObject(odb.Blob, data).String()
		}
		if now != f.After {
			return nil, fmt.Errorf("%w: %s changed since the discard; its discarded version is `git show %s:%s`", ErrStale, f.Path, r.ShortHash(id), f.Path)
		}
	}
	var done []string
	for _, f := range files {
		abs := filepath.Join(r.workTree, filepath.FromSlash(f.Path))
		if f.Before == "" {
			if err := os.Remove(abs); err != nil && !errors.Is(err, os.ErrNotExist) {
				return done, err
			}
			done = append(done, f.Path)
			continue
		}
		bid, _ := oid.FromHex(f.Before)
		data, err := r.Blob(bid)
		if err != nil {
			return done, err
		}
		if err := writeFileAtomic(abs, data, f.Mode); err != nil {
			return done, err
		}
		done = append(done, f.Path)
	}
	sort.Strings(done)
	return done, nil
}

// writeFileAtomic replaces a work-tree file through a temporary file in
// the same directory, so a crash leaves the old or the new bytes, never a
// mix.
func writeFileAtomic(abs string, data []byte, mode uint32) error {
	if err := os.MkdirAll(filepath.Dir(abs), 0o777); err != nil {
		return err
	}
	if mode == index.ModeSymlink {
		tmp := abs + ".reef-tmp"
		os.Remove(tmp)
		if err := os.Symlink(string(data), tmp); err != nil {
			return err
		}
		return os.Rename(tmp, abs)
	}
	// git checks files out 0666 or 0777 less the umask; 0644/0755 is
	// that under the usual umask, and keeps the replaced file's bits.
	perm := os.FileMode(0o644)
	if fi, err := os.Lstat(abs); err == nil && fi.Mode().IsRegular() {
		perm = fi.Mode().Perm()
	}
	if mode == index.ModeExecutable {
		perm |= 0o111
	} else {
		perm &^= 0o111
	}
	f, err := os.CreateTemp(filepath.Dir(abs), ".reef-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, abs)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
