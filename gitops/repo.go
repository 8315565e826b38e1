// Package gitops is reef's repository model: open a repository once, then
// ask it for refs, history pages, diffs, status, file history and blame as
// plain values. It reads objects, refs, the index and the commit-graph with
// its own readers (go-git's are too slow on large repositories, see
// BENCHMARKS.md) and falls back to the git command line, or says plainly
// what it cannot read, for repository shapes it does not support.
package gitops

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"reef/gitops/commitgraph"
	"reef/gitops/gitconfig"
	"reef/gitops/odb"
	"reef/gitops/oid"
	"reef/gitops/refs"
	"reef/gitops/revwalk"
)

// Errors callers can test for with errors.Is.
var (
	ErrNotRepository = errors.New("not a git repository")
	ErrBare          = errors.New("bare repository: no work tree")
	ErrUnsupported   = errors.New("not supported")
	ErrUnborn        = errors.New("the current branch has no commits yet")
)

// Options configures Open.
type Options struct {
	// Env is the environment git would run with (nil: os.Environ()). It
	// decides GIT_DIR, GIT_WORK_TREE, HOME and the configuration files.
	Env []string
}

// Repo is an open repository. It is safe for concurrent use; open it once
// and keep it while reef runs.
type Repo struct {
	gitDir    string // per-worktree git dir
	commonDir string // shared git dir (objects, refs, config)
	workTree  string // empty for a bare repository
	objects   string // the object directory ($GIT_OBJECT_DIRECTORY or commonDir's)
	env       []string

	cfg  *gitconfig.Config
	db   *odb.DB
	refs *refs.Store

	shallow map[oid.ID]bool
	replace map[oid.ID]oid.ID
	notes   []string // limitations worth telling the user about

	graphMu     sync.Mutex
	graphLoaded bool
	graph       *commitgraph.Graph
	graphErr    error
	// graphOwn: graph is reef's history index, not the repository's own
	// commit-graph (historyindex.go).
	graphOwn bool
	// retired are graphs replaced by reloadCommitGraph: walks started
	// before may still read them, so they are closed with the Repo.
	retired []*commitgraph.Graph

	abbrevOnce sync.Once
	abbrev     int

	cache   *commitCache
	zones   zones
	fetcher *promisorFetcher // partial clones only
}

// Open finds the repository containing path (a work tree, any of its
// subdirectories, a linked worktree or a bare repository).
func Open(path string, opt Options) (*Repo, error) {
	env := opt.Env
	if env == nil {
		env = os.Environ()
	}
	loc, err := discover(path, env)
	if err != nil {
		return nil, err
	}
	r := &Repo{gitDir: loc.gitDir, commonDir: loc.commonDir, workTree: loc.workTree, env: env, cache: newCommitCache(4096)}
	r.refs = refs.Open(r.gitDir, r.commonDir)
	branch := ""
	if h, err := r.refs.Read("HEAD"); err == nil && strings.HasPrefix(h.Symbolic, "refs/heads/") {
		branch = strings.TrimPrefix(h.Symbolic, "refs/heads/")
	}
	r.cfg, err = gitconfig.Load(gitconfig.Sources{GitDir: r.gitDir, CommonDir: r.commonDir, Env: env, Branch: branch})
	if err != nil {
		return nil, err
	}
	if err := r.checkFormat(); err != nil {
		return nil, err
	}
	if loc.bareByLayout {
		if bare, _ := r.cfg.Bool("core.bare", true); bare {
			r.workTree = ""
		}
	} else if r.workTree != "" && !loc.explicitWorkTree {
		if wt, ok, _ := r.cfg.Path("core.worktree"); ok && wt != "" {
			if !filepath.IsAbs(wt) {
				wt = filepath.Join(r.gitDir, wt)
			}
			r.workTree = filepath.Clean(wt)
		}
	}
	var alts []string
	if v, ok := lookupEnv(env, "GIT_ALTERNATE_OBJECT_DIRECTORIES"); ok && v != "" {
		alts = filepath.SplitList(v)
	}
	objects := filepath.Join(r.commonDir, "objects")
	if v, ok := lookupEnv(env, "GIT_OBJECT_DIRECTORY"); ok && v != "" {
		objects = v
	}
	r.objects = objects
	dbOpt := odb.Options{Alternates: alts}
	if r.partialClone() {
		r.fetcher = &promisorFetcher{dir: r.gitDir, env: env}
		dbOpt.Missing = r.fetcher.fetch
	}
	r.db, err = odb.Open(objects, dbOpt)
	if err != nil {
		return nil, err
	}
	r.shallow = readShallow(filepath.Join(r.commonDir, "shallow"))
	if err := r.loadReplacements(); err != nil {
		r.db.Close()
		return nil, err
	}
	if r.fetcher != nil {
		r.notes = append(r.notes, "partial clone: objects the clone left out are fetched by git when needed")
	}
	if len(r.shallow) > 0 {
		r.notes = append(r.notes, "shallow clone: history stops at the clone's depth")
	}
	return r, nil
}

