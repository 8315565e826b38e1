package iac

import "testing"

func TestEnvironmentOf(t *testing.T) {
	e, err := NewEnvironments([]EnvPattern{
		{Pattern: "regions/*/prod/**", Name: "prod"},
		{Pattern: "accounts/{env}/**"},
		{Pattern: "*.secret.yaml", Name: "vault"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		// built-in directory layouts, anywhere in the path
		"envs/prod/network/main.tf":                      "prod",
		"infra/env/staging/main.tf":                      "staging",
		"environments/production/eks.tf":                 "production",
		"k8s/overlays/prod-eu/kustomization.yaml":        "prod-eu",
		"live/prod/us-east-1/vpc/terragrunt.hcl":         "prod",
		"stages/qa/app.tf":                               "qa",
		"clusters/production/flux-system/gotk-sync.yaml": "production",
		"envs/prod/overlays/canary/deploy.yaml":          "prod", // the outermost wins
		// a bare known name as a directory
		"terraform/staging/main.tf": "staging",
		"k8s/dev/deploy.yaml":       "dev",
		// file names
		"prod.tfvars":                   "prod",
		"vars/production.auto.tfvars":   "production",
		"terraform.staging.tfvars":      "staging",
		"charts/api/values-prod.yaml":   "prod",
		"charts/api/values.staging.yml": "staging",
		"config/.env":                   "",
		"deploy/dev.env":                "dev",
		// none
		"terraform.tfvars":                 "",
		"common.tfvars":                    "",
		"modules/vpc/main.tf":              "",
		"charts/api/values.yaml":           "",
		"envs/main.tf":                     "", // envs/ holds a file, not an environment
		"tests/prod_test.go":               "",
		".github/workflows/deploy.yml":     "",
		"ansible/roles/web/tasks/main.yml": "",
		// configured patterns come first
		"regions/eu-west-1/prod/vpc/main.tf": "prod",
		"accounts/acme-shared/iam.tf":        "acme-shared",
		"envs/dev/db.secret.yaml":            "vault",
	} {
		if got := e.Of(path); got != want {
			t.Errorf("Of(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestIsProd(t *testing.T) {
	for env, want := range map[string]bool{
		"prod": true, "Production": true, "prd": true, "live": true, "prod-eu": true, "us_production": true,
		"staging": false, "preprod": false, "pre-prod": false, "non-prod": false, "nonprod": false, "prod.us": true, "dev": false, "": false, "products": false,
	} {
		if IsProd(env) != want {
			t.Errorf("IsProd(%q) = %v", env, !want)
		}
	}
}

func TestEnvironmentPatternErrors(t *testing.T) {
	for _, p := range []EnvPattern{
		{Pattern: "regions/*/prod/**"},     // no name, no {env}
		{Pattern: "a/[b/**", Name: "x"},    // unterminated class
		{Pattern: "a/**b/c", Name: "x"},    // ** inside a name
		{Pattern: "{env}/{env}"},           // two captures
		{Pattern: "a/{x,y}/**", Name: "x"}, // braces
		{Pattern: "", Name: "x"},           // empty
		{Pattern: `trailing\`, Name: "x"},  // trailing backslash
	} {
		if _, err := NewEnvironments([]EnvPattern{p}); err == nil {
			t.Errorf("pattern %+v accepted", p)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"*.tfvars", "envs/prod/prod.tfvars", true},
		{"/*.tfvars", "envs/prod/prod.tfvars", false},
		{"/*.tfvars", "prod.tfvars", true},
		{"envs/dev/**", "envs/dev/a/b.tf", true},
		{"envs/dev/**", "envs/development/a.tf", false},
		{"envs/*/main.tf", "envs/dev/main.tf", true},
		{"envs/*/main.tf", "envs/dev/x/main.tf", false},
		{"**/prod/*.yaml", "k8s/prod/a.yaml", true},
		{"**/prod/*.yaml", "prod/a.yaml", true},
		{"modules/", "modules/vpc/main.tf", true},
		{"envs/[ds]*/**", "envs/staging/a.tf", true},
		{"envs/[!ds]*/**", "envs/staging/a.tf", false},
		{"envs/?ev/**", "envs/dev/a.tf", true},
		{`a\*b`, "a*b", true},
		{`a\*b`, "axb", false},
	} {
		g, err := compileGlob(c.pattern, false)
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		if _, ok := g.match(c.path); ok != c.want {
			t.Errorf("%q matches %q: %v", c.pattern, c.path, ok)
		}
	}
}
