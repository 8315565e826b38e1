package iac

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ParseConfig reads a .reef/review.yaml:
//
//	disable: [tf-iam-wildcard]
//	severity:
//	  - rule: k8s-image-unpinned
//	    paths: ["envs/dev/**"]
//	    level: low            # low, medium, high, critical or off
//	environments:
//	  - pattern: "regions/*/prod/**"
//	    name: prod
//	  - pattern: "accounts/{env}/**"
//
// It validates loudly: every unknown key, unknown rule id (rules lists the
// valid ones; nil accepts any), bad severity and bad glob is a problem
// naming the file, the line and the key. What is valid still applies: an
// entry with a problem is dropped, the others are kept.
func ParseConfig(file string, data []byte, rules []RuleDoc) (Config, []ConfigProblem) {
	p := configParser{file: file, rules: map[string]bool{}}
	for _, r := range rules {
		p.rules[r.ID] = true
	}
	p.check = rules != nil
	var cfg Config
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.problem(yamlErrorLine(err), "", "not valid YAML (%s); the whole file is ignored", strings.TrimPrefix(err.Error(), "yaml: "))
		return cfg, p.problems
	}
	if len(doc.Content) == 0 {
		return cfg, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return cfg, nil
		}
		p.problem(root.Line, "", "the file must be a mapping with disable, severity and environments keys")
		return cfg, p.problems
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			p.problem(k.Line, k.Value, "given twice; the later one is used")
		}
		seen[k.Value] = true
		switch k.Value {
		case "disable":
			cfg.Disable = p.disable(v)
		case "severity":
			cfg.Severity = p.severities(v)
		case "environments":
			cfg.Environments = p.environments(v)
		default:
			p.problem(k.Line, k.Value, "unknown key (disable, severity and environments are known)")
		}
	}
	return cfg, p.problems
}

type configParser struct {
	file     string
	rules    map[string]bool
	check    bool
	problems []ConfigProblem
}

func (p *configParser) problem(line int, key, format string, a ...any) {
	p.problems = append(p.problems, ConfigProblem{File: p.file, Line: line, Key: key, Message: fmt.Sprintf(format, a...)})
}

// list returns a sequence's items; a single scalar counts as a list of
// one, so `paths: envs/dev/**` works as well as `paths: [envs/dev/**]`.
func (p *configParser) list(n *yaml.Node, key string) []*yaml.Node {
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil
	case n.Kind == yaml.ScalarNode:
		return []*yaml.Node{n}
	}
	p.problem(n.Line, key, "must be a list")
	return nil
}

// scalar returns a string value or reports what it is instead.
func (p *configParser) scalar(n *yaml.Node, key string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.problem(n.Line, key, "must be a string")
		return "", false
	}
	return n.Value, true
}

// rule checks a rule id.
func (p *configParser) rule(n *yaml.Node, key string) (string, bool) {
	id, ok := p.scalar(n, key)
	if !ok {
		return "", false
	}
	if p.check && !p.rules[id] {
		msg := fmt.Sprintf("unknown rule %q", id)
		if near := p.nearest(id); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		p.problem(n.Line, key, "%s; docs/rules.md lists the rules", msg)
		return "", false
	}
	return id, true
}

// nearest suggests a known rule id close to a misspelt one.
func (p *configParser) nearest(id string) string {
	ids := make([]string, 0, len(p.rules))
	for r := range p.rules {
		ids = append(ids, r)
	}
	sort.Strings(ids)
	best, bestD := "", 4
	for _, r := range ids {
		if d := editDistance(id, r); d < bestD {
			best, bestD = r, d
		}
	}
	return best
}

func (p *configParser) disable(n *yaml.Node) []string {
	var out []string
	for i, item := range p.list(n, "disable") {
		if id, ok := p.rule(item, fmt.Sprintf("disable[%d]", i)); ok {
			out = append(out, id)
		}
	}
	return out
}

// fields walks a mapping entry of a list, reporting unknown keys.
func (p *configParser) fields(n *yaml.Node, key string, known []string, f func(k string, v *yaml.Node)) bool {
	if n.Kind != yaml.MappingNode {
		p.problem(n.Line, key, "must be a mapping with %s", strings.Join(known, ", "))
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contains(known, k.Value) {
			p.problem(k.Line, key+"."+k.Value, "unknown key (%s are known)", strings.Join(known, ", "))
			continue
		}
		f(k.Value, v)
	}
	return true
}

func (p *configParser) severities(n *yaml.Node) []SeverityOverride {
	var out []SeverityOverride
	for i, item := range p.list(n, "severity") {
		key := fmt.Sprintf("severity[%d]", i)
		var o SeverityOverride
		ok, hasRule, hasLevel := true, false, false
		if !p.fields(item, key, []string{"rule", "paths", "level"}, func(k string, v *yaml.Node) {
			switch k {
			case "rule":
				id, good := p.rule(v, key+".rule")
				o.Rule, hasRule, ok = id, true, ok && good
			case "paths":
				for j, pn := range p.list(v, key+".paths") {
					pk := fmt.Sprintf("%s.paths[%d]", key, j)
					s, good := p.scalar(pn, pk)
					if good {
						if _, err := compileGlob(s, false); err != nil {
							p.problem(pn.Line, pk, "%v", err)
							good = false
						}
					}
					ok = ok && good
					o.Paths = append(o.Paths, s)
				}
			case "level":
				hasLevel = true
				s, good := p.scalar(v, key+".level")
				if !good {
					ok = false
					return
				}
				if strings.EqualFold(strings.TrimSpace(s), "off") {
					o.Off = true
					return
				}
				lvl, err := ParseSeverity(s)
				if err != nil {
					p.problem(v.Line, key+".level", "%q is not a severity (low, medium, high, critical, or off)", s)
					ok = false
				}
				o.Level = lvl
			}
		}) {
			continue
		}
		if !hasRule {
			p.problem(item.Line, key, "has no rule")
		}
		if !hasLevel {
			p.problem(item.Line, key, "has no level")
		}
		if ok && hasRule && hasLevel {
			out = append(out, o)
		}
	}
	return out
}

func (p *configParser) environments(n *yaml.Node) []EnvPattern {
	var out []EnvPattern
	for i, item := range p.list(n, "environments") {
		key := fmt.Sprintf("environments[%d]", i)
		var e EnvPattern
		ok := true
		var patLine int
		if !p.fields(item, key, []string{"pattern", "name"}, func(k string, v *yaml.Node) {
			s, good := p.scalar(v, key+"."+k)
			ok = ok && good
			switch k {
			case "pattern":
				e.Pattern, patLine = s, v.Line
			case "name":
				e.Name = s
				if good && (s == "" || strings.Contains(s, "/")) {
					p.problem(v.Line, key+".name", "%q is not an environment name", s)
					ok = false
				}
			}
		}) {
			continue
		}
		if e.Pattern == "" {
			p.problem(item.Line, key, "has no pattern")
			continue
		}
		g, err := compileGlob(e.Pattern, true)
		switch {
		case err != nil:
			p.problem(patLine, key+".pattern", "%v", err)
			ok = false
		case e.Name == "" && !g.captures:
			p.problem(patLine, key, "needs a name, or an {env} part in its pattern")
			ok = false
		}
		if ok {
			out = append(out, e)
		}
	}
	return out
}

// yamlErrorLine finds the line number in a yaml.v3 error ("yaml: line 3:
// ..."), 0 when there is none.
func yamlErrorLine(err error) int {
	m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