// Close releases mapped files and any git process it started.
func (r *Repo) Close() error {
	r.graphMu.Lock()
	for _, g := range append(r.retired, r.graph) {
		if g != nil {
			g.Close()
		}
	}
	r.graph, r.retired = nil, nil
	r.graphMu.Unlock()
	if r.fetcher != nil {
		r.fetcher.close()
	}
	return r.db.Close()
}

// GitDir is the repository's (per-worktree) git directory.
func (r *Repo) GitDir() string { return r.gitDir }

// CommonDir is the directory shared by all worktrees.
func (r *Repo) CommonDir() string { return r.commonDir }

// WorkTree is the top of the work tree; empty for a bare repository.
func (r *Repo) WorkTree() string { return r.workTree }

// IsBare reports whether the repository has no work tree.
func (r *Repo) IsBare() bool { return r.workTree == "" }

// Notes lists limitations of this repository's shape worth showing once
// (partial or shallow clone...).
func (r *Repo) Notes() []string { return append([]string(nil), r.notes...) }

// Config returns a configuration value as git resolves it.
func (r *Repo) Config(key string) (string, bool) { return r.cfg.Get(key) }

// checkFormat refuses repository formats reef cannot read faithfully.
func (r *Repo) checkFormat() error {
	version, err := r.cfg.Int("core.repositoryformatversion", 0)
	if err != nil {
		return err
	}
	if version > 1 {
		return fmt.Errorf("%w: repository format version %d (reef reads versions 0 and 1)", ErrUnsupported, version)
	}
	if version == 0 {
		return nil // extensions are ignored in version 0, as git does
	}
	for _, e := range r.cfg.Entries() {
		k := strings.ToLower(e.Key)
		if !strings.HasPrefix(k, "extensions.") {
			continue
		}
		name := strings.TrimPrefix(k, "extensions.")
		switch name {
		case "objectformat":
			if !strings.EqualFold(e.Value, "sha1") {
				return fmt.Errorf("%w: %s object format (reef reads SHA-1 repositories only); use git for this repository", ErrUnsupported, e.Value)
			}
		case "refstorage":
			if !strings.EqualFold(e.Value, "files") {
				return fmt.Errorf("%w: %s ref storage (reef reads the files backend only); use git for this repository", ErrUnsupported, e.Value)
			}
		case "partialclone", "worktreeconfig", "preciousobjects", "noop":
			// readable: missing promisor objects are reported, worktree
			// config is read by gitconfig, reef never prunes.
		default:
			return fmt.Errorf("%w: repository extension %q; use git for this repository", ErrUnsupported, name)
		}
	}
	return nil
}

// CommitGraph returns the commit-graph, or nil when the repository has
// none or it cannot be used (replace refs, grafts and shallow clones make
// git ignore it too). A corrupt file is an error.
func (r *Repo) commitGraph() (*commitgraph.Graph, error) {
	g, _, err := r.graphInUse()
	return g, err
}

// graphInUse is commitGraph, and whether it is reef's history index.
func (r *Repo) graphInUse() (g *commitgraph.Graph, own bool, err error) {
	r.graphMu.Lock()
	defer r.graphMu.Unlock()
	if !r.graphLoaded {
		r.graphLoaded = true
		r.graph, r.graphOwn, r.graphErr = r.loadCommitGraph()
	}
	return r.graph, r.graphOwn, r.graphErr
}

