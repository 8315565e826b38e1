package gitops

import (
	"context"
	"os"
	"path/filepath"
	"strings"
)

// reef's history index is git's commit-graph with changed-path Bloom
// filters, written by git itself into an object directory of reef's own
// (.git/reef/objects) that only reef reads. It is for repositories whose
// own commit-graph has no filters, or that have none: there a file's
// history reads the trees of every commit (half a second for 50,000
// commits), with the filters it skips almost all of them. reef writes it
// in the background after a slow walk, as GitKraken keeps its own data in
// .git/gk, rather than rewrite the repository's file behind the user's
// back (ctrl+g on the History screen does that, on request). git ignores
// the directory, and deleting it only makes history slower.

// HistoryIndexDir is where reef's history index lives.
func (r *Repo) HistoryIndexDir() string { return filepath.Join(r.commonDir, "reef") }

func (r *Repo) historyIndexDir() string { return filepath.Join(r.HistoryIndexDir(), "objects") }

// HistoryIndexWanted reports whether writing reef's history index would
// make file history and blame faster: a commit-graph would be read here,
// and the one read has no changed-path filters, or is reef's and does
// not hold HEAD any more (commits were made or fetched since). A
// repository's own graph with filters is git's to keep up to date.
func (r *Repo) HistoryIndexWanted() bool {
	if !r.CommitGraphUsable() || r.treesMayBeMissing() {
		return false
	}
	g, own, err := r.graphInUse()
	if err != nil {
		return false // a corrupt commit-graph is reported by the walks
	}
	if g == nil || !g.HasBloom() {
		return true
	}
	if !own {
		return false
	}
	h, err := r.refs.Head()
	if err != nil || h.Unborn {
		return false
	}
	_, ok := g.Lookup(h.ID)
	return !ok
}

// WriteHistoryIndex has git write reef's history index (every commit
// reachable from a ref, with changed-path filters: git takes its own
// lock and renames the file into place) and reads it from then on.
func (r *Repo) WriteHistoryIndex(ctx context.Context) error {
	dir := r.historyIndexDir()
	if err := os.MkdirAll(filepath.Join(dir, "info"), 0o777); err != nil {
		return err
	}
	// git writes the graph into GIT_OBJECT_DIRECTORY and reads the
	// repository's objects (and, through them, its alternates) as an
	// alternate of that directory.
	alts := []string{altQuote(r.objects)}
	if v, ok := lookupEnv(r.env, "GIT_ALTERNATE_OBJECT_DIRECTORIES"); ok && v != "" {
		alts = append(alts, v)
	}
	return r.writeGraph(ctx, setEnv(r.env,
		"GIT_OBJECT_DIRECTORY="+dir,
		"GIT_ALTERNATE_OBJECT_DIRECTORIES="+strings.Join(alts, string(os.PathListSeparator))))
}

// treesMayBeMissing reports a partial clone whose filter may have left
// trees out: git would fetch every one of them to compute the filters.
// A blob filter (the usual --filter=blob:none) keeps every tree.
func (r *Repo) treesMayBeMissing() bool {
	if !r.partialClone() {
		return false
	}
	for _, remote := range r.cfg.Subsections("remote") {
		if p, _ := r.cfg.Bool("remote."+remote+".promisor", false); !p {
			continue
		}
		if f, _ := r.cfg.Get("remote." + remote + ".partialclonefilter"); !strings.HasPrefix(f, "blob:") {
			return true
		}
	}
	return false
}

// altQuote quotes a directory for GIT_ALTERNATE_OBJECT_DIRECTORIES when
// it holds the list separator or starts with a quote, as git unquotes
// them: C-style, in double quotes.
func altQuote(dir string) string {
	if !strings.ContainsRune(dir, os.PathListSeparator) && !strings.HasPrefix(dir, `"`) {
		return dir
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(dir) + `"`
}

// setEnv returns env (reef's own when nil) with each KEY=value of kv
// replacing any earlier value of KEY.
func setEnv(env []string, kv ...string) []string {
	if env == nil {
		env = os.Environ()
	}
	out := make([]string, 0, len(env)+len(kv))
	for _, e := range env {
		keep := true
		for _, s := range kv {
			if k, _, _ := strings.Cut(s, "="); strings.HasPrefix(e, k+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, e)
		}
	}
	return append(out, kv...)
}
