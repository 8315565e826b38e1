package bench

// The feel of the interactive program, measured as a person sees it: reef
// runs in a 200x50 tmux pane driven by scripts/ttfs, which polls the screen
// until a text shows. Time to first screen is until HEAD's subject is
// drawn; "end" is from pressing G until the root commit's subject is drawn,
// with the peak memory of reef and its children over the whole run. tig and
// lazygit run through the same measurement when they are installed.
//
//	REEF_BENCH_DIR=/tmp/bench-cache go test ./scripts/bench -run '^$' -bench TUI -benchtime 10x
//
// b.N is the number of counted ttfs runs, after one warm-up run; the
// testing package first calls each benchmark with b.N = 1, which is one
// more (short) ttfs invocation before the counted one.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Targets from the issue; missing one is logged, not failed, because a
// shared machine's noise would make the suite flaky.
const (
	targetFirstGraphMS   = 100
	targetFirstNoGraphMS = 200
	targetEndMS          = 2000
	targetPeakMB         = 150
)

func BenchmarkTUIFirstScreenCommitGraph(b *testing.B) {
	firstScreen(b, bigGraph(b), targetFirstGraphMS)
}

func BenchmarkTUIFirstScreenNoCommitGraph(b *testing.B) {
	firstScreen(b, big(b), targetFirstNoGraphMS)
}

func BenchmarkTUIEndCommitGraph(b *testing.B) { toRoot(b, bigGraph(b)) }

func BenchmarkTUIEndNoCommitGraph(b *testing.B) { toRoot(b, big(b)) }

// ui is one terminal program under test and how it reaches the root commit.
type ui struct {
	name   string
	argv   []string
	pre    string // TTFS_PRE_KEYS: focus the commit list first
	end    string // TTFS_END_KEYS: go to the end of history
	resend string // TTFS_END_RESEND: for UIs whose End only reaches what is loaded
}

// uis returns reef, then tig and lazygit when they are installed (they are
// not installed for this; the comparison runs where someone has them).
func uis(b *testing.B) []ui {
	out := []ui{{name: "reef", argv: []string{reef(b)}, end: "G"}}
	if p, err := exec.LookPath("tig"); err == nil {
		out = append(out, ui{name: "tig", argv: []string{p}, end: "End", resend: "0.2"})
	}
	if p, err := exec.LookPath("lazygit"); err == nil {
		out = append(out, ui{name: "lazygit", argv: []string{p}, pre: "4", end: ">", resend: "0.3"})
	}
	return out
}

func firstScreen(b *testing.B, dir string, targetMS float64) {
	needTmux(b)
	head := subject(b, dir, "log", "-1", "--format=%s")
	for _, u := range uis(b) {
		b.Run(u.name, func(b *testing.B) {
			// Memory at the first screen is not a target: settle briefly.
			m := ttfs(b, dir, u, head, b.N, "TTFS_SETTLE=0.2")
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(m["ttfs_ms"], "ttfs-ms")
			b.ReportMetric(peakMB(m), "peak-MB")
			b.Logf("%s: first screen %.0f ms (min %.0f, max %.0f; target %.0f ms: %s), peak %.1f MiB, %d runs, pane 200x50",
				u.name, m["ttfs_ms"], m["ttfs_ms.min"], m["ttfs_ms.max"], targetMS, verdict(m["ttfs_ms"] <= targetMS), peakMB(m), b.N)
		})
	}
}

func toRoot(b *testing.B, dir string) {
	needTmux(b)
	head := subject(b, dir, "log", "-1", "--format=%s")
	root := subject(b, dir, "log", "--max-parents=0", "--format=%s", "HEAD")
	for _, u := range uis(b) {
		b.Run(u.name, func(b *testing.B) {
			env := []string{"TTFS_END_KEYS=" + u.end, "TTFS_END_EXPECT=" + root, "TTFS_TIMEOUT=30"}
			if u.pre != "" {
				env = append(env, "TTFS_PRE_KEYS="+u.pre)
			}
			if u.resend != "" {
				env = append(env, "TTFS_END_RESEND="+u.resend)
			}
			m := ttfs(b, dir, u, head, b.N, env...)
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(m["ttfs_ms"], "ttfs-ms")
			b.ReportMetric(m["end_ms"], "end-ms")
			b.ReportMetric(peakMB(m), "peak-MB")
			b.Logf("%s: %s to the root %.0f ms (min %.0f, max %.0f; target %d ms: %s); peak %.1f MiB (own VmHWM %.1f, process tree %.1f; target %d MiB: %s); %d runs",
				u.name, u.end, m["end_ms"], m["end_ms.min"], m["end_ms.max"], targetEndMS, verdict(m["end_ms"] <= targetEndMS),
				peakMB(m), m["main_hwm_kb"]/1024, m["tree_peak_kb"]/1024, targetPeakMB, verdict(peakMB(m) <= targetPeakMB), b.N)
		})
	}
}

