package iac

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fake is an analyzer for engine tests: it claims files by suffix and
// reports one change per file (and a finding when the new side says
// "RISK"); behave can make it panic, block or fail.
type fake struct {
	name   string
	suffix string
	calls  atomic.Int32
	behave func(ctx context.Context, in *Input, files []File) error
}

func (f *fake) Name() string { return f.name }

func (f *fake) Claims(path string, content []byte) bool { return strings.HasSuffix(path, f.suffix) }

func (f *fake) Rules() []RuleDoc {
	return []RuleDoc{{ID: f.name + "-risk", Severity: Medium}}
}

func (f *fake) Analyze(ctx context.Context, in *Input, files []File) (Result, error) {
	f.calls.Add(1)
	if f.behave != nil {
		if err := f.behave(ctx, in, files); err != nil {
			return Result{}, err
		}
	}
	var r Result
	for _, file := range files {
		r.Changes = append(r.Changes, Change{Path: file.Path, Address: f.name + "." + file.Path, Kind: Modified, Line: 1,
			Attributes: []Attribute{{Path: "body", Before: string(file.Before), After: string(file.After), HasBefore: file.Before != nil, HasAfter: file.After != nil}}})
		if strings.Contains(string(file.After), "RISK") {
			r.Findings = append(r.Findings, Finding{Rule: f.name + "-risk", Severity: Medium, State: Introduced, Path: file.Path, Line: 1, Address: f.name + "." + file.Path, Message: "risky."})
		}
	}
	return r, nil
}

