package iac

import (
	"strings"
	"testing"
)

// Credentials in these tests are made up; they have the shapes of real
// ones so the detectors see what they would see in the wild.
const (
	awsKeyID  = "AKIAZ7QWERTYUIOP4XYZ"
	awsSecret = "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"
	ghToken   = "ghp_4fT9kLm2Qx7Rz1Vb8Nc3Wd6Yh0Js5Pa2Ge9Ku"
	slack     = "xoxb-2048173651-4096837261-Zr7bT2vW9xLm4Nc1Pk6Hs3Jd"
	gitlab    = "glpat-Zr7bT2vW9xLm4Nc1Pk6H"
)

func TestSecretDetectors(t *testing.T) {
	s := newSecretScanner()
	fire := map[string]string{
		`  access_key = "` + awsKeyID + `"`:                                                                 "AWS access key ID",
		`aws_secret_access_key = "` + awsSecret + `"`:                                                       "AWS secret access key",
		`AWS_SECRET_ACCESS_KEY=` + awsSecret:                                                                "AWS secret access key",
		`        - name: GH_TOKEN` + "\n" + `          value: ` + ghToken:                                   "GitHub token",
		`token = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123"`: "GitHub token",
		`  webhook_token: ` + slack:                                                                         "Slack token",
		`GITLAB_TOKEN="` + gitlab + `"`:                                                                     "GitLab access token",
		`  password = "Zq8#rT2!vW9x"`:                                                                       "literal password",
		`    db_password: 'Pr0d-R00t-2024!'`:                                                                "literal db_password",
		`DB_PASSWORD=Hx7kP2mQ9vL4`:                                                                          "literal DB_PASSWORD",
		`  "client_secret": "8f3a9c2e7b1d4f6a0c5e9b2d7f1a3c8e"`:                                             "literal client_secret",
		`api_key: 9b2d7f1a3c8e8f3a9c2e7b1d4f6a0c5e`:                                                         "literal api_key",
		"private_key = \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\\n-----END RSA PRIVATE KEY-----\"": "private key (rsa private key)",
		"tls.key: |\n  -----BEGIN PRIVATE KEY-----\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n  -----END PRIVATE KEY-----":           "private key (private key)",
	}
	for text, kind := range fire {
		got := s.scan([]byte(text))
		if len(got) != 1 || got[0].kind != kind {
			t.Errorf("%s\n  found %+v, want one %s", text, got, kind)
		}
	}
	for _, text := range []string{
		`  password = var.db_password`,
		`  password = "${var.db_password}"`,
		`  master_password = random_password.db.result`,
		`  password: "{{ .Values.db.password }}"`,
		`  password: "{{ vault_db_password }}"`,
		`        token: ${{ secrets.GITHUB_TOKEN }}`,
		`      MasterUserPassword: !Ref DBPassword`,
		`      MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'`,
		`  password: ENC[AES256_GCM,data:Zr7bT2vW9xLm,iv:Pk6Hs3Jd,tag:x]`,
		`  password = "changeme"`,
		`  password = "<your-password-here>"`,
		`  api_token = "xxxxxxxxxxxxxxxxxxxx"`,
		`  password: ""`,
		`  password_length = 32`,
		`  secretName: db-credentials`,
		`  existingSecret: postgres-auth`,
		`  token_url = "https://auth.example.com/oauth/token"`,
		`  secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"`,
		`  password = "hunter2hunter2"`,
		`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`,
		`aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
		`# -----BEGIN RSA PRIVATE KEY----- goes here`,
		`  password: !vault |`,
		`  private_key_path = "/etc/ssl/private/server.key"`,
		`  kms_key_id = "alias/prod"`,
		"        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}",
		"        - name: LOG_LEVEL\n          value: \"Zq8#rT2!vW9x\"",
		`  environment = [{ name = "DB_PASSWORD", value = var.db_password }]`,
	} {
		if got := s.scan([]byte(text)); len(got) > 0 {
			t.Errorf("%s\n  found %+v", text, got)
		}
	}
}

