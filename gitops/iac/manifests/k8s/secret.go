package k8s

import (
	"encoding/base64"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// managedMarkers are annotation prefixes of tools that keep the real
// values out of git (the file is a template or a controller's output).
var managedMarkers = [...]string{
	"sealedsecrets.bitnami.com/",
	"external-secrets.io/",
	"reconcile.external-secrets.io/",
	"avp.kubernetes.io/",
	"kubernetes.io/service-account.",
}

// plainSecret reports whether a Secret's values are readable in git: not
// encrypted by SOPS and not managed by a tool that injects them.
func plainSecret(o Object, doc *ytree.Value) bool {
	if o.Type() != "Secret" || doc.Has("sops") {
		return false
	}
	for _, p := range doc.At("metadata", "annotations").Entries() {
		for _, m := range managedMarkers {
			if strings.HasPrefix(p.Key, m) {
				return false
			}
		}
	}
	return true
}

// placeholder reports values that are filled in at deploy time or
// encrypted: ${VAR}, {{ .Values.x }}, <path:vault#key>, SOPS's ENC[...].
func placeholder(s string, encoded bool) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "ENC[") || strings.Contains(s, "${") || strings.Contains(s, "{{") ||
		strings.HasPrefix(s, "<path:") || strings.HasPrefix(s, "$(") {
		return true
	}
	if encoded {
		b, err := base64.StdEncoding.DecodeString(s)
		if err == nil && (len(strings.TrimSpace(string(b))) == 0 || placeholder(string(b), false)) {
			return true
		}
	}
	return false
}

func secretRisks(o Object, doc *ytree.Value) []resource.Risk {
	if !plainSecret(o, doc) {
		return nil
	}
	var out []resource.Risk
	for _, field := range []string{"stringData", "data"} {
		for _, p := range doc.Get(field).Entries() {
			if p.Value.Kind != ytree.Scalar || placeholder(p.Value.Text, field == "data") {
				continue
			}
			how := "in plain text"
			if field == "data" {
				how = "base64-encoded, which is not encryption"
			}
			out = append(out, resource.Risk{Rule: "k8s-plaintext-secret", Severity: iac.High, Key: "key " + p.Key, Line: p.Line,
				Message: "Secret key " + p.Key + " is committed to git " + how + "; use Sealed Secrets, SOPS or External Secrets."})
		}
	}
	return out
}

// secretChangeRisks reports new values of keys that were already in
// plain text: the new secret is exposed even though the key is not new.
func secretChangeRisks(o Object, b, a *ytree.Value) []resource.Risk {
	if !plainSecret(o, a) {
		return nil
	}
	var out []resource.Risk
	for _, r := range secretRisks(o, a) {
		key := strings.TrimPrefix(r.Key, "key ")
		vb, va := secretValue(b, key), secretValue(a, key)
		if vb != "" && va != "" && vb != va {
			r.Message = "Secret key " + key + " gets a new value committed to git in plain text; use Sealed Secrets, SOPS or External Secrets."
			out = append(out, r)
		}
	}
	return out
}

// secretValue is a key's value with data decoded, so moving a value from
// stringData to data is not a new secret.
func secretValue(doc *ytree.Value, key string) string {
	if v := doc.At("stringData", key); v != nil {
		return v.String()
	}
	s := doc.At("data", key).String()
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return string(b)
	}
	return s
}
