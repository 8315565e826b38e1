package terraform

import (
	"bytes"
	"runtime"
	"sort"
	"sync"
)

// Parsing is most of the cost of a review, so a module's files are read
// in three groups: the changed files; the unchanged files that declare
// what the analysis of the changed ones needs (variables, locals, moved
// and removed blocks, policy documents, S3 encryption resources,
// auto-loaded tfvars); and the rest, parsed only when a question needs
// the whole module (where a changed variable flows, whether a bucket is
// still there).

// eagerMarkers are the words an unchanged file must contain to be read
// before it is needed. A false match only costs a parse.
var eagerMarkers = [][]byte{
	[]byte("variable"), []byte("locals"), []byte("moved"), []byte("removed"),
	[]byte("aws_iam_policy_document"), []byte("aws_s3_bucket_server_side_encryption_configuration"),
}

// eager reports whether an unchanged file is read up front.
func eager(kind fileKind, content []byte) bool {
	if !kind.inModule() {
		return true // auto-loaded tfvars: small, and they set values
	}
	for _, m := range eagerMarkers {
		if bytes.Contains(content, m) {
			return true
		}
	}
	return false
}

// loaded holds the two sides' parsed files of a directory.
type loaded struct {
	before, after map[string]*parsedFile
	// rest are the unchanged module files not parsed yet, shared by both
	// sides (their content is the same on both).
	rest *lazyFiles
}

// load parses what a directory's analysis needs now. Unchanged files are
// parsed once for both sides.
func (g *dirGroup) load(before, after map[string][]byte) loaded {
	const (
		onBefore = 1 << iota
		onAfter
	)
	type job struct {
		path    string
		content []byte
		sides   int
		f       *parsedFile
	}
	l := loaded{before: map[string]*parsedFile{}, after: map[string]*parsedFile{}, rest: &lazyFiles{}}
	var jobs []*job
	for _, p := range sortedKeys(before) {
		content := before[p]
		a, inAfter := after[p]
		switch unchanged := !g.changed[p] && inAfter && bytes.Equal(a, content); {
		case unchanged && !eager(g.kindOf(p, content), content):
			l.rest.add(p, g.kindOf(p, content), content)
		case unchanged:
			jobs = append(jobs, &job{path: p, content: content, sides: onBefore | onAfter})
		default:
			jobs = append(jobs, &job{path: p, content: content, sides: onBefore})
		}
	}
	for _, p := range sortedKeys(after) {
		if b, ok := before[p]; ok && !g.changed[p] && bytes.Equal(b, after[p]) {
			continue // read with the before side
		}
		jobs = append(jobs, &job{path: p, content: after[p], sides: onAfter})
	}
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		j.f = parseFile(j.path, g.kindOf(j.path, j.content), j.content)
	})
	for _, j := range jobs {
		if j.sides&onBefore != 0 {
			l.before[j.path] = j.f
		}
		if j.sides&onAfter != 0 {
			l.after[j.path] = j.f
		}
	}
	return l
}

// lazyFiles are unchanged module files parsed on first use.
type lazyFiles struct {
	paths    []string
	kinds    []fileKind
	contents [][]byte
	files    []*parsedFile
	done     bool
}

func (z *lazyFiles) add(p string, kind fileKind, content []byte) {
	z.paths = append(z.paths, p)
	z.kinds = append(z.kinds, kind)
	z.contents = append(z.contents, content)
}

// get parses the files, once.
func (z *lazyFiles) get() []*parsedFile {
	if z == nil {
		return nil
	}
	if !z.done {
		z.done = true
		z.files = make([]*parsedFile, len(z.paths))
		parallel(len(z.paths), func(i int) {
			z.files[i] = parseFile(z.paths[i], z.kinds[i], z.contents[i])
		})
	}
	return z.files
}

// parallel runs fn(0..n-1) on up to GOMAXPROCS goroutines; parsing is
// pure, so files parse independently.
func parallel(n int, fn func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 || n < 4 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
