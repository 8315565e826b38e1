package iac

import (
	"fmt"
	"strings"
)

// RulesMarkdown writes docs/rules.md from the rules' documentation: an
// index table, one section per rule (what it matches, why it matters, how
// to silence it), and how .reef/review.yaml tunes them. The file is
// generated so the documentation cannot drift from the rules.
func RulesMarkdown(rules []RuleDoc) string {
	var b strings.Builder
	b.WriteString(`# Review rules

<!-- Generated from the analyzers' Rules() by ` + "`go test ./gitops/iac -run RulesDoc -update`" + `; do not edit. -->

` + "`reef review`" + ` and the Review screen report these rules. A rule fires on what a change
**introduces** or makes worse; a risk that was already there is shown as *existing*, one the change
removes as *resolved*. ` + "`reef review --fail-on SEVERITY`" + ` exits 1 when an introduced finding reaches
that severity. The severity below is the usual one; some findings of a rule differ (the section says
when).

| rule | severity | applies to |
|---|---|---|
`)
	for _, r := range rules {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.ID, r.ID, r.Severity, cell(r.Applies))
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n## %s\n\n", r.ID)
		fmt.Fprintf(&b, "**Severity:** %s. **Applies to:** %s\n\n", r.Severity, oneParagraph(r.Applies))
		fmt.Fprintf(&b, "**What it matches.** %s\n\n", oneParagraph(r.Matches))
		fmt.Fprintf(&b, "**Why it matters.** %s\n\n", oneParagraph(r.Why))
		fmt.Fprintf(&b, "**How to silence it.** %s\n", oneParagraph(r.Silence))
	}
	b.WriteString(configDoc)
	return b.String()
}

// configDoc is the part of docs/rules.md about .reef/review.yaml.
const configDoc = "\n## Configuration: `.reef/review.yaml`\n\n" +
	"A repository tunes its review with `.reef/review.yaml` at the top of the work tree:\n\n" +
	"```yaml\n" +
	"disable: [gitops-prune-enabled]          # rules that report nothing\n" +
	"severity:                                # later entries win over earlier ones\n" +
	"  - rule: k8s-image-unpinned\n" +
	"    paths: [\"envs/dev/**\", \"*.dev.yaml\"]  # globs; none: every path\n" +
	"    level: low                           # low, medium, high, critical, or off\n" +
	"  - rule: secret-literal\n" +
	"    paths: [\"test/fixtures/**\"]\n" +
	"    level: off\n" +
	"environments:                            # tried before the built-in layouts\n" +
	"  - pattern: \"regions/*/prod/**\"\n" +
	"    name: prod\n" +
	"  - pattern: \"accounts/{env}/**\"          # {env} takes the name from the path\n" +
	"```\n\n" +
	"Globs are anchored at the top of the repository; `*` and `?` stay within a directory, `**` crosses\n" +
	"directories, a pattern ending in `/` means everything below, and one without a slash matches a file\n" +
	"name anywhere. The file is validated loudly: an unknown key, an unknown rule id, a bad severity or\n" +
	"a bad glob is reported with its line (on stderr by `reef review`, as a note in the UI), and the\n" +
	"rest of the file still applies.\n\n" +
	"Which version is read: for a revision range or a commit, the one in the change's base (the policy\n" +
	"in force before the change, so a change cannot relax the rules it is judged by; a change that edits\n" +
	"the file gets a note saying so); for `--staged` and `--worktree`, the one in the work tree.\n\n" +
	"**Environments.** Without configuration, a path's environment is the directory after `envs/`,\n" +
	"`env/`, `environments/`, `overlays/`, `live/`, `stages/` or `clusters/`; else a directory named like\n" +
	"an environment (`prod`, `staging`, `dev`, `qa`...); else a file name such as `prod.tfvars` or\n" +
	"`values-prod.yaml`. Names are kept as written; rules that treat production specially (one severity\n" +
	"level higher) count `prod`, `production`, `prd`, `live` and names built on them (`prod-eu`), but\n" +
	"not `pre-prod` or `non-prod`.\n"

// cell makes text fit a table cell.
func cell(s string) string {
	return strings.ReplaceAll(oneParagraph(s), "|", `\|`)
}

// oneParagraph joins lines so the text stays one Markdown paragraph.
func oneParagraph(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "(not documented)"
	}
	return strings.Join(strings.Fields(s), " ")
}
