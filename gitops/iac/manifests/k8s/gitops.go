package k8s

import (
	"fmt"
	"regexp"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// argoSpec is the Application spec of an Argo CD Application, or the
// template of an ApplicationSet; prefix is its path for messages.
func argoSpec(o Object, doc *ytree.Value) (spec *ytree.Value, prefix string) {
	if o.Group != "argoproj.io" {
		return nil, ""
	}
	switch o.Kind {
	case "Application":
		return doc.Get("spec"), "spec."
	case "ApplicationSet":
		return doc.At("spec", "template", "spec"), "spec.template.spec."
	}
	return nil, ""
}

// argoAutomated is the automated sync policy when it is on: present and
// not switched off with enabled: false (Argo CD 2.14+).
func argoAutomated(spec *ytree.Value) *ytree.Value {
	a := spec.At("syncPolicy", "automated")
	if a == nil || a.Get("enabled").IsFalse() {
		return nil
	}
	return a
}

func gitopsRisks(o Object, doc *ytree.Value) []resource.Risk {
	var out []resource.Risk
	if spec, prefix := argoSpec(o, doc); spec != nil {
		if p := argoAutomated(spec).Get("prune"); p.IsTrue() {
			out = append(out, pruneRisk(prefix+"syncPolicy.automated.prune", p.Line,
				"Argo CD deletes live resources as soon as they disappear from git"))
		}
		if s := spec.Get("source"); s != nil {
			out = appendRisk(out, argoRevision(prefix+"source.targetRevision", prefix+"source", s))
		}
		for i, s := range spec.Get("sources").List() {
			// The key names the source by repository and path, so
			// reordering sources moves no finding.
			key := prefix + "sources[" + s.Get("repoURL").String() + " " + s.Get("path").String() + s.Get("chart").String() + "]"
			out = appendRisk(out, argoRevision(fmt.Sprintf("%ssources[%d].targetRevision", prefix, i), key, s))
		}
	}
	switch o.Group + "/" + o.Kind {
	case "kustomize.toolkit.fluxcd.io/Kustomization":
		if p := doc.At("spec", "prune"); p.IsTrue() {
			out = append(out, pruneRisk("spec.prune", p.Line,
				"Flux deletes cluster objects as soon as they disappear from the source"))
		}
	}
	switch o.Group + "/" + o.Kind {
	case "source.toolkit.fluxcd.io/GitRepository":
		out = appendRisk(out, fluxGitRef(doc))
	case "helm.toolkit.fluxcd.io/HelmRelease":
		if c := doc.At("spec", "chart", "spec"); c != nil {
			v := c.Get("version")
			if v == nil || chartRange(v.String()) {
				out = append(out, unpinned("spec.chart.spec.version", lineOr(v, c.Line),
					fmt.Sprintf("The chart version %s lets Flux upgrade the release to any new chart matching it.", describe(v))))
			}
		}
	}
	return out
}

func pruneRisk(field string, line int, why string) resource.Risk {
	return resource.Risk{Rule: "gitops-prune-enabled", Severity: iac.Medium, Key: field, Line: line,
		Message: "Pruning is on (" + field + ": true): " + why + ", including by a bad merge or a moved path."}
}

func unpinned(field string, line int, msg string) resource.Risk {
	return resource.Risk{Rule: "gitops-unpinned-revision", Severity: iac.Medium, Key: field, Line: line, Message: msg}
}

func lineOr(v *ytree.Value, line int) int {
	if v != nil {
		return v.Line
	}
	return line
}

func describe(v *ytree.Value) string {
	if v == nil || v.String() == "" {
		return "(unset)"
	}
	return v.String()
}

var (
	sha      = regexp.MustCompile(`^[0-9a-f]{40}$`)
	versionT = regexp.MustCompile(`^v?\d+(\.\d+){0,3}([-+][0-9A-Za-z.\-+]+)?$`)
)

// argoRevision reports a source that follows a moving revision: HEAD or a
// branch for git, a range for a Helm chart.
func argoRevision(field, key string, s *ytree.Value) *resource.Risk {
	if s == nil || s.Kind != ytree.Map {
		return nil
	}
	v := s.Get("targetRevision")
	rev := strings.TrimSpace(v.String())
	if strings.Contains(rev, "{{") {
		return nil // an ApplicationSet fills it per application
	}
	if s.Has("chart") {
		if rev == "" || chartRange(rev) {
			r := unpinned(key, lineOr(v, s.Line),
				fmt.Sprintf("The chart version %s lets Argo CD deploy any new chart release that matches it.", describe(v)))
			return &r
		}
		return nil
	}
	if sha.MatchString(rev) || versionT.MatchString(rev) || strings.HasPrefix(rev, "refs/tags/") {
		return nil
	}
	what := "branch " + rev
	if rev == "" || rev == "HEAD" {
		what = "HEAD (the default branch)"
	}
	r := unpinned(key, lineOr(v, s.Line),
		fmt.Sprintf("%s follows %s, so any push deploys without a change here; pin a tag or commit.", field, what))
	return &r
}

// chartRange reports a Helm version constraint rather than one version:
// empty (latest), *, ranges (>=1.2, ^1.2, ~1.2) and wildcards (1.x).
func chartRange(v string) bool {
	return !versionT.MatchString(strings.TrimSpace(v))
}

// fluxGitRef reports a GitRepository that follows a branch (or names no
// ref, which means master).
func fluxGitRef(doc *ytree.Value) *resource.Risk {
	spec := doc.Get("spec")
	ref := spec.Get("ref")
	for _, k := range []string{"commit", "tag", "semver"} {
		if ref.Get(k).String() != "" {
			return nil
		}
	}
	if name := ref.Get("name").String(); name != "" {
		if strings.HasPrefix(name, "refs/tags/") {
			return nil
		}
		r := unpinned("spec.ref", ref.Get("name").Line,
			fmt.Sprintf("The source follows %s, so any push deploys without a change here; pin a tag, semver range or commit.", name))
		return &r
	}
	branch := ref.Get("branch").String()
	line := lineOr(ref.Get("branch"), lineOr(ref, lineOr(spec, doc.Line)))
	what := "branch " + branch
	if branch == "" {
		what = "the master branch (no ref set)"
	}
	r := unpinned("spec.ref", line,
		fmt.Sprintf("The source follows %s, so any push deploys without a change here; pin a tag, semver range or commit.", what))
	return &r
}

// gitopsFacts are notes on how a change alters delivery: Argo CD's sync
// mode and Flux's suspension.
func gitopsFacts(b, a *resource.Resource) []string {
	var out []string
	sb, sa := syncMode(b), syncMode(a)
	switch {
	case sa != "" && sb != "" && sa != sb:
		out = append(out, "sync: "+sb+" → "+sa)
	case sa != "" && b == nil:
		out = append(out, "sync: "+sa)
	}
	if a != nil && suspended(a) && (b == nil || !suspended(b)) {
		out = append(out, "reconciliation is suspended (spec.suspend: true)")
	}
	if a != nil && b != nil && suspended(b) && !suspended(a) {
		out = append(out, "reconciliation resumes (spec.suspend removed or false)")
	}
	return out
}

// syncMode describes an Argo CD sync policy: "manual" or "automated
// (prune, selfHeal)"; "" for other objects.
func syncMode(r *resource.Resource) string {
	if r == nil {
		return ""
	}
	o, _ := Identify(r.Doc)
	spec, _ := argoSpec(o, r.Doc)
	if spec == nil {
		return ""
	}
	auto := argoAutomated(spec)
	if auto == nil {
		return "manual"
	}
	var opts []string
	for _, k := range []string{"prune", "selfHeal", "allowEmpty"} {
		if auto.Get(k).IsTrue() {
			opts = append(opts, k)
		}
	}
	if len(opts) == 0 {
		return "automated"
	}
	return "automated (" + strings.Join(opts, ", ") + ")"
}

func suspended(r *resource.Resource) bool {
	o, _ := Identify(r.Doc)
	return strings.HasSuffix(o.Group, "toolkit.fluxcd.io") && r.Doc.At("spec", "suspend").IsTrue()
}
