package terraform

import (
	"strings"
	"testing"

	"reef/gitops/iac"
)

// TestRuleSeverities adds one resource and checks the findings it gets.
func TestRuleSeverities(t *testing.T) {
	sg := func(from, to, proto, cidr string) string {
		return `resource "aws_security_group" "x" {
  ingress {
    from_port   = ` + from + `
    to_port     = ` + to + `
    protocol    = "` + proto + `"
    cidr_blocks = ["` + cidr + `"]
  }
}`
	}
	for _, tc := range []struct {
		name, src string
		rule      string
		sev       iac.Severity // 0: no finding of the rule
		msg       string
	}{
		{"ssh", sg("22", "22", "tcp", "0.0.0.0/0"), ruleOpenIngress, iac.Critical, "opens port 22 to 0.0.0.0/0"},
		{"rdp in a range", sg("3000", "4000", "tcp", "0.0.0.0/0"), ruleOpenIngress, iac.Critical, "ports 3000-4000"},
		{"https", sg("443", "443", "tcp", "0.0.0.0/0"), ruleOpenIngress, iac.High, "port 443"},
		{"all protocols", sg("0", "0", "-1", "0.0.0.0/0"), ruleOpenIngress, iac.Critical, "all ports"},
		{"all tcp", sg("0", "65535", "tcp", "0.0.0.0/0"), ruleOpenIngress, iac.Critical, "all ports"},
		{"icmp", sg("8", "0", "icmp", "0.0.0.0/0"), ruleOpenIngress, iac.Medium, "ICMP"},
		{"private", sg("22", "22", "tcp", "10.0.0.0/8"), ruleOpenIngress, 0, ""},
		{"attribute syntax", `resource "aws_security_group" "x" {
  ingress = [{
    from_port        = 5432
    to_port          = 5432
    protocol         = "tcp"
    cidr_blocks      = []
    ipv6_cidr_blocks = ["::/0"]
    description      = null
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
}`, ruleOpenIngress, iac.High, "port 5432 to ::/0"},
		{"ports unknown", `resource "aws_security_group_rule" "x" {
  type        = "ingress"
  from_port   = var.port
  to_port     = var.port
  protocol    = "tcp"
  cidr_blocks = ["0.0.0.0/0"]
}`, ruleOpenIngress, iac.High, "ports not known statically"},
		{"vpc ingress rule ipv6", `resource "aws_vpc_security_group_ingress_rule" "x" {
  cidr_ipv6   = "::/0"
  ip_protocol = "tcp"
  from_port   = 3389
  to_port     = 3389
}`, ruleOpenIngress, iac.Critical, "port 3389 to ::/0"},
		{"nsg inline", `resource "azurerm_network_security_group" "x" {
  security_rule {
    name                       = "ssh"
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    destination_port_ranges    = ["22", "80"]
    source_address_prefix      = "*"
  }
}`, ruleOpenIngress, iac.Critical, "port 22 to * (any source)"},
		{"gcp egress", `resource "google_compute_firewall" "x" {
  direction     = "EGRESS"
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "all"
  }
}`, ruleOpenIngress, 0, ""},
		{"gcp port range", `resource "google_compute_firewall" "x" {
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["8000-8080"]
  }
}`, ruleOpenIngress, iac.High, "ports 8000-8080"},
		{"public-read-write", `resource "aws_s3_bucket_acl" "x" {
  acl = "public-read-write"
}`, rulePublicBucket, iac.Critical, `"public-read-write" ACL`},
		{"legacy inline acl", `resource "aws_s3_bucket" "x" {
  acl = "public-read"
}`, rulePublicBucket, iac.High, "public-read"},
		{"AllUsers grant", `resource "aws_s3_bucket_acl" "x" {
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"
      }
      permission = "READ"
    }
  }
}`, rulePublicBucket, iac.High, "AllUsers"},
		{"gcs binding", `resource "google_storage_bucket_iam_binding" "x" {
  role    = "roles/storage.objectViewer"
  members = ["allAuthenticatedUsers"]
}`, rulePublicBucket, iac.High, "allAuthenticatedUsers"},
		{"gcs predefined acl", `resource "google_storage_bucket_acl" "x" {
  predefined_acl = "publicRead"
}`, rulePublicBucket, iac.High, "publicRead"},
		{"policy document principal", `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket_policy" "x" {
  policy = data.aws_iam_policy_document.p.json
}`, rulePublicBucket, iac.Critical, "aws_s3_bucket_policy.x grants access to everyone"},
		{"action star on named resource", `resource "aws_iam_role_policy" "x" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::b" }] })
}`, ruleIAMWildcard, iac.High, `on arn:aws:s3:::b`},
		{"json string policy", `resource "aws_iam_user_policy" "x" {
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"iam:*\"], \"Resource\": \"*\"}]}"
}`, ruleIAMWildcard, iac.Medium, `every iam action`},
		{"policy from document reported once", `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "x" {
  policy = data.aws_iam_policy_document.p.json
}`, ruleIAMWildcard, iac.Critical, "data.aws_iam_policy_document.p allows every action"},
		{"deny star", `resource "aws_iam_policy" "x" {
  policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "*", Resource = "*" }] })
}`, ruleIAMWildcard, 0, ""},
		{"redshift public", `resource "aws_redshift_cluster" "x" {
  publicly_accessible = true
}`, rulePublicDatabase, iac.High, "publicly accessible"},
		{"azure sql public network", `resource "azurerm_mssql_server" "x" {
  public_network_access_enabled = true
}`, rulePublicDatabase, iac.Medium, "public networks"},
		{"kinesis plaintext", `resource "aws_kinesis_stream" "x" {
  encryption_type = "NONE"
}`, ruleEncryptionDisabled, iac.High, `encryption_type = "NONE"`},
		{"msk plaintext", `resource "aws_msk_cluster" "x" {
  encryption_info {
    encryption_in_transit {
      client_broker = "PLAINTEXT"
    }
  }
}`, ruleEncryptionDisabled, iac.High, "client traffic"},
		{"http listener forwarding", `resource "aws_lb_listener" "x" {
  protocol = "HTTP"
  default_action {
    type = "forward"
  }
}`, ruleEncryptionDisabled, iac.Medium, "plain HTTP"},
		{"http listener redirecting", `resource "aws_lb_listener" "x" {
  protocol = "HTTP"
  default_action {
    type = "redirect"
  }
}`, ruleEncryptionDisabled, 0, ""},
		{"launch template ebs", `resource "aws_launch_template" "x" {
  block_device_mappings {
    ebs {
      encrypted = "false"
    }
  }
}`, ruleEncryptionDisabled, iac.High, "block_device_mappings.ebs.encrypted"},
		{"lb protection off", `resource "aws_lb" "x" {
  enable_deletion_protection = false
}`, ruleDeletionProtection, iac.Medium, "enable_deletion_protection = false"},
		{"cognito inactive", `resource "aws_cognito_user_pool" "x" {
  deletion_protection = "INACTIVE"
}`, ruleDeletionProtection, iac.Medium, "INACTIVE"},
		{"key vault purge protection", `resource "azurerm_key_vault" "x" {
  purge_protection_enabled = false
}`, ruleDeletionProtection, iac.High, "purge_protection_enabled"},
		{"dynamic block", `resource "aws_security_group" "x" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}`, ruleOpenIngress, iac.High, "ports not known statically"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := changeOf(t, "main.tf", "", tc.src+"\n")
			fs := findings(r, tc.rule)
			if tc.sev == 0 {
				if len(fs) > 0 {
					t.Errorf("unexpected %+v", fs)
				}
				return
			}
			if len(fs) == 0 {
				t.Fatalf("no %s finding:\n%s", tc.rule, describe(r))
			}
			if fs[0].Severity != tc.sev || !strings.Contains(fs[0].Message, tc.msg) || fs[0].State != iac.Introduced {
				t.Errorf("got %s %q, want %s %q", fs[0].Severity, fs[0].Message, tc.sev, tc.msg)
			}
			if len(fs) > 1 && tc.name == "policy from document reported once" {
				t.Errorf("reported %d times: %+v", len(fs), fs)
			}
			if !strings.HasSuffix(fs[0].Message, ".") || strings.Count(fs[0].Message, ". ") > 0 {
				t.Errorf("a message is one sentence: %q", fs[0].Message)
			}
		})
	}
}

