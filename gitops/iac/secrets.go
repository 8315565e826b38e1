package iac

import (
	"bytes"
	"math"
	"path"
	"regexp"
	"strings"
)

// SecretRule is the id of the secret rule, which the engine runs on every
// file an analyzer reads (and on .env and .properties files).
const SecretRule = "secret-literal"

// SecretRuleDoc documents secret-literal.
func SecretRuleDoc() RuleDoc {
	return RuleDoc{
		ID:       SecretRule,
		Severity: Critical,
		Applies:  "every file an analyzer reads (Terraform, Kubernetes, Helm, CloudFormation, Compose, GitHub Actions, Ansible...), plus .env, .properties and Puppet files",
		Matches: "AWS access key ids (AKIA/ASIA + 16 characters), AWS secret keys assigned to aws_secret_access_key-like names, " +
			"private key blocks (-----BEGIN ... PRIVATE KEY----- followed by key material), GitHub tokens (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_), " +
			"Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-), GitLab personal access tokens (glpat-): critical. " +
			"A quoted or plain literal of 8 characters or more assigned to a name ending in password, secret, token, api_key or private_key, " +
			"that looks random (mixed character classes or high entropy): high. Not matched: references and templates (`${var.x}`, `var.x`, " +
			"`{{ .Values.x }}`, `${{ secrets.X }}`, `!Ref`, `ENC[...]`, `vault:`), placeholders (changeme, example, xxxx, <token>, empty), " +
			"names of secrets (secretName: db-credentials), Kubernetes Secret and SealedSecret data (k8s-plaintext-secret covers those), " +
			"and the AWS documentation keys ending in EXAMPLE. The message masks the value.",
		Why: "A credential committed to Git is readable by everyone with the repository, in every clone and fork, forever: " +
			"removing it in a later commit does not remove it from history. It must be rotated, and read from a secret store " +
			"(a variable marked sensitive, Vault, AWS Secrets Manager, a sealed or external secret) instead.",
		Silence: "Rotate the credential and replace it with a reference. For a deliberate test fixture, turn the rule off for its path in " +
			".reef/review.yaml (`severity: [{rule: secret-literal, paths: [\"test/fixtures/**\"], level: off}]`).",
	}
}

// secret is one credential found on one side of a file.
type secret struct {
	kind  string // "AWS access key ID"
	value string // the credential itself: the identity across sides
	shown string // the masked form for messages
	line  int
	sev   Severity
}

// detector finds one kind of credential in a line.
type detector struct {
	kind string
	re   *regexp.Regexp
	// group is the submatch holding the credential; keep is how many of
	// its leading characters are a public prefix that may be shown.
	group, keep int
	// hint is a lower-case substring a line must contain, a cheap filter
	// before the regular expression.
	hints []string
}

// secretNames matches a name that says credential: it ends in one of
// the words (db_password, GH_TOKEN, client_secret), so secret_name,
// token_url or password_length do not count.
const secretNames = `([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api_?key|private_?key|secret_?key))`

// secretValue matches an assigned value: double-quoted, single-quoted or
// plain up to a space, comma, quote, comment or brace (three groups, one
// of which matches).
const secretValue = `(?:"([^"\\]*)"|'([^'\\]*)'|([^\s"',#}]+))`

// secretScanner holds the compiled detectors of one review (compiled per
// review rather than held in package variables).
type secretScanner struct {
	detectors []detector
	generic   *regexp.Regexp
	pair      *regexp.Regexp
	nameLine  *regexp.Regexp
	valueLine *regexp.Regexp
	privKey   *regexp.Regexp
	material  *regexp.Regexp
}

func newSecretScanner() *secretScanner {
	return &secretScanner{
		detectors: []detector{
			{kind: "AWS access key ID", re: regexp.MustCompile(`\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b`), group: 1, keep: 4, hints: []string{"akia", "asia", "abia", "acca"}},
			{kind: "AWS secret access key", re: regexp.MustCompile(`(?i)(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*(?:=|:|=>)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`), group: 1, hints: []string{"secret"}},
			{kind: "GitHub token", re: regexp.MustCompile(`\b((?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36,255})\b`), group: 1, keep: 4, hints: []string{"ghp_", "gho_", "ghs_", "ghu_", "ghr_"}},
			{kind: "GitHub token", re: regexp.MustCompile(`\b(github_pat_[A-Za-z0-9_]{50,255})\b`), group: 1, keep: 11, hints: []string{"github_pat_"}},
			{kind: "Slack token", re: regexp.MustCompile(`\b(xox[abprs]-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)\b`), group: 1, keep: 5, hints: []string{"xox"}},
			{kind: "GitLab access token", re: regexp.MustCompile(`\b(glpat-[0-9A-Za-z_-]{20,})`), group: 1, keep: 6, hints: []string{"glpat-"}},
		},
		// name (optionally quoted) then =, : or =>, then a value: quoted,
		// or plain up to a space, comma or comment.
		generic:   regexp.MustCompile(`(?i)(?:^|[\s{,"'(])["']?` + secretNames + `["']?\s*(?:=|:|=>)\s*` + secretValue),
		pair:      regexp.MustCompile(`(?i)\bname["']?\s*(?:=|:)\s*["']` + secretNames + `["']\s*,?\s*["']?value["']?\s*(?:=|:)\s*` + secretValue),
		nameLine:  regexp.MustCompile(`(?i)^\s*(?:-\s+)?name:\s*["']?` + secretNames + `["']?\s*$`),
		valueLine: regexp.MustCompile(`^\s*value:\s*` + secretValue + `\s*$`),
		privKey:   regexp.MustCompile(`-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----`),
		material:  regexp.MustCompile(`[A-Za-z0-9+/=]{24,}`),
	}
}

