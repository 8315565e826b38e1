package iac

import (
	"fmt"
	"strings"
	"testing"
)

func testRules() []RuleDoc {
	return []RuleDoc{{ID: "tf-open-ingress"}, {ID: "k8s-image-unpinned"}, {ID: SecretRule}}
}

func TestParseConfigValid(t *testing.T) {
	cfg, problems := ParseConfig(ConfigFile, []byte(`# review policy
disable: [tf-open-ingress]
severity:
  - rule: k8s-image-unpinned
    paths: ["envs/dev/**", "*.dev.yaml"]
    level: low
  - rule: secret-literal
    paths: test/fixtures/
    level: off
environments:
  - pattern: "regions/*/prod/**"
    name: prod
  - pattern: "accounts/{env}/**"
`), testRules())
	if len(problems) > 0 {
		t.Fatalf("problems: %v", problems)
	}
	got := fmt.Sprintf("%v %+v %+v", cfg.Disable, cfg.Severity, cfg.Environments)
	want := "[tf-open-ingress] [{Rule:k8s-image-unpinned Paths:[envs/dev/** *.dev.yaml] Level:low Off:false} {Rule:secret-literal Paths:[test/fixtures/] Level:severity(0) Off:true}] [{Pattern:regions/*/prod/** Name:prod} {Pattern:accounts/{env}/** Name:}]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, empty := range []string{"", "# nothing yet\n", "~\n"} {
		if _, problems := ParseConfig(ConfigFile, []byte(empty), testRules()); len(problems) > 0 {
			t.Errorf("%q: %v", empty, problems)
		}
	}
}

func TestParseConfigProblems(t *testing.T) {
	cfg, problems := ParseConfig(ConfigFile, []byte(`disable:
  - tf-open-ingres
  - secret-literal
severity:
  - rule: k8s-image-unpinned
    level: urgent
  - rule: nope
    level: high
  - rule: tf-open-ingress
    paths: ["envs/[dev/**"]
    level: high
  - rule: tf-open-ingress
    level: critical
    when: always
  - level: low
environments:
  - pattern: "regions/*/prod/**"
  - pattern: "x/**"
    name: ok
  - name: orphan
ignore: [everything]
disable: []
`), testRules())
	want := []string{
		".reef/review.yaml:2: disable[0]: unknown rule \"tf-open-ingres\" (did you mean tf-open-ingress?); docs/rules.md lists the rules",
		".reef/review.yaml:6: severity[0].level: \"urgent\" is not a severity (low, medium, high, critical, or off)",
		".reef/review.yaml:7: severity[1].rule: unknown rule \"nope\"; docs/rules.md lists the rules",
		".reef/review.yaml:10: severity[2].paths[0]: pattern \"envs/[dev/**\": unterminated [ class",
		".reef/review.yaml:14: severity[3].when: unknown key (rule, paths, level are known)",
		".reef/review.yaml:15: severity[4]: has no rule",
		".reef/review.yaml:17: environments[0]: needs a name, or an {env} part in its pattern",
		".reef/review.yaml:20: environments[2]: has no pattern",
		".reef/review.yaml:21: ignore: unknown key (disable, severity and environments are known)",
		".reef/review.yaml:22: disable: given twice; the later one is used",
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The valid parts still apply: the entry with an unknown key is kept
	// (the key is ignored), the ones with bad values are dropped.
	if len(cfg.Severity) != 1 || cfg.Severity[0].Level != Critical || len(cfg.Environments) != 1 || cfg.Environments[0].Name != "ok" {
		t.Errorf("valid parts: %+v", cfg)
	}
}

func TestParseConfigNotYAML(t *testing.T) {
	_, problems := ParseConfig(ConfigFile, []byte("disable: [a\nseverity: {\n"), testRules())
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "not valid YAML") || problems[0].Line == 0 {
		t.Errorf("problems %v", problems)
	}
	_, problems = ParseConfig(ConfigFile, []byte("- just\n- a list\n"), testRules())
	if len(problems) != 1 || problems[0].Error() != ".reef/review.yaml:1: the file must be a mapping with disable, severity and environments keys" {
		t.Errorf("problems %v", problems)
	}
	// aliases are no way around validation, nor a way to blow up
	_, problems = ParseConfig(ConfigFile, []byte("a: &a [x, x, x]\nb: &b [*a, *a, *a]\ndisable: *b\n"), testRules())
	if len(problems) == 0 {
		t.Error("an alias list of non-rules was accepted")
	}
}
