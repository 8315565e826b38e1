// Package bench times reef's headless commands as whole processes against
// the git command that prints the same thing, alternating the two within
// one benchmark so both see the same machine noise. Repositories come from
// scripts/mkrepo (deterministic) and are cached in $REEF_BENCH_DIR
// (default: $TMPDIR/reef-bench).
//
//	go test ./scripts/bench -run '^$' -bench . -benchtime 20x
package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	reefBin   string
	buildErr  error
)

// reef builds the binary once per run.
func reef(b *testing.B) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "reef-bench-bin")
		if err != nil {
			buildErr = err
			return
		}
		reefBin = filepath.Join(dir, "reef")
		cmd := exec.Command("go", "build", "-o", reefBin, ".")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return reefBin
}

func benchDir() string {
	if d := os.Getenv("REEF_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "reef-bench")
}

// repo returns a cached mkrepo repository, making it on first use.
func repo(b *testing.B, name string, args ...string) string {
	dir := filepath.Join(benchDir(), name)
	if _, err := os.Stat(filepath.Join(dir, ".git", "reef-bench-done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(benchDir(), 0o755); err != nil {
		b.Fatal(err)
	}
	b.Logf("making %s with mkrepo %s (once)", name, strings.Join(args, " "))
	cmd := exec.Command(filepath.Join("..", "mkrepo"), append([]string{dir}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("mkrepo: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, ".git", "reef-bench-done"), nil, 0o644)
	return dir
}

type sample struct {
	wall time.Duration
	rss  int64 // peak resident set, KiB
}

func runOnce(b *testing.B, dir string, argv []string, wantOut *[]byte) sample {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "LANG=C", "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v", strings.Join(argv, " "), err)
	}
	s := sample{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
	}
	if wantOut != nil {
		*wantOut = out.Bytes()
	}
	return s
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// compare alternates reef and git b.N times each (after one warm-up of
// each) and reports medians, the ratio and peak memory.
func compare(b *testing.B, dir string, reefArgs, gitArgs []string, check func(b *testing.B, reefOut, gitOut []byte)) {
	bin := reef(b)
	r := append([]string{bin}, reefArgs...)
	g := append([]string{"git"}, gitArgs...)
	var ro, gout []byte
	runOnce(b, dir, r, &ro)
	runOnce(b, dir, g, &gout)
	if check != nil {
		check(b, ro, gout)
	}
	var rt, gt, rm, gm []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first, second := r, g
		if i%2 == 1 {
			first, second = g, r
		}
		s1 := runOnce(b, dir, first, nil)
		s2 := runOnce(b, dir, second, nil)
		if i%2 == 1 {
			s1, s2 = s2, s1
		}
		rt = append(rt, float64(s1.wall)/1e6)
		gt = append(gt, float64(s2.wall)/1e6)
		rm = append(rm, float64(s1.rss)/1024)
		gm = append(gm, float64(s2.rss)/1024)
	}
	b.StopTimer()
	if mr, mg, ok := peakRSS(b, dir, r, g); ok {
		rm, gm = []float64{mr}, []float64{mg}
	}
	rmed, gmed := median(rt), median(gt)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(rmed, "reef-ms")
	b.ReportMetric(gmed, "git-ms")
	b.ReportMetric(rmed/gmed, "ratio")
	b.ReportMetric(median(rm), "reef-MB")
	b.ReportMetric(median(gm), "git-MB")
	b.Logf("%s | %s: reef %.1f ms (min %.1f), git %.1f ms (min %.1f), ratio %.2f; peak RSS reef %.1f MB, git %.1f MB; %d runs each, GOMAXPROCS %d",
		strings.Join(reefArgs, " "), strings.Join(gitArgs, " "), rmed, minOf(rt), gmed, minOf(gt), rmed/gmed, median(rm), median(gm), b.N, runtime.GOMAXPROCS(0))
}

// peakRSS measures each command's peak memory once under /usr/bin/time.
// The rusage wait4 returns is no use for small commands: on exec, Linux
// folds the forking process's (the test binary's) resident size into the
// child's maximum.
func peakRSS(b *testing.B, dir string, cmds ...[]string) (reefMB, gitMB float64, ok bool) {
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		return 0, 0, false
	}
	var out []float64
	for _, argv := range cmds {
		cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%M"}, argv...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "LANG=C", "NO_COLOR=1")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = nil, &stderr
		if err := cmd.Run(); err != nil {
			return 0, 0, false
		}
		lines := strings.Fields(stderr.String())
		if len(lines) == 0 {
			return 0, 0, false
		}
		var kb float64
		if _, err := fmt.Sscan(lines[len(lines)-1], &kb); err != nil {
			return 0, 0, false
		}
		out = append(out, kb/1024)
	}
	return out[0], out[1], true
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

// sameLines checks reef printed the same commits as git (first field of
// each line).
func sameFirstFields(b *testing.B, reefOut, gitOut []byte) {
	rf, gf := firstFields(reefOut), firstFields(gitOut)
	if strings.Join(rf, " ") != strings.Join(gf, " ") {
		b.Fatalf("reef and git disagree: %d vs %d lines; first reef %v, git %v", len(rf), len(gf), head(rf), head(gf))
	}
}

func firstFields(out []byte) []string {
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			ids = append(ids, f[0])
		}
	}
	return ids
}

func head(s []string) []string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}
