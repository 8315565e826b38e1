package terraform

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"reef/gitops/iac"
)

func TestClaims(t *testing.T) {
	a := New()
	for _, tc := range []struct {
		path, content string
		want          bool
	}{
		{"main.tf", "", true},
		{"modules/vpc/outputs.TF", "", true},
		{"stack/main.tf.json", "{}", true},
		{"main.tofu", "", true},
		{"main.tofu.json", "{}", true},
		{"envs/prod.tfvars", "", true},
		{"terraform.tfvars.json", "{}", true},
		{".terraform.lock.hcl", "", true},
		{"live/prod/vpc/terragrunt.hcl", "", true},
		{"live/terragrunt.stack.hcl", "", true},
		{"live/root.hcl", "remote_state {\n  backend = \"s3\"\n}\n", true},
		{"live/prod/env.hcl", "locals {\n  env = basename(get_terragrunt_dir())\n}\n", true},
		{"live/prod/account.hcl", "locals {\n  account_id = \"123\"\n}\n", false},
		{"packer/ami.pkr.hcl", `source "amazon-ebs" "x" { region = find_in_parent_folders("r") }`, false},
		{"jobs/web.nomad.hcl", "job \"web\" {}", false},
		{"tests/vpc.tftest.hcl", "run \"plan\" {}", false},
		{"vault/config.hcl", "storage \"raft\" {}", false},
		{"README.md", "", false},
		{"main.tf.bak", "", false},
	} {
		if got := a.Claims(tc.path, []byte(tc.content)); got != tc.want {
			t.Errorf("Claims(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
	if a.Name() != "terraform" {
		t.Errorf("Name = %q", a.Name())
	}
}

const addrBefore = `
terraform {
  required_version = ">= 1.6"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

module "vpc" {
  source = "./vpc"
}

variable "region" {
  default = "eu-west-1"
}

output "vpc_id" {
  value = module.vpc.id
}

locals {
  a = 1
  b = 2
}

ephemeral "random_password" "db" {
  length = 16
}

check "health" {
  assert {
    condition     = true
    error_message = "down"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
`

func TestAddressesAndLines(t *testing.T) {
	after := strings.NewReplacer(`"us-west-2"`, `"us-west-1"`, "most_recent = true", "most_recent = false",
		`"./vpc"`, `"./network"`, `"eu-west-1"`, `"eu-west-3"`, "module.vpc.id", "module.vpc.vpc_id",
		"b = 2", "b = 3", "length = 16", "length = 32", `error_message = "down"`, `error_message = "unhealthy"`,
		`bucket = "logs"`, `bucket = "logs2"`, `">= 1.6"`, `">= 1.7"`).Replace(addrBefore)
	// Shift the new file by two lines so that Line and OldLine differ.
	after = "# header\n# more\n" + after
	r := changeOf(t, "main.tf", addrBefore, after)
	want := map[string][3]int{ // address → line, old line, number of attributes
		"terraform":                    {4, 2, 1},
		"provider.aws.west":            {8, 6, 1},
		"data.aws_ami.ubuntu":          {13, 11, 1},
		"module.vpc":                   {17, 15, 1},
		"var.region":                   {21, 19, 1},
		"output.vpc_id":                {25, 23, 1},
		"local.b":                      {31, 29, 1},
		"ephemeral.random_password.db": {34, 32, 1},
		"check.health":                 {38, 36, 1},
		"aws_s3_bucket.logs":           {45, 43, 1},
	}
	if len(r.Changes) != len(want) {
		t.Errorf("%d changes, want %d:\n%s", len(r.Changes), len(want), describe(r))
	}
	for addr, w := range want {
		c := byAddr(t, r, addr)
		if c.Line != w[0] || c.OldLine != w[1] || len(c.Attributes) != w[2] || c.Kind != iac.Modified || c.Path != "main.tf" || c.Source != "static" {
			t.Errorf("%s: line %d old %d attrs %d kind %s; want %v", addr, c.Line, c.OldLine, len(c.Attributes), c.Kind, w)
		}
	}
	if got := attrMap(byAddr(t, r, "check.health"))["assert.error_message"]; got != `"down" → "unhealthy"` {
		t.Errorf("check.health: %q", got)
	}
	if got := byAddr(t, r, "data.aws_ami.ubuntu").Type; got != "aws_ami" {
		t.Errorf("data source type %q", got)
	}
}

func TestAddedRemovedAndMoved(t *testing.T) {
	before := `
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sns_topic" "old" {
  name = "alerts"
}
`
	after := `
resource "aws_sqs_queue" "work" {
  name = "jobs"
}

moved {
  from = aws_sqs_queue.jobs
  to   = aws_sqs_queue.work
}

resource "aws_sns_topic" "alerts" {
  name = "alerts-v2"
  tags = { Team = "ops" }
}
`
	r := changeOf(t, "queues.tf", before, after)
	mv := byAddr(t, r, "aws_sqs_queue.work")
	if mv.Kind != iac.Moved || mv.From != "aws_sqs_queue.jobs" || mv.Line != 2 || mv.OldLine != 2 || len(mv.Attributes) != 0 {
		t.Errorf("moved: %+v", mv)
	}
	if !hasNote(mv.Notes, "moved block at queues.tf:6") {
		t.Errorf("moved notes %q", mv.Notes)
	}
	added := byAddr(t, r, "aws_sns_topic.alerts")
	if added.Kind != iac.Added || added.Line != 11 || added.OldLine != 0 || attrMap(added)["tags.Team"] != `(unset) → "ops"` {
		t.Errorf("added: %+v", added)
	}
	removed := byAddr(t, r, "aws_sns_topic.old")
	if removed.Kind != iac.Removed || removed.Line != 0 || removed.OldLine != 6 || len(removed.Attributes) != 0 {
		t.Errorf("removed: %+v", removed)
	}
	if len(r.Changes) != 3 {
		t.Errorf("the moved block is folded into the move:\n%s", describe(r))
	}
	// The topic is not similar enough to its replacement to be called a
	// rename, but it is still destroyed.
	if fs := findings(r, ruleResourceDestroyed); len(fs) != 1 || fs[0].Address != "aws_sns_topic.old" || fs[0].Severity != iac.High {
		t.Errorf("findings %+v", r.Findings)
	}
}

func TestNestedBlocks(t *testing.T) {
	before := `
resource "aws_lb_listener" "https" {
  port = 443

  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.blue.arn
        weight = 100
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 0
      }
    }
  }
}
`
	after := strings.Replace(strings.Replace(before, "weight = 100", "weight = 90", 1), "weight = 0", "weight = 10", 1)
	r := changeOf(t, "lb.tf", before, after)
	got := attrMap(byAddr(t, r, "aws_lb_listener.https"))
	want := map[string]string{
		"default_action.forward.target_group[0].weight": "100 → 90",
		"default_action.forward.target_group[1].weight": "0 → 10",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// Swapping the two target groups is no change at all.
	swapped := `
resource "aws_lb_listener" "https" {
  port = 443

  default_action {
    type = "forward"
    forward {
      target_group {
        weight = 0
        arn    = aws_lb_target_group.green.arn
      }
      # comments and layout do not count either
      target_group {
        arn = aws_lb_target_group.blue.arn
        weight = 100
      }
    }
  }
}
`
	if r := changeOf(t, "lb.tf", before, swapped); len(r.Changes) != 0 {
		t.Errorf("reordered identical blocks are a change:\n%s", describe(r))
	}
}

func TestExpressionPaths(t *testing.T) {
	before := `
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Statement = [
      { Sid = "A", Effect = "Allow", Action = "s3:GetObject", Resource = "*" },
      { Sid = "B", Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" },
    ]
  })
  tags = {
    "kubernetes.io/cluster/prod" = "owned"
  }
}
`
	after := strings.Replace(strings.Replace(before, `"sqs:SendMessage"`, `["sqs:SendMessage", "sqs:GetQueueUrl"]`, 1), `"owned"`, `"shared"`, 1)
	got := attrMap(byAddr(t, changeOf(t, "iam.tf", before, after), "aws_iam_policy.p"))
	want := map[string]string{
		"policy.Statement[1].Action":         `"sqs:SendMessage" → ["sqs:SendMessage", "sqs:GetQueueUrl"]`,
		`tags["kubernetes.io/cluster/prod"]`: `"owned" → "shared"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestInstanceKeyNotes(t *testing.T) {
	res := func(meta string) string {
		return "resource \"aws_eip\" \"nat\" {\n" + meta + "\n  domain = \"vpc\"\n}\n"
	}
	for _, tc := range []struct {
		name, before, after string
		note                string // "" for none
		destroyed           bool
	}{
		{"count to for_each", "  count = 2", `  for_each = toset(["a", "b"])`, "count → for_each: every instance gets a new address", true},
		{"for_each to count", `  for_each = toset(["a", "b"])`, "  count = 2", "for_each → count", true},
		{"none to for_each", "", `  for_each = toset(["a"])`, "no count or for_each → for_each", true},
		{"none to count", "", "  count = 1", "", false},
		{"count changes", "  count = 1", "  count = 2", "", false},
		{"for_each key", "  for_each = { for z in var.zones : z.name => z }", "  for_each = { for z in var.zones : z.id => z }",
			"for_each keys change from z.name to z.id", true},
		{"for_each collection", "  for_each = { for z in var.zones : z.name => z }", "  for_each = { for z in var.all_zones : z.name => z }", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := changeOf(t, "eip.tf", res(tc.before), res(tc.after))
			c := byAddr(t, r, "aws_eip.nat")
			if tc.note == "" && len(c.Notes) > 0 || tc.note != "" && !hasNote(c.Notes, tc.note) {
				t.Errorf("notes %q, want %q", c.Notes, tc.note)
			}
			if got := len(findings(r, ruleResourceDestroyed)) > 0; got != tc.destroyed {
				t.Errorf("destroyed finding %v, want %v:\n%s", got, tc.destroyed, describe(r))
			}
		})
	}
}

func TestFlowNotes(t *testing.T) {
	tr := tree{
		before: map[string]string{
			"app/variables.tf": "variable \"size\" {\n  default = \"small\"\n}\nvariable \"other\" {}\n",
			"app/main.tf": `
locals {
  size   = var.size
  sizes  = { web = local.size }
  unused = var.other
}
resource "aws_instance" "web" {
  instance_type = local.sizes["web"]
}
resource "aws_instance" "worker" {
  instance_type = var.other
}
data "aws_ec2_instance_type" "web" {
  instance_type = var.size
}
module "db" {
  source = "./db"
  size   = "${var.size}-db"
}
provider "aws" {
  default_tags {
    tags = { size = local.size }
  }
}
output "size" {
  value = var.size
}
`,
		},
	}
	tr.after = map[string]string{"app/main.tf": tr.before["app/main.tf"],
		"app/variables.tf": strings.Replace(tr.before["app/variables.tf"], "small", "large", 1)}
	r := run(t, tr.input())
	c := byAddr(t, r, "var.size")
	want := "var.size flows into aws_instance.web, data.aws_ec2_instance_type.web, module.db, provider.aws"
	if len(c.Notes) != 1 || c.Notes[0] != want {
		t.Errorf("notes %q, want %q", c.Notes, want)
	}
	if len(r.Changes) != 1 {
		t.Errorf("only variables.tf changed:\n%s", describe(r))
	}
}

func TestFlowNoteIsCapped(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("variable \"n\" {\n  default = 1\n}\n")
	for i := 0; i < 12; i++ {
		sb.WriteString("resource \"null_resource\" \"r" + string(rune('a'+i)) + "\" {\n  triggers = { n = var.n }\n}\n")
	}
	before := sb.String()
	after := strings.Replace(before, "default = 1", "default = 2", 1)
	c := byAddr(t, changeOf(t, "main.tf", before, after), "var.n")
	if len(c.Notes) != 1 || !strings.HasSuffix(c.Notes[0], "null_resource.rh and 4 more") {
		t.Errorf("notes %q", c.Notes)
	}
}

func TestWholeFileDeleted(t *testing.T) {
	r := changeOf(t, "envs/prod/data.tf", `
resource "aws_dynamodb_table" "orders" {
  name     = "orders"
  hash_key = "id"
}
`, "")
	c := byAddr(t, r, "aws_dynamodb_table.orders")
	if c.Kind != iac.Removed || c.Path != "envs/prod/data.tf" || c.OldLine != 2 {
		t.Errorf("%+v", c)
	}
	fs := findings(r, ruleResourceDestroyed)
	if len(fs) != 1 || fs[0].Severity != iac.Critical || fs[0].Line != 2 || fs[0].Path != "envs/prod/data.tf" {
		t.Errorf("findings %+v", r.Findings)
	}
}

func TestFileMovedBetweenDirectories(t *testing.T) {
	content := "resource \"aws_kms_key\" \"main\" {\n  description = \"main\"\n}\n"
	in := &iac.Input{Files: []iac.File{{Path: "new/kms.tf", OldPath: "old/kms.tf", Before: []byte(content), After: []byte(content)}}}
	r := run(t, in)
	if len(r.Changes) != 2 || byAddr(t, r, "aws_kms_key.main").Kind == iac.Modified {
		t.Errorf("a file moved to another module is a removal from one and an addition to the other:\n%s", describe(r))
	}
	for _, c := range r.Changes {
		if c.Kind == iac.Removed && c.Path != "old/kms.tf" || c.Kind == iac.Added && c.Path != "new/kms.tf" {
			t.Errorf("%+v", c)
		}
	}
}

func TestFileRenamedInModule(t *testing.T) {
	content := "resource \"aws_kms_key\" \"main\" {\n  description = \"main\"\n}\n"
	in := &iac.Input{Files: []iac.File{{Path: "m/keys.tf", OldPath: "m/kms.tf", Before: []byte(content), After: []byte(content)}}}
	if r := run(t, in); len(r.Changes) != 0 || len(r.Findings) != 0 {
		t.Errorf("a file renamed within its module changes nothing:\n%s", describe(r))
	}
}

func TestDirErrors(t *testing.T) {
	in := &iac.Input{Files: []iac.File{{Path: "m/main.tf", Before: []byte("locals {\n  a = 1\n}\n"), After: []byte("locals {\n  a = 2\n}\n")}},
		Dir: func(context.Context, iac.Side, string) (map[string][]byte, error) {
			return nil, errors.New("tree unreadable")
		}}
	if r := run(t, in); len(r.Changes) != 1 {
		t.Errorf("a Dir error leaves the changed files:\n%s", describe(r))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().Analyze(ctx, in, in.Files); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err %v", err)
	}
}
