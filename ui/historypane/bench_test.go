package historypane

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
)

// benchRepo is scripts/mkrepo's 50,000-commit repository when the
// benchmarks of scripts/bench have made it ($REEF_BENCH_DIR, default
// $TMPDIR/reef-bench), and its busiest file.
func benchRepo(b *testing.B) (*gitops.Repo, string) {
	dir := os.Getenv("REEF_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "reef-bench")
	}
	dir = filepath.Join(dir, "c50k-f3k")
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		b.Skip("no c50k-f3k repository: run go test ./scripts/bench -bench HistoryFirstScreen once to make it")
	}
	cmd := exec.Command("sh", "-c", "git log -n 5000 --format= --name-only | sort | uniq -c | sort -rn | head -1")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(out))
	repo, err := gitops.Open(dir, gitops.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { repo.Close() })
	return repo, f[1]
}

// BenchmarkFirstScreen times the screen from Open to a screen of rows
// with their counts, as the program runs it (the walk's first page, then
// the counts of the rows on screen); whole is the time to the end of the
// walk streamed in pages. Budget (issue 6): 150 ms to the first screen.
func BenchmarkFirstScreen(b *testing.B) {
	repo, file := benchRepo(b)
	env := testEnvB(repo)
	var first, whole time.Duration
	for b.Loop() {
		start := time.Now()
		m := New(env)
		m.SetSize(120, 38)
		m, cmd := m.Open(file, gitops.Hash{})
		// As the program runs them: each command in a goroutine, their
		// messages through one loop.
		msgs := make(chan tea.Msg)
		running := 0
		run := func(c tea.Cmd) {
			if c != nil {
				running++
				go func() { msgs <- c() }()
			}
		}
		run(cmd)
		firstDone := false
		for running > 0 {
			msg := <-msgs
			running--
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					run(c)
				}
				continue
			case settleMsg, nil:
				continue // the diff is not the list
			}
			var next tea.Cmd
			m, next = m.Update(msg)
			run(next)
			if !firstDone && len(m.list.rows) > 0 && m.counting == 0 {
				first += time.Since(start)
				firstDone = true
			}
		}
		whole += time.Since(start)
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "ms/first-screen")
	b.ReportMetric(float64(whole.Milliseconds())/float64(b.N), "ms/whole-history")
}
