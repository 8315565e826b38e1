package bench

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reef/gitops/gittest"
)

// BenchmarkReview500 is the target: `reef review` of one commit
// changing 500 IaC files (Terraform modules and environments, Kubernetes
// manifests, Helm values, GitHub Actions workflows, Compose files) must
// finish within a second. The files are well-formed, so every analyzer
// does its full work; `git diff --stat` of the same commit is the
// baseline the ratio is against.
func BenchmarkReview500(b *testing.B) {
	dir := iac500(b)
	reefArgs := []string{"review", "HEAD"}
	compare(b, dir, reefArgs, []string{"diff", "--stat", "HEAD~1", "HEAD"}, nil)
	checkUnder(b, dir, reefArgs, 1000)
}

// BenchmarkReviewMkrepo reviews the last 1,200 commits of mkrepo's
// 50,000-commit repository: 1,243 changed files, 504 of them IaC. mkrepo
// edits files line by line without regard to syntax, so many do not
// parse: this measures the engine and the fallback paths more than the
// analyzers.
func BenchmarkReviewMkrepo(b *testing.B) {
	reefArgs := []string{"review", "HEAD~1200..HEAD"}
	compare(b, big(b), reefArgs, []string{"diff", "--stat", "HEAD~1200", "HEAD"}, nil)
	checkUnder(b, big(b), reefArgs, 1000)
}

// checkUnder fails when the median of a few more runs is over limit ms.
func checkUnder(b *testing.B, dir string, args []string, limit float64) {
	bin := reef(b)
	var ms []float64
	for i := 0; i < 5; i++ {
		s := runOnce(b, dir, append([]string{bin}, args...), nil)
		ms = append(ms, float64(s.wall)/1e6)
	}
	if m := median(ms); m > limit {
		b.Errorf("reef %s took %.0f ms (median of 5), over the %.0f ms budget", strings.Join(args, " "), m, limit)
	}
}

// iac500 makes (once per run, in a temp dir) a repository whose last
// commit changes 500 IaC files.
func iac500(b *testing.B) string {
	r := gittest.New(b)
	rnd := rand.New(rand.NewSource(500))
	var files []iacFile
	for i := 0; i < 500; i++ {
		files = append(files, newIaCFile(rnd, i))
	}
	for _, f := range files {
		write(b, r.Path(f.path), f.before)
	}
	r.Commit("base")
	for _, f := range files {
		write(b, r.Path(f.path), f.after)
	}
	r.Commit("change 500 files")
	if n := strings.Count(r.Git("diff", "--name-only", "HEAD~1", "HEAD"), "\n"); n != 500 {
		b.Fatalf("the commit changes %d files", n)
	}
	return r.Dir
}

func write(b *testing.B, path, content string) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
}

type iacFile struct{ path, before, after string }

var benchEnvs = []string{"dev", "staging", "prod"}

// newIaCFile makes file i: 40% Terraform, 30% Kubernetes, 10% each Helm
// values, workflows and Compose; each with a realistic edit.
func newIaCFile(rnd *rand.Rand, i int) iacFile {
	env := benchEnvs[i%3]
	svc := fmt.Sprintf("svc%03d", i)
	switch k := i % 10; {
	case k < 4:
		return tfFile(rnd, env, svc)
	case k < 7:
		return k8sFile(rnd, env, svc)
	case k == 7:
		return helmFile(rnd, env, svc)
	case k == 8:
		return workflowFile(rnd, svc)
	}
	return composeFile(rnd, svc)
}