// TestFindingLines checks the line of a finding is the attribute's in
// the new file, and the old file's for a resolved one.
func TestFindingLines(t *testing.T) {
	before := "resource \"aws_db_instance\" \"x\" {\n  engine = \"postgres\"\n  publicly_accessible = true\n}\n"
	after := "# moved down\n\nresource \"aws_db_instance\" \"x\" {\n  engine = \"postgres\"\n  publicly_accessible = true\n  storage_encrypted = false\n}\n"
	r := changeOf(t, "db.tf", before, after)
	for _, f := range r.Findings {
		switch f.Rule {
		case rulePublicDatabase:
			if f.State != iac.Existing || f.Line != 5 {
				t.Errorf("%+v", f)
			}
		case ruleEncryptionDisabled:
			if f.State != iac.Introduced || f.Line != 6 {
				t.Errorf("%+v", f)
			}
		}
	}
	r = changeOf(t, "db.tf", after, before)
	if fs := findings(r, ruleEncryptionDisabled); len(fs) != 1 || fs[0].State != iac.Resolved || fs[0].Line != 6 {
		t.Errorf("resolved %+v", fs)
	}
}

// TestFindingsFollowMovedAddresses: a risky resource renamed with a moved
// block keeps its risk as existing, not introduced and resolved.
func TestFindingsFollowMovedAddresses(t *testing.T) {
	before := "resource \"aws_db_instance\" \"a\" {\n  publicly_accessible = true\n}\n"
	after := "resource \"aws_db_instance\" \"b\" {\n  publicly_accessible = true\n}\nmoved {\n  from = aws_db_instance.a\n  to   = aws_db_instance.b\n}\n"
	r := changeOf(t, "db.tf", before, after)
	if len(r.Findings) != 1 || r.Findings[0].State != iac.Existing || r.Findings[0].Address != "aws_db_instance.b" {
		t.Errorf("%+v", r.Findings)
	}
}

