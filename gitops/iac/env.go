package iac

import (
	"context"
	"path"
	"strings"
)

// EnvPattern names the environment of the files a glob matches. The glob
// is anchored at the top of the repository and matches whole paths (`**`
// crosses directories, `*` and `?` stay within one); a `{env}` segment
// part captures the name instead of a fixed Name: "regions/*/{env}/**".
type EnvPattern struct {
	Pattern string
	Name    string
}

// Environments tells which environment a path belongs to: the configured
// patterns first, then the directory layouts every team uses (envs/prod,
// overlays/staging, live/prod, clusters/production...), then file names
// (prod.tfvars, values-prod.yaml). Names are kept as written (a directory
// called "production" is "production"); rules that treat production
// specially ask IsProd.
type Environments struct {
	custom []envMatcher
}

type envMatcher struct {
	g    *glob
	name string
}

// NewEnvironments compiles configured patterns (nil: the built-in layouts
// only). A pattern that does not compile is an error naming it.
func NewEnvironments(patterns []EnvPattern) (*Environments, error) {
	e := &Environments{}
	for _, p := range patterns {
		g, err := compileGlob(p.Pattern, true)
		if err != nil {
			return nil, err
		}
		if p.Name == "" && !g.captures {
			return nil, errorf("environment pattern %q has no name and no {env} part", p.Pattern)
		}
		e.custom = append(e.custom, envMatcher{g: g, name: p.Name})
	}
	return e, nil
}

// envDirs are directories whose children are environments.
func envDirs() []string {
	return []string{"envs", "env", "environments", "overlays", "live", "stages", "clusters"}
}

// knownEnvs are names that are an environment wherever they appear as a
// directory or in a file name; "test" is left out, as tests/ directories
// are everywhere.
func knownEnvs() []string {
	return []string{
		"prod", "production", "prd", "live",
		"staging", "stage", "stg", "preprod", "pre-prod", "uat", "qa",
		"dev", "development", "sandbox", "demo", "perf",
	}
}

// Of returns the environment of a repository path, or "".
func (e *Environments) Of(p string) string {
	if e != nil {
		for _, m := range e.custom {
			if env, ok := m.g.match(p); ok {
				if m.name != "" {
					return m.name
				}
				return env
			}
		}
	}
	parts := strings.Split(p, "/")
	dirs := parts[:len(parts)-1]
	for i, d := range dirs {
		if i+1 < len(dirs) && contains(envDirs(), d) {
			return dirs[i+1]
		}
	}
	for _, d := range dirs {
		if contains(knownEnvs(), strings.ToLower(d)) {
			return d
		}
	}
	return envOfFile(parts[len(parts)-1])
}

// envOfFile reads an environment from a file name: prod.tfvars,
// prod.auto.tfvars, terraform.prod.tfvars, values-prod.yaml,
// values.prod.yaml, prod.env. Only known names count, so terraform.tfvars
// or common.tfvars name none.
func envOfFile(name string) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	var cands []string
	switch strings.ToLower(ext) {
	case ".tfvars", ".env":
		stem = strings.TrimSuffix(stem, ".auto")
		cands = append(cands, stem)
		if i := strings.LastIndexAny(stem, ".-_"); i >= 0 {
			cands = append(cands, stem[i+1:])
		}
	case ".yaml", ".yml", ".json":
		for _, pre := range []string{"values-", "values.", "values_", "secrets-", "config-", "config."} {
			if rest, ok := strings.CutPrefix(stem, pre); ok {
				cands = append(cands, rest)
			}
		}
	}
	for _, c := range cands {
		if contains(knownEnvs(), strings.ToLower(c)) {
			return c
		}
	}
	return ""
}

// IsProd reports whether an environment name means production: prod,
// production, prd, live, and names built on them (prod-eu, us-production),
// but not pre-prod or non-prod.
func IsProd(env string) bool {
	env = strings.ToLower(env)
	prod := false
	for _, w := range strings.FieldsFunc(env, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		switch w {
		case "prod", "production", "prd", "live":
			prod = true
		case "pre", "non", "not":
			return false
		}
	}
	return prod
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// envKey carries a review's Environments to analyzers through the
// context, so rules such as k8s-replicas-reduced see the configured
// patterns without a field on Input.
type envKey struct{}

// WithEnvironments returns ctx carrying e.
func WithEnvironments(ctx context.Context, e *Environments) context.Context {
	return context.WithValue(ctx, envKey{}, e)
}

// EnvironmentOf returns the environment of path as the review running in
// ctx sees it (its configured patterns, else the built-in layouts).
// Analyzers call it for rules whose severity depends on the environment.
func EnvironmentOf(ctx context.Context, path string) string {
	e, _ := ctx.Value(envKey{}).(*Environments)
	return e.Of(path)
}
