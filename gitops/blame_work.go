package gitops

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"reef/gitops/blame"
	"reef/gitops/index"
	"reef/gitops/oid"
)

// workFile is the work-tree version of a file, dressed as git dresses it
// for blame: a commit with HEAD (and MERGE_HEAD) as parents, by "Not
// Committed Yet", dated now.
type workFile struct {
	blame   *blame.Work
	sig     Signature
	summary string
}

// workFile reads path from the work tree. Like git it refuses a path that
// is neither in HEAD nor in the index; unlike git it does not apply
// clean filters or end-of-line conversion to the file.
func (r *Repo) workFile(path string) (*workFile, error) {
	head, err := r.refs.Head()
	if err != nil {
		return nil, err
	}
	if head.Unborn {
		return nil, errors.New("no such ref: HEAD (the current branch has no commits yet)")
	}
	parents := []Hash{head.ID}
	if data, err := os.ReadFile(filepath.Join(r.gitDir, "MERGE_HEAD")); err == nil {
		for _, line := range strings.Fields(string(data)) {
			id, err := oid.FromHex(line)
			if err != nil {
				return nil, fmt.Errorf("unknown line in MERGE_HEAD: %s", line)
			}
			parents = append(parents, id)
		}
	}
	ixPath := filepath.Join(r.gitDir, "index")
	if v, ok := lookupEnv(r.env, "GIT_INDEX_FILE"); ok && v != "" {
		ixPath = v
	}
	ix, err := index.Read(ixPath)
	if err != nil {
		return nil, err
	}
	inIndex := func(p string) bool {
		_, ok := ix.Find(p)
		return ok
	}
	known := inIndex(path)
	for _, p := range parents {
		if known {
			break
		}
		c, err := r.Commit(p)
		if err != nil {
			return nil, err
		}
		_, err = r.blobAt(c.Tree, path)
		known = err == nil
	}
	if !known {
		return nil, fmt.Errorf("%w '%s' in HEAD", ErrNoSuchPath, path)
	}
	full := filepath.Join(r.workTree, filepath.FromSlash(path))
	st, err := os.Lstat(full)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot lstat '%s': %v", path, err)
	}
	var data []byte
	var mode uint32
	switch {
	case st.Mode().IsRegular():
		mode = 0o100644
		if st.Mode()&0o100 != 0 {
			mode = 0o100755
		}
		if data, err = os.ReadFile(full); err != nil {
			return nil, fmt.Errorf("cannot read '%s': %w", path, err)
		}
	case st.Mode()&fs.ModeSymlink != 0:
		mode = 0o120000
		target, err := os.Readlink(full)
		if err != nil {
			return nil, fmt.Errorf("cannot readlink '%s': %w", path, err)
		}
		data = []byte(target)
	default:
		return nil, fmt.Errorf("unsupported file type %s", path)
	}
	now := time.Now().In(r.localZone())
	_, off := now.Zone()
	when := now.In(time.FixedZone(zoneName(off), off))
	return &workFile{
		blame:   &blame.Work{Parents: parents, Data: data, Mode: mode, Time: now.Unix(), InIndex: inIndex},
		sig:     Signature{Name: "Not Committed Yet", Email: "not.committed.yet", When: when},
		summary: "Version of " + path + " from " + path,
	}, nil
}

// localZone is the zone git would date uncommitted lines in: TZ from the
// repository's environment when it names one Go knows.
func (r *Repo) localZone() *time.Location {
	if tz, ok := lookupEnv(r.env, "TZ"); ok && tz != "" {
		if loc, err := time.LoadLocation(strings.TrimPrefix(tz, ":")); err == nil {
			return loc
		}
	}
	return time.Local
}

// zoneName writes an offset in seconds the way commits store it: "+0100".
func zoneName(off int) string {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d%02d", sign, off/3600, off%3600/60)
}
