package terraform

import (
	"reflect"
	"testing"

	"reef/gitops/iac/plan"
)

// evalLocal evaluates local.x of a module made of files.
func evalLocal(t *testing.T, name string, files map[string]string) any {
	t.Helper()
	var parsed []*parsedFile
	for p, src := range files {
		f := parseFile(p, kindOf(p, nil), []byte(src))
		if f.failed != nil {
			t.Fatalf("%s: %s", p, f.failed.msg)
		}
		parsed = append(parsed, f)
	}
	return newEnv(newModule(".", parsed, nil)).local(name)
}

func TestEval(t *testing.T) {
	vars := `
variable "cidrs" {
  default = ["10.0.0.0/8"]
}
variable "public" {
  default = false
}
variable "nodefault" {}
variable "obj" {
  default = { ports = [22, 443], name = "x" }
}
data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
`
	for _, tc := range []struct {
		expr string
		want any
	}{
		{`"plain"`, "plain"},
		{`42`, 42.0},
		{`var.cidrs`, []any{"10.0.0.0/8"}},
		{`var.cidrs[0]`, "10.0.0.0/8"},
		{`var.obj.ports[1]`, 443.0},
		{`var.nodefault`, unknown{}},
		{`var.public ? "0.0.0.0/0" : "10.0.0.0/8"`, "10.0.0.0/8"},
		{`var.nodefault ? 1 : 2`, unknown{}},
		{`"${var.obj.name}-suffix"`, "x-suffix"},
		{`"${aws_s3_bucket.b.arn}/*"`, partial{raw: "${aws_s3_bucket.b.arn}/*"}},
		{`concat(var.cidrs, ["::/0"])`, []any{"10.0.0.0/8", "::/0"}},
		{`merge({ a = 1 }, { b = 2 })`, map[string]any{"a": 1.0, "b": 2.0}},
		{`jsonencode({ Action = "*" })`, map[string]any{"Action": "*"}},
		{`jsondecode("{\"a\": [1]}")`, map[string]any{"a": []any{1.0}}},
		{`lookup({ a = 1 }, "b", 3)`, 3.0},
		{`try(aws_x.y.z, "fallback")`, "fallback"},
		{`coalesce("", "x")`, "x"},
		{`flatten([["a"], ["b", ["c"]]])`, []any{"a", "b", "c"}},
		{`join(",", ["a", "b"])`, "a,b"},
		{`tostring(5)`, "5"},
		{`upper("a")`, "A"},
		{`cidrsubnet("10.0.0.0/8", 8, 1)`, unknown{}},
		{`[for c in var.cidrs : c]`, unknown{}},
		{`local.other`, []any{"10.0.0.0/8"}},
		{`local.cycle`, unknown{}},
		{`data.aws_iam_policy_document.doc.json`, nil}, // checked below
	} {
		got := evalLocal(t, "x", map[string]string{
			"vars.tf":   vars,
			"locals.tf": "locals {\n  x = " + tc.expr + "\n  other = var.cidrs\n  cycle = local.cycle2\n  cycle2 = local.cycle\n}\n",
		})
		if tc.want == nil {
			st := statements(got)
			if len(st) != 1 || !publicPrincipal(st[0].principal) || st[0].actions[0] != "s3:*" {
				t.Errorf("%s = %#v", tc.expr, got)
			}
			continue
		}
		// Values carry their lines under lineKey only inside bodies.
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.expr, got, tc.want)
		}
	}
}

func TestEvalAutoTFVarsOverrideDefaults(t *testing.T) {
	got := evalLocal(t, "x", map[string]string{
		"vars.tf":          "variable \"cidr\" {\n  default = \"10.0.0.0/8\"\n}\nlocals {\n  x = var.cidr\n}\n",
		"terraform.tfvars": "cidr = \"0.0.0.0/0\"\n",
	})
	if got != "0.0.0.0/0" {
		t.Errorf("got %#v", got)
	}
	got = evalLocal(t, "x", map[string]string{
		"vars.tf":            "variable \"cidr\" {\n  default = \"10.0.0.0/8\"\n}\nlocals {\n  x = var.cidr\n}\n",
		"x.tfvars":           "cidr = \"0.0.0.0/0\"\n",
		"a.auto.tfvars.json": `{"other": 1}`,
	})
	if got != "10.0.0.0/8" {
		t.Errorf("a tfvars file Terraform does not load by itself overrode a default: %#v", got)
	}
}

func TestBaseAddress(t *testing.T) {
	for in, want := range map[string]string{
		`aws_x.y`:                            `aws_x.y`,
		`aws_x.y[0]`:                         `aws_x.y`,
		`module.a["k]\"x"].aws_x.y["b"]`:     `module.a.aws_x.y`,
		`module.a[0].module.b["c"].data.t.n`: `module.a.module.b.data.t.n`,
	} {
		if got := plan.BaseAddress(in); got != want {
			t.Errorf("plan.BaseAddress(%s) = %s, want %s", in, got, want)
		}
	}
}
