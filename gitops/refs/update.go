package refs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"reef/gitops/oid"
)

// ErrLocked is wrapped (with the lock file's path) when a ref's lock file
// exists: git, or another reef, is changing it.
var ErrLocked = errors.New("another git process seems to be running in this repository")

// ErrChanged is wrapped when a ref does not hold the value the caller
// read: someone else moved it, and the caller must read it again.
var ErrChanged = errors.New("the ref moved since it was read")

// UpdateOptions says how Update records a change. Update does not read the
// configuration itself (the Store has none): the caller passes the values
// git would use.
type UpdateOptions struct {
	// Message is the reflog message, e.g. "commit: Fix the thing"; git's
	// whitespace normalisation is applied.
	Message string
	// Committer is the identity and date of the reflog line, as
	// `git var GIT_COMMITTER_IDENT` prints it: "Name <email> 1700000000 +0100".
	Committer string
	// LogAllRefUpdates is core.logAllRefUpdates as configured: "true",
	// "false" (or another git boolean), "always", or "" when unset, which
	// means git's default for a repository with a work tree ("true").
	// Callers working on a bare repository pass "false" when it is unset.
	LogAllRefUpdates string
}

// lockTimeout is how long git keeps retrying a ref lock held by someone
// else (core.filesRefLockTimeout's default): a short overlap with another
// git process is not a failure.
const lockTimeout = 100 * time.Millisecond

// Update sets the ref name to new if it currently holds old (old zero: the
// ref must not exist yet), the way `git update-ref -m <msg> <name> <new>
// <old>` does with the files backend:
//
//   - a symbolic ref (HEAD on a branch) is followed, and the ref it points
//     to is the one changed;
//   - <ref>.lock is created exclusively, the new value written and fsynced,
//     and the lock renamed over the ref; a ref only in packed-refs gets a
//     loose file, which takes precedence;
//   - a reflog line is appended for the ref, for every symbolic ref followed,
//     and for this worktree's HEAD when it points to the ref (HEAD is locked
//     meanwhile, as git does), subject to o.LogAllRefUpdates.
//
// When a lock is still held after retrying for 100 ms (as git does) it
// returns an error wrapping ErrLocked; when the ref is not at old, one
// wrapping ErrChanged. In both cases nothing is written. A ref already at
// new is left alone, without reflog lines. Deleting refs is not supported
// (new must not be zero).
func (s *Store) Update(name string, new, old oid.ID, o UpdateOptions) error {
	if err := checkWritableName(name); err != nil {
		return err
	}
	if new.IsZero() {
		return fmt.Errorf("cannot set %s to the zero id: deleting refs is not supported", name)
	}
	mode, err := parseLogAll(o.LogAllRefUpdates)
	if err != nil {
		return err
	}
	if err := checkIdent(o.Committer); err != nil {
		return err
	}
	chain, target, err := s.followSymbolic(name)
	if err != nil {
		return err
	}
	if _, err := s.readFresh(target); errors.Is(err, ErrNotFound) {
		// Before the lock makes directories: a clash must leave no trace.
		if err := s.checkCreate(target); err != nil {
			return err
		}
	}
	var held []*lockFile
	defer func() {
		for _, l := range held {
			l.release()
		}
	}()
	main, err := s.lock(target)
	if err != nil {
		return err
	}
	held = append(held, main)

	// The symbolic refs whose logs get the line too, locked so that none
	// is re-pointed while its log says it moved.
	logOnly := append([]string(nil), chain...)
	if !contains(chain, "HEAD") {
		if h, err := s.readFresh("HEAD"); err == nil && h.Symbolic == target {
			logOnly = append(logOnly, "HEAD")
		}
	}
	next := make(map[string]string, len(chain))
	for i, n := range chain {
		next[n] = target
		if i+1 < len(chain) {
			next[n] = chain[i+1]
		}
	}
	var logged []string
	for _, n := range logOnly {
		l, err := s.lock(n)
		if err != nil {
			return err
		}
		held = append(held, l)
		r, err := s.readFresh(n)
		want, inChain := next[n]
		if !inChain {
			want = target
		}
		if err != nil || r.Symbolic != want {
			if inChain {
				return fmt.Errorf("%w: %s no longer points to %s", ErrChanged, n, want)
			}
			continue // HEAD was switched to another branch: not its move
		}
		logged = append(logged, n)
	}

	cur, err := s.readFresh(target)
	switch {
	case errors.Is(err, ErrNotFound):
		if !old.IsZero() {
			return fmt.Errorf("%w: %s does not exist (expected %s)", ErrChanged, target, old)
		}
	case err != nil:
		return err
	case cur.Symbolic != "":
		return fmt.Errorf("%w: %s became a symbolic ref to %s", ErrChanged, target, cur.Symbolic)
	case old.IsZero():
		return fmt.Errorf("%w: %s already exists (at %s)", ErrChanged, target, cur.ID)
	case cur.ID != old:
		return fmt.Errorf("%w: %s is at %s, not %s", ErrChanged, target, cur.ID, old)
	}
	if cur.ID == new {
		return nil
	}
	if err := main.write([]byte(new.String() + "\n")); err != nil {
		return err
	}
	// Logs first, as git does: a ref never moves without its log line.
	for _, n := range append([]string{target}, logged...) {
		if err := s.appendReflog(n, cur.ID, new, o, mode); err != nil {
			return err
		}
	}
	return main.commit()
}