func TestSecretStates(t *testing.T) {
	s := newSecretScanner()
	before := "resource \"aws_iam_access_key\" \"ci\" {\n  user = \"ci\"\n}\n\nprovider \"aws\" {\n  access_key = \"" + awsKeyID + "\"\n  token      = \"" + ghToken + "\"\n}\n"
	after := "# moved below\nprovider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"" + awsKeyID + "\"\n}\n\nvariable \"gl\" {\n  default = \"" + gitlab + "\"\n}\n"
	findings, values := s.secretFindings(File{Path: "envs/prod/providers.tf", Before: []byte(before), After: []byte(after)})
	got := map[State]int{}
	for _, f := range findings {
		got[f.State] = f.Line
		for _, secret := range []string{awsKeyID, ghToken, gitlab, awsKeyID[4:], ghToken[4:], gitlab[6:]} {
			if strings.Contains(f.Message, secret) {
				t.Errorf("message prints the credential: %s", f.Message)
			}
		}
	}
	// existing: the key id, at its new line; introduced: the GitLab
	// token; resolved: the GitHub token, at its old line
	if len(findings) != 3 || got[Existing] != 4 || got[Introduced] != 8 || got[Resolved] != 7 {
		t.Errorf("findings %+v", findings)
	}
	if len(values) != 3 {
		t.Errorf("values to redact: %d", len(values))
	}
	// an added file introduces, a deleted one resolves
	f, _ := s.secretFindings(File{Path: ".env", After: []byte("GITLAB_TOKEN=" + gitlab + "\n")})
	if len(f) != 1 || f[0].State != Introduced || f[0].Line != 1 || f[0].Severity != Critical {
		t.Errorf("added: %+v", f)
	}
	f, _ = s.secretFindings(File{Path: ".env", Before: []byte("GITLAB_TOKEN=" + gitlab + "\n")})
	if len(f) != 1 || f[0].State != Resolved {
		t.Errorf("deleted: %+v", f)
	}
}

func TestSecretMasking(t *testing.T) {
	s := newSecretScanner()
	for _, v := range []string{awsKeyID, ghToken, slack, gitlab, "Zq8#rT2!vW9x"} {
		f, _ := s.secretFindings(File{Path: "a.tf", After: []byte(`  secret = "` + v + `"` + "\n")})
		if len(f) != 1 {
			t.Errorf("%s: %+v", v, f)
			continue
		}
		// No run of 5 characters of the credential beyond its public
		// prefix appears in the message.
		for i := 0; i+5 <= len(v); i++ {
			if i >= 6 && strings.Contains(f[0].Message, v[i:i+5]) {
				t.Errorf("message %q shows %q of the credential", f[0].Message, v[i:i+5])
				break
			}
		}
	}
	c := Change{Attributes: []Attribute{{Path: "access_key", Before: "", After: awsKeyID}, {Path: "region", After: "eu-west-1"}}, Notes: []string{"uses " + awsKeyID}}
	orig := c.Attributes
	redact(&c, []string{awsKeyID})
	if c.Attributes[0].After != "********" || c.Attributes[1].After != "eu-west-1" || c.Notes[0] != "uses ********" || orig[0].After != awsKeyID {
		t.Errorf("redacted %+v (original %+v)", c, orig)
	}
}

func TestSecretsSkipKubernetesSecretData(t *testing.T) {
	s := newSecretScanner()
	doc := `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: DB_PASSWORD
              value: "Zq8#rT2!vW9x"
---
apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: "Pr0d-R00t-2024!"
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq7kP2mQ9vL4
    api_key: ` + ghToken + `
`
	got := s.scan([]byte(doc))
	// The Deployment's literal is found; the Secret's values are left to
	// k8s-plaintext-secret and the sealed ones are ciphertext; a token of
	// a known format is found anywhere.
	if len(got) != 2 || got[0].line != 12 || got[1].kind != "GitHub token" {
		t.Errorf("found %+v", got)
	}
}
