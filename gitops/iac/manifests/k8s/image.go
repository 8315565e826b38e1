package k8s

import (
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// ImageRef is a container image reference split into its parts.
type ImageRef struct {
	Name   string // registry and repository: "ghcr.io/acme/api"
	Tag    string
	Digest string // "sha256:..."
}

// ParseImage splits an image reference; ok is false for references that
// are filled in later (${IMAGE}, {{ .Values.image }}), which say nothing
// about pinning.
func ParseImage(s string) (ImageRef, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "${}<> ") {
		return ImageRef{}, false
	}
	var r ImageRef
	if i := strings.IndexByte(s, '@'); i >= 0 {
		s, r.Digest = s[:i], s[i+1:]
	}
	slash := strings.LastIndexByte(s, '/')
	if i := strings.LastIndexByte(s, ':'); i > slash {
		s, r.Tag = s[:i], s[i+1:]
	}
	r.Name = s
	return r, r.Name != ""
}

// Unpinned says why a reference can change under the same name: "latest"
// or "no tag"; "" when it is pinned by a digest or a tag.
func (r ImageRef) Unpinned() string {
	switch {
	case r.Digest != "":
		return ""
	case r.Tag == "":
		return "no tag"
	case strings.EqualFold(r.Tag, "latest"):
		return "latest"
	}
	return ""
}

func (f Family) imageRisk(c container) *resource.Risk {
	v := c.v.Get("image")
	ref, ok := ParseImage(v.String())
	if !ok || f.KustomizeImages[ref.Name] {
		return nil
	}
	return ImageRisk(c.label, v, ref)
}

// ImageRisk reports an image reference that is :latest or has no tag.
func ImageRisk(subject string, v *ytree.Value, ref ImageRef) *resource.Risk {
	switch ref.Unpinned() {
	case "latest":
		return &resource.Risk{Rule: "k8s-image-unpinned", Severity: iac.Medium, Key: subject, Line: v.Line,
			Message: capital(subject) + " uses " + v.String() + ", which points at whatever was pushed last."}
	case "no tag":
		return &resource.Risk{Rule: "k8s-image-unpinned", Severity: iac.Medium, Key: subject, Line: v.Line,
			Message: capital(subject) + " uses " + v.String() + " with no tag, which means :latest."}
	}
	return nil
}

// digestReplaced reports an image that was pinned by digest and now is
// only tagged: a tag can be pushed again, a digest cannot.
func digestReplaced(subject string, before, after *ytree.Value) *resource.Risk {
	b, okb := ParseImage(before.String())
	a, oka := ParseImage(after.String())
	if !okb || !oka || b.Digest == "" || a.Digest != "" {
		return nil
	}
	return DigestRisk(subject, after, a)
}

// DigestRisk is the finding for an image whose digest was replaced by a
// tag.
func DigestRisk(subject string, v *ytree.Value, ref ImageRef) *resource.Risk {
	what := "tag " + ref.Tag
	if ref.Tag == "" {
		what = "no tag"
	}
	if ref.Name != "" {
		what += " (" + strings.TrimSuffix(ref.Name+":"+ref.Tag, ":") + ")"
	}
	return &resource.Risk{Rule: "k8s-image-unpinned", Severity: iac.Low, Key: subject, Line: v.Line,
		Message: capital(subject) + " was pinned by digest and now uses " + what + ", which can be pushed again."}
}