// followSymbolic returns the symbolic refs met from name on, and the
// first ref that is not symbolic (which may not exist yet).
func (s *Store) followSymbolic(name string) (chain []string, target string, err error) {
	cur := name
	for depth := 0; depth < 6; depth++ {
		r, err := s.readFresh(cur)
		if errors.Is(err, ErrNotFound) || (err == nil && r.Symbolic == "") {
			return chain, cur, nil
		}
		if err != nil {
			return nil, "", err
		}
		chain = append(chain, cur)
		cur = r.Symbolic
		if err := checkWritableName(cur); err != nil {
			return nil, "", err
		}
	}
	return nil, "", fmt.Errorf("reference %s: symbolic refs nest too deeply", name)
}

// readFresh reads a ref from disk, packed-refs included, bypassing the
// Store's packed-refs cache: the value a write is checked against must be
// the current one, not the one seen when reef started.
func (s *Store) readFresh(name string) (Ref, error) {
	b, err := os.ReadFile(s.path(name))
	if err == nil {
		return parseLoose(name, b)
	}
	if !errors.Is(err, os.ErrNotExist) && !isDirErr(err) {
		return Ref{}, fmt.Errorf("read %s: %w", name, err)
	}
	if !strings.HasPrefix(name, "refs/") || perWorktree(name) {
		return Ref{}, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	packed, err := s.readPackedFresh()
	if err != nil {
		return Ref{}, err
	}
	i := sort.Search(len(packed), func(i int) bool { return packed[i].Name >= name })
	if i < len(packed) && packed[i].Name == name {
		return packed[i], nil
	}
	return Ref{}, fmt.Errorf("%w: %s", ErrNotFound, name)
}

func (s *Store) readPackedFresh() ([]Ref, error) {
	b, err := os.ReadFile(filepath.Join(s.commonDir, "packed-refs"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read packed-refs: %w", err)
	}
	return parsePacked(b)
}

func (s *Store) path(name string) string {
	return filepath.Join(s.dirFor(name), filepath.FromSlash(name))
}

// checkCreate refuses a new ref that would clash with an existing one as a
// directory or as a file (refs/heads/a against refs/heads/a/b), which the
// files backend cannot hold and git refuses too.
func (s *Store) checkCreate(name string) error {
	if st, err := os.Stat(s.path(name)); err == nil && st.IsDir() {
		if ents, _ := os.ReadDir(s.path(name)); len(ents) > 0 {
			return fmt.Errorf("cannot create %s: refs exist under %s/; delete or rename them first", name, name)
		}
		if err := os.Remove(s.path(name)); err != nil {
			return fmt.Errorf("cannot create %s: %w", name, err)
		}
	}
	if perWorktree(name) {
		return nil
	}
	packed, err := s.readPackedFresh()
	if err != nil {
		return err
	}
	for _, r := range packed {
		if strings.HasPrefix(r.Name, name+"/") {
			return fmt.Errorf("cannot create %s: %s exists; delete or rename it first", name, r.Name)
		}
		if strings.HasPrefix(name, r.Name+"/") {
			return fmt.Errorf("cannot create %s: %s exists; delete or rename it first", name, r.Name)
		}
	}
	return nil
}

// lockFile is a held <ref>.lock.
type lockFile struct {
	path, target string
	f            *os.File
	done         bool
}

// lock creates <name>.lock exclusively, retrying for lockTimeout as git
// does, and making the directories a new ref needs.
func (s *Store) lock(name string) (*lockFile, error) {
	target := s.path(name)
	path := target + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w (does a ref named like one of its parent directories exist?)", name, err)
	}
	deadline := time.Now().Add(lockTimeout)
	wait := time.Millisecond
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return &lockFile{path: path, target: target, f: f}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if time.Now().Add(wait).After(deadline) {
			return nil, fmt.Errorf("%w (%s exists; remove it if no git process is running)", ErrLocked, path)
		}
		time.Sleep(wait)
		wait *= 2
	}
}

func (l *lockFile) write(b []byte) error {
	_, err := l.f.Write(b)
	if err == nil {
		err = l.f.Sync()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	return nil
}

// commit renames the lock over the ref.
func (l *lockFile) commit() error {
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", l.path, err)
	}
	if err := os.Rename(l.path, l.target); err != nil {
		return fmt.Errorf("update %s: %w", l.target, err)
	}
	l.done = true
	return nil
}

// release removes a lock that was not committed.
func (l *lockFile) release() {
	if l.done {
		return
	}
	l.f.Close()
	os.Remove(l.path)
	l.done = true
}

// checkWritableName applies git's check-ref-format rules to a ref about to
// be written: anything git would refuse to read back is refused here.
func checkWritableName(name string) error {
	bad := func(why string) error {
		return fmt.Errorf("%q is not a valid ref name (%s)", name, why)
	}
	if !validName(name) {
		return bad("empty, absolute or with \"..\"")
	}
	if name != "HEAD" && !strings.HasPrefix(name, "refs/") {
		if strings.ToUpper(name) != name || strings.Contains(name, "/") {
			return bad("only HEAD-like pseudo refs live outside refs/")
		}
	}
	if name == "@" || strings.Contains(name, "@{") || strings.Contains(name, "//") || strings.HasSuffix(name, ".") {
		return bad("\"@\", \"@{\", \"//\" or a trailing dot")
	}
	for _, c := range []byte(name) {
		if c < 0x20 || c == 0x7f || strings.IndexByte(" ~^:?*[", c) >= 0 {
			return bad("control character, space or one of ~^:?*[")
		}
	}
	for _, comp := range strings.Split(name, "/") {
		if strings.HasPrefix(comp, ".") || strings.HasSuffix(comp, ".lock") {
			return bad("a component starts with a dot or ends in .lock")
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
