package plan

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"reef/gitops/iac"
)

func load(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parse(t *testing.T, name string) *Plan {
	t.Helper()
	p, err := Parse(load(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func find(t *testing.T, p *Plan, addr string) Resource {
	t.Helper()
	for _, r := range p.Resources {
		if r.Address == addr {
			return r
		}
	}
	t.Fatalf("no resource %s in the plan", addr)
	return Resource{}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"format 2", load(t, "plan_v2.json"), "plan format_version 2.0 is not supported (reef reads 1.x)"},
		{"format 0.1", []byte(`{"format_version": "0.1", "resource_changes": []}`), "plan format_version 0.1 is not supported (reef reads 1.x)"},
		{"text plan", load(t, "garbage.txt"), "plan is not JSON"},
		{"empty", nil, "plan is not JSON"},
		{"binary", []byte{0, 1, 2, 0xff}, "plan is not JSON"},
		{"no format", []byte(`{"resource_changes": []}`), "plan has no format_version"},
		{"array", []byte(`[1, 2]`), "plan is not JSON"},
		{"state", load(t, "state.json"), "not a state"},
		{"bad types", []byte(`{"format_version": "1.2", "resource_changes": {"a": 1}}`), "plan not read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Parse = %v, %v; want an error containing %q", p, err, tc.want)
			}
		})
	}
}

func TestParseEmptyTofuPlan(t *testing.T) {
	p := parse(t, "tofu_empty.json")
	if len(p.Resources) != 0 || len(p.Outputs) != 0 || p.TerraformVersion != "1.8.3" {
		t.Fatalf("got %+v", p)
	}
}

func TestParseActions(t *testing.T) {
	p := parse(t, "plan.json")
	for _, tc := range []struct {
		addr, static, local, module, key string
		actions                          []string
		reason                           string
		replace                          []string
	}{
		{"aws_instance.web", "aws_instance.web", "aws_instance.web", "", "", []string{"update"}, "", nil},
		{"aws_db_instance.orders", "aws_db_instance.orders", "aws_db_instance.orders", "", "", []string{"replace"},
			"replace_because_cannot_update", []string{"availability_zone"}},
		{"aws_s3_bucket.legacy_logs", "aws_s3_bucket.legacy_logs", "aws_s3_bucket.legacy_logs", "", "", []string{"delete"},
			"delete_because_no_resource_config", nil},
		{"module.app[0].aws_security_group.this", "module.app.aws_security_group.this", "aws_security_group.this",
			"module.app[0]", "[0]", []string{"create"}, "", nil},
		{`module.app["blue"].aws_instance.this["a"]`, "module.app.aws_instance.this", "aws_instance.this",
			`module.app["blue"]`, `["blue"]["a"]`, []string{"update"}, "", nil},
		{"aws_ecs_task_definition.api", "aws_ecs_task_definition.api", "aws_ecs_task_definition.api", "", "",
			[]string{"replace"}, "replace_because_cannot_update", []string{"cpu", "environment[0].value"}},
		{"data.aws_ami.ubuntu", "data.aws_ami.ubuntu", "data.aws_ami.ubuntu", "", "", []string{"read"}, "", nil},
		{"aws_route53_record.host[1]", "aws_route53_record.host", "aws_route53_record.host", "", "[1]", []string{"delete"},
			"delete_because_count_index", nil},
		{`aws_route53_record.host["www"]`, "aws_route53_record.host", "aws_route53_record.host", "", `["www"]`, []string{"create"}, "", nil},
	} {
		r := find(t, p, tc.addr)
		if r.Static != tc.static || r.Local != tc.local || r.Module != tc.module || r.Key != tc.key {
			t.Errorf("%s: static %q local %q module %q key %q; want %q %q %q %q", tc.addr, r.Static, r.Local, r.Module, r.Key,
				tc.static, tc.local, tc.module, tc.key)
		}
		if !reflect.DeepEqual(r.Actions, tc.actions) || r.Reason != tc.reason || !reflect.DeepEqual(r.ReplacePaths, tc.replace) {
			t.Errorf("%s: actions %v reason %q replace %v; want %v %q %v", tc.addr, r.Actions, r.Reason, r.ReplacePaths,
				tc.actions, tc.reason, tc.replace)
		}
	}
	if r := find(t, p, "aws_iam_role.thumbnailer"); r.PreviousAddress != "aws_iam_role.lambda" {
		t.Errorf("previous address %q", r.PreviousAddress)
	}
}

func attrs(r Resource) map[string]iac.Attribute {
	out := map[string]iac.Attribute{}
	for _, a := range r.Attributes {
		out[a.Path] = a
	}
	return out
}

