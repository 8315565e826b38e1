package attr

import (
	"fmt"
	"testing"
)

// A realistic .gitattributes of about 50 lines.
const benchAttributes = `* text=auto
*.go text eol=lf diff=golang
*.c text diff=cpp
*.h text diff=cpp
*.cc text diff=cpp
*.py text diff=python
*.rb text diff=ruby
*.js text
*.ts text
*.css text diff=css
*.html text diff=html
*.md text diff=markdown
*.json text
*.yml text
*.yaml text
*.sh text eol=lf
*.bat text eol=crlf
*.cmd text eol=crlf
*.ps1 text eol=crlf
*.sln text eol=crlf merge=union
*.csproj text eol=crlf merge=union
*.png binary
*.jpg binary
*.jpeg binary
*.gif binary
*.ico binary
*.pdf binary
*.zip binary
*.gz binary
*.tar binary
*.woff binary
*.woff2 binary
*.ttf binary
*.exe binary
*.dll binary
*.so binary
*.psd filter=lfs diff=lfs merge=lfs -text
*.mp4 filter=lfs diff=lfs merge=lfs -text
*.bin filter=lfs diff=lfs merge=lfs -text
vendor/** linguist-vendored
docs/** linguist-documentation
*.min.js -diff linguist-generated
*.pb.go linguist-generated=true -diff
go.sum merge=union
CHANGELOG.md merge=union
/Makefile text eol=lf whitespace=indent-with-non-tab
**/testdata/** -text
*.patch -whitespace
*.diff -whitespace
*.txt whitespace=trailing-space
`

func BenchmarkCommon(b *testing.B) {
	exts := []string{".go", ".js", ".png", ".md", ".min.js", ".pb.go", ".txt", ".psd", ".c", ""}
	paths := make([]string, 20000)
	for i := range paths {
		paths[i] = fmt.Sprintf("pkg/file%d%s", i, exts[i%len(exts)])
	}
	s := NewStack(Options{})
	s.Push("", []byte(benchAttributes))
	s.Push("pkg", []byte("*.go whitespace=tab-in-indent\n"))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			s.Common(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(paths)), "ns/path")
}