func tfFile(rnd *rand.Rand, env, svc string) iacFile {
	res := func(size, cidr, enc string) string {
		return fmt.Sprintf(`variable "instance_type" {
  type    = string
  default = "%[1]s"
}

locals {
  name = "%[2]s-%[3]s"
  tags = {
    service     = "%[2]s"
    environment = "%[3]s"
  }
}

resource "aws_security_group" "app" {
  name   = local.name
  vpc_id = var.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["%[4]s"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}

resource "aws_instance" "app" {
  ami                    = var.ami_id
  instance_type          = var.instance_type
  vpc_security_group_ids = [aws_security_group.app.id]
  monitoring             = true

  root_block_device {
    volume_size = %[6]d
    encrypted   = %[5]s
  }

  tags = local.tags
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.name}-logs"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`, size, svc, env, cidr, enc, 20+rnd.Intn(80))
	}
	sizes := []string{"t3.small", "t3.medium", "t3.large", "m6i.large"}
	before := res(sizes[rnd.Intn(2)], "10.0.0.0/8", "true")
	after := res(sizes[2+rnd.Intn(2)], []string{"10.0.0.0/8", "10.20.0.0/16", "0.0.0.0/0"}[rnd.Intn(3)], []string{"true", "true", "false"}[rnd.Intn(3)])
	return iacFile{path: fmt.Sprintf("infra/envs/%s/%s/main.tf", env, svc), before: before, after: after}
}

func k8sFile(rnd *rand.Rand, env, svc string) iacFile {
	doc := func(replicas int, tag, limits string) string {
		return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %[1]s
  namespace: %[2]s
  labels:
    app.kubernetes.io/name: %[1]s
spec:
  replicas: %[3]d
  selector:
    matchLabels:
      app.kubernetes.io/name: %[1]s
  template:
    metadata:
      labels:
        app.kubernetes.io/name: %[1]s
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      containers:
        - name: app
          image: registry.acme.io/%[1]s:%[4]s
          ports:
            - containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
%[5]s          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
---
apiVersion: v1
kind: Service
metadata:
  name: %[1]s
  namespace: %[2]s
spec:
  selector:
    app.kubernetes.io/name: %[1]s
  ports:
    - port: 80
      targetPort: 8080
`, svc, env, replicas, tag, limits)
	}
	limits := "            limits:\n              cpu: 500m\n              memory: 256Mi\n"
	before := doc(3, fmt.Sprintf("1.%d.0", rnd.Intn(9)), limits)
	after := doc([]int{3, 4, 1}[rnd.Intn(3)], []string{"1.9.1", "2.0.0", "latest"}[rnd.Intn(3)], []string{limits, ""}[rnd.Intn(2)])
	return iacFile{path: fmt.Sprintf("k8s/overlays/%s/%s/deployment.yaml", env, svc), before: before, after: after}
}

func helmFile(rnd *rand.Rand, env, svc string) iacFile {
	doc := func(replicas int, tag string) string {
		return fmt.Sprintf(`replicaCount: %d
image:
  repository: registry.acme.io/%s
  tag: "%s"
service:
  type: ClusterIP
  port: 8080
resources:
  limits:
    cpu: 500m
    memory: 512Mi
autoscaling:
  enabled: false
`, replicas, svc, tag)
	}
	return iacFile{path: fmt.Sprintf("charts/%s/values-%s.yaml", svc, env), before: doc(2, "3.1.0"), after: doc(2+rnd.Intn(3), "3.2.0")}
}

func workflowFile(rnd *rand.Rand, svc string) iacFile {
	doc := func(checkout, run string) string {
		return fmt.Sprintf(`name: %s
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: %s
      - name: Test
        run: %s
`, svc, checkout, run)
	}
	pinned := "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11"
	return iacFile{path: fmt.Sprintf(".github/workflows/%s.yml", svc), before: doc(pinned, "make test"),
		after: doc([]string{pinned, "actions/checkout@v4"}[rnd.Intn(2)], "make test lint")}
}

func composeFile(rnd *rand.Rand, svc string) iacFile {
	doc := func(tag string, port int) string {
		return fmt.Sprintf(`services:
  %s:
    image: registry.acme.io/%s:%s
    restart: unless-stopped
    ports:
      - "127.0.0.1:%d:8080"
    environment:
      - LOG_LEVEL=info
`, svc, svc, tag, port)
	}
	return iacFile{path: fmt.Sprintf("deploy/%s/docker-compose.yml", svc), before: doc("1.0.0", 8080), after: doc("1.1.0", 8000+rnd.Intn(999))}
}