// scan returns the credentials in one side of a file.
func (s *secretScanner) scan(data []byte) []secret {
	if len(data) == 0 {
		return nil
	}
	lower := bytes.ToLower(data)
	skip := secretDocs(data)
	var out []secret
	prevName := ""
	line, start := 1, 0
	for start <= len(data) {
		end := bytes.IndexByte(data[start:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += start
		}
		text, low := string(data[start:end]), lower[start:end]
		out = s.scanLine(out, text, low, line, skip[line], prevName)
		prevName = s.secretName(text)
		if bytes.Contains(low, []byte("private key")) {
			if m := s.privKey.FindStringSubmatchIndex(text); m != nil {
				// Key material must follow (on this line, escaped, or the
				// next lines): a bare header in documentation is no key.
				tail := data[start+m[1] : min(len(data), start+m[1]+400)]
				if mat := s.material.Find(tail); mat != nil {
					out = append(out, secret{kind: "private key (" + strings.ToLower(text[m[2]:m[3]]) + ")", value: string(mat), shown: "-----BEGIN " + text[m[2]:m[3]] + "-----", line: line, sev: Critical})
				}
			}
		}
		line++
		start = end + 1
	}
	return out
}

func (s *secretScanner) scanLine(out []secret, text string, low []byte, line int, inSecretDoc bool, prevName string) []secret {
	for _, d := range s.detectors {
		if !containsAny(low, d.hints) {
			continue
		}
		for _, m := range d.re.FindAllStringSubmatch(text, -1) {
			v := m[d.group]
			if placeholder(v) {
				continue
			}
			out = append(out, secret{kind: d.kind, value: v, shown: mask(v, d.keep), line: line, sev: Critical})
		}
	}
	if inSecretDoc {
		return out
	}
	for _, c := range s.candidates(text, low, prevName) {
		if !genericSecret(c[0], c[1]) {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o.line == line && strings.Contains(c[1], o.value)
		}
		if !dup {
			out = append(out, secret{kind: "literal " + c[0], value: c[1], shown: "(" + itoa(len(c[1])) + " characters, masked)", line: line, sev: High})
		}
	}
	return out
}

// candidates returns the (name, value) pairs of a line whose name says
// credential: `password = "..."`, `{name: DB_PASSWORD, value: ...}` on
// one line, or a `value:` line after a `- name: DB_PASSWORD` line (a
// container's env list).
func (s *secretScanner) candidates(text string, low []byte, prevName string) [][2]string {
	var out [][2]string
	if prevName != "" {
		if m := s.valueLine.FindStringSubmatch(text); m != nil {
			out = append(out, [2]string{prevName, m[1] + m[2] + m[3]})
		}
	}
	if !containsAny(low, []string{"pass", "pwd", "secret", "token", "key"}) {
		return out
	}
	for _, m := range s.pair.FindAllStringSubmatch(text, -1) {
		out = append(out, [2]string{m[1], m[2] + m[3] + m[4]})
	}
	for _, m := range s.generic.FindAllStringSubmatch(text, -1) {
		out = append(out, [2]string{m[1], m[2] + m[3] + m[4]})
	}
	return out
}

// secretName returns the name a `name: X` line gives when X says
// credential, for the `value:` line that may follow.
func (s *secretScanner) secretName(text string) string {
	if m := s.nameLine.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// genericSecret decides whether name = value is a credential literal.
func genericSecret(name, v string) bool {
	n := strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(name))
	if strings.HasPrefix(n, "existing") || strings.HasSuffix(n, "secretsecret") {
		return false
	}
	if len(v) < 8 || len(v) > 512 || placeholder(v) || reference(v) {
		return false
	}
	if identifierLike(v) {
		return false
	}
	return classes(v) >= 3 || entropy(v) >= 3.5
}

// reference reports values that point at a secret rather than hold one:
// interpolations, templates, expressions, tags and secret-store URIs.
func reference(v string) bool {
	for _, s := range []string{"${", "{{", "$(", "((", "<%", "%{", "#{"} {
		if strings.Contains(v, s) {
			return true
		}
	}
	low := strings.ToLower(v)
	for _, pre := range []string{"var.", "local.", "data.", "module.", "each.", "!", "$", "enc[", "vault:", "arn:", "ref+", "sm://", "gcp:", "secret://", "op://", "awssecretsmanager", "azurekeyvault", "http://", "https://", "file:", "/"} {
		if strings.HasPrefix(low, pre) {
			return true
		}
	}
	return false
}

// placeholder reports obvious stand-ins for a real value.
func placeholder(v string) bool {
	low := strings.ToLower(v)
	for _, w := range []string{"example", "changeme", "change_me", "change-me", "replace", "placeholder", "your", "dummy", "redacted", "xxxx", "****", "....", "todo", "fixme", "sample", "insert", "<", ">", "notasecret", "not-a-secret"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	// one character repeated, or a run of one character: aaaaaaaa, 00000000
	same := 0
	for i := 1; i < len(v); i++ {
		if v[i] == v[i-1] {
			same++
		}
	}
	return same*2 >= len(v)
}

// identifierLike reports names made of lower-case words (db-credentials,
// app_secret_key, vault.token.path): what a config calls a secret, not
// the secret.
func identifierLike(v string) bool {
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r == '-' || r == '_' || r == '.' || r == '/') {
			return false
		}
	}
	return true
}

