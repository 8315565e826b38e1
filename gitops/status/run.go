package status

import (
	"context"
	"path/filepath"
	"sync"

	"reef/gitops/attr"
	"reef/gitops/index"
	"reef/gitops/treediff"
)

// run is one status computation.
type run struct {
	ctx         context.Context
	o           Options
	ix          *index.Index
	set         settings
	ps          pathspec
	root        string // work tree top with a trailing separator
	indexSec    uint32 // the index file's mtime in seconds (0: no index file)
	wantListing bool   // untracked files are wanted: list directories
	fullReads   bool   // the file system's readdir fills buffers (see scan_linux.go)
	rootFD      int    // the top of the work tree, open during the scan (Linux)

	dirs []dirNode
	res  []wtEntry // by index position (the first entry of each path)

	attrOnce sync.Once
	attrs    *attr.Matcher
	attrErr  error

	mu       sync.Mutex
	warnings []string
	viaGit   []string
}

func newRun(ctx context.Context, o Options) (*run, error) {
	set, err := readSettings(o.Config)
	if err != nil {
		return nil, err
	}
	s := &run{ctx: ctx, o: o, ix: o.Index, set: set, ps: compilePathspec(o.Paths)}
	if len(o.Paths) == 0 {
		s.ps = nil
	}
	s.root = filepath.Clean(o.WorkTree) + string(filepath.Separator)
	if !o.Index.ModTime.IsZero() {
		s.indexSec = uint32(o.Index.ModTime.Unix())
	}
	s.wantListing = o.Untracked != ShowNo
	s.fullReads = fullReadFS(s.abs(""))
	s.res = make([]wtEntry, len(o.Index.Entries))
	return s, nil
}

// abs is the absolute path of a slash-separated work-tree path.
func (s *run) abs(rel string) string {
	if rel == "" {
		return s.root[:len(s.root)-1]
	}
	return s.root + filepath.FromSlash(rel)
}

func (s *run) warn(msg string) {
	s.mu.Lock()
	s.warnings = append(s.warnings, msg)
	s.mu.Unlock()
}

// run compares HEAD with the index while the work tree is scanned, then
// walks for untracked files and puts the answers together.
func (s *run) run() (*Result, error) {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	var staged []treediff.Change
	var stagedErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		staged, stagedErr = treediff.TreeIndex(ctx, s.o.DB, s.o.HeadTree, s.ix, s.ps.literal())
	}()
	s.buildDirs()
	err := s.openRoot()
	if err == nil {
		err = s.scan(ctx)
		s.closeRoot()
	}
	if err == nil {
		err = s.hashViaGit(ctx)
	}
	if err != nil {
		cancel()
		<-done
		return nil, err
	}
	var untracked, ignored []string
	if s.wantListing {
		if untracked, ignored, err = s.untracked(); err != nil {
			cancel()
			<-done
			return nil, err
		}
	}
	<-done
	if stagedErr != nil {
		return nil, stagedErr
	}
	entries, err := s.collect(staged)
	if err != nil {
		return nil, err
	}
	for _, p := range untracked {
		entries = append(entries, Entry{Path: p, Kind: KindUntracked})
	}
	for _, p := range ignored {
		entries = append(entries, Entry{Path: p, Kind: KindIgnored})
	}
	return &Result{Entries: entries, ViaGit: s.viaGit, Warnings: s.warnings}, nil
}