func review(t *testing.T, in *Input, cfg Config, analyzers ...Analyzer) Result {
	t.Helper()
	r, err := Review(context.Background(), in, analyzers, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReviewClaimsFirstAnalyzerAndSorts(t *testing.T) {
	tf := &fake{name: "tf", suffix: ".tf"}
	any := &fake{name: "any", suffix: ""}
	in := &Input{Files: []File{
		{Path: "envs/prod/b.tf", Before: []byte("a"), After: []byte("RISK")},
		{Path: "envs/dev/a.tf", After: []byte("x")},
		{Path: "README.md", Before: []byte("r"), After: []byte("s")},
		{Path: "envs/prod/a.tf", Before: []byte("y"), After: []byte("z")},
	}}
	r := review(t, in, Config{}, tf, any)
	var got []string
	for _, c := range r.Changes {
		got = append(got, c.Environment+"|"+c.Address)
	}
	want := "|any.README.md dev|tf.envs/dev/a.tf prod|tf.envs/prod/a.tf prod|tf.envs/prod/b.tf"
	if strings.Join(got, " ") != want {
		t.Errorf("changes %v\nwant %s", got, want)
	}
	if len(r.Findings) != 1 || r.Findings[0].Environment != "prod" {
		t.Errorf("findings %+v", r.Findings)
	}
	// one run per directory: envs/dev, envs/prod
	if n := tf.calls.Load(); n != 2 {
		t.Errorf("tf ran %d times, want once per directory (2)", n)
	}
}

func TestReviewNotesForBrokenFiles(t *testing.T) {
	boom := &fake{name: "boom", suffix: ".yaml", behave: func(context.Context, *Input, []File) error { panic("nil map") }}
	hang := &fake{name: "hang", suffix: ".hcl", behave: func(ctx context.Context, _ *Input, _ []File) error {
		select {} // ignores its context: the engine must give up on it
	}}
	failing := &fake{name: "failing", suffix: ".json", behave: func(context.Context, *Input, []File) error { return fmt.Errorf("unexpected token") }}
	tf := &fake{name: "tf", suffix: ".tf"}
	in := &Input{Files: []File{
		{Path: "k8s/app.yaml", After: []byte("kind: Deployment\npassword: \"Zq8#rT2!vW9x\"\n")},
		{Path: "live/terragrunt.hcl", After: []byte("x")},
		{Path: "stack.json", After: []byte("{")},
		{Path: "big.tf", After: make([]byte, MaxFileBytes+1)},
		{Path: "bin.tf", Before: []byte("a"), After: []byte("a\x00b")},
		{Path: "image.png", After: []byte("\x89PNG\x00")},
		{Path: "ok.tf", After: []byte("fine")},
	}}
	start := time.Now()
	r := review(t, in, Config{Timeout: 200 * time.Millisecond}, boom, hang, failing, tf)
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
	notes := map[string]string{}
	for _, n := range r.Notes {
		notes[n.Path] = n.Message
	}
	for path, want := range map[string]string{
		"k8s/app.yaml":        "boom analyzer failed (panic: nil map at engine_test.go",
		"live/terragrunt.hcl": "gave up after 200ms",
		"stack.json":          "unexpected token",
		"big.tf":              "larger than 4 MiB",
		"bin.tf":              "binary",
	} {
		if !strings.Contains(notes[path], want) {
			t.Errorf("note for %s = %q, want %q", path, notes[path], want)
		}
	}
	if _, ok := notes["image.png"]; ok || len(notes) != 5 {
		t.Errorf("notes %v: an unclaimed binary needs no note", notes)
	}
	if len(r.Changes) != 1 || r.Changes[0].Path != "ok.tf" {
		t.Errorf("changes %+v", r.Changes)
	}
	// the secret scan still reads the file whose analyzer panicked
	if len(r.Findings) != 1 || r.Findings[0].Rule != SecretRule {
		t.Errorf("findings %+v", r.Findings)
	}
}

func TestReviewConfig(t *testing.T) {
	tf := &fake{name: "tf", suffix: ".tf"}
	in := &Input{Files: []File{
		{Path: "envs/prod/a.tf", After: []byte("RISK")},
		{Path: "envs/dev/a.tf", After: []byte("RISK")},
		{Path: "sandbox/a.tf", After: []byte("RISK")},
		{Path: "regions/eu/prod/a.tf", After: []byte("RISK")},
	}}
	cfg := Config{
		Severity: []SeverityOverride{
			{Rule: "tf-risk", Level: Critical},
			{Rule: "tf-risk", Paths: []string{"envs/dev/**"}, Level: Low},
			{Rule: "tf-risk", Paths: []string{"sandbox/"}, Off: true},
		},
		Environments: []EnvPattern{{Pattern: "regions/*/{env}/**"}},
	}
	r := review(t, in, cfg, tf)
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%s:%s:%s", f.Environment, f.Path, f.Severity))
	}
	want := "dev:envs/dev/a.tf:low prod:envs/prod/a.tf:critical prod:regions/eu/prod/a.tf:critical"
	if strings.Join(got, " ") != want {
		t.Errorf("findings %v\nwant %s", got, want)
	}
	r = review(t, in, Config{Disable: []string{"tf-risk"}}, tf)
	if len(r.Findings) != 0 {
		t.Errorf("disabled rule reported %+v", r.Findings)
	}
	if _, err := Review(context.Background(), in, []Analyzer{tf}, Config{Severity: []SeverityOverride{{Rule: "x", Paths: []string{"a/[b"}}}}); err == nil {
		t.Error("a bad glob in a Config made in code was accepted")
	}
}

func TestReviewCache(t *testing.T) {
	var dirReads atomic.Int32
	var mu sync.Mutex
	dirs := map[string]string{"m": "variable \"a\" {}"}
	tf := &fake{name: "tf", suffix: ".tf", behave: func(ctx context.Context, in *Input, files []File) error {
		_, err := in.Dir(ctx, After, "m")
		return err
	}}
	in := &Input{
		Files: []File{{Path: "m/main.tf", Before: []byte("a"), After: []byte("b")}},
		Dir: func(ctx context.Context, side Side, dir string) (map[string][]byte, error) {
			dirReads.Add(1)
			mu.Lock()
			defer mu.Unlock()
			return map[string][]byte{dir + "/variables.tf": []byte(dirs[dir])}, nil
		},
	}
	cache := NewCache(16)
	cfg := Config{Cache: cache}
	first := review(t, in, cfg, tf)
	second := review(t, in, cfg, tf)
	if tf.calls.Load() != 1 || cache.Len() != 1 {
		t.Errorf("analyzer ran %d times, cache holds %d", tf.calls.Load(), cache.Len())
	}
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Errorf("cached result differs:\n%+v\n%+v", first, second)
	}
	// A directory the analyzer read changed: the entry is stale.
	mu.Lock()
	dirs["m"] = "variable \"b\" {}"
	mu.Unlock()
	review(t, in, cfg, tf)
	if tf.calls.Load() != 2 {
		t.Errorf("stale entry used: %d runs", tf.calls.Load())
	}
	// A file's content changed: another key.
	in.Files[0].After = []byte("c")
	review(t, in, cfg, tf)
	if tf.calls.Load() != 3 {
		t.Errorf("changed file served from cache: %d runs", tf.calls.Load())
	}
	// Other environment patterns: another key (rules grade by them).
	review(t, in, Config{Cache: cache, Environments: []EnvPattern{{Pattern: "m/**", Name: "prod"}}}, tf)
	if tf.calls.Load() != 4 {
		t.Errorf("a result graded under other environments was reused: %d runs", tf.calls.Load())
	}
	review(t, in, cfg, tf)
	// DirID, when given, spares reading the directory to check it.
	reads := dirReads.Load()
	cfg.DirID = func(context.Context, Side, string) (string, bool) { return "tree 1", true }
	review(t, in, cfg, tf) // stores with the id
	review(t, in, cfg, tf) // checks by id
	if tf.calls.Load() != 5 || dirReads.Load() != reads+1 {
		t.Errorf("runs %d, directory reads %d (was %d)", tf.calls.Load(), dirReads.Load(), reads)
	}
}

