package gitconfig

import (
	"fmt"
	"strings"
	"testing"
)

// bigConfig is a 200-line local config of the usual shape: core, user,
// remotes and many branches, with comments.
func bigConfig() string {
	var b strings.Builder
	b.WriteString("[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n")
	b.WriteString("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com ; work address\n")
	b.WriteString("[remote \"origin\"]\n\turl = https://example.com/team/repo.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n")
	b.WriteString("[remote \"fork\"]\n\turl = git@example.com:ada/repo.git\n\tfetch = +refs/heads/*:refs/remotes/fork/*\n")
	lines := 14
	for i := 0; lines+4 <= 199; i++ {
		fmt.Fprintf(&b, "# branch %d\n[branch \"feature/topic-%d\"]\n\tremote = origin\n\tmerge = refs/heads/feature/topic-%d\n", i, i, i)
		lines += 4
	}
	for ; lines < 200; lines++ {
		b.WriteString("\n")
	}
	return b.String()
}

// reportCPU adds a cpu-ns/op metric: process CPU time per iteration, a
// steadier figure than ns/op when other work shares the machine. Call
// the returned function after the loop.
func reportCPU(b *testing.B) func() {
	start := processCPU()
	return func() {
		if d := processCPU() - start; d > 0 && b.N > 0 {
			b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func TestBigConfigShape(t *testing.T) {
	if n := strings.Count(bigConfig(), "\n"); n != 200 {
		t.Fatalf("bigConfig has %d lines, want 200", n)
	}
}

// BenchmarkLoad is the start-up cost of every headless command: system
// (missing), XDG (missing), ~/.gitconfig and a 200-line local config.
func BenchmarkLoad(b *testing.B) {
	w := newWorld(b)
	w.write("repo/.git/config", bigConfig())
	s := w.sources()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		cfg, err := Load(s)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := cfg.Get("remote.origin.url"); !ok {
			b.Fatal("remote.origin.url missing")
		}
	}
}

// BenchmarkParse is the parser alone on the same 200 lines.
func BenchmarkParse(b *testing.B) {
	data := []byte(bigConfig())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		p := (&loader{}).newPass(false)
		if err := p.parseFile("config", data); err != nil {
			b.Fatal(err)
		}
		if len(p.finish()) == 0 {
			b.Fatal("no entries")
		}
	}
}

// BenchmarkGet is one lookup in a loaded 200-line config.
func BenchmarkGet(b *testing.B) {
	w := newWorld(b)
	w.write("repo/.git/config", bigConfig())
	cfg, err := w.load()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := cfg.Get("Core.Bare"); !ok {
			b.Fatal("core.bare missing")
		}
	}
}