// classes counts the character classes in v: lower, upper, digit, other.
func classes(v string) int {
	var l, u, d, o int
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z':
			l = 1
		case r >= 'A' && r <= 'Z':
			u = 1
		case r >= '0' && r <= '9':
			d = 1
		default:
			o = 1
		}
	}
	return l + u + d + o
}

// entropy is the Shannon entropy of v in bits per character.
func entropy(v string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
	}
	e := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		e -= p * math.Log2(p)
	}
	return e
}

// mask shows a credential's public prefix and hides the rest.
func mask(v string, keep int) string {
	if keep > len(v)/2 {
		keep = 0
	}
	return v[:keep] + strings.Repeat("*", 8) + " (" + itoa(len(v)) + " characters)"
}

func containsAny(low []byte, hints []string) bool {
	for _, h := range hints {
		if bytes.Contains(low, []byte(h)) {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// secretDocs marks the lines holding Kubernetes secrets by design: YAML
// documents of kind Secret or SealedSecret, and a kustomization's
// secretGenerator block. Plain ones are k8s-plaintext-secret's business
// and sealed ones are ciphertext, so the generic literal check leaves
// them alone (tokens of a known format are still found there).
func secretDocs(data []byte) map[int]bool {
	if !bytes.Contains(data, []byte("Secret")) && !bytes.Contains(data, []byte("secretGenerator")) {
		return nil
	}
	marks := map[int]bool{}
	lines := strings.Split(string(data), "\n")
	start := 0
	flush := func(end int) {
		secretDoc := false
		for _, l := range lines[start:end] {
			if k, ok := strings.CutPrefix(strings.TrimRight(l, " \r"), "kind:"); ok {
				k = strings.Trim(strings.TrimSpace(k), `"'`)
				secretDoc = k == "Secret" || k == "SealedSecret"
			}
		}
		if secretDoc {
			for i := start; i < end; i++ {
				marks[i+1] = true
			}
		}
	}
	generator := false
	for i, l := range lines {
		if strings.HasPrefix(l, "---") {
			flush(i)
			start = i + 1
		}
		// A top-level key starts or ends a secretGenerator block.
		if l != "" && l[0] != ' ' && l[0] != '-' && l[0] != '#' {
			generator = strings.HasPrefix(l, "secretGenerator:")
		}
		if generator {
			marks[i+1] = true
		}
	}
	flush(len(lines))
	return marks
}

// secretFile reports files the engine scans for credentials although no
// analyzer reads them: dotenv and Java properties files, Puppet manifests.
func secretFile(p string) bool {
	base := strings.ToLower(path.Base(p))
	switch {
	case base == ".env", strings.HasPrefix(base, ".env."), strings.HasSuffix(base, ".env"):
		return !strings.HasSuffix(base, ".example") && !strings.HasSuffix(base, ".sample") && !strings.HasSuffix(base, ".template")
	case strings.HasSuffix(base, ".properties"), strings.HasSuffix(base, ".pp"):
		return true
	}
	return false
}