// TestFindingsOnlyInScope: risks of resources in files the change does
// not touch are not reported, unless a changed variable flows into them.
func TestFindingsOnlyInScope(t *testing.T) {
	open := "resource \"aws_security_group_rule\" \"r\" {\n  type = \"ingress\"\n  from_port = 22\n  to_port = 22\n  protocol = \"tcp\"\n  cidr_blocks = var.cidrs\n}\n"
	other := "resource \"aws_db_instance\" \"d\" {\n  publicly_accessible = true\n}\n"
	tr := tree{
		before: map[string]string{"m/rules.tf": open, "m/db.tf": other, "m/vars.tf": "variable \"cidrs\" {\n  default = [\"10.0.0.0/8\"]\n}\n"},
		after:  map[string]string{"m/rules.tf": open, "m/db.tf": other, "m/vars.tf": "variable \"cidrs\" {\n  default = [\"0.0.0.0/0\"]\n}\n"},
	}
	r := run(t, tr.input())
	if len(r.Findings) != 1 || r.Findings[0].Rule != ruleOpenIngress || r.Findings[0].Path != "m/rules.tf" || r.Findings[0].Line != 6 {
		t.Errorf("%+v", r.Findings)
	}
}

// TestFlowScopeKeepsExisting: a risk in an unchanged file that a changed
// variable flows into, present before and after, is existing.
func TestFlowScopeKeepsExisting(t *testing.T) {
	open := "resource \"aws_security_group_rule\" \"r\" {\n  type = \"ingress\"\n  from_port = 22\n  to_port = 22\n  protocol = \"tcp\"\n  cidr_blocks = var.cidrs\n}\n"
	tr := tree{
		before: map[string]string{"m/rules.tf": open, "m/vars.tf": "variable \"cidrs\" {\n  default = [\"0.0.0.0/0\"]\n}\n"},
		after:  map[string]string{"m/rules.tf": open, "m/vars.tf": "variable \"cidrs\" {\n  default = [\"0.0.0.0/0\", \"10.0.0.0/8\"]\n}\n"},
	}
	r := run(t, tr.input())
	if len(r.Findings) != 1 || r.Findings[0].State != iac.Existing {
		t.Errorf("%+v", r.Findings)
	}
}

func TestRuleDocs(t *testing.T) {
	docs := New().Rules()
	want := []string{ruleOpenIngress, rulePublicBucket, ruleIAMWildcard, rulePublicDatabase, ruleEncryptionDisabled,
		ruleDeletionProtection, ruleResourceDestroyed}
	if len(docs) != len(want) {
		t.Fatalf("%d rules documented", len(docs))
	}
	for i, d := range docs {
		if d.ID != want[i] || d.Severity < iac.Low || d.Severity > iac.Critical || d.Applies == "" || d.Matches == "" || d.Why == "" || d.Silence == "" {
			t.Errorf("%+v", d)
		}
	}
}
