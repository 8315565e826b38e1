package gitops

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

type location struct {
	gitDir, commonDir, workTree string
	bareByLayout                bool // found as a bare directory: core.bare decides
	explicitWorkTree            bool // GIT_WORK_TREE given
}

// discover finds the git directory for path as git does: GIT_DIR first,
// else walking up from path looking for ".git" (a directory, or a file
// pointing at one, as in linked worktrees and submodules) or a bare
// repository, stopping at GIT_CEILING_DIRECTORIES.
func discover(path string, env []string) (location, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return location{}, err
	}
	if st, err := os.Stat(abs); err != nil {
		return location{}, fmt.Errorf("%s: %w", path, err)
	} else if !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	if gd, ok := lookupEnv(env, "GIT_DIR"); ok && gd != "" {
		if !filepath.IsAbs(gd) {
			gd = filepath.Join(abs, gd)
		}
		if !isGitDir(gd) {
			return location{}, fmt.Errorf("%w: GIT_DIR=%s is not a git directory", ErrNotRepository, gd)
		}
		loc := location{gitDir: filepath.Clean(gd), workTree: abs}
		if wt, ok := lookupEnv(env, "GIT_WORK_TREE"); ok && wt != "" {
			if !filepath.IsAbs(wt) {
				wt = filepath.Join(abs, wt)
			}
			loc.workTree, loc.explicitWorkTree = filepath.Clean(wt), true
		}
		loc.commonDir = commonDirOf(loc.gitDir)
		return loc, nil
	}
	ceilings := ceilingDirs(env)
	for dir := abs; ; {
		dotgit := filepath.Join(dir, ".git")
		if st, err := os.Stat(dotgit); err == nil {
			gd := dotgit
			if !st.IsDir() {
				gd, err = readGitFile(dotgit)
				if err != nil {
					return location{}, err
				}
			}
			if isGitDir(gd) {
				loc := location{gitDir: gd, workTree: dir, commonDir: commonDirOf(gd)}
				return loc, nil
			}
		}
		if isGitDir(dir) && filepath.Base(dir) != ".git" {
			return location{gitDir: dir, commonDir: commonDirOf(dir), bareByLayout: true}, nil
		}
		if filepath.Base(dir) == ".git" && isGitDir(dir) {
			// Started inside .git: git works, with the parent as work tree.
			return location{gitDir: dir, commonDir: commonDirOf(dir), workTree: filepath.Dir(dir)}, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir || ceilings[parent] {
			break
		}
		dir = parent
	}
	return location{}, fmt.Errorf("%w (or any parent up to /): %s; run reef inside a repository or pass its path", ErrNotRepository, abs)
}

// readGitFile reads a "gitdir: <path>" file (linked worktrees, submodules).
func readGitFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	line := strings.TrimSpace(string(b))
	gd, ok := strings.CutPrefix(line, "gitdir:")
	if !ok {
		return "", fmt.Errorf("%w: %s is not a gitdir file", ErrNotRepository, path)
	}
	gd = strings.TrimSpace(gd)
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(filepath.Dir(path), gd)
	}
	if !isGitDir(gd) {
		return "", fmt.Errorf("%w: %s points to %s, which is not a git directory (was the worktree removed? run `git worktree prune`)", ErrNotRepository, path, gd)
	}
	return filepath.Clean(gd), nil
}

// commonDirOf follows a linked worktree's "commondir" file.
func commonDirOf(gitDir string) string {
	b, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	cd := strings.TrimSpace(string(b))
	if !filepath.IsAbs(cd) {
		cd = filepath.Join(gitDir, cd)
	}
	return filepath.Clean(cd)
}

// isGitDir is git's is_git_directory: HEAD, objects and refs present
// (objects and refs may live in the common dir).
func isGitDir(dir string) bool {
	if st, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil || st.IsDir() {
		return false
	}
	common := commonDirOf(dir)
	for _, sub := range []string{"objects", "refs"} {
		if st, err := os.Stat(filepath.Join(common, sub)); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

func ceilingDirs(env []string) map[string]bool {
	v, ok := lookupEnv(env, "GIT_CEILING_DIRECTORIES")
	if !ok || v == "" {
		return nil
	}
	out := map[string]bool{}
	for _, d := range filepath.SplitList(v) {
		if d != "" {
			out[filepath.Clean(d)] = true
		}
	}
	return out
}
