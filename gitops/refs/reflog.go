package refs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"reef/gitops/oid"
)

// logMode is core.logAllRefUpdates.
type logMode int

const (
	logNone   logMode = iota // only refs that already have a log
	logNormal                // also branches, remote-tracking refs, notes and HEAD
	logAlways                // every ref
)

// parseLogAll reads core.logAllRefUpdates as git does: "always", or a git
// boolean; "" (unset) is the default of a repository with a work tree.
func parseLogAll(v string) (logMode, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "true", "yes", "on", "1":
		return logNormal, nil
	case "always":
		return logAlways, nil
	case "false", "no", "off", "0":
		return logNone, nil
	}
	return 0, fmt.Errorf("core.logAllRefUpdates has a bad value %q: set it to true, false or always", v)
}

// autocreate is git's should_autocreate_reflog: which refs get a reflog
// file created on their first update.
func autocreate(name string, mode logMode) bool {
	switch mode {
	case logAlways:
		return true
	case logNormal:
		return strings.HasPrefix(name, "refs/heads/") || strings.HasPrefix(name, "refs/remotes/") ||
			strings.HasPrefix(name, "refs/notes/") || name == "HEAD"
	}
	return false
}

// checkIdent refuses a committer line that would corrupt the reflog.
func checkIdent(ident string) error {
	lt, gt := strings.IndexByte(ident, '<'), strings.LastIndexByte(ident, '>')
	if ident == "" || lt < 0 || gt < lt || strings.ContainsAny(ident, "\n\x00") || len(strings.Fields(ident[gt+1:])) != 2 {
		return fmt.Errorf("reflog identity %q is not \"Name <email> <seconds> <zone>\" as `git var GIT_COMMITTER_IDENT` prints it", ident)
	}
	return nil
}

// reflogLine is one line as git's log_ref_write_fd writes it.
func reflogLine(old, new oid.ID, committer, msg string) []byte {
	msg = normalizeMessage(msg)
	b := make([]byte, 0, 2*oid.HexSize+len(committer)+len(msg)+4)
	b = append(b, old.String()...)
	b = append(b, ' ')
	b = append(b, new.String()...)
	b = append(b, ' ')
	b = append(b, committer...)
	if msg != "" {
		b = append(b, '\t')
		b = append(b, msg...)
	}
	return append(b, '\n')
}

// normalizeMessage is git's copy_reflog_msg: leading whitespace dropped,
// each run of whitespace (git's isspace: space, tab, LF, CR) made one
// space, trailing whitespace trimmed, so a message stays on one line.
func normalizeMessage(msg string) string {
	var b strings.Builder
	b.Grow(len(msg))
	wasSpace := true
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		space := c == ' ' || c == '\t' || c == '\n' || c == '\r'
		if wasSpace && space {
			continue
		}
		wasSpace = space
		if space {
			c = ' '
		}
		b.WriteByte(c)
	}
	return strings.TrimRight(b.String(), " ")
}

// appendReflog adds a line to logs/<name>, creating the file (and its
// directories) when mode says the ref should have a log; otherwise only an
// existing log is appended to, as git does.
func (s *Store) appendReflog(name string, old, new oid.ID, o UpdateOptions, mode logMode) error {
	path := filepath.Join(s.dirFor(name), "logs", filepath.FromSlash(name))
	flags := os.O_WRONLY | os.O_APPEND
	if autocreate(name, mode) {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return fmt.Errorf("create the reflog of %s: %w", name, err)
		}
		flags |= os.O_CREATE
	}
	f, err := os.OpenFile(path, flags, 0o666)
	if err != nil {
		if flags&os.O_CREATE == 0 && (errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.EISDIR)) {
			return nil // no log for this ref, and none wanted
		}
		return fmt.Errorf("open the reflog of %s: %w", name, err)
	}
	_, err = f.Write(reflogLine(old, new, o.Committer, o.Message))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the reflog of %s: %w", name, err)
	}
	return nil
}
