package status

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"reef/gitops/oid"
	"reef/gitops/refs"
)

// repoAt finds the repository checked out at dir (a submodule or a nested
// repository): dir/.git is a git directory, or a "gitdir:" file pointing
// at one.
func repoAt(dir string) (gitDir, commonDir string, ok bool) {
	dotgit := dir + "/.git"
	fi, err := os.Stat(dotgit)
	if err != nil {
		return "", "", false
	}
	gitDir = dotgit
	if !fi.IsDir() {
		if gitDir, ok = readGitFile(dotgit); !ok {
			return "", "", false
		}
	}
	commonDir, ok = isGitDir(gitDir)
	return gitDir, commonDir, ok
}

// isNestedRepo is git's is_nonbare_repository_dir: a checked-out
// repository, or a .git file git cannot even read (git plays safe).
func isNestedRepo(dir string) bool {
	if _, _, ok := repoAt(dir); ok {
		return true
	}
	fi, err := os.Stat(dir + "/.git")
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(dir + "/.git")
	if err != nil {
		return true
	}
	f.Close()
	return false
}

// readGitFile follows a "gitdir: <path>" file.
func readGitFile(path string) (string, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", false
	}
	gd, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
	if !ok {
		return "", false
	}
	gd = strings.TrimSpace(gd)
	if gd == "" {
		return "", false
	}
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(filepath.Dir(path), gd)
	}
	return filepath.Clean(gd), true
}

// isGitDir is git's is_git_directory: a valid HEAD, objects and refs (the
// last two in the common dir of a linked worktree). It returns the common
// dir.
func isGitDir(dir string) (string, bool) {
	head, err := os.ReadFile(filepath.Join(dir, "HEAD"))
	if err != nil || !validHead(head) {
		if target, lerr := os.Readlink(filepath.Join(dir, "HEAD")); lerr != nil || !strings.HasPrefix(target, "refs/") {
			return "", false
		}
	}
	common := dir
	if b, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		common = strings.TrimSpace(string(b))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dir, common)
		}
	}
	for _, sub := range []string{"objects", "refs"} {
		if fi, err := os.Stat(filepath.Join(common, sub)); err != nil || !fi.IsDir() {
			return "", false
		}
	}
	return common, true
}

// validHead is git's validate_headref for a regular HEAD file.
func validHead(b []byte) bool {
	if rest, ok := bytes.CutPrefix(b, []byte("ref:")); ok {
		return bytes.HasPrefix(bytes.TrimLeft(rest, " \t"), []byte("refs/"))
	}
	if len(b) >= oid.HexSize {
		_, ok := oid.FromHexBytes(b[:oid.HexSize])
		return ok
	}
	return false
}

// headOf resolves a repository's HEAD; false when unborn or unreadable.
func headOf(gitDir, commonDir string) (oid.ID, bool) {
	id, err := refs.Open(gitDir, commonDir).Resolve("HEAD")
	return id, err == nil
}
