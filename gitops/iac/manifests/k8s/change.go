package k8s

import (
	"fmt"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// scaled are the kinds whose spec.replicas is a pod count.
func scaled(o Object) bool {
	switch o.Kind {
	case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController":
		return true
	case "Rollout":
		return o.Group == "argoproj.io"
	}
	return false
}

func replicaRisks(o Object, b, a *ytree.Value, prod bool) []resource.Risk {
	if !scaled(o) {
		return nil
	}
	vb, va := b.At("spec", "replicas"), a.At("spec", "replicas")
	if va == nil {
		// Removing the field usually hands scaling to an autoscaler.
		return nil
	}
	before := int64(1) // the API's default
	if vb != nil {
		n, ok := vb.Int()
		if !ok {
			return nil
		}
		before = n
	}
	after, ok := va.Int()
	if !ok {
		return nil
	}
	r := ReplicasRisk("spec.replicas", before, after, prod, va.Line)
	if r == nil {
		return nil
	}
	return []resource.Risk{*r}
}

// ReplicasRisk grades a replica count going down: to 0 is high (nothing
// serves), from two or more to 1 is medium (no redundancy); each is one
// level higher in production.
func ReplicasRisk(field string, before, after int64, prod bool, line int) *resource.Risk {
	var sev iac.Severity
	var why string
	switch {
	case after == 0 && before > 0:
		sev, why = iac.High, "nothing is left serving"
	case after == 1 && before >= 2:
		sev, why = iac.Medium, "a single pod has no redundancy during a rollout or a node failure"
	default:
		return nil
	}
	where := ""
	if prod {
		sev++
		where = " in production"
	}
	return &resource.Risk{Rule: "k8s-replicas-reduced", Severity: sev, Key: field, Line: line,
		Message: fmt.Sprintf("%s goes from %d to %d%s: %s.", field, before, after, where, why)}
}

// immutable lists the fields of a kind that the API server refuses to
// change on an existing object.
func immutable(o Object) [][]string {
	switch o.Type() {
	case "apps/Deployment", "apps/ReplicaSet", "apps/DaemonSet":
		return [][]string{{"spec", "selector"}}
	case "apps/StatefulSet":
		return [][]string{{"spec", "selector"}, {"spec", "volumeClaimTemplates"}, {"spec", "serviceName"}, {"spec", "podManagementPolicy"}}
	case "batch/Job":
		return [][]string{{"spec", "selector"}, {"spec", "template"}}
	case "PersistentVolumeClaim":
		return [][]string{{"spec", "storageClassName"}, {"spec", "accessModes"}, {"spec", "volumeName"}, {"spec", "volumeMode"}, {"spec", "selector"}, {"spec", "dataSource"}}
	}
	return nil
}

func immutableRisks(o Object, b, a *ytree.Value) []resource.Risk {
	var out []resource.Risk
	add := func(field string, v *ytree.Value, line int) {
		if v != nil {
			line = v.Line
		}
		out = append(out, resource.Risk{Rule: "k8s-immutable-field", Severity: iac.High, Key: field, Line: line,
			Message: fmt.Sprintf("%s of a %s cannot change: the apply is rejected until the object is deleted and recreated.", field, o.Kind)})
	}
	line := lineOf(a)
	for _, path := range immutable(o) {
		vb, va := b.At(path...), a.At(path...)
		if vb == nil && va == nil || ytree.Equal(vb, va) {
			continue
		}
		// A selector or template removed from the file is left as it
		// is by kubectl apply for these kinds; only a new value fails.
		if va == nil && o.Kind != "StatefulSet" {
			continue
		}
		add(joinPath(path), va, line)
	}
	if o.Type() == "Service" {
		vb, va := b.At("spec", "clusterIP"), a.At("spec", "clusterIP")
		// The API assigns an address when none is given; giving one
		// (or None) later, or a different one, is refused.
		if va != nil && va.String() != "" && !ytree.Equal(vb, va) {
			add("spec.clusterIP", va, line)
		}
	}
	if o.Type() == "ConfigMap" || o.Type() == "Secret" {
		if b.Get("immutable").IsTrue() {
			for _, k := range []string{"data", "binaryData", "stringData"} {
				if !ytree.Equal(b.Get(k), a.Get(k)) {
					add(k, a.Get(k), line)
				}
			}
		}
	}
	return out
}

func joinPath(p []string) string {
	s := ""
	for _, k := range p {
		s = ytree.PathKey(s, k)
	}
	return s
}