// reloadCommitGraph reads the commit-graph again after it was written.
// Walks under way finish with the graph they started with.
func (r *Repo) reloadCommitGraph() error {
	g, own, err := r.loadCommitGraph()
	r.graphMu.Lock()
	defer r.graphMu.Unlock()
	if r.graph != nil {
		r.retired = append(r.retired, r.graph)
	}
	r.graph, r.graphOwn, r.graphErr, r.graphLoaded = g, own, err, true
	return err
}

// loadCommitGraph opens the repository's commit-graph or, when that has
// no changed-path filters, reef's history index if it has them (own is
// then true).
func (r *Repo) loadCommitGraph() (g *commitgraph.Graph, own bool, err error) {
	if !r.CommitGraphUsable() {
		return nil, false, nil
	}
	g, err = commitgraph.Open(filepath.Join(r.commonDir, "objects"))
	if errors.Is(err, commitgraph.ErrNone) {
		g, err = nil, nil
	}
	if g != nil && g.HasBloom() {
		return g, false, nil
	}
	// The index is reef's cache: one that cannot be read is ignored, and
	// written again after the next slow walk.
	if ix, ixErr := commitgraph.Open(r.historyIndexDir()); ixErr == nil {
		if ix.HasBloom() {
			if g != nil {
				g.Close()
			}
			return ix, true, nil
		}
		ix.Close()
	}
	return g, false, err
}

// source is what walks read commits from.
func (r *Repo) source() (*revwalk.Source, error) {
	g, err := r.commitGraph()
	if err != nil {
		return nil, err
	}
	return &revwalk.Source{DB: r.db, Graph: g, Shallow: r.shallow, Replace: r.replace}, nil
}

// Abbrev is the default abbreviated hash length (core.abbrev or git's
// automatic length for the repository's size).
func (r *Repo) Abbrev() int {
	r.abbrevOnce.Do(func() {
		r.abbrev = r.db.DefaultAbbrev()
		if v, ok := r.cfg.Get("core.abbrev"); ok && v != "auto" {
			if n, err := r.cfg.Int("core.abbrev", 0); err == nil && n >= 4 && n <= 40 {
				r.abbrev = int(n)
			} else if b, err := r.cfg.Bool("core.abbrev", true); err == nil && !b {
				r.abbrev = 40
			}
		}
	})
	return r.abbrev
}

// ShortHash abbreviates id to a unique prefix of at least Abbrev digits.
func (r *Repo) ShortHash(id Hash) string { return r.db.Abbrev(id, r.Abbrev()) }

func readShallow(path string) map[oid.ID]bool {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[oid.ID]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if id, err := oid.FromHex(strings.TrimSpace(sc.Text())); err == nil {
			out[id] = true
		}
	}
	return out
}

// loadReplacements reads refs/replace/*, which git log honours unless
// GIT_NO_REPLACE_OBJECTS is set.
func (r *Repo) loadReplacements() error {
	if _, ok := lookupEnv(r.env, "GIT_NO_REPLACE_OBJECTS"); ok {
		return nil
	}
	if use, _ := r.cfg.Bool("core.usereplacerefs", true); !use {
		return nil
	}
	list, err := r.refs.List("refs/replace/")
	if err != nil {
		return err
	}
	for _, ref := range list {
		from, err := oid.FromHex(strings.TrimPrefix(ref.Name, "refs/replace/"))
		if err != nil || ref.Symbolic != "" {
			continue
		}
		if r.replace == nil {
			r.replace = map[oid.ID]oid.ID{}
		}
		r.replace[from] = ref.ID
	}
	return nil
}

func lookupEnv(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(env[i], "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// partialClone reports whether objects may be missing on purpose: git
// marks partial clones with extensions.partialClone (older) or a remote's
// promisor flag.
func (r *Repo) partialClone() bool {
	if v, ok := r.cfg.Get("extensions.partialclone"); ok && v != "" {
		return true
	}
	for _, remote := range r.cfg.Subsections("remote") {
		if p, _ := r.cfg.Bool("remote."+remote+".promisor", false); p {
			return true
		}
	}
	return false
}
