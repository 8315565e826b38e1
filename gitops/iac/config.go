package iac

import (
	"context"
	"fmt"
	"time"
)

// ConfigFile is where a repository keeps its review configuration,
// relative to the top of the work tree.
const ConfigFile = ".reef/review.yaml"

// Config is how a review runs: what .reef/review.yaml says (rules to
// disable, severities to change per path, environment patterns) and, set
// by the caller, how the engine works.
type Config struct {
	// Disable lists rule ids that report nothing.
	Disable []string
	// Severity changes the severity of a rule's findings on some paths.
	// When several entries match a finding, the last one wins (as in
	// .gitattributes), so a file can state a default and then exceptions.
	Severity []SeverityOverride
	// Environments name environments by path, before the built-in
	// layouts.
	Environments []EnvPattern

	// Cache keeps analyzer results between reviews (nil: none).
	Cache *Cache
	// Workers bounds how many analyzer runs go at once (0: GOMAXPROCS).
	Workers int
	// Timeout bounds one analyzer run; a run that takes longer is given
	// up with a note, so a pathological file cannot hang a review (0:
	// DefaultTimeout).
	Timeout time.Duration
	// DirID, when set, fingerprints a directory on one side cheaply (a
	// tree id): the cache uses it to check that the directories an
	// analyzer read are unchanged. Without it the cache hashes their
	// contents.
	DirID func(ctx context.Context, side Side, dir string) (string, bool)
}

// DefaultTimeout bounds one analyzer run when Config.Timeout is zero.
const DefaultTimeout = 20 * time.Second

// SeverityOverride sets the severity of one rule on the paths its globs
// match (all paths when there are none), or turns it off there.
type SeverityOverride struct {
	Rule  string
	Paths []string
	Level Severity // ignored when Off
	Off   bool
}

// ConfigProblem is one thing wrong in a configuration file: reef reports
// it and goes on with the parts that are valid.
type ConfigProblem struct {
	File    string
	Line    int
	Key     string // "severity[1].level"
	Message string
}

func (p ConfigProblem) Error() string {
	loc := p.File
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Key == "" {
		return loc + ": " + p.Message
	}
	return fmt.Sprintf("%s: %s: %s", loc, p.Key, p.Message)
}

// compiled is a Config ready to apply to findings.
type compiled struct {
	disabled map[string]bool
	severity []compiledOverride
	envs     *Environments
}

type compiledOverride struct {
	SeverityOverride
	globs []*glob
}

// compile prepares cfg. ParseConfig has validated what came from a file;
// a Config built in code with a bad glob fails here.
func (cfg Config) compile() (*compiled, error) {
	c := &compiled{disabled: map[string]bool{}}
	for _, id := range cfg.Disable {
		c.disabled[id] = true
	}
	for _, o := range cfg.Severity {
		co := compiledOverride{SeverityOverride: o}
		for _, p := range o.Paths {
			g, err := compileGlob(p, false)
			if err != nil {
				return nil, fmt.Errorf("severity of %s: %w", o.Rule, err)
			}
			co.globs = append(co.globs, g)
		}
		c.severity = append(c.severity, co)
	}
	envs, err := NewEnvironments(cfg.Environments)
	if err != nil {
		return nil, err
	}
	c.envs = envs
	return c, nil
}

// apply filters and re-grades a finding; false drops it.
func (c *compiled) apply(f *Finding) bool {
	if c.disabled[f.Rule] {
		return false
	}
	keep := true
	for _, o := range c.severity {
		if o.Rule != f.Rule || !o.matches(f.Path) {
			continue
		}
		if o.Off {
			keep = false
			continue
		}
		keep, f.Severity = true, o.Level
	}
	return keep
}

func (o compiledOverride) matches(path string) bool {
	if len(o.globs) == 0 {
		return true
	}
	for _, g := range o.globs {
		if _, ok := g.match(path); ok {
			return true
		}
	}
	return false
}
