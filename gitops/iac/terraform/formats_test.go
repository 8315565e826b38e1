package terraform

import (
	"reflect"
	"strings"
	"testing"

	"reef/gitops/iac"
)

func TestTFVarsJSONAndTerragrunt(t *testing.T) {
	r := changeOf(t, "envs/prod/terraform.tfvars.json", `{"replicas": 2, "zones": ["a", "b"]}`, `{"replicas": 3, "zones": ["a", "b"], "debug": true}`)
	if got := attrMap(byAddr(t, r, "var.replicas"))["value"]; got != "2 → 3" {
		t.Errorf("replicas %q", got)
	}
	if c := byAddr(t, r, "var.debug"); c.Kind != iac.Added || c.Line != 1 {
		t.Errorf("debug %+v", c)
	}
	tg := `
include "root" {
  path = find_in_parent_folders()
}
locals {
  env = "prod"
}
dependency "vpc" {
  config_path = "../vpc"
}
inputs = {
  name = "api-${local.env}"
  size = 2
}
`
	r = changeOf(t, "live/prod/api/terragrunt.hcl", tg, strings.NewReplacer("size = 2", "size = 4", `"../vpc"`, `"../network"`).Replace(tg))
	if got := attrMap(byAddr(t, r, "inputs.size"))["value"]; got != "2 → 4" {
		t.Errorf("inputs.size %q", got)
	}
	if got := attrMap(byAddr(t, r, "dependency.vpc"))["config_path"]; got != `"../vpc" → "../network"` {
		t.Errorf("dependency %q", got)
	}
}

func TestLockFile(t *testing.T) {
	lock := `
provider "registry.terraform.io/hashicorp/aws" {
  version     = "%s"
  constraints = "~> 5.0"
  hashes = [
    "h1:%s=",
    "zh:0123456789abcdef",
  ]
}
`
	r := changeOf(t, ".terraform.lock.hcl", strings.Replace(strings.Replace(lock, "%s", "5.40.0", 1), "%s", "AAAA", 1),
		strings.Replace(strings.Replace(lock, "%s", "5.60.0", 1), "%s", "BBBB", 1))
	c := byAddr(t, r, `provider["registry.terraform.io/hashicorp/aws"]`)
	if got := attrMap(c); !reflect.DeepEqual(got, map[string]string{"version": `"5.40.0" → "5.60.0"`}) {
		t.Errorf("lock change %v", got)
	}
}

func TestTFJSON(t *testing.T) {
	before := `{
  "resource": {
    "aws_security_group": {
      "web": {
        "name": "web",
        "ingress": [
          {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}
        ]
      }
    }
  },
  "locals": {"env": "prod"},
  "moved": [{"from": "aws_instance.a", "to": "aws_instance.b"}]
}
`
	after := strings.Replace(before, "10.0.0.0/8", "0.0.0.0/0", 1)
	r := changeOf(t, "sg.tf.json", before, after)
	c := byAddr(t, r, "aws_security_group.web")
	if got := attrMap(c)["ingress.cidr_blocks"]; got != `["10.0.0.0/8"] → ["0.0.0.0/0"]` || c.Line != 4 {
		t.Errorf("json change %v line %d", attrMap(c), c.Line)
	}
	fs := findings(r, ruleOpenIngress)
	if len(fs) != 1 || fs[0].Severity != iac.Critical || fs[0].Line != 6 {
		t.Errorf("findings %+v", r.Findings)
	}
}

func TestOverrideFilesAreComparedOnTheirOwn(t *testing.T) {
	main := "resource \"aws_instance\" \"web\" {\n  instance_type = \"t3.small\"\n}\n"
	tr := tree{
		before: map[string]string{"m/main.tf": main, "m/web_override.tf": "resource \"aws_instance\" \"web\" {\n  instance_type = \"t3.large\"\n}\n"},
		after:  map[string]string{"m/main.tf": main, "m/web_override.tf": "resource \"aws_instance\" \"web\" {\n  instance_type = \"t3.xlarge\"\n}\n"},
	}
	r := run(t, tr.input())
	c := byAddr(t, r, "aws_instance.web")
	if c.Path != "m/web_override.tf" || attrMap(c)["instance_type"] != `"t3.large" → "t3.xlarge"` || len(r.Changes) != 1 {
		t.Errorf("%s", describe(r))
	}
	if !isOverride("override.tf") || !isOverride("x_override.tf.json") || isOverride("overrides.tf") {
		t.Error("isOverride")
	}
}

func TestAnalyzeWithPlan(t *testing.T) {
	files := []iac.File{{Path: "main.tf", Before: []byte("resource \"aws_db_instance\" \"d\" {\n  engine_version = \"15\"\n}\n"),
		After: []byte("resource \"aws_db_instance\" \"d\" {\n  engine_version = \"16\"\n}\n")}}
	in := &iac.Input{Files: files, Plan: []byte(`{"format_version": "2.0"}`)}
	r := run(t, in)
	if got := notes(r); len(got) != 1 || !strings.Contains(got[0], "plan format_version 2.0 is not supported (reef reads 1.x)") {
		t.Errorf("notes %q", got)
	}
	in.Plan = []byte(`{"format_version": "1.2", "resource_changes": [{"address": "aws_db_instance.d", "mode": "managed",
		"type": "aws_db_instance", "name": "d", "change": {"actions": ["create", "delete"],
		"before": {"engine_version": "15"}, "after": {"engine_version": "16"}}}]}`)
	r = run(t, in)
	c := byAddr(t, r, "aws_db_instance.d")
	if !reflect.DeepEqual(c.Actions, []string{"replace"}) {
		t.Errorf("actions %v", c.Actions)
	}
	if fs := findings(r, ruleResourceDestroyed); len(fs) != 1 || fs[0].Severity != iac.Critical || fs[0].Line != 1 {
		t.Errorf("findings %+v", r.Findings)
	}
}