func TestParseAttributes(t *testing.T) {
	p := parse(t, "plan.json")
	web := attrs(find(t, p, "aws_instance.web"))
	want := map[string][2]string{
		"instance_type":                    {`"t3.large"`, `"m6i.large"`},
		"tags.Tier":                        {`"app"`, `"web"`},
		"root_block_device[0].volume_size": {"50", "100"},
	}
	if len(web) != len(want) {
		t.Errorf("aws_instance.web attributes %v, want %v", web, want)
	}
	for path, ba := range want {
		a, ok := web[path]
		if !ok || a.Before != ba[0] || a.After != ba[1] || a.Source != "plan" || a.Sensitive {
			t.Errorf("aws_instance.web %s = %+v, want %v", path, a, ba)
		}
	}
	db := attrs(find(t, p, "aws_db_instance.orders"))
	if a := db["password"]; !a.Sensitive || a.Before != Masked || a.After != Masked {
		t.Errorf("password = %+v, want masked", a)
	}
	if a := db["arn"]; a.After != Unknown || !a.HasBefore {
		t.Errorf("arn = %+v, want known after apply", a)
	}
	if a := db["availability_zone"]; a.Before != `"eu-west-1a"` || a.After != `"eu-west-1b"` {
		t.Errorf("availability_zone = %+v", a)
	}
	if n := len(find(t, p, "aws_s3_bucket.legacy_logs").Attributes); n != 0 {
		t.Errorf("a deleted resource lists %d attributes; it should list none", n)
	}
	sg := attrs(find(t, p, "module.app[0].aws_security_group.this"))
	if _, ok := sg["arn"]; ok {
		t.Errorf("a create lists computed attributes: %v", sg)
	}
	if a := sg["ingress[0].cidr_blocks"]; a.After != `["0.0.0.0/0"]` || a.HasBefore {
		t.Errorf("created ingress cidr = %+v (all: %v)", a, sg)
	}
	ecs := attrs(find(t, p, "aws_ecs_task_definition.api"))
	if a := ecs["environment[0].value"]; a.Before != `"info"` || a.After != `"debug"` {
		t.Errorf("environment[0].value = %+v", a)
	}
	if a := ecs["environment[1].value"]; !a.Sensitive {
		t.Errorf("environment[1].value = %+v, want masked", a)
	}
	if a := ecs["labels.token"]; !a.Sensitive {
		t.Errorf("labels.token = %+v, want masked", a)
	}
	ssm := attrs(find(t, p, "aws_ssm_parameter.api_key"))
	if a := ssm["subnets[1]"]; !a.Sensitive {
		t.Errorf("a sensitive list element = %+v, want masked (all %v)", a, ssm)
	}
	if _, ok := ssm["subnets[0]"]; ok {
		t.Errorf("an unchanged list element is listed: %v", ssm)
	}
}

// TestNoSensitiveValueLeaks serialises everything reef keeps of the plan
// and looks for every value the plan marks sensitive.
func TestNoSensitiveValueLeaks(t *testing.T) {
	p := parse(t, "plan.json")
	changes := Join([]iac.Change{{Path: "main.tf", Address: "aws_ssm_parameter.api_key", Kind: iac.Modified, Source: "static"},
		{Path: "main.tf", Address: "output.admin_token", Kind: iac.Added, Source: "static"}}, p)
	b, err := json.Marshal(struct {
		P *Plan
		C []iac.Change
	}{p, changes})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"hunter2", "tok-output-secret", "env-before-secret", "env-after-secret",
		"label-before-secret", "label-after-secret", "ssm-before-secret", "ssm-after-secret", "ssm-list-secret",
		"c2VjcmV0LXVzZXItZGF0YQ", "bmV3LXNlY3JldC11c2VyLWRhdGE"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("sensitive value %q appears in the result", secret)
		}
	}
	for _, o := range p.Outputs {
		if o.Name == "admin_token" && (!o.Sensitive || !o.Value.Sensitive || o.Value.After != Masked) {
			t.Errorf("admin_token = %+v, want masked", o)
		}
	}
}

func TestOutputs(t *testing.T) {
	p := parse(t, "plan.json")
	got := map[string]Output{}
	for _, o := range p.Outputs {
		got[o.Name] = o
	}
	if o := got["db_endpoint"]; o.Value.After != Unknown || !strings.Contains(o.Value.Before, "old123") {
		t.Errorf("db_endpoint = %+v", o)
	}
	if o := got["subnet_ids"]; o.Value.Path != "" || !reflect.DeepEqual(o.Actions, []string{"no-op"}) {
		t.Errorf("an unchanged output has a value change: %+v", o)
	}
}

