package syntax

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestDetect(t *testing.T) {
	for path, want := range map[string]string{
		"main.tf":                              Terraform,
		"envs/prod/terraform.tfvars":           Terraform,
		"envs/prod/secrets.auto.tfvars":        Terraform,
		"modules/vpc/main.tf.json":             JSON,
		"prod.tfvars.json":                     JSON,
		"config.hcl":                           Terraform,
		"live/prod/terragrunt.hcl":             Terraform,
		".terraform.lock.hcl":                  Terraform,
		"terraform.tfstate":                    JSON,
		"k8s/deploy.yaml":                      YAML,
		".github/workflows/ci.yml":             YAML,
		"charts/web/templates/deployment.yaml": Helm,
		"charts/web/templates/sub/svc.yml":     Helm,
		"charts/web/templates/_helpers.tpl":    Helm,
		"helmfile.d/values.yaml.gotmpl":        Helm,
		"charts/web/values.yaml":               YAML,
		"templates.yaml":                       YAML,
		"package.json":                         JSON,
		"cmd/reef/main.go":                     Go,
		"scripts/deploy.sh":                    Shell,
		"bin/setup.bash":                       Shell,
		".envrc":                               Shell,
		"tools/gen.py":                         Python,
		"cookbooks/web/recipes/default.rb":     Ruby,
		"cookbooks/web/Berksfile":              Ruby,
		"Gemfile":                              Ruby,
		"Rakefile":                             Ruby,
		"web.gemspec":                          Ruby,
		"manifests/init.pp":                    Puppet,
		"Dockerfile":                           Docker,
		"images/api/Dockerfile.prod":           Docker,
		"api.dockerfile":                       Docker,
		"Containerfile":                        Docker,
		"README.md":                            Markdown,
		"docs/guide.markdown":                  Markdown,
		"LICENSE":                              "",
		"image.png":                            "",
		".tf":                                  "",
		"Makefile":                             "",
	} {
		if got := Detect(path); got != want {
			t.Errorf("Detect(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestLexersExist: every language the table names has a lexer.
func TestLexersExist(t *testing.T) {
	for _, lang := range []string{Terraform, YAML, Helm, GoTemplate, JSON, Go, Shell, Python, Ruby, Puppet, Docker, Markdown} {
		if lexerFor(lang) == nil {
			t.Errorf("no lexer for %q", lang)
		}
	}
	if lexerFor("nonesuch") != nil {
		t.Error("a made-up language has a lexer")
	}
}

// classAt is the class of the first occurrence of word in line n.
func classAt(t *testing.T, src string, lines [][]Span, n int, word string) Class {
	t.Helper()
	line := strings.Split(src, "\n")[n]
	at := strings.Index(line, word)
	if at < 0 {
		t.Fatalf("%q not in line %d %q", word, n, line)
	}
	if n >= len(lines) {
		return Plain
	}
	for _, s := range lines[n] {
		if s.Start <= at && at < s.End {
			return s.Class
		}
	}
	return Plain
}

func TestClasses(t *testing.T) {
	type check struct {
		line int
		word string
		want Class
	}
	for _, c := range []struct {
		path, src string
		checks    []check
	}{
		{"main.tf", "resource \"aws_instance\" \"web\" {\n  ami   = var.ami # pinned\n  count = 3\n}\n",
			[]check{{0, "resource", Keyword}, {0, "aws_instance", String}, {1, "ami", Name}, {1, "# pinned", Comment}, {2, "3", Number}, {1, "=", Plain}}},
		{"prod.tfvars", "region = \"eu-west-1\"\nreplicas = 2\n",
			[]check{{0, "region", Name}, {0, "eu-west-1", String}, {1, "2", Number}}},
		{"live/terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders()\n}\n",
			[]check{{0, "root", String}, {1, "path", Name}}},
		{"k8s/deploy.yaml", "apiVersion: apps/v1\nspec:\n  replicas: 3 # scale\n  paused: true\n",
			[]check{{0, "apiVersion", Name}, {2, "3", Number}, {2, "# scale", Comment}, {3, "true", Keyword}}},
		{"chart/templates/svc.yaml", "metadata:\n  name: {{ include \"web.fullname\" . }}\n  labels:\n    app: web\n",
			[]check{{0, "metadata", Name}, {1, "{{", Keyword}, {1, "\"web.fullname\"", String}, {3, "app", Name}}},
		{"x.json", "{\"a\": 1, \"b\": \"two\"}\n",
			[]check{{0, "\"a\"", Name}, {0, "1", Number}, {0, "\"two\"", String}}},
		{"m.go", "package main\n\n// hi\nfunc main() { x := \"s\"; _ = 42 }\n",
			[]check{{0, "package", Keyword}, {2, "// hi", Comment}, {3, "func", Keyword}, {3, "main", Function}, {3, "\"s\"", String}, {3, "42", Number}}},
		{"d.sh", "#!/bin/sh\nif [ -n \"$X\" ]; then echo 'hi'; fi # c\n",
			[]check{{1, "if", Keyword}, {1, "'hi'", String}, {1, "# c", Comment}}},
		{"g.py", "def f(x):\n    return 'y'  # c\n",
			[]check{{0, "def", Keyword}, {0, "f(", Function}, {1, "'y'", String}, {1, "# c", Comment}}},
		{"recipes/default.rb", "package 'nginx' do\n  action :install # c\nend\n",
			[]check{{0, "do", Keyword}, {0, "'nginx'", String}, {1, "# c", Comment}, {2, "end", Keyword}}},
		{"init.pp", "class nginx {\n  package { 'nginx': ensure => installed }\n}\n",
			[]check{{0, "class", Keyword}, {1, "'nginx'", String}, {1, "ensure", Name}}},
		{"Dockerfile", "FROM alpine:3.19\nRUN apk add curl\n",
			[]check{{0, "FROM", Keyword}, {1, "RUN", Keyword}}},
		{"README.md", "# Title\n\nSome `code`.\n",
			[]check{{0, "# Title", Keyword}, {2, "`code`", String}}},
	} {
		lines := File(context.Background(), c.path, []byte(c.src))
		if lines == nil {
			t.Errorf("%s: no colours", c.path)
			continue
		}
		for _, k := range c.checks {
			if got := classAt(t, c.src, lines, k.line, k.word); got != k.want {
				t.Errorf("%s line %d %q: %v, want %v (%v)", c.path, k.line, k.word, got, k.want, lines[k.line])
			}
		}
	}
}

// TestLinesAndOffsets: one entry per line, spans inside their line, CRLF
// and invalid UTF-8 keep byte offsets, no final newline is fine.
func TestLinesAndOffsets(t *testing.T) {
	src := "a = \"\xff\" # x\r\nb = 2\n\nc = 3"
	lines := Highlight(context.Background(), Terraform, []byte(src))
	text := strings.Split(src, "\n")
	if len(lines) != len(text) {
		t.Fatalf("%d lines, want %d", len(lines), len(text))
	}
	for i, spans := range lines {
		prev := 0
		for _, s := range spans {
			if s.Start < prev || s.End <= s.Start || s.End > len(text[i]) {
				t.Errorf("line %d: bad span %+v in %q", i, s, text[i])
			}
			prev = s.End
		}
	}
	if got := classAt(t, src, lines, 0, "# x"); got != Comment {
		t.Errorf("comment after invalid UTF-8: %v", got)
	}
	if got := classAt(t, src, lines, 3, "3"); got != Number {
		t.Errorf("last line without newline: %v", got)
	}
	if Highlight(context.Background(), "", []byte("x")) != nil || Highlight(context.Background(), Go, nil) != nil {
		t.Error("colours without a language or text")
	}
}

func TestHugeIsPlain(t *testing.T) {
	big := strings.Repeat("a = 1\n", MaxBytes/6+1)
	start := time.Now()
	if Highlight(context.Background(), Terraform, []byte(big)) != nil {
		t.Error("a text over MaxBytes was coloured")
	}
	if time.Since(start) > time.Second {
		t.Error("refusing a huge text took long")
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if Highlight(ctx, Terraform, []byte("a = 1\n")) != nil {
		t.Error("a cancelled context still coloured")
	}
}

func BenchmarkHighlightHCL(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 200_000; i++ {
		sb.WriteString("resource \"aws_instance\" \"web\" {\n  ami           = var.ami # pinned\n  instance_type = \"t3.micro\"\n  count         = 3\n  tags = {\n    Name = \"web-${var.env}\"\n  }\n}\n\n")
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Highlight(context.Background(), Terraform, src)
	}
}
