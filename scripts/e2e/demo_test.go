package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// demoJourney runs "reef demo": it must make the demo repository in the
// temp dir, say where, open it, reach the root with G and quit cleanly. It
// skips while main.go does not offer the command (its usage lacks it).
func demoJourney(t *testing.T, tmux, bin string) {
	help, _ := exec.CommandContext(context.Background(), bin, "--help").CombinedOutput()
	if !strings.Contains(string(help), "reef demo") {
		t.Skip(`"reef --help" does not list "reef demo": main.go does not wire the demo yet`)
	}
	tmp := t.TempDir() // reef makes the demo here; the test cleans it up
	env := paneEnv(append(gittest.Env(t.TempDir()), "TMPDIR="+tmp))
	p := startTerm(t, tmux, env, bin, "demo")

	p.waitText("Upgrade dev EKS to Kubernetes 1.29", wait) // the demo's HEAD
	p.keys("G")
	p.waitText("Bootstrap platform-infra repository", wait) // its root
	p.keys("q")
	if status := p.waitExit(wait); status != "0" {
		t.Errorf("reef demo exited with status %s after q:\n%s", status, p.screen())
	}

	dirs, _ := filepath.Glob(filepath.Join(tmp, "*", ".git"))
	if len(dirs) != 1 {
		t.Fatalf("reef demo made %d repositories in TMPDIR, want 1: %v", len(dirs), dirs)
	}
	repo := filepath.Dir(dirs[0])
	p.waitText("reef: demo repository in "+repo, wait) // left on the main screen
	if _, err := os.Stat(filepath.Join(repo, "envs", "prod", "main.tf")); err != nil {
		t.Errorf("the demo repository has no work tree: %v", err)
	}
}