func needTmux(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("scripts/ttfs reads memory from Linux /proc")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed: scripts/ttfs runs the program in a tmux pane (apt-get install tmux)")
	}
}

// subject is a commit subject cut to 30 characters: the UIs truncate long
// subjects to their column, and ttfs looks for a plain substring.
func subject(b *testing.B, dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	s := strings.TrimSpace(string(out))
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:] // several roots: the oldest is listed last
	}
	if r := []rune(s); len(r) > 30 {
		s = string(r[:30])
	}
	return s
}

// ttfs runs scripts/ttfs for runs counted runs and returns the summary's
// medians by name (ttfs_ms, end_ms, main_hwm_kb, tree_peak_kb,
// child_hwm_kb), with NAME.min and NAME.max beside them. A run that never
// shows its text fails the benchmark with the last screen.
func ttfs(b *testing.B, dir string, u ui, expect string, runs int, extra ...string) map[string]float64 {
	screens := b.TempDir()
	label := u.name
	cmd := exec.Command(filepath.Join("..", "ttfs"), append([]string{label, expect}, u.argv...)...)
	cmd.Env = append(withoutTmux(os.Environ()),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"TTFS_CWD="+dir, "TTFS_RUNS="+strconv.Itoa(runs), "TTFS_WARMUP=1",
		"TTFS_COLS=200", "TTFS_ROWS=50", "TTFS_SCREEN_DIR="+screens)
	cmd.Env = append(cmd.Env, extra...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	b.ResetTimer()
	err := cmd.Run()
	b.StopTimer()
	if err != nil {
		b.Fatalf("ttfs %s: %v\n%s%s%s", label, err, stdout.String(), stderr.String(), timedOutScreens(screens, label, stdout.String()))
	}
	m, err := parseSummary(stdout.String(), label)
	if err != nil {
		b.Fatalf("ttfs %s: %v\n%s", label, err, stdout.String())
	}
	return m
}

// parseSummary reads ttfs's summary lines, "# LABEL NAME median min max n".
func parseSummary(out, label string) (map[string]float64, error) {
	m := map[string]float64{}
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) != 7 || f[0] != "#" || f[1] != label || f[3] == "-" {
			continue // not a summary line, or no run measured this
		}
		for i, suffix := range []string{"", ".min", ".max"} {
			v, err := strconv.ParseFloat(f[3+i], 64)
			if err != nil {
				return nil, fmt.Errorf("summary line %q: %v", l, err)
			}
			m[f[2]+suffix] = v
		}
	}
	if _, ok := m["ttfs_ms"]; !ok {
		return nil, fmt.Errorf("no summary for %s", label)
	}
	return m, nil
}

// peakMB is the larger of the program's own peak (VmHWM) and the largest
// sum over its process tree that ttfs saw, in MiB.
func peakMB(m map[string]float64) float64 {
	return max(m["main_hwm_kb"], m["tree_peak_kb"]) / 1024
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// withoutTmux drops TMUX and TMUX_PANE so ttfs's private server does not
// think it runs nested inside the caller's tmux.
func withoutTmux(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TMUX_PANE=") {
			out = append(out, kv)
		}
	}
	return out
}

// timedOutScreens returns the last screen of each counted run that timed
// out, for the failure message (ttfs names them LABEL-N.txt).
func timedOutScreens(dir, label, out string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 4 || f[0] != label || !strings.Contains(l, "=timeout") {
			continue
		}
		name := label + "-" + strings.TrimPrefix(f[1], "run") + ".txt"
		s, _ := os.ReadFile(filepath.Join(dir, name))
		fmt.Fprintf(&b, "--- last screen of %s\n%s\n", f[1], bytes.TrimRight(s, "\n "))
	}
	return b.String()
}
