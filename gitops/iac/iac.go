// Package iac reads a change to infrastructure as infrastructure: for each
// changed file of a kind it knows (Terraform, Kubernetes, Helm, Kustomize,
// CloudFormation, Compose, GitHub Actions, Ansible, Argo CD, Flux) it lists
// what changed per resource with old and new values, and which risks the
// change introduces, leaves in place or resolves.
//
// It works on whole before/after file contents; the repository model
// (gitops) feeds it from a diff, and the UI and `reef review` show the
// result. Analyzers are plain functions of their input: no I/O beyond the
// Input's accessors, so results can be cached per blob pair.
package iac

import (
	"context"
	"fmt"
	"strings"
)

// Kind is what happened to a resource.
type Kind string

// Change kinds.
const (
	Added    Kind = "added"
	Removed  Kind = "removed"
	Modified Kind = "modified"
	Moved    Kind = "moved"
)

// Severity orders findings.
type Severity int

// Severities, lowest first.
const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

func (s Severity) String() string {
	switch s {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "low", "medium", "high" or "critical".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return Low, nil
	case "medium":
		return Medium, nil
	case "high":
		return High, nil
	case "critical":
		return Critical, nil
	}
	return 0, fmt.Errorf("%q is not a severity (low, medium, high or critical)", s)
}

// State says how a change relates to a risk.
type State string

// Finding states: a risk the change brings or makes worse, one that was
// there before and still is, and one the change removes.
const (
	Introduced State = "introduced"
	Existing   State = "existing"
	Resolved   State = "resolved"
)

// Side picks the old or the new version of a file or directory.
type Side int

// Sides of a change.
const (
	Before Side = iota
	After
)

// File is one changed file with its whole contents on both sides. A nil
// Before means the file was added, a nil After that it was deleted.
type File struct {
	Path    string // the new path (the old one for a deletion)
	OldPath string // differs from Path for a rename
	Before  []byte
	After   []byte
}

// Attribute is one changed value of a resource, rendered as text.
type Attribute struct {
	Path      string // "ingress[0].cidr_blocks", "spec.replicas"
	Before    string // empty with !HasBefore: not set before
	After     string
	HasBefore bool
	HasAfter  bool
	Sensitive bool   // masked: Before and After are "(sensitive)"
	Source    string // "static" or "plan"
}

// Change is what happened to one resource (or block, job, service...).
type Change struct {
	Path        string // the file
	Address     string // "aws_s3_bucket.logs", "module.vpc", "apps/Deployment prod/web", "job build"
	Type        string // "aws_s3_bucket", "module", "apps/Deployment", "job"
	Kind        Kind
	From        string // for Moved: the old address
	Environment string // from the path, e.g. "prod"; empty when none
	Line        int    // where it is in the new file (0: removed)
	OldLine     int    // where it was in the old file (0: added)
	Attributes  []Attribute
	// Notes are facts worth a line of their own: "count → for_each:
	// every instance is recreated", "var.region flows into
	// aws_instance.web".
	Notes []string
	// Actions are the plan's real actions ("create", "update",
	// "delete", "replace") when a plan was given.
	Actions []string
	Source  string // "static" or "plan"
}

// Finding is one risk.
type Finding struct {
	Rule        string
	Severity    Severity
	State       State
	Path        string
	Line        int // in the new file; in the old file for Resolved, and for a block the change removed
	Address     string
	Message     string // one sentence
	Environment string
}

// Note is something a reader should know about a file that could not be
// read as infrastructure (it is shown as a text diff instead).
type Note struct {
	Path    string
	Message string
}

// Result is the review of a change.
type Result struct {
	Changes  []Change
	Findings []Finding
	Notes    []Note
}

// Input is what analyzers read.
type Input struct {
	// Files are the changed files.
	Files []File
	// Dir returns the files directly in a directory (not below it) on one
	// side, path → content, so an analyzer can see a whole Terraform
	// module when only one of its files changed. Nil: only Files are
	// known.
	Dir func(ctx context.Context, side Side, dir string) (map[string][]byte, error)
	// Plan is the output of `terraform show -json PLANFILE`, if given.
	Plan []byte
}

// Analyzer reads one family of files.
type Analyzer interface {
	// Name is the family: "terraform", "yaml".
	Name() string
	// Claims reports whether the analyzer reads this file (by its path
	// and, when the path is ambiguous, its content).
	Claims(path string, content []byte) bool
	// Analyze reads every file it claimed, together (a Terraform module
	// is several files). A file it cannot parse gets a Note and at most
	// coarse block-level changes; Analyze returns an error only when the
	// context ends.
	Analyze(ctx context.Context, in *Input, files []File) (Result, error)
	// Rules documents the rules the analyzer reports (docs/rules.md is
	// generated from them).
	Rules() []RuleDoc
}

// PlanReader is an Analyzer that reads Input.Plan: the engine runs it
// whenever a plan is given, even when none of its files changed (a plan
// can change resources the diff does not touch).
type PlanReader interface {
	Analyzer
	ReadsPlan() bool
}

// RuleDoc documents one rule.
type RuleDoc struct {
	ID       string
	Severity Severity // the usual severity; some findings of the rule may differ
	Applies  string   // which files: "Terraform (AWS, Azure, Google)", "Kubernetes workloads"
	Matches  string   // what it matches, precisely
	Why      string   // why it matters
	Silence  string   // how to silence it when it is intended
}

// MaxFileBytes is the largest file analyzers read; larger ones get a
// note and fall back to the text diff.
const MaxFileBytes = 4 << 20