func TestJoin(t *testing.T) {
	p := parse(t, "plan.json")
	static := []iac.Change{
		{Path: "envs/prod/main.tf", Address: "aws_instance.web", Type: "aws_instance", Kind: iac.Modified, Source: "static",
			Attributes: []iac.Attribute{
				{Path: "instance_type", Before: `"t3.large"`, After: "var.size", HasBefore: true, HasAfter: true, Source: "static"},
				{Path: "monitoring", Before: "false", After: "var.monitor", HasBefore: true, HasAfter: true, Source: "static"},
			}},
		{Path: "envs/prod/main.tf", Address: "aws_db_instance.orders", Type: "aws_db_instance", Kind: iac.Modified, Source: "static"},
		{Path: "modules/app/main.tf", Address: "aws_security_group.this", Type: "aws_security_group", Kind: iac.Added, Source: "static"},
		{Path: "modules/app/main.tf", Address: "aws_instance.this", Type: "aws_instance", Kind: iac.Modified, Source: "static"},
		{Path: "envs/prod/dns.tf", Address: "aws_route53_record.host", Type: "aws_route53_record", Kind: iac.Modified, Source: "static"},
		{Path: "envs/prod/iam.tf", Address: "aws_iam_role.thumbnailer", Type: "aws_iam_role", Kind: iac.Moved, From: "aws_iam_role.lambda", Source: "static"},
		{Path: "envs/prod/outputs.tf", Address: "output.db_endpoint", Type: "output", Kind: iac.Modified, Source: "static"},
	}
	before := append([]iac.Change(nil), static...)
	out := Join(static, p)
	if !reflect.DeepEqual(static, before) {
		t.Fatal("Join modified its input")
	}
	by := map[string]iac.Change{}
	for _, c := range out {
		by[c.Address] = c
	}
	check := func(addr string, actions []string, source string) iac.Change {
		t.Helper()
		c, ok := by[addr]
		if !ok {
			t.Fatalf("no change %s in %v", addr, out)
		}
		if !reflect.DeepEqual(c.Actions, actions) || c.Source != source {
			t.Errorf("%s: actions %v source %q; want %v %q", addr, c.Actions, c.Source, actions, source)
		}
		return c
	}
	web := check("aws_instance.web", []string{"update"}, "static")
	// The plan's concrete value replaces the static expression at the
	// same path; a static attribute the plan does not mention stays.
	wa := map[string]iac.Attribute{}
	for _, a := range web.Attributes {
		wa[a.Path] = a
	}
	if len(web.Attributes) != 4 || wa["instance_type"].Source != "plan" || wa["instance_type"].After != `"m6i.large"` ||
		wa["monitoring"].Source != "static" || wa["tags.Tier"].Source != "plan" {
		t.Errorf("aws_instance.web attributes %+v", web.Attributes)
	}
	db := check("aws_db_instance.orders", []string{"replace"}, "static")
	if len(db.Notes) != 1 || db.Notes[0] != "plan: aws_db_instance.orders is replaced because of availability_zone (replace_because_cannot_update)" {
		t.Errorf("db notes %q", db.Notes)
	}
	check("aws_security_group.this", []string{"create"}, "static")
	inst := check("aws_instance.this", []string{"update"}, "static")
	if len(inst.Attributes) == 0 || !strings.HasPrefix(inst.Attributes[0].Path, `["blue"]["a"].`) {
		t.Errorf("instance attributes are not prefixed by the instance key: %+v", inst.Attributes)
	}
	host := check("aws_route53_record.host", []string{"create", "delete"}, "static")
	if len(host.Notes) != 1 || !strings.Contains(host.Notes[0], "delete_because_count_index") {
		t.Errorf("host notes %q", host.Notes)
	}
	check("aws_iam_role.thumbnailer", []string{"no-op"}, "static")
	check("output.db_endpoint", []string{"update"}, "static")
	// Only in the plan: the deleted bucket, the task definition, the
	// SSM parameter, the user_data change and the new output.
	bucket := check("aws_s3_bucket.legacy_logs", []string{"delete"}, "plan")
	if bucket.Kind != iac.Removed || bucket.Path != "" {
		t.Errorf("plan-only bucket %+v", bucket)
	}
	if c := check("aws_ecs_task_definition.api", []string{"replace"}, "plan"); c.Kind != iac.Modified {
		t.Errorf("task definition kind %s", c.Kind)
	}
	if c := check("output.admin_token", []string{"create"}, "plan"); c.Kind != iac.Added || !c.Attributes[0].Sensitive {
		t.Errorf("admin_token %+v", c)
	}
	if _, ok := by["data.aws_ami.ubuntu"]; ok {
		t.Error("a data source read is listed as a change")
	}
}

func TestJoinPrefersDirectoryNamedLikeModule(t *testing.T) {
	p := &Plan{Resources: []Resource{{Address: "module.db.aws_db_instance.this", Static: "module.db.aws_db_instance.this",
		Local: "aws_db_instance.this", Module: "module.db", Actions: []string{"update"}}}}
	out := Join([]iac.Change{
		{Path: "modules/cache/main.tf", Address: "aws_db_instance.this"},
		{Path: "modules/db/main.tf", Address: "aws_db_instance.this"},
	}, p)
	if out[0].Actions != nil || !reflect.DeepEqual(out[1].Actions, []string{"update"}) {
		t.Errorf("got %+v", out)
	}
}

func TestJoinNil(t *testing.T) {
	in := []iac.Change{{Address: "a.b"}}
	if out := Join(in, nil); !reflect.DeepEqual(out, in) {
		t.Errorf("Join(nil plan) = %v", out)
	}
}
