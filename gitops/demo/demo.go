// Package demo builds a small, realistic Infrastructure-as-Code repository
// for "reef demo", so a newcomer can try every pane before pointing reef at
// their own work: Terraform environments and modules, Terragrunt, Kubernetes
// with Kustomize overlays, a Helm chart, an Ansible role, a GitHub Actions
// workflow and a Dockerfile, with a few dozen commits by several people,
// merged pull requests, tags, a rename, one unmerged branch carrying a risky
// change, and uncommitted work for the Status screen.
//
// The repository is made with the git command line and is the same on every
// machine: identities and dates are fixed and the user's git configuration
// is not read, so two runs give identical commit hashes.
package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"reef/gitops/gitcli"
)

// Create builds the demo repository in dir, which must be empty or not
// exist yet (the caller usually makes a fresh temp dir). env is the
// environment git runs with, usually os.Environ(); its GIT_* variables are
// dropped and no global or system git configuration is read, so a user's
// hooks, signing, ignore files or missing user.name cannot change or break
// the result. Cancelling ctx stops the build; dir is then left half made.
func Create(ctx context.Context, dir string, env []string) error {
	if err := emptyDir(dir); err != nil {
		return err
	}
	s := &script{ctx: ctx, dir: dir, env: hermetic(env), clock: time.Unix(startUnix, 0)}
	s.git("init", "-q", "-b", "main", ".")
	history(s)
	uncommitted(s)
	if s.err != nil {
		return fmt.Errorf("demo: building the repository in %s: %w", dir, s.err)
	}
	return nil
}

// emptyDir makes dir if needed and refuses one with anything in it: the
// demo writes files and branches freely and must never do so in a user's
// own directory by mistake.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(ents) > 0 {
		return fmt.Errorf("demo: %s is not empty; the demo repository needs a fresh directory", dir)
	}
	return nil
}

// hermetic returns env without the variables that redirect or configure git
// (GIT_DIR, GIT_INDEX_FILE, GIT_CONFIG_PARAMETERS, ...), with the global and
// system configuration switched off. Identities and dates are added per
// command by the script.
func hermetic(env []string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if strings.HasPrefix(kv, "GIT_") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1")
}

// startUnix is the first commit's time: Monday 2025-03-03 09:14 UTC.
const startUnix = 1740993240

// person is a commit identity with the UTC offset their commits carry.
type person struct {
	name, email, zone string
}

// tool is the identity of steps that record no author (init, checkout,
// branch deletion); github commits merges, as GitHub's merge button does.
func tool() person   { return person{"reef demo", "demo@example.com", "+0000"} }
func github() person { return person{"GitHub", "noreply@github.com", "+0000"} }

// script runs git commands in order and keeps the first error, so the
// history reads as a list of steps rather than a ladder of error checks.
type script struct {
	ctx   context.Context
	dir   string
	env   []string
	clock time.Time
	ticks int
	err   error
}

// gitAs runs one git command as author/committer at the current clock.
func (s *script) gitAs(author, committer person, args ...string) {
	if s.err != nil {
		return
	}
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return
	}
	env := append(append([]string(nil), s.env...),
		"GIT_AUTHOR_NAME="+author.name, "GIT_AUTHOR_EMAIL="+author.email,
		"GIT_AUTHOR_DATE="+date(s.clock, author.zone),
		"GIT_COMMITTER_NAME="+committer.name, "GIT_COMMITTER_EMAIL="+committer.email,
		"GIT_COMMITTER_DATE="+date(s.clock, committer.zone),
	)
	// Switch off what git reads outside any configuration file: the
	// per-user ignore and attributes files under XDG_CONFIG_HOME, and hooks
	// a customised template directory may have copied in.
	full := append([]string{
		"-c", "core.excludesFile=" + os.DevNull,
		"-c", "core.attributesFile=" + os.DevNull,
		"-c", "core.hooksPath=" + os.DevNull,
	}, args...)
	r := gitcli.Runner{Dir: s.dir, Env: env}
	_, s.err = r.Output(s.ctx, nil, full...)
}

func (s *script) git(args ...string) { s.gitAs(tool(), tool(), args...) }

// date formats t as git's raw date with the person's zone, so the stored
// time never depends on the machine's TZ.
func date(t time.Time, zone string) string {
	return fmt.Sprintf("@%d %s", t.Unix(), zone)
}

// tick moves the clock to the next commit's time. The gaps are used in
// turn: irregular like real work (an hour to two days), about four weeks
// over the whole history.
func (s *script) tick() {
	steps := [...]time.Duration{
		3*time.Hour + 12*time.Minute, 26*time.Hour + 41*time.Minute, 55 * time.Minute,
		4*time.Hour + 27*time.Minute, 47*time.Hour + 3*time.Minute, 1*time.Hour + 38*time.Minute,
		20*time.Hour + 16*time.Minute,
	}
	s.clock = s.clock.Add(steps[s.ticks%len(steps)])
	s.ticks++
}

// write creates or replaces a work-tree file.
func (s *script) write(rel, content string) {
	if s.err != nil {
		return
	}
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.err = err
		return
	}
	s.err = os.WriteFile(p, []byte(content), 0o644)
}

// edit replaces the one occurrence of old in a work-tree file with new; an
// old text that is missing or repeated is a bug in the script.
func (s *script) edit(rel, old, new string) {
	if s.err != nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		s.err = err
		return
	}
	if n := strings.Count(string(b), old); n != 1 {
		s.err = fmt.Errorf("edit %s: %q occurs %d times, want once", rel, old, n)
		return
	}
	s.write(rel, strings.Replace(string(b), old, new, 1))
}

// appendTo adds text at the end of a work-tree file.
func (s *script) appendTo(rel, text string) {
	if s.err != nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		s.err = err
		return
	}
	s.write(rel, string(b)+text)
}

// commit stages everything and commits it as who at the next tick.
func (s *script) commit(who person, subject string, body ...string) {
	s.tick()
	s.git("add", "-A")
	args := []string{"commit", "-q", "--no-verify", "-m", subject}
	for _, p := range body {
		args = append(args, "-m", p)
	}
	s.gitAs(who, who, args...)
}

// merge merges branch into the current branch the way GitHub's merge button
// does: a --no-ff merge commit named after the pull request, committed by
// GitHub, and the branch deleted unless keep is set.
func (s *script) merge(who person, pr int, branch, title string, keep bool) {
	s.tick()
	msg := fmt.Sprintf("Merge pull request #%d from acme/%s", pr, branch)
	s.gitAs(who, github(), "merge", "-q", "--no-ff", "--no-edit", "-m", msg, "-m", title, branch)
	if !keep {
		s.git("branch", "-q", "-d", branch)
	}
}

// tag makes an annotated tag at HEAD.
func (s *script) tag(who person, name, msg string) {
	s.tick()
	s.gitAs(who, who, "tag", "-a", "-m", msg, name)
}

func (s *script) branch(name string)   { s.git("checkout", "-q", "-b", name) }
func (s *script) switchTo(name string) { s.git("checkout", "-q", name) }
