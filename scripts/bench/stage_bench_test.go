package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reef/gitops"
	"reef/gitops/textdiff"
)

// BenchmarkStageHunk20k is issue 5's target: in a 20,000-file repository,
// staging one hunk and refreshing the status afterwards each take under
// 50 ms in-process (the refresh is of the staged path, as the Status
// screen does after an operation; the whole status is reported too).
// git's own route to the same result (`git apply
// --cached` of that hunk, then `git status --porcelain=v2`) runs in the
// same loop as the baseline. Each round edits the file anew, so every
// stage has work to do.
func BenchmarkStageHunk20k(b *testing.B) {
	dir := repo(b, "c200-f20k", "--commits", "200", "--files", "20000")
	path := longFile(b, dir)
	abs := filepath.Join(dir, filepath.FromSlash(path))
	orig, err := os.ReadFile(abs)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		os.WriteFile(abs, orig, 0o644)
		gitRun(b, dir, nil, "reset", "-q", "--", path)
	})
	r, err := gitops.Open(dir, gitops.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	var stage, status, full, gitStage, gitStatus []float64
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	for i := 0; i < b.N; i++ {
		for _, useGit := range []bool{false, true} {
			b.StopTimer()
			gitRun(b, dir, nil, "reset", "-q", "--", path)
			lines := strings.SplitAfter(string(orig), "\n")
			lines[1] = fmt.Sprintf("edit %d\n", i)
			lines[len(lines)-3] = fmt.Sprintf("tail edit %d\n", i)
			os.WriteFile(abs, []byte(strings.Join(lines, "")), 0o644)
			fcs, err := r.DiffUnstaged(ctx, gitops.DiffOptions{Paths: []string{path}})
			if err != nil || len(fcs) != 1 {
				b.Fatalf("DiffUnstaged: %v %d", err, len(fcs))
			}
			fd, err := r.FilePatch(ctx, fcs[0], gitops.DiffOptions{})
			if err != nil || len(fd.Hunks) < 2 {
				b.Fatalf("FilePatch: %v, %d hunks", err, len(fd.Hunks))
			}
			var refs []gitops.LineRef
			for _, l := range fd.Hunks[0].Lines {
				switch l.Kind {
				case textdiff.Delete:
					refs = append(refs, gitops.LineRef{Kind: l.Kind, Old: l.Old})
				case textdiff.Insert:
					refs = append(refs, gitops.LineRef{Kind: l.Kind, New: l.New})
				}
			}
			patch := firstHunk(gitRun(b, dir, nil, "diff", "--", path))
			b.StartTimer()
			t0 := time.Now()
			if useGit {
				gitRun(b, dir, []byte(patch), "apply", "--cached")
				t1 := time.Now()
				gitRun(b, dir, nil, "status", "--porcelain=v2")
				gitStage, gitStatus = append(gitStage, ms(t1.Sub(t0))), append(gitStatus, ms(time.Since(t1)))
				continue
			}
			if err := r.StageLines(ctx, fcs[0], refs); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			// What the Status screen does after staging: the path it
			// changed, not the whole tree.
			if _, err := r.Status(ctx, gitops.StatusOptions{Paths: []string{path}}); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			if _, err := r.Status(ctx, gitops.StatusOptions{}); err != nil {
				b.Fatal(err)
			}
			stage, status = append(stage, ms(t1.Sub(t0))), append(status, ms(t2.Sub(t1)))
			full = append(full, ms(time.Since(t2)))
			b.StopTimer()
			if got := gitRun(b, dir, nil, "diff", "--cached", "--numstat"); !strings.HasPrefix(got, "1\t1\t") {
				b.Fatalf("staged %q, want the first hunk's one line", got)
			}
		}
	}
	b.ReportMetric(median(stage), "stage-ms")
	b.ReportMetric(median(status), "status-ms")
	b.ReportMetric(median(gitStage), "git-apply-ms")
	b.ReportMetric(median(gitStatus), "git-status-ms")
	b.ReportMetric(median(full), "status-full-ms")
	b.Logf("stage a hunk: reef %.1f ms, git apply --cached %.1f ms; status of the path after: reef %.1f ms; whole status: reef %.1f ms, git %.1f ms (medians of %d)",
		median(stage), median(gitStage), median(status), median(full), median(gitStatus), len(stage))
	if len(stage) >= 5 && (median(stage) > 50 || median(status) > 50) {
		b.Errorf("over the 50 ms budget: stage %.1f ms, status %.1f ms", median(stage), median(status))
	}
}

// longFile is a tracked file with enough lines for two separate hunks.
func longFile(b *testing.B, dir string) string {
	for _, p := range strings.Split(gitRun(b, dir, nil, "ls-files"), "\n") {
		if p == "" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err == nil && bytes.Count(data, []byte("\n")) >= 20 && bytes.IndexByte(data, 0) < 0 && bytes.HasSuffix(data, []byte("\n")) {
			return p
		}
	}
	b.Fatal("no file of 20 lines or more")
	return ""
}

// firstHunk cuts a one-file patch down to its first hunk.
func firstHunk(patch string) string {
	i := strings.Index(patch, "\n@@")
	j := strings.Index(patch[i+3:], "\n@@")
	if j < 0 {
		return patch
	}
	return patch[:i+3+j+1]
}

func gitRun(b *testing.B, dir string, stdin []byte, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}