func TestReviewCacheIsNotMutated(t *testing.T) {
	tf := &fake{name: "tf", suffix: ".tf"}
	secret := "AKIAZ7QWERTYUIOP4XYZ"
	in := &Input{Files: []File{{Path: "envs/prod/a.tf", Before: []byte("x"), After: []byte("access_key = \"" + secret + "\"\n")}}}
	cache := NewCache(4)
	r1 := review(t, in, Config{Cache: cache}, tf)
	r2 := review(t, in, Config{Cache: cache}, tf)
	for _, r := range []Result{r1, r2} {
		if a := r.Changes[0].Attributes[0]; strings.Contains(a.After, secret) || !strings.Contains(a.After, "********") {
			t.Errorf("attribute not redacted: %q", a.After)
		}
	}
	if tf.calls.Load() != 1 {
		t.Errorf("runs %d", tf.calls.Load())
	}
	// the cached raw result still holds the value: redaction copied
	cached, _ := cache.lookup(context.Background(), cacheKey(unit{a: tf, dir: "envs/prod", files: in.Files}, nil, nil), nil)
	if !strings.Contains(cached.Changes[0].Attributes[0].After, secret) {
		t.Error("redaction wrote into the cached result")
	}
}

func TestReviewContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tf := &fake{name: "tf", suffix: ".tf", behave: func(ctx context.Context, _ *Input, _ []File) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	}}
	_, err := Review(ctx, &Input{Files: []File{{Path: "a.tf", After: []byte("x")}}}, []Analyzer{tf}, Config{})
	if err == nil {
		t.Error("no error after the context ended")
	}
}

func TestReviewEnvironmentsReachAnalyzers(t *testing.T) {
	var seen string
	tf := &fake{name: "tf", suffix: ".tf", behave: func(ctx context.Context, _ *Input, files []File) error {
		seen = EnvironmentOf(ctx, files[0].Path)
		return nil
	}}
	review(t, &Input{Files: []File{{Path: "accounts/acme-prd/a.tf", After: []byte("x")}}},
		Config{Environments: []EnvPattern{{Pattern: "accounts/*-{env}/**"}}}, tf)
	if seen != "prd" || !IsProd(seen) {
		t.Errorf("analyzer saw environment %q", seen)
	}
}

func TestUnitsJoinDirectoriesOfRenames(t *testing.T) {
	files := []File{
		{Path: "a/x.tf", OldPath: "a/x.tf"},
		{Path: "b/y.tf", OldPath: "c/y.tf"}, // c → b: one run for both
		{Path: "c/z.tf", OldPath: "c/z.tf"},
		{Path: "d/w.tf"},
		{Path: "b/v.tf", OldPath: "b/v.tf"},
	}
	var got []string
	for _, g := range byDirectory(files) {
		var names []string
		for _, f := range g {
			names = append(names, f.Path)
		}
		got = append(got, strings.Join(names, ","))
	}
	if want := "a/x.tf | b/y.tf,c/z.tf,b/v.tf | d/w.tf"; strings.Join(got, " | ") != want {
		t.Errorf("runs %q, want %q", strings.Join(got, " | "), want)
	}
}
