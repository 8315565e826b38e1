package ignore

import (
	"fmt"
	"strings"
	"testing"
)

// A realistic set of about 50 patterns: a web-and-Go project's top-level
// .gitignore plus a nested one, info/exclude and a global excludes file.
const (
	benchRoot = `# dependencies
node_modules/
/vendor/
bower_components/
# builds
/build
/dist/
*.o
*.a
*.so
*.exe
*.test
*.out
coverage/
*.pyc
__pycache__/
# logs
*.log
npm-debug.log*
yarn-error.log*
!important.log
# editors
.idea/
.vscode/*
!.vscode/settings.json
*.swp
*~
.DS_Store
Thumbs.db
# env
.env
.env.*
!.env.example
# generated
**/gen/**/*.pb.go
docs/_build/
*.min.js
*.min.css
/tmp/
cache/
.cache/
*.tmp
*.bak
[Dd]ebug/
[Rr]elease/
`
	benchNested   = "*.generated.go\n!keep.generated.go\nfixtures/large/\n*.snap\n"
	benchInfo     = "local/\n*.orig\n"
	benchExcludes = "*.rej\n.#*\n"
)

// benchTree returns 20,000 paths grouped by directory, in walk order.
func benchTree() (dirs []string, entries map[string][]entry) {
	entries = map[string][]entry{}
	add := func(dir, name string, isDir bool) {
		p := name
		if dir != "" {
			p = dir + "/" + name
		}
		entries[dir] = append(entries[dir], entry{p, isDir})
	}
	exts := []string{".go", "_test.go", ".js", ".min.js", ".log", ".o", ".md", ".json", ".generated.go", ".swp"}
	n := 0
	var fill func(dir string, depth int)
	fill = func(dir string, depth int) {
		dirs = append(dirs, dir)
		for i := 0; i < 12 && n < 20000; i++ {
			add(dir, fmt.Sprintf("file%d%s", i, exts[(i+depth)%len(exts)]), false)
			n++
		}
		if depth == 4 {
			return
		}
		for i, name := range []string{"pkg", "internal", "cmd", "web", "gen", "build"} {
			sub := fmt.Sprintf("%s%d", name, i)
			if dir != "" {
				sub = dir + "/" + sub
			}
			add(dir, sub[strings.LastIndexByte(sub, '/')+1:], true)
			n++
			fill(sub, depth+1)
		}
	}
	fill("", 0)
	return dirs, entries
}

func benchOptions() Options {
	return Options{
		InfoExclude:  File{Name: ".git/info/exclude", Data: []byte(benchInfo)},
		ExcludesFile: File{Name: "excludes", Data: []byte(benchExcludes)},
	}
}

func BenchmarkStackMatch(b *testing.B) {
	dirs, entries := benchTree()
	s := NewStack(benchOptions())
	s.Push("", []byte(benchRoot))
	s.Push("pkg0", []byte(benchNested))
	// Every name of the tree, asked as an entry of pkg0: four lists apply.
	var nested []entry
	for _, dir := range dirs {
		for _, e := range entries[dir] {
			name := e.path[strings.LastIndexByte(e.path, '/')+1:]
			nested = append(nested, entry{"pkg0/" + name, e.isDir})
		}
	}
	paths := nested
	if len(paths) > 20000 {
		paths = paths[:20000]
	}
	b.ReportAllocs()
	ignored := 0
	for b.Loop() {
		ignored = 0
		for _, e := range paths {
			if s.Match(e.path, e.isDir) {
				ignored++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
	b.ReportMetric(float64(ignored), "ignored")
}

func BenchmarkWalk(b *testing.B) {
	dirs, entries := benchTree()
	total := 0
	for _, es := range entries {
		total += len(es)
	}
	b.ReportAllocs()
	for b.Loop() {
		s := NewStack(benchOptions())
		var visit func(dir string)
		visit = func(dir string) {
			data := []byte(nil)
			switch dir {
			case "":
				data = []byte(benchRoot)
			case "pkg0", "web3":
				data = []byte(benchNested)
			}
			s.Push(dir, data)
			for _, e := range entries[dir] {
				if s.Match(e.path, e.isDir) || !e.isDir {
					continue
				}
				visit(e.path)
			}
			s.Pop()
		}
		visit("")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/path")
	b.ReportMetric(float64(len(dirs)), "dirs")
}

func BenchmarkMatcher(b *testing.B) {
	_, entries := benchTree()
	var paths []entry
	for _, es := range entries {
		paths = append(paths, es...)
	}
	m := NewMatcher(benchOptions(), func(dir string) ([]byte, error) {
		if dir == "" {
			return []byte(benchRoot), nil
		}
		return nil, nil
	})
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range paths {
			if _, err := m.Match(e.path, e.isDir); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
}
