package gitconfig

import (
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
)

// expander holds what git's interpolate_path needs from the environment.
type expander struct {
	home    string
	homeSet bool
	prefix  string // git's installation prefix, for "%(prefix)/"
}

// interpolate is git's interpolate_path: "%(prefix)/" is the installation
// prefix, "~" or "~/..." is $HOME (resolved through symlinks when realHome
// is set, as includeIf "gitdir:" does), "~user/..." is that user's home.
// ok is false when HOME is unset or the user is unknown.
func (x *expander) interpolate(p string, realHome bool) (string, bool) {
	if rest, ok := strings.CutPrefix(p, "%(prefix)/"); ok {
		return x.prefix + "/" + rest, true
	}
	if p == "" || p[0] != '~' {
		return p, true
	}
	slash := strings.IndexByte(p, '/')
	if slash < 0 {
		slash = len(p)
	}
	var home string
	if name := p[1:slash]; name == "" {
		if !x.homeSet {
			return "", false
		}
		home = x.home
		if realHome {
			if r, err := realPath(home); err == nil {
				home = r
			}
		}
	} else {
		u, err := user.Lookup(name)
		if err != nil {
			return "", false
		}
		home = u.HomeDir
	}
	return home + p[slash:], true
}

// realPath resolves p through symlinks like git's strbuf_realpath, which
// allows the last component to be missing.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	r, err := filepath.EvalSymlinks(abs)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return r, err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// isAbs is git's is_absolute_path on Unix.
func isAbs(p string) bool { return strings.HasPrefix(p, "/") || filepath.IsAbs(p) }

// dirPrefix is the including file's directory with its trailing slash, as
// git's find_last_dir_sep leaves it ("" when the name has no slash).
func dirPrefix(name string) string {
	return name[:strings.LastIndexByte(name, '/')+1]
}

func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// errnoOf strips the operation and path from a file error, leaving what
// git's strerror would say.
func errnoOf(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
