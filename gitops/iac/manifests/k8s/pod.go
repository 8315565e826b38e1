package k8s

import (
	"fmt"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// pod is the pod spec of a workload and its containers.
type pod struct {
	spec       *ytree.Value
	containers []container
}

type container struct {
	label string // "container web", "init container migrate": the risk key and the message's subject
	v     *ytree.Value
}

// podOf finds the pod spec of a workload: a Pod's spec, a CronJob's job
// template, or spec.template.spec of anything else that has one
// (Deployments, StatefulSets, Jobs, Argo Rollouts, Knative Services).
func podOf(o Object, doc *ytree.Value) (pod, bool) {
	var spec *ytree.Value
	switch o.Kind {
	case "Pod":
		spec = doc.Get("spec")
	case "CronJob":
		spec = doc.At("spec", "jobTemplate", "spec", "template", "spec")
	case "PodTemplate":
		spec = doc.At("template", "spec")
	default:
		spec = doc.At("spec", "template", "spec")
	}
	if spec == nil || spec.Kind != ytree.Map || !spec.Has("containers") {
		return pod{}, false
	}
	p := pod{spec: spec}
	for _, list := range []struct{ key, label string }{
		{"initContainers", "init container "},
		{"containers", "container "},
		{"ephemeralContainers", "ephemeral container "},
	} {
		for i, c := range spec.Get(list.key).List() {
			if c.Kind != ytree.Map {
				continue
			}
			name := c.Get("name").String()
			if name == "" {
				name = fmt.Sprintf("#%d", i+1)
			}
			p.containers = append(p.containers, container{label: list.label + name, v: c})
		}
	}
	return p, true
}

func (p pod) find(label string) *ytree.Value {
	for _, c := range p.containers {
		if c.label == label {
			return c.v
		}
	}
	return nil
}

// hostNamespaces are the pod fields that share a node namespace.
var hostNamespaces = [...]struct{ field, what string }{
	{"hostNetwork", "network"},
	{"hostPID", "process"},
	{"hostIPC", "IPC"},
}

func (f Family) podRisks(p pod) []resource.Risk {
	var out []resource.Risk
	for _, h := range hostNamespaces {
		if v := p.spec.Get(h.field); v.IsTrue() {
			out = append(out, resource.Risk{Rule: "k8s-host-namespace", Severity: iac.High, Key: h.field, Line: v.Line,
				Message: fmt.Sprintf("The pod shares the node's %s namespace (%s: true).", h.what, h.field)})
		}
	}
	podSC := p.spec.Get("securityContext")
	for _, c := range p.containers {
		sc := c.v.Get("securityContext")
		out = appendRisk(out, Privileged(c.label, sc))
		out = append(out, Escalation(c.label, sc)...)
		user, nonRoot := effective(sc, podSC, "runAsUser"), effective(sc, podSC, "runAsNonRoot")
		out = appendRisk(out, RunAsRoot(c.label, user, nonRoot))
		out = appendRisk(out, f.imageRisk(c))
	}
	return out
}

// effective is a container's setting, or the pod's when the container does
// not set it (containers override the pod's securityContext field by
// field).
func effective(sc, podSC *ytree.Value, field string) *ytree.Value {
	if v := sc.Get(field); v != nil && v.Kind != ytree.Null {
		return v
	}
	return podSC.Get(field)
}

func appendRisk(out []resource.Risk, r *resource.Risk) []resource.Risk {
	if r != nil {
		out = append(out, *r)
	}
	return out
}

// Privileged reports securityContext.privileged: true.
func Privileged(subject string, sc *ytree.Value) *resource.Risk {
	v := sc.Get("privileged")
	if !v.IsTrue() {
		return nil
	}
	return &resource.Risk{Rule: "k8s-privileged", Severity: iac.High, Key: subject, Line: v.Line,
		Message: capital(subject) + " runs privileged, with full access to the node's devices and kernel."}
}

// dangerousCaps are capabilities that give a container power over the
// node or its network; the high ones are close to root.
var dangerousCaps = map[string]iac.Severity{
	"ALL": iac.High, "SYS_ADMIN": iac.High, "SYS_MODULE": iac.High, "SYS_PTRACE": iac.High,
	"SYS_RAWIO": iac.High, "DAC_READ_SEARCH": iac.High, "BPF": iac.High, "SYS_BOOT": iac.High,
	"NET_ADMIN": iac.Medium, "SYS_TIME": iac.Medium, "MAC_ADMIN": iac.Medium, "MAC_OVERRIDE": iac.Medium,
	"SYS_RESOURCE": iac.Medium, "PERFMON": iac.Medium, "SETFCAP": iac.Medium, "SYSLOG": iac.Medium,
}

// Escalation reports allowPrivilegeEscalation: true and dangerous added
// capabilities.
func Escalation(subject string, sc *ytree.Value) []resource.Risk {
	var out []resource.Risk
	if v := sc.Get("allowPrivilegeEscalation"); v.IsTrue() {
		out = append(out, resource.Risk{Rule: "k8s-privilege-escalation", Severity: iac.Medium, Key: subject + " allowPrivilegeEscalation", Line: v.Line,
			Message: capital(subject) + " allows privilege escalation (allowPrivilegeEscalation: true), so setuid binaries can gain root."})
	}
	for _, c := range sc.At("capabilities", "add").List() {
		name := strings.TrimPrefix(strings.ToUpper(c.String()), "CAP_")
		sev, ok := dangerousCaps[name]
		if !ok {
			continue
		}
		out = append(out, resource.Risk{Rule: "k8s-privilege-escalation", Severity: sev, Key: subject + " capability " + name, Line: c.Line,
			Message: fmt.Sprintf("%s adds the %s capability, which gives it power over the node beyond a normal process.", capital(subject), name)})
	}
	return out
}

// RunAsRoot reports a container that runs as root: runAsUser 0, or
// runAsNonRoot: false with no non-root user set.
func RunAsRoot(subject string, user, nonRoot *ytree.Value) *resource.Risk {
	if n, ok := user.Int(); ok {
		if n != 0 {
			return nil
		}
		return &resource.Risk{Rule: "k8s-run-as-root", Severity: iac.Medium, Key: subject, Line: user.Line,
			Message: capital(subject) + " runs as root (runAsUser: 0)."}
	}
	if nonRoot.IsFalse() {
		return &resource.Risk{Rule: "k8s-run-as-root", Severity: iac.Medium, Key: subject, Line: nonRoot.Line,
			Message: capital(subject) + " may run as root: runAsNonRoot is false and no non-root runAsUser is set."}
	}
	return nil
}

// NonRootRemoved reports runAsNonRoot: true that no longer applies, when
// no non-root user takes its place.
func NonRootRemoved(subject string, beforeNonRoot, afterUser, afterNonRoot *ytree.Value, line int) *resource.Risk {
	if !beforeNonRoot.IsTrue() || afterNonRoot.IsTrue() {
		return nil
	}
	if n, ok := afterUser.Int(); ok && n != 0 {
		return nil
	}
	return &resource.Risk{Rule: "k8s-run-as-root", Severity: iac.Medium, Key: subject, Line: line,
		Message: capital(subject) + " may run as root: runAsNonRoot: true was removed."}
}

// podChangeRisks compares each container present on both sides.
func podChangeRisks(b, a pod) []resource.Risk {
	var out []resource.Risk
	podB, podA := b.spec.Get("securityContext"), a.spec.Get("securityContext")
	for _, c := range a.containers {
		old := b.find(c.label)
		if old == nil {
			continue
		}
		scB, scA := old.Get("securityContext"), c.v.Get("securityContext")
		line := c.v.Line
		if v := effective(scA, podA, "runAsNonRoot"); v != nil {
			line = v.Line
		}
		out = appendRisk(out, NonRootRemoved(c.label, effective(scB, podB, "runAsNonRoot"),
			effective(scA, podA, "runAsUser"), effective(scA, podA, "runAsNonRoot"), line))
		out = appendRisk(out, LimitsRemoved(c.label, old.Get("resources"), c.v.Get("resources"), c.v.Line))
		out = appendRisk(out, digestReplaced(c.label, old.Get("image"), c.v.Get("image")))
	}
	return out
}

// LimitsRemoved reports resources.limits that lost entries.
func LimitsRemoved(subject string, before, after *ytree.Value, line int) *resource.Risk {
	lb, la := before.Get("limits"), after.Get("limits")
	if !lb.Is(ytree.Map) || len(lb.Pairs) == 0 {
		return nil
	}
	var gone []string
	for _, p := range lb.Pairs {
		if p.Value.Empty() {
			continue
		}
		if v := la.Get(p.Key); v.Empty() {
			gone = append(gone, p.Key)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	if la != nil {
		line = la.Line
	} else if after != nil {
		line = after.Line
	}
	what := strings.Join(gone, " and ")
	noun := "limit"
	if len(gone) > 1 {
		noun = "limits"
	}
	return &resource.Risk{Rule: "k8s-limits-removed", Severity: iac.Medium, Key: subject, Line: line,
		Message: fmt.Sprintf("%s loses its %s %s, so it can take all of the node's %s from its neighbours.",
			capital(subject), what, noun, what)}
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
